import type { EmulatorClock } from './emulator-clock.js'

/** The providers paymux emulates. */
export type EmulatorProvider = 'faststar' | 'fastaar' | 'paystar'

/**
 * One shape in all three emulators: `create<X>Emulator({ webhooks: { … } })`.
 * A provider may extend it (Paystar: secretIn, header, queryParameter, template).
 */
export interface EmulatorWebhookSettings {
  /**
   * The merchant's endpoint. Without it (and with no forward target) deliveries are built,
   * signed and recorded with state 'unsent'.
   */
  readonly url?: string
  /** Signing (FastStar, Fastaar) or shared (Paystar) secret. @default the provider's `<X>_EMULATOR_WEBHOOK_SECRET` */
  readonly secret?: string
  /** Native event types to send; absent or empty = all (FastStar's SUPPLEMENT: "empty = all"). Others are recorded with state 'filtered'. */
  readonly events?: readonly string[]
  /** Posts one attempt; always called as `fetch(request)`. @default globalThis.fetch */
  readonly fetch?: (request: Request) => Promise<Response>
  /** Pauses before each retry of a failed attempt, on the emulator clock. @default the provider's documented schedule (Fastaar 1m,5m,30m,2h,12h), else [] */
  readonly retryDelaysMs?: readonly number[]
  /** An attempt that takes longer (real time) fails with error 'timeout'. @default 10_000 */
  readonly timeoutMs?: number
  /** 'auto': the first attempt starts at once, retries when due; 'manual': nothing leaves until `deliverDue()`. @default 'auto' */
  readonly mode?: 'auto' | 'manual'
}

/** One POST of a delivery to one URL. */
export interface EmulatorDeliveryAttempt {
  /** When it started, on the emulator clock. */
  readonly at: number
  readonly url: string
  /** The endpoint answered 2xx. */
  readonly ok: boolean
  readonly status?: number
  /** Why it failed without an answer: 'timeout', 'fetch failed: ECONNREFUSED' … never a secret. */
  readonly error?: string
  /** Sent by `replay()`, outside the retry schedule. */
  readonly replay?: boolean
}

/**
 * 'unsent' (no target), 'filtered' (not in `events`), 'pending' (an attempt due or in flight),
 * 'delivered' (an attempt to the main url was 2xx), 'failed' (retry schedule exhausted).
 */
export type EmulatorDeliveryState = 'unsent' | 'filtered' | 'pending' | 'delivered' | 'failed'

/** One webhook event an emulator built, and what became of it. */
export interface EmulatorDelivery {
  /** Emulator-unique, `<provider>_<n>` (n from 1): what `paymux webhooks replay <id>` takes. */
  readonly id: string
  readonly provider: EmulatorProvider
  /** The native type: 'payment.succeeded' | 'payment.completed' | 'Payment.Succeeded' … */
  readonly event: string
  /** The provider's own event id where the body has one (FastStar evt_…); else undefined. */
  readonly eventId?: string
  readonly createdAt: number
  /** The body exactly as sent (never changes; replays send the same bytes). */
  readonly body: string
  /** The headers of the last attempt (or as built, if none); signatures are renewed per attempt. */
  readonly headers: Readonly<Record<string, string>>
  /** Where the last attempt went (or would go): the target URL, with Paystar's query secret if so configured. */
  readonly url: string
  readonly attempts: readonly EmulatorDeliveryAttempt[]
  readonly nextAttemptAt: number | undefined
  readonly state: EmulatorDeliveryState
  /** `{ rawBody, headers, url }` ready for `gateway.webhooks.verify(delivery.request)`. */
  readonly request: {
    readonly rawBody: string
    readonly headers: Readonly<Record<string, string>>
    readonly url: string
  }
}

/** The delivery side every emulator exposes as `emulator.webhooks`. */
export interface EmulatorWebhooks {
  /** Every delivery, in event order. */
  readonly deliveries: readonly EmulatorDelivery[]
  get(id: string): EmulatorDelivery | undefined
  /** The deliveries of one native event type, oldest first. */
  ofType(event: string): readonly EmulatorDelivery[]
  /** Sends every attempt due on the clock now (first attempts in 'manual' mode, retries); resolves when they end. */
  deliverDue(): Promise<readonly EmulatorDelivery[]>
  /** Resolves when no attempt is in flight. */
  settle(): Promise<void>
  /**
   * Sends the same body again (same event id), freshly signed, to `options.url` or the current
   * target; records an attempt with `replay: true`. Does not change retry scheduling.
   * An unknown id, or no url at all, rejects with a TypeError.
   */
  replay(id: string, options?: { readonly url?: string }): Promise<EmulatorDeliveryAttempt>
  /** Changes the endpoint at run time (undefined: record only). */
  setUrl(url: string | undefined): void
  /**
   * Adds an extra target every future attempt is also posted to (the CLI's `forward`); returns
   * the remover. Extra-target attempts are recorded too (their own `url`).
   */
  addTarget(url: string): () => void
  /** Each new delivery and each finished attempt; returns the unsubscribe. */
  subscribe(listener: (delivery: EmulatorDelivery) => void): () => void
}

/** Headers (and the URL, for Paystar's query secret) for one attempt at `now` (ms, emulator clock). */
export type WebhookSigner = (input: {
  readonly body: string
  readonly event: string
  readonly secret: string
  readonly url: string
  readonly now: number
}) => { readonly headers: Readonly<Record<string, string>>; readonly url?: string }

/** What `createWebhookOutbox` needs from an emulator. */
export interface WebhookOutboxOptions {
  readonly provider: EmulatorProvider
  readonly clock: EmulatorClock
  readonly settings: EmulatorWebhookSettings | undefined
  /** The provider's `<X>_EMULATOR_WEBHOOK_SECRET`, used when `settings.secret` is absent. */
  readonly defaultSecret: string
  /** The provider's documented retry schedule. @default [] */
  readonly defaultRetryDelaysMs?: readonly number[]
  readonly sign: WebhookSigner
}

/** The emulator's side of the outbox: `EmulatorWebhooks` plus what the emulator itself calls. */
export interface WebhookOutbox extends EmulatorWebhooks {
  /** The secret in use (settings.secret ?? defaultSecret). Not enumerable, so inspect output leaves it out. */
  readonly secret: string
  /** Records a delivery and, in 'auto' mode with a target, starts its first attempt at once (not awaited). */
  enqueue(event: string, body: string, options?: { readonly eventId?: string }): EmulatorDelivery
  /** Builds and signs a delivery at `clock.now()` without recording or sending it (its id is `<provider>_0`). */
  build(event: string, body: string, options?: { readonly eventId?: string }): EmulatorDelivery
  /** Stops the retry timer and clock subscription (an emulator's `stop()`). */
  stop(): void
}

// setTimeout takes at most a signed 32-bit delay; a longer wait is re-armed when it fires.
const MAX_TIMER_MS = 2 ** 31 - 1

/** Mutable inside the outbox; handed out through the readonly `EmulatorDelivery` type. */
interface DeliveryRecord {
  id: string
  provider: EmulatorProvider
  event: string
  eventId?: string
  createdAt: number
  body: string
  headers: Readonly<Record<string, string>>
  url: string
  attempts: EmulatorDeliveryAttempt[]
  nextAttemptAt: number | undefined
  state: EmulatorDeliveryState
  request: EmulatorDelivery['request']
  /** Retries already scheduled from `retryDelaysMs`. */
  retries: number
  inFlight: boolean
}

/**
 * The delivery machinery all three emulators share: records every event, signs each attempt
 * afresh, posts it to the merchant's endpoint (and any forward targets), retries failures on
 * the emulator clock, and never lets an endpoint's failure escape.
 */
export function createWebhookOutbox(options: WebhookOutboxOptions): WebhookOutbox {
  const { provider, clock, sign } = options
  const settings = options.settings ?? {}
  const secret = settings.secret ?? options.defaultSecret
  const retryDelays = settings.retryDelaysMs ?? options.defaultRetryDelaysMs ?? []
  const timeoutMs = settings.timeoutMs ?? 10_000
  const manual = settings.mode === 'manual'
  const send = settings.fetch ?? ((request: Request) => globalThis.fetch(request))
  const wanted =
    settings.events !== undefined && settings.events.length > 0 ? new Set(settings.events) : undefined
  checkSchedule(retryDelays, timeoutMs)

  let mainUrl = settings.url
  const extraTargets: string[] = []
  const records: DeliveryRecord[] = []
  const byId = new Map<string, DeliveryRecord>()
  const listeners = new Set<(delivery: EmulatorDelivery) => void>()
  const inFlight = new Set<Promise<void>>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  const notify = (record: DeliveryRecord) => {
    for (const listener of [...listeners]) {
      try {
        listener(record)
      } catch {
        // A subscriber's bug must not stop a delivery or the other subscribers.
      }
    }
  }

  function signed(event: string, body: string, url: string) {
    const result = sign({ body, event, secret, url, now: clock.now() })
    return { headers: { ...result.headers }, url: result.url ?? url }
  }

  function newRecord(n: number, event: string, body: string, eventId: string | undefined): DeliveryRecord {
    const { headers, url } = signed(event, body, mainUrl ?? '')
    const record: DeliveryRecord = {
      id: `${provider}_${n}`,
      provider,
      event,
      ...(eventId === undefined ? {} : { eventId }),
      createdAt: clock.now(),
      body,
      headers,
      url,
      attempts: [],
      nextAttemptAt: undefined,
      state: 'unsent',
      request: { rawBody: body, headers, url },
      retries: 0,
      inFlight: false,
    }
    return record
  }

  function hasTarget() {
    return mainUrl !== undefined || extraTargets.length > 0
  }

  /** One POST; every failure becomes a recorded attempt, never an exception. */
  async function post(record: DeliveryRecord, target: string, replay: boolean) {
    const at = clock.now()
    const { headers, url } = signed(record.event, record.body, target)
    const outcome = await attempt(send, url, headers, record.body, timeoutMs, secret)
    const result: EmulatorDeliveryAttempt = { at, url, ...outcome, ...(replay ? { replay: true } : {}) }
    return { result, headers, url }
  }

  /** One round: the main url (judges success) and every extra target, side by side. */
  async function round(record: DeliveryRecord) {
    const main = mainUrl
    const targets = [...(main === undefined ? [] : [main]), ...extraTargets]
    if (targets.length === 0) {
      // The endpoint was removed (setUrl(undefined)) while this waited.
      record.state = 'unsent'
      record.nextAttemptAt = undefined
      return
    }
    const results = await Promise.all(targets.map((target) => post(record, target, false)))
    for (const [index, { result, headers, url }] of results.entries()) {
      record.attempts.push(result)
      // Extra targets do not move the record's request: it stays the main endpoint's.
      if (main === undefined || index === 0) setRequest(record, headers, url)
    }
    // With no main url the forward targets stand in for it: any 2xx counts.
    const ok = main === undefined ? results.some(({ result }) => result.ok) : results[0]?.result.ok === true
    if (ok) {
      record.state = 'delivered'
      record.nextAttemptAt = undefined
    } else if (record.retries < retryDelays.length) {
      record.nextAttemptAt = clock.now() + (retryDelays[record.retries] ?? 0)
      record.retries++
    } else {
      record.state = 'failed'
      record.nextAttemptAt = undefined
    }
  }

  function setRequest(record: DeliveryRecord, headers: Readonly<Record<string, string>>, url: string) {
    record.headers = headers
    record.url = url
    record.request = { rawBody: record.body, headers, url }
  }

  function track(work: Promise<void>): Promise<void> {
    const tracked: Promise<void> = work.then(() => {
      inFlight.delete(tracked)
      if (!manual) startDue()
      arm()
    })
    inFlight.add(tracked)
    return tracked
  }

  function start(record: DeliveryRecord): Promise<void> {
    record.inFlight = true
    return track(
      round(record)
        .catch(() => {
          // round() catches per attempt; this guards a throwing signer so a record never sticks.
          record.state = 'failed'
          record.nextAttemptAt = undefined
        })
        .finally(() => {
          record.inFlight = false
          notify(record)
        }),
    )
  }

  function due(): DeliveryRecord[] {
    const now = clock.now()
    return records.filter(
      (record) =>
        record.state === 'pending' &&
        !record.inFlight &&
        record.nextAttemptAt !== undefined &&
        record.nextAttemptAt <= now,
    )
  }

  function startDue(): Array<{ record: DeliveryRecord; done: Promise<void> }> {
    if (stopped) return []
    return due().map((record) => ({ record, done: start(record) }))
  }

  /** One timer, to the earliest waiting retry (auto mode only). */
  function arm() {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    if (manual || stopped) return
    let earliest: number | undefined
    for (const record of records) {
      if (record.state !== 'pending' || record.inFlight || record.nextAttemptAt === undefined) continue
      if (earliest === undefined || record.nextAttemptAt < earliest) earliest = record.nextAttemptAt
    }
    if (earliest === undefined) return
    const armedAt = clock.now()
    const realArmedAt = Date.now()
    const delay = Math.min(Math.max(earliest - armedAt, 0), MAX_TIMER_MS)
    timer = setTimeout(() => {
      timer = undefined
      // A frozen clock did not move while real time did: wait for its onChange, do not spin.
      if (delay > 0 && clock.now() === armedAt && Date.now() - realArmedAt >= delay) return
      startDue()
      arm()
    }, delay)
    timer.unref?.()
  }

  const unsubscribeClock = clock.onChange(() => {
    // Started here, synchronously, so an emulator's `advance` can await `settle()` right after.
    if (!manual) startDue()
    arm()
  })

  const outbox: WebhookOutbox = {
    secret,
    get deliveries() {
      return records
    },
    get: (id) => byId.get(id),
    ofType: (event) => records.filter((record) => record.event === event),
    enqueue(event, body, enqueueOptions = {}) {
      const record = newRecord(records.length + 1, event, body, enqueueOptions.eventId)
      records.push(record)
      byId.set(record.id, record)
      if (wanted !== undefined && !wanted.has(event)) record.state = 'filtered'
      else if (hasTarget()) {
        record.state = 'pending'
        record.nextAttemptAt = record.createdAt
      }
      notify(record)
      if (record.state === 'pending' && !manual && !stopped) start(record)
      return record
    },
    build(event, body, buildOptions = {}) {
      return newRecord(0, event, body, buildOptions.eventId)
    },
    async deliverDue() {
      const started = startDue()
      await Promise.all(started.map(({ done }) => done))
      return started.map(({ record }) => record)
    },
    async settle() {
      while (inFlight.size > 0) await Promise.all([...inFlight])
    },
    async replay(id, replayOptions = {}) {
      const record = byId.get(id)
      if (record === undefined) throw new TypeError(`No webhook delivery with id ${JSON.stringify(id)}`)
      const target = replayOptions.url ?? mainUrl ?? extraTargets[0]
      if (target === undefined)
        throw new TypeError(`replay(${JSON.stringify(id)}) needs a url: none is configured or given`)
      const work = post(record, target, true).then(({ result, headers, url }) => {
        record.attempts.push(result)
        setRequest(record, headers, url)
        notify(record)
        return result
      })
      // Tracked so settle() waits for it; a throwing signer rejects this call only.
      await track(work.then(noop, noop))
      return work
    },
    setUrl(url) {
      mainUrl = url
    },
    addTarget(url) {
      extraTargets.push(url)
      return () => {
        const index = extraTargets.indexOf(url)
        if (index >= 0) extraTargets.splice(index, 1)
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    stop() {
      stopped = true
      unsubscribeClock()
      arm()
    },
  }
  // The secret stays readable but out of util.inspect, console.log and JSON.stringify.
  Object.defineProperty(outbox, 'secret', { value: secret, enumerable: false })
  return outbox
}

const noop = () => undefined

function checkSchedule(retryDelays: readonly number[], timeoutMs: number) {
  for (const [index, delay] of retryDelays.entries()) {
    if (!Number.isFinite(delay) || delay < 0)
      throw new RangeError(
        `webhooks.retryDelaysMs[${index}] must be a non-negative number of ms, got ${delay}`,
      )
  }
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new RangeError(`webhooks.timeoutMs must be a positive number of ms, got ${timeoutMs}`)
}

type AttemptOutcome = Pick<EmulatorDeliveryAttempt, 'ok' | 'status' | 'error'>

async function attempt(
  send: (request: Request) => Promise<Response>,
  url: string,
  headers: Readonly<Record<string, string>>,
  body: string,
  timeoutMs: number,
  secret: string,
): Promise<AttemptOutcome> {
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
  })
  try {
    // Built inside the try: a malformed url is a failed attempt, not an exception.
    const request = new Request(url, { method: 'POST', headers, body, signal: controller.signal })
    const response = await Promise.race([send(request), timedOut])
    if (response === 'timeout') {
      controller.abort()
      return { ok: false, error: 'timeout' }
    }
    // The body is not needed; cancel it so the connection is freed.
    await response.body?.cancel().catch(() => undefined)
    return { ok: response.status >= 200 && response.status < 300, status: response.status }
  } catch (error) {
    return { ok: false, error: describeError(error, secret) }
  } finally {
    clearTimeout(timer)
  }
}

/** 'fetch failed: ECONNREFUSED': the message and the cause's code, with the secret cut out. */
function describeError(error: unknown, secret: string): string {
  const message = error instanceof Error ? error.message : String(error)
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined
  const code = typeof cause?.code === 'string' ? cause.code : undefined
  const text = code === undefined ? message : `${message}: ${code}`
  return secret === '' ? text : text.split(secret).join('[redacted]')
}

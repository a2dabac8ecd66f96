import {
  type FieldIssue,
  InvalidRequestError,
  PaymentError,
  WebhookVerificationError,
} from '../errors/index.js'
import type { AnyGateway, WebhookRequest, WebhooksFacet } from '../model/gateway.js'
import { operationRow } from '../model/operations.js'
import type { ProviderId } from '../model/ref.js'
import type { WebhookEvent } from '../model/webhook-event.js'
import { throwIfInvalid, wholeNumber } from '../validation/settings.js'
import type { WebhookEventStore } from './event-store.js'
import { type RouterEvent, withResultRefs } from './router-facets.js'

/**
 * What `claim()` found: `'claimed'` (yours to handle: then call `complete()`,
 * or `release()` if handling failed), `'in_progress'` (another delivery of it
 * is being handled right now), `'handled'` (a redelivery of an event already
 * handled).
 */
export type WebhookClaim = 'claimed' | 'in_progress' | 'handled'

/**
 * The router's `webhooks`: deliveries from any of its gateways (ids `P`), and
 * a guard against handling one twice.
 * @default P = ProviderId, any gateway
 */
export interface RouterWebhooksFacet<P extends ProviderId = ProviderId> {
  /**
   * Verifies a delivery from any configured gateway and normalizes it. The
   * gateway is told apart by its signature header (`recognizes`), or named by
   * `provider` (say, from the URL path the delivery arrived on, which is the
   * surest). Ids in the event's `data` are refs, like everything the router
   * returns. Throws `WebhookVerificationError`.
   */
  verify(request: WebhookRequest, options?: { readonly provider?: P }): Promise<RouterEvent<P>>
  /**
   * Claims an event before your code handles it, so that two deliveries of it
   * never run your code at once and a handled event is not handled again.
   * Pass the event (its `ref` is the key, unique across gateways) or a key of
   * your own. The claim lasts `claimTtlMs`, so a claim left behind by a
   * crash, or by a `release()` the store failed, expires on its own: the
   * event is then handled by a later redelivery, never lost.
   */
  claim(event: WebhookEvent | string): Promise<WebhookClaim>
  /** After your code handled a claimed event: remembers it as handled for `ttlMs` and ends the claim. */
  complete(event: WebhookEvent | string): Promise<void>
  /** After your code failed on a claimed event: ends the claim, so its redelivery is handled again. */
  release(event: WebhookEvent | string): Promise<void>
  /**
   * The one-step form: records the event and tells whether it had been
   * recorded before (`true` means a redelivery you already handled). It marks
   * the event handled *before* your code runs, so when your code fails you
   * must `forget()` it, and if that fails too the event counts as handled for
   * `ttlMs`. Prefer `claim()`, which cannot lose an event that way.
   */
  seen(event: WebhookEvent | string): Promise<boolean>
  /** Undoes `seen()`, so the event's redelivery is handled again. */
  forget(event: WebhookEvent | string): Promise<void>
}

/** The router's `webhooks` option: where handled events are remembered, and for how long. */
export interface RouterWebhooksOptions {
  /** Where events are recorded (`add` and `delete`, see `WebhookEventStore`). @default an in-memory store */
  readonly store?: WebhookEventStore
  /**
   * How long a handled event is remembered, in ms: a whole number from 1 to
   * 315_360_000_000 (10 years). @default 259_200_000 (72 hours, longer than providers redeliver)
   */
  readonly ttlMs?: number
  /**
   * How long a delivery being handled holds its event, in ms: copies of it
   * arriving meanwhile are answered "in progress", and a claim that could not
   * be released expires after this. Longer than your `onEvent` ever takes,
   * and at least 4 × `storeTimeoutMs`; at most 86_400_000 (a day). @default 300_000 (5 minutes)
   */
  readonly claimTtlMs?: number
  /**
   * How long one call to the store may take, in ms, before it counts as
   * failed (a store that never answers must not hold a delivery open): a
   * whole number from 1 to 2_147_483_647. @default 5_000
   */
  readonly storeTimeoutMs?: number
}

const VERIFY = operationRow('webhooks.verify')

/** The default of `ttlMs`: 72 hours. */
export const DEFAULT_WEBHOOK_TTL_MS = 72 * 60 * 60 * 1000
const MAX_TTL_MS = 10 * 365 * 24 * 60 * 60 * 1000
const DEFAULT_CLAIM_TTL_MS = 5 * 60 * 1000
const MAX_CLAIM_TTL_MS = 24 * 60 * 60 * 1000
const DEFAULT_STORE_TIMEOUT_MS = 5_000
/** The longest delay `setTimeout` honours; a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647

/** Builds the router's `webhooks`. Throws `InvalidRequestError` (`invalid_settings`) for a bad setting. */
export function createRouterWebhooks(options: {
  readonly gateways: ReadonlyMap<ProviderId, AnyGateway>
  /** The router's `webhooks` option, as the user gave it (checked here). */
  readonly settings: RouterWebhooksOptions | undefined
  /** The store to use: the user's, or the router's in-memory default. */
  readonly store: WebhookEventStore
}): RouterWebhooksFacet {
  const settings = checkWebhookSettings(options.settings, options.store)
  const receivers = [...options.gateways.values()].filter(
    (gateway): gateway is AnyGateway & { webhooks: WebhooksFacet } =>
      gateway.capabilities.operations.includes('webhooks.verify') && gateway.webhooks?.verify !== undefined,
  )
  const store = guardStore(options.store, settings.storeTimeoutMs)
  const keyOf = (event: WebhookEvent | string) => (typeof event === 'string' ? event : event.ref)
  // The claim lives under its own key; the event's own key (the one `seen()` uses) means
  // "handled" once `complete()` wrote it for `ttlMs`. `claim()` can only test that key by
  // adding it, so it adds it for half the claim's time: if that probe cannot be deleted
  // it expires while the claim still holds, and is never mistaken for a handled event.
  const claimKeyOf = (event: WebhookEvent | string) => `claim#${keyOf(event)}`
  const probeTtlMs = Math.floor(settings.claimTtlMs / 2)

  return {
    async verify(request, verifyOptions) {
      const receiver = receiverFor(receivers, request, verifyOptions?.provider)
      const event = await receiver.webhooks.verify(request)
      // withResultRefs made the ids the registry names into refs: what RouterEvent says.
      return withResultRefs(event, VERIFY, receiver.id) as RouterEvent
    },
    async claim(event) {
      const claimKey = claimKeyOf(event)
      if (!(await store.add(claimKey, settings.claimTtlMs))) return 'in_progress'
      let isNew: boolean
      try {
        isNew = await store.add(keyOf(event), probeTtlMs)
      } catch (error) {
        await store.delete(claimKey).catch(() => undefined) // else it expires: a delay, not a loss
        throw error
      }
      if (isNew) return 'claimed'
      // Handled before. A claim left behind only answers copies "in progress" until it expires.
      await store.delete(claimKey).catch(() => undefined)
      return 'handled'
    },
    async complete(event) {
      await store.delete(keyOf(event))
      await store.add(keyOf(event), settings.ttlMs)
      // Only now: while the claim holds, no copy can slip in between the two calls above.
      await store.delete(claimKeyOf(event))
    },
    async release(event) {
      // The probe first: if deleting it fails, the claim stays and outlives it.
      await store.delete(keyOf(event))
      await store.delete(claimKeyOf(event))
    },
    async seen(event) {
      return !(await store.add(keyOf(event), settings.ttlMs))
    },
    async forget(event) {
      await store.delete(keyOf(event))
    },
  }
}

function receiverFor(
  receivers: readonly (AnyGateway & { webhooks: WebhooksFacet })[],
  request: WebhookRequest,
  provider: ProviderId | undefined,
) {
  if (provider !== undefined) {
    const named = receivers.find((gateway) => gateway.id === provider)
    if (named !== undefined) return named
    throw new WebhookVerificationError({
      provider: 'paymux',
      reason: 'unrecognized_delivery',
      message: `provider "${provider}" is not a gateway of this router that receives webhooks (${ids(receivers)}).`,
    })
  }
  const matches = receivers.filter((gateway) => gateway.webhooks.recognizes?.(request) === true)
  const [only, ...others] = matches
  if (only !== undefined && others.length === 0) return only
  throw new WebhookVerificationError({
    provider: 'paymux',
    reason: matches.length === 0 ? 'unrecognized_delivery' : 'ambiguous_delivery',
    message:
      matches.length === 0
        ? `No gateway of this router (${ids(receivers)}) recognizes this delivery by its headers: pass the raw headers as received, or name the gateway with { provider }.`
        : `This delivery looks like one of ${ids(matches)}: name the gateway with { provider }.`,
  })
}

/**
 * The store as the facet uses it: every call bounded by `timeoutMs`, a
 * synchronous throw turned into a rejection, and an `add` that resolves to
 * anything but a boolean refused (a Redis `'OK'` or a row count passed
 * through as is would otherwise read as "seen" and drop every event).
 */
function guardStore(store: WebhookEventStore, timeoutMs: number): WebhookEventStore {
  return {
    async add(key, ttlMs) {
      const added: unknown = await withTimeout('add', timeoutMs, () => store.add(key, ttlMs))
      if (typeof added === 'boolean') return added
      throw new PaymentError({
        provider: 'paymux',
        code: 'store_invalid_answer',
        message: `webhook event store: add() resolved to ${describeValue(added)}, not a boolean (true: the key is new, false: it was there already).`,
        retryable: false,
      })
    },
    async delete(key) {
      await withTimeout('delete', timeoutMs, () => store.delete(key))
    },
  }
}

function withTimeout<T>(operation: string, timeoutMs: number, call: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(
        new PaymentError({
          provider: 'paymux',
          code: 'store_timeout',
          message: `webhook event store: ${operation}() did not settle within ${timeoutMs} ms (webhooks.storeTimeoutMs).`,
          retryable: true,
        }),
      )
    }, timeoutMs)
  })
  const settled = new Promise<T>((resolve) => resolve(call()))
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer))
}

const SETTING_KEYS: readonly string[] = ['store', 'ttlMs', 'claimTtlMs', 'storeTimeoutMs']

function checkWebhookSettings(given: RouterWebhooksOptions | undefined, store: WebhookEventStore) {
  const issues: FieldIssue[] = []
  const options: RouterWebhooksOptions = typeof given === 'object' && given !== null ? given : {}
  if (given !== undefined && options !== given) {
    issues.push({ path: 'webhooks', message: `must be an object of settings, got ${describeValue(given)}` })
  }
  for (const key of Object.keys(options).filter((name) => !SETTING_KEYS.includes(name))) {
    // A misspelt `ttlMS` silently ignored would be a setting the user believes in and does not have.
    issues.push({
      path: `webhooks.${/^[\w$-]{1,64}$/.test(key) ? key : describeValue(key)}`,
      message: `unknown key; expected one of: ${SETTING_KEYS.join(', ')}`,
    })
  }
  const settings = {
    ttlMs: wholeNumber(issues, 'webhooks.ttlMs', options.ttlMs, DEFAULT_WEBHOOK_TTL_MS, 1, MAX_TTL_MS),
    claimTtlMs: wholeNumber(
      issues,
      'webhooks.claimTtlMs',
      options.claimTtlMs,
      DEFAULT_CLAIM_TTL_MS,
      2,
      MAX_CLAIM_TTL_MS,
    ),
    storeTimeoutMs: wholeNumber(
      issues,
      'webhooks.storeTimeoutMs',
      options.storeTimeoutMs,
      DEFAULT_STORE_TIMEOUT_MS,
      1,
      MAX_TIMER_MS,
    ),
  }
  if (issues.length === 0 && settings.claimTtlMs < 4 * settings.storeTimeoutMs) {
    // The probe (half the claim) must expire before the claim, even after a slow store call.
    issues.push({
      path: 'webhooks.claimTtlMs',
      message: `must be at least 4 × webhooks.storeTimeoutMs (${4 * settings.storeTimeoutMs}), got ${settings.claimTtlMs}`,
    })
  }
  const shape = store as Partial<WebhookEventStore> | null | undefined
  if (typeof shape?.add !== 'function' || typeof shape.delete !== 'function') {
    issues.push({ path: 'webhooks.store', message: 'must have add(key, ttlMs) and delete(key) methods' })
  }
  throwIfInvalid('router settings', issues)
  return settings
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object'
  return String(value)
}

function ids(gateways: readonly AnyGateway[]): string {
  return gateways.map((gateway) => gateway.id).join(', ')
}

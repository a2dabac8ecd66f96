import { CliUsageError } from './cli-io.js'

/** The three emulators, in port order: FastStar on the port base, Fastaar on +1, Paystar on +2. */
export const PROVIDERS = ['faststar', 'fastaar', 'paystar'] as const

/** One of the emulators `paymux` serves. */
export type Provider = (typeof PROVIDERS)[number]

/** What `GET /__paymux/info` answers (the fields the commands read). */
export interface EmulatorInfo {
  readonly provider: Provider
  readonly url: string
  readonly baseUrl: string
  readonly port: number
  readonly triggers: readonly string[]
}

/** A delivery as the control routes show it (no headers, URL query values redacted). */
export interface DeliveryView {
  readonly id: string
  readonly provider: Provider
  readonly event: string
  readonly eventId?: string
  readonly createdAt: number
  readonly state: string
  readonly url: string
  readonly body: string
  readonly attempts: readonly AttemptView[]
}

/** One attempt as the control routes show it; `ms` where the route measured it. */
export interface AttemptView {
  readonly url: string
  readonly ok: boolean
  readonly status?: number
  readonly error?: string
  readonly replay?: boolean
}

/** Talks to the `/__paymux/*` routes of a running `paymux emulate` on 127.0.0.1. */
export interface ControlClient {
  readonly portBase: number
  /** The emulators that answer (only `providers`, when given); none → a CliUsageError saying how to start one. */
  reachable(providers?: readonly Provider[]): Promise<readonly EmulatorInfo[]>
  /** A JSON control call; a 4xx answer → CliUsageError with the route's message, 5xx → Error. */
  call<T>(provider: Provider, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>
  /** Opens a control route that answers Server-Sent Events; calls `onEvent` for each until it ends. */
  stream(
    provider: Provider,
    path: string,
    body: unknown,
    signal: AbortSignal,
    onEvent: (event: string, data: Record<string, unknown>) => void,
  ): Promise<void>
}

/** Where the client looks, and what it sends with. */
export interface ControlClientOptions {
  /** FastStar's port; Fastaar +1, Paystar +2. */
  readonly portBase: number
  /** Cancels pending calls (Ctrl-C). */
  readonly signal?: AbortSignal
  /** @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch
}

const CONTROL_HEADERS = { 'x-paymux-control': '1', 'content-type': 'application/json' }

/** A client for the emulators served from `portBase`. */
export function createControlClient(options: ControlClientOptions): ControlClient {
  const fetch = options.fetch ?? globalThis.fetch
  const portOf = (provider: Provider) => options.portBase + PROVIDERS.indexOf(provider)
  const urlOf = (provider: Provider, path: string) => `http://127.0.0.1:${portOf(provider)}/__paymux${path}`
  const withSignal = (signal?: AbortSignal) => (signal === undefined ? {} : { signal })

  async function probe(provider: Provider): Promise<EmulatorInfo | undefined> {
    try {
      const timeout = AbortSignal.timeout(3_000)
      const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal])
      const response = await fetch(urlOf(provider, '/info'), { signal })
      if (!response.ok) return undefined
      const info = (await response.json()) as Partial<EmulatorInfo>
      // Another program on the port, or another emulator than the layout expects: not ours to drive.
      return info.provider === provider ? (info as EmulatorInfo) : undefined
    } catch {
      return undefined
    }
  }

  return {
    portBase: options.portBase,
    async reachable(providers = PROVIDERS) {
      const infos = await Promise.all(providers.map(probe))
      const found = infos.filter((info) => info !== undefined)
      if (found.length > 0) return found
      const ports = providers.map(portOf)
      const where = ports.length === 1 ? `127.0.0.1:${ports[0]}` : `127.0.0.1:${ports[0]}–${ports.at(-1)}`
      const which = providers.length === 1 ? ` ${providers[0]}` : ''
      throw new CliUsageError(
        `no paymux emulate${which} on ${where}; start one with \`paymux emulate${which}\`` +
          (options.portBase === 4010 ? '' : ` --port-base ${options.portBase}`),
      )
    },
    async call(provider, method, path, body) {
      const response = await fetch(urlOf(provider, path), {
        method,
        headers: CONTROL_HEADERS,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...withSignal(options.signal),
      })
      const answer = (await response.json().catch(() => ({}))) as { error?: string }
      if (response.ok) return answer as never
      const message = `${provider}: ${answer.error ?? `HTTP ${response.status}`}`
      if (response.status < 500) throw new CliUsageError(message)
      throw new Error(message)
    },
    async stream(provider, path, body, signal, onEvent) {
      const response = await fetch(urlOf(provider, path), {
        method: 'POST',
        headers: CONTROL_HEADERS,
        body: JSON.stringify(body),
        signal,
      })
      if (!response.ok || response.body === null) {
        const answer = (await response.json().catch(() => ({}))) as { error?: string }
        throw new CliUsageError(`${provider}: ${answer.error ?? `HTTP ${response.status}`}`)
      }
      await readEventStream(response.body, onEvent)
    },
  }
}

/** Parses `event: …\ndata: …\n\n` blocks until the stream ends. */
async function readEventStream(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: string, data: Record<string, unknown>) => void,
): Promise<void> {
  const decoder = new TextDecoder()
  let buffer = ''
  const reader = body.getReader()
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return
    buffer += decoder.decode(value, { stream: true })
    let end = buffer.indexOf('\n\n')
    while (end !== -1) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const event = /^event: (.*)$/m.exec(block)?.[1]
      const data = /^data: (.*)$/m.exec(block)?.[1]
      if (event !== undefined && data !== undefined)
        onEvent(event, JSON.parse(data) as Record<string, unknown>)
      end = buffer.indexOf('\n\n')
    }
  }
}

/** A Web-standard request handler: what every paymux emulator is. */
export type FetchHandler = (request: Request) => Promise<Response>

/** A failure an emulator can be told to produce. */
export type Fault =
  /** Answer with this status (and body, headers) instead of handling the request. */
  | {
      readonly type: 'status'
      readonly status: number
      readonly body?: string | object
      readonly headers?: Readonly<Record<string, string>>
    }
  /** Wait `ms`, then handle the request normally (a slow provider; a client timeout). */
  | { readonly type: 'delay'; readonly ms: number }
  /**
   * Reset the connection: `'before'` the handler runs (nothing happened), or
   * `'after'` it acted (state changed, the answer is lost): the case that
   * tests whether a retry can create a second payment.
   */
  | { readonly type: 'drop'; readonly when: 'before' | 'after' }

/** Queues faults for the next requests an emulator receives. */
export interface FaultInjector {
  /** The next `count` requests (that `match`, if given) fail with `fault`. @default count 1 */
  inject(
    fault: Fault,
    options?: { readonly count?: number; readonly match?: (request: Request) => boolean },
  ): void
  /** Forgets every queued fault. */
  clear(): void
  /** How many fault applications are still queued. */
  readonly pending: number
  /** Wraps a handler so that queued faults apply to it. */
  wrap(handler: FetchHandler): FetchHandler
}

/**
 * Thrown by a faulty handler to mean "the connection was reset".
 * `serveFetchHandler` destroys the socket; `asFetch` rejects the way undici does.
 */
export class ConnectionDroppedError extends Error {
  constructor() {
    super('The emulator dropped the connection (fault injection)')
    this.name = 'ConnectionDroppedError'
  }
}

interface Queued {
  readonly fault: Fault
  remaining: number
  readonly match: ((request: Request) => boolean) | undefined
}

/** Creates a fault queue for an emulator. */
export function createFaultInjector(): FaultInjector {
  const queue: Queued[] = []

  function take(request: Request): Fault | undefined {
    const index = queue.findIndex((entry) => entry.match === undefined || entry.match(request))
    const entry = queue[index]
    if (entry === undefined) return undefined
    entry.remaining--
    if (entry.remaining === 0) queue.splice(index, 1)
    return entry.fault
  }

  return {
    inject(fault, options = {}) {
      const count = options.count ?? 1
      if (!Number.isSafeInteger(count) || count < 1)
        throw new RangeError(`count must be a whole number ≥ 1, got ${count}`)
      queue.push({ fault, remaining: count, match: options.match })
    },
    clear() {
      queue.length = 0
    },
    get pending() {
      return queue.reduce((sum, entry) => sum + entry.remaining, 0)
    },
    wrap(handler) {
      return async (request) => {
        const fault = take(request)
        if (fault === undefined) return handler(request)
        switch (fault.type) {
          case 'status':
            return faultResponse(fault)
          case 'delay':
            await new Promise((resolve) => setTimeout(resolve, fault.ms))
            return handler(request)
          case 'drop':
            if (fault.when === 'after') await handler(request)
            throw new ConnectionDroppedError()
        }
      }
    },
  }
}

function faultResponse(fault: Extract<Fault, { type: 'status' }>): Response {
  const headers = new Headers(fault.headers)
  if (fault.body === undefined) return new Response(null, { status: fault.status, headers })
  if (typeof fault.body === 'string') {
    if (!headers.has('content-type')) headers.set('content-type', 'text/plain; charset=utf-8')
    return new Response(fault.body, { status: fault.status, headers })
  }
  if (!headers.has('content-type')) headers.set('content-type', 'application/json')
  return new Response(JSON.stringify(fault.body), { status: fault.status, headers })
}

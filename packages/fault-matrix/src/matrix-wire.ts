import { asFetch, type FetchHandler } from '@paymux/core/emulator'
import type { SocketFaultId } from './matrix-types.js'

/** What a gateway under test is given to reach its emulator, spread into its settings. */
export type Connection = { readonly fetch: typeof globalThis.fetch } | { readonly baseUrl: string }

/** A request that reached the other origin a redirect pointed at. */
export interface RecordedRequest {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
}

/** Misbehaviour at the socket level, which only a wire with a real server in front of the emulator has. */
export interface SocketControls {
  /** The next `count` requests meet `fault`; `'every'`: every request from now on. */
  damage(fault: SocketFaultId, count: number | 'every'): void
  /** Every request that reached the other origin a redirect points at (with its headers). */
  elsewhere(): readonly RecordedRequest[]
  /** The method of every request the front received, in order. */
  methods(): readonly string[]
}

/**
 * The path a gateway under test talks to its emulator through. It sits
 * outside the emulator's own fault injector and adds what a cell needs on top:
 * it counts the requests that reach the provider, knows which handler runs
 * are still going (a timed-out attempt goes on acting after the client gave
 * up), and can damage the next answer after the emulator acted on the request.
 */
export interface MatrixWire {
  /** How a gateway reaches the emulator through this wire; `apiPath` is where the API lives on the host. */
  connection(apiPath: string): Connection
  /** Requests that reached the provider through this wire, the faulted ones included. */
  requestCount(): number
  /** Resolves once every request the wire received has been handled, even those the client gave up on. */
  settle(): Promise<void>
  /** The next 2xx JSON answer loses the field at `path` (`data.id`, `data.0.id`); a problem if it had none. */
  dropFieldFromNextAnswer(path: string): void
  /** Set when the cell did not test what it says (a field to drop was not there, the client kept a socket open). */
  readonly problem: string | undefined
  /** Socket-level faults; only a loopback wire has them. */
  readonly sockets: SocketControls | undefined
  /** Stops the wire's servers, if it has any, and drops their connections. */
  close(): Promise<void>
}

/** The emulator's handler with what every wire shares: run tracking, the field to drop, problems found. */
export interface AnswerDesk {
  /** Runs the emulator's handler on `request`, and damages the answer if told to. */
  handle(request: Request): Promise<Response>
  /** Keeps `work` (an answer still being written, say) in what {@link settle} waits for. */
  track(work: Promise<unknown>): void
  settle(): Promise<void>
  dropFieldFromNextAnswer(path: string): void
  report(problem: string): void
  readonly problem: string | undefined
}

/** Wraps an emulator's handler (faults and request records included) in an {@link AnswerDesk}. */
export function createAnswerDesk(handler: FetchHandler): AnswerDesk {
  const inflight = new Set<Promise<unknown>>()
  let dropPath: string | undefined
  let problem: string | undefined

  const desk: AnswerDesk = {
    track(work) {
      inflight.add(work)
      const forget = () => inflight.delete(work)
      work.then(forget, forget)
    },
    async handle(request) {
      const handling = handler(request)
      desk.track(handling)
      const response = await handling
      if (dropPath === undefined || !response.ok) return response
      const path = dropPath
      dropPath = undefined
      const body: unknown = await response.json()
      if (!deleteAt(body, path))
        desk.report(`the answer has no field ${path} to drop: ${JSON.stringify(body)}`)
      const headers = new Headers(response.headers)
      headers.delete('content-length')
      return new Response(JSON.stringify(body), { status: response.status, headers })
    },
    async settle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight])
    },
    dropFieldFromNextAnswer(path) {
      dropPath = path
    },
    report(found) {
      problem ??= found
    },
    get problem() {
      return problem
    },
  }
  return desk
}

/** The in-process wire: the emulator's handler as the gateway's `fetch`, with no socket anywhere. */
export function createMatrixWire(handler: FetchHandler): MatrixWire {
  const desk = createAnswerDesk(handler)
  let received = 0
  const fetch = asFetch((request) => {
    received++
    return desk.handle(request)
  })
  return {
    // The gateway keeps its documented base URL: the in-process fetch answers for any host.
    connection: () => ({ fetch }),
    requestCount: () => received,
    settle: desk.settle,
    dropFieldFromNextAnswer: desk.dropFieldFromNextAnswer,
    get problem() {
      return desk.problem
    },
    sockets: undefined,
    close: async () => undefined,
  }
}

// Deletes the field at a dotted path (array indexes are keys too); false when there was none.
function deleteAt(body: unknown, path: string): boolean {
  const keys = path.split('.')
  const last = keys.pop()
  let parent: unknown = body
  for (const key of keys) parent = isObject(parent) ? (parent as Record<string, unknown>)[key] : undefined
  if (last === undefined || !isObject(parent) || !(last in parent)) return false
  delete (parent as Record<string, unknown>)[last]
  return true
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null
}

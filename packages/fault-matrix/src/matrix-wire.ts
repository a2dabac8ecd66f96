import { asFetch, type FetchHandler } from '@paymux/core/emulator'

/**
 * The `fetch` a gateway under test talks to its emulator through. It sits
 * outside the emulator's own fault injector and adds what a cell needs on top:
 * it knows which handler runs are still going (a timed-out attempt goes on
 * acting after the client gave up), and it can damage the next answer after
 * the emulator acted on the request.
 */
export interface MatrixWire {
  readonly fetch: typeof globalThis.fetch
  /** Resolves once every request the emulator received has been handled, even those the client gave up on. */
  settle(): Promise<void>
  /** The next 2xx JSON answer loses the field at `path` (`data.id`, `data.0.id`); throws if it had none. */
  dropFieldFromNextAnswer(path: string): void
  /** Set when a field to drop was not in the answer: the cell did not test what it says. */
  readonly problem: string | undefined
}

/** Wraps an emulator's handler (faults and request records included) in a {@link MatrixWire}. */
export function createMatrixWire(handler: FetchHandler): MatrixWire {
  const inflight = new Set<Promise<unknown>>()
  let dropPath: string | undefined
  let problem: string | undefined

  const tracked: FetchHandler = async (request) => {
    const handling = handler(request)
    inflight.add(handling)
    const forget = () => inflight.delete(handling)
    handling.then(forget, forget)
    const response = await handling
    if (dropPath === undefined || !response.ok) return response
    const path = dropPath
    dropPath = undefined
    const body: unknown = await response.json()
    if (!deleteAt(body, path)) problem = `the answer has no field ${path} to drop: ${JSON.stringify(body)}`
    const headers = new Headers(response.headers)
    headers.delete('content-length')
    return new Response(JSON.stringify(body), { status: response.status, headers })
  }

  return {
    fetch: asFetch(tracked),
    get problem() {
      return problem
    },
    async settle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight])
    },
    dropFieldFromNextAnswer(path) {
      dropPath = path
    },
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

/** Rejection of {@link readBody} when the body did not arrive within its time. */
export const BODY_TIMEOUT = Symbol('paymux.bodyTimeout')

/** Rejection of {@link readBody} when the body is longer than the limit; the transport turns it into an error. */
export class BodyTooLarge {
  constructor(
    /** The limit, in bytes. */
    readonly limit: number,
    /** What `Content-Length` announced, when that alone was over the limit. */
    readonly announced: number | undefined,
  ) {}
}

const decoder = new TextDecoder()

/**
 * Reads an answer's body as UTF-8 text (as `response.text()` does), counting
 * bytes as they arrive. A `Content-Length` over `maxBytes` is refused before
 * anything is read; a body that grows past it, once it does. Past the limit,
 * or after `remainingMs`, the stream is cancelled, so the connection is closed
 * instead of downloading on in the background.
 */
export async function readBody(response: Response, remainingMs: number, maxBytes: number): Promise<string> {
  const { body } = response
  const announced = contentLength(response.headers)
  if (announced !== undefined && announced > maxBytes) {
    cancel(body)
    throw new BodyTooLarge(maxBytes, announced)
  }
  if (body === null) return ''
  if (remainingMs <= 0) {
    cancel(body)
    throw BODY_TIMEOUT
  }
  const reader = body.getReader()
  let timedOut = false
  // Cancelling ends a pending read (done: true) and tells fetch to drop the connection.
  const timer = setTimeout(() => {
    timedOut = true
    reader.cancel().catch(() => undefined)
  }, remainingMs)
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (timedOut) throw BODY_TIMEOUT
      if (done) break
      size += value.byteLength
      if (size > maxBytes) {
        reader.cancel().catch(() => undefined)
        throw new BodyTooLarge(maxBytes, undefined)
      }
      chunks.push(value)
    }
  } catch (error) {
    throw timedOut ? BODY_TIMEOUT : error
  } finally {
    clearTimeout(timer)
  }
  const [only] = chunks
  return decoder.decode(chunks.length === 1 && only !== undefined ? only : concat(chunks, size))
}

function contentLength(headers: Headers): number | undefined {
  const value = headers.get('content-length')
  return value !== null && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined
}

function cancel(body: ReadableStream<Uint8Array> | null): void {
  body?.cancel().catch(() => undefined)
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const all = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    all.set(chunk, offset)
    offset += chunk.byteLength
  }
  return all
}

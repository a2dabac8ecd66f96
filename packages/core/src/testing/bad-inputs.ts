import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { isPaymentError, type PaymentError } from '../errors/payment-error.js'

// Bad-input corpora and helpers shared by every gateway's input tests, so
// each gateway refuses the same inputs. Plain TypeScript: no vitest, no zod,
// so the lists also serve a fuzzer or another test runner.

/**
 * The ids every adapter must refuse before they reach a URL path, as
 * `[name, id]`: a blank id, a dot segment, a character the URL parser would
 * act on, whitespace at either end, control characters, a lone surrogate, and
 * non-strings. Each would reach another endpoint, split the path or be encoded
 * twice once in a URL (see `pathIdProblem`).
 */
export const BAD_PATH_IDS: readonly (readonly [name: string, id: unknown])[] = [
  ['empty', ''],
  ['blank', '  '],
  ['the dot segment .', '.'],
  ['the dot segment ..', '..'],
  ['a slash', 'id/1'],
  ['a climb out', '../x'],
  ['a backslash', '..\\x'],
  ['a query', 'id_1?expand=all'],
  ['a fragment', 'id_1#x'],
  ['a pre-encoded id', 'id%5F1'],
  ['a leading space', ' id_1'],
  ['a trailing newline', 'id_1\n'],
  ['an embedded newline', 'id\n1'],
  ['a NUL', 'id\u00001'],
  ['a DEL', 'id\u007f1'],
  ['a C1 control', 'id\u00851'],
  ['a lone surrogate', 'id_1\ud800'],
  ['a number', 42],
  ['undefined', undefined],
]

/**
 * The URLs every adapter must refuse where it takes a redirect URL, as
 * `[name, url]`: whitespace a URL parser would quietly trim, and control
 * characters it would strip or percent-encode (a CR LF is a header injection).
 */
export const BAD_URLS: readonly (readonly [name: string, url: string])[] = [
  ['a leading space', ' https://shop.example/thanks'],
  ['a trailing space', 'https://shop.example/thanks '],
  ['a trailing newline', 'https://shop.example/thanks\n'],
  ['an embedded newline', 'https://shop.exa\nmple/thanks'],
  ['an embedded CR LF', 'https://shop.example/thanks\r\nSet-Cookie: a=b'],
  ['a tab', 'https://shop.example/\tthanks'],
  ['a NUL', 'https://shop.example/\u0000thanks'],
]

/**
 * Resolves to the `InvalidRequestError` that `promise` rejects with. Throws
 * an `Error` when `promise` resolves, and rethrows any other rejection as it
 * is, so a test sees the real failure rather than a failed type check.
 */
export async function invalidRequestOf(promise: Promise<unknown>): Promise<InvalidRequestError> {
  const reason = await rejectionOf(promise, 'an InvalidRequestError')
  if (!InvalidRequestError.isInstance(reason)) throw reason
  return reason
}

/**
 * Resolves to the paymux error (any class) that `promise` rejects with.
 * Throws an `Error` when `promise` resolves, and rethrows any other rejection
 * as it is.
 */
export async function paymentErrorOf(promise: Promise<unknown>): Promise<PaymentError> {
  const reason = await rejectionOf(promise, 'a PaymentError')
  if (!isPaymentError(reason)) throw reason
  return reason
}

async function rejectionOf(promise: Promise<unknown>, expected: string): Promise<unknown> {
  const outcome = await promise.then(
    () => ({ rejected: false as const }),
    (reason: unknown) => ({ rejected: true as const, reason }),
  )
  if (!outcome.rejected) throw new Error(`expected ${expected}, but the call succeeded`)
  return outcome.reason
}

/** A `fetch` that records each request's URL in `calls` and answers 500 with `{}`. */
export interface RecordingFetch {
  readonly calls: string[]
  readonly fetch: typeof globalThis.fetch
}

/**
 * A `fetch` to hand a gateway, recording the URL of every request it is
 * given; `calls` stays `[]` when local validation sent nothing. It answers
 * 500, so a request that does get through never looks like a success.
 */
export function recordingFetch(): RecordingFetch {
  const calls: string[] = []
  const fetch: typeof globalThis.fetch = async (input) => {
    calls.push(input instanceof Request ? input.url : String(input))
    return new Response('{}', { status: 500 })
  }
  return { calls, fetch }
}

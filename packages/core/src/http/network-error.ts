import type { RequestOutcome } from '../errors/payment-error.js'

// Failures that happen before a single byte of the request can have left:
// nobody at the provider saw it, so no payment can exist because of it.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])

/** The system error code behind a failed `fetch` (`ECONNREFUSED`, `ECONNRESET`, …), if any. */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') return code
    const errors = (current as { errors?: unknown }).errors
    // Node reports a refused dual-stack connection as an AggregateError of per-address errors.
    if (Array.isArray(errors) && errors.length > 0) current = errors[0]
    else current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/**
 * Whether a request that failed without a response can have reached the
 * provider. Only failures that provably happen before sending are
 * `'not_sent'`; everything else (a reset, a socket closed mid-way, an
 * unfamiliar error from a custom `fetch`) is `'unknown'`.
 */
export function outcomeOfNetworkError(code: string | undefined): RequestOutcome {
  return code !== undefined && NOT_SENT_CODES.has(code) ? 'not_sent' : 'unknown'
}

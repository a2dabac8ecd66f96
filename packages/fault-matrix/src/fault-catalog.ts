import type { FaultInjector } from '@paymux/core/emulator'
import type { FaultId, MatrixRow, Outcome } from './matrix-types.js'
import type { MatrixWire } from './matrix-wire.js'

/** `maxRetries` of every gateway under test: the documented default. */
export const MAX_RETRIES = 2
/** Backoff of every gateway under test: real retries, without real waiting. */
export const FAST_BACKOFF = { initialDelayMs: 1, maxDelayMs: 2 } as const
/** The client's per-attempt limit in the timeout column. */
export const SHORT_TIMEOUT_MS = 60
/** How late the emulator answers (and acts) in the timeout column: well after the client gave up. */
export const LATE_BY_MS = 150
/** The client's per-attempt limit in every other column: never reached. */
export const NORMAL_TIMEOUT_MS = 10_000
/** The `Retry-After` of the 429 column, in seconds. The wait is real in the client, on fake timers in the test. */
export const RETRY_AFTER_SECONDS = 1

/** Where a fault is put: the emulator's own injector, or the wire in front of it. */
export interface FaultTarget {
  readonly faults: FaultInjector
  readonly wire: MatrixWire
  readonly missingField: string
  readonly failureFlagBody: object
}

/** One column of the matrix. */
export interface FaultCase {
  readonly id: FaultId
  /** The column heading. */
  readonly heading: string
  /** What happens on the wire, for the legend. */
  readonly description: string
  inject(target: FaultTarget): void
}

const HTML_PAGE =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>'

/** Every fault, in column order. */
export const FAULTS: readonly FaultCase[] = [
  {
    id: '500',
    heading: '500',
    description: `every attempt answers HTTP 500 (${1 + MAX_RETRIES} in a row: all that \`maxRetries: ${MAX_RETRIES}\` allows)`,
    inject: ({ faults }) =>
      faults.inject(
        { type: 'status', status: 500, body: { success: false, message: 'Internal server error' } },
        { count: 1 + MAX_RETRIES },
      ),
  },
  {
    id: '502',
    heading: '502 (HTML)',
    description: `every attempt answers HTTP 502 with a proxy's HTML page (${1 + MAX_RETRIES} in a row)`,
    inject: ({ faults }) =>
      faults.inject(
        { type: 'status', status: 502, body: HTML_PAGE, headers: { 'content-type': 'text/html' } },
        { count: 1 + MAX_RETRIES },
      ),
  },
  {
    id: '503-then-ok',
    heading: '503 → ok',
    description: 'the first attempt answers HTTP 503, the next ones are handled normally',
    inject: ({ faults }) => faults.inject({ type: 'status', status: 503, body: { message: 'Maintenance' } }),
  },
  {
    id: '429-then-ok',
    heading: '429 → ok',
    description: `the first attempt answers HTTP 429 with \`Retry-After: ${RETRY_AFTER_SECONDS}\`; a retry must wait exactly that long`,
    inject: ({ faults }) =>
      faults.inject({
        type: 'status',
        status: 429,
        body: { message: 'Too many requests' },
        headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
      }),
  },
  {
    id: 'timeout-then-ok',
    heading: 'timeout → ok',
    description: `the first attempt is handled ${LATE_BY_MS} ms late, after the client's ${SHORT_TIMEOUT_MS} ms \`timeoutMs\`: the emulator acts, nobody reads the answer`,
    inject: ({ faults }) => faults.inject({ type: 'delay', ms: LATE_BY_MS }),
  },
  {
    id: 'reset-before',
    heading: 'reset before',
    description:
      'the connection of the first attempt is reset before the emulator handles it (nothing happened)',
    inject: ({ faults }) => faults.inject({ type: 'drop', when: 'before' }),
  },
  {
    id: 'reset-after',
    heading: 'reset after',
    description:
      'the emulator handles the first attempt (it acted), then the connection is reset: the answer is lost',
    inject: ({ faults }) => faults.inject({ type: 'drop', when: 'after' }),
  },
  {
    id: 'html',
    heading: '200 HTML',
    description: 'HTTP 200 with an HTML page instead of JSON (a captive portal, a misconfigured `baseUrl`)',
    inject: ({ faults }) =>
      faults.inject({
        type: 'status',
        status: 200,
        body: '<!DOCTYPE html><html><body>Welcome</body></html>',
        headers: { 'content-type': 'text/html' },
      }),
  },
  {
    id: 'invalid-json',
    heading: '200 bad JSON',
    description: 'HTTP 200 with a body cut off in the middle of the JSON',
    inject: ({ faults }) =>
      faults.inject({
        type: 'status',
        status: 200,
        body: '{"success": true, "data": {"id": "x"',
        headers: { 'content-type': 'application/json' },
      }),
  },
  {
    id: 'missing-field',
    heading: '200 field missing',
    description:
      'the emulator handles the request (it acted), then a field the answer must carry is taken out (listed under each table)',
    inject: ({ wire, missingField }) => wire.dropFieldFromNextAnswer(missingField),
  },
  {
    id: 'failure-flag',
    heading: '200 failure flag',
    description:
      "HTTP 200 whose body says it failed: FastStar's and Fastaar's `success: false`, Paystar's `hasErrors: true`",
    inject: ({ faults, failureFlagBody }) =>
      faults.inject({ type: 'status', status: 200, body: failureFlagBody }),
  },
]

/**
 * What a cell must show, from the row's retry policy alone (the gateway's
 * documented retry table), unless the row states a documented exception.
 * A `'safe'` call is retried on 5xx, 429, timeouts and resets up to
 * `maxRetries` times; a `'never'` call is sent exactly once. Nothing is
 * retried after an answer that is not as documented.
 */
export function expectedOutcome(row: MatrixRow, fault: FaultId): Outcome {
  const exception = row.exceptions?.[fault]
  if (exception !== undefined) return exception.outcome
  const safe = row.retry === 'safe'
  // A repeat of a non-idempotent create makes a second record; the ledger says whether that can happen.
  const repeats = row.ledger?.idempotent === true ? 1 : 2
  const [result, requests, created] = ((): [Outcome['result'], number, number] => {
    switch (fault) {
      case '500':
      case '502':
        return ['ProviderUnavailable', safe ? 1 + MAX_RETRIES : 1, 0]
      case '503-then-ok':
        return safe ? ['ok', 2, 1] : ['ProviderUnavailable', 1, 0]
      case '429-then-ok':
        return safe ? ['ok', 2, 1] : ['RateLimit', 1, 0]
      case 'reset-before':
        return safe ? ['ok', 2, 1] : ['ProviderUnavailable', 1, 0]
      // The emulator acted on the first attempt even though its answer never arrived.
      case 'timeout-then-ok':
      case 'reset-after':
        return safe ? ['ok', 2, repeats] : ['ProviderUnavailable', 1, 1]
      case 'html':
      case 'invalid-json':
      case 'failure-flag':
        return ['UnexpectedResponse', 1, 0]
      case 'missing-field':
        return ['UnexpectedResponse', 1, 1]
    }
  })()
  return row.ledger === undefined ? { result, requests } : { result, requests, created }
}

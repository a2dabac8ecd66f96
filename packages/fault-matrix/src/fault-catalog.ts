import type { FaultInjector } from '@paymux/core/emulator'
import { DRIBBLE_EVERY_MS, OVERSIZED_BODY_BYTES } from './loopback-wire.js'
import type { FaultId, MatrixRow, Outcome } from './matrix-types.js'
import type { MatrixWire, SocketControls } from './matrix-wire.js'

/** `maxRetries` of every gateway under test: the documented default. */
export const MAX_RETRIES = 2
/** Backoff of every gateway under test: real retries, without real waiting. */
export const FAST_BACKOFF = { initialDelayMs: 1, maxDelayMs: 2 } as const
/** Attempts a retry-safe call makes at most: the first and `MAX_RETRIES` more. */
export const ATTEMPTS = 1 + MAX_RETRIES
/**
 * The client's per-attempt limit in the cells about timeouts. Generous, so
 * that a request reaches a loopback server in time even while a whole column
 * of cells runs side by side on a busy machine: only the answer may be late.
 */
export const SHORT_TIMEOUT_MS = 500
/** How late the emulator answers (and acts) in the timeout column: well after the client gave up. */
export const LATE_BY_MS = 1_000
/** The client's `maxResponseBytes` in the oversized-body column. */
export const SMALL_MAX_RESPONSE_BYTES = 64 * 1024
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
  /** `protocol`: an answer, met in-process and over loopback; `socket`: needs a real socket, loopback only. */
  readonly kind: 'protocol' | 'socket'
  /** The column heading. */
  readonly heading: string
  /** What happens on the wire, for the legend. */
  readonly description: string
  /** The `code` the error carries when a call ends in this fault (unless the row states an exception). */
  readonly errorCode?: string
  /** The client gets {@link SHORT_TIMEOUT_MS} per attempt: the cell is about a timeout. */
  readonly shortTimeout?: boolean
  /** The client's `maxResponseBytes` for the cell. */
  readonly maxResponseBytes?: number
  /** The cell mostly waits (for a timeout): cells of this column run side by side. */
  readonly waits?: boolean
  inject(target: FaultTarget): void
}

const HTML_PAGE =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>'

/** The protocol faults, in column order. */
export const FAULTS: readonly FaultCase[] = [
  {
    id: '500',
    kind: 'protocol',
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
    kind: 'protocol',
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
    kind: 'protocol',
    heading: '503 → ok',
    description: 'the first attempt answers HTTP 503, the next ones are handled normally',
    inject: ({ faults }) => faults.inject({ type: 'status', status: 503, body: { message: 'Maintenance' } }),
  },
  {
    id: '429-then-ok',
    kind: 'protocol',
    heading: '429 → ok',
    description: `the first attempt answers HTTP 429 with \`Retry-After: ${RETRY_AFTER_SECONDS}\`; a retry must wait at least that long`,
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
    kind: 'protocol',
    heading: 'timeout → ok',
    description: `the first attempt is handled ${LATE_BY_MS} ms late, after the client's ${SHORT_TIMEOUT_MS} ms \`timeoutMs\`: the emulator acts, nobody reads the answer`,
    errorCode: 'timeout',
    shortTimeout: true,
    waits: true,
    inject: ({ faults }) => faults.inject({ type: 'delay', ms: LATE_BY_MS }),
  },
  {
    id: 'reset-before',
    kind: 'protocol',
    heading: 'reset before',
    description:
      'the connection of the first attempt is reset before the emulator handles it (nothing happened)',
    errorCode: 'network_error',
    inject: ({ faults }) => faults.inject({ type: 'drop', when: 'before' }),
  },
  {
    id: 'reset-after',
    kind: 'protocol',
    heading: 'reset after',
    description:
      'the emulator handles the first attempt (it acted), then the connection is reset: the answer is lost',
    errorCode: 'network_error',
    inject: ({ faults }) => faults.inject({ type: 'drop', when: 'after' }),
  },
  {
    id: 'html',
    kind: 'protocol',
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
    kind: 'protocol',
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
    kind: 'protocol',
    heading: '200 field missing',
    description:
      'the emulator handles the request (it acted), then a field the answer must carry is taken out (listed under each table)',
    inject: ({ wire, missingField }) => wire.dropFieldFromNextAnswer(missingField),
  },
  {
    id: 'failure-flag',
    kind: 'protocol',
    heading: '200 failure flag',
    description:
      "HTTP 200 whose body says it failed: FastStar's and Fastaar's `success: false`, Paystar's `hasErrors: true`",
    inject: ({ faults, failureFlagBody }) =>
      faults.inject({ type: 'status', status: 200, body: failureFlagBody }),
  },
]

const redirectStatus =
  '302 for a `GET`; 307, which tells a client that follows it to send the body again, otherwise'

/** The socket faults, in column order: each needs a real server in front of the emulator. */
export const SOCKET_FAULTS: readonly FaultCase[] = [
  {
    id: 'redirect-elsewhere',
    kind: 'socket',
    heading: 'redirect elsewhere',
    description: `every request is redirected (${redirectStatus}) to the same path on another origin: a second loopback server that records every request it receives, and its headers`,
    errorCode: 'redirect',
    inject: ({ wire }) => socketsOf(wire).damage('redirect-elsewhere', 'every'),
  },
  {
    id: 'redirect-loop',
    kind: 'socket',
    heading: 'redirect loop',
    description: 'every request is redirected to itself (the same statuses)',
    errorCode: 'redirect',
    inject: ({ wire }) => socketsOf(wire).damage('redirect-loop', 'every'),
  },
  {
    id: 'slow-body',
    kind: 'socket',
    heading: 'slow body',
    description: `the emulator handles every attempt (${ATTEMPTS} in a row: it acted); its answer's headers come at once, its body one byte every ${DRIBBLE_EVERY_MS} ms, padded to take seconds: far past the client's ${SHORT_TIMEOUT_MS} ms \`timeoutMs\``,
    errorCode: 'timeout',
    shortTimeout: true,
    waits: true,
    inject: ({ wire }) => socketsOf(wire).damage('slow-body', ATTEMPTS),
  },
  {
    id: 'cut-body',
    kind: 'socket',
    heading: 'body cut',
    description: `the emulator handles every attempt (${ATTEMPTS} in a row: it acted); its answer announces its full \`Content-Length\`, half the body is sent, and the connection is destroyed`,
    errorCode: 'network_error',
    inject: ({ wire }) => socketsOf(wire).damage('cut-body', ATTEMPTS),
  },
  {
    id: 'oversized-body',
    kind: 'socket',
    heading: 'oversized body',
    description: `the emulator handles the request (it acted); its answer is padded with whitespace (still the same valid JSON) to ${OVERSIZED_BODY_BYTES / 1024} KiB and sent in chunks without a \`Content-Length\`, to a client whose \`maxResponseBytes\` is ${SMALL_MAX_RESPONSE_BYTES / 1024} KiB`,
    errorCode: 'response_too_large',
    maxResponseBytes: SMALL_MAX_RESPONSE_BYTES,
    inject: ({ wire }) => socketsOf(wire).damage('oversized-body', ATTEMPTS),
  },
  {
    id: 'hanging',
    kind: 'socket',
    heading: 'hanging server',
    description: `the server reads every attempt's request (${ATTEMPTS} in a row) and never answers; the emulator never sees it`,
    errorCode: 'timeout',
    shortTimeout: true,
    waits: true,
    inject: ({ wire }) => socketsOf(wire).damage('hanging', ATTEMPTS),
  },
]

function socketsOf(wire: MatrixWire): SocketControls {
  if (wire.sockets === undefined) throw new Error('a socket fault needs the loopback wire')
  return wire.sockets
}

/**
 * What a cell must show, from the row's retry policy alone (the gateway's
 * documented retry table), unless the row states a documented exception.
 * A `'safe'` call is retried on 5xx, 429, timeouts and resets up to
 * `maxRetries` times; a `'never'` call is sent exactly once. Nothing is
 * retried after an answer that is not as documented, a redirect among them.
 */
export function expectedOutcome(row: MatrixRow, fault: FaultId): Outcome {
  const exception = row.exceptions?.[fault]
  if (exception !== undefined) return exception.outcome
  const safe = row.retry === 'safe'
  // A repeat of a non-idempotent create makes another record; the ledger says whether that can happen.
  const made = (attempts: number) => (row.ledger?.idempotent === true ? 1 : attempts)
  const [result, requests, created] = ((): [Outcome['result'], number, number] => {
    switch (fault) {
      case '500':
      case '502':
        return ['ProviderUnavailable', safe ? ATTEMPTS : 1, 0]
      case '503-then-ok':
        return safe ? ['ok', 2, 1] : ['ProviderUnavailable', 1, 0]
      case '429-then-ok':
        return safe ? ['ok', 2, 1] : ['RateLimit', 1, 0]
      case 'reset-before':
        return safe ? ['ok', 2, 1] : ['ProviderUnavailable', 1, 0]
      // The emulator acted on the first attempt even though its answer never arrived.
      case 'timeout-then-ok':
      case 'reset-after':
        return safe ? ['ok', 2, made(2)] : ['ProviderUnavailable', 1, 1]
      case 'html':
      case 'invalid-json':
      case 'failure-flag':
        return ['UnexpectedResponse', 1, 0]
      case 'missing-field':
        return ['UnexpectedResponse', 1, 1]
      // The front answers the redirect itself: the emulator never sees the request.
      case 'redirect-elsewhere':
      case 'redirect-loop':
        return ['UnexpectedResponse', 1, 0]
      // Every attempt acted; every answer was lost.
      case 'slow-body':
      case 'cut-body':
        return safe ? ['ProviderUnavailable', ATTEMPTS, made(ATTEMPTS)] : ['ProviderUnavailable', 1, 1]
      case 'oversized-body':
        return ['UnexpectedResponse', 1, 1]
      case 'hanging':
        return ['ProviderUnavailable', safe ? ATTEMPTS : 1, 0]
    }
  })()
  return row.ledger === undefined ? { result, requests } : { result, requests, created }
}

/**
 * The operations a router may send to a second gateway, as the docs promise
 * (guides/combining-gateways.md, "Failover: session creation only"). Stated
 * here rather than read from core's `FAILOVER_OPERATIONS`, so that the router
 * row fails when the code fails over anything else.
 */
export const PROMISED_FAILOVER: ReadonlySet<string> = new Set(['sessions.create'])

/**
 * What a router cell must show: the row's own outcome at the first gateway;
 * then, for a promised failover operation that ended in
 * `ProviderUnavailableError` (the only error the router moves on after), one
 * request to the healthy second gateway, which succeeds and makes one record
 * there. Every other cell sends nothing to the second gateway.
 */
export function expectedRouted(row: MatrixRow, fault: FaultId): Outcome {
  const direct = expectedOutcome(row, fault)
  const failsOver = PROMISED_FAILOVER.has(row.operation) && direct.result === 'ProviderUnavailable'
  return {
    result: failsOver ? 'ok' : direct.result,
    requests: direct.requests,
    ...(direct.created === undefined ? {} : { created: direct.created + (failsOver ? 1 : 0) }),
    second: failsOver ? 1 : 0,
  }
}

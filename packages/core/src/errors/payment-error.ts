const marker = 'paymux.error'
const symbol = Symbol.for(marker)

/** Whether a request can have reached the provider before it failed. */
export type RequestOutcome = 'not_sent' | 'unknown'

/** Fields every paymux error carries. */
export interface PaymentErrorOptions {
  /** The gateway the call was made to (`'faststar'`, `'fastaar'`, …), or `'paymux'` for local failures. */
  provider: string
  /** A stable machine-readable code: the provider's own error type where it sent one. */
  code: string
  message: string
  /** The HTTP status of the response, when a response came back. */
  httpStatus?: number | undefined
  /** The provider's request id, from the response headers, for support tickets. */
  requestId?: string | undefined
  /** The native response body (parsed JSON, or text), with secrets redacted. */
  raw?: unknown
  /** Whether sending the same request again is both safe and likely to help. */
  retryable?: boolean | undefined
  cause?: unknown
}

/**
 * The base of every error paymux throws. Check with `isPaymentError(e)` or
 * `PaymentError.isInstance(e)` rather than `instanceof`: the marker is a
 * `Symbol.for` key, so the check also works when two copies of
 * `@paymux/core` are installed.
 */
export class PaymentError extends Error {
  protected readonly [symbol] = true
  readonly provider: string
  readonly code: string
  readonly httpStatus: number | undefined
  readonly requestId: string | undefined
  readonly raw: unknown
  readonly retryable: boolean

  constructor(options: PaymentErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'PaymentError'
    this.provider = options.provider
    this.code = options.code
    this.httpStatus = options.httpStatus
    this.requestId = options.requestId
    this.raw = options.raw
    this.retryable = options.retryable ?? false
  }

  /** True for any paymux error, from any copy of `@paymux/core`. */
  static isInstance(error: unknown): error is PaymentError {
    return hasMarker(error, marker)
  }

  /** A plain object for logs and JSON; carries no secret because none is ever stored. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {
      name: this.name,
      message: this.message,
      provider: this.provider,
      code: this.code,
      retryable: this.retryable,
    }
    if (this.httpStatus !== undefined) json.httpStatus = this.httpStatus
    if (this.requestId !== undefined) json.requestId = this.requestId
    if (this.raw !== undefined) json.raw = nestsDeeperThan(this.raw, MAX_RAW_DEPTH) ? RAW_TOO_DEEP : this.raw
    return json
  }
}

// JSON.stringify recurses, and a provider's body nested some thousands of levels deep would make a
// logger's JSON.stringify(error) throw a RangeError; such a `raw` is left out of toJSON.
const MAX_RAW_DEPTH = 1000
const RAW_TOO_DEEP = `[raw omitted from JSON: nested more than ${MAX_RAW_DEPTH} levels deep]`

// Iterative, so it cannot overflow the stack it protects; a cycle counts as too deep.
function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false
  const pending: [object, number][] = [[value, 1]]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next
    if (depth > limit) return true
    for (const child of Object.values(node)) {
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1])
    }
  }
  return false
}

/**
 * True when `error` carries the `Symbol.for(name)` brand of a paymux error
 * class. For gateway packages that subclass an error: brand the subclass with
 * `Symbol.for('paymux.error.<provider>.<Name>')` and check it here in its `isInstance`.
 */
export function hasMarker(error: unknown, name: string): boolean {
  if (typeof error !== 'object' || error === null) return false
  const key = Symbol.for(name)
  return key in error && (error as Record<symbol, unknown>)[key] === true
}

/** True for any error thrown by paymux, whichever copy of `@paymux/core` threw it. */
export function isPaymentError(error: unknown): error is PaymentError {
  return PaymentError.isInstance(error)
}

import { ProviderUnavailableError } from '../errors/provider-unavailable-error.js'
import { RateLimitError } from '../errors/rate-limit-error.js'

/**
 * Whether a call may be sent again after a failure:
 * - `'never'`: it could move money twice (off-session charges, refunds,
 *   payment creation without an idempotency key). Sent exactly once.
 * - `'safe'`: reads, and writes the provider documents as idempotent or that
 *   move no money (creating a checkout session). Retried on transient failures.
 */
export type RetryPolicy = 'never' | 'safe'

/** Backoff settings; the defaults suit an interactive checkout. */
export interface BackoffSettings {
  /** Upper bound of the first retry's delay. @default 500 */
  readonly initialDelayMs?: number
  /** Upper bound of any computed delay. @default 8000 */
  readonly maxDelayMs?: number
  /**
   * The longest `Retry-After` paymux waits for. A longer hint is not waited
   * out: the error is thrown with its `retryAfterMs` so you can schedule it. @default 30000
   */
  readonly maxRetryAfterMs?: number
}

/** The outcome of {@link decideRetry}. */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: string }

/** What {@link decideRetry} looks at. */
export interface RetryInput {
  readonly error: unknown
  readonly policy: RetryPolicy
  /** The attempt that just failed, from 1. */
  readonly attempt: number
  readonly maxRetries: number
  readonly backoff?: BackoffSettings
  /** Source of randomness for the jitter, in [0, 1). @default Math.random */
  readonly random?: () => number
}

/**
 * The one place that decides whether a failed call is sent again, as an
 * ordered list of rules: the first that matches wins.
 */
export function decideRetry(input: RetryInput): RetryDecision {
  const { error, policy, attempt, maxRetries } = input
  if (policy === 'never')
    return { retry: false, reason: 'this call could move money twice, so it is never retried' }
  if (attempt > maxRetries) return { retry: false, reason: `gave up after ${attempt} attempts` }
  if (RateLimitError.isInstance(error)) {
    const cap = input.backoff?.maxRetryAfterMs ?? 30_000
    if (error.retryAfterMs !== undefined && error.retryAfterMs > cap) {
      return {
        retry: false,
        reason: `the provider asked to wait ${error.retryAfterMs} ms, longer than the ${cap} ms cap`,
      }
    }
    return { retry: true, delayMs: error.retryAfterMs ?? backoffDelay(attempt, input) }
  }
  if (ProviderUnavailableError.isInstance(error) && error.retryable) {
    // A 503 may say when to come back; waiting less would only meet the same answer.
    const hint = error.retryAfterMs ?? 0
    const cap = input.backoff?.maxRetryAfterMs ?? 30_000
    return { retry: true, delayMs: Math.max(backoffDelay(attempt, input), Math.min(hint, cap)) }
  }
  return { retry: false, reason: 'the error is not transient' }
}

/** Exponential backoff with full jitter: a uniform delay in [0, min(max, initial × 2^(attempt-1))). */
export function backoffDelay(attempt: number, input: Pick<RetryInput, 'backoff' | 'random'> = {}): number {
  const initial = input.backoff?.initialDelayMs ?? 500
  const max = input.backoff?.maxDelayMs ?? 8000
  const ceiling = Math.min(max, initial * 2 ** (attempt - 1))
  return Math.floor((input.random ?? Math.random)() * ceiling)
}

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
  /** The first retry's delay; each later one doubles. @default 500 */
  readonly initialDelayMs?: number
  /** The longest computed delay. @default 8000 */
  readonly maxDelayMs?: number
  /**
   * The longest `Retry-After` paymux waits for. A longer hint is not waited
   * out: the error is thrown with its `retryAfterMs` so you can schedule it. @default 30000
   */
  readonly maxRetryAfterMs?: number
}

/** The outcome of {@link decideRetry}. */
export type RetryDecision =
  /** Send again, after at least `retryAfterMs` (the provider's hint; 0 when none). */
  { readonly retry: true; readonly retryAfterMs: number } | { readonly retry: false; readonly reason: string }

/** What {@link decideRetry} looks at. */
export interface RetryInput {
  readonly error: unknown
  readonly policy: RetryPolicy
  /** The attempt that just failed, from 1. */
  readonly attempt: number
  readonly maxRetries: number
  /** The longest `Retry-After` waited out. @default 30000 */
  readonly maxRetryAfterMs?: number
}

/**
 * The one place that decides whether a failed call is sent again, as an
 * ordered list of rules: the first that matches wins. How long to wait is
 * p-retry's backoff ({@link backoffDelay}), or the provider's `Retry-After`
 * when that is longer.
 */
export function decideRetry(input: RetryInput): RetryDecision {
  const { error, policy, attempt, maxRetries } = input
  const cap = input.maxRetryAfterMs ?? 30_000
  if (policy === 'never')
    return { retry: false, reason: 'this call could move money twice, so it is never retried' }
  if (attempt > maxRetries) return { retry: false, reason: `gave up after ${attempt} attempts` }
  if (RateLimitError.isInstance(error)) {
    if (error.retryAfterMs !== undefined && error.retryAfterMs > cap) {
      return {
        retry: false,
        reason: `the provider asked to wait ${error.retryAfterMs} ms, longer than the ${cap} ms cap`,
      }
    }
    return { retry: true, retryAfterMs: error.retryAfterMs ?? 0 }
  }
  if (ProviderUnavailableError.isInstance(error) && error.retryable) {
    // A 503 may say when to come back; waiting less would only meet the same answer.
    return { retry: true, retryAfterMs: Math.min(error.retryAfterMs ?? 0, cap) }
  }
  return { retry: false, reason: 'the error is not transient' }
}

/**
 * The least p-retry waits before retry number `attempt` (from 1) with
 * {@link pRetryBackoff}: `initialDelayMs × 2^(attempt-1)`, at most
 * `maxDelayMs`. p-retry's jitter (`randomize`) adds up to as much again,
 * still capped at `maxDelayMs`, so many clients do not retry in step.
 */
export function backoffDelay(attempt: number, backoff: BackoffSettings = {}): number {
  const initial = backoff.initialDelayMs ?? 500
  const max = backoff.maxDelayMs ?? 8000
  return Math.min(max, Math.round(initial * 2 ** (attempt - 1)))
}

/** p-retry's options for the backoff {@link backoffDelay} describes. */
export function pRetryBackoff(backoff: BackoffSettings = {}) {
  return {
    minTimeout: backoff.initialDelayMs ?? 500,
    factor: 2,
    maxTimeout: backoff.maxDelayMs ?? 8000,
    randomize: true,
  } as const
}

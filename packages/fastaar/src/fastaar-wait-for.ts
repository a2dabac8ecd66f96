import type { Payment, PaymentStatus, WaitForOptions } from '@paymux/core'
import {
  ProviderUnavailableError,
  RateLimitError,
  RequestAbortedError,
  sleep,
  TERMINAL_PAYMENT_STATUSES,
} from '@paymux/core/adapter-kit'

/** Options of Fastaar's `payments.waitFor`: the neutral ones, and the polling pace. */
export interface FastaarWaitForOptions extends WaitForOptions {
  /** The first pause between two looks. @default 1000 */
  readonly initialIntervalMs?: number
  /** The longest pause between two looks; the pause grows 1.5× each time up to it. @default 10000 */
  readonly maxIntervalMs?: number
}

/**
 * Polls `retrieve(id)` until the payment's status is terminal (or in
 * `until`), with a growing pause that honours a 429's retry hint; rejects when
 * `timeoutMs` passes (`ProviderUnavailableError`, code `wait_timeout`) or
 * `signal` aborts (`RequestAbortedError`). Transient failures of one look
 * (network, 5xx, 429) do not end the wait; any other error does.
 */
export async function waitForPayment(
  retrieve: (signal: AbortSignal) => Promise<Payment>,
  id: string,
  options: FastaarWaitForOptions,
): Promise<Payment> {
  const done = doneWhen(options.until ?? 'terminal')
  const deadline = Date.now() + options.timeoutMs
  const timeout = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout])
  let interval = options.initialIntervalMs ?? 1000
  const maxInterval = options.maxIntervalMs ?? 10_000
  let last: Payment | undefined

  for (;;) {
    let pause = interval
    try {
      last = await retrieve(signal)
      if (done(last.status)) return last
    } catch (error) {
      if (options.signal?.aborted) throw aborted(id)
      if (timeout.aborted) throw timedOut(id, options.timeoutMs, last)
      if (!ProviderUnavailableError.isInstance(error) && !RateLimitError.isInstance(error)) throw error
      if (RateLimitError.isInstance(error) && error.retryAfterMs !== undefined) {
        pause = Math.max(pause, error.retryAfterMs)
      }
    }
    const left = deadline - Date.now()
    if (left <= 0) throw timedOut(id, options.timeoutMs, last)
    // An abort ends the pause early; which signal fired decides the error just below.
    await sleep(Math.min(pause, left), signal).catch(() => undefined)
    if (options.signal?.aborted) throw aborted(id)
    if (timeout.aborted) throw timedOut(id, options.timeoutMs, last)
    interval = Math.min(maxInterval, interval * 1.5)
  }
}

function doneWhen(until: 'terminal' | readonly PaymentStatus[]): (status: PaymentStatus) => boolean {
  if (until === 'terminal') return (status) => TERMINAL_PAYMENT_STATUSES.has(status)
  // A terminal status ends the wait too: the payment will never reach another one.
  return (status) => until.includes(status) || TERMINAL_PAYMENT_STATUSES.has(status)
}

function timedOut(id: string, timeoutMs: number, last: Payment | undefined): ProviderUnavailableError {
  const seen = last === undefined ? 'no answer was read' : `last status ${last.status} (${last.nativeStatus})`
  return new ProviderUnavailableError({
    provider: 'fastaar',
    code: 'wait_timeout',
    outcome: 'unknown',
    retryable: false,
    message: `fastaar: payment ${id} did not reach the awaited status within ${timeoutMs} ms; ${seen}`,
    raw: last?.raw,
  })
}

function aborted(id: string): RequestAbortedError {
  return new RequestAbortedError({
    provider: 'fastaar',
    outcome: 'not_sent',
    message: `fastaar: waiting for payment ${id} was aborted by the caller`,
  })
}

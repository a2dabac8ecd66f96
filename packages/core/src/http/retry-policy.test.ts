import pRetry from 'p-retry'
import { describe, expect, it } from 'vitest'
import {
  InvalidRequestError,
  ProviderUnavailableError,
  RateLimitError,
  RequestAbortedError,
  UnexpectedResponseError,
} from '../errors/index.js'
import { parseRetryAfter } from './retry-after.js'
import { backoffDelay, decideRetry, pRetryBackoff } from './retry-policy.js'

const unavailable = new ProviderUnavailableError({ provider: 'p', message: 'm', outcome: 'unknown' })

describe('decideRetry', () => {
  it('never retries a never-retry call, whatever the error', () => {
    for (const error of [unavailable, new RateLimitError({ provider: 'p', message: 'm' })]) {
      expect(decideRetry({ error, policy: 'never', attempt: 1, maxRetries: 5 }).retry).toBe(false)
    }
  })

  it('retries transient failures of a safe call until maxRetries', () => {
    expect(decideRetry({ error: unavailable, policy: 'safe', attempt: 1, maxRetries: 2 })).toEqual({
      retry: true,
      retryAfterMs: 0,
    })
    expect(decideRetry({ error: unavailable, policy: 'safe', attempt: 2, maxRetries: 2 }).retry).toBe(true)
    expect(decideRetry({ error: unavailable, policy: 'safe', attempt: 3, maxRetries: 2 }).retry).toBe(false)
  })

  it('does not retry what another attempt cannot fix', () => {
    for (const error of [
      new InvalidRequestError({ provider: 'p', message: 'm' }),
      new UnexpectedResponseError({ provider: 'p', message: 'm' }),
      new RequestAbortedError({ provider: 'p', outcome: 'unknown' }),
      new Error('programming error'),
    ]) {
      expect(decideRetry({ error, policy: 'safe', attempt: 1, maxRetries: 2 }).retry).toBe(false)
    }
  })

  it('lets the server hint win, up to the cap', () => {
    const hinted = new RateLimitError({ provider: 'p', message: 'm', retryAfterMs: 3000 })
    expect(decideRetry({ error: hinted, policy: 'safe', attempt: 1, maxRetries: 2 })).toEqual({
      retry: true,
      retryAfterMs: 3000,
    })
    expect(
      decideRetry({
        error: hinted,
        policy: 'safe',
        attempt: 1,
        maxRetries: 2,
        maxRetryAfterMs: 2000,
      }).retry,
    ).toBe(false)
  })
})

describe('backoffDelay', () => {
  it('doubles from initialDelayMs up to maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 10].map((attempt) => backoffDelay(attempt))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000,
    ])
    expect(backoffDelay(2, { initialDelayMs: 100, maxDelayMs: 150 })).toBe(150)
    expect(backoffDelay(3, { initialDelayMs: 0 })).toBe(0)
  })

  it('is the least p-retry waits, and p-retry waits less than twice as long', async () => {
    const backoff = { initialDelayMs: 20, maxDelayMs: 1000 }
    const waits: number[] = []
    let last = performance.now()
    await pRetry(
      () => {
        const now = performance.now()
        waits.push(now - last)
        last = now
        throw new Error('again')
      },
      { ...pRetryBackoff(backoff), retries: 3 },
    ).catch(() => undefined)
    for (const [index, waited] of waits.slice(1).entries()) {
      const least = backoffDelay(index + 1, backoff)
      expect(waited).toBeGreaterThanOrEqual(least - 2)
      expect(waited).toBeLessThan(2 * least + 50)
    }
    expect(waits).toHaveLength(4)
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T10:00:00Z')
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0)
  })
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
    expect(parseRetryAfter('', now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter('-5', now)).toBeUndefined()
  })
})

import nock from 'nock'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { createFastStar } from './faststar-gateway.js'
import type { FastStarSettings } from './faststar-settings.js'

// Shared by the unit tests: a gateway pointed at the documented base URL, with
// nock standing in for FastStar. Not part of the published package.

/** A key shaped like a real one, so a leak would be visible in any output. */
export const API_KEY = 'fs_live_5b7e2a9c4d1f8e3a6b0c'
export const BASE = 'https://api.faststarpay.com'
export const PREFIX = '/api/v1'

/** The headers every FastStar request must carry. */
export const REQUEST_HEADERS = {
  'x-api-key': API_KEY,
  'content-type': 'application/json',
  accept: 'application/json',
}

/** A gateway with fast backoff, so retry tests do not wait. */
export function gateway(settings: Partial<FastStarSettings> = {}) {
  return createFastStar({ apiKey: API_KEY, backoff: { initialDelayMs: 1, maxDelayMs: 2 }, ...settings })
}

/** A nock scope that only matches requests carrying the documented headers. */
export function faststar() {
  return nock(BASE, { reqheaders: REQUEST_HEADERS })
}

/** Registers nock set-up and the check that every expected request was made. */
export function useNock(): void {
  beforeAll(() => nock.disableNetConnect())
  afterEach(() => {
    const pending = nock.pendingMocks()
    nock.cleanAll()
    expect(pending).toEqual([])
  })
  afterAll(() => nock.enableNetConnect())
}

/** Resolves to what `promise` rejected with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the call to fail, but it succeeded')
}

/** A `fetch` that fails the test if anything is sent: proves local validation sends nothing. */
export function forbiddenFetch(): typeof globalThis.fetch & { calls: number } {
  const fetch = Object.assign(
    async () => {
      fetch.calls++
      throw new Error('no request may be sent for invalid input')
    },
    { calls: 0 },
  )
  return fetch
}

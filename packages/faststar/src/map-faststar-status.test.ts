import { describe, expect, it } from 'vitest'
import { mapFastStarPaymentStatus, mapFastStarSessionStatus } from './map-faststar-status.js'

describe('session status', () => {
  it.each([
    ['open', 'open'],
    ['complete', 'complete'],
    ['expired', 'expired'],
    ['canceled', 'canceled'],
    ['cancelled', 'canceled'],
    ['something_new', 'open'],
    ['constructor', 'open'],
  ])('%s → %s', (native, neutral) => {
    expect(mapFastStarSessionStatus(native)).toBe(neutral)
  })
})

describe('payment status', () => {
  it.each([
    ['succeeded', 'succeeded'],
    ['processing', 'processing'],
    ['pending', 'pending'],
    ['requires_action', 'requires_action'],
    ['failed', 'failed'],
    ['canceled', 'canceled'],
    ['refunded', 'succeeded'],
    ['partially_refunded', 'succeeded'],
    ['something_new', 'processing'],
    ['toString', 'processing'],
  ])('%s → %s', (native, neutral) => {
    expect(mapFastStarPaymentStatus(native)).toBe(neutral)
  })
})

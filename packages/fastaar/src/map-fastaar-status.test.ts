import { describe, expect, it } from 'vitest'
import {
  mapFastaarPaymentStatus,
  mapFastaarSessionStatus,
  toFastaarStatusFilter,
} from './map-fastaar-status.js'

describe('Fastaar statuses', () => {
  it.each([
    ['pending', 'pending', 'open'],
    ['awaiting_verification', 'processing', 'open'],
    ['completed', 'succeeded', 'complete'],
    ['refunded', 'succeeded', 'complete'],
    ['partially_refunded', 'succeeded', 'complete'],
    ['failed', 'failed', 'canceled'],
    ['expired', 'expired', 'expired'],
    ['cancelled', 'canceled', 'canceled'],
    // A status Fastaar adds later: money may be moving, so neither success nor failure.
    ['under_review', 'processing', 'open'],
    ['constructor', 'processing', 'open'],
  ])('%s → payment %s, session %s', (native, payment, session) => {
    expect(mapFastaarPaymentStatus(native)).toBe(payment)
    expect(mapFastaarSessionStatus(native)).toBe(session)
  })

  it('round-trips every neutral status a Fastaar payment can be in', () => {
    for (const status of ['pending', 'processing', 'succeeded', 'failed', 'expired', 'canceled'] as const) {
      const native = toFastaarStatusFilter(status)
      expect(native).toBeDefined()
      expect(mapFastaarPaymentStatus(native ?? '')).toBe(status)
    }
    expect(toFastaarStatusFilter('requires_action')).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import type { GatewayCapabilities } from './gateway.js'
import { supports } from './gateway.js'
import { parseRef, toRef } from './ref.js'

// The type-level assertions of these models are in gateway.test-d.ts (vitest's typecheck mode).

describe('supports', () => {
  const capabilities: GatewayCapabilities = {
    operations: ['sessions.create', 'payments.refund'],
    currencies: ['BDT'],
    sessionModes: ['payment'],
    presentations: ['redirect'],
  }
  it('reads the declared operations', () => {
    expect(supports({ capabilities }, 'payments.refund')).toBe(true)
    expect(supports({ capabilities }, 'payments.charge')).toBe(false)
  })
})

describe('refs', () => {
  it('join and split provider and id, keeping colons inside the id', () => {
    expect(toRef('fastaar', '01jxyz')).toBe('fastaar:01jxyz')
    expect(parseRef('faststar:cs_1')).toEqual({ provider: 'faststar', id: 'cs_1' })
    expect(parseRef('paystar:abc:def')).toEqual({ provider: 'paystar', id: 'abc:def' })
  })
  it.each(['01jxyz', ':01jxyz', 'fastaar:', ''])('refuse %j, which names no provider or no id', (ref) => {
    expect(() => parseRef(ref)).toThrow(/is not a ref: expected '<provider>:<id>'/)
  })
})

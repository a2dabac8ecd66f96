import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { InvalidRequestError } from '../errors/index.js'
import type { GatewayCapabilities } from '../model/gateway.js'
import { parseNeutralInput, refuseUnsupportedFields, UNSUPPORTED_FIELD } from './index.js'

const capabilities: Pick<GatewayCapabilities, 'unsupportedFields'> = {
  unsupportedFields: {
    'sessions.create': ['description', 'customer.name', 'lineItems.priceId', 'metadata'],
    'payments.list': ['reference'],
  },
}

function refusal(input: unknown, operation: 'sessions.create' | 'payments.list' = 'sessions.create') {
  try {
    refuseUnsupportedFields(input, operation, capabilities, 'acme')
  } catch (error) {
    if (InvalidRequestError.isInstance(error)) return error
    throw error
  }
  return undefined
}

describe('refuseUnsupportedFields', () => {
  it('names the field and the gateway, with the code unsupported_field and a hint', () => {
    const error = refusal({ amount: { amount: 1, currency: 'USD' }, description: 'Order 42' })
    expect(error?.code).toBe(UNSUPPORTED_FIELD)
    expect(error?.provider).toBe('acme')
    expect(error?.retryable).toBe(false)
    expect(error?.issues).toEqual([
      {
        path: 'description',
        message: 'acme cannot carry this field: remove it, or route the call to a gateway that supports it',
      },
    ])
    expect(error?.message).toBe(
      'acme: sessions.create input sets a field acme cannot carry: description. paymux refuses it rather than drop it: remove it, or route the call to a gateway that supports it.',
    )
  })

  it('names every field it finds, nested and in each array item', () => {
    const error = refusal({
      description: 'x',
      customer: { email: 'a@b.example', name: 'Ada' },
      lineItems: [{ amount: { amount: 1, currency: 'USD' } }, { priceId: 'p1' }, { priceId: 'p2' }],
      metadata: {},
    })
    expect(error?.issues.map((issue) => issue.path)).toEqual([
      'description',
      'customer.name',
      'lineItems.1.priceId',
      'lineItems.2.priceId',
      'metadata',
    ])
    expect(error?.message).toContain(
      'sets fields acme cannot carry: description, customer.name, lineItems.1.priceId',
    )
  })

  it('counts null as set, and undefined or an absent key as not set', () => {
    expect(refusal({ description: null })?.issues.map((issue) => issue.path)).toEqual(['description'])
    expect(
      refusal({ description: undefined, customer: { email: 'a@b.example' }, lineItems: [{}] }),
    ).toBeUndefined()
  })

  it('reads only the operation asked about, and nothing when the gateway declares nothing', () => {
    expect(refusal({ reference: 'r' })).toBeUndefined()
    expect(refusal({ reference: 'r' }, 'payments.list')?.issues.map((issue) => issue.path)).toEqual([
      'reference',
    ])
    expect(() => refuseUnsupportedFields({ description: 'x' }, 'sessions.create', {}, 'acme')).not.toThrow()
  })

  it.each([null, 'text', 42, [], undefined])('leaves a non-object input %j to the schema', (input) => {
    expect(refusal(input)).toBeUndefined()
  })

  it('does not read inherited keys', () => {
    const input = Object.create({ description: 'inherited' }) as object
    expect(refusal(input)).toBeUndefined()
  })

  it('quotes a hostile key in a declared path as the issue path shows it', () => {
    const hostile = {
      unsupportedFields: { 'sessions.create': ['customer.a\nb'] },
    } as unknown as GatewayCapabilities
    const call = () =>
      refuseUnsupportedFields({ customer: { 'a\nb': 1 } }, 'sessions.create', hostile, 'acme')
    expect(call).toThrow(/customer\."a\\nb"/)
  })

  it('reports at most 20 fields of a large input', () => {
    const lineItems = Array.from({ length: 5000 }, () => ({ priceId: 'p' }))
    const error = refusal({ lineItems })
    expect(error?.issues).toHaveLength(20)
    expect(error?.message).toContain('lineItems.19.priceId and 4980 more.')
    expect(error?.message.length).toBeLessThan(1000)
  })
})

describe('parseNeutralInput', () => {
  const schema = z.strictObject({ description: z.optional(z.number()), amount: z.optional(z.number()) })
  const context = { provider: 'acme', operation: 'sessions.create', capabilities } as const

  it('refuses an unsupported field before the schema sees it, whatever its value', () => {
    expect(() => parseNeutralInput(schema, { description: 'not even a number' }, context)).toThrow(
      expect.objectContaining({ code: 'unsupported_field' }),
    )
  })

  it('then parses with the schema', () => {
    expect(parseNeutralInput(schema, { amount: 1 }, context)).toEqual({ amount: 1 })
    expect(() => parseNeutralInput(schema, { amount: 'one' }, context)).toThrow(
      expect.objectContaining({
        code: 'invalid_request',
        issues: [{ path: 'amount', message: 'expected number, got string' }],
      }),
    )
  })
})

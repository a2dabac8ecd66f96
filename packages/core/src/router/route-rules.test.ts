import { describe, expect, it } from 'vitest'
import { InvalidRequestError } from '../errors/index.js'
import type { CreateSessionInput } from '../model/gateway.js'
import { amountOf, byAmount, byCountry, byCurrency, byWeight, compose, targetProblem } from './route-rules.js'

const context = { operation: 'sessions.create' } as const
const usd = (amount: number): CreateSessionInput => ({ amount: { amount, currency: 'USD' } })

function ruleError(build: () => unknown): InvalidRequestError {
  try {
    build()
  } catch (error) {
    if (InvalidRequestError.isInstance(error)) return error
    throw error
  }
  throw new Error('expected the rule to be refused')
}

describe('byCurrency', () => {
  const rule = byCurrency({ BDT: 'fastaar', USD: ['faststar', 'paystar'] })

  it('routes by the currency of the amount, a list kept in order', () => {
    expect(rule({ amount: { amount: 107_900, currency: 'BDT' } }, context)).toBe('fastaar')
    expect(rule(usd(500), context)).toEqual(['faststar', 'paystar'])
  })

  it('reads the currency of line items that all carry an amount', () => {
    const input = { lineItems: [{ amount: { amount: 250, currency: 'BDT' }, quantity: 2 }] }
    expect(rule(input, context)).toBe('fastaar')
  })

  it('leaves calls without an amount, or in another currency, to the next rule', () => {
    expect(rule({ lineItems: [{ priceId: 'price_1' }] }, context)).toBeUndefined()
    expect(rule({ amount: { amount: 100, currency: 'EUR' } }, context)).toBeUndefined()
    expect(rule(undefined, { operation: 'catalog.products.list' })).toBeUndefined()
  })

  it('lists the gateways it can name, for the router to check', () => {
    expect(rule.gateways).toEqual(['fastaar', 'faststar', 'paystar'])
  })

  it('refuses a key that is not an ISO 4217 code when built', () => {
    expect(ruleError(() => byCurrency({ usd: 'faststar' })).message).toContain('"usd" is not an ISO 4217')
    expect(ruleError(() => byCurrency({ XYZ: 'faststar' })).code).toBe('invalid_route')
  })

  it('refuses an empty target list when built', () => {
    expect(ruleError(() => byCurrency({ USD: [] })).message).toContain('non-empty list')
  })
})

describe('byCountry', () => {
  const rule = byCountry({ BD: 'fastaar' })

  it('routes by buyerCountry, whatever its case, and by the country of a tax quote', () => {
    expect(rule({ buyerCountry: 'bd' }, context)).toBe('fastaar')
    expect(
      rule({ amount: { amount: 100, currency: 'USD' }, country: 'BD' }, { operation: 'tax.calculate' }),
    ).toBe('fastaar')
    expect(rule({ buyerCountry: 'US' }, context)).toBeUndefined()
    expect(rule(usd(100), context)).toBeUndefined()
  })

  it('refuses a key that is not an upper-case alpha-2 code when built', () => {
    expect(ruleError(() => byCountry({ bd: 'fastaar' })).message).toContain('"bd"')
    expect(() => byCountry({ BGD: 'fastaar' })).toThrow(/alpha-2/)
  })
})

describe('byAmount', () => {
  const rule = byAmount([
    { currency: 'USD', max: 10_000, gateway: 'paystar' },
    { currency: 'USD', min: 10_000, gateway: 'faststar' },
    { currency: 'BDT', min: 100, max: 500_000, gateway: 'fastaar' },
  ])

  it('takes the first band holding the amount: min inclusive, max exclusive', () => {
    expect(rule(usd(9_999), context)).toBe('paystar')
    expect(rule(usd(10_000), context)).toBe('faststar')
    expect(rule({ amount: { amount: 99, currency: 'BDT' } }, context)).toBeUndefined()
    expect(rule({ amount: { amount: 100, currency: 'BDT' } }, context)).toBe('fastaar')
    expect(rule({ amount: { amount: 500_000, currency: 'BDT' } }, context)).toBeUndefined()
  })

  it('never compares amounts across currencies', () => {
    expect(rule({ amount: { amount: 50, currency: 'EUR' } }, context)).toBeUndefined()
  })

  it('adds up line items: quantity times amount', () => {
    const input = { lineItems: [{ amount: { amount: 4_000, currency: 'USD' }, quantity: 3 }] }
    expect(amountOf(input)).toEqual({ amount: 12_000, currency: 'USD' })
    expect(rule(input, context)).toBe('faststar')
  })

  it('leaves line items in mixed currencies alone', () => {
    const input = {
      lineItems: [{ amount: { amount: 1, currency: 'USD' } }, { amount: { amount: 1, currency: 'BDT' } }],
    }
    expect(amountOf(input)).toBeUndefined()
  })

  it('refuses fractional bounds and unknown currencies when built', () => {
    expect(ruleError(() => byAmount([{ currency: 'USD', max: 99.5, gateway: 'a' }])).message).toContain(
      'whole number of minor units',
    )
    expect(() => byAmount([{ currency: 'usd', gateway: 'a' }])).toThrow(/ISO 4217/)
  })
})

describe('byWeight', () => {
  it('keeps one reference on one gateway, call after call', () => {
    const rule = byWeight({ faststar: 50, paystar: 50 })
    const input = { ...usd(100), reference: 'ORDER-42' }
    const first = rule(input, context)
    for (let i = 0; i < 20; i++) expect(rule(input, context)).toBe(first)
  })

  it('splits references close to the weights', () => {
    const rule = byWeight({ faststar: 90, paystar: 10 })
    let paystar = 0
    for (let i = 0; i < 10_000; i++) if (rule({ reference: `ORDER-${i}` }, context) === 'paystar') paystar++
    expect(paystar).toBeGreaterThan(800)
    expect(paystar).toBeLessThan(1_200)
  })

  it('draws at random without a key, and never picks a weight of 0', () => {
    const draws = [0, 0.5, 0.89, 0.9, 0.99]
    const rule = byWeight({ faststar: 90, off: 0, paystar: 10 }, { random: () => draws.shift() ?? 0 })
    const picks = Array.from({ length: 5 }, () => rule(usd(100), context))
    expect(picks).toEqual(['faststar', 'faststar', 'faststar', 'paystar', 'paystar'])
    expect(rule.gateways).toEqual(['faststar', 'paystar'])
  })

  it('takes a key of your choosing', () => {
    const rule = byWeight({ a: 1, b: 1 }, { key: () => 'same-key' })
    const picks = new Set(Array.from({ length: 10 }, (_, i) => rule({ reference: `R${i}` }, context)))
    expect(picks.size).toBe(1)
  })

  it('refuses negative, fractional and all-zero weights when built', () => {
    expect(() => byWeight({ a: -1, b: 2 })).toThrow(/"a" must be a whole number/)
    expect(() => byWeight({ a: 0.5 })).toThrow(/whole number/)
    expect(() => byWeight({ a: 0 })).toThrow(/at least one weight/)
  })
})

describe('compose', () => {
  const rule = compose(byCurrency({ BDT: 'fastaar' }), byCountry({ BD: 'fastaar' }), ['faststar', 'paystar'])

  it('takes the first rule that answers, then the fallback', () => {
    expect(rule({ amount: { amount: 100, currency: 'BDT' } }, context)).toBe('fastaar')
    expect(rule({ ...usd(100), buyerCountry: 'BD' }, context)).toBe('fastaar')
    expect(rule(usd(100), context)).toEqual(['faststar', 'paystar'])
  })

  it('passes the context to hand-written rules', () => {
    const byOperation = compose((_input, { operation }) =>
      operation === 'tax.calculate' ? 'faststar' : undefined,
    )
    expect(byOperation(undefined, { operation: 'tax.calculate' })).toBe('faststar')
    expect(byOperation(undefined, context)).toBeUndefined()
  })

  it('lists every gateway its rules can name', () => {
    expect(rule.gateways).toEqual(['fastaar', 'faststar', 'paystar'])
  })
})

describe('a target names each gateway once (finding 8)', () => {
  it('every ready-made rule refuses a list with a repeat when built', () => {
    const builds = [
      () => byCurrency({ USD: ['faststar', 'faststar'] }),
      () => byCountry({ BD: ['fastaar', 'paystar', 'fastaar'] }),
      () => byAmount([{ currency: 'USD', min: 0, gateway: ['paystar', 'faststar', 'paystar'] }]),
      () => compose(byCurrency({ BDT: 'fastaar' }), ['faststar', 'faststar']),
    ]
    for (const build of builds) {
      const error = ruleError(build)
      expect(error).toMatchObject({ code: 'duplicate_route', issues: [{ path: 'route' }] })
      expect(error.message).toMatch(/names "(faststar|fastaar|paystar)" twice/)
    }
  })

  it('every ready-made rule refuses a target that is not ids, instead of crashing', () => {
    for (const target of [42, null, undefined, {}, [1], [''], '', [['faststar']]]) {
      expect(ruleError(() => byCurrency({ USD: target as never })).code).toBe('invalid_route')
      expect(ruleError(() => byAmount([{ currency: 'USD', gateway: target as never }])).code).toBe(
        'invalid_route',
      )
      expect(ruleError(() => compose(target as never)).code).toBe('invalid_route')
    }
  })

  it('targetProblem: fine for an id or distinct ids, a code and a reason for anything else', () => {
    expect(targetProblem('faststar')).toBeUndefined()
    expect(targetProblem(['faststar', 'paystar', 'fastaar'])).toBeUndefined()
    expect(targetProblem(['a', 'b', 'c', 'b'])?.code).toBe('duplicate_route')
    const reasons = new Map<unknown, string>([
      [[], 'an empty list'],
      ['', 'an empty string'],
      [null, 'null'],
      [7, 'a number'],
      [[7], 'a list holding something other than ids'],
      [Promise.resolve('faststar'), 'a Promise (a rule answers at once: it cannot be async)'],
    ])
    for (const [target, reason] of reasons) {
      expect(targetProblem(target)).toEqual({
        code: 'invalid_route',
        message: `a target must be a gateway id or a non-empty list of them, got ${reason}`,
      })
    }
  })
})

import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import * as zm from 'zod/mini'
import { InvalidRequestError } from '../errors/index.js'
import {
  assertMoney,
  currencyExponent,
  fromMajorUnits,
  ISO_4217_EXPONENTS,
  isCurrencyCode,
  lineTotalOverflow,
  money,
  toMajorNumber,
  toMajorUnits,
} from './index.js'
import { currencySchema, moneySchema, signedMoneySchema } from './money-schema.js'

function invalidRequest(fn: () => unknown): InvalidRequestError {
  try {
    fn()
  } catch (error) {
    if (InvalidRequestError.isInstance(error)) return error
    throw error
  }
  throw new Error('expected an InvalidRequestError, but nothing was thrown')
}

/** Asserts `fn` throws an InvalidRequestError whose issues and message both name `path`. */
function expectInvalid(fn: () => unknown, path: string, message?: string | RegExp): InvalidRequestError {
  const error = invalidRequest(fn)
  expect(error.issues.map((issue) => issue.path)).toContain(path)
  expect(error.message).toContain(path)
  if (message !== undefined) expect(error.message).toMatch(message)
  expect(error.retryable).toBe(false)
  return error
}

describe('ISO_4217_EXPONENTS', () => {
  it.each([
    ['BDT', 2],
    ['USD', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['JOD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['LYD', 3],
    ['IQD', 3],
    ['CLF', 4],
    ['UYW', 4],
    ['ISK', 0],
    ['KRW', 0],
    ['VND', 0],
    ['XAF', 0],
    ['XOF', 0],
    ['XPF', 0],
    ['PYG', 0],
    ['UGX', 0],
    ['RWF', 0],
    ['BIF', 0],
    ['DJF', 0],
    ['GNF', 0],
    ['KMF', 0],
    ['VUV', 0],
    ['CLP', 0],
    ['UYI', 0],
    ['BOV', 2],
    ['CHE', 2],
    ['CHW', 2],
    ['COU', 2],
    ['MXV', 2],
    ['USN', 2],
    ['XAD', 2],
    ['XCG', 2],
    ['ZWG', 2],
    ['SLE', 2],
    ['VED', 2],
    ['VES', 2],
  ])('%s has exponent %i', (code, exponent) => {
    expect(ISO_4217_EXPONENTS[code]).toBe(exponent)
  })

  it.each(['XAU', 'XAG', 'XPT', 'XPD', 'XDR', 'XSU', 'XUA', 'XBA', 'XBB', 'XBC', 'XBD', 'XTS', 'XXX'])(
    'leaves out %s, whose minor unit is N.A.',
    (code) => {
      expect(Object.hasOwn(ISO_4217_EXPONENTS, code)).toBe(false)
    },
  )

  it.each(['ANG', 'BGN', 'CUC', 'HRK', 'SLL', 'ZWL', 'VEF', 'LTL'])('leaves out the withdrawn %s', (code) => {
    expect(Object.hasOwn(ISO_4217_EXPONENTS, code)).toBe(false)
  })

  it('holds 165 upper-case three-letter codes with exponents 0, 2, 3 or 4', () => {
    const entries = Object.entries(ISO_4217_EXPONENTS)
    expect(entries).toHaveLength(165)
    for (const [code, exponent] of entries) {
      expect(code).toMatch(/^[A-Z]{3}$/)
      expect([0, 2, 3, 4]).toContain(exponent)
    }
  })

  it('is frozen', () => {
    expect(Object.isFrozen(ISO_4217_EXPONENTS)).toBe(true)
    expect(() => {
      ;(ISO_4217_EXPONENTS as Record<string, number>).USD = 3
    }).toThrow(TypeError)
    expect(ISO_4217_EXPONENTS.USD).toBe(2)
  })
})

describe('isCurrencyCode', () => {
  it('accepts upper-case active codes', () => {
    expect(isCurrencyCode('USD')).toBe(true)
    expect(isCurrencyCode('BDT')).toBe(true)
    expect(isCurrencyCode('CLF')).toBe(true)
  })

  it.each(['usd', 'Usd', ' USD', 'USD ', 'XAU', 'HRK', 'US', '', 'constructor', '__proto__', 'toString'])(
    'rejects %j',
    (code) => {
      expect(isCurrencyCode(code)).toBe(false)
    },
  )

  it.each([undefined, null, 840, {}, ['USD']])('rejects the non-string %j', (code) => {
    expect(isCurrencyCode(code)).toBe(false)
  })
})

describe('currencyExponent', () => {
  it('returns the exponent of a known code', () => {
    expect(currencyExponent('USD')).toBe(2)
    expect(currencyExponent('JPY')).toBe(0)
    expect(currencyExponent('KWD')).toBe(3)
    expect(currencyExponent('CLF')).toBe(4)
  })

  it('rejects a lower-case code with a hint, naming the currency field', () => {
    const error = expectInvalid(() => currencyExponent('usd'), 'currency', "use 'USD'")
    expect(error.provider).toBe('paymux')
    expect(error.code).toBe('invalid_request')
    expect(error.issues).toEqual([{ path: 'currency', message: expect.stringContaining("use 'USD'") }])
  })

  it('rejects an unknown code', () => {
    const error = expectInvalid(() => currencyExponent('ABC'), 'currency', /ISO 4217/)
    expect(error.message).not.toContain('use ')
    expectInvalid(() => currencyExponent('XAU'), 'currency')
    expectInvalid(() => currencyExponent(''), 'currency')
  })

  it('names the given field and provider', () => {
    const error = expectInvalid(
      () => currencyExponent('eur', { field: 'order.currency', provider: 'faststar' }),
      'order.currency',
      "use 'EUR'",
    )
    expect(error.provider).toBe('faststar')
  })

  it('rejects non-strings from untyped callers', () => {
    expectInvalid(() => currencyExponent(840 as unknown as string), 'currency', /got 840/)
    expectInvalid(() => currencyExponent(undefined as unknown as string), 'currency', /required/)
  })
})

describe('assertMoney', () => {
  it('accepts a valid money object', () => {
    const value: unknown = { amount: 50050, currency: 'BDT' }
    assertMoney(value)
    expect(value.amount).toBe(50050)
    expect(() => assertMoney({ amount: 0, currency: 'JPY' })).not.toThrow()
    expect(() => assertMoney({ amount: Number.MAX_SAFE_INTEGER, currency: 'USD' })).not.toThrow()
  })

  it.each([
    [Number.NaN, /got NaN/],
    [Number.POSITIVE_INFINITY, /got Infinity/],
    [Number.NEGATIVE_INFINITY, /got -Infinity/],
    [1.5, /integer number of USD minor units \(cents\), got 1\.5/],
    [10.5, /integer number of USD minor units \(cents\), got 10\.5/],
    [2 ** 53, /at most 9007199254740991 minor units/],
    [-(2 ** 53), /at most 9007199254740991 minor units/],
    ['100', /got "100"/],
    [null, /got null/],
    [undefined, /required/],
    [100n, /got the bigint 100/],
  ])('rejects the amount %s, naming amount.amount', (amount, message) => {
    expectInvalid(() => assertMoney({ amount, currency: 'USD' }), 'amount.amount', message)
  })

  it('rejects a negative amount unless allowNegative', () => {
    expectInvalid(
      () => assertMoney({ amount: -1, currency: 'USD' }),
      'amount.amount',
      /must not be negative, got -1/,
    )
    expect(() => assertMoney({ amount: -1, currency: 'USD' }, { allowNegative: true })).not.toThrow()
    expect(() =>
      assertMoney({ amount: -Number.MAX_SAFE_INTEGER, currency: 'USD' }, { allowNegative: true }),
    ).not.toThrow()
  })

  it('accepts -0 as zero', () => {
    expect(() => assertMoney({ amount: -0, currency: 'USD' })).not.toThrow()
  })

  it.each([
    ['usd', /use 'USD'/],
    ['XAU', /active ISO 4217/],
    ['HRK', /active ISO 4217/],
    ['', /active ISO 4217/],
    [undefined, /required/],
    [840, /got 840/],
  ])('rejects the currency %j, naming amount.currency', (currency, message) => {
    expectInvalid(() => assertMoney({ amount: 100, currency }), 'amount.currency', message)
  })

  it.each([null, undefined, 'USD 5', 500, []])('rejects the non-object %j, naming the field', (value) => {
    expectInvalid(() => assertMoney(value), 'amount', /a money object \{ amount, currency \}/)
  })

  it('lets other keys through: it asserts a Money, it does not validate an input', () => {
    expect(() => assertMoney({ amount: 1, currency: 'USD', label: 'fee' })).not.toThrow()
  })

  it('reports every bad part at once', () => {
    const error = invalidRequest(() => assertMoney({ amount: 1.5, currency: 'usd' }))
    expect(error.issues.map((issue) => issue.path)).toEqual(['amount.amount', 'amount.currency'])
    expect(error.message).toContain('amount.amount')
    expect(error.message).toContain('amount.currency')
  })

  it('names the given field and provider', () => {
    const error = expectInvalid(
      () => assertMoney({ amount: 10.5, currency: 'USD' }, { field: 'refund.amount', provider: 'fastaar' }),
      'refund.amount.amount',
      /got 10\.5/,
    )
    expect(error.provider).toBe('fastaar')
  })
})

describe('money', () => {
  it('builds a frozen Money', () => {
    const value = money(50050, 'BDT')
    expect(value).toEqual({ amount: 50050, currency: 'BDT' })
    expect(Object.isFrozen(value)).toBe(true)
  })

  it('turns -0 into 0', () => {
    expect(Object.is(money(-0, 'USD').amount, 0)).toBe(true)
  })

  it('rejects bad arguments, naming amount and currency', () => {
    expectInvalid(() => money(1.5, 'USD'), 'amount', /got 1\.5/)
    expectInvalid(() => money(-1, 'USD'), 'amount', /must not be negative/)
    expectInvalid(() => money(Number.NaN, 'USD'), 'amount', /got NaN/)
    expectInvalid(() => money(2 ** 53, 'USD'), 'amount', /at most/)
    expectInvalid(() => money(100, 'usd'), 'currency', /use 'USD'/)
    expectInvalid(() => money(100, 'ZZZ'), 'currency', /active ISO 4217/)
  })
})

describe('toMajorUnits', () => {
  it.each([
    [50050, 'BDT', '500.50'],
    [1, 'JPY', '1'],
    [0, 'JPY', '0'],
    [1234, 'KWD', '1.234'],
    [1, 'KWD', '0.001'],
    [5, 'USD', '0.05'],
    [0, 'USD', '0.00'],
    [100, 'USD', '1.00'],
    [-500, 'USD', '-5.00'],
    [-5, 'USD', '-0.05'],
    [-1, 'JPY', '-1'],
    [12345, 'CLF', '1.2345'],
    [1, 'UYW', '0.0001'],
    [Number.MAX_SAFE_INTEGER, 'USD', '90071992547409.91'],
    [-Number.MAX_SAFE_INTEGER, 'USD', '-90071992547409.91'],
    [Number.MAX_SAFE_INTEGER, 'JPY', '9007199254740991'],
  ])('%i %s is %s', (amount, currency, expected) => {
    expect(toMajorUnits({ amount, currency })).toBe(expected)
  })

  it('prints -0 as zero', () => {
    expect(toMajorUnits({ amount: -0, currency: 'USD' })).toBe('0.00')
  })

  it('validates its input first', () => {
    expectInvalid(() => toMajorUnits({ amount: 1.5, currency: 'USD' }), 'amount.amount', /got 1\.5/)
    expectInvalid(() => toMajorUnits({ amount: 100, currency: 'usd' }), 'amount.currency', /use 'USD'/)
    expectInvalid(
      () => toMajorUnits({ amount: Number.NaN, currency: 'USD' }, { field: 'total' }),
      'total.amount',
      /got NaN/,
    )
  })
})

describe('toMajorNumber', () => {
  it('returns the closest number', () => {
    expect(toMajorNumber({ amount: 50050, currency: 'BDT' })).toBe(500.5)
    expect(toMajorNumber({ amount: 1234, currency: 'KWD' })).toBe(1.234)
    expect(toMajorNumber({ amount: 1, currency: 'JPY' })).toBe(1)
    expect(toMajorNumber({ amount: -5, currency: 'USD' })).toBe(-0.05)
  })

  it('validates its input first', () => {
    expectInvalid(() => toMajorNumber({ amount: 0.5, currency: 'USD' }), 'amount.amount')
  })
})

describe('fromMajorUnits', () => {
  it.each([
    ['500.50', 'BDT', 50050],
    ['500.5', 'BDT', 50050],
    ['500', 'BDT', 50000],
    [500, 'BDT', 50000],
    [500.5, 'BDT', 50050],
    ['500.500', 'BDT', 50050],
    ['500.50000000000000000000', 'BDT', 50050],
    ['1.234', 'KWD', 1234],
    ['0.001', 'KWD', 1],
    [1.234, 'KWD', 1234],
    ['1', 'JPY', 1],
    ['1.000', 'JPY', 1],
    [1, 'JPY', 1],
    ['1.2345', 'CLF', 12345],
    ['0.05', 'USD', 5],
    ['0', 'USD', 0],
    ['0.00', 'USD', 0],
    ['007.50', 'USD', 750],
    ['90071992547409.91', 'USD', Number.MAX_SAFE_INTEGER],
    ['9007199254740991', 'JPY', Number.MAX_SAFE_INTEGER],
    [0.1, 'USD', 10],
    [1e-3, 'KWD', 1],
  ])('%j %s is %i minor units', (value, currency, amount) => {
    const result = fromMajorUnits(value, currency)
    expect(result).toEqual({ amount, currency })
    expect(Object.isFrozen(result)).toBe(true)
  })

  it('accepts a leading minus only with allowNegative', () => {
    expect(fromMajorUnits('-5.00', 'USD', { allowNegative: true })).toEqual({ amount: -500, currency: 'USD' })
    expect(fromMajorUnits(-5, 'USD', { allowNegative: true })).toEqual({ amount: -500, currency: 'USD' })
    expect(fromMajorUnits('-1.234', 'KWD', { allowNegative: true })).toEqual({
      amount: -1234,
      currency: 'KWD',
    })
    expectInvalid(() => fromMajorUnits('-5.00', 'USD'), 'amount', /must not be negative, got "-5.00"/)
    expectInvalid(() => fromMajorUnits(-5, 'USD'), 'amount', /must not be negative, got -5/)
    expectInvalid(() => fromMajorUnits('-0', 'USD'), 'amount', /must not be negative/)
  })

  it('turns a negative zero into 0', () => {
    expect(Object.is(fromMajorUnits('-0.00', 'USD', { allowNegative: true }).amount, 0)).toBe(true)
    expect(Object.is(fromMajorUnits(-0, 'USD').amount, 0)).toBe(true)
  })

  it('rejects more fraction digits than the currency has, saying how many it has', () => {
    const error = expectInvalid(() => fromMajorUnits('500.005', 'BDT'), 'amount', /BDT has 2 decimal places/)
    expect(error.issues).toEqual([{ path: 'amount', message: expect.stringContaining('"500.005"') }])
    expectInvalid(() => fromMajorUnits('1.5', 'JPY'), 'amount', /JPY has 0 decimal places/)
    expectInvalid(() => fromMajorUnits('1.2345', 'KWD'), 'amount', /KWD has 3 decimal places/)
    expectInvalid(() => fromMajorUnits(500.005, 'BDT'), 'amount', /BDT has 2 decimal places/)
  })

  it.each([
    ['', /must not be empty/],
    ['   ', /must not be blank/],
    ['\t\n', /must not be blank/],
    [' 5.00', /surrounding whitespace/],
    ['5.00 ', /surrounding whitespace/],
    ['1e3', /exponent notation/],
    ['1E3', /exponent notation/],
    ['abc', /plain decimal/],
    ['1,000.00', /separators/],
    ['1_000', /separators/],
    ['1 000', /separators/],
    ['+5', /"\+" sign/],
    ['.5', /digit before the decimal point/],
    ['-.5', /digit before the decimal point/],
    ['5.', /plain decimal/],
    ['-', /plain decimal/],
    ['1.2.3', /plain decimal/],
    ['0x10', /plain decimal/],
    ['Infinity', /plain decimal/],
    ['NaN', /plain decimal/],
    ['٥', /plain decimal/],
  ])('rejects the string %j', (value, message) => {
    expectInvalid(() => fromMajorUnits(value, 'USD', { allowNegative: true }), 'amount', message)
  })

  it.each([
    [Number.NaN, /finite number of USD, got NaN/],
    [Number.POSITIVE_INFINITY, /finite number of USD, got Infinity/],
    [Number.NEGATIVE_INFINITY, /finite number of USD, got -Infinity/],
  ])('rejects the number %s', (value, message) => {
    expectInvalid(() => fromMajorUnits(value, 'USD', { allowNegative: true }), 'amount', message)
  })

  it('rejects a number that is not exactly representable in the currency, never rounding it', () => {
    expectInvalid(
      () => fromMajorUnits(0.1 + 0.2, 'USD'),
      'amount',
      /0\.30000000000000004.*USD has 2 decimal places/,
    )
    expectInvalid(() => fromMajorUnits(1.005 * 1000, 'USD'), 'amount', /USD has 2 decimal places/)
    expectInvalid(() => fromMajorUnits(1e-7, 'USD'), 'amount', /USD has 2 decimal places/)
    expectInvalid(() => fromMajorUnits(5e-324, 'CLF'), 'amount', /CLF has 4 decimal places/)
  })

  it('expands exponent-notation numbers exactly before judging them', () => {
    expect(fromMajorUnits(1e-4, 'CLF')).toEqual({ amount: 1, currency: 'CLF' })
    expect(fromMajorUnits(-1e-4, 'CLF', { allowNegative: true })).toEqual({ amount: -1, currency: 'CLF' })
    expectInvalid(() => fromMajorUnits(1e21, 'JPY'), 'amount', /too large/)
    expectInvalid(() => fromMajorUnits(1.5e300, 'JPY'), 'amount', /too large/)
  })

  it('rejects results beyond Number.MAX_SAFE_INTEGER minor units', () => {
    expectInvalid(
      () => fromMajorUnits('90071992547409.92', 'USD'),
      'amount',
      /too large: at most 90071992547409\.91 USD/,
    )
    expectInvalid(() => fromMajorUnits('9007199254740992', 'JPY'), 'amount', /too large/)
    expectInvalid(() => fromMajorUnits(9007199254740992, 'JPY'), 'amount', /too large/)
    expectInvalid(
      () => fromMajorUnits('-90071992547409.92', 'USD', { allowNegative: true }),
      'amount',
      /too large/,
    )
    expectInvalid(() => fromMajorUnits('9'.repeat(10_000), 'USD'), 'amount', /too large/)
    expect(fromMajorUnits(`${'0'.repeat(10_000)}1`, 'USD')).toEqual({ amount: 100, currency: 'USD' })
  })

  it('rejects values that are neither strings nor numbers', () => {
    expectInvalid(() => fromMajorUnits(null as unknown as string, 'USD'), 'amount', /got null/)
    expectInvalid(
      () => fromMajorUnits(5n as unknown as string, 'USD'),
      'amount',
      /decimal string or a number/,
    )
  })

  it('names the given field and provider', () => {
    const error = expectInvalid(
      () => fromMajorUnits('abc', 'USD', { field: 'order.total', provider: 'faststar' }),
      'order.total',
    )
    expect(error.provider).toBe('faststar')
  })

  it('reports a bad currency at the sibling currency field, or at currencyField', () => {
    expectInvalid(() => fromMajorUnits('5.00', 'usd'), 'currency', /use 'USD'/)
    expectInvalid(() => fromMajorUnits('5.00', 'XAU', { field: 'order.total' }), 'order.currency')
    expectInvalid(
      () => fromMajorUnits('5.00', 'ABC', { field: 'price', currencyField: 'price_currency' }),
      'price_currency',
    )
  })
})

describe('currencySchema', () => {
  it('accepts an active upper-case code', () => {
    expect(currencySchema.parse('BDT')).toBe('BDT')
  })

  it.each([
    ['usd', /use 'USD'/],
    ['XAU', /active ISO 4217/],
    ['', /active ISO 4217/],
    [840, /got 840/],
    [undefined, /required/],
  ])('rejects %j', (value, message) => {
    const result = currencySchema.safeParse(value)
    expect(result.success).toBe(false)
    expect(result.error?.issues).toHaveLength(1)
    expect(result.error?.issues[0]?.message).toMatch(message)
  })
})

describe('moneySchema', () => {
  it('accepts a valid money object', () => {
    expect(moneySchema.parse({ amount: 50050, currency: 'BDT' })).toEqual({ amount: 50050, currency: 'BDT' })
    expect(moneySchema.parse({ amount: 0, currency: 'JPY' })).toEqual({ amount: 0, currency: 'JPY' })
  })

  it.each([
    [
      10.5,
      "must be an integer number of USD minor units (cents), got 10.5: for an amount in major units, use fromMajorUnits('10.5', 'USD')",
    ],
    [Number.NaN, 'must be an integer number of USD minor units (cents), got NaN'],
    [Number.POSITIVE_INFINITY, 'must be an integer number of USD minor units (cents), got Infinity'],
    [2 ** 53, 'must be at most 9007199254740991 minor units in size (a safe integer), got 9007199254740992'],
    [-1, 'must not be negative, got -1'],
    [
      '100',
      "must be an integer number of USD minor units (cents), got \"100\": for an amount in major units, use fromMajorUnits('100', 'USD')",
    ],
    [undefined, 'is required: an integer number of USD minor units (cents)'],
  ])('puts a bad amount %s at the path amount', (amount, message) => {
    const result = moneySchema.safeParse({ amount, currency: 'USD' })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([[['amount'], message]])
  })

  it.each([
    [
      'BDT',
      500.5,
      "must be an integer number of BDT minor units (poisha), got 500.5: for an amount in major units, use fromMajorUnits('500.5', 'BDT')",
    ],
    [
      'BDT',
      '500.50',
      "must be an integer number of BDT minor units (poisha), got \"500.50\": for an amount in major units, use fromMajorUnits('500.50', 'BDT')",
    ],
    [
      'KWD',
      1.5,
      "must be an integer number of KWD minor units (fils), got 1.5: for an amount in major units, use fromMajorUnits('1.5', 'KWD')",
    ],
    ['JPY', 1.5, 'must be an integer number of JPY (JPY has no minor unit), got 1.5'],
    [
      'CHF',
      1.5,
      "must be an integer number of CHF minor units, got 1.5: for an amount in major units, use fromMajorUnits('1.5', 'CHF')",
    ],
    ['XYZ', 1.5, 'must be an integer number of minor units, got 1.5'],
  ])('names the minor unit of %s for the amount %j', (currency, amount, message) => {
    const result = moneySchema.safeParse({ amount, currency })
    expect(result.error?.issues[0]).toMatchObject({ path: ['amount'], message })
  })

  it('refuses an unknown key of the money object, suggesting the known one', () => {
    const result = moneySchema.safeParse({ amount: 100, currency: 'USD', curency: 'EUR' })
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['curency'], 'unknown key; did you mean "currency"?'],
    ])
  })

  it('never runs a chained refinement on a value that is not money', () => {
    const positive = moneySchema.check(zm.refine((value) => value.amount > 0, 'must be more than zero'))
    expect(positive.safeParse(undefined).error?.issues).toHaveLength(1)
    expect(positive.safeParse({ amount: 0, currency: 'USD' }).error?.issues[0]?.message).toBe(
      'must be more than zero',
    )
  })

  it('puts a bad currency at the path currency', () => {
    const result = moneySchema.safeParse({ amount: 100, currency: 'usd' })
    expect(result.error?.issues).toHaveLength(1)
    expect(result.error?.issues[0]?.path).toEqual(['currency'])
    expect(result.error?.issues[0]?.message).toContain("use 'USD'")
  })

  it('reports both fields at once', () => {
    const result = moneySchema.safeParse({ amount: 1.5, currency: 'XAU' })
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['amount'], ['currency']])
  })

  it('carries the full path when nested', () => {
    const schema = z.object({ lineItems: z.array(z.object({ unitAmount: moneySchema })) })
    const result = schema.safeParse({ lineItems: [{ unitAmount: { amount: 10.5, currency: 'USD' } }] })
    expect(result.error?.issues[0]?.path).toEqual(['lineItems', 0, 'unitAmount', 'amount'])
  })

  it('is a zod/mini schema: a mini object holds it the same way, missing or nested', () => {
    const schema = zm.strictObject({ lineItems: zm.array(zm.strictObject({ unitAmount: moneySchema })) })
    const result = schema.safeParse({ lineItems: [{ unitAmount: { amount: 10.5, currency: 'USD' } }, {}] })
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['lineItems', 0, 'unitAmount', 'amount'], expect.stringMatching(/^must be an integer number of USD/)],
      [['lineItems', 1, 'unitAmount'], 'is required: a money object { amount, currency }'],
    ])
  })

  it.each([
    [null, 'null'],
    ['USD 5', '"USD 5"'],
    [5, '5'],
    [[], 'an array'],
  ])('rejects the non-object %j at the root', (value, shown) => {
    const result = moneySchema.safeParse(value)
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [[], `must be a money object { amount, currency }, got ${shown}`],
    ])
  })

  it('says a missing money object is required', () => {
    const result = z.object({ amount: moneySchema }).safeParse({})
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['amount'], 'is required: a money object { amount, currency }'],
    ])
  })
})

describe('signedMoneySchema', () => {
  it('accepts negative amounts', () => {
    expect(signedMoneySchema.parse({ amount: -500, currency: 'USD' })).toEqual({
      amount: -500,
      currency: 'USD',
    })
  })

  it('still rejects fractions and unsafe integers', () => {
    expect(signedMoneySchema.safeParse({ amount: -1.5, currency: 'USD' }).error?.issues[0]?.path).toEqual([
      'amount',
    ])
    expect(signedMoneySchema.safeParse({ amount: -(2 ** 53), currency: 'USD' }).success).toBe(false)
  })
})

describe('lineTotalOverflow', () => {
  const max = Number.MAX_SAFE_INTEGER

  it('passes totals that stay exact, up to MAX_SAFE_INTEGER itself', () => {
    expect(lineTotalOverflow([])).toBeUndefined()
    expect(lineTotalOverflow([{ amount: max }])).toBeUndefined()
    expect(lineTotalOverflow([{ amount: max - 1 }, { amount: 1 }])).toBeUndefined()
    expect(lineTotalOverflow([{ amount: 3, quantity: 3_002_399_751_580_330 }])).toBeUndefined()
  })

  it.each([
    ['a line whose amount × quantity passes it', [{ amount: 1 }, { amount: max, quantity: 2 }], 1],
    ['a product just past it', [{ amount: 2 ** 27, quantity: 2 ** 26 + 1 }], 0],
    ['a sum of safe lines', [{ amount: max }, { amount: 1 }], undefined],
    ['a sum of many lines', Array.from({ length: 3 }, () => ({ amount: 2 ** 52 })), undefined],
  ])('names %s', (_name, lines, index) => {
    const overflow = lineTotalOverflow(lines)
    expect(overflow?.index).toBe(index)
    expect(overflow?.message).toMatch(/more than 9007199254740991 minor units, too large to compute exactly/)
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidRequestError } from '../errors/index.js'
import { fromMajorUnits, ISO_4217_EXPONENTS, toMajorNumber, toMajorUnits } from './index.js'

const table = Object.entries(ISO_4217_EXPONENTS)
// 165 currencies × 60 runs ≈ 10,000 cases per property; the timeout leaves room for a loaded CI machine.
const runsPerCurrency = 60

const safeAmount = fc.oneof(
  fc.maxSafeInteger(),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.constantFrom(0, 1, -1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
)
const digit = fc.constantFrom(...'0123456789'.split(''))

/** The canonical major-units string of a sign, integer digits and fraction digits, computed independently. */
function canonical(negative: boolean, whole: string, fraction: string, exponent: number): string {
  const integer = whole.replace(/^0+/, '') || '0'
  const padded = fraction.padEnd(exponent, '0')
  const body = exponent === 0 ? integer : `${integer}.${padded}`
  const isZero = /^0*$/.test(integer + padded)
  return negative && !isZero ? `-${body}` : body
}

describe('money round trips, for every currency in the table', { timeout: 30_000 }, () => {
  it('minor → major → minor is the identity on safe integers, negative ones included', () => {
    for (const [currency] of table) {
      fc.assert(
        fc.property(safeAmount, (amount) => {
          const major = toMajorUnits({ amount, currency })
          const back = fromMajorUnits(major, currency, { allowNegative: true })
          expect(back).toEqual({ amount: amount === 0 ? 0 : amount, currency })
        }),
        { numRuns: runsPerCurrency },
      )
    }
  })

  it('a major string of random digits → minor → major gives its canonical form', () => {
    for (const [currency, exponent] of table) {
      // Fifteen significant digits in all keep every generated value below MAX_SAFE_INTEGER minor units.
      const whole = fc.string({ unit: digit, minLength: 1, maxLength: 15 - exponent })
      const fraction = fc.string({ unit: digit, minLength: 0, maxLength: exponent })
      const trailingZeros = fc.nat({ max: 4 })
      fc.assert(
        fc.property(
          fc.boolean(),
          whole,
          fraction,
          trailingZeros,
          fc.boolean(),
          (negative, w, f, zeros, withPoint) => {
            const extra = '0'.repeat(zeros)
            const fractionText = f + extra
            const text = `${negative ? '-' : ''}${w}${withPoint && fractionText !== '' ? `.${fractionText}` : ''}`
            const usedFraction = withPoint ? f : ''
            const minor = fromMajorUnits(text, currency, { allowNegative: true })
            expect(toMajorUnits(minor)).toBe(canonical(negative, w, usedFraction, exponent))
          },
        ),
        { numRuns: runsPerCurrency },
      )
    }
  })

  it('toMajorUnits always prints exactly as many fraction digits as the exponent', () => {
    for (const [currency, exponent] of table) {
      fc.assert(
        fc.property(safeAmount, (amount) => {
          const major = toMajorUnits({ amount, currency })
          const [, fraction] = major.split('.')
          if (exponent === 0) expect(major).not.toContain('.')
          else expect(fraction).toHaveLength(exponent)
          expect(major).toMatch(/^-?(0|[1-9]\d*)(\.\d+)?$/)
        }),
        { numRuns: runsPerCurrency },
      )
    }
  })

  it('a number is either parsed exactly or rejected with an InvalidRequestError, never rounded', () => {
    for (const [currency, exponent] of table) {
      // Doubles with few decimals are the interesting ones: most random doubles carry too many.
      const cents = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map((n) => n / 10 ** exponent)
      fc.assert(
        fc.property(fc.oneof(fc.double(), cents), (value) => {
          let result: ReturnType<typeof fromMajorUnits>
          try {
            result = fromMajorUnits(value, currency, { allowNegative: true })
          } catch (error) {
            expect(InvalidRequestError.isInstance(error)).toBe(true)
            return
          }
          expect(toMajorNumber(result)).toBe(value === 0 ? 0 : value)
          expect(Number.isSafeInteger(result.amount)).toBe(true)
        }),
        { numRuns: runsPerCurrency },
      )
    }
  })

  it('a string with more fraction digits than the exponent allows is rejected unless they are zeros', () => {
    for (const [currency, exponent] of table) {
      const excess = fc
        .string({ unit: digit, minLength: 1, maxLength: 6 })
        .filter((tail) => /[1-9]/.test(tail))
      fc.assert(
        fc.property(fc.nat({ max: 1_000_000 }), excess, (whole, tail) => {
          const text = `${whole}.${'0'.repeat(exponent)}${tail}`
          expect(() => fromMajorUnits(text, currency)).toThrow(
            new RegExp(`${currency} has ${exponent} decimal places`),
          )
        }),
        { numRuns: runsPerCurrency },
      )
    }
  })
})

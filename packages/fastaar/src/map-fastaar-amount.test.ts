import { InvalidRequestError } from '@paymux/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromFastaarAmount, MAX_EXACT_POISHA, toFastaarAmount } from './map-fastaar-amount.js'

describe('toFastaarAmount / fromFastaarAmount', () => {
  it.each([
    [50000, 500, '500.00'],
    [50050, 500.5, '500.50'],
    [1, 0.01, '0.01'],
    [1079, 10.79, '10.79'],
    [100, 1, '1.00'],
  ])('%i poisha is %s taka as a number and %j as a string', (poisha, asNumber, asString) => {
    const money = { amount: poisha, currency: 'BDT' }
    expect(toFastaarAmount(money, 'number')).toBe(asNumber)
    expect(toFastaarAmount(money, 'string')).toBe(asString)
    expect(JSON.stringify({ amount: toFastaarAmount(money, 'number') })).toBe(`{"amount":${asNumber}}`)
  })

  it('reads what Fastaar writes, exactly', () => {
    expect(fromFastaarAmount('500.00')).toEqual({ amount: 50000, currency: 'BDT' })
    expect(fromFastaarAmount('0.07')).toEqual({ amount: 7, currency: 'BDT' })
    expect(fromFastaarAmount(500)).toEqual({ amount: 50000, currency: 'BDT' })
  })

  it('refuses a third decimal place instead of rounding it', () => {
    expect(() => fromFastaarAmount('500.005')).toThrow(InvalidRequestError)
  })

  it('refuses to send as a number what a double could not print back exactly', () => {
    const error = (() => {
      try {
        toFastaarAmount({ amount: MAX_EXACT_POISHA + 1, currency: 'BDT' }, 'number')
      } catch (caught) {
        return caught
      }
    })()
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).issues).toEqual([
      { path: 'amount.amount', message: `must be at most ${MAX_EXACT_POISHA} poisha` },
    ])
    expect(toFastaarAmount({ amount: MAX_EXACT_POISHA + 1, currency: 'BDT' }, 'string')).toBe(
      '10000000000000.00',
    )
  })

  it('property: any amount in poisha survives neutral → native → neutral unchanged', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_EXACT_POISHA }),
        fc.constantFrom('number', 'string'),
        (poisha, format) => {
          const money = { amount: poisha, currency: 'BDT' }
          const wire = toFastaarAmount(money, format as 'number' | 'string')
          // Through JSON, as it travels: the number is printed and parsed again.
          const travelled = JSON.parse(JSON.stringify({ amount: wire })).amount as number | string
          expect(fromFastaarAmount(travelled)).toEqual(money)
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('property: every taka string Fastaar can write reads back to the poisha it stands for', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 9_999_999_999_999n }),
        fc.integer({ min: 0, max: 99 }),
        (taka, poisha) => {
          const text = `${taka}.${String(poisha).padStart(2, '0')}`
          const money = fromFastaarAmount(text)
          expect(BigInt(money.amount)).toBe(taka * 100n + BigInt(poisha))
          expect(toFastaarAmount(money, 'string')).toBe(text)
        },
      ),
    )
  })
})

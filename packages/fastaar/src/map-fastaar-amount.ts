import type { Money } from '@paymux/core'
import { fromMajorUnits, InvalidRequestError, toMajorUnits } from '@paymux/core/adapter-kit'

/** How an amount is written in a request body. */
export type FastaarAmountFormat = 'number' | 'string'

/**
 * The largest amount, in poisha, that paymux sends as a JSON number: 15
 * significant digits, the most a double holds so that every value prints back
 * as exactly the same decimal. (৳9,999,999,999,999.99, far above any payment.)
 */
export const MAX_EXACT_POISHA = 999_999_999_999_999

/**
 * Poisha to the taka value of a request body, exactly: 50050 → `500.5` (a JSON
 * number, as the documents show) or `"500.50"` (format `'string'`). The number
 * is made from the exact decimal string and checked to print back as the same
 * decimal, so no float rounding can slip in.
 */
export function toFastaarAmount(
  money: Money,
  format: FastaarAmountFormat,
  field = 'amount',
): number | string {
  const text = toMajorUnits(money, { provider: 'fastaar', field })
  if (format === 'string') return text
  if (Math.abs(money.amount) > MAX_EXACT_POISHA) {
    throw new InvalidRequestError({
      provider: 'fastaar',
      message: `fastaar: ${field}.amount ${money.amount} is too large to send exactly: at most ${MAX_EXACT_POISHA} poisha`,
      issues: [{ path: `${field}.amount`, message: `must be at most ${MAX_EXACT_POISHA} poisha` }],
    })
  }
  return Number(text)
}

/** A taka value from Fastaar (`"500.00"`, `500`) as poisha, exactly: `"500.50"` → `{ amount: 50050, currency: 'BDT' }`. */
export function fromFastaarAmount(value: string | number, field = 'amount'): Money {
  return fromMajorUnits(value, 'BDT', { provider: 'fastaar', field })
}

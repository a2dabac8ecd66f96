import * as z from 'zod'
import type { Money } from '../model/money.js'
import { currencyProblem, moneyProblems } from './money.js'

/**
 * An upper-case, active ISO 4217 code (`USD`, `BDT`, `JPY`); a wrong-case code
 * gets a hint (`use 'USD'`).
 */
export const currencySchema = z
  .string({ error: (issue) => currencyProblem(issue.input) })
  .check((payload) => {
    const message = currencyProblem(payload.value)
    if (message !== undefined) payload.issues.push({ code: 'custom', message, input: payload.value })
  })

/**
 * A {@link Money} an adapter accepts as input: `amount` a non-negative safe
 * integer of minor units, `currency` an upper-case ISO 4217 code, and no
 * other key (a misspelt `curency` is refused with a suggestion). Issues carry
 * the paths `amount` and `currency` under wherever the schema is nested; an
 * amount's message names the currency's minor unit (`BDT minor units
 * (poisha)`).
 */
export const moneySchema = moneyObject(false)

/** Like {@link moneySchema} but `amount` may be negative (adjustments, balances, refunds shown as debits). */
export const signedMoneySchema = moneyObject(true)

// One check of the whole object, not one per field: the amount's message needs the currency.
function moneyObject(allowNegative: boolean): z.ZodType<Money, Money> {
  return z.unknown().check((payload) => {
    for (const { key, message } of moneyProblems(payload.value, allowNegative, true)) {
      // `continue: false`: refinements chained after this one never see a value that is not Money.
      payload.issues.push({
        code: 'custom',
        message,
        input: payload.value,
        ...(key === undefined ? {} : { path: [key] }),
        continue: false,
      })
    }
  }) as unknown as z.ZodType<Money, Money>
}

import * as z from 'zod/mini'
import type { Money } from '../model/money.js'
import { currencyProblem, moneyProblems } from './money.js'

// zod/mini schemas, loaded only through `@paymux/core/schemas`. Classic zod
// schemas can hold them too (`z.optional(moneySchema)`, the function form:
// zod/mini schemas have no `.optional()` method).

/**
 * An upper-case, active ISO 4217 code (`USD`, `BDT`, `JPY`); a wrong-case code
 * gets a hint (`use 'USD'`).
 */
export const currencySchema: z.ZodMiniType<string, string> = z
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
export const moneySchema: z.ZodMiniType<Money, Money> = moneyObject(false)

/** Like {@link moneySchema} but `amount` may be negative (adjustments, balances, refunds shown as debits). */
export const signedMoneySchema: z.ZodMiniType<Money, Money> = moneyObject(true)

// One check of the whole object, not one per field: the amount's message needs the currency.
function moneyObject(allowNegative: boolean): z.ZodMiniType<Money, Money> {
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
  }) as unknown as z.ZodMiniType<Money, Money>
}

import * as z from 'zod'
import { amountProblem, currencyProblem } from './money.js'

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
 * integer of minor units, `currency` an upper-case ISO 4217 code. Issues carry
 * the paths `amount` and `currency` under wherever the schema is nested.
 */
export const moneySchema = moneyObject(false)

/** Like {@link moneySchema} but `amount` may be negative (adjustments, balances, refunds shown as debits). */
export const signedMoneySchema = moneyObject(true)

function amountSchema(allowNegative: boolean) {
  return z.number({ error: (issue) => amountProblem(issue.input, allowNegative) }).check((payload) => {
    const message = amountProblem(payload.value, allowNegative)
    if (message !== undefined) payload.issues.push({ code: 'custom', message, input: payload.value })
  })
}

function moneyObject(allowNegative: boolean) {
  return z.object(
    { amount: amountSchema(allowNegative), currency: currencySchema },
    {
      error: (issue) =>
        issue.input === undefined
          ? 'is required: a money object { amount, currency }'
          : 'must be a money object { amount, currency }',
    },
  )
}

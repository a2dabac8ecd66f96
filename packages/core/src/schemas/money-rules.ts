import type * as z from 'zod/mini'
import type { Money } from '../model/money.js'
import { moneySchema } from '../money/money-schema.js'

/**
 * Why `money`'s currency is not one a gateway takes, or undefined:
 * `Fastaar takes BDT only, got "USD"`. `'any'` takes every code.
 */
export function currencyNotTaken(
  money: Money,
  currencies: readonly string[] | 'any',
  name: string,
): string | undefined {
  if (currencies === 'any' || currencies.includes(money.currency)) return undefined
  const taken = currencies.length === 1 ? `${currencies[0]} only` : `only ${currencies.join(', ')}`
  return `${name} takes ${taken}, got "${money.currency}"`
}

/**
 * A zod `.check()` for a Money value: its currency must be one of
 * `currencies` (a gateway's `capabilities.currencies`), or the issue is at
 * `currency`: `moneySchema.check(takesCurrencies(['BDT'], 'Fastaar'))`.
 */
export function takesCurrencies(currencies: readonly string[] | 'any', name: string) {
  return (payload: z.core.ParsePayload<Money>): void => {
    const message = currencyNotTaken(payload.value, currencies, name)
    if (message !== undefined) {
      payload.issues.push({ code: 'custom', message, input: payload.value.currency, path: ['currency'] })
    }
  }
}

/** Why an amount that must pay for something is zero, or undefined. */
export function zeroAmountProblem(money: Money): string | undefined {
  return money.amount === 0 ? 'must be more than zero, got 0' : undefined
}

/**
 * A {@link moneySchema} whose amount is more than zero: what a charge or a
 * refund moves, where nothing at all is a mistake.
 */
export const positiveMoneySchema: z.ZodMiniType<Money, Money> = moneySchema.check((payload) => {
  const message = zeroAmountProblem(payload.value)
  if (message !== undefined) {
    payload.issues.push({ code: 'custom', message, input: payload.value.amount, path: ['amount'] })
  }
})

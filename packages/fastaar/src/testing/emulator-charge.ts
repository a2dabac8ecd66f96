import type { EmulatedCharge } from './emulator-store.js'
import { formatTaka, parseTaka } from './emulator-wire.js'

/**
 * The merchant's gateway fee, as the payment fields `gateway_charge`,
 * `gateway_charge_type`, `gateway_charge_value` and `amount_due` show it.
 * The documents name these fields but not their meaning: everything here is
 * a guess, off by default.
 */
export interface FastaarGatewayCharge {
  /** A percentage of the amount, or a fixed taka amount. */
  readonly type: 'percentage' | 'fixed'
  /** Percent (`1.85`) or taka (`10`), more than 0, at most 2 decimals. */
  readonly value: number | string
  /** Who pays it: `'merchant'` (`amount_due` = `amount`) or `'customer'` (`amount_due` = `amount` + the charge). @default 'merchant' */
  readonly paidBy?: 'merchant' | 'customer'
}

const NO_CHARGE: EmulatedCharge = { poisha: 0, type: null, value: null, paidBy: 'merchant' }

/** Checks the `gatewayCharge` option, naming the field at fault; `undefined` means no charge. */
export function checkGatewayCharge(
  charge: FastaarGatewayCharge | undefined,
): FastaarGatewayCharge | undefined {
  if (charge === undefined) return undefined
  if (charge.type !== 'percentage' && charge.type !== 'fixed') {
    throw new TypeError(
      `gatewayCharge.type must be 'percentage' or 'fixed', got ${JSON.stringify(charge.type)}`,
    )
  }
  const hundredths = parseTaka(charge.value)
  if (hundredths === undefined || hundredths <= 0) {
    throw new TypeError(
      `gatewayCharge.value must be more than 0 with at most 2 decimals, got ${JSON.stringify(charge.value)}`,
    )
  }
  if (charge.paidBy !== undefined && charge.paidBy !== 'merchant' && charge.paidBy !== 'customer') {
    throw new TypeError(
      `gatewayCharge.paidBy must be 'merchant' or 'customer', got ${JSON.stringify(charge.paidBy)}`,
    )
  }
  return charge
}

/** The charge on a payment of `amountPoisha`: a percentage is rounded half up to the poisha. */
export function chargeFor(amountPoisha: number, charge: FastaarGatewayCharge | undefined): EmulatedCharge {
  if (charge === undefined) return NO_CHARGE
  // Both forms are numbers with 2 decimals: hundredths of a percent, or poisha.
  const hundredths = parseTaka(charge.value) ?? 0
  const poisha =
    charge.type === 'fixed'
      ? hundredths
      : // BigInt: amount × basis points can pass 2^53 for large amounts.
        Number((BigInt(amountPoisha) * BigInt(hundredths) + 5_000n) / 10_000n)
  return { poisha, type: charge.type, value: formatTaka(hundredths), paidBy: charge.paidBy ?? 'merchant' }
}

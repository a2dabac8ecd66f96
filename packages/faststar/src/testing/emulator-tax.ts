// The emulator's tax table. The documents give one example per rule: DE VAT
// 19 % inclusive (1000 → tax 160, net 840) and US sales tax exclusive (a 999
// subtotal gets 80 tax, i.e. 8 %). The other rates are the emulator's own
// choice (guess), in basis points so no float ever touches an amount.

/** One row of the emulator's tax table. */
export interface EmulatedTaxRate {
  readonly taxType: string
  /** Rate in basis points: 1900 is 19 %. */
  readonly basisPoints: number
  readonly inclusive: boolean
  /** Rates of regions that differ from the country's, in basis points. */
  readonly regions?: Readonly<Record<string, number>>
}

/** The emulator's tax table, by ISO country code. A country not listed is taxed at 0 % (guess). */
export const FASTSTAR_EMULATOR_TAX_RATES: Readonly<Record<string, EmulatedTaxRate>> = {
  DE: { taxType: 'vat', basisPoints: 1900, inclusive: true },
  FR: { taxType: 'vat', basisPoints: 2000, inclusive: true },
  GB: { taxType: 'vat', basisPoints: 2000, inclusive: true },
  IN: { taxType: 'gst', basisPoints: 1800, inclusive: true },
  BD: { taxType: 'vat', basisPoints: 1500, inclusive: true },
  US: {
    taxType: 'sales_tax',
    basisPoints: 800,
    inclusive: false,
    regions: { CA: 725, NY: 400, TX: 625, OR: 0 },
  },
}

/** A computed quote, in the shape of the documented `data`. */
export interface EmulatedTaxQuote {
  readonly country: string
  readonly tax_type: string
  readonly rate_percent: number
  readonly inclusive: boolean
  readonly tax_amount: number
  readonly net_amount: number
  readonly gross_amount: number
}

/** Quotes tax on `amount` (minor units) for a buyer location; half-up rounding to the minor unit. */
export function quoteTax(amount: number, country: string, region?: string): EmulatedTaxQuote {
  const row = FASTSTAR_EMULATOR_TAX_RATES[country]
  const basisPoints = (region === undefined ? undefined : row?.regions?.[region]) ?? row?.basisPoints ?? 0
  const inclusive = row?.inclusive ?? false
  const value = BigInt(amount)
  const bp = BigInt(basisPoints)
  // Inclusive: the tax inside a gross amount is amount × r / (1 + r); exclusive: amount × r.
  const tax = inclusive ? divideHalfUp(value * bp, 10_000n + bp) : divideHalfUp(value * bp, 10_000n)
  const taxAmount = Number(tax)
  return {
    country,
    tax_type: row?.taxType ?? 'none',
    rate_percent: basisPoints / 100,
    inclusive,
    tax_amount: taxAmount,
    net_amount: inclusive ? amount - taxAmount : amount,
    gross_amount: inclusive ? amount : amount + taxAmount,
  }
}

function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n)
}

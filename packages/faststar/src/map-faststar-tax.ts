import type { Money, TaxQuote } from '@paymux/core'
import { UnexpectedResponseError } from '@paymux/core/adapter-kit'
import type { FastStarTaxQuote, FastStarTaxRequest } from './faststar-api.js'

/** The native tax body. FastStar takes no currency: the quote's amounts are in the input's currency. */
export function toFastStarTaxRequest(
  input: { readonly amount: Money; readonly country: string; readonly region?: string | undefined },
  regionField: string,
): FastStarTaxRequest {
  return {
    amount: input.amount.amount,
    country: input.country,
    ...(input.region === undefined ? {} : { [regionField]: input.region }),
  }
}

/**
 * A native tax quote as a neutral `TaxQuote`, in the currency of the amount
 * quoted. `net + tax = gross` must hold, as in the documented example
 * (840 + 160 = 1000); a quote where it does not is an `UnexpectedResponseError`.
 */
export function toTaxQuote(native: FastStarTaxQuote, currency: string, region?: string): TaxQuote {
  if (native.net_amount + native.tax_amount !== native.gross_amount) {
    throw new UnexpectedResponseError({
      provider: 'faststar',
      code: 'inconsistent_amounts',
      message: `faststar: tax quote amounts do not add up: net ${native.net_amount} + tax ${native.tax_amount} ≠ gross ${native.gross_amount}`,
      raw: native,
    })
  }
  const money = (amount: number): Money => ({ amount, currency })
  return {
    object: 'tax_quote',
    provider: 'faststar',
    country: native.country,
    ...(region === undefined ? {} : { region }),
    taxType: native.tax_type,
    ratePercent: decimalString(native.rate_percent),
    inclusive: native.inclusive,
    tax: money(native.tax_amount),
    net: money(native.net_amount),
    gross: money(native.gross_amount),
    raw: native,
  }
}

// The shortest round-trip string of a JSON number is its decimal as written
// (`7.25` → "7.25"); only tiny or huge rates use exponent form, spelled out here.
function decimalString(rate: number): string {
  const text = String(rate)
  if (!/e/i.test(text)) return text
  return rate.toFixed(20).replace(/\.?0+$/, '')
}

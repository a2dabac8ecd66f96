import type { Money } from './money.js'
import type { ProviderId } from './ref.js'

/**
 * A tax quote for an amount and a buyer location. When `inclusive`, the tax
 * is inside `gross` (EU VAT: `net + tax = gross = the amount quoted`); when
 * not, it is added on top (US sales tax: `gross = net + tax`).
 */
export interface TaxQuote {
  readonly object: 'tax_quote'
  readonly provider: ProviderId
  readonly country: string
  readonly region?: string
  /** `vat`, `sales_tax`, `gst`, …, as the provider names it. */
  readonly taxType: string
  /** The rate in percent, as a decimal string so `7.25` stays exact. */
  readonly ratePercent: string
  readonly inclusive: boolean
  readonly tax: Money
  readonly net: Money
  readonly gross: Money
  readonly raw: unknown
}

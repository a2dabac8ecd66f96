import { type CallOptions, parseInput, type TaxFacet } from '@paymux/core'
import type { FastStarNativeClient } from './faststar-client.js'
import { loadFastStarSchemas } from './faststar-load-schemas.js'
import type { ResolvedFastStarSettings } from './faststar-settings.js'
import { toFastStarTaxRequest, toTaxQuote } from './map-faststar-tax.js'

/** Builds the `tax` facet: a quote for an amount and a buyer location. */
export function createFastStarTax(
  native: FastStarNativeClient,
  settings: ResolvedFastStarSettings,
): TaxFacet {
  return {
    async calculate(input, options?: CallOptions) {
      const { taxInputSchema } = await loadFastStarSchemas()
      const valid = parseInput(taxInputSchema, input, { provider: 'faststar', operation: 'tax.calculate' })
      const answer = await native.tax.calculate(toFastStarTaxRequest(valid, settings.taxRegionField), options)
      return toTaxQuote(answer, valid.amount.currency, valid.region)
    },
  }
}

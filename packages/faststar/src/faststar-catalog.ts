import { type CallOptions, type CatalogFacet, type InputContext, parseInput } from '@paymux/core'
import type { FastStarNativeClient } from './faststar-client.js'
import { loadFastStarSchemas } from './faststar-load-schemas.js'
import {
  toFastStarPriceRequest,
  toFastStarProductRequest,
  toPrice,
  toProduct,
} from './map-faststar-catalog.js'

const context = (operation: string): InputContext => ({ provider: 'faststar', operation })

/**
 * Builds the `catalog` facet. FastStar documents no pagination or filters on
 * its list endpoints: every list is one page (`hasMore: false`), and
 * `prices.list({ productId })` filters the answer here.
 */
export function createFastStarCatalog(native: FastStarNativeClient): CatalogFacet {
  return {
    products: {
      async create(input, options?: CallOptions) {
        const { productInputSchema } = await loadFastStarSchemas()
        const valid = parseInput(productInputSchema, input, context('catalog.products.create'))
        return toProduct(await native.products.create(toFastStarProductRequest(valid), options))
      },
      async list(options?: CallOptions) {
        return { data: (await native.products.list(options)).map(toProduct), hasMore: false }
      },
    },
    prices: {
      async create(input, options?: CallOptions) {
        const { priceInputSchema } = await loadFastStarSchemas()
        const valid = parseInput(priceInputSchema, input, context('catalog.prices.create'))
        return toPrice(await native.prices.create(toFastStarPriceRequest(valid), options))
      },
      async list(filter = {}, options?: CallOptions) {
        const { priceListFilterSchema } = await loadFastStarSchemas()
        const valid = parseInput(priceListFilterSchema, filter, context('catalog.prices.list'))
        const prices = (await native.prices.list(options)).map(toPrice)
        const data =
          valid.productId === undefined
            ? prices
            : prices.filter((price) => price.productId === valid.productId)
        return { data, hasMore: false }
      },
    },
  }
}

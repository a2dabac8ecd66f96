import { check, type EmulatorContext, EmulatorFailure, newId, ok, readJson } from './emulator-context.js'
import type { EmulatedMerchant, EmulatedPrice, EmulatedProduct } from './emulator-records.js'

const INTERVALS = ['day', 'week', 'month', 'year']

/** `POST /merchant/catalog/products`: name required; description, tax_category, images, metadata optional. */
export async function createProduct(ctx: EmulatorContext, merchant: EmulatedMerchant, request: Request) {
  const body = await readJson(request)
  const description = check.string(body, 'description', false)
  const taxCategory = check.string(body, 'tax_category', false)
  const images = body.images
  if (images !== undefined && !(Array.isArray(images) && images.every((image) => typeof image === 'string')))
    throw new EmulatorFailure(400, 'Invalid field: images must be an array of URLs')
  const metadata = body.metadata
  if (metadata !== undefined && !isStringRecord(metadata))
    throw new EmulatorFailure(400, 'Invalid field: metadata must be an object of strings')
  const product: EmulatedProduct = {
    id: newId('prod'),
    merchant: merchant.apiKey,
    name: check.string(body, 'name', true) as string,
    ...(description === undefined ? {} : { description }),
    ...(taxCategory === undefined ? {} : { tax_category: taxCategory }),
    ...(images === undefined ? {} : { images }),
    ...(metadata === undefined ? {} : { metadata }),
  }
  ctx.state.products.set(product.id, product)
  return ok(productData(product), 'Product created successfully')
}

/** `GET /merchant/catalog/products`. Guess: `data` is a bare array (no pagination is documented). */
export function listProducts(ctx: EmulatorContext, merchant: EmulatedMerchant) {
  return ok(owned(ctx.state.products, merchant).map(productData))
}

/** `POST /merchant/catalog/prices`: product_id, currency, unit_amount required; recurring needs an interval. */
export async function createPrice(ctx: EmulatorContext, merchant: EmulatedMerchant, request: Request) {
  const body = await readJson(request)
  const productId = check.string(body, 'product_id', true) as string
  const product = ctx.state.products.get(productId)
  if (product === undefined || product.merchant !== merchant.apiKey)
    throw new EmulatorFailure(404, `Product not found: ${productId}`)
  const type = check.string(body, 'type', false) ?? 'one_time'
  if (type !== 'one_time' && type !== 'recurring')
    throw new EmulatorFailure(400, 'Invalid field: type must be one_time or recurring')
  const interval = check.string(body, 'recurring_interval', type === 'recurring')
  if (interval !== undefined && !INTERVALS.includes(interval))
    throw new EmulatorFailure(400, 'Invalid field: recurring_interval must be day, week, month or year')
  const count = check.integer(body, 'recurring_interval_count', 1, false)
  const trial = check.integer(body, 'trial_period_days', 0, false)
  const price: EmulatedPrice = {
    id: newId('price'),
    merchant: merchant.apiKey,
    product_id: productId,
    currency: check.currency(body, 'currency', true) as string,
    unit_amount: check.integer(body, 'unit_amount', 0, true) as number,
    type,
    ...(type === 'recurring' && interval !== undefined ? { recurring_interval: interval } : {}),
    ...(type === 'recurring' && count !== undefined ? { recurring_interval_count: count } : {}),
    ...(type === 'recurring' && trial !== undefined ? { trial_period_days: trial } : {}),
  }
  ctx.state.prices.set(price.id, price)
  return ok(priceData(price), 'Price created successfully')
}

/** `GET /merchant/catalog/prices`. */
export function listPrices(ctx: EmulatorContext, merchant: EmulatedMerchant) {
  return ok(owned(ctx.state.prices, merchant).map(priceData))
}

function productData({ merchant: _merchant, ...product }: EmulatedProduct) {
  return product
}

function priceData({ merchant: _merchant, ...price }: EmulatedPrice) {
  return price
}

function owned<T extends { merchant: string }>(records: Map<string, T>, merchant: EmulatedMerchant): T[] {
  return [...records.values()].filter((record) => record.merchant === merchant.apiKey)
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((entry) => typeof entry === 'string')
  )
}

import type { CreatePriceInput, CreateProductInput, Price, Product } from '@paymux/core'
import { toRef, UnexpectedResponseError } from '@paymux/core/adapter-kit'
import type {
  FastStarCreatePriceRequest,
  FastStarCreateProductRequest,
  FastStarPrice,
  FastStarProduct,
} from './faststar-api.js'

// The inputs as core's schemas hand them over: an optional field may be present as `undefined`.
type Loose<T> = { readonly [K in keyof T]: T[K] | (undefined extends T[K] ? undefined : never) }
type PriceInput = Loose<Omit<CreatePriceInput, 'recurring'>> & {
  readonly recurring?: Loose<NonNullable<CreatePriceInput['recurring']>> | undefined
}

/** The native product body for a neutral `catalog.products.create` input. */
export function toFastStarProductRequest(input: Loose<CreateProductInput>): FastStarCreateProductRequest {
  return {
    name: input.name,
    ...(input.description === undefined ? {} : { description: input.description }),
    ...(input.metadata === undefined ? {} : { metadata: { ...input.metadata } }),
  }
}

/** A native product as a neutral `Product`. */
export function toProduct(native: FastStarProduct): Product {
  return {
    object: 'product',
    id: native.id,
    provider: 'faststar',
    ref: toRef('faststar', native.id),
    name: native.name,
    ...(native.description == null ? {} : { description: native.description }),
    ...(native.metadata == null ? {} : { metadata: native.metadata }),
    raw: native,
  }
}

/** The native price body: `type` always sent, recurring fields only for a recurring price. */
export function toFastStarPriceRequest(input: PriceInput): FastStarCreatePriceRequest {
  const recurring = input.recurring
  return {
    product_id: input.productId,
    currency: input.unitAmount.currency,
    unit_amount: input.unitAmount.amount,
    type: input.type ?? 'one_time',
    ...(recurring === undefined ? {} : { recurring_interval: recurring.interval }),
    ...(recurring?.intervalCount === undefined ? {} : { recurring_interval_count: recurring.intervalCount }),
    ...(recurring?.trialPeriodDays === undefined ? {} : { trial_period_days: recurring.trialPeriodDays }),
  }
}

/**
 * A native price as a neutral `Price`. Without a `type`, a price with a
 * `recurring_interval` is recurring; a recurring price without an interval
 * cannot be used and is an `UnexpectedResponseError`.
 */
export function toPrice(native: FastStarPrice): Price {
  const interval = native.recurring_interval
  const type = native.type ?? (interval == null ? 'one_time' : 'recurring')
  if (type === 'recurring' && interval == null) {
    throw new UnexpectedResponseError({
      provider: 'faststar',
      code: 'schema_mismatch',
      message: `faststar: price ${native.id} is recurring but has no recurring_interval`,
      raw: native,
      issues: [{ path: 'recurring_interval', message: 'is required for a recurring price' }],
    })
  }
  return {
    object: 'price',
    id: native.id,
    provider: 'faststar',
    ref: toRef('faststar', native.id),
    productId: native.product_id,
    unitAmount: { amount: native.unit_amount, currency: native.currency },
    type,
    ...(type === 'recurring' && interval != null
      ? {
          recurring: {
            interval,
            ...(native.recurring_interval_count == null
              ? {}
              : { intervalCount: native.recurring_interval_count }),
            ...(native.trial_period_days == null ? {} : { trialPeriodDays: native.trial_period_days }),
          },
        }
      : {}),
    raw: native,
  }
}

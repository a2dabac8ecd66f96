import type { FastaarCreatePaymentBody, FastaarReferenceField } from './fastaar-api.js'
import type { FastaarSessionInput } from './fastaar-schemas.js'
import { type FastaarAmountFormat, toFastaarAmount } from './map-fastaar-amount.js'

/** How the neutral input is written for Fastaar. */
export interface CreateInputMapping {
  readonly referenceField: FastaarReferenceField
  readonly amountFormat: FastaarAmountFormat
}

/**
 * The `POST /payments` body of a validated `sessions.create` input. Line
 * items are summed (Fastaar takes one amount); `providerOptions.fastaar.customerId`
 * becomes `customer_id`. Fields Fastaar has no place
 * for (`description`, `customer`, `buyerCountry`, …) never get here: they
 * are declared in `capabilities.unsupportedFields` and refused before.
 */
export function toCreatePaymentBody(
  input: FastaarSessionInput,
  mapping: CreateInputMapping,
): FastaarCreatePaymentBody {
  return {
    amount: toFastaarAmount({ amount: totalPoisha(input), currency: 'BDT' }, mapping.amountFormat),
    ...(input.reference === undefined ? {} : { [mapping.referenceField]: input.reference }),
    ...(input.successUrl === undefined ? {} : { success_url: input.successUrl }),
    ...(input.cancelUrl === undefined ? {} : { cancel_url: input.cancelUrl }),
    ...(input.metadata === undefined ? {} : { metadata: input.metadata }),
    ...customerOf(input),
  }
}

// `providerOptions.fastaar.customerId`: the schema took the id's digits, or its ref `fastaar:<digits>`.
function customerOf(input: FastaarSessionInput): { customer_id?: number } {
  const id = input.providerOptions?.fastaar?.customerId
  return id === undefined ? {} : { customer_id: Number(id.replace(/^fastaar:/, '')) }
}

// Exact: the input schema has refused any line or sum past MAX_SAFE_INTEGER (lineTotalOverflow).
// Every line has an amount: `priceId` and `productId` are unsupported, and a line needs one of the three.
function totalPoisha(input: FastaarSessionInput): number {
  if (input.amount !== undefined) return input.amount.amount
  let total = 0
  for (const item of input.lineItems ?? []) total += (item.amount?.amount ?? 0) * (item.quantity ?? 1)
  return total
}

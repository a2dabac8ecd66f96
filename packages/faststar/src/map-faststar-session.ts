import type { Money, PaymentSession, SessionMode } from '@paymux/core'
import { toRef } from '@paymux/core/adapter-kit'
import type {
  FastStarCreateSessionRequest,
  FastStarLineItem,
  FastStarSessionRetrieved,
} from './faststar-api.js'
import type { FastStarSessionInput as ValidSessionInput } from './faststar-schemas.js'
import { mapFastStarSessionStatus } from './map-faststar-status.js'

/** What the session mapping needs besides the input. */
export interface SessionMappingOptions {
  readonly defaultPresentation: 'embedded' | 'redirect'
  readonly regionField: string
}

/**
 * The native `POST /public/checkout/sessions` body for a validated neutral
 * input: `embedded` ⇄ `iframe`, `redirect` ⇄ `link`, `reference` ⇄
 * `client_reference_id`, an amount as `ad_hoc_amount` / `ad_hoc_currency`.
 */
export function toFastStarSessionRequest(
  input: ValidSessionInput,
  options: SessionMappingOptions,
): FastStarCreateSessionRequest {
  const presentation = input.presentation ?? options.defaultPresentation
  const items = lineItems(input)
  return {
    ...input.providerOptions?.faststar?.extraFields,
    mode: input.mode ?? 'payment',
    presentation: presentation === 'embedded' ? 'iframe' : 'link',
    ...(items === undefined ? {} : { line_items: items }),
    ...(input.customer?.email === undefined ? {} : { customer_email: input.customer.email }),
    // Both are required by the input rules; the fallback only satisfies the type.
    success_url: input.successUrl ?? '',
    cancel_url: input.cancelUrl ?? '',
    ...(input.buyerCountry === undefined ? {} : { buyer_country: input.buyerCountry }),
    ...(input.region === undefined ? {} : { [options.regionField]: input.region }),
    ...(input.reference === undefined ? {} : { client_reference_id: input.reference }),
  }
}

function lineItems(input: ValidSessionInput): FastStarLineItem[] | undefined {
  if (input.amount !== undefined) {
    return [
      {
        ...adHoc(input.amount),
        quantity: 1,
        ...(input.description === undefined ? {} : { description: input.description }),
      },
    ]
  }
  return input.lineItems?.map((item) => ({
    ...(item.priceId === undefined ? {} : { price_id: item.priceId }),
    ...(item.productId === undefined ? {} : { product_id: item.productId }),
    ...(item.amount === undefined ? {} : adHoc(item.amount)),
    quantity: item.quantity ?? 1,
    ...(item.description === undefined ? {} : { description: item.description }),
  }))
}

function adHoc(amount: Money): Pick<FastStarLineItem, 'ad_hoc_amount' | 'ad_hoc_currency'> {
  return { ad_hoc_amount: amount.amount, ad_hoc_currency: amount.currency }
}

/** What the caller knew when the session was asked for, for fields the answer may leave out. */
export interface SessionContext {
  /** The mode asked for (create); a retrieve answer's own `mode` wins when it has one. */
  readonly mode?: SessionMode | undefined
  /** The reference sent (create), when the answer does not echo `client_reference_id`. */
  readonly reference?: string | undefined
  /** Base of hosted checkout pages, to rebuild `url` when the answer has none. */
  readonly checkoutUrl: string
}

const MODES: readonly string[] = ['payment', 'subscription', 'setup']

/**
 * A FastStar session answer as a neutral `PaymentSession`. Amounts keep
 * FastStar's tax rule: tax-inclusive (EU VAT) `total = subtotal` and `tax` is
 * the part included; tax-exclusive (US sales tax) `total = subtotal + tax`.
 */
export function toPaymentSession(data: FastStarSessionRetrieved, context: SessionContext): PaymentSession {
  const { session } = data
  const nativeMode = session.mode
  const mode =
    typeof nativeMode === 'string' && MODES.includes(nativeMode) ? (nativeMode as SessionMode) : context.mode
  const reference = session.client_reference_id ?? context.reference
  const amounts = sessionAmounts(session)
  return {
    object: 'session',
    id: session.id,
    provider: 'faststar',
    ref: toRef('faststar', session.id),
    status: mapFastStarSessionStatus(session.status),
    nativeStatus: session.status,
    mode: mode ?? 'payment',
    url: data.url ?? rebuildUrl(context.checkoutUrl, session.id, session.session_token ?? data.session_token),
    ...(amounts === undefined ? {} : { amounts }),
    ...(session.expires_at == null ? {} : { expiresAt: new Date(session.expires_at) }),
    ...(reference == null ? {} : { reference }),
    ...(session.payment_intent_id == null ? {} : { paymentId: session.payment_intent_id }),
    raw: data,
  }
}

function sessionAmounts(session: FastStarSessionRetrieved['session']): PaymentSession['amounts'] {
  const currency = session.currency
  if (currency == null) return undefined
  const money = (amount: number | null | undefined): Money | undefined =>
    amount == null ? undefined : { amount, currency }
  const subtotal = money(session.amount_subtotal)
  const tax = money(session.amount_tax)
  const total = money(session.amount_total)
  if (subtotal === undefined && tax === undefined && total === undefined) return undefined
  return {
    ...(subtotal === undefined ? {} : { subtotal }),
    ...(tax === undefined ? {} : { tax }),
    ...(total === undefined ? {} : { total }),
  }
}

// The documented url is `https://cashier.faststarpay.com/checkout/cs_xxx?token=xxx`.
function rebuildUrl(base: string, id: string, token: string | null | undefined): string {
  const url = `${base}/${encodeURIComponent(id)}`
  return token == null || token === '' ? url : `${url}?token=${encodeURIComponent(token)}`
}

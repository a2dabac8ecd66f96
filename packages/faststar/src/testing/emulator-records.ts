// The emulator's in-memory records. Field names follow the FastStar documents;
// fields the documents do not show are marked "guess" where they are declared.

/** A merchant account of the emulator, known by its API key. */
export interface EmulatedMerchant {
  readonly apiKey: string
  /** `mor` (Merchant of Record: catalog references only) or `direct` (Direct/PSP: ad hoc amounts allowed). */
  readonly type: 'mor' | 'direct'
}

/** A catalog product. */
export interface EmulatedProduct {
  readonly id: string
  readonly merchant: string
  readonly name: string
  readonly description?: string
  readonly tax_category?: string
  readonly images?: readonly string[]
  readonly metadata?: Readonly<Record<string, string>>
}

/** A catalog price. */
export interface EmulatedPrice {
  readonly id: string
  readonly merchant: string
  readonly product_id: string
  readonly currency: string
  readonly unit_amount: number
  readonly type: 'one_time' | 'recurring'
  readonly recurring_interval?: string
  readonly recurring_interval_count?: number
  readonly trial_period_days?: number
}

/** A line item as the emulator priced it. */
export interface EmulatedLineItem {
  readonly price_id?: string
  readonly product_id?: string
  readonly ad_hoc_amount?: number
  readonly ad_hoc_currency?: string
  readonly description?: string
  readonly quantity: number
  readonly unit_amount: number
  readonly currency: string
  readonly recurring: boolean
}

/** A checkout session. */
export interface EmulatedSession {
  readonly id: string
  readonly merchant: string
  readonly mode: 'payment' | 'subscription' | 'setup'
  readonly presentation: 'iframe' | 'link'
  readonly line_items: readonly EmulatedLineItem[]
  readonly customer_email?: string
  readonly success_url: string
  readonly cancel_url: string
  readonly buyer_country?: string
  readonly buyer_region?: string
  readonly client_reference_id?: string
  status: 'open' | 'complete' | 'expired' | 'canceled'
  readonly amount_subtotal: number
  readonly amount_tax: number
  readonly amount_total: number
  readonly currency: string | null
  readonly session_token: string
  /** Epoch ms. */
  readonly expires_at: number
  payment_intent_id: string | null
  /** Setup mode: the customer the saved card went to (found or created by `customer_email`). Guess. */
  customer_id?: string
  /** Setup mode: the card saved on the hosted page. Guess. */
  payment_method_id?: string
}

/** A customer. */
export interface EmulatedCustomer {
  readonly id: string
  readonly merchant: string
  readonly email: string
  readonly name?: string
  default_payment_method: string | null
}

/** A card as the popup collected it; `requiresAuthentication` makes off-session charges answer 402. */
export interface EmulatedCard {
  readonly brand: string
  readonly last4: string
  readonly expMonth: number
  readonly expYear: number
  readonly requiresAuthentication?: boolean
  /** The hosted checkout and card pages decline it (`payment.failed` on checkout). Off-session charges ignore it. */
  readonly declines?: boolean
}

/** A SetupIntent: `succeeded` once the buyer saved a card in the popup. */
export interface EmulatedSetupIntent {
  readonly id: string
  readonly merchant: string
  readonly customer_id: string
  readonly client_secret: string
  status: 'requires_payment_method' | 'succeeded'
  card: EmulatedCard | null
  attached_payment_method: string | null
}

/** A saved card. */
export interface EmulatedPaymentMethod {
  readonly id: string
  readonly merchant: string
  readonly customer_id: string
  readonly card: EmulatedCard
  detached: boolean
}

/** A payment: from a completed checkout or a successful off-session charge. */
export interface EmulatedPayment {
  readonly id: string
  readonly merchant: string
  readonly amount: number
  readonly currency: string
  /** `requires_action`: a 3-D Secure challenge is open on the hosted page. */
  readonly status: 'succeeded' | 'failed' | 'canceled' | 'requires_action'
  readonly customer_id?: string
  readonly payment_method_id?: string
  readonly checkout_session_id?: string
  readonly client_reference_id?: string
  readonly off_session: boolean
}

/** Every call to the charge endpoint that reached the handler, whatever its outcome. */
export interface EmulatedChargeAttempt {
  readonly customer_id: string
  readonly payment_method_id: string
  readonly amount: number
  readonly currency: string
  readonly outcome: 'succeeded' | 'requires_authentication' | 'refused'
  readonly payment_intent_id?: string
}

/** One request the emulator received (before any injected fault). The API key is not kept. */
export interface EmulatedRequest {
  readonly method: string
  /** The path and query, e.g. `/api/v1/public/checkout/sessions`. */
  readonly path: string
  readonly body: string
  readonly hadApiKey: boolean
  /** The credential presented: the merchant's key, or a SetupIntent's client secret (the card page's attach call). */
  readonly auth?: 'api_key' | 'client_secret'
}

/** One webhook delivery attempt. */
export interface EmulatedWebhookDelivery {
  readonly eventId: string
  readonly type: string
  readonly rawBody: string
  readonly headers: Readonly<Record<string, string>>
  /** The receiver's HTTP status, or the network error. */
  readonly result: { readonly status: number } | { readonly error: string }
}

/** Everything the emulator holds, for tests to inspect. */
export interface FastStarEmulatorState {
  readonly products: Map<string, EmulatedProduct>
  readonly prices: Map<string, EmulatedPrice>
  readonly sessions: Map<string, EmulatedSession>
  readonly customers: Map<string, EmulatedCustomer>
  readonly setupIntents: Map<string, EmulatedSetupIntent>
  readonly paymentMethods: Map<string, EmulatedPaymentMethod>
  readonly payments: Map<string, EmulatedPayment>
  readonly chargeAttempts: EmulatedChargeAttempt[]
  readonly requests: EmulatedRequest[]
  readonly webhookDeliveries: EmulatedWebhookDelivery[]
}

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

/** What a payment is now. `requires_action`: a 3-D Secure challenge is open on the hosted page; refunds move `succeeded` on. */
export type EmulatedPaymentStatus =
  | 'succeeded'
  | 'failed'
  | 'canceled'
  | 'requires_action'
  | 'partially_refunded'
  | 'refunded'

/** A payment: from a checkout (paid or failed), an off-session charge, or a subscription renewal. */
export interface EmulatedPayment {
  readonly id: string
  readonly merchant: string
  readonly amount: number
  readonly currency: string
  status: EmulatedPaymentStatus
  readonly customer_id?: string
  readonly payment_method_id?: string
  readonly checkout_session_id?: string
  readonly client_reference_id?: string
  readonly off_session: boolean
  /** Minor units refunded so far (guess: no refund is documented). Absent: nothing refunded. */
  amount_refunded?: number
  /** Why a `failed` payment failed (`card_declined`, `authentication_failed`, …). Guess. */
  failure_reason?: string
  /** The subscription a first payment or renewal belongs to. */
  readonly subscription_id?: string
  /** The settlement that paid it out, once `settle()` ran. */
  settlement_id?: string
}

/** A refund (no refund endpoint is documented: the merchant refunds from the dashboard, `emulator.refund`). */
export interface EmulatedRefund {
  readonly id: string
  readonly merchant: string
  readonly payment_id: string
  readonly amount: number
  readonly currency: string
  readonly status: 'succeeded'
  /** Epoch ms on the emulator clock. */
  readonly created_at: number
}

/** A subscription from a subscription-mode checkout. Guess: every field past the ids is undocumented. */
export interface EmulatedSubscription {
  readonly id: string
  readonly merchant: string
  readonly customer_id: string
  price_id: string
  /** What each period charges, tax included (the checkout's total). */
  amount: number
  readonly currency: string
  interval: string
  interval_count: number
  status: 'trialing' | 'active' | 'past_due' | 'canceled'
  /** Epoch ms. */
  current_period_start: number
  /** Epoch ms: the next renewal (while trialing, the trial's end). */
  current_period_end: number
  cancel_at_period_end: boolean
  /** The card renewals charge: the one paid with at checkout. */
  readonly card: EmulatedCard
  readonly checkout_session_id?: string
  /** The open invoice of a failed renewal, retried on the dunning schedule. */
  open_invoice_id?: string
  /** Epoch ms of the next retry of `open_invoice_id`. */
  retry_at?: number
  /** Failed attempts of the open invoice so far. */
  failed_attempts: number
}

/** An invoice: one per subscription period that charges. */
export interface EmulatedInvoice {
  readonly id: string
  readonly merchant: string
  readonly subscription_id: string
  readonly amount: number
  readonly currency: string
  status: 'paid' | 'open' | 'void'
  payment_id?: string
}

/** A dispute (chargeback), raised by `emulator.dispute`. */
export interface EmulatedDispute {
  readonly id: string
  readonly merchant: string
  readonly payment_id: string
  readonly amount: number
  readonly currency: string
  status: 'needs_response' | 'under_review' | 'won' | 'lost'
  reason: string
}

/** A payout of settled payments, made by `emulator.settle()`. */
export interface EmulatedSettlement {
  readonly id: string
  readonly merchant: string
  /** Payments less refunds, in minor units. */
  readonly amount: number
  readonly currency: string
  readonly payment_ids: readonly string[]
  readonly created_at: number
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

/** Everything the emulator holds, for tests to inspect. */
export interface FastStarEmulatorState {
  readonly products: Map<string, EmulatedProduct>
  readonly prices: Map<string, EmulatedPrice>
  readonly sessions: Map<string, EmulatedSession>
  readonly customers: Map<string, EmulatedCustomer>
  readonly setupIntents: Map<string, EmulatedSetupIntent>
  readonly paymentMethods: Map<string, EmulatedPaymentMethod>
  readonly payments: Map<string, EmulatedPayment>
  readonly refunds: Map<string, EmulatedRefund>
  readonly subscriptions: Map<string, EmulatedSubscription>
  readonly invoices: Map<string, EmulatedInvoice>
  readonly disputes: Map<string, EmulatedDispute>
  readonly settlements: Map<string, EmulatedSettlement>
  readonly chargeAttempts: EmulatedChargeAttempt[]
  readonly requests: EmulatedRequest[]
}

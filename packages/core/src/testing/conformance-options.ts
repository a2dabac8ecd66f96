import type {
  AnyGateway,
  CreateCustomerInput,
  CreateSessionInput,
  GatewayCapabilities,
  WebhookRequest,
} from '../model/gateway.js'
import type { Money } from '../model/money.js'
import type { PaymentSession } from '../model/payment-session.js'

/**
 * How an adapter's test file moves a payment along in its emulator: what a
 * buyer, an admin or time would do there. Each is optional; the scenarios
 * that need a missing driver are skipped by that flag, never deleted.
 */
export interface ConformanceDrivers {
  /**
   * Makes the buyer pay `session` in full, the way the emulator's checkout
   * would: FastStar completes its hosted checkout, Fastaar takes a TrxID and
   * has it verified, Paystar presses Pay on the embedded page.
   */
  readonly complete?: (session: PaymentSession) => Promise<void> | void
  /** Lets `session` expire unpaid: the emulator clock moved past its expiry, or the emulator's expire control. */
  readonly expire?: (session: PaymentSession) => Promise<void> | void
  /**
   * A delivery of the webhook the emulator sends once `session` is paid
   * (called after `complete`). A second call is a redelivery of the same event.
   */
  readonly completionWebhook?: (session: PaymentSession) => Promise<WebhookRequest> | WebhookRequest
  /** A delivery of the webhook the emulator sends once `session` expired (called after `expire`). */
  readonly expiryWebhook?: (session: PaymentSession) => Promise<WebhookRequest> | WebhookRequest
  /**
   * Makes the buyer's payment of `session` fail, the way the emulator's checkout would: a
   * declined card, a rejected TrxID, a failed bill payment.
   */
  readonly fail?: (session: PaymentSession) => Promise<void> | void
  /**
   * A delivery of the webhook the emulator sends once `session`'s payment failed (called after
   * `fail`). A second call is a redelivery of the same event.
   */
  readonly failureWebhook?: (session: PaymentSession) => Promise<WebhookRequest> | WebhookRequest
  /**
   * Cancels `session`'s payment (the buyer leaves, or the merchant cancels) and returns the
   * delivery of the event the emulator sent for it.
   */
  readonly cancelWebhook?: (session: PaymentSession) => Promise<WebhookRequest> | WebhookRequest
  /**
   * Refunds `amount` (all, when absent) of a paid session's payment the way a merchant would
   * (the gateway's refund or the emulator's dashboard), and returns the delivery of the
   * payment event it sent. Called after `complete`; `paymentId` is what the gateway reports.
   */
  readonly refundWebhook?: (
    paid: { readonly session: PaymentSession; readonly paymentId?: string },
    amount?: Money,
  ) => Promise<WebhookRequest> | WebhookRequest
  /**
   * Makes the merchant endpoint refuse the emulator's first attempt, pays `session`, advances
   * the emulator's clock to the first retry, and returns the two requests the endpoint
   * received: the refused one and the retry (freshly signed, same body).
   */
  readonly redeliveryAfterFailure?: (
    session: PaymentSession,
  ) => Promise<{ readonly failed: WebhookRequest; readonly retried: WebhookRequest }>
}

/** How an adapter's test file runs the shared suite against its emulator. */
export interface ConformanceOptions<G extends AnyGateway> {
  /** Builds a gateway wired to a fresh emulator; called once per scenario. */
  readonly gateway: () => G | Promise<G>
  /**
   * What the gateway declares. Scenarios for operations it lacks are skipped
   * by this flag (and reported as skipped), never deleted.
   */
  readonly capabilities: GatewayCapabilities
  /** A valid `sessions.create` input for this gateway. */
  readonly session: CreateSessionInput
  /**
   * What the buyer pays for `session`, in minor units: the amount the
   * completed session, payment and webhook must show exactly.
   * @default `session.amount`, or the sum of `session.lineItems` amounts
   */
  readonly amount?: Money
  /** How many requests the gateway has sent to its emulator so far: proves local validation sends none. */
  readonly requestCount?: () => number
  /** A signed delivery that the gateway's `webhooks.verify` accepts. */
  readonly webhook?: () => Promise<WebhookRequest>
  /**
   * Whether the provider signs the body. A gateway that authenticates
   * deliveries with a shared secret only (Paystar) cannot detect a tampered
   * body, so the tamper scenarios are skipped by this flag. @default true
   */
  readonly webhookSignsBody?: boolean
  /** How the emulator moves a payment along: complete, expire, and the webhooks those send. */
  readonly drivers?: ConformanceDrivers
  /**
   * A valid `customers.create` input for this gateway (FastStar: `email`; Fastaar: `name` and
   * `phone`). Without it the customer scenarios that create one are skipped.
   */
  readonly customer?: CreateCustomerInput
  /** An id no object has. @default 'paymux_conformance_missing' */
  readonly unknownId?: string
}

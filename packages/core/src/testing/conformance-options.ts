import type { AnyGateway, CreateSessionInput, GatewayCapabilities, WebhookRequest } from '../model/gateway.js'
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
  /** An id no object has. @default 'paymux_conformance_missing' */
  readonly unknownId?: string
}

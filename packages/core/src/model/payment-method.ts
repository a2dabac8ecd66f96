import type { ProviderId, Ref } from './ref.js'

/** A saved card, masked: paymux never sees a card number. */
export interface PaymentMethod {
  readonly object: 'payment_method'
  readonly id: string
  readonly provider: ProviderId
  readonly ref: Ref
  readonly customerId?: string
  readonly brand: string
  readonly last4: string
  readonly expMonth: number
  readonly expYear: number
  readonly isDefault?: boolean
  readonly raw: unknown
}

/** What the front end needs to collect a card for later off-session charges. */
export interface PaymentMethodSetup {
  readonly setupIntentId: string
  readonly clientSecret: string
  readonly publishableKey: string
  readonly raw: unknown
}

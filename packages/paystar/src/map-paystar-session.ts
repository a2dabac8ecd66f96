import type { Money, PaymentSession, SessionStatus } from '@paymux/core'
import { toRef } from '@paymux/core/adapter-kit'
import type {
  PaystarChannel,
  PaystarCharge,
  PaystarClientAccount,
  PaystarInitiatePaymentRequest,
  PaystarPaymentSessionData,
} from './paystar-api.js'
import type { PaystarAccountInput, ValidSessionInput } from './paystar-schemas.js'

/** How long a payment session stays open, per the API reference. */
export const PAYMENT_SESSION_LIFETIME_MS = 30 * 60 * 1000

/** What the mapping needs from the gateway's settings. */
export interface PaymentRequestContext {
  readonly businessUnitSlug: string
  readonly channel: PaystarChannel
}

/** Whether charges name no utility account, one, or several: Paystar's account modes. */
export type PaystarAccountMode = 'accountless' | 'single-account' | 'multi-account'

/** The account mode a set of charges puts a payment session in, by distinct account numbers. */
export function paystarAccountMode(
  charges: readonly Pick<PaystarCharge, 'ClientAccount'>[],
): PaystarAccountMode {
  const accounts = new Set(charges.flatMap((charge) => charge.ClientAccount?.AccountNumber ?? []))
  if (accounts.size === 0) return 'accountless'
  return accounts.size === 1 ? 'single-account' : 'multi-account'
}

/** A neutral account as Paystar's `ClientAccount` (amounts in cents). */
export function toPaystarClientAccount(account: PaystarAccountInput): PaystarClientAccount {
  return {
    AccountNumber: account.accountNumber,
    ...(account.name === undefined ? {} : { Name: account.name }),
    ...(account.balance === undefined ? {} : { Balance: account.balance.amount }),
  }
}

/** The body of `POST /integrations/embedded/initiate` for a validated neutral input. */
export function toPaystarPaymentRequest(
  input: ValidSessionInput,
  context: PaymentRequestContext,
): PaystarInitiatePaymentRequest {
  const options = input.providerOptions?.paystar
  const channel = options?.channel ?? context.channel
  const items =
    input.lineItems ??
    (input.amount === undefined ? [] : [{ amount: input.amount, description: input.description }])
  const Charges = items.map((item, index): PaystarCharge => {
    const account = options?.accounts?.[index]
    return {
      // Money amounts are integer cents already: Paystar's unit, so no conversion happens. Every item
      // has one: catalog items (priceId, productId) are among Paystar's unsupported fields.
      Amount: (item.amount as Money).amount,
      ...(item.description === undefined ? {} : { Description: item.description }),
      ...(account == null ? {} : { ClientAccount: toPaystarClientAccount(account) }),
    }
  })
  const customer = input.customer
  return {
    BusinessUnitSlug: context.businessUnitSlug,
    Channel: channel,
    ...(customer === undefined
      ? {}
      : {
          ClientUser: {
            EmailAddress: customer.email,
            ...(customer.firstName === undefined ? {} : { FirstName: customer.firstName }),
            ...(customer.lastName === undefined ? {} : { LastName: customer.lastName }),
          },
        }),
    ...(options?.posUser === undefined ? {} : { PosUser: options.posUser }),
    Charges,
    ...(input.successUrl === undefined ? {} : { SuccessUrl: input.successUrl }),
    ...(input.cancelUrl === undefined ? {} : { ReturnUrl: input.cancelUrl }),
    ...(input.reference === undefined ? {} : { ClientReference: input.reference }),
    ...(options?.paymentDescriptor === undefined ? {} : { PaymentDescriptor: options.paymentDescriptor }),
  }
}

/** What {@link toPaymentSession} needs besides Paystar's answer. */
export interface PaymentSessionContext {
  /** When the request was sent; the 30-minute expiry counts from here, so it is never late. */
  readonly requestedAt: number
  /** The sum of the charges sent; Paystar may add a service fee, so it is not the total. */
  readonly subtotal: Money
  readonly reference: string | undefined
  readonly statuses: Readonly<Record<string, SessionStatus>>
}

/** A neutral session status for a native `Status`; a word not in `statuses` maps to `'open'`. */
export function toSessionStatus(
  nativeStatus: string,
  statuses: Readonly<Record<string, SessionStatus>>,
): SessionStatus {
  return Object.hasOwn(statuses, nativeStatus) ? (statuses[nativeStatus] ?? 'open') : 'open'
}

/** Paystar's payment session `data` as a neutral {@link PaymentSession}. */
export function toPaymentSession(
  data: PaystarPaymentSessionData,
  context: PaymentSessionContext,
): PaymentSession {
  const id = data.PaymentSessionIdentifier
  return {
    object: 'session',
    id,
    provider: 'paystar',
    ref: toRef('paystar', id),
    status: toSessionStatus(data.Status, context.statuses),
    nativeStatus: data.Status,
    mode: 'payment',
    url: data.PaymentLogInLink,
    amounts: { subtotal: context.subtotal },
    expiresAt: new Date(context.requestedAt + PAYMENT_SESSION_LIFETIME_MS),
    ...(context.reference === undefined ? {} : { reference: context.reference }),
    raw: data,
  }
}

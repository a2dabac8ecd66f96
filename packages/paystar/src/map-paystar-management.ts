import { toRef } from '@paymux/core/adapter-kit'
import { toPaystarClientAccount } from './map-paystar-session.js'
import type {
  PaystarAccountManagementRequest,
  PaystarClientUser,
  PaystarCustomerManagementRequest,
  PaystarManagementSessionData,
} from './paystar-api.js'
import type { PaystarManagementKind, PaystarManagementSession } from './paystar-management-session.js'
import type { PaystarManagedCustomer, ValidAccountManagementInput } from './paystar-schemas.js'

type ManagedCustomerFields = {
  readonly [Key in keyof PaystarManagedCustomer]: PaystarManagedCustomer[Key] | undefined
} & { readonly email: string }

/** How long a management session stays open, per the API reference. */
export const MANAGEMENT_SESSION_LIFETIME_MS = 60 * 60 * 1000

/** A neutral customer as Paystar's `ClientUser`. */
export function toPaystarClientUser(customer: ManagedCustomerFields): PaystarClientUser & {
  EmailAddress: string
} {
  return {
    EmailAddress: customer.email,
    ...(customer.firstName === undefined ? {} : { FirstName: customer.firstName }),
    ...(customer.lastName === undefined ? {} : { LastName: customer.lastName }),
  }
}

/** The body of the AutoPay or paperless endpoint. */
export function toAccountManagementRequest(
  input: ValidAccountManagementInput,
  businessUnitSlug: string,
): PaystarAccountManagementRequest {
  return {
    BusinessUnitSlug: businessUnitSlug,
    ...(input.syncAccount === undefined ? {} : { SyncAccount: input.syncAccount }),
    ClientAccount: toPaystarClientAccount(input.account),
    ClientUser: toPaystarClientUser(input.customer),
  }
}

/** The body of the wallet or notifications endpoint. */
export function toCustomerManagementRequest(
  customer: ManagedCustomerFields,
  businessUnitSlug: string,
): PaystarCustomerManagementRequest {
  return { BusinessUnitSlug: businessUnitSlug, ClientUser: toPaystarClientUser(customer) }
}

/**
 * Paystar's management session `data` as a {@link PaystarManagementSession}.
 * It expires 60 minutes after the request was sent, or at `ValidUntil` when
 * Paystar sends an earlier, unambiguous time (with `Z` or an offset).
 */
export function toManagementSession(
  kind: PaystarManagementKind,
  data: PaystarManagementSessionData,
  requestedAt: number,
): PaystarManagementSession {
  const url = data.SessionLink ?? data.PaymentLogInLink ?? ''
  const id = data.PaymentSessionIdentifier
  const nativeStatus = data.SessionStatus ?? data.Status
  const documented = requestedAt + MANAGEMENT_SESSION_LIFETIME_MS
  const validUntil = parseZonedTime(data.ValidUntil)
  return {
    object: 'paystar.management_session',
    kind,
    provider: 'paystar',
    ...(id === undefined || id === '' ? {} : { id, ref: toRef('paystar', id) }),
    url,
    ...(nativeStatus === undefined ? {} : { nativeStatus }),
    expiresAt: new Date(validUntil === undefined ? documented : Math.min(documented, validUntil)),
    raw: data,
  }
}

// A time without a zone could be any of two dozen instants: ignored rather than guessed.
function parseZonedTime(text: string | undefined): number | undefined {
  if (text === undefined || !/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return undefined
  const time = Date.parse(text)
  return Number.isNaN(time) ? undefined : time
}

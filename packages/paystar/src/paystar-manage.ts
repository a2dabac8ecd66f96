import type { CallOptions } from '@paymux/core'
import { parseInput } from '@paymux/core/adapter-kit'
import {
  toAccountManagementRequest,
  toCustomerManagementRequest,
  toManagementSession,
} from './map-paystar-management.js'
import type { PaystarNativeClient } from './paystar-endpoints.js'
import type { PaystarManagementKind, PaystarManagementSession } from './paystar-management-session.js'
import type * as Schemas from './paystar-schemas.js'
import type { PaystarAccountManagementInput, PaystarCustomerManagementInput } from './paystar-schemas.js'

/**
 * Paystar's provider-only management sessions (`paystar.manage`). Each
 * validates its input locally (a missing account number or email is refused
 * before anything is sent) and resolves to a link valid for 60 minutes.
 */
export interface PaystarManageFacet {
  /** AutoPay enrollment or management for one account. Needs `account.accountNumber` and `customer.email`. */
  autopay(input: PaystarAccountManagementInput, options?: CallOptions): Promise<PaystarManagementSession>
  /** Adding, viewing and deleting saved payment methods. Needs `customer.email`. */
  wallet(input: PaystarCustomerManagementInput, options?: CallOptions): Promise<PaystarManagementSession>
  /** Paperless billing enrollment for one account. Needs `account.accountNumber` and `customer.email`. */
  paperless(input: PaystarAccountManagementInput, options?: CallOptions): Promise<PaystarManagementSession>
  /** Email and SMS notification preferences. Needs `customer.email`. */
  notifications(
    input: PaystarCustomerManagementInput,
    options?: CallOptions,
  ): Promise<PaystarManagementSession>
}

/** What `paystar.manage` is built on: the gateway's native client and its schema loader. */
export interface ManageParts {
  readonly native: PaystarNativeClient
  readonly schemas: () => Promise<typeof Schemas>
  readonly businessUnitSlug: string
  /** The gateway's clock: `expiresAt` counts from when the request was sent by it. */
  readonly now: () => number
}

/**
 * Builds `paystar.manage`: input → Paystar's own strict schema → the native
 * body → the native client (which checks the body again, like every call) →
 * a {@link PaystarManagementSession}. Not a neutral facet, so it checks its
 * input with `parseInput` itself: the kit's pipeline takes neutral operations only.
 */
export function createPaystarManage({
  native,
  schemas,
  businessUnitSlug,
  now,
}: ManageParts): PaystarManageFacet {
  const context = (kind: PaystarManagementKind) => ({ provider: 'paystar', operation: `manage.${kind}` })
  const forAccount =
    (kind: 'autopay' | 'paperless', send: PaystarNativeClient['initiateManageAutopay']) =>
    async (input: PaystarAccountManagementInput, options?: CallOptions) => {
      const { accountManagementInput } = await schemas()
      const valid = parseInput(accountManagementInput, input, context(kind))
      const requestedAt = now()
      const answer = await send({ body: toAccountManagementRequest(valid, businessUnitSlug) }, options)
      return toManagementSession(kind, answer.data, requestedAt)
    }
  const forCustomer =
    (kind: 'wallet' | 'notifications', send: PaystarNativeClient['initiateManageWallet']) =>
    async (input: PaystarCustomerManagementInput, options?: CallOptions) => {
      const { customerManagementInput } = await schemas()
      const valid = parseInput(customerManagementInput, input, context(kind))
      const requestedAt = now()
      const answer = await send(
        { body: toCustomerManagementRequest(valid.customer, businessUnitSlug) },
        options,
      )
      return toManagementSession(kind, answer.data, requestedAt)
    }
  return {
    autopay: forAccount('autopay', native.initiateManageAutopay),
    wallet: forCustomer('wallet', native.initiateManageWallet),
    paperless: forAccount('paperless', native.initiateManagePaperless),
    notifications: forCustomer('notifications', native.initiateManageNotifications),
  }
}

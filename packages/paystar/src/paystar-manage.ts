import { type CallOptions, parseInput } from '@paymux/core'
import { loadPaystarSchemas } from './load-paystar-schemas.js'
import {
  toAccountManagementRequest,
  toCustomerManagementRequest,
  toManagementSession,
} from './map-paystar-management.js'
import type { PaystarClientParts } from './paystar-client.js'
import type { PaystarAccountManagementInput, PaystarCustomerManagementInput } from './paystar-manage-input.js'
import type { PaystarManagementSession } from './paystar-management-session.js'

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

/** Builds `paystar.manage` on the client. */
export function createPaystarManage(
  parts: Pick<PaystarClientParts, 'sendManagement'>,
  businessUnitSlug: string,
): PaystarManageFacet {
  const forAccount =
    (kind: 'autopay' | 'paperless', endpoint: 'initiateManageAutopay' | 'initiateManagePaperless') =>
    async (input: PaystarAccountManagementInput, options?: CallOptions) => {
      const operation = `manage.${kind}`
      const { accountManagementInputSchema } = await loadPaystarSchemas()
      const valid = parseInput(accountManagementInputSchema, input, { provider: 'paystar', operation })
      const requestedAt = Date.now()
      const answer = await parts.sendManagement(
        endpoint,
        toAccountManagementRequest(valid, businessUnitSlug),
        operation,
        options,
      )
      return toManagementSession(kind, answer.data, requestedAt)
    }
  const forCustomer =
    (kind: 'wallet' | 'notifications', endpoint: 'initiateManageWallet' | 'initiateManageNotifications') =>
    async (input: PaystarCustomerManagementInput, options?: CallOptions) => {
      const operation = `manage.${kind}`
      const { customerManagementInputSchema } = await loadPaystarSchemas()
      const valid = parseInput(customerManagementInputSchema, input, { provider: 'paystar', operation })
      const requestedAt = Date.now()
      const answer = await parts.sendManagement(
        endpoint,
        toCustomerManagementRequest(valid.customer, businessUnitSlug),
        operation,
        options,
      )
      return toManagementSession(kind, answer.data, requestedAt)
    }
  return {
    autopay: forAccount('autopay', 'initiateManageAutopay'),
    wallet: forCustomer('wallet', 'initiateManageWallet'),
    paperless: forAccount('paperless', 'initiateManagePaperless'),
    notifications: forCustomer('notifications', 'initiateManageNotifications'),
  }
}

import * as z from 'zod'
import { paystarAccountInputSchema } from './paystar-session-input.js'

const nonBlank = (what: string) =>
  z.string({ error: `is required: ${what}` }).refine((value) => value.trim() !== '', 'must not be blank')

const managedCustomerSchema = z.strictObject(
  {
    email: z.email({
      error: (issue) =>
        issue.input === undefined
          ? 'is required: management sessions need the customer’s email (ClientUser.EmailAddress)'
          : 'must be an email address (ClientUser.EmailAddress)',
    }),
    firstName: nonBlank('the first name').optional(),
    lastName: nonBlank('the last name').optional(),
  },
  { error: 'is required: { email, firstName?, lastName? } (ClientUser)' },
)

/** Input of `paystar.manage.autopay` and `paystar.manage.paperless`: one customer and one account. */
export const accountManagementInputSchema = z.strictObject({
  customer: managedCustomerSchema,
  // A missing account is read as an empty one, so the error names account.accountNumber.
  account: z.preprocess((account) => account ?? {}, paystarAccountInputSchema),
  syncAccount: z.boolean({ error: 'must be true or false' }).optional(),
})

const notForCustomerSessions = (field: string) =>
  z.undefined({ error: `wallet and notification sessions are per customer and take no ${field}` }).optional()

/** Input of `paystar.manage.wallet` and `paystar.manage.notifications`: one customer. */
export const customerManagementInputSchema = z.strictObject({
  customer: managedCustomerSchema,
  account: notForCustomerSessions('account'),
  syncAccount: notForCustomerSessions('syncAccount'),
})

/** The customer a management session is for. */
export interface PaystarManagedCustomer {
  /** Sent as `ClientUser.EmailAddress`; required. */
  readonly email: string
  /** Sent as `ClientUser.FirstName`; Paystar never changes it after the first request. */
  readonly firstName?: string
  /** Sent as `ClientUser.LastName`; Paystar never changes it after the first request. */
  readonly lastName?: string
}

/** Input of `paystar.manage.autopay` and `paystar.manage.paperless`. */
export interface PaystarAccountManagementInput {
  readonly customer: PaystarManagedCustomer
  /** The utility account; `accountNumber` is required. */
  readonly account: z.input<typeof paystarAccountInputSchema>
  /**
   * Sent as `SyncAccount`: must be `true` when the account is new to Paystar
   * (it then also updates the stored name and balance). Not sent when absent.
   */
  readonly syncAccount?: boolean
}

/** Input of `paystar.manage.wallet` and `paystar.manage.notifications`. */
export interface PaystarCustomerManagementInput {
  readonly customer: PaystarManagedCustomer
}

/** A validated account management input. */
export type ValidAccountManagementInput = z.output<typeof accountManagementInputSchema>
/** A validated customer management input. */
export type ValidCustomerManagementInput = z.output<typeof customerManagementInputSchema>

// The one module the Paystar gateway loads lazily, on its first call (see
// paystar-gateway.ts), so that importing @paymux/paystar does not load zod:
// the request schemas and answer handlers its endpoint table names, the
// neutral `sessions.create` input as Paystar refines it, the inputs of
// `paystar.manage`, and the webhook delivery.
import { answerHandler, checkWith, inputRule, type ReportIssue } from '@paymux/core/adapter-kit'
import {
  createSessionInputSchema,
  moneySchema,
  type ValidSessionInput as NeutralSessionInput,
  textSchema,
} from '@paymux/core/schemas'
import * as z from 'zod/mini'
import {
  type PaystarChannel,
  paystarAccountManagementRequestSchema,
  paystarChannelSchema,
  paystarCustomerManagementRequestSchema,
  paystarEnvelopeSchema,
  paystarInitiatePaymentRequestSchema,
  paystarManagementSessionDataSchema,
  paystarPaymentSessionDataSchema,
  paystarWebhookDeliverySchema,
} from './paystar-api.js'
import { paystarSaysFailed } from './paystar-errors.js'
import { PAYSTAR_MAX_CHARGES } from './paystar-limits.js'

/** Request bodies, by the name the endpoint table gives them. */
export const requests = {
  initiatePayment: paystarInitiatePaymentRequestSchema,
  accountManagement: paystarAccountManagementRequestSchema,
  customerManagement: paystarCustomerManagementRequestSchema,
}

// As Paystar asks, `hasErrors` is read before `data` is touched: a failure in a 2xx is never a success.
const envelope = <Data extends z.ZodMiniType>(data: Data) =>
  answerHandler(paystarEnvelopeSchema(data), { saysFailed: paystarSaysFailed, failureCode: 'has_errors' })

/** Answer handlers, by the name the endpoint table gives them: each resolves to the checked envelope. */
export const answers = {
  paymentSession: envelope(paystarPaymentSessionDataSchema),
  managementSession: envelope(paystarManagementSessionDataSchema),
}

/** A webhook delivery, checked once its shared secret matched. */
export const webhookDelivery = paystarWebhookDeliverySchema

const blank = (value: string) => (value.trim() === '' ? 'must not be blank' : undefined)

/** A utility account at the biller, as paymux takes it (Paystar only). */
export const paystarAccountInputSchema = z.strictObject({
  /** The account number at the biller; sent as `ClientAccount.AccountNumber`. */
  accountNumber: z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? 'is required: the account number at the biller (ClientAccount.AccountNumber)'
          : 'must be a string: the account number at the biller',
    })
    .check(checkWith(blank)),
  /** The name on the account; sent as `ClientAccount.Name`. */
  name: z.optional(z.string()),
  /** The balance due; sent as `ClientAccount.Balance` in cents. */
  balance: z.optional(moneySchema),
})

/** What `providerOptions.paystar` of `sessions.create` takes; unknown keys are refused. */
export const paystarSessionOptionsSchema = z.strictObject({
  /** This session's channel. @default the gateway's `channel` setting */
  channel: z.optional(paystarChannelSchema),
  /** POS only: the agent's Paystar email, sent as `PosUser`. */
  posUser: z.optional(z.email('must be the email address of the agent’s Paystar user')),
  /** Sent as `PaymentDescriptor`. */
  paymentDescriptor: z.optional(textSchema('the payment descriptor')),
  /**
   * The utility account each charge pays, by index (`accounts[0]` for the
   * first line item; `null` or absent for none): none makes an accountless
   * session, one a single-account session, several a multi-account session.
   */
  accounts: z.optional(
    z
      .array(z.optional(z.nullable(paystarAccountInputSchema)))
      .check(
        z.maxLength(PAYSTAR_MAX_CHARGES, `takes at most ${PAYSTAR_MAX_CHARGES} accounts, one per charge`),
      ),
  ),
})

/** What the neutral `sessions.create` input must satisfy for Paystar, given the gateway's settings. */
export interface SessionInputContext {
  readonly currency: string
  readonly channel: PaystarChannel
}

/**
 * The neutral `sessions.create` input as Paystar can honour it: core's schema
 * shaped by what Paystar declares (payment mode, embedded, the gateway's
 * currency, 1–25 charges of at least 1 cent), then Paystar's own rules. The
 * fields Paystar cannot carry at all are refused before this, by core
 * (`capabilities.unsupportedFields`).
 */
export function sessionInput(context: SessionInputContext) {
  return createSessionInputSchema({
    provider: 'paystar',
    name: 'Paystar',
    sessionModes: ['payment'],
    presentations: ['embedded'],
    currencies: [context.currency],
    maxLineItems: PAYSTAR_MAX_CHARGES,
    positiveAmounts: true,
    providerOptions: paystarSessionOptionsSchema,
  }).check(inputRule((input: ValidSessionInput, report) => paystarSessionIssues(input, context, report)))
}

/** A `sessions.create` input that passed {@link sessionInput}. */
export type ValidSessionInput = NeutralSessionInput<'paystar', z.output<typeof paystarSessionOptionsSchema>>

function paystarSessionIssues(
  input: ValidSessionInput,
  context: SessionInputContext,
  report: ReportIssue,
): void {
  const options = input.providerOptions?.paystar
  const channel = options?.channel ?? context.channel
  // Paystar shows each charge by its Description; it has no session-level one to put `description` in.
  for (const [index, item] of (input.lineItems ?? []).entries()) {
    if (item.description === undefined) {
      report(
        ['lineItems', index, 'description'],
        'is required: what the buyer pays for, e.g. "January Water Bill"',
      )
    }
    if (item.quantity !== undefined && item.quantity !== 1) {
      report(
        ['lineItems', index, 'quantity'],
        'Paystar charges have no quantity: send one line item with the whole amount',
      )
    }
  }
  if (input.amount !== undefined && input.description === undefined) {
    report(['description'], 'is required with amount: Paystar shows each charge with a Description')
  }
  if (input.lineItems !== undefined && input.description !== undefined) {
    report(['description'], 'Paystar has no session description: give each line item its own description')
  }
  const charges = input.lineItems?.length ?? 1
  const accounts = options?.accounts ?? []
  if (accounts.length > charges) {
    report(
      ['providerOptions', 'paystar', 'accounts'],
      `has ${accounts.length} accounts for ${charges} charges`,
    )
  }
  for (const [index, account] of accounts.entries()) {
    if (account?.balance !== undefined && account.balance.currency !== context.currency) {
      report(
        ['providerOptions', 'paystar', 'accounts', index, 'balance', 'currency'],
        `must be ${context.currency}`,
      )
    }
  }
  if (input.customer !== undefined && input.customer.email === undefined) {
    report(['customer', 'email'], 'is required: Paystar syncs its user by EmailAddress')
  }
  if (channel === 'POS' && input.customer !== undefined) {
    report(['customer'], 'POS sessions may not carry a customer (ClientUser); the agent is posUser')
  }
  if (channel === 'QuickPay' && options?.posUser !== undefined) {
    report(
      ['providerOptions', 'paystar', 'posUser'],
      'QuickPay sessions may not set PosUser: use channel POS',
    )
  }
}

const nameSchema = (what: string) => z.optional(textSchema(what))

const managedCustomerSchema = z.strictObject(
  {
    /** Sent as `ClientUser.EmailAddress`; required. */
    email: z.email({
      error: (issue) =>
        issue.input === undefined
          ? 'is required: management sessions need the customer’s email (ClientUser.EmailAddress)'
          : 'must be an email address (ClientUser.EmailAddress)',
    }),
    /** Sent as `ClientUser.FirstName`; Paystar never changes it after the first request. */
    firstName: nameSchema('the first name'),
    /** Sent as `ClientUser.LastName`; Paystar never changes it after the first request. */
    lastName: nameSchema('the last name'),
  },
  { error: 'is required: { email, firstName?, lastName? } (ClientUser)' },
)

/** Input of `paystar.manage.autopay` and `paystar.manage.paperless`: one customer and one account. */
export const accountManagementInput = z.strictObject({
  customer: managedCustomerSchema,
  /** The utility account; `accountNumber` is required. A missing account is read as an empty one, so the error names `account.accountNumber`. */
  account: z.pipe(
    z.transform((account: PaystarAccountInput) => account ?? ({} as PaystarAccountInput)),
    paystarAccountInputSchema,
  ),
  /**
   * Sent as `SyncAccount`: must be `true` when the account is new to Paystar
   * (it then also updates the stored name and balance). Not sent when absent.
   */
  syncAccount: z.optional(z.boolean({ error: 'must be true or false' })),
})

const notForCustomerSessions = (field: string) =>
  z.optional(z.undefined({ error: `wallet and notification sessions are per customer and take no ${field}` }))

/** Input of `paystar.manage.wallet` and `paystar.manage.notifications`: one customer. */
export const customerManagementInput = z.strictObject({
  customer: managedCustomerSchema,
  account: notForCustomerSessions('account'),
  syncAccount: notForCustomerSessions('syncAccount'),
})

/** A utility account: `accountNumber`, and optionally `name` and `balance`. */
export type PaystarAccountInput = z.input<typeof paystarAccountInputSchema>
/** Paystar-only options of `sessions.create`, under `providerOptions.paystar`. */
export type PaystarSessionOptions = z.input<typeof paystarSessionOptionsSchema>
/** The customer a management session is for. */
export type PaystarManagedCustomer = z.input<typeof managedCustomerSchema>
/** Input of `paystar.manage.autopay` and `paystar.manage.paperless`. */
export type PaystarAccountManagementInput = z.input<typeof accountManagementInput>
/** Input of `paystar.manage.wallet` and `paystar.manage.notifications`. */
export type PaystarCustomerManagementInput = Pick<z.input<typeof customerManagementInput>, 'customer'>
/** A validated account management input. */
export type ValidAccountManagementInput = z.output<typeof accountManagementInput>

import { checkWith, httpUrlProblem, lineTotalOverflow, refuseMisspeltGatewayKeys } from '@paymux/core'
import { moneySchema } from '@paymux/core/schemas'
import * as z from 'zod'
import { type PaystarChannel, paystarChannelSchema } from './paystar-api.js'
import { PAYSTAR_MAX_CHARGES } from './paystar-limits.js'

const nonBlank = (what: string) =>
  z
    .string({
      error: (issue) => (issue.input === undefined ? `is required: ${what}` : `must be a string: ${what}`),
    })
    .refine((value) => value.trim() !== '', 'must not be blank')

// Refused, not repaired: the URL parser would drop a newline or surrounding spaces that Paystar then stores.
const httpUrl = z.string({ error: (issue) => httpUrlProblem(issue.input) }).check(checkWith(httpUrlProblem))

/** A utility account at the biller, as paymux takes it. */
export const paystarAccountInputSchema = z.strictObject({
  /** The account number at the biller; sent as `ClientAccount.AccountNumber`. */
  accountNumber: z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? 'is required: the account number at the biller (ClientAccount.AccountNumber)'
          : 'must be a string: the account number at the biller',
    })
    .refine((value) => value.trim() !== '', 'must not be blank'),
  /** The name on the account; sent as `ClientAccount.Name`. */
  name: z.string().optional(),
  /** The balance due; sent as `ClientAccount.Balance` in cents. */
  balance: z.optional(moneySchema),
})

/** A utility account: `accountNumber`, and optionally `name` and `balance`. */
export type PaystarAccountInput = z.input<typeof paystarAccountInputSchema>

/** What `providerOptions.paystar` of `sessions.create` takes. */
export const paystarSessionOptionsSchema = z.strictObject({
  channel: paystarChannelSchema.optional(),
  posUser: z.email('must be the email address of the agent’s Paystar user').optional(),
  paymentDescriptor: nonBlank('the payment descriptor').optional(),
  accounts: z
    .array(paystarAccountInputSchema.nullable().optional())
    .max(PAYSTAR_MAX_CHARGES, `takes at most ${PAYSTAR_MAX_CHARGES} accounts, one per charge`)
    .optional(),
})

/**
 * Paystar-only options of `sessions.create`, under `providerOptions.paystar`.
 * Unknown keys are refused, so a typo never goes unnoticed.
 */
export interface PaystarSessionOptions {
  /** This session's channel. @default the gateway's `channel` setting */
  readonly channel?: PaystarChannel
  /** POS only: the agent's Paystar email, sent as `PosUser`. */
  readonly posUser?: string
  /** Sent as `PaymentDescriptor`. */
  readonly paymentDescriptor?: string
  /**
   * The utility account each charge pays, by index (`accounts[0]` for the
   * first line item; `null` or absent for none). No accounts makes an
   * accountless session, one a single-account session, several a
   * multi-account session.
   */
  readonly accounts?: ReadonlyArray<PaystarAccountInput | null | undefined>
}

const lineItemSchema = z.strictObject({
  priceId: z.undefined({ error: 'Paystar has no catalog: give amount and description instead' }).optional(),
  productId: z.undefined({ error: 'Paystar has no catalog: give amount and description instead' }).optional(),
  amount: moneySchema,
  quantity: z
    .literal(1, { error: 'Paystar charges have no quantity: send one line item with the whole amount' })
    .optional(),
  description: nonBlank('what the buyer pays for, e.g. "January Water Bill"'),
})

const customerSchema = z.strictObject({
  email: z.email('must be an email address: Paystar syncs its user by EmailAddress'),
  name: z.string().optional(),
  firstName: nonBlank('the first name').optional(),
  lastName: nonBlank('the last name').optional(),
})

/** What the neutral `sessions.create` input must satisfy for Paystar, given the gateway's settings. */
export interface SessionInputContext {
  readonly currency: string
  readonly channel: PaystarChannel
}

/**
 * The neutral `sessions.create` input as Paystar can honour it. Every rule of
 * the Paystar documents is checked here, so a bad input is refused with all
 * its field paths before anything is sent. Objects are strict: a misspelt key
 * is refused with a suggestion, never dropped.
 */
export function paystarSessionInputSchema(context: SessionInputContext) {
  return z
    .strictObject({
      mode: z
        .literal('payment', {
          error:
            "Paystar sessions take one-time payments ('payment'); for AutoPay use paystar.manage.autopay",
        })
        .optional(),
      lineItems: z
        .array(lineItemSchema)
        .min(1, 'needs at least one charge')
        .max(PAYSTAR_MAX_CHARGES, `Paystar takes at most ${PAYSTAR_MAX_CHARGES} charges per session`)
        .optional(),
      amount: z.optional(moneySchema),
      description: nonBlank('what the buyer pays for').optional(),
      customer: customerSchema.optional(),
      successUrl: httpUrl.optional(),
      cancelUrl: httpUrl.optional(),
      reference: nonBlank('your order id').optional(),
      // Tax hints: Paystar computes no tax, so they change nothing the buyer pays.
      buyerCountry: z.string().optional(),
      region: z.string().optional(),
      presentation: z
        .literal('embedded', {
          error: "Paystar sessions open in its embedded loader: presentation must be 'embedded'",
        })
        .optional(),
      metadata: z
        .record(z.string(), z.string())
        .refine((value) => Object.keys(value).length === 0, {
          message: 'Paystar has no metadata field and paymux will not drop it silently: use reference',
        })
        .optional(),
      providerOptions: z
        .looseObject({ paystar: paystarSessionOptionsSchema.optional() })
        .check(refuseMisspeltGatewayKeys)
        .optional(),
    })
    .superRefine((input, check) => {
      const issue = (path: (string | number)[], message: string) =>
        check.addIssue({ code: 'custom', path, message })
      const options = input.providerOptions?.paystar
      const channel = options?.channel ?? context.channel

      if (input.lineItems !== undefined && input.amount !== undefined) {
        issue(['amount'], 'give either amount (with description) or lineItems, not both')
      } else if (input.lineItems === undefined && input.amount === undefined) {
        issue(['lineItems'], 'is required: at least one charge (lineItems, or amount with description)')
      } else if (input.amount !== undefined && input.description === undefined) {
        issue(['description'], 'is required with amount: Paystar shows each charge with a Description')
      }

      const amounts =
        input.lineItems?.map((item, index) => ({
          money: item.amount,
          path: ['lineItems', index, 'amount'],
        })) ?? (input.amount === undefined ? [] : [{ money: input.amount, path: ['amount'] }])
      for (const { money, path } of amounts) {
        if (money.currency !== context.currency) {
          issue([...path, 'currency'], `Paystar charges in ${context.currency} only, got ${money.currency}`)
        }
        if (money.amount === 0) issue([...path, 'amount'], 'must be at least 1 cent')
      }
      // The gateway adds the charges up for the session's subtotal: the sum must stay exact.
      const overflow = lineTotalOverflow(amounts.map(({ money }) => money))
      if (overflow !== undefined) issue(['lineItems'], overflow.message)

      const accounts = options?.accounts ?? []
      if (accounts.length > amounts.length) {
        issue(
          ['providerOptions', 'paystar', 'accounts'],
          `has ${accounts.length} accounts for ${amounts.length} charges`,
        )
      }
      accounts.forEach((account, index) => {
        if (account?.balance !== undefined && account.balance.currency !== context.currency) {
          issue(
            ['providerOptions', 'paystar', 'accounts', index, 'balance', 'currency'],
            `must be ${context.currency}`,
          )
        }
      })

      if (channel === 'POS' && input.customer !== undefined) {
        issue(['customer'], 'POS sessions may not carry a customer (ClientUser); the agent is posUser')
      }
      if (channel === 'QuickPay' && options?.posUser !== undefined) {
        issue(
          ['providerOptions', 'paystar', 'posUser'],
          'QuickPay sessions may not set PosUser: use channel POS',
        )
      }
      const customer = input.customer
      if (
        customer?.name !== undefined &&
        (customer.firstName === undefined || customer.lastName === undefined)
      ) {
        issue(
          ['customer', 'name'],
          'Paystar keeps FirstName and LastName separately and never lets them change: give firstName and lastName, paymux will not guess a split',
        )
      }
    })
}

/** A `sessions.create` input that passed {@link paystarSessionInputSchema}. */
export type ValidSessionInput = z.output<ReturnType<typeof paystarSessionInputSchema>>

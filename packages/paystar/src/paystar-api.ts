import { checkWith, inputRule, safeParseWithMessages } from '@paymux/core/adapter-kit'
import * as z from 'zod/mini'
import { PAYSTAR_MAX_CHARGES } from './paystar-limits.js'

// Paystar's wire format (zod/mini), PascalCase as the API reference writes it.
// Request schemas are loose objects: a field Paystar has and paymux does not
// model (custom account fields) is sent through, never dropped. Loaded only
// with the schema module, on the first call.

const blank = (value: string) => (value.trim() === '' ? 'must not be blank' : undefined)
const nonEmpty = (what: string) => z.string({ error: `is required: ${what}` }).check(checkWith(blank))
const absoluteUrl = z
  .string()
  .check(checkWith((value: string) => (URL.canParse(value) ? undefined : 'must be an absolute URL')))
const slug = nonEmpty('your business unit slug, e.g. "acme-utilities"')

/** An integer number of US cents (`15000` is shown to the buyer as 150.00). */
export const paystarCentsSchema = z
  .number({ error: 'is required: an integer number of cents (15000 is 150.00)' })
  .check(
    checkWith((cents: number) =>
      Number.isSafeInteger(cents)
        ? undefined
        : 'must be an integer number of cents (15000 is 150.00), not a fraction',
    ),
  )

/** `QuickPay` (the customer serves themself) or `POS` (an agent takes the payment). */
export const paystarChannelSchema = z.enum(['QuickPay', 'POS'], { error: "must be 'QuickPay' or 'POS'" })

/** A utility account; synced to Paystar when it appears on a charge or with `SyncAccount: true`. */
export const paystarClientAccountSchema = z.looseObject({
  AccountNumber: nonEmpty('the account number at the biller'),
  Name: z.optional(z.string()),
  Balance: z.optional(paystarCentsSchema),
  /** Not updated by later requests, per the API reference. */
  Note: z.optional(z.string()),
})

/** The buyer's Paystar user; FirstName and LastName cannot change after the first request. */
export const paystarClientUserSchema = z.looseObject({
  EmailAddress: z.optional(z.string()),
  FirstName: z.optional(z.string()),
  LastName: z.optional(z.string()),
})

const clientUserWithEmailSchema = z.extend(paystarClientUserSchema, {
  EmailAddress: nonEmpty("the customer's email address"),
})

/** One charge of a payment session. */
export const paystarChargeSchema = z.looseObject({
  Amount: paystarCentsSchema.check(
    checkWith((cents: number) => (cents > 0 ? undefined : 'must be at least 1 cent')),
  ),
  Description: z.optional(z.string()),
  ClientAccount: z.optional(paystarClientAccountSchema),
})

/** Body of `POST /integrations/embedded/initiate`. */
export const paystarInitiatePaymentRequestSchema = z
  .looseObject({
    BusinessUnitSlug: slug,
    Channel: paystarChannelSchema,
    ClientUser: z.optional(paystarClientUserSchema),
    /** The agent's Paystar email; POS only. */
    PosUser: z.optional(z.string()),
    Charges: z
      .array(paystarChargeSchema, { error: 'is required: at least one charge' })
      .check(
        z.minLength(1, 'needs at least one charge'),
        z.maxLength(PAYSTAR_MAX_CHARGES, `takes at most ${PAYSTAR_MAX_CHARGES} charges`),
      ),
    SuccessUrl: z.optional(absoluteUrl),
    ReturnUrl: z.optional(absoluteUrl),
    /** Your own reference; Paystar requires it to be unique when given. */
    ClientReference: z.optional(z.string()),
    PaymentDescriptor: z.optional(z.string()),
  })
  .check(
    inputRule((body: { Channel: string; ClientUser?: unknown; PosUser?: string | undefined }, report) => {
      if (body.Channel === 'POS' && body.ClientUser !== undefined) {
        report(
          ['ClientUser'],
          'POS sessions may not set ClientUser (the agent identifies themself with PosUser)',
        )
      }
      if (body.Channel === 'QuickPay' && body.PosUser !== undefined) {
        report(['PosUser'], 'QuickPay sessions may not set PosUser (it is for agent-initiated POS sessions)')
      }
    }),
  )

/** Body of `POST /integrations/embedded/initiate-manage-autopay` and `…-paperless`. */
export const paystarAccountManagementRequestSchema = z.looseObject({
  BusinessUnitSlug: slug,
  /** Must be true when the account is new to Paystar. */
  SyncAccount: z.optional(z.boolean()),
  ClientAccount: paystarClientAccountSchema,
  ClientUser: clientUserWithEmailSchema,
})

/** Body of `POST /integrations/embedded/initiate-manage-wallet` and `…-notifications`. */
export const paystarCustomerManagementRequestSchema = z.looseObject({
  BusinessUnitSlug: slug,
  ClientUser: clientUserWithEmailSchema,
})

/** `data` of a successful payment `initiate` answer. */
export const paystarPaymentSessionDataSchema = z.looseObject({
  PaymentSessionIdentifier: nonEmpty('the session identifier'),
  PaymentLogInLink: absoluteUrl,
  Status: nonEmpty('the session status'),
})

/**
 * `data` of a successful management `initiate-manage-*` answer. The shape is
 * not in the primary reference (third-party code shows `SessionLink`,
 * `SessionStatus`, `ValidUntil`), so the payment-session field names are
 * accepted too; at least one link must be there.
 */
export const paystarManagementSessionDataSchema = z
  .looseObject({
    SessionLink: z.optional(absoluteUrl),
    SessionStatus: z.optional(z.string()),
    ValidUntil: z.optional(z.string()),
    PaymentSessionIdentifier: z.optional(z.string()),
    PaymentLogInLink: z.optional(absoluteUrl),
    Status: z.optional(z.string()),
  })
  .check(
    inputRule((data: { SessionLink?: string | undefined; PaymentLogInLink?: string | undefined }, report) => {
      if (data.SessionLink === undefined && data.PaymentLogInLink === undefined) {
        report(['SessionLink'], 'has no session link (SessionLink or PaymentLogInLink)')
      }
    }),
  )

/**
 * Paystar's answer envelope around `data`. `hasErrors: true` (or a non-empty
 * `errors`) is caught before this schema runs (see `paystar-schemas.ts`), so
 * a body that gets here without `hasErrors: false` lacks the flag.
 */
export function paystarEnvelopeSchema<Data extends z.ZodMiniType>(data: Data) {
  return z.looseObject({
    hasErrors: z.literal(false, {
      error: (issue) =>
        issue.input === undefined ? 'is required: Paystar answers always carry hasErrors' : undefined,
    }),
    errors: z._default(z.array(z.unknown()), []),
    data,
  })
}

/** `payload` of a `Payment.Succeeded` delivery: what paymux reads of it. */
export const paystarPaymentPayloadSchema = z
  .looseObject({
    referenceNumber: z.optional(z.string()),
    sessionIdentifier: z.optional(z.string()),
    /** Dollars, as a string (`"300.34"`); parsed exactly, never as a float. */
    amount: z.union([z.string(), z.number()], {
      error: 'is required: the amount in dollars, a string such as "300.34"',
    }),
    status: z.optional(z.string()),
    clientReference: z.optional(z.string()),
  })
  .check(
    inputRule(
      (payload: { referenceNumber?: string | undefined; sessionIdentifier?: string | undefined }, report) => {
        if (!payload.referenceNumber?.trim() && !payload.sessionIdentifier?.trim()) {
          report(['referenceNumber'], 'is required (or sessionIdentifier): it identifies the payment')
        }
      },
    ),
  )

/**
 * A webhook delivery, as the template on the docs page renders it:
 * `{ action, payload }`. The payload is your own template, so only what
 * paymux reads is checked: the payload of a `Payment.Succeeded`; any other
 * action's payload passes untouched.
 */
export const paystarWebhookDeliverySchema = z
  .looseObject({
    action: z
      .string({
        error:
          'is required: the event name, e.g. "Payment.Succeeded" (use the template on the Paystar docs page)',
      })
      .check(checkWith(blank)),
    payload: z.optional(z.unknown()),
  })
  .check(
    inputRule((delivery: { action: string; payload?: unknown }, report) => {
      if (delivery.action !== 'Payment.Succeeded') return
      const checked = safeParseWithMessages(paystarPaymentPayloadSchema, delivery.payload ?? {})
      for (const issue of checked.success ? [] : checked.issues)
        report(['payload', ...issue.path], issue.message)
    }),
  )

/** A successful Paystar answer: `hasErrors` false and the endpoint's `data`. */
export interface PaystarEnvelope<Data> {
  readonly hasErrors: false
  readonly errors: readonly unknown[]
  readonly data: Data
  readonly [field: string]: unknown
}

/** Body of `POST /integrations/embedded/initiate`, as you pass it to the native client. */
export type PaystarInitiatePaymentRequest = z.input<typeof paystarInitiatePaymentRequestSchema>
/** Body of the AutoPay and paperless management endpoints. */
export type PaystarAccountManagementRequest = z.input<typeof paystarAccountManagementRequestSchema>
/** Body of the wallet and notification management endpoints. */
export type PaystarCustomerManagementRequest = z.input<typeof paystarCustomerManagementRequestSchema>
/** One charge, as sent. */
export type PaystarCharge = z.output<typeof paystarChargeSchema>
/** A utility account, as sent. */
export type PaystarClientAccount = z.output<typeof paystarClientAccountSchema>
/** The buyer's Paystar user, as sent. */
export type PaystarClientUser = z.output<typeof paystarClientUserSchema>
/** `QuickPay` or `POS`. */
export type PaystarChannel = z.output<typeof paystarChannelSchema>
/** `data` of a payment session answer. */
export type PaystarPaymentSessionData = z.output<typeof paystarPaymentSessionDataSchema>
/** `data` of a management session answer. */
export type PaystarManagementSessionData = z.output<typeof paystarManagementSessionDataSchema>
/** A webhook delivery, as checked. */
export type PaystarWebhookDelivery = z.output<typeof paystarWebhookDeliverySchema>
/** `payload` of a `Payment.Succeeded` delivery, as checked. */
export type PaystarPaymentPayload = z.output<typeof paystarPaymentPayloadSchema>

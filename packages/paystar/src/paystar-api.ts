import * as z from 'zod'
import type { PaystarEndpointName } from './paystar-client.js'
import { PAYSTAR_MAX_CHARGES } from './paystar-limits.js'

// Native request and response bodies, PascalCase as the Paystar API reference
// writes them. Request schemas are loose objects: a field Paystar has and
// paymux does not model (custom account fields) is sent through, never dropped.

const nonEmpty = (what: string) =>
  z.string({ error: `is required: ${what}` }).refine((value) => value.trim() !== '', `must not be blank`)

const absoluteUrl = z.string().refine((value) => URL.canParse(value), 'must be an absolute URL')

/** An integer number of US cents (`15000` is shown to the buyer as 150.00). */
export const paystarCentsSchema = z
  .number({ error: 'is required: an integer number of cents (15000 is 150.00)' })
  .refine(Number.isSafeInteger, 'must be an integer number of cents (15000 is 150.00), not a fraction')

/** `QuickPay` (the customer serves themself) or `POS` (an agent takes the payment). */
export const paystarChannelSchema = z.enum(['QuickPay', 'POS'], {
  error: "must be 'QuickPay' or 'POS'",
})

/** A utility account; synced to Paystar when it appears on a charge or with `SyncAccount: true`. */
export const paystarClientAccountSchema = z.looseObject({
  AccountNumber: nonEmpty('the account number at the biller'),
  Name: z.string().optional(),
  Balance: paystarCentsSchema.optional(),
  /** Not updated by later requests, per the API reference. */
  Note: z.string().optional(),
})

/** The buyer's Paystar user; FirstName and LastName cannot change after the first request. */
export const paystarClientUserSchema = z.looseObject({
  EmailAddress: z.string().optional(),
  FirstName: z.string().optional(),
  LastName: z.string().optional(),
})

const clientUserWithEmailSchema = paystarClientUserSchema.extend({
  EmailAddress: nonEmpty("the customer's email address"),
})

/** One charge of a payment session. */
export const paystarChargeSchema = z.looseObject({
  Amount: paystarCentsSchema.refine((cents) => cents > 0, 'must be at least 1 cent'),
  Description: z.string().optional(),
  ClientAccount: paystarClientAccountSchema.optional(),
})

/** Body of `POST /integrations/embedded/initiate`. */
export const paystarInitiatePaymentRequestSchema = z
  .looseObject({
    BusinessUnitSlug: nonEmpty('your business unit slug, e.g. "acme-utilities"'),
    Channel: paystarChannelSchema,
    ClientUser: paystarClientUserSchema.optional(),
    /** The agent's Paystar email; POS only. */
    PosUser: z.string().optional(),
    Charges: z
      .array(paystarChargeSchema, { error: 'is required: at least one charge' })
      .min(1, 'needs at least one charge')
      .max(PAYSTAR_MAX_CHARGES, `takes at most ${PAYSTAR_MAX_CHARGES} charges`),
    SuccessUrl: absoluteUrl.optional(),
    ReturnUrl: absoluteUrl.optional(),
    /** Your own reference; Paystar requires it to be unique when given. */
    ClientReference: z.string().optional(),
    PaymentDescriptor: z.string().optional(),
  })
  .superRefine((body, context) => {
    if (body.Channel === 'POS' && body.ClientUser !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['ClientUser'],
        message: 'POS sessions may not set ClientUser (the agent identifies themself with PosUser)',
      })
    }
    if (body.Channel === 'QuickPay' && body.PosUser !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['PosUser'],
        message: 'QuickPay sessions may not set PosUser (it is for agent-initiated POS sessions)',
      })
    }
  })

/** Body of `POST /integrations/embedded/initiate-manage-autopay` and `…-paperless`. */
export const paystarAccountManagementRequestSchema = z.looseObject({
  BusinessUnitSlug: nonEmpty('your business unit slug, e.g. "acme-utilities"'),
  /** Must be true when the account is new to Paystar. */
  SyncAccount: z.boolean().optional(),
  ClientAccount: paystarClientAccountSchema,
  ClientUser: clientUserWithEmailSchema,
})

/** Body of `POST /integrations/embedded/initiate-manage-wallet` and `…-notifications`. */
export const paystarCustomerManagementRequestSchema = z.looseObject({
  BusinessUnitSlug: nonEmpty('your business unit slug, e.g. "acme-utilities"'),
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
    SessionLink: absoluteUrl.optional(),
    SessionStatus: z.string().optional(),
    ValidUntil: z.string().optional(),
    PaymentSessionIdentifier: z.string().optional(),
    PaymentLogInLink: absoluteUrl.optional(),
    Status: z.string().optional(),
  })
  .refine((data) => data.SessionLink !== undefined || data.PaymentLogInLink !== undefined, {
    message: 'has no session link (SessionLink or PaymentLogInLink)',
    path: ['SessionLink'],
  })

/** The body schema of every endpoint, which the native client checks a body with before sending it. */
export const PAYSTAR_REQUEST_SCHEMAS: Readonly<Record<PaystarEndpointName, z.ZodType>> = Object.freeze({
  initiatePayment: paystarInitiatePaymentRequestSchema,
  initiateManageAutopay: paystarAccountManagementRequestSchema,
  initiateManageWallet: paystarCustomerManagementRequestSchema,
  initiateManagePaperless: paystarAccountManagementRequestSchema,
  initiateManageNotifications: paystarCustomerManagementRequestSchema,
})

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

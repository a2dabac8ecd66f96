// The neutral `sessions.create` input, owned by core (zod/mini). Every gateway
// parses the same shape with the same shared rules: unknown keys refused
// with a suggestion, amount or lineItems (one, not both), exact totals,
// http(s) URLs as written, references as written, metadata string → string,
// `providerOptions` keyed by gateway id with misspelt ids refused.
//
// How a gateway refines this
// --------------------------
// 1. Build the schema from what the gateway declares: its capabilities
//    (`sessionModes`, `presentations`, `currencies` spread in), its limits,
//    and the schema of its own `providerOptions.<id>`.
// 2. Add the gateway's own rules with `.check(inputRule(…))`. They run only
//    on an input that passed every neutral rule, typed, and each report
//    names its field. A rule may only narrow: never accept what core refuses.
// 3. Fields the gateway cannot carry at all are not refined here: list them
//    in `capabilities.unsupportedFields['sessions.create']`, and parse with
//    `parseNeutralInput`, which refuses them first (`unsupported_field`).
//
//    const acmeSessionInput = createSessionInputSchema({
//      ...ACME_CAPABILITIES,             // sessionModes, presentations, currencies
//      provider: 'acme',
//      name: 'Acme',
//      maxReferenceLength: 64,
//      providerOptions: z.strictObject({ channel: z.optional(z.enum(['web', 'pos'])) }),
//    }).check(
//      inputRule((input, report) => {
//        if (input.successUrl === undefined) report(['successUrl'], 'is required by Acme')
//      }),
//    )
//
//    const valid = parseNeutralInput(acmeSessionInput, input, {
//      provider: 'acme', operation: 'sessions.create', capabilities: ACME_CAPABILITIES,
//    })

import * as z from 'zod/mini'
import type { $ZodType, output } from 'zod/v4/core'
import type { CreateSessionInput, LineItemInput } from '../model/gateway.js'
import type { Money } from '../model/money.js'
import type { SessionMode, SessionPresentation } from '../model/payment-session.js'
import { lineTotalOverflow } from '../money/money.js'
import { moneySchema } from '../money/money-schema.js'
import type { ReportIssue } from '../validation/zod-checks.js'
import { currencyNotTaken, zeroAmountProblem } from './money-rules.js'
import {
  countrySchema,
  emailSchema,
  httpUrlSchema,
  idSchema,
  metadataSchema,
  quantitySchema,
  referenceSchema,
  textSchema,
} from './neutral-fields.js'
import { neutralRule } from './neutral-rule.js'
import { providerOptionsSchema } from './provider-options.js'

const SESSION_MODES: readonly SessionMode[] = ['payment', 'subscription', 'setup']
const PRESENTATIONS: readonly SessionPresentation[] = ['embedded', 'redirect']

/** What shapes a gateway's `sessions.create` schema; spread its capabilities in. */
export interface SessionInputOptions<Provider extends string = string, Own extends $ZodType = $ZodType> {
  /** The gateway's id: the key of its own `providerOptions`. */
  readonly provider: Provider
  /** How messages name the gateway (`'Fastaar'`). @default provider */
  readonly name?: string
  /** The modes the gateway offers (`capabilities.sessionModes`). @default every mode */
  readonly sessionModes?: readonly SessionMode[]
  /** The presentations it offers (`capabilities.presentations`). @default both */
  readonly presentations?: readonly SessionPresentation[]
  /** The currencies of ad hoc amounts it takes (`capabilities.currencies`). @default 'any' */
  readonly currencies?: readonly string[] | 'any'
  /** The longest `reference`. @default 255 */
  readonly maxReferenceLength?: number
  /** The most line items in one session. @default no limit */
  readonly maxLineItems?: number
  /** Whether every ad hoc amount must be more than zero. @default false */
  readonly positiveAmounts?: boolean
  /** The schema of `providerOptions.<provider>`. @default a strict empty object: any key is a mistake */
  readonly providerOptions?: Own
}

// The input as a rule sees it: zod's output marks every optional key `| undefined`.
type Parsed<T> = { readonly [K in keyof T]?: T[K] | undefined }
type LineItemValue = Parsed<LineItemInput>
type SessionValue = Parsed<Pick<CreateSessionInput, 'mode' | 'amount' | 'region' | 'buyerCountry'>> & {
  readonly lineItems?: readonly LineItemValue[] | undefined
}

/** A neutral `sessions.create` input as it passed the neutral rules, with the gateway's own options typed. */
export type ValidSessionInput<
  Provider extends string = string,
  OwnOptions = Readonly<Record<string, unknown>>,
> = Omit<CreateSessionInput, 'providerOptions'> & {
  readonly providerOptions?: { readonly [K in Provider]?: OwnOptions } & Readonly<Record<string, unknown>>
}

/**
 * One line of a checkout: exactly one of a catalog `priceId`, a catalog
 * `productId` or an ad hoc `amount`; `quantity` a whole number from 1.
 */
export const lineItemInputSchema = z
  .strictObject({
    priceId: z.optional(idSchema),
    productId: z.optional(idSchema),
    amount: z.optional(moneySchema),
    quantity: z.optional(quantitySchema),
    description: z.optional(textSchema('what the buyer pays for')),
  })
  .check(neutralRule(lineItemIssues))

/** The buyer: an email address and names, each optional. */
export const customerInputSchema = z.strictObject({
  email: z.optional(emailSchema),
  name: z.optional(textSchema('a name')),
  firstName: z.optional(textSchema('a first name')),
  lastName: z.optional(textSchema('a last name')),
})

/**
 * The `sessions.create` input for one gateway: the neutral shape and rules,
 * shaped by what the gateway declares ({@link SessionInputOptions}). Refine
 * it with `.check(inputRule(…))` (see the top of this file).
 */
export function createSessionInputSchema<Provider extends string, Own extends $ZodType = $ZodType>(
  options: SessionInputOptions<Provider, Own>,
): z.ZodMiniType<ValidSessionInput<Provider, output<Own>>, unknown> {
  const name = options.name ?? options.provider
  const modes = options.sessionModes ?? SESSION_MODES
  const presentations = options.presentations ?? PRESENTATIONS
  const lineItems = z.array(lineItemInputSchema).check(z.minLength(1, 'must have at least one line item'))
  const shape = {
    mode: z.optional(z.enum(modes, { error: offers(name, 'mode', modes) })),
    lineItems: z.optional(
      options.maxLineItems === undefined
        ? lineItems
        : lineItems.check(
            z.maxLength(options.maxLineItems, `${name} takes at most ${options.maxLineItems} line items`),
          ),
    ),
    amount: z.optional(moneySchema),
    description: z.optional(textSchema('what the buyer pays for')),
    customer: z.optional(customerInputSchema),
    successUrl: z.optional(httpUrlSchema),
    cancelUrl: z.optional(httpUrlSchema),
    reference: z.optional(referenceSchema(options.maxReferenceLength)),
    buyerCountry: z.optional(countrySchema),
    region: z.optional(textSchema('a region code')),
    presentation: z.optional(z.enum(presentations, { error: offers(name, 'presentation', presentations) })),
    metadata: z.optional(metadataSchema),
    providerOptions: z.optional(providerOptionsSchema(options.provider, options.providerOptions)),
  }
  const rules = { name, currencies: options.currencies ?? 'any', positive: options.positiveAmounts === true }
  return z
    .strictObject(shape)
    .check(neutralRule((input: SessionValue, report) => sessionIssues(input, rules, report))) as never
}

// `Fastaar offers mode "payment" only`: the values a gateway declares, whatever the caller gave.
function offers(name: string, field: string, values: readonly string[]) {
  const listed = values.map((value) => `"${value}"`)
  return values.length === 1
    ? `${name} offers ${field} ${listed[0]} only`
    : `${name} offers ${field} ${listed.slice(0, -1).join(', ')} or ${listed.at(-1)}`
}

function lineItemIssues(item: LineItemValue, report: ReportIssue): void {
  if (item.priceId === undefined && item.productId === undefined && item.amount === undefined) {
    report([], 'needs a priceId, a productId or an amount')
  }
  if (item.priceId !== undefined && item.productId !== undefined) {
    report(['productId'], 'give either priceId or productId, not both')
  }
  if (item.amount !== undefined && (item.priceId !== undefined || item.productId !== undefined)) {
    report(['amount'], 'a catalog item takes its price from the catalog: no ad hoc amount')
  }
}

interface SessionRules {
  readonly name: string
  readonly currencies: readonly string[] | 'any'
  readonly positive: boolean
}

function sessionIssues(input: SessionValue, rules: SessionRules, report: ReportIssue): void {
  const mode = input.mode ?? 'payment'
  if (mode === 'setup') {
    // A setup session saves a card and charges nothing.
    if (input.lineItems !== undefined) report(['lineItems'], 'a setup session charges nothing: no line items')
    if (input.amount !== undefined) report(['amount'], 'a setup session charges nothing: no amount')
  } else if (input.amount !== undefined && input.lineItems !== undefined) {
    report(['amount'], 'give either amount (one ad hoc line item) or lineItems, not both')
  } else if (input.amount === undefined && input.lineItems === undefined) {
    report(
      ['lineItems'],
      `is required in ${mode} mode: at least one line item, or amount for one ad hoc item`,
    )
  }
  if (input.region !== undefined && input.buyerCountry === undefined) {
    report(['region'], 'needs buyerCountry: a region is read within a country')
  }
  amountIssues(input, rules, report)
}

// Every ad hoc amount: a currency the gateway takes, one currency per session, and an exact total.
function amountIssues(input: SessionValue, rules: SessionRules, report: ReportIssue): void {
  const amounts: {
    readonly money: Money
    readonly path: readonly PropertyKey[]
    readonly quantity?: number
  }[] = input.amount !== undefined ? [{ money: input.amount, path: ['amount'] }] : []
  for (const [index, item] of (input.lineItems ?? []).entries()) {
    if (item.amount === undefined) continue
    amounts.push({ money: item.amount, path: ['lineItems', index, 'amount'], ...quantityOf(item) })
  }
  const first = amounts[0]?.money.currency
  for (const { money, path } of amounts) {
    const notTaken = currencyNotTaken(money, rules.currencies, rules.name)
    if (notTaken !== undefined) report([...path, 'currency'], notTaken)
    else if (money.currency !== first) {
      report([...path, 'currency'], `every ad hoc amount in one session needs the same currency (${first})`)
    }
    const zero = rules.positive ? zeroAmountProblem(money) : undefined
    if (zero !== undefined) report([...path, 'amount'], zero)
  }
  const overflow = lineTotalOverflow(
    amounts.map(({ money, quantity }) => ({ amount: money.amount, quantity })),
  )
  if (overflow !== undefined) {
    const at = overflow.index === undefined ? undefined : amounts[overflow.index]
    report(at === undefined ? ['lineItems'] : at.path.slice(0, -1), overflow.message)
  }
}

function quantityOf(item: LineItemValue): { quantity?: number } {
  return item.quantity === undefined ? {} : { quantity: item.quantity }
}

import { describe, expect, it } from 'vitest'
import { InvalidRequestError } from '../errors/index.js'
import type { AnyGateway, CreateSessionInput, LineItemInput } from '../model/gateway.js'
import { createSession, expectedAmount, rejectionOf, type ScenarioContext } from './conformance-helpers.js'
import type { ConformanceOptions } from './conformance-options.js'

// The neutral input contract, the same at every gateway: an unknown key is
// refused with a suggestion, and a field the gateway declares it cannot
// carry is refused as unsupported_field; both before any request.

/** An unknown key, where it goes, and the key it should suggest. */
export interface UnknownKeyCase {
  readonly name: string
  readonly input: CreateSessionInput
  readonly path: string
  readonly suggests: string
}

/** Registers the unknown-key and unsupported-field scenarios of `sessions.create`. */
export function registerInputScenarios<G extends AnyGateway>({ options, lacks }: ScenarioContext<G>): void {
  const noCreate = lacks('sessions.create')
  const unsupported = options.capabilities.unsupportedFields?.['sessions.create'] ?? []

  describe('neutral input', () => {
    for (const unknownKey of unknownKeyCases(options.session, unsupported)) {
      it.skipIf(noCreate)(
        `sessions.create refuses an unknown key ${unknownKey.name} before any request, with a suggestion`,
        async () => {
          await expectUnknownKeyRefused(await options.gateway(), unknownKey, options.requestCount)
        },
      )
    }

    for (const field of unsupported) {
      it.skipIf(noCreate)(
        `sessions.create refuses ${field}, which the gateway cannot carry, as unsupported_field`,
        async () => {
          const set = withField(options.session, field, sampleOf(field, options))
          await expectUnsupportedRefused(await options.gateway(), set, options.requestCount)
        },
      )
    }
  })
}

/** Asserts that `sessions.create` refuses `unknownKey` locally: invalid_request, at its path, with the suggestion. */
export async function expectUnknownKeyRefused(
  gateway: AnyGateway,
  unknownKey: UnknownKeyCase,
  requestCount?: () => number,
): Promise<void> {
  const error = await refusal(gateway, unknownKey.input, requestCount)
  expect(error.code).toBe('invalid_request')
  expect(error.issues).toContainEqual({
    path: unknownKey.path,
    message: expect.stringContaining(`"${unknownKey.suggests}"`),
  })
  expect(error.message).toContain(unknownKey.path)
}

/** Asserts that `sessions.create` refuses `set.input` locally as unsupported_field, naming `set.path` and the gateway. */
export async function expectUnsupportedRefused(
  gateway: AnyGateway,
  set: FieldSet,
  requestCount?: () => number,
): Promise<void> {
  const error = await refusal(gateway, set.input, requestCount)
  expect(error.code).toBe('unsupported_field')
  expect(error.issues.map((issue) => issue.path)).toContain(set.path)
  expect(error.message).toContain(set.path)
  expect(error.message).toContain(gateway.id)
}

// The InvalidRequestError of a create, which must have sent nothing.
async function refusal(
  gateway: AnyGateway,
  input: CreateSessionInput,
  requestCount: (() => number) | undefined,
): Promise<InvalidRequestError> {
  const before = requestCount?.()
  const error = await rejectionOf(createSession(gateway, input))
  if (before !== undefined) expect(requestCount?.(), 'a request was sent').toBe(before)
  expect(InvalidRequestError.isInstance(error), `expected InvalidRequestError, got ${String(error)}`).toBe(
    true,
  )
  expect((error as InvalidRequestError).provider).toBe(gateway.id)
  return error as InvalidRequestError
}

// The first line item of `session`, or the amount shortcut as one.
function firstLine(session: CreateSessionInput): LineItemInput {
  const line = session.lineItems?.[0]
  if (line !== undefined) return line
  return session.amount === undefined ? {} : { amount: session.amount }
}

// `session` with its items in lineItems (the amount shortcut moved there) and `change` made to the first one.
function withFirstLine(session: CreateSessionInput, change: Record<string, unknown>): CreateSessionInput {
  const { amount: _shortcut, ...rest } = session
  const [, ...others] = session.lineItems ?? []
  return { ...rest, lineItems: [{ ...firstLine(session), ...change }, ...others] }
}

/**
 * The unknown keys to try: one at the top, and one nested in the first
 * object the gateway takes at all (customer, a line item, the amount).
 */
export function unknownKeyCases(
  session: CreateSessionInput,
  unsupported: readonly string[],
): UnknownKeyCase[] {
  const top: UnknownKeyCase = {
    name: 'at the top',
    input: { ...session, refrence: 'x' } as never,
    path: 'refrence',
    suggests: 'reference',
  }
  const nested: UnknownKeyCase[] = []
  if (!unsupported.includes('customer')) {
    nested.push({
      name: 'in customer',
      input: { ...session, customer: { ...session.customer, emial: 'buyer@example.com' } } as never,
      path: 'customer.emial',
      suggests: 'email',
    })
  }
  if (!unsupported.includes('lineItems')) {
    nested.push({
      name: 'in a line item',
      input: withFirstLine(session, { quantty: 1 }),
      path: 'lineItems.0.quantty',
      suggests: 'quantity',
    })
  }
  if (session.amount !== undefined && !unsupported.includes('amount')) {
    nested.push({
      name: 'in the amount',
      input: { ...session, amount: { ...session.amount, curency: session.amount.currency } as never },
      path: 'amount.curency',
      suggests: 'currency',
    })
  }
  return nested.length === 0 ? [top] : [top, nested[0] as UnknownKeyCase]
}

/**
 * A value for a neutral `sessions.create` field that the neutral schema
 * would accept; a field with none here is not a neutral field at all.
 */
export function sampleOf(field: string, options: ConformanceOptions<AnyGateway>): unknown {
  const amount = () => expectedAmount(options)
  const samples: Readonly<Record<string, () => unknown>> = {
    mode: () => options.capabilities.sessionModes[0] ?? 'payment',
    amount,
    lineItems: () => [{ amount: amount() }],
    description: () => 'Conformance order',
    customer: () => ({ email: 'buyer@example.com' }),
    'customer.email': () => 'buyer@example.com',
    'customer.name': () => 'Ada Lovelace',
    'customer.firstName': () => 'Ada',
    'customer.lastName': () => 'Lovelace',
    successUrl: () => 'https://shop.example/thanks',
    cancelUrl: () => 'https://shop.example/cart',
    reference: () => 'conformance-unsupported',
    buyerCountry: () => 'DE',
    region: () => 'BE',
    presentation: () => options.capabilities.presentations[0] ?? 'redirect',
    metadata: () => ({ order: 'conformance' }),
    'lineItems.priceId': () => 'price_conformance',
    'lineItems.productId': () => 'prod_conformance',
    'lineItems.amount': amount,
    'lineItems.quantity': () => 2,
    'lineItems.description': () => 'Conformance item',
  }
  const sample = Object.hasOwn(samples, field) ? samples[field] : undefined
  if (sample === undefined) {
    throw new Error(
      `capabilities.unsupportedFields['sessions.create'] lists ${JSON.stringify(field)}, which is not a neutral field of sessions.create (expected one of: ${Object.keys(samples).join(', ')})`,
    )
  }
  return sample()
}

/** An input that sets one field, and the path a refusal must name. */
export interface FieldSet {
  readonly input: CreateSessionInput
  readonly path: string
}

/** `session` with `field` (dotted) set to `value`; a line item field is set on the first line item. */
export function withField(session: CreateSessionInput, field: string, value: unknown): FieldSet {
  const [parent, child] = field.split('.')
  if (parent === 'lineItems' && child !== undefined) {
    return { input: withFirstLine(session, { [child]: value }), path: `lineItems.0.${child}` }
  }
  if (parent === 'customer' && child !== undefined) {
    return { input: { ...session, customer: { ...session.customer, [child]: value } }, path: field }
  }
  return { input: { ...session, [field]: value }, path: field }
}

import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { InvalidRequestError } from '../errors/index.js'
import type { AnyGateway, CreateSessionInput, GatewayCapabilities } from '../model/gateway.js'
import { createSessionInputSchema } from '../schemas/index.js'
import { parseInput, parseNeutralInput } from '../validation/index.js'
import {
  expectUnknownKeyRefused,
  expectUnsupportedRefused,
  sampleOf,
  unknownKeyCases,
  withField,
} from './input-scenarios.js'

// The scenario's checks must fail a gateway that breaks the neutral input contract.

const session: CreateSessionInput = { amount: { amount: 500, currency: 'USD' }, reference: 'order-1' }
const capabilities: GatewayCapabilities = {
  operations: ['sessions.create'],
  currencies: ['USD'],
  sessionModes: ['payment'],
  presentations: ['redirect'],
  unsupportedFields: { 'sessions.create': ['metadata', 'lineItems.priceId'] },
}
const options = { gateway: () => gateway('sound'), capabilities, session }

type Flavour = 'sound' | 'strips unknown keys' | 'sends first' | 'ignores unsupportedFields'

// A gateway whose sessions.create validates as `flavour` says, counting what it sends.
function gateway(flavour: Flavour): AnyGateway & { sent: number } {
  const context = { provider: 'acme', operation: 'sessions.create', capabilities } as const
  const neutral = createSessionInputSchema({ ...capabilities, provider: 'acme' })
  const self = {
    specificationVersion: 'v1' as const,
    id: 'acme',
    capabilities,
    native: undefined,
    sent: 0,
    sessions: {
      async create(input: CreateSessionInput) {
        if (flavour === 'sends first') self.sent++
        if (flavour === 'strips unknown keys') parseInput(z.object({ amount: z.unknown() }), input, context)
        else if (flavour === 'ignores unsupportedFields') parseInput(neutral, input, context)
        else parseNeutralInput(neutral, input, context)
        throw new Error('the suite only sends inputs that must be refused')
      },
      retrieve: () => Promise.reject(new Error('unused')),
    },
  }
  return self as never
}

describe('unknown-key scenario', () => {
  const [top, nested] = unknownKeyCases(session, [])

  it('passes a gateway that refuses unknown keys locally with a suggestion', async () => {
    const sound = gateway('sound')
    const inAmount = unknownKeyCases(session, ['customer', 'lineItems'])[1]
    for (const unknownKey of [top, nested, inAmount]) {
      await expectUnknownKeyRefused(sound, unknownKey as never, () => sound.sent)
    }
  })

  it.each(['strips unknown keys', 'sends first'] as const)('fails a gateway that %s', async (flavour) => {
    const lax = gateway(flavour)
    await expect(expectUnknownKeyRefused(lax, top as never, () => lax.sent)).rejects.toThrow()
  })

  it('nests the key in customer, else in a line item, else in the amount: the first the gateway takes', () => {
    expect(nested?.path).toBe('customer.emial')
    expect(unknownKeyCases(session, ['customer', 'lineItems'])[1]).toMatchObject({
      path: 'amount.curency',
      input: { amount: { ...session.amount, curency: 'USD' } },
    })
    expect(unknownKeyCases({ lineItems: [{ priceId: 'p' }] }, ['customer', 'lineItems'])).toHaveLength(1)
    const [, inLine] = unknownKeyCases(session, ['customer'])
    expect(inLine).toMatchObject({
      path: 'lineItems.0.quantty',
      input: { lineItems: [{ amount: session.amount, quantty: 1 }] },
    })
    expect(inLine?.input).not.toHaveProperty('amount')
  })
})

describe('unsupported-field scenario', () => {
  it.each([
    ['metadata', 'metadata'],
    ['lineItems.priceId', 'lineItems.0.priceId'],
  ])('passes a gateway that refuses %s as unsupported_field, naming %s', async (field, path) => {
    const sound = gateway('sound')
    const set = withField(session, field, sampleOf(field, options))
    expect(set.path).toBe(path)
    await expectUnsupportedRefused(sound, set, () => sound.sent)
  })

  it.each(['ignores unsupportedFields', 'sends first'] as const)(
    'fails a gateway that %s',
    async (flavour) => {
      const lax = gateway(flavour)
      const set = withField(session, 'metadata', sampleOf('metadata', options))
      await expect(expectUnsupportedRefused(lax, set, () => lax.sent)).rejects.toThrow()
    },
  )

  it('refuses to run for a declared field that is not a neutral field', () => {
    expect(() => sampleOf('metdata', options)).toThrow(
      /"metdata", which is not a neutral field of sessions.create/,
    )
  })

  it('sets a field the neutral schema accepts, so only the unsupported rule can refuse it', () => {
    const neutral = createSessionInputSchema({ ...capabilities, provider: 'acme' })
    const fields = ['mode', 'description', 'customer.name', 'customer.firstName', 'buyerCountry', 'metadata']
    for (const field of [...fields, 'lineItems.quantity', 'lineItems.description']) {
      const { input } = withField(session, field, sampleOf(field, options))
      expect(() =>
        parseInput(neutral, input, { provider: 'acme', operation: 'sessions.create' }),
      ).not.toThrow()
    }
  })

  it('is an InvalidRequestError a caller can tell apart by its code', async () => {
    const error = await gateway('sound')
      .sessions?.create?.(withField(session, 'metadata', { a: 'b' }).input)
      .catch((caught: unknown) => caught)
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).code).toBe('unsupported_field')
  })
})

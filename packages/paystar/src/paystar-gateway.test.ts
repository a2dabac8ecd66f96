import { inspect } from 'node:util'
import { checkGatewayContract } from '@paymux/core/testing'
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { interceptOnly } from './fixtures/nock-helpers.js'
import { DOCUMENTED_PAYMENT_RESPONSE } from './fixtures/paystar-documents.js'
import { createPaystar, PAYSTAR_CAPABILITIES } from './paystar-gateway.js'

const KEY = 'ps_secret_api_key_7f3a9c'
const HOOK_SECRET = 'whsec_secret_5e1d'

interceptOnly()

const paystar = () =>
  createPaystar({ apiKey: KEY, businessUnitSlug: 'acme-utilities', webhookSecret: HOOK_SECRET })

describe('createPaystar', () => {
  it('keeps the gateway contract: it declares exactly the methods it has', () => {
    const gateway = paystar()
    expect(checkGatewayContract(gateway)).toEqual([])
    expect(gateway.id).toBe('paystar')
    expect(gateway.specificationVersion).toBe('v1')
    expect(gateway.capabilities).toEqual({
      operations: ['sessions.create', 'webhooks.verify'],
      currencies: ['USD'],
      sessionModes: ['payment'],
      presentations: ['embedded'],
      unsupportedFields: PAYSTAR_CAPABILITIES.unsupportedFields,
    })
    expect(Object.keys(gateway.sessions)).toEqual(['create'])
    expect(Object.isFrozen(gateway) && Object.isFrozen(gateway.capabilities)).toBe(true)
  })

  it('declares the currency it is set up with', () => {
    const gateway = createPaystar({ apiKey: KEY, businessUnitSlug: 'acme-utilities', currency: 'CAD' })
    expect(gateway.capabilities.currencies).toEqual(['CAD'])
  })

  it('never shows its secrets: not in util.inspect, JSON, or any property', () => {
    const gateway = paystar()
    const shown = [
      inspect(gateway, { depth: 10, showHidden: true }),
      JSON.stringify(gateway),
      inspect(gateway.native, { depth: 10 }),
    ]
    for (const text of shown) {
      expect(text).not.toContain(KEY)
      expect(text).not.toContain(HOOK_SECRET)
    }
    expect(inspect(gateway)).toBe(
      "PaystarGateway { environment: 'development', baseUrl: 'https://dev-gateway.paystar.io', businessUnitSlug: 'acme-utilities' }",
    )
  })

  it('hooks see the API key header redacted', async () => {
    nock('https://dev-gateway.paystar.io')
      .post('/integrations/embedded/initiate')
      .reply(200, DOCUMENTED_PAYMENT_RESPONSE)
    const seen: unknown[] = []
    const gateway = createPaystar({
      apiKey: KEY,
      businessUnitSlug: 'acme-utilities',
      hooks: {
        onRequest: (event) => seen.push(event.headers),
        onResponse: (event) => seen.push(event.status),
      },
    })
    await gateway.sessions.create({ amount: { amount: 100, currency: 'USD' }, description: 'Bill' })
    expect(seen).toEqual([{ accept: 'application/json', 'x-paystar-api-key': '[redacted]' }, 200])
  })

  it('an error a provider echoes the webhook secret into is scrubbed too', async () => {
    nock('https://dev-gateway.paystar.io')
      .post('/integrations/embedded/initiate')
      .reply(400, { hasErrors: true, errors: [`bad ${HOOK_SECRET} ${KEY}`] })
    const error = await paystar()
      .sessions.create({ amount: { amount: 100, currency: 'USD' }, description: 'Bill' })
      .catch((e: unknown) => e)
    const text = `${String(error)} ${JSON.stringify(error)} ${inspect(error)}`
    expect(text).not.toContain(KEY)
    expect(text).not.toContain(HOOK_SECRET)
  })

  it('honours the caller’s abort signal', async () => {
    nock('https://dev-gateway.paystar.io')
      .post('/integrations/embedded/initiate')
      .delay(500)
      .reply(200, DOCUMENTED_PAYMENT_RESPONSE)
    const controller = new AbortController()
    const pending = paystar().sessions.create(
      { amount: { amount: 100, currency: 'USD' }, description: 'Bill' },
      { signal: controller.signal },
    )
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'RequestAbortedError', provider: 'paystar' })
  })
})

import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { NotFoundError, ProviderUnavailableError, UnexpectedResponseError } from '../../errors/index.js'
import { loadsZod, modulesImporting, staticImportGraph } from '../../import-graph.test-support.js'
import { createRouter } from '../../router/index.js'
import { checkGatewayContract, invalidRequestOf, paymentErrorOf } from '../../testing/index.js'
import { ACME_ENDPOINTS } from './acme-endpoints.js'
import { type AcmeGateway, createAcme } from './acme-gateway.js'
import type { AcmeSettings } from './acme-settings.js'
import { createAcmeEmulator } from './testing/acme-emulator.js'

const KEY = 'ak_test_4f7c1e'
const SESSION = {
  amount: { amount: 1999, currency: 'USD' },
  successUrl: 'https://shop.example/thanks',
  reference: 'ORDER-1',
}

type Intercept = (request: Request, emulator: ReturnType<typeof createAcmeEmulator>) => Promise<Response>

/** Acme on its emulator; every request is recorded, and `intercept` may answer instead of the emulator. */
function acmeOnEmulator(intercept?: Intercept, settings: Partial<AcmeSettings> = {}) {
  const emulator = createAcmeEmulator()
  const sent: Request[] = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init)
    sent.push(request.clone())
    return intercept === undefined ? emulator.fetch(request) : intercept(request, emulator)
  }
  const acme: AcmeGateway = createAcme({ apiKey: KEY, fetch, backoff: { initialDelayMs: 0 }, ...settings })
  return { acme, emulator, sent }
}

const reset = () =>
  new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) })

describe('the Acme example gateway', () => {
  it('creates a session with the exact body and key, then finds it by id and by its own ref', async () => {
    const { acme, sent } = acmeOnEmulator()
    const session = await acme.sessions.create(SESSION)
    expect(session).toMatchObject({
      object: 'session',
      id: 'cs_1',
      provider: 'acme',
      ref: 'acme:cs_1',
      status: 'open',
      nativeStatus: 'open',
      url: 'https://pay.acme.test/c/cs_1',
      amounts: { total: { amount: 1999, currency: 'USD' } },
      reference: 'ORDER-1',
      paymentId: 'pay_1',
    })
    const [create] = sent
    expect([create?.method, create?.url]).toEqual(['POST', 'https://api.acme.test/v1/checkout/sessions'])
    expect(create?.headers.get('authorization')).toBe(`Bearer ${KEY}`)
    expect(await create?.json()).toEqual({
      amount: 1999,
      currency: 'USD',
      success_url: 'https://shop.example/thanks',
      reference: 'ORDER-1',
    })
    expect(await acme.sessions.retrieve('cs_1')).toEqual(session)
    expect(await acme.sessions.retrieve(session.ref)).toEqual(session)
    expect(sent.slice(1).map((request) => request.url)).toEqual([
      'https://api.acme.test/v1/checkout/sessions/cs_1',
      'https://api.acme.test/v1/checkout/sessions/cs_1',
    ])
  })

  it('reads the payment behind a paid session, by id and by ref', async () => {
    const { acme, emulator } = acmeOnEmulator()
    const session = await acme.sessions.create(SESSION)
    emulator.settle(session.id, 'paid')
    expect((await acme.sessions.retrieve(session.id)).status).toBe('complete')
    const payment = await acme.payments.retrieve('acme:pay_1')
    expect(payment).toMatchObject({
      object: 'payment',
      id: 'pay_1',
      ref: 'acme:pay_1',
      status: 'succeeded',
      nativeStatus: 'succeeded',
      amount: { amount: 1999, currency: 'USD' },
      reference: 'ORDER-1',
    })
    expect(await acme.payments.retrieve('pay_1')).toEqual(payment)
    // Acme's error body, { ok: false, error }, is one the kit's default failure handler reads.
    const missing = await paymentErrorOf(acme.payments.retrieve('pay_9'))
    expect(NotFoundError.isInstance(missing) && missing.message).toContain('not found')
  })

  it('refuses an unknown key, an unsupported field, a bad input and a foreign ref before any request', async () => {
    const { acme, sent } = acmeOnEmulator()
    const misspelt = await invalidRequestOf(acme.sessions.create({ ...SESSION, refrence: 'x' } as never))
    expect(misspelt.issues).toEqual([{ path: 'refrence', message: 'unknown key; did you mean "reference"?' }])
    const unsupported = await invalidRequestOf(acme.sessions.create({ ...SESSION, description: 'Tea' }))
    expect(unsupported.code).toBe('unsupported_field')
    expect(unsupported.issues.map((issue) => issue.path)).toEqual(['description'])
    const noUrl = await invalidRequestOf(acme.sessions.create({ amount: SESSION.amount }))
    expect(noUrl.issues).toEqual([{ path: 'successUrl', message: 'is required by Acme' }])
    const yen = await invalidRequestOf(
      acme.sessions.create({ ...SESSION, amount: { amount: 5, currency: 'JPY' } }),
    )
    expect(yen.issues.map((issue) => issue.path)).toEqual(['amount.currency'])
    const foreign = await invalidRequestOf(acme.payments.retrieve('fastaar:01jxyz'))
    expect(foreign.issues).toEqual([{ path: 'id', message: expect.stringContaining('is a fastaar ref') }])
    expect(foreign.provider).toBe('acme')
    const dotted = await invalidRequestOf(acme.sessions.retrieve('acme:..'))
    expect(dotted.issues.map((issue) => issue.path)).toEqual(['id'])
    expect(sent).toHaveLength(0)
  })

  it('maps a 2xx whose body says it failed to an error, its outcome unknown for a create', async () => {
    const { acme } = acmeOnEmulator(async () => Response.json({ ok: false, error: 'ledger offline' }))
    const create = await paymentErrorOf(acme.sessions.create(SESSION))
    expect(UnexpectedResponseError.isInstance(create)).toBe(true)
    expect(create).toMatchObject({
      provider: 'acme',
      code: 'failure_in_success_response',
      outcome: 'unknown',
    })
    expect(create.message).toContain('ledger offline')
    const read = await paymentErrorOf(acme.sessions.retrieve('cs_1'))
    expect(read).toMatchObject({ code: 'failure_in_success_response', outcome: undefined })
  })

  it('sends a create again after a lost answer only when it has a reference, and Acme keeps one session', async () => {
    let drops = 1
    const dropFirstAnswer: Intercept = async (request, emulator) => {
      const response = await emulator.fetch(request)
      if (drops-- > 0) throw reset()
      return response
    }
    const withReference = acmeOnEmulator(dropFirstAnswer)
    expect((await withReference.acme.sessions.create(SESSION)).id).toBe('cs_1')
    expect(withReference.sent).toHaveLength(2)
    expect((await withReference.acme.sessions.retrieve('cs_2').catch((error) => error)).code).toBe(
      'not_found',
    )

    drops = 1
    const { reference: _, ...unreferenced } = SESSION
    const without = acmeOnEmulator(dropFirstAnswer)
    const lost = await paymentErrorOf(without.acme.sessions.create(unreferenced))
    expect(ProviderUnavailableError.isInstance(lost) && lost.outcome).toBe('unknown')
    expect(without.sent).toHaveLength(1)
  })

  it('declares what its facets have, and its native client has one function per table row', () => {
    const { acme } = acmeOnEmulator()
    expect(acme.capabilities.operations).toEqual([
      'sessions.create',
      'sessions.retrieve',
      'payments.retrieve',
    ])
    expect(checkGatewayContract(acme)).toEqual([])
    expect(Object.keys(acme.native)).toEqual(Object.keys(ACME_ENDPOINTS))
    expect(inspect(acme)).toBe("AcmeGateway { id: 'acme' }")
  })

  it('refuses a misspelt setting and a bad key at once, never showing the key', () => {
    expect(() => createAcme({ apiKey: KEY, timeoutMS: 5 } as never)).toThrow(
      'timeoutMS: unknown key; did you mean "timeoutMs"?',
    )
    for (const apiKey of ['', ' ak_test_secret ', 42]) {
      const error = (() => {
        try {
          createAcme({ apiKey } as never)
        } catch (thrown) {
          return thrown as Error
        }
      })()
      expect(error?.message).toContain('apiKey')
      expect(error?.message).not.toContain('secret')
    }
  })

  it('takes part in a router: a session is routed to it, and found again by its ref', async () => {
    const { acme, sent } = acmeOnEmulator()
    const router = createRouter({ gateways: [acme], route: 'acme' })
    const session = await router.sessions.create(SESSION)
    expect(session.ref).toBe('acme:cs_1')
    expect((await router.sessions.retrieve(session.ref)).id).toBe('cs_1')
    expect(sent.map((request) => request.method)).toEqual(['POST', 'GET'])
  })

  it('loads zod on its first call, not when it is imported', () => {
    const file = (name: string) => new URL(name, import.meta.url).pathname
    const graph = staticImportGraph(file('acme-gateway.ts'))
    expect(graph.has(file('acme-endpoints.ts'))).toBe(true)
    expect(graph.has(file('acme-schemas.ts'))).toBe(false)
    expect(modulesImporting(file('acme-gateway.ts'), loadsZod)).toEqual([])
    expect(modulesImporting(file('acme-schemas.ts'), loadsZod)).toContain(file('acme-api.ts'))
  })
})

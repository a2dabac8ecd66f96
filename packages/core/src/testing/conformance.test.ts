import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { createTransport, jsonResponseHandler } from '../http/index.js'
import type { Gateway, GatewayCapabilities, SessionsFacet, WebhooksFacet } from '../model/gateway.js'
import type { PaymentSession } from '../model/payment-session.js'
import { toRef } from '../model/ref.js'
import { createSessionInputSchema } from '../schemas/index.js'
import { inputRule, parseNeutralInput } from '../validation/index.js'
import { generateTestHeader, readHeader, verifySignature } from '../webhooks/index.js'
import { checkGatewayContract } from './gateway-contract.js'
import { runGatewayConformance } from './run-gateway-conformance.js'

// A minimal gateway built the way the real adapters are (validate → transport → map),
// against a minimal in-memory emulator: it proves the suite runs and shows its use.
const SECRET = 'whsec_example'
const capabilities: GatewayCapabilities = {
  operations: ['sessions.create', 'sessions.retrieve', 'webhooks.verify'],
  currencies: ['USD'],
  sessionModes: ['payment'],
  presentations: ['redirect'],
  unsupportedFields: { 'sessions.create': ['metadata', 'customer.name', 'lineItems.priceId'] },
}

function createEmulator() {
  const sessions = new Map<string, { id: string; state: string; amount: number }>()
  let requests = 0
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    requests++
    const request = new Request(input, init)
    const url = new URL(request.url)
    if (request.method === 'POST' && url.pathname === '/v1/sessions') {
      const body = (await request.json()) as { amount: number }
      const session = { id: `ses_${sessions.size + 1}`, state: 'open', amount: body.amount }
      sessions.set(session.id, session)
      return Response.json(session, { status: 201 })
    }
    const found = sessions.get(url.pathname.replace('/v1/sessions/', ''))
    return found ? Response.json(found) : Response.json({ message: 'No such session' }, { status: 404 })
  }
  // What a buyer paying, and time passing, do to a session.
  const move = (id: string, state: 'paid' | 'expired') => {
    const session = sessions.get(id)
    if (session?.state !== 'open') throw new Error(`session ${id} is not open`)
    session.state = state
  }
  return { fetch, requestCount: () => requests, move }
}

const nativeSession = z.object({ id: z.string(), state: z.string(), amount: z.number() })
const SESSION_STATUS = { open: 'open', paid: 'complete', expired: 'expired' } as const
// The neutral schema shaped by what ExamplePay declares, refined by its own rule.
const createInput = createSessionInputSchema({ ...capabilities, provider: 'examplepay' }).check(
  inputRule((input, report) => {
    if (input.amount === undefined) report(['amount'], 'is required by ExamplePay: it takes one amount')
  }),
)

type ExampleGateway = Gateway<'examplepay', { sessions: SessionsFacet; webhooks: WebhooksFacet }>

function createExamplePay(fetch: typeof globalThis.fetch): ExampleGateway {
  const transport = createTransport({ provider: 'examplepay', baseUrl: 'https://example.test/v1', fetch })
  const toSession = (native: z.output<typeof nativeSession>): PaymentSession => ({
    object: 'session',
    id: native.id,
    provider: 'examplepay',
    ref: toRef('examplepay', native.id),
    status: SESSION_STATUS[native.state as keyof typeof SESSION_STATUS] ?? 'open',
    nativeStatus: native.state,
    mode: 'payment',
    url: `https://example.test/pay/${native.id}`,
    amounts: { total: { amount: native.amount, currency: 'USD' } },
    raw: native,
  })
  return {
    specificationVersion: 'v1',
    id: 'examplepay',
    capabilities,
    native: transport,
    sessions: {
      async create(input) {
        const valid = parseNeutralInput(createInput, input, {
          provider: 'examplepay',
          operation: 'sessions.create',
          capabilities,
        })
        const body = { amount: valid.amount?.amount }
        const handleResponse = jsonResponseHandler(nativeSession)
        return toSession(
          await transport.request({
            operation: 'sessions.create',
            method: 'POST',
            path: '/sessions',
            body,
            retry: 'safe',
            handleResponse,
          }),
        )
      },
      async retrieve(id) {
        const handleResponse = jsonResponseHandler(nativeSession)
        const path = `/sessions/${encodeURIComponent(id)}`
        return toSession(
          await transport.request({
            operation: 'sessions.retrieve',
            method: 'GET',
            path,
            retry: 'safe',
            handleResponse,
          }),
        )
      },
    },
    webhooks: {
      async verify({ rawBody, headers }) {
        const header = readHeader(headers, 'x-example-signature')
        const { timestamp } = await verifySignature({
          provider: 'examplepay',
          rawBody,
          header,
          headerName: 'X-Example-Signature',
          secret: SECRET,
        })
        const raw = JSON.parse(typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody)) as {
          id: string
          type: string
        }
        return {
          type: 'unknown',
          id: raw.id,
          provider: 'examplepay',
          ref: toRef('examplepay', raw.id),
          occurredAt: new Date(timestamp * 1000),
          nativeType: raw.type,
          data: raw,
          raw,
        }
      },
    },
  }
}

let emulator = createEmulator()
runGatewayConformance({
  gateway: () => {
    emulator = createEmulator()
    return createExamplePay(emulator.fetch)
  },
  capabilities,
  session: { amount: { amount: 1999, currency: 'USD' }, successUrl: 'https://shop.example/thanks' },
  requestCount: () => emulator.requestCount(),
  webhook: async () => {
    const rawBody = JSON.stringify({ id: 'evt_1', type: 'thing.happened' })
    return {
      rawBody,
      headers: { 'X-Example-Signature': await generateTestHeader({ secret: SECRET, rawBody }) },
    }
  },
  drivers: {
    complete: (session) => emulator.move(session.id, 'paid'),
    expire: (session) => emulator.move(session.id, 'expired'),
  },
})

describe('checkGatewayContract', () => {
  const gateway = createExamplePay(createEmulator().fetch)

  it('accepts a sound gateway', () => {
    expect(checkGatewayContract(gateway)).toEqual([])
  })

  it('reports a declared operation without a method, and a method not declared', () => {
    const lying = {
      ...gateway,
      capabilities: {
        ...capabilities,
        operations: ['sessions.create', 'payments.refund', 'webhooks.verify'] as const,
      },
    }
    expect(checkGatewayContract(lying)).toEqual([
      'declares payments.refund but has no such method',
      'has sessions.retrieve but does not declare it in capabilities.operations',
    ])
  })

  it('reports a wrong version, id or currency list', () => {
    const odd = {
      ...gateway,
      specificationVersion: 'v0',
      id: 'Example Pay',
      capabilities: { ...capabilities, currencies: ['usd'] },
    }
    expect(checkGatewayContract(odd as unknown as typeof gateway)).toHaveLength(3)
  })
})

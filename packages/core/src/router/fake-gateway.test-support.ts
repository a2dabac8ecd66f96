import { vi } from 'vitest'
import { ProviderUnavailableError, WebhookVerificationError } from '../errors/index.js'
import type {
  CreateSessionInput,
  Gateway,
  GatewayFacets,
  Operation,
  WebhookRequest,
} from '../model/gateway.js'
import type { Payment } from '../model/payment.js'
import type { PaymentSession } from '../model/payment-session.js'
import { toRef } from '../model/ref.js'
import type { WebhookEvent } from '../model/webhook-event.js'
import { createMemoryStore } from '../state/memory-store.js'
import { STATE_STORE_METHODS, type StateStore } from '../state/state-store.js'
import { readHeader } from '../webhooks/index.js'

/**
 * A gateway for router tests: a spy for every operation, a signature header `x-<id>-signature` whose value must be `good`.
 * Its type claims every facet so tests reach them all; at run time it has only `operations`.
 */
export function fakeGateway<const Id extends string, const Ops extends readonly Operation[]>(
  id: Id,
  operations: Ops,
) {
  const session = (input: CreateSessionInput): PaymentSession => ({
    object: 'session',
    id: `cs_${id}`,
    provider: id,
    ref: toRef(id, `cs_${id}`),
    status: 'open',
    nativeStatus: 'open',
    mode: 'payment',
    url: `https://${id}.test/pay`,
    ...(input.amount === undefined ? {} : { amount: input.amount }),
    raw: {},
  })
  const payment = (paymentId: string): Payment => ({
    object: 'payment',
    id: paymentId,
    provider: id,
    ref: toRef(id, paymentId),
    status: 'succeeded',
    nativeStatus: 'ok',
    amount: { amount: 100, currency: 'USD' },
    raw: {},
  })
  const header = `x-${id}-signature`
  const all = {
    sessions: {
      create: vi.fn(async (input: CreateSessionInput) => session(input)),
      retrieve: vi.fn(async (sessionId: string) => ({ ...session({}), id: sessionId })),
    },
    payments: {
      retrieve: vi.fn(async (paymentId: string) => payment(paymentId)),
      list: vi.fn(async () => ({ data: [payment('pay_1')], hasMore: false })),
      charge: vi.fn(async (input: { customerId: string; paymentMethodId: string }) =>
        payment(`ch_${input.customerId}_${input.paymentMethodId}`),
      ),
      refund: vi.fn(async (paymentId: string) => payment(paymentId)),
      listRefunds: vi.fn(async () => []),
      waitFor: vi.fn(async (paymentId: string) => payment(paymentId)),
    },
    customers: {
      create: vi.fn(async (input: { email: string }) => ({
        object: 'customer' as const,
        id: 'cus_1',
        provider: id,
        ref: toRef(id, 'cus_1'),
        email: input.email,
        raw: {},
      })),
      retrieve: vi.fn(async (customerId: string) => ({
        object: 'customer' as const,
        id: customerId,
        provider: id,
      })),
      list: vi.fn(async () => ({ data: [], hasMore: false })),
    },
    paymentMethods: {
      createSetup: vi.fn(async (customerId: string) => ({ id: `seti_${customerId}`, provider: id })),
      attach: vi.fn(async (customerId: string) => ({ id: `pm_${customerId}`, provider: id })),
      list: vi.fn(async () => []),
      setDefault: vi.fn(async () => undefined),
      detach: vi.fn(async () => undefined),
    },
    catalog: {
      products: {
        create: vi.fn(async () => ({ object: 'product' as const, id: 'prod_1', provider: id })),
        list: vi.fn(async () => ({ data: [], hasMore: false })),
      },
      prices: {
        create: vi.fn(async () => ({ object: 'price' as const, id: 'price_1', provider: id })),
        list: vi.fn(async () => ({ data: [], hasMore: false })),
      },
    },
    tax: {
      calculate: vi.fn(async () => ({ provider: id })),
    },
    webhooks: {
      recognizes: (request: WebhookRequest) => readHeader(request.headers, header) !== undefined,
      verify: vi.fn(async (request: WebhookRequest): Promise<WebhookEvent> => {
        if (readHeader(request.headers, header) !== 'good') {
          throw new WebhookVerificationError({
            provider: id,
            reason: 'signature_mismatch',
            message: 'bad signature',
          })
        }
        const body = JSON.parse(
          typeof request.rawBody === 'string' ? request.rawBody : new TextDecoder().decode(request.rawBody),
        ) as { id: string }
        return {
          type: 'payment.succeeded',
          id: body.id,
          provider: id,
          ref: toRef(id, body.id),
          occurredAt: new Date(0),
          nativeType: 'paid',
          data: payment('pay_1'),
          raw: body,
        }
      }),
    },
  }
  const facets: Record<string, Record<string, unknown>> = {}
  for (const operation of operations) {
    // 'catalog.products.create' nests one level deeper than 'sessions.create'.
    const path = operation.split('.')
    const method = path.pop() as string
    let source: Record<string, unknown> = all
    let target: Record<string, unknown> = facets
    for (const part of path) {
      source = source[part] as Record<string, unknown>
      target[part] ??= part === 'webhooks' ? { recognizes: all.webhooks.recognizes } : {}
      target = target[part] as Record<string, unknown>
    }
    target[method] = source[method]
  }
  const gateway = {
    specificationVersion: 'v1' as const,
    id,
    capabilities: {
      operations,
      currencies: 'any' as const,
      sessionModes: ['payment' as const],
      presentations: [],
    },
    native: {},
    ...facets,
  }
  return { gateway: gateway as unknown as Gateway<Id, GatewayFacets>, spies: all }
}

/** A `ProviderUnavailableError` as the transport throws it after its retries. */
export function unavailable(provider: string): ProviderUnavailableError {
  return new ProviderUnavailableError({
    provider,
    message: `${provider} is down`,
    httpStatus: 503,
    outcome: 'unknown',
  })
}

type StoreMethod = (typeof STATE_STORE_METHODS)[number]

/**
 * A memory store on a clock the test moves, standing for a shared store
 * (Redis, PostgreSQL) whose methods the test can break: each method named
 * in `failing` rejects with `new Error('database down')`, and `replace`
 * swaps one for a misbehaving version (a hang, an answer out of contract).
 * Several routers given `store` are several instances of one app.
 */
export function testStore() {
  const clock = { now: 0 }
  const memory = createMemoryStore({ now: () => clock.now })
  const failing = new Set<StoreMethod>()
  const replaced = new Map<StoreMethod, (...args: never[]) => unknown>()
  const store = { name: 'test' } as Record<string, unknown>
  for (const method of STATE_STORE_METHODS) {
    store[method] = (...args: never[]) => {
      if (failing.has(method)) return Promise.reject(new Error('database down'))
      const replacement = replaced.get(method)
      if (replacement !== undefined) return replacement(...args)
      return (memory[method] as (...args: never[]) => unknown)(...args)
    }
  }
  return {
    store: store as unknown as StateStore,
    failing,
    replace: (method: StoreMethod, impl: (...args: never[]) => unknown) => replaced.set(method, impl),
    now: () => clock.now,
    advance: (ms: number) => {
      clock.now += ms
    },
  }
}

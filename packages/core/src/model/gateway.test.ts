import { describe, expect, expectTypeOf, it } from 'vitest'
import type { Gateway, GatewayCapabilities, PaymentsFacet, SessionsFacet, WebhooksFacet } from './gateway.js'
import { supports } from './gateway.js'
import { parseRef, toRef } from './ref.js'
import type { WebhookEvent, WebhookEventOf } from './webhook-event.js'

// What a Fastaar-like adapter declares: sessions, some payment methods, webhooks; no charge, no tax.
type PartialGateway = Gateway<
  'fastaar',
  { sessions: SessionsFacet; payments: Pick<PaymentsFacet, 'retrieve' | 'list'>; webhooks: WebhooksFacet }
>

describe('Gateway types', () => {
  it('leave out the facets and methods a provider lacks', () => {
    expectTypeOf<PartialGateway['payments']>().toHaveProperty('retrieve')
    expectTypeOf<PartialGateway['payments']>().not.toHaveProperty('charge')
    expectTypeOf<PartialGateway>().not.toHaveProperty('tax')
    expectTypeOf<PartialGateway['id']>().toEqualTypeOf<'fastaar'>()
    expectTypeOf<PartialGateway['specificationVersion']>().toEqualTypeOf<'v1'>()
    const use = (gateway: PartialGateway) => {
      // @ts-expect-error — no off-session charges on this gateway, so the type has none.
      gateway.payments.charge
      // @ts-expect-error — no tax facet either.
      gateway.tax
      return gateway.payments.retrieve
    }
    expect(typeof use).toBe('function')
  })

  it('narrow a webhook event by its type', () => {
    expectTypeOf<WebhookEventOf<'payment.succeeded'>['data']['status']>().toEqualTypeOf<
      'pending' | 'requires_action' | 'processing' | 'succeeded' | 'failed' | 'canceled' | 'expired'
    >()
    const amountOf = (event: WebhookEvent) =>
      event.type === 'payment.refunded' ? event.data.amount.amount : undefined
    expect(typeof amountOf).toBe('function')
  })
})

describe('supports', () => {
  const capabilities: GatewayCapabilities = {
    operations: ['sessions.create', 'payments.refund'],
    currencies: ['BDT'],
    sessionModes: ['payment'],
    presentations: ['redirect'],
  }
  it('reads the declared operations', () => {
    expect(supports({ capabilities }, 'payments.refund')).toBe(true)
    expect(supports({ capabilities }, 'payments.charge')).toBe(false)
  })
})

describe('refs', () => {
  it('join and split provider and id, keeping colons inside the id', () => {
    expect(toRef('fastaar', '01jxyz')).toBe('fastaar:01jxyz')
    expect(parseRef('faststar:cs_1')).toEqual({ provider: 'faststar', id: 'cs_1' })
    expect(parseRef('paystar:abc:def')).toEqual({ provider: 'paystar', id: 'abc:def' })
  })
  it.each(['01jxyz', ':01jxyz', 'fastaar:', ''])('refuse %j, which names no provider or no id', (ref) => {
    expect(() => parseRef(ref)).toThrow(/is not a ref: expected '<provider>:<id>'/)
  })
})

import { describe, expect, it } from 'vitest'
import { OPERATIONS, type Operation } from '../model/operations.js'
import type { WebhookEvent } from '../model/webhook-event.js'
import { ALL_OPERATIONS } from '../testing/gateway-contract.js'
import { createRouter } from './create-router.js'
import { fakeGateway } from './fake-gateway.test-support.js'

// Ids inside what the router returns are refs (the registry's `resultRefs`), so an app can pass
// them straight back; the gateway's own answer keeps its native ids.

const usd = { amount: 2_500, currency: 'USD' }

function shop() {
  const star = fakeGateway('faststar', ALL_OPERATIONS)
  const aar = fakeGateway('fastaar', ALL_OPERATIONS)
  const router = createRouter({ gateways: [aar.gateway, star.gateway], route: 'faststar' })
  return { star, aar, router }
}
type ShopRouter = ReturnType<typeof shop>['router']

interface Spy {
  mockResolvedValueOnce(value: never): unknown
  readonly mock: { readonly calls: unknown[][] }
}
function spyOf(spies: unknown, operation: Operation): Spy {
  return operation.split('.').reduce((node, part) => (node as Record<string, unknown>)[part], spies) as Spy
}

/** One call per operation whose answer holds ids; each reaches FastStar (by the route, or by a FastStar ref). */
const calls: Partial<Record<Operation, (router: ShopRouter) => Promise<unknown>>> = {
  'sessions.create': (r) => r.sessions.create({ amount: usd }),
  'sessions.retrieve': (r) => r.sessions.retrieve('faststar:cs_1'),
  'payments.retrieve': (r) => r.payments.retrieve('faststar:pi_1'),
  'payments.list': (r) => r.payments.list(),
  'payments.charge': (r) =>
    r.payments.charge({ customerId: 'faststar:cus_1', paymentMethodId: 'faststar:pm_1', amount: usd }),
  'payments.refund': (r) => r.payments.refund('faststar:pi_1'),
  'payments.listRefunds': (r) => r.payments.listRefunds('faststar:pi_1'),
  'payments.waitFor': (r) => r.payments.waitFor('faststar:pi_1', { timeoutMs: 1_000 }),
  'paymentMethods.attach': (r) => r.paymentMethods.attach('faststar:cus_1', { setupIntentId: 'seti_1' }),
  'paymentMethods.list': (r) => r.paymentMethods.list('faststar:cus_1'),
  'catalog.prices.create': (r) => r.catalog.prices.create({ productId: 'faststar:prod_1', unitAmount: usd }),
  'catalog.prices.list': (r) => r.catalog.prices.list({ productId: 'faststar:prod_1' }),
}

type Item = Record<string, unknown>
/** A neutral-looking object with every field of `fields` set to a native id. */
const itemWith = (fields: readonly string[], id = 'obj_1'): Item => ({
  id,
  ref: `faststar:${id}`,
  provider: 'faststar',
  reference: 'order-1',
  raw: { customerId: 'kept' },
  ...Object.fromEntries(fields.map((field) => [field, `${field}_1`])),
})
const withRefs = (item: Item, fields: readonly string[]): Item => ({
  ...item,
  ...Object.fromEntries(fields.map((field) => [field, `faststar:${field}_1`])),
})

describe('router answers: ids become refs', () => {
  const rows = OPERATIONS.filter((row) => row.resultRefs.length > 0 && row.operation !== 'webhooks.verify')

  it('covers every operation whose answer holds ids', () => {
    expect(rows.map((row) => row.operation).sort()).toEqual(Object.keys(calls).sort())
  })

  it.each(rows.map((row) => [row.operation, row] as const))(
    '%s: its ids are refs of the gateway that answered; nothing else changes',
    async (operation, row) => {
      const { star, router } = shop()
      const fields = row.resultRefs
      const items = [itemWith(fields), itemWith(fields, 'obj_2')]
      const native =
        row.returns === 'list'
          ? items
          : row.returns === 'page'
            ? { data: items, hasMore: true, nextCursor: 'cursor_1' }
            : items[0]
      const sent = structuredClone(native)
      spyOf(star.spies, operation).mockResolvedValueOnce(sent as never)
      const answer = await (calls[operation] as (r: ShopRouter) => Promise<unknown>)(router)
      const expected = items.map((item) => withRefs(item, fields))
      if (row.returns === 'list') expect(answer).toEqual(expected)
      else if (row.returns === 'page')
        expect(answer).toEqual({ data: expected, hasMore: true, nextCursor: 'cursor_1' })
      else expect(answer).toEqual(expected[0])
      // The gateway's own object is not changed: the router answers with a copy.
      expect(sent).toEqual(native)
    },
  )

  it('returns an answer without those ids as it came, and converts nothing for other operations', async () => {
    const { star, router } = shop()
    const bare = itemWith([])
    spyOf(star.spies, 'payments.retrieve').mockResolvedValueOnce(bare as never)
    expect(await router.payments.retrieve('faststar:pi_1')).toBe(bare)
    const customer = { ...itemWith([]), paymentId: 'not_an_id_the_registry_names' }
    spyOf(star.spies, 'customers.create').mockResolvedValueOnce(customer as never)
    expect(await router.customers.create({ email: 'a@example.com' })).toBe(customer)
  })

  it('so ids from one answer go straight back to the router, and the gateway gets its native id', async () => {
    const { star, router } = shop()
    spyOf(star.spies, 'payments.retrieve').mockResolvedValueOnce(
      itemWith(['customerId', 'paymentMethodId']) as never,
    )
    const payment = await router.payments.retrieve('faststar:pi_1')
    await router.customers.retrieve(payment.customerId ?? 'faststar:missing')
    await router.paymentMethods.detach(payment.paymentMethodId ?? 'faststar:missing')
    expect(spyOf(star.spies, 'customers.retrieve').mock.calls[0]?.[0]).toBe('customerId_1')
    expect(spyOf(star.spies, 'paymentMethods.detach').mock.calls[0]?.[0]).toBe('paymentMethodId_1')
  })
})

describe('router webhooks: ids in the event data become refs', () => {
  const delivery = { rawBody: JSON.stringify({ id: 'evt_1' }), headers: { 'x-fastaar-signature': 'good' } }

  function event(type: string, data: unknown): WebhookEvent {
    return {
      type,
      id: 'evt_1',
      provider: 'fastaar',
      ref: 'fastaar:evt_1',
      occurredAt: new Date(0),
      nativeType: type,
      data,
      raw: {},
    } as WebhookEvent
  }

  it.each([
    ['payment.succeeded', { object: 'payment', customerId: 'cus_1', paymentMethodId: 'pm_1' }],
    ['session.completed', { object: 'session', paymentId: 'pay_1' }],
    ['payment_method.attached', { object: 'payment_method', customerId: 'cus_1' }],
    ['subscription.created', { object: 'subscription', customerId: 'cus_1' }],
    ['dispute.created', { object: 'dispute', paymentId: 'pay_1' }],
  ])('%s', async (type, data) => {
    const { aar, router } = shop()
    aar.spies.webhooks.verify.mockResolvedValueOnce(
      event(type, { ...data, id: 'obj_1', ref: 'fastaar:obj_1' }),
    )
    const verified = await router.webhooks.verify(delivery)
    const refs = Object.fromEntries(
      Object.entries(data).map(([key, value]) => [key, key === 'object' ? value : `fastaar:${value}`]),
    )
    expect(verified.data).toEqual({ ...refs, id: 'obj_1', ref: 'fastaar:obj_1' })
    expect(verified).toMatchObject({ type, id: 'evt_1', ref: 'fastaar:evt_1' })
  })

  it("leaves an event of type 'unknown' alone: its data is the provider's own", async () => {
    const { aar, router } = shop()
    const unknown = event('unknown', { customerId: 'cus_native', paymentId: 'p' })
    aar.spies.webhooks.verify.mockResolvedValueOnce(unknown)
    expect(await router.webhooks.verify(delivery)).toBe(unknown)
  })
})

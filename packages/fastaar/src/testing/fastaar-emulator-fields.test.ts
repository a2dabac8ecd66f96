import { createEmulatorClock } from '@paymux/core/emulator'
import { describe, expect, it } from 'vitest'
import { createFastaar } from '../fastaar-gateway.js'
import { createFastaarEmulator, type FastaarEmulator, type FastaarEmulatorOptions } from './index.js'

// The payment fields SUPPLEMENT lists from the official SDK's types, refunds as the SDK reads them,
// the reference under either name, and the top-level `livemode` of webhook bodies.

const KEY = 'fk_test_fields'

function call(
  emulator: FastaarEmulator,
  method: string,
  path: string,
  body?: unknown,
  key = KEY,
): Promise<Response> {
  return emulator.fetch(`https://fastaar.com/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}

async function data(response: Response): Promise<Record<string, unknown>> {
  return ((await response.json()) as { data: Record<string, unknown> }).data
}

async function create(emulator: FastaarEmulator, body: Record<string, unknown>, key = KEY) {
  const response = await call(emulator, 'POST', '/payments', body, key)
  expect(response.status).toBe(201)
  return data(response)
}

function emulatorWith(options: FastaarEmulatorOptions = {}) {
  return createFastaarEmulator({ rateLimit: false, ...options })
}

describe('Fastaar emulator payment fields (SUPPLEMENT and the official SDK types)', () => {
  it('writes every key the SDK requires from the first answer: no fee, nothing refunded, source api', async () => {
    const emulator = emulatorWith()
    const payment = await create(emulator, { amount: 1079.5, invoice_id: 'ORDER-1' })
    expect(payment).toMatchObject({
      amount: '1079.50',
      amount_due: '1079.50',
      refunded_amount: '0.00',
      gateway_charge: '0.00',
      gateway_charge_type: null,
      gateway_charge_value: null,
      source: 'api',
    })
    // Unset return URLs are left out (the SDK types them `?: string`), and nothing names a wallet yet.
    expect(Object.keys(payment)).not.toContain('success_url')
    expect(Object.keys(payment)).not.toContain('cancel_url')
    expect(Object.keys(payment)).not.toContain('payment_method')
    await emulator.submitTrxId(payment.id as string, { trxId: 'TRXFIELDS1', wallet: 'nagad' })
    expect(emulator.payment(payment.id as string)).toMatchObject({
      provider: 'nagad',
      payment_method: 'nagad',
    })
  })

  it.each([
    [{ type: 'percentage', value: 1.85 }, '19.97', '1.85', '1079.50'],
    [{ type: 'percentage', value: '2.5', paidBy: 'customer' }, '26.99', '2.50', '1106.49'],
    [{ type: 'fixed', value: 10 }, '10.00', '10.00', '1079.50'],
    [{ type: 'fixed', value: '10.5', paidBy: 'customer' }, '10.50', '10.50', '1090.00'],
  ] as const)(
    'charges a gateway fee %o: gateway_charge %s, value %s, amount_due %s',
    async (gatewayCharge, charge, value, due) => {
      const emulator = emulatorWith({ gatewayCharge })
      const payment = await create(emulator, { amount: 1079.5 })
      expect(payment).toMatchObject({
        gateway_charge: charge,
        gateway_charge_type: gatewayCharge.type,
        gateway_charge_value: value,
        amount_due: due,
      })
    },
  )

  it('rounds a percentage fee half up to the poisha, exactly, even for amounts past 2^53 poisha × rate', async () => {
    const emulator = emulatorWith({ gatewayCharge: { type: 'percentage', value: '99.99' } })
    // 9_999_999_999_999.99 taka × 99.99 % = 9_998_999_999_999.990001 → 9_998_999_999_999.99
    const payment = await create(emulator, { amount: '9999999999999.99' })
    expect(payment.gateway_charge).toBe('9998999999999.99')
    const half = emulatorWith({ gatewayCharge: { type: 'percentage', value: 0.5 } })
    // 1.01 taka × 0.5 % = 0.505 poisha → 1 poisha (half up)
    expect((await create(half, { amount: 1.01 })).gateway_charge).toBe('0.01')
  })

  it.each([
    [{ type: 'percent', value: 1 }, 'gatewayCharge.type'],
    [{ type: 'fixed', value: 0 }, 'gatewayCharge.value'],
    [{ type: 'fixed', value: '1.234' }, 'gatewayCharge.value'],
    [{ type: 'percentage', value: -1 }, 'gatewayCharge.value'],
    [{ type: 'fixed', value: 1, paidBy: 'buyer' }, 'gatewayCharge.paidBy'],
  ])('refuses the gatewayCharge %o, naming %s', (gatewayCharge, field) => {
    expect(() => createFastaarEmulator({ gatewayCharge: gatewayCharge as never })).toThrow(
      new RegExp(`^${field.replace('.', '\\.')} `),
    )
  })

  it('puts livemode at the top of webhook bodies, as the SDK reads it', async () => {
    const emulator = emulatorWith({ smsMatch: 'manual' })
    for (const key of ['fk_test_hooks', 'fk_live_hooks']) {
      const payment = await create(emulator, { amount: 500 }, key)
      await emulator.submitTrxId(payment.id as string, { trxId: `TRX${key.slice(3, 7)}1` })
      await emulator.matchSms(payment.id as string)
    }
    const bodies = emulator.webhooks.deliveries.map(
      (delivery) => JSON.parse(delivery.body) as Record<string, unknown>,
    )
    expect(bodies.map((body) => [body.event, body.livemode])).toEqual([
      ['payment.completed', false],
      ['payment.completed', true],
    ])
    expect(Object.keys(bodies[0] as object)).toEqual(['event', 'created_at', 'livemode', 'data'])
  })
})

describe('Fastaar emulator refunds (the SDK: numeric ids, newest first, api or panel)', () => {
  it('numbers refunds across payments, lists them newest first, and marks dashboard refunds as panel', async () => {
    const clock = createEmulatorClock(new Date('2026-06-12T08:30:00Z'))
    const emulator = emulatorWith({ clock })
    const gateway = createFastaar({ apiKey: KEY, fetch: emulator.fetch })
    const first = await create(emulator, { amount: 500 })
    const second = await create(emulator, { amount: 300 })
    await emulator.submitTrxId(first.id as string, { trxId: 'TRXREFUND1' })
    await emulator.submitTrxId(second.id as string, { trxId: 'TRXREFUND2' })

    await call(emulator, 'POST', `/payments/${first.id}/refund`, { amount: 100 })
    await call(emulator, 'POST', `/payments/${second.id}/refund`, { amount: 50 })
    clock.advance(60_000)
    expect(await emulator.refundFromPanel(first.id as string, '79.50')).toEqual({
      id: 3,
      amount: '79.50',
      source: 'panel',
      created_at: '2026-06-12T14:31:00+06:00',
    })
    clock.advance(60_000)
    // No amount: what is left, through the API with no body (as the SDK sends it).
    expect((await call(emulator, 'POST', `/payments/${first.id}/refund`)).status).toBe(200)

    const listed = (await (await call(emulator, 'GET', `/payments/${first.id}/refunds`)).json()) as {
      data: Record<string, unknown>[]
    }
    expect(listed.data).toEqual([
      { id: 4, amount: '320.50', source: 'api', created_at: '2026-06-12T14:32:00+06:00' },
      { id: 3, amount: '79.50', source: 'panel', created_at: '2026-06-12T14:31:00+06:00' },
      { id: 1, amount: '100.00', source: 'api', created_at: '2026-06-12T14:30:00+06:00' },
    ])
    expect(emulator.payment(first.id as string)).toMatchObject({
      status: 'refunded',
      refunded_amount: '500.00',
    })
    // The gateway reads the numeric ids as strings, in the order Fastaar gives.
    expect((await gateway.payments.listRefunds(first.id as string)).map((refund) => refund.id)).toEqual([
      '4',
      '3',
      '1',
    ])
    expect(emulator.webhooks.deliveries.filter((d) => d.event === 'payment.refunded')).toHaveLength(4)
    expect(emulator.refundsCreated).toBe(4)
  })

  it('refuses a panel refund the payment cannot take, and a malformed amount, before refunding anything', async () => {
    const emulator = emulatorWith()
    const payment = await create(emulator, { amount: 500 })
    await expect(emulator.refundFromPanel(payment.id as string)).rejects.toThrow(
      'Only completed payments can be refunded',
    )
    await emulator.submitTrxId(payment.id as string, { trxId: 'TRXPANEL01' })
    await expect(emulator.refundFromPanel(payment.id as string, '500.01')).rejects.toThrow('at most 500.00')
    await expect(emulator.refundFromPanel(payment.id as string, '1.234')).rejects.toThrow(TypeError)
    await expect(emulator.refundFromPanel('nope')).rejects.toThrow('no payment nope')
    expect(emulator.refundsCreated).toBe(0)
    expect(emulator.payment(payment.id as string)).toMatchObject({
      status: 'completed',
      refunded_amount: '0.00',
    })
  })
})

describe('Fastaar emulator reference names (invoice_id and invoice_number)', () => {
  it.each(['invoice_id', 'invoice_number'] as const)(
    'in %s mode, keeps a reference sent under either name, and a retry under the other name finds it',
    async (referenceField) => {
      const emulator = emulatorWith({ referenceField })
      const other = referenceField === 'invoice_id' ? 'invoice_number' : 'invoice_id'
      const first = await create(emulator, { amount: 500, [other]: 'ORDER-X' })
      expect(first[referenceField]).toBe('ORDER-X')
      const again = await call(emulator, 'POST', '/payments', { amount: 500, [referenceField]: 'ORDER-X' })
      expect(again.status).toBe(200)
      expect((await data(again)).id).toBe(first.id)
      const same = await call(emulator, 'POST', '/payments', {
        amount: 500,
        invoice_id: 'ORDER-X',
        invoice_number: 'ORDER-X',
      })
      expect((await data(same)).id).toBe(first.id)
      expect(emulator.paymentsCreated).toBe(1)
    },
  )

  it('refuses both names with different values, naming both fields', async () => {
    const emulator = emulatorWith()
    const response = await call(emulator, 'POST', '/payments', {
      amount: 500,
      invoice_id: 'A',
      invoice_number: 'B',
    })
    expect(response.status).toBe(422)
    const body = (await response.json()) as { error: { type: string }; errors: Record<string, string[]> }
    expect(body.error.type).toBe('validation_error')
    expect(Object.keys(body.errors)).toEqual(['invoice_id', 'invoice_number'])
    expect(emulator.paymentsCreated).toBe(0)
  })

  it('filters the list by either name, and refuses two different filters instead of listing everything', async () => {
    const emulator = emulatorWith({ referenceField: 'invoice_number' })
    const mine = await create(emulator, { amount: 500, invoice_number: 'MINE' })
    await create(emulator, { amount: 500, invoice_number: 'THEIRS' })
    await create(emulator, { amount: 500 })
    for (const query of ['invoice_number=MINE', 'invoice_id=MINE', 'invoice_id=MINE&invoice_number=MINE']) {
      const listed = (await (await call(emulator, 'GET', `/payments?${query}`)).json()) as {
        data: { id: string }[]
      }
      expect(listed.data.map((payment) => payment.id)).toEqual([mine.id])
    }
    const none = (await (await call(emulator, 'GET', '/payments?invoice_id=NOPE')).json()) as {
      data: unknown[]
    }
    expect(none.data).toEqual([])
    const both = await call(emulator, 'GET', '/payments?invoice_id=MINE&invoice_number=THEIRS')
    expect(both.status).toBe(422)
    expect(Object.keys(((await both.json()) as { errors: object }).errors)).toEqual([
      'invoice_id',
      'invoice_number',
    ])
  })

  it.each([
    [{ referenceField: 'invoice_id' }, 'invoice_id'],
    [{ referenceField: 'invoice_number' }, 'invoice_number'],
    [{ referenceField: 'invoice_number', returnReferenceParam: 'invoice_id' }, 'invoice_id'],
    [{ referenceField: 'invoice_id', returnReferenceParam: 'invoice_number' }, 'invoice_number'],
  ] as const)(
    'returns the buyer with the reference under the configured parameter (%o → %s)',
    async (options, param) => {
      const emulator = emulatorWith(options)
      const payment = await create(emulator, {
        amount: 500,
        [options.referenceField]: 'ORDER-R',
        success_url: 'https://shop.example.com/thanks',
      })
      const outcome = await emulator.submitTrxId(payment.id as string, { trxId: 'TRXRETURN1' })
      expect(outcome.redirectUrl).toBe(
        `https://shop.example.com/thanks?payment_id=${payment.id}&${param}=ORDER-R`,
      )
    },
  )
})

import { createHmac } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { gatewayClock } from '../adapter-kit/gateway-clock.js'
import { createEmulatorClock } from '../emulator/emulator-clock.js'
import { asFetch } from '../emulator/emulator-server.js'
import { createWebhookOutbox } from '../emulator/emulator-webhooks.js'
import { InvalidRequestError, NotFoundError } from '../errors/index.js'
import type { Customer } from '../model/customer.js'
import type {
  CreateCustomerInput,
  CustomersFacet,
  Gateway,
  GatewayCapabilities,
  PaymentsFacet,
  SessionsFacet,
  WebhookRequest,
  WebhooksFacet,
} from '../model/gateway.js'
import type { Money } from '../model/money.js'
import type { Payment, PaymentStatus } from '../model/payment.js'
import type { PaymentSession } from '../model/payment-session.js'
import { toRef } from '../model/ref.js'
import type { WebhookEvent } from '../model/webhook-event.js'
import { createSessionInputSchema } from '../schemas/index.js'
import { parseNeutralInput } from '../validation/index.js'
import { readHeader, verifySignature } from '../webhooks/index.js'
import { expectCustomer, expectPaymentEvent } from './conformance-helpers.js'
import { runGatewayConformance } from './run-gateway-conformance.js'

// EventPay: a gateway and emulator small enough to read, whose emulator sends failed, canceled
// and refunded events through the kit's outbox, and stores customers. It proves the event and
// customer scenarios run (none skipped: see the afterAll) and pass a sound gateway; the
// describe blocks below prove their checks fail a broken one.

const SECRET = 'whsec_eventpay'
// Far from the real time: a delivery verifies only on the emulator's clock (gatewayClock).
const START = Date.UTC(2026, 0, 1, 9)
const RETRY_MS = 60_000
const capabilities: GatewayCapabilities = {
  operations: [
    'sessions.create',
    'sessions.retrieve',
    'payments.retrieve',
    'customers.create',
    'customers.retrieve',
    'customers.list',
    'webhooks.verify',
  ],
  currencies: ['USD'],
  sessionModes: ['payment'],
  presentations: ['redirect'],
  partialRefunds: true,
}

interface NativePayment {
  id: string
  status: 'open' | 'paid' | 'declined' | 'canceled'
  amount: number
  refunded: number
  reference?: string
}

function createEventPayEmulator() {
  const clock = createEmulatorClock({ start: START, frozen: true })
  const received: WebhookRequest[] = []
  let refusals = 0
  const webhooks = createWebhookOutbox({
    provider: 'faststar',
    clock,
    defaultSecret: SECRET,
    defaultRetryDelaysMs: [RETRY_MS],
    sign: ({ body, secret, now }) => {
      const t = Math.floor(now / 1000)
      const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')
      return { headers: { 'x-eventpay-signature': `t=${t},v1=${v1}` } }
    },
    settings: {
      url: 'https://merchant.test/hooks',
      fetch: async (request) => {
        received.push({ rawBody: await request.text(), headers: Object.fromEntries(request.headers) })
        if (refusals === 0) return new Response(null, { status: 200 })
        refusals--
        return new Response(null, { status: 503 })
      },
    },
  })
  const payments = new Map<string, NativePayment>()
  const customers: Customer[] = []
  let events = 0

  async function emit(type: string, payment: NativePayment) {
    events++
    const body = JSON.stringify({ id: `evt_${events}`, type, created: clock.now(), data: payment })
    webhooks.enqueue(type, body, { eventId: `evt_${events}` })
    await webhooks.settle()
  }
  const payment = (id: string) => {
    const found = payments.get(id)
    if (found === undefined) throw new NotFoundError({ provider: 'eventpay', message: `No payment ${id}` })
    return found
  }
  async function move(id: string, status: NativePayment['status'], type: string) {
    const found = payment(id)
    if (found.status !== 'open') throw new Error(`payment ${id} is ${found.status}`)
    found.status = status
    await emit(type, found)
  }

  return {
    clock,
    webhooks,
    received,
    payment,
    fetch: asFetch(async () => new Response(null), { clock }),
    open(amount: number, reference: string | undefined): NativePayment {
      const created = { id: `pay_${payments.size + 1}`, status: 'open' as const, amount, refunded: 0 }
      payments.set(created.id, reference === undefined ? created : { ...created, reference })
      return payment(created.id)
    },
    pay: (id: string) => move(id, 'paid', 'payment.succeeded'),
    decline: (id: string) => move(id, 'declined', 'payment.failed'),
    cancel: (id: string) => move(id, 'canceled', 'payment.canceled'),
    async refund(id: string, amount?: number) {
      const found = payment(id)
      found.refunded += amount ?? found.amount - found.refunded
      await emit('payment.refunded', found)
    },
    refuseNextAttempt() {
      refusals++
    },
    /** The last delivery of `type` for payment `id`, signed afresh: a redelivery. */
    redelivery(type: string, id: string): WebhookRequest {
      const last = webhooks
        .ofType(type)
        .findLast((d) => (JSON.parse(d.body) as { data: NativePayment }).data.id === id)
      if (last === undefined) throw new Error(`no ${type} delivery for ${id}`)
      return webhooks.build(last.event, last.body).request
    },
    customers,
  }
}

const STATUS: Record<NativePayment['status'], PaymentStatus> = {
  open: 'pending',
  paid: 'succeeded',
  declined: 'failed',
  canceled: 'canceled',
}

type EventPay = Gateway<
  'eventpay',
  {
    sessions: Pick<SessionsFacet, 'create' | 'retrieve'>
    payments: Pick<PaymentsFacet, 'retrieve'>
    customers: CustomersFacet
    webhooks: Pick<WebhooksFacet, 'verify'>
  }
>

interface Flaws {
  /** Reports every event amount one minor unit off. */
  readonly amountOff?: boolean
}

function createEventPay(emulator: ReturnType<typeof createEventPayEmulator>, flaws: Flaws = {}): EventPay {
  const now = gatewayClock({ fetch: emulator.fetch })
  const usd = (amount: number): Money => ({ amount, currency: 'USD' })
  const toPayment = (native: NativePayment, off = 0): Payment => ({
    object: 'payment',
    id: native.id,
    provider: 'eventpay',
    ref: toRef('eventpay', native.id),
    status: STATUS[native.status],
    nativeStatus: native.status,
    amount: usd(native.amount + off),
    ...(native.refunded > 0 ? { amountRefunded: usd(native.refunded + off) } : {}),
    ...(native.reference === undefined ? {} : { reference: native.reference }),
    raw: native,
  })
  const toSession = (native: NativePayment): PaymentSession => ({
    object: 'session',
    id: `cs_${native.id}`,
    provider: 'eventpay',
    ref: toRef('eventpay', `cs_${native.id}`),
    status: native.status === 'paid' ? 'complete' : native.status === 'open' ? 'open' : 'canceled',
    nativeStatus: native.status,
    mode: 'payment',
    url: `https://eventpay.test/pay/${native.id}`,
    paymentId: native.id,
    amounts: { total: usd(native.amount) },
    ...(native.reference === undefined ? {} : { reference: native.reference }),
    raw: native,
  })
  const createInput = createSessionInputSchema({ ...capabilities, provider: 'eventpay' })
  const customer = (id: string) => {
    const found = emulator.customers.find((c) => c.id === id)
    if (found === undefined) throw new NotFoundError({ provider: 'eventpay', message: `No customer ${id}` })
    return found
  }
  return {
    specificationVersion: 'v1',
    id: 'eventpay',
    capabilities,
    native: undefined,
    sessions: {
      async create(input) {
        const context = { provider: 'eventpay', operation: 'sessions.create', capabilities } as const
        const valid = parseNeutralInput(createInput, input, context)
        if (valid.amount === undefined)
          throw new InvalidRequestError({ provider: 'eventpay', message: 'amount' })
        return toSession(emulator.open(valid.amount.amount, valid.reference))
      },
      retrieve: async (id) => toSession(emulator.payment(id.replace(/^cs_/, ''))),
    },
    payments: { retrieve: async (id) => toPayment(emulator.payment(id)) },
    customers: {
      async create(input) {
        const created: Customer = {
          object: 'customer',
          id: `cus_${emulator.customers.length + 1}`,
          provider: 'eventpay',
          ref: toRef('eventpay', `cus_${emulator.customers.length + 1}`),
          ...input,
          // EventPay stores phones in national form: +1 415 555 0100 → 4155550100.
          ...(input.phone === undefined ? {} : { phone: input.phone.replace(/\D/g, '').slice(-10) }),
          raw: input,
        }
        emulator.customers.push(created)
        return created
      },
      retrieve: async (id) => customer(id),
      list: async (filter = {}) => {
        const data = emulator.customers.slice(0, filter.limit ?? 10)
        return { data, hasMore: data.length < emulator.customers.length }
      },
    },
    webhooks: {
      async verify({ rawBody, headers }) {
        const header = readHeader(headers, 'x-eventpay-signature')
        await verifySignature({
          provider: 'eventpay',
          rawBody,
          header,
          headerName: 'X-EventPay-Signature',
          secret: SECRET,
          now,
        })
        const raw = JSON.parse(String(rawBody)) as {
          id: string
          type: string
          created: number
          data: NativePayment
        }
        return {
          type: raw.type as 'payment.failed',
          id: raw.id,
          provider: 'eventpay',
          ref: toRef('eventpay', raw.id),
          occurredAt: new Date(raw.created),
          nativeType: raw.type,
          data: toPayment(raw.data, flaws.amountOff === true ? 1 : 0),
          raw,
        }
      },
    },
  }
}

let emulator = createEventPayEmulator()
const calls = { fail: 0, cancel: 0, refund: 0, partialRefund: 0, redelivery: 0, customers: 0 }
const idOf = (session: PaymentSession) => session.paymentId as string

runGatewayConformance({
  gateway: () => {
    emulator = createEventPayEmulator()
    const gateway = createEventPay(emulator)
    const create = gateway.customers.create
    gateway.customers.create = (input) => {
      calls.customers++
      return create(input)
    }
    return gateway
  },
  capabilities,
  session: {
    amount: { amount: 1999, currency: 'USD' },
    successUrl: 'https://shop.example/thanks',
    reference: 'ord-7',
  },
  customer: { email: 'ada@example.com', name: 'Ada Lovelace', phone: '+1 415 555 0100' },
  webhook: async () => {
    const paid = emulator.open(700, undefined)
    await emulator.pay(paid.id)
    return emulator.redelivery('payment.succeeded', paid.id)
  },
  drivers: {
    complete: (session) => emulator.pay(idOf(session)),
    completionWebhook: (session) => emulator.redelivery('payment.succeeded', idOf(session)),
    fail: (session) => {
      calls.fail++
      return emulator.decline(idOf(session))
    },
    failureWebhook: (session) => emulator.redelivery('payment.failed', idOf(session)),
    async cancelWebhook(session) {
      calls.cancel++
      await emulator.cancel(idOf(session))
      return emulator.redelivery('payment.canceled', idOf(session))
    },
    async refundWebhook({ paymentId }, amount) {
      if (amount === undefined) calls.refund++
      else calls.partialRefund++
      await emulator.refund(paymentId as string, amount?.amount)
      return emulator.redelivery('payment.refunded', paymentId as string)
    },
    async redeliveryAfterFailure(session) {
      calls.redelivery++
      emulator.refuseNextAttempt()
      await emulator.pay(idOf(session))
      const failed = emulator.received.at(-1) as WebhookRequest
      emulator.clock.advance(RETRY_MS)
      await emulator.webhooks.settle()
      return { failed, retried: emulator.received.at(-1) as WebhookRequest }
    },
  },
})

afterAll(() => {
  // Every new driver was called: none of the new scenarios was skipped.
  expect(calls).toEqual({ fail: 2, cancel: 1, refund: 1, partialRefund: 1, redelivery: 1, customers: 3 })
})

describe('the event checks fail a broken gateway', () => {
  async function failureEvent(flaws: Flaws): Promise<WebhookEvent> {
    const own = createEventPayEmulator()
    const gateway = createEventPay(own, flaws)
    const session = await gateway.sessions.create({ amount: { amount: 1999, currency: 'USD' } })
    await own.decline(idOf(session))
    return gateway.webhooks.verify(own.redelivery('payment.failed', idOf(session)))
  }
  const expected = {
    type: 'payment.failed',
    status: 'failed',
    amount: { amount: 1999, currency: 'USD' },
  } as const

  it('passes the exact event, and refuses an amount one minor unit off', async () => {
    expectPaymentEvent(await failureEvent({}), 'eventpay', expected)
    const off = await failureEvent({ amountOff: true })
    expect(() => expectPaymentEvent(off, 'eventpay', expected)).toThrow(/2000|1999/)
  })

  it('refuses the wrong type, status, refunded amount, payment id or reference', async () => {
    const event = await failureEvent({})
    const wrong = [
      { ...expected, type: 'payment.canceled' },
      { ...expected, status: 'canceled' },
      { ...expected, amountRefunded: { amount: 1, currency: 'USD' } },
      { ...expected, paymentId: 'pay_other' },
      { ...expected, reference: 'ord-other' },
      { ...expected, amount: { amount: 1999, currency: 'EUR' } },
    ] as const
    for (const expectation of wrong)
      expect(() => expectPaymentEvent(event, 'eventpay', expectation)).toThrow()
    expect(() => expectPaymentEvent(event, 'fastaar', expected)).toThrow()
  })

  it('a delivery signed on the emulator clock verifies only on that clock', async () => {
    const own = createEventPayEmulator()
    const gateway = createEventPay(own)
    const session = await gateway.sessions.create({ amount: { amount: 500, currency: 'USD' } })
    await own.pay(idOf(session))
    const delivery = own.redelivery('payment.succeeded', idOf(session))
    await expect(gateway.webhooks.verify(delivery)).resolves.toMatchObject({ type: 'payment.succeeded' })
    const realTime = createEventPay({ ...own, fetch: globalThis.fetch })
    await expect(realTime.webhooks.verify(delivery)).rejects.toMatchObject({
      code: 'timestamp_out_of_tolerance',
    })
  })
})

describe('the customer check fails a broken gateway', () => {
  const input: CreateCustomerInput = { email: 'ada@example.com', name: 'Ada', phone: '+880 1712-345678' }
  // `undefined` for a field: the record lacks it.
  const record = (fields: { readonly [K in keyof Customer]?: Customer[K] | undefined }): Customer =>
    Object.fromEntries(
      Object.entries({
        object: 'customer',
        id: 'cus_1',
        provider: 'eventpay',
        ref: 'eventpay:cus_1',
        email: 'ada@example.com',
        name: 'Ada',
        phone: '01712345678',
        raw: {},
        ...fields,
      }).filter(([, value]) => value !== undefined),
    ) as unknown as Customer

  it('accepts the same fields, a phone in national form included', () => {
    expectCustomer(record({}), 'eventpay', input)
    expectCustomer(record({ email: undefined, name: 'x' }), 'eventpay', { phone: '01712345678' })
  })

  it('refuses a missing or changed field, a wrong ref, provider or object', () => {
    const broken = [
      record({ email: 'ADA@example.com' }),
      record({ name: undefined }),
      record({ phone: '01712345679' }),
      record({ phone: undefined }),
      record({ ref: 'eventpay:cus_2' }),
      record({ provider: 'fastaar' }),
      record({ id: '', ref: 'eventpay:' }),
      record({ raw: undefined }),
    ]
    for (const customer of broken) expect(() => expectCustomer(customer, 'eventpay', input)).toThrow()
    expect(() => expectCustomer(undefined, 'eventpay', input)).toThrow()
  })
})

import { expect } from 'vitest'
import type { Customer } from '../model/customer.js'
import type {
  AnyGateway,
  CreateCustomerInput,
  CreateSessionInput,
  Operation,
  WebhookRequest,
} from '../model/gateway.js'
import type { Money } from '../model/money.js'
import type { Payment, PaymentStatus } from '../model/payment.js'
import type { PaymentSession } from '../model/payment-session.js'
import type { PaymentEventType, WebhookEvent } from '../model/webhook-event.js'
import type { ConformanceOptions } from './conformance-options.js'

// Shared by the scenario files; not exported from `@paymux/core/testing`.

/** What every scenario file reads from the options, worked out once. */
export interface ScenarioContext<G extends AnyGateway> {
  readonly options: ConformanceOptions<G>
  readonly lacks: (operation: Operation) => boolean
}

export async function createSession(gateway: AnyGateway, input: CreateSessionInput): Promise<PaymentSession> {
  const create = gateway.sessions?.create
  if (create === undefined) throw new Error(`${gateway.id} declares sessions.create but has no such method`)
  return create(input)
}

/** `input` with its reference made distinct by `suffix`, for a second checkout in one scenario. */
export function withReferenceSuffix(input: CreateSessionInput, suffix: string): CreateSessionInput {
  return input.reference === undefined ? input : { ...input, reference: `${input.reference}-${suffix}` }
}

/** What the buyer pays for `options.session`, exactly. */
export function expectedAmount(options: ConformanceOptions<AnyGateway>): Money {
  if (options.amount !== undefined) return options.amount
  const { amount, lineItems } = options.session
  if (amount !== undefined) return amount
  const first = lineItems?.[0]?.amount
  if (first !== undefined && lineItems?.every((item) => item.amount?.currency === first.currency)) {
    const total = lineItems.reduce((sum, item) => sum + (item.amount?.amount ?? 0) * (item.quantity ?? 1), 0)
    return { amount: total, currency: first.currency }
  }
  throw new Error('conformance: pass `amount`: the session input has no amount the suite can add up')
}

/**
 * The id of the payment behind a (completed) session: from a fresh
 * `sessions.retrieve` where the gateway has it, else from the session itself.
 */
export async function paymentIdOf(gateway: AnyGateway, session: PaymentSession): Promise<string | undefined> {
  const retrieve = gateway.sessions?.retrieve
  if (retrieve === undefined) return session.paymentId
  return (await retrieve(session.id)).paymentId ?? session.paymentId
}

export function expectSession(session: PaymentSession, provider: string): void {
  expect(session.object).toBe('session')
  expect(session.provider).toBe(provider)
  expect(session.ref).toBe(`${provider}:${session.id}`)
  expect(session.id).not.toBe('')
  expect(() => new URL(session.url)).not.toThrow()
  expect(['open', 'complete', 'expired', 'canceled']).toContain(session.status)
  expect(typeof session.nativeStatus).toBe('string')
  expect(session.raw).toBeDefined()
}

export function expectPayment(payment: Payment, provider: string): void {
  expect(payment.object).toBe('payment')
  expect(payment.provider).toBe(provider)
  expect(payment.ref).toBe(`${provider}:${payment.id}`)
  expect(payment.id).not.toBe('')
  expect(Number.isSafeInteger(payment.amount.amount)).toBe(true)
  expect(typeof payment.nativeStatus).toBe('string')
  expect(payment.raw).toBeDefined()
}

export function expectEvent(
  event: WebhookEvent | undefined,
  provider: string,
): asserts event is WebhookEvent {
  expect(event).toBeDefined()
  expect(event?.provider).toBe(provider)
  expect(event?.ref).toBe(`${provider}:${event?.id}`)
  expect(event?.id).not.toBe('')
  expect(event?.occurredAt).toBeInstanceOf(Date)
  expect(Number.isNaN(event?.occurredAt.getTime())).toBe(false)
  expect(typeof event?.nativeType).toBe('string')
  expect(event?.raw).toBeDefined()
}

/** Calls `webhooks.verify`, which a scenario only reaches when the gateway declares it. */
export async function verify(gateway: AnyGateway, delivery: WebhookRequest): Promise<WebhookEvent> {
  const verifyDelivery = gateway.webhooks?.verify
  if (verifyDelivery === undefined)
    throw new Error(`${gateway.id} declares webhooks.verify but has no such method`)
  return verifyDelivery(delivery)
}

/** The rejection of `promise`, or a failure when it resolves. */
export async function rejectionOf(promise: Promise<unknown> | undefined): Promise<unknown> {
  const outcome = await promise?.then(
    (value) => ({ resolved: true as const, value }),
    (error: unknown) => ({ resolved: false as const, error }),
  )
  expect(outcome?.resolved, 'expected the call to fail').toBe(false)
  return outcome?.resolved === false ? outcome.error : undefined
}

export function bodyText(body: WebhookRequest['rawBody']): string {
  return typeof body === 'string' ? body : new TextDecoder().decode(body)
}

/**
 * A completion event carries the paid session exactly: `payment.succeeded` with the amount,
 * reference and payment id, or `session.completed` with the session id and total.
 */
export async function expectPaidEvent(
  gateway: AnyGateway,
  options: ConformanceOptions<AnyGateway>,
  event: WebhookEvent,
  session: PaymentSession,
): Promise<void> {
  const amount = expectedAmount(options)
  const reference = options.session.reference
  if (event.type === 'payment.succeeded') {
    expect(event.data.ref).toBe(`${gateway.id}:${event.data.id}`)
    expect(event.data.status).toBe('succeeded')
    expect(event.data.amount).toEqual(amount)
    if (reference !== undefined) expect(event.data.reference).toBe(reference)
    const paymentId = await paymentIdOf(gateway, session)
    if (paymentId !== undefined) expect(event.data.id).toBe(paymentId)
  }
  if (event.type === 'session.completed') {
    expect(event.data.id).toBe(session.id)
    expect(event.data.status).toBe('complete')
    expect(event.data.amounts?.total).toEqual(amount)
  }
}

/** What a payment event must say, exactly. */
export interface ExpectedPaymentEvent {
  readonly type: PaymentEventType
  readonly status: PaymentStatus
  readonly amount: Money
  /** Checked when given. */
  readonly amountRefunded?: Money
  /** Checked when given: the payment the gateway reports for the session. */
  readonly paymentId?: string
  /** Checked when given: the session's reference. */
  readonly reference?: string
}

/** A verified payment event of `expected.type` whose payment is exactly `expected`. */
export function expectPaymentEvent(
  event: WebhookEvent,
  provider: string,
  expected: ExpectedPaymentEvent,
): asserts event is Extract<WebhookEvent, { type: PaymentEventType }> {
  expectEvent(event, provider)
  expect(event.type).toBe(expected.type)
  const payment = event.data as Payment
  expectPayment(payment, provider)
  expect(payment.status).toBe(expected.status)
  expect(payment.amount).toEqual(expected.amount)
  if (expected.amountRefunded !== undefined) expect(payment.amountRefunded).toEqual(expected.amountRefunded)
  if (expected.paymentId !== undefined) expect(payment.id).toBe(expected.paymentId)
  if (expected.reference !== undefined) expect(payment.reference).toBe(expected.reference)
}

/** A customer record of `provider` carrying the contact fields it was created with. */
export function expectCustomer(
  customer: Customer | undefined,
  provider: string,
  input: CreateCustomerInput,
): void {
  expect(customer?.object).toBe('customer')
  expect(customer?.provider).toBe(provider)
  expect(customer?.ref).toBe(`${provider}:${customer?.id}`)
  expect(customer?.id).not.toBe('')
  expect(customer?.raw).toBeDefined()
  if (input.email !== undefined) expect(customer?.email).toBe(input.email)
  if (input.name !== undefined) expect(customer?.name).toBe(input.name)
  // A gateway may store a phone in its own form (+880 17… as 017…): the subscriber digits must match.
  if (input.phone !== undefined) expect(subscriberDigits(customer?.phone)).toBe(subscriberDigits(input.phone))
}

function subscriberDigits(phone: string | undefined): string {
  return (phone ?? '').replace(/\D/g, '').slice(-9)
}

import { expect } from 'vitest'
import type { AnyGateway, CreateSessionInput, Operation, WebhookRequest } from '../model/gateway.js'
import type { Money } from '../model/money.js'
import type { Payment } from '../model/payment.js'
import type { PaymentSession } from '../model/payment-session.js'
import type { WebhookEvent } from '../model/webhook-event.js'
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

import { chargeFor, type FastaarGatewayCharge } from './emulator-charge.js'
import type { EmulatedPayment, EmulatorStore } from './emulator-store.js'
import { parseTaka } from './emulator-wire.js'

/** The events `trigger` can cause: every documented one, and the SDKs' `payment.refunded`. */
export const FASTAAR_TRIGGERS: readonly string[] = [
  'payment.completed',
  'payment.failed',
  'payment.expired',
  'payment.refunded',
]

/** What a trigger needs from the emulator. */
export interface TriggerContext {
  readonly store: EmulatorStore
  readonly origin: string
  readonly gatewayCharge: FastaarGatewayCharge | undefined
  readonly now: () => number
  /** Moves the emulator clock (expiry is caused by time, as a real payment's is). */
  readonly advance: (ms: number) => Promise<void>
}

const TRIGGER_KEYS = ['paymentId', 'amount', 'reference', 'livemode']
let trxIds = 0

/**
 * Causes `event` the way a buyer, the merchant or time would: a new payment
 * (or `input.paymentId`'s) is paid by TrxID and matched (`payment.completed`),
 * rejected by an admin (`payment.failed`), left 30 minutes on the clock
 * (`payment.expired`: every other pending payment due by then expires too), or
 * paid and refunded in full through the API (`payment.refunded`).
 * `input`: `paymentId`, or `amount` (taka, default 500), `reference`, `livemode` (default false).
 */
export async function causeEvent(
  context: TriggerContext,
  event: string,
  input: Readonly<Record<string, unknown>>,
): Promise<void> {
  if (!FASTAAR_TRIGGERS.includes(event)) {
    throw new TypeError(
      `Fastaar cannot trigger ${JSON.stringify(event)}: use one of ${FASTAAR_TRIGGERS.join(', ')}`,
    )
  }
  const unknown = Object.keys(input).find((key) => !TRIGGER_KEYS.includes(key))
  if (unknown !== undefined) {
    throw new TypeError(`trigger input ${JSON.stringify(unknown)} is not one of ${TRIGGER_KEYS.join(', ')}`)
  }
  const payment = paymentFor(context, input)
  const { store } = context
  if (event === 'payment.expired') {
    if (payment.status !== 'pending')
      throw new Error(`payment ${payment.id} is ${payment.status}, not pending`)
    return context.advance(Math.max(0, payment.expiresAt - context.now()))
  }
  if (event === 'payment.failed') return store.reject(payment, 'rejected_by_admin')
  if (payment.status === 'pending')
    store.submitTrxId(payment, `TRG${String(++trxIds).padStart(7, '0')}`, 'bkash', undefined)
  if (payment.status === 'awaiting_verification') store.matchSms(payment)
  if (event === 'payment.refunded') {
    const problem = store.refund(payment, undefined)
    if (problem !== undefined) throw new Error(problem)
  }
}

function paymentFor(context: TriggerContext, input: Readonly<Record<string, unknown>>): EmulatedPayment {
  if (input.paymentId !== undefined) {
    const payment = typeof input.paymentId === 'string' ? context.store.get(input.paymentId) : undefined
    if (payment === undefined)
      throw new TypeError(`trigger input paymentId: no payment ${String(input.paymentId)}`)
    return payment
  }
  const amountPoisha = input.amount === undefined ? 50_000 : parseTaka(input.amount)
  if (amountPoisha === undefined || amountPoisha <= 0) {
    throw new TypeError(
      `trigger input amount must be taka more than 0, with at most 2 decimals, got ${JSON.stringify(input.amount)}`,
    )
  }
  if (input.reference !== undefined && (typeof input.reference !== 'string' || input.reference === '')) {
    throw new TypeError('trigger input reference must be a non-empty string')
  }
  if (input.livemode !== undefined && typeof input.livemode !== 'boolean') {
    throw new TypeError('trigger input livemode must be true or false')
  }
  return context.store.create({
    origin: context.origin,
    livemode: input.livemode === true,
    amountPoisha,
    invoice: input.reference as string | undefined,
    metadata: {},
    successUrl: undefined,
    cancelUrl: undefined,
    source: 'api',
    charge: chargeFor(amountPoisha, context.gatewayCharge),
  })
}

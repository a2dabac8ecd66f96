import type { Money, Payment, Subscription, WebhookEvent } from '@paymux/core'
import {
  fromMajorUnits,
  InvalidRequestError,
  isRecord,
  toRef,
  WebhookVerificationError,
} from '@paymux/core/adapter-kit'
import type { PaystarPaymentPayload, PaystarWebhookDelivery } from './paystar-api.js'

/** What {@link toPaystarWebhookEvent} needs besides the delivery body. */
export interface WebhookEventContext {
  /** The currency of the dollar strings in the payload. */
  readonly currency: string
  /** When the delivery arrived: Paystar's payload carries no documented event time. */
  readonly receivedAt: Date
  /** Hex SHA-256 of the raw body: the event id where the payload has no natural one. */
  readonly bodyDigest: string
}

type Fields = Readonly<Record<string, unknown>>

/**
 * Normalizes a Paystar delivery checked by `paystarWebhookDeliverySchema`
 * (`{ action, payload }`, the shape of Paystar's template examples):
 * `Payment.Succeeded` → `payment.succeeded` with the dollar string `amount`
 * as exact Money, `AutoPay.Enrolled` → `subscription.created`,
 * `AutoPay.Unenrolled` → `subscription.canceled`, anything else → `unknown`.
 * Throws `WebhookVerificationError` (`invalid_payload`) naming the field when
 * the amount is not an exact dollar amount.
 */
export function toPaystarWebhookEvent(
  delivery: PaystarWebhookDelivery,
  context: WebhookEventContext,
): WebhookEvent {
  const { action } = delivery
  const payload = isRecord(delivery.payload) ? delivery.payload : {}
  const base = {
    provider: 'paystar',
    occurredAt: context.receivedAt,
    nativeType: action,
    raw: delivery,
  } as const
  const event = <Type extends WebhookEvent['type']>(type: Type, key: string) => {
    const id = `${action}:${key}`
    return { ...base, type, id, ref: toRef('paystar', id) }
  }

  switch (action) {
    case 'Payment.Succeeded': {
      // The delivery schema checked this payload: an id and an amount are there.
      const payment = toPayment(payload as PaystarPaymentPayload, context.currency)
      return { ...event('payment.succeeded', payment.id), data: payment }
    }
    case 'AutoPay.Enrolled':
      return {
        ...event('subscription.created', context.bodyDigest),
        data: toAutoPay(payload, 'Enrolled', context),
      }
    case 'AutoPay.Unenrolled':
      return {
        ...event('subscription.canceled', context.bodyDigest),
        data: toAutoPay(payload, 'Unenrolled', context),
      }
    default:
      return { ...event('unknown', context.bodyDigest), data: delivery.payload ?? delivery }
  }
}

/** A `Payment.Succeeded` payload as a neutral {@link Payment}; its id is Paystar's `referenceNumber`. */
function toPayment(payload: PaystarPaymentPayload, currency: string): Payment {
  const id = (text(payload.referenceNumber) ?? text(payload.sessionIdentifier)) as string
  const reference = text(payload.clientReference)
  return {
    object: 'payment',
    id,
    provider: 'paystar',
    ref: toRef('paystar', id),
    status: 'succeeded',
    nativeStatus: text(payload.status) ?? 'Succeeded',
    amount: dollars(payload.amount, currency),
    ...(reference === undefined ? {} : { reference }),
    raw: payload,
  }
}

function toAutoPay(payload: Fields, word: string, context: WebhookEventContext): Subscription {
  const id = text(payload.accountNumber) ?? text(payload.sessionIdentifier) ?? context.bodyDigest
  return {
    object: 'subscription',
    id,
    provider: 'paystar',
    ref: toRef('paystar', id),
    status: text(payload.status) ?? word,
    raw: payload,
  }
}

// Paystar's webhook amounts are dollar strings ("300.34"): parsed as exact decimals, never as floats.
function dollars(value: string | number, currency: string): Money {
  try {
    return fromMajorUnits(value, currency, { provider: 'paystar', field: 'payload.amount' })
  } catch (error) {
    if (InvalidRequestError.isInstance(error)) throw invalidPayload(error.message)
    throw error
  }
}

function invalidPayload(message: string): WebhookVerificationError {
  return new WebhookVerificationError({
    provider: 'paystar',
    reason: 'invalid_payload',
    message: `paystar: webhook delivery authenticated but not usable: ${message}`,
  })
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}

import type { PaymentEventType, WebhookEvent, WebhookRequest } from '@paymux/core'
import { readHeader, toRef, verifySignature, WebhookVerificationError } from '@paymux/core/adapter-kit'
import type { FastaarEventEnvelope } from './fastaar-api.js'
import { fastaarSchemas } from './fastaar-endpoints.js'
import { toPayment } from './map-fastaar-payment.js'

/** The header that carries `t=<unix seconds>,v1=<hex>`. */
export const FASTAAR_SIGNATURE_HEADER = 'X-Fastaar-Signature'

/** The header that names the event. */
export const FASTAAR_EVENT_HEADER = 'X-Fastaar-Event'

/** Fastaar's event names and the neutral type each becomes; any other arrives as `'unknown'`. */
export const FASTAAR_EVENT_TYPES: Readonly<Record<string, PaymentEventType>> = {
  'payment.completed': 'payment.succeeded',
  'payment.failed': 'payment.failed',
  'payment.expired': 'payment.expired',
  'payment.refunded': 'payment.refunded',
}

/** How deliveries are checked. */
export interface FastaarWebhookSettings {
  /** The webhook signing secret from the Fastaar dashboard. */
  readonly secret: string | undefined
  /** How old (or how far in the future) a delivery may be, in seconds. @default 300 (Fastaar: reject after 5 minutes) */
  readonly toleranceSeconds?: number | undefined
  /** The current time in epoch ms. @default Date.now */
  readonly now?: (() => number) | undefined
}

const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * Verifies a delivery's `X-Fastaar-Signature` (HMAC-SHA256 of
 * `{t}.{raw_body}`, at most 5 minutes old by default), then normalizes it.
 * Throws `WebhookVerificationError`.
 */
export async function verifyFastaarWebhook(
  request: WebhookRequest,
  settings: FastaarWebhookSettings,
): Promise<WebhookEvent> {
  const { timestamp } = await verifySignature({
    provider: 'fastaar',
    rawBody: request.rawBody,
    header: readHeader(request.headers, FASTAAR_SIGNATURE_HEADER),
    headerName: FASTAAR_SIGNATURE_HEADER,
    secret: settings.secret,
    secretSetting: 'createFastaar({ webhookSecret })',
    toleranceSeconds: settings.toleranceSeconds ?? 300,
    now: settings.now,
  })
  const schemas = await fastaarSchemas()
  const body = parseBody(request.rawBody)
  const envelope = schemas.fastaarEventEnvelopeSchema.safeParse(body)
  if (!envelope.success) {
    throw invalidPayload('the body is not a Fastaar event: it needs `event` and `data.id`')
  }
  const headerEvent = readHeader(request.headers, FASTAAR_EVENT_HEADER)
  // The body is signed, the header is not: a mismatch means something rewrote one of them.
  if (headerEvent !== undefined && headerEvent !== envelope.data.event) {
    throw invalidPayload(
      `the ${FASTAAR_EVENT_HEADER} header says "${clip(headerEvent)}" but the signed body says "${clip(envelope.data.event)}"`,
    )
  }
  return normalize(envelope.data, body, timestamp, schemas)
}

function normalize(
  envelope: FastaarEventEnvelope,
  body: unknown,
  timestamp: number,
  { fastaarPaymentSchema }: typeof import('./fastaar-schemas.js'),
): WebhookEvent {
  const { event, data } = envelope
  const id = eventId(event, data)
  const livemode = envelope.livemode ?? (typeof data.livemode === 'boolean' ? data.livemode : undefined)
  const base = {
    id,
    provider: 'fastaar',
    ref: toRef('fastaar', id),
    occurredAt: envelope.created_at == null ? new Date(timestamp * 1000) : new Date(envelope.created_at),
    nativeType: event,
    ...(livemode === undefined ? {} : { livemode }),
    raw: body,
  } as const
  const type = Object.hasOwn(FASTAAR_EVENT_TYPES, event) ? FASTAAR_EVENT_TYPES[event] : undefined
  if (type === undefined) return { ...base, type: 'unknown', data }
  const payment = fastaarPaymentSchema.safeParse(data)
  if (!payment.success) {
    throw invalidPayload(`the ${event} event's data is not a Fastaar payment (amount, currency, status)`)
  }
  return { ...base, type, data: toPayment(payment.data) }
}

/**
 * The deduplication key: Fastaar's documented key, `data.id` (the payment),
 * joined with the event name, so a payment's later `payment.refunded` is not
 * taken for a redelivery of its `payment.completed`; a refund event adds the
 * refunded total, so a second partial refund is not either.
 */
function eventId(event: string, data: Record<string, unknown>): string {
  const refunded = data.refunded_amount
  const suffix = event === 'payment.refunded' && refunded != null ? `:${String(refunded)}` : ''
  return `${String(data.id)}:${event}${suffix}`
}

function parseBody(rawBody: WebhookRequest['rawBody']): unknown {
  try {
    const text = typeof rawBody === 'string' ? rawBody : decoder.decode(rawBody)
    return JSON.parse(text)
  } catch {
    throw invalidPayload('the signed body is not valid UTF-8 JSON')
  }
}

function invalidPayload(problem: string): WebhookVerificationError {
  return new WebhookVerificationError({
    provider: 'fastaar',
    reason: 'invalid_payload',
    message: `The fastaar webhook's signature is valid but ${problem}.`,
  })
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

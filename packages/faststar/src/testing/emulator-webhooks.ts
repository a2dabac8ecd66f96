import { createHmac, randomBytes } from 'node:crypto'
import type { EmulatorDelivery, WebhookOutbox, WebhookSigner } from '@paymux/core/emulator'

// Signed as the FastStar webhooks guide says, independently of @paymux/core's
// verifier: `X-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.

/** The signing secret an emulator uses unless `webhooks.secret` says otherwise. */
export const FASTSTAR_EMULATOR_WEBHOOK_SECRET = 'whsec_faststar_emulator'

/** `emulator.webhooks`: the shared delivery side, plus a builder for FastStar events. */
export interface FastStarEmulatorWebhooks
  extends Omit<WebhookOutbox, 'build' | 'enqueue' | 'stop' | 'secret'> {
  /**
   * A signed delivery of `{ id, type, created, data, livemode, api_version }` at the
   * emulator's now, neither recorded nor sent: for testing a webhook endpoint.
   */
  build(type: string, data: Record<string, unknown>, options?: { readonly id?: string }): EmulatorDelivery
}

/** The body of an event, as the guide shows it. `livemode` is false: the emulator is test mode (guess). */
export function eventBody(
  type: string,
  data: Record<string, unknown>,
  nowMs: number,
  eventId = `evt_${randomBytes(8).toString('hex')}`,
): { readonly eventId: string; readonly body: string } {
  const created = Math.floor(nowMs / 1000)
  return {
    eventId,
    body: JSON.stringify({ id: eventId, type, created, data, livemode: false, api_version: 'v1' }),
  }
}

/**
 * Signs one attempt: `t` is the attempt's time (a retry or replay is signed afresh, so the
 * receiver's tolerance check passes), while `X-Webhook-Timestamp` stays the event's creation
 * time, as the guide defines it (guess: the documents do not say what a redelivery carries).
 */
export const signFastStarAttempt: WebhookSigner = ({ body, secret, now }) => {
  const event = JSON.parse(body) as { id?: unknown; created?: unknown }
  const t = Math.floor(now / 1000)
  const signature = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')
  return {
    headers: {
      'content-type': 'application/json',
      'x-webhook-signature': `t=${t},v1=${signature}`,
      'x-webhook-id': String(event.id),
      'x-webhook-timestamp': String(event.created ?? t),
    },
  }
}

/** Whether `signature` (a whole `t=…,v1=…` header value) signs `payload` with `secret`. */
export function checkSignature(secret: string, payload: string, signature: string): boolean {
  const parts = new Map<string, string[]>()
  for (const part of signature.split(',')) {
    const [key = '', value = ''] = part.split('=', 2).map((s) => s.trim())
    parts.set(key, [...(parts.get(key) ?? []), value])
  }
  const t = parts.get('t')?.[0]
  if (t === undefined || !/^\d+$/.test(t)) return false
  const expected = createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')
  return (parts.get('v1') ?? []).includes(expected)
}

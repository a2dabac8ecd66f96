import { createHmac, randomBytes } from 'node:crypto'
import type { EmulatedWebhookDelivery } from './emulator-records.js'

// Signed as the FastStar webhooks guide says, independently of @paymux/core's
// verifier: `X-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.

/** A delivery ready to send: the exact body and its headers. */
export interface SignedDelivery {
  readonly eventId: string
  readonly type: string
  readonly rawBody: string
  readonly headers: Record<string, string>
}

/** Builds and signs an event `{ id, type, created, data, livemode, api_version }`. */
export function signEvent(
  secret: string,
  type: string,
  data: Record<string, unknown>,
  nowMs: number,
  eventId = `evt_${randomBytes(8).toString('hex')}`,
): SignedDelivery {
  const created = Math.floor(nowMs / 1000)
  const rawBody = JSON.stringify({ id: eventId, type, created, data, livemode: false, api_version: 'v1' })
  const signature = createHmac('sha256', secret).update(`${created}.${rawBody}`).digest('hex')
  return {
    eventId,
    type,
    rawBody,
    headers: {
      'content-type': 'application/json',
      'x-webhook-signature': `t=${created},v1=${signature}`,
      'x-webhook-id': eventId,
      'x-webhook-timestamp': String(created),
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

/** Sends a delivery to the configured endpoint and records the outcome; never throws. */
export async function deliver(
  delivery: SignedDelivery,
  url: string,
  fetch: typeof globalThis.fetch,
): Promise<EmulatedWebhookDelivery> {
  let result: EmulatedWebhookDelivery['result']
  try {
    const response = await fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.rawBody })
    await response.arrayBuffer()
    result = { status: response.status }
  } catch (error) {
    result = { error: error instanceof Error ? error.message : String(error) }
  }
  return { ...delivery, result }
}

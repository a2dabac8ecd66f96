import { createHmac } from 'node:crypto'
import type { WebhookSigner } from '@paymux/core/emulator'

/** Documented: failed deliveries are retried 5 times, after 1 min, 5 min, 30 min, 2 h and 12 h. */
export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [
  60_000,
  5 * 60_000,
  30 * 60_000,
  2 * 60 * 60_000,
  12 * 60 * 60_000,
]

/** Documented: the endpoint must answer 2xx within 10 s. */
export const WEBHOOK_TIMEOUT_MS = 10_000

/** The signing secret the emulator uses when `webhooks.secret` is not given: give the gateway the same one. */
export const FASTAAR_EMULATOR_WEBHOOK_SECRET = 'whsec_fastaar_emulator'

/** Signs `{t}.{raw_body}` with HMAC-SHA256: the `X-Fastaar-Signature` value. */
export function signFastaarWebhook(secret: string, body: string, timestampSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')
  return `t=${timestampSeconds},v1=${v1}`
}

/** The documented headers of one delivery attempt, signed at the emulator clock's `now`. */
export const signFastaarAttempt: WebhookSigner = ({ body, event, secret, now }) => ({
  headers: {
    'content-type': 'application/json',
    'X-Fastaar-Event': event,
    'X-Fastaar-Signature': signFastaarWebhook(secret, body, Math.floor(now / 1000)),
  },
})

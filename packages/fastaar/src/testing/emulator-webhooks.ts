import { createHmac } from 'node:crypto'
import type { EmulatorClock } from '@paymux/core/emulator'

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

/** Where and how the emulator sends webhooks. */
export interface EmulatorWebhookSettings {
  /** The signing secret the merchant's endpoint verifies with. */
  readonly secret: string
  /** The merchant's endpoint URL; used with the global `fetch` unless `send` is given. */
  readonly url?: string
  /** Delivers a request instead of the global `fetch` (an in-process handler). */
  readonly send?: (request: Request) => Promise<Response>
}

/** One attempt to deliver one event. */
export interface WebhookAttempt {
  readonly at: number
  /** The HTTP status, or `undefined` when the endpoint could not be reached or timed out. */
  readonly status: number | undefined
  readonly ok: boolean
}

/** One event and its delivery history. */
export interface WebhookDelivery {
  readonly event: string
  readonly paymentId: string
  /** The JSON body, exactly as sent (and signed). */
  readonly body: string
  readonly attempts: WebhookAttempt[]
  /** When the next attempt is due (emulator clock), or `undefined` once delivered or given up. */
  nextAttemptAt: number | undefined
  delivered: boolean
}

/** Signs `{t}.{raw_body}` with HMAC-SHA256: the `X-Fastaar-Signature` value. */
export function signFastaarWebhook(secret: string, body: string, timestampSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')
  return `t=${timestampSeconds},v1=${v1}`
}

/** The webhook outbox: queues events, delivers what is due, and reschedules failures. */
export class WebhookOutbox {
  readonly deliveries: WebhookDelivery[] = []

  constructor(
    private readonly clock: EmulatorClock,
    private readonly settings: EmulatorWebhookSettings | undefined,
  ) {}

  enqueue(event: string, paymentId: string, body: string): void {
    this.deliveries.push({
      event,
      paymentId,
      body,
      attempts: [],
      nextAttemptAt: this.settings === undefined ? undefined : this.clock.now(),
      delivered: false,
    })
  }

  /** Signed headers and body of a delivery, as sent now. */
  signed(delivery: Pick<WebhookDelivery, 'event' | 'body'>): {
    body: string
    headers: Record<string, string>
  } {
    if (this.settings === undefined) throw new Error('the emulator has no webhook settings (webhooks.secret)')
    const t = Math.floor(this.clock.now() / 1000)
    return {
      body: delivery.body,
      headers: {
        'content-type': 'application/json',
        'X-Fastaar-Event': delivery.event,
        'X-Fastaar-Signature': signFastaarWebhook(this.settings.secret, delivery.body, t),
      },
    }
  }

  /** Sends every delivery that is due on the emulator's clock, one at a time, in order. */
  async deliverDue(): Promise<WebhookDelivery[]> {
    const settings = this.settings
    if (settings === undefined) return []
    const due = this.deliveries.filter(
      (delivery) => delivery.nextAttemptAt !== undefined && delivery.nextAttemptAt <= this.clock.now(),
    )
    for (const delivery of due) await this.attempt(delivery, settings)
    return due
  }

  private async attempt(delivery: WebhookDelivery, settings: EmulatorWebhookSettings): Promise<void> {
    const { body, headers } = this.signed(delivery)
    const at = this.clock.now()
    let status: number | undefined
    try {
      const request = new Request(settings.url ?? 'http://merchant.invalid/webhooks/fastaar', {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      })
      const response = await (settings.send ?? fetch)(request)
      status = response.status
      await response.body?.cancel()
    } catch {
      status = undefined
    }
    const ok = status !== undefined && status >= 200 && status < 300
    delivery.attempts.push({ at, status, ok })
    delivery.delivered = ok
    const retryDelay = WEBHOOK_RETRY_DELAYS_MS[delivery.attempts.length - 1]
    delivery.nextAttemptAt = ok || retryDelay === undefined ? undefined : at + retryDelay
  }
}

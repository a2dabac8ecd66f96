import { createRouter, createWebhookHandler, InvalidRequestError } from '@paymux/core'
import { createFastaar } from '@paymux/fastaar'

/** What the app reads from its platform: Workers bindings, `process.env`, `Deno.env`, `Bun.env`. */
export interface PaymentsEnv {
  readonly FASTAAR_API_KEY?: string | undefined
  readonly FASTAAR_WEBHOOK_SECRET?: string | undefined
  /** Only to point the app at the Fastaar emulator (CI); unset in production. */
  readonly FASTAAR_BASE_URL?: string | undefined
}

/**
 * The whole app as one Web-standard `fetch` handler: `POST /checkout` opens a
 * checkout, `POST /webhooks` verifies and handles Fastaar's webhooks. Every
 * runtime serves this same function.
 */
export function createPaymentsApp(env: PaymentsEnv): { fetch(request: Request): Promise<Response> } {
  const fastaar = createFastaar({
    apiKey: required(env, 'FASTAAR_API_KEY'),
    webhookSecret: required(env, 'FASTAAR_WEBHOOK_SECRET'),
    ...(env.FASTAAR_BASE_URL ? { baseUrl: env.FASTAAR_BASE_URL } : {}),
  })
  const payments = createRouter({ gateways: [fastaar], route: 'fastaar' })

  const webhooks = createWebhookHandler({
    webhooks: payments.webhooks,
    onEvent: async (event) => {
      if (event.type !== 'payment.succeeded') return
      // Your code: mark the order paid (once per event; a redelivery does not reach here).
      console.log(`paid: order ${event.data.reference} (${event.data.ref})`)
    },
    onError: (error) => console.warn('webhook refused or failed:', String(error)),
  })

  async function checkout(request: Request): Promise<Response> {
    const body = (await request.json().catch(() => undefined)) as { orderId?: unknown } | undefined
    const orderId = body?.orderId
    if (typeof orderId !== 'string')
      return Response.json({ error: 'orderId: expected a string' }, { status: 400 })
    try {
      const session = await payments.sessions.create({
        // Look the amount up in your database: never take it from the browser.
        amount: { amount: 107950, currency: 'BDT' },
        reference: orderId,
        successUrl: `https://shop.example/orders/${orderId}/thanks`,
        cancelUrl: `https://shop.example/orders/${orderId}`,
      })
      return Response.json({ url: session.url, ref: session.ref })
    } catch (error) {
      // Bad input (an orderId the gateway cannot take): 400 with paymux's message, which names the field.
      if (InvalidRequestError.isInstance(error))
        return Response.json({ error: error.message }, { status: 400 })
      throw error
    }
  }

  return {
    async fetch(request) {
      const { pathname } = new URL(request.url)
      if (request.method === 'POST' && pathname.endsWith('/checkout')) return checkout(request)
      if (request.method === 'POST' && pathname.endsWith('/webhooks')) return webhooks(request)
      return new Response('not found', { status: 404 })
    },
  }
}

/** A setting the app cannot run without: missing, it fails at start, naming it (never showing a value). */
function required(env: PaymentsEnv, name: 'FASTAAR_API_KEY' | 'FASTAAR_WEBHOOK_SECRET'): string {
  const value = env[name]
  if (!value) throw new Error(`${name} is not set`)
  return value
}

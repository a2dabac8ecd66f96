import type { Money, PaymentSession, WebhookRequest } from '@paymux/core'
import { runGatewayConformance } from '@paymux/core/testing'
import { createFastaar, FASTAAR_CAPABILITIES } from './fastaar-gateway.js'
import {
  createFastaarEmulator,
  EXPIRY_MS,
  type FastaarEmulator,
  WEBHOOK_RETRY_DELAYS_MS,
} from './testing/index.js'

const WEBHOOK_SECRET = 'whsec_conformance'
// Every TrxID pays one payment only: each completion submits a new one.
let trxIds = 0
// The merchant's endpoint: it records what it receives, and refuses while `refusing` is above 0.
const endpoint = { refusing: 0, received: [] as WebhookRequest[] }
// TrxIDs are verified by hand (an admin matching the wallet's SMS), as on a live key. Deliveries
// really leave, to that endpoint, and the suite verifies what was sent.
const newEmulator = () => {
  endpoint.refusing = 0
  endpoint.received = []
  return createFastaarEmulator({
    smsMatch: 'manual',
    webhooks: {
      secret: WEBHOOK_SECRET,
      url: 'http://merchant.test/hooks',
      fetch: async (request) => {
        endpoint.received.push({
          rawBody: await request.text(),
          headers: Object.fromEntries(request.headers),
        })
        if (endpoint.refusing === 0) return new Response(null, { status: 204 })
        endpoint.refusing--
        return new Response('busy', { status: 503 })
      },
    },
  })
}
let emulator: FastaarEmulator = newEmulator()

/**
 * The delivery the emulator sent for `paymentId`'s `event`, exactly as sent. Asked again for the
 * same one, the emulator redelivers it (same body, freshly signed), as a redelivery would come.
 */
const asked = new Set<string>()
async function sent(event: string, paymentId: string): Promise<WebhookRequest> {
  const delivery = emulator.webhooks
    .ofType(event)
    .findLast((candidate) => (JSON.parse(candidate.body) as { data: { id: string } }).data.id === paymentId)
  if (delivery === undefined) throw new Error(`the emulator sent no ${event} for ${paymentId}`)
  if (asked.has(delivery.id)) await emulator.webhooks.replay(delivery.id)
  asked.add(delivery.id)
  return emulator.webhooks.get(delivery.id)?.request ?? delivery.request
}

async function complete(session: PaymentSession): Promise<void> {
  await emulator.submitTrxId(session.id, { trxId: `TRX${String(++trxIds).padStart(7, '0')}` })
  await emulator.matchSms(session.id)
}

runGatewayConformance({
  gateway: () => {
    emulator = newEmulator()
    // No `now`: the gateway reads the emulator's clock from its fetch.
    return createFastaar({
      apiKey: 'fk_test_conformance',
      webhookSecret: WEBHOOK_SECRET,
      fetch: emulator.fetch,
    })
  },
  capabilities: FASTAAR_CAPABILITIES,
  // A Fastaar customer needs a name and a phone (the email is optional).
  customer: { name: 'Ada Lovelace', phone: '01712345678', email: 'ada@example.com' },
  session: {
    amount: { amount: 107_900, currency: 'BDT' },
    reference: 'ORDER-1079',
    successUrl: 'https://shop.example.com/thanks',
    cancelUrl: 'https://shop.example.com/cart',
  },
  requestCount: () => emulator.requestCount(),
  webhook: async () => {
    const [delivery] = await emulator.trigger('payment.completed', { amount: 1079 })
    if (delivery === undefined) throw new Error('the emulator sent no payment.completed')
    return delivery.request
  },
  drivers: {
    complete,
    // Documented: a payment with no TrxID expires after 30 minutes; the emulator raises
    // payment.expired at that mark on its clock.
    expire: () => emulator.advance(EXPIRY_MS),
    completionWebhook: (session) => sent('payment.completed', session.id),
    expiryWebhook: (session) => sent('payment.expired', session.id),
    // An admin rejects the submitted TrxID.
    fail: async (session) => {
      await emulator.submitTrxId(session.id, { trxId: `TRX${String(++trxIds).padStart(7, '0')}` })
      await emulator.rejectPayment(session.id)
    },
    failureWebhook: (session) => sent('payment.failed', session.id),
    // Fastaar has no cancel event (the page's Cancel leaves the payment pending): no cancelWebhook.
    // The merchant refunds in the dashboard; the emulator sends payment.refunded.
    refundWebhook: async ({ session, paymentId }, amount) => {
      const id = paymentId ?? session.id
      await emulator.refundFromPanel(id, amount === undefined ? undefined : taka(amount))
      return sent('payment.refunded', id)
    },
    redeliveryAfterFailure: async (session) => {
      endpoint.refusing = 1
      await complete(session)
      const [failed] = endpoint.received.slice(-1)
      await emulator.advance(WEBHOOK_RETRY_DELAYS_MS[0] as number)
      const [retried] = endpoint.received.slice(-1)
      if (failed === undefined || retried === undefined || retried === failed) {
        throw new Error('the emulator did not retry the refused delivery')
      }
      return { failed, retried }
    },
  },
})

/** Poisha as the taka string Fastaar takes: 7950 → "79.50" (exact, no floating point). */
function taka(amount: Money): string {
  const digits = String(amount.amount).padStart(3, '0')
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`
}

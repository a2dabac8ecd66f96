import { runGatewayConformance } from '@paymux/core/testing'
import { createFastaar, FASTAAR_CAPABILITIES } from './fastaar-gateway.js'
import { createFastaarEmulator, EXPIRY_MS, signFastaarWebhook } from './testing/index.js'

const WEBHOOK_SECRET = 'whsec_conformance'
// Every TrxID pays one payment only: each completion submits a new one.
let trxIds = 0
// TrxIDs are verified by hand (an admin matching the wallet's SMS), as on a live key.
const newEmulator = () =>
  createFastaarEmulator({
    smsMatch: 'manual',
    webhooks: { secret: WEBHOOK_SECRET, url: 'http://merchant.test/hooks' },
  })
let emulator = newEmulator()

runGatewayConformance({
  gateway: () => {
    emulator = newEmulator()
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
    const created = emulator.handler(
      new Request('https://fastaar.com/api/v1/payments', {
        method: 'POST',
        headers: { authorization: 'Bearer fk_test_conformance', 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 1079 }),
      }),
    )
    const { data } = (await (await created).json()) as { data: { id: string } }
    emulator.submitTrxId(data.id, { trxId: '8AB2C3D4EF' })
    emulator.matchSms(data.id)
    return emulator.signedWebhook('payment.completed', data.id)
  },
  drivers: {
    complete: (session) => {
      emulator.submitTrxId(session.id, { trxId: `TRX${String(++trxIds).padStart(7, '0')}` })
      emulator.matchSms(session.id)
    },
    // Documented: a payment with no TrxID expires after 30 minutes.
    expire: () => emulator.clock.advance(EXPIRY_MS),
    // Each call is one delivery as the endpoint receives it, signed when sent: a second call is a redelivery.
    completionWebhook: (session) => emulator.signedWebhook('payment.completed', session.id),
    expiryWebhook: (session) => {
      emulator.payment(session.id) // the emulator expires due payments when it is next read
      const event = emulator.webhookDeliveries.find(
        (sent) => sent.event === 'payment.expired' && sent.paymentId === session.id,
      )
      if (event === undefined) throw new Error(`the emulator sent no payment.expired for ${session.id}`)
      // The emulator's clock is 30 minutes ahead of the verifier's (createFastaar has no clock
      // setting), so the recorded body is signed as of the verifier's now.
      const t = Math.floor(Date.now() / 1000)
      return {
        rawBody: event.body,
        headers: {
          'X-Fastaar-Event': event.event,
          'X-Fastaar-Signature': signFastaarWebhook(WEBHOOK_SECRET, event.body, t),
        },
      }
    },
  },
})

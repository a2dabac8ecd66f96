// biome-ignore-all lint/correctness/noUnusedVariables: the block compiled after this prelude uses them
// Context of the verify fragments of docs/guides/webhooks.md, built for real so that they run: the
// gateways (keys and secrets from the environment, as the page's examples read them), a router of
// the three, and one signed Fastaar delivery (`rawBody`, `headers`, `url`), recorded by an emulator
// of this prelude's own after a buyer paid.
import * as PaymuxCore from '@paymux/core'
import * as PaymuxFastaar from '@paymux/fastaar'
import * as PaymuxFastaarTesting from '@paymux/fastaar/testing'
import * as PaymuxFastStar from '@paymux/faststar'
import * as PaymuxPaystar from '@paymux/paystar'

const preludeEmulator = PaymuxFastaarTesting.createFastaarEmulator({
  webhooks: { secret: process.env.FASTAAR_WEBHOOK_SECRET ?? '' },
})
const fastaar = PaymuxFastaar.createFastaar({
  apiKey: process.env.FASTAAR_API_KEY ?? '',
  webhookSecret: process.env.FASTAAR_WEBHOOK_SECRET,
  fetch: preludeEmulator.fetch,
})
const router = PaymuxCore.createRouter({
  gateways: [
    PaymuxFastStar.createFastStar({
      apiKey: process.env.FASTSTAR_API_KEY ?? '',
      webhookSecret: process.env.FASTSTAR_WEBHOOK_SECRET,
    }),
    fastaar,
    PaymuxPaystar.createPaystar({
      apiKey: process.env.PAYSTAR_API_KEY ?? '',
      businessUnitSlug: 'acme-utilities',
      webhookSecret: process.env.PAYSTAR_WEBHOOK_SECRET,
    }),
  ],
  route: 'fastaar',
})
const preludeSession = await fastaar.sessions.create({
  amount: { amount: 107_950, currency: 'BDT' },
  reference: 'order-1001',
  successUrl: 'https://shop.example/thanks',
  cancelUrl: 'https://shop.example/cart',
})
await preludeEmulator.submitTrxId(preludeSession.id, { trxId: '8AB2C3D4EF' })
const preludeDelivery = preludeEmulator.webhooks.deliveries.at(-1)
if (preludeDelivery === undefined) throw new Error('the emulator recorded no delivery')
const { rawBody, headers, url } = preludeDelivery.request

// biome-ignore-all lint/correctness/noUnusedVariables: the block compiled after this prelude uses them
// Context of the refs fragments of docs/guides/combining-gateways.md, built for real so that they
// run: the page's router over in-process FastStar and Fastaar emulators, an order paid at Fastaar
// (its stored refs), and a FastStar customer with a saved card, as a shop has them from earlier calls.
import * as PaymuxCore from '@paymux/core'
import * as PaymuxFastaar from '@paymux/fastaar'
import * as PaymuxFastaarTesting from '@paymux/fastaar/testing'
import * as PaymuxFastStar from '@paymux/faststar'
import * as PaymuxFastStarTesting from '@paymux/faststar/testing'
import * as PaymuxPaystar from '@paymux/paystar'

const preludeFastStar = PaymuxFastStarTesting.createFastStarEmulator()
const preludeFastaar = PaymuxFastaarTesting.createFastaarEmulator()
const payments = PaymuxCore.createRouter({
  gateways: [
    PaymuxFastStar.createFastStar({
      apiKey: PaymuxFastStarTesting.FASTSTAR_EMULATOR_KEYS.direct,
      merchantType: 'direct',
      fetch: preludeFastStar.fetch,
    }),
    PaymuxFastaar.createFastaar({ apiKey: 'fk_test_docs', fetch: preludeFastaar.fetch }),
    PaymuxPaystar.createPaystar({
      apiKey: process.env.PAYSTAR_API_KEY ?? '',
      businessUnitSlug: 'acme-utilities',
    }),
  ],
  route: PaymuxCore.compose(PaymuxCore.byCurrency({ BDT: 'fastaar' }), ['faststar', 'paystar']),
})
const preludeSession = await payments.sessions.create({
  amount: { amount: 107_950, currency: 'BDT' },
  reference: 'order-1001',
  successUrl: 'https://shop.example/thanks',
  cancelUrl: 'https://shop.example/cart',
})
await preludeFastaar.submitTrxId(preludeSession.id, { trxId: '8AB2C3D4EF' })
const order = { paymentRef: PaymuxCore.toRef('fastaar', preludeSession.id), sessionRef: preludeSession.ref }
const customer = await payments.customers.create({ email: 'ana@example.com' })
const preludeSetup = await payments.paymentMethods.createSetup(customer.ref)
preludeFastStar.completeSetupIntent(preludeSetup.setupIntentId)
const card = await payments.paymentMethods.attach(customer.ref, { setupIntentId: preludeSetup.setupIntentId })

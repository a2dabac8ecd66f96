// biome-ignore-all lint/correctness/noUnusedVariables: the block compiled after this prelude uses them
// Context of the fulfilment fragment of docs/guides/production.md, built for real so that it runs:
// the shop's router (FastStar and Fastaar on in-process emulators), the ref of a session the buyer
// has just paid (what the confirmation page reads back), and the shop's fulfilment code.
import * as PaymuxCore from '@paymux/core'
import * as PaymuxFastaar from '@paymux/fastaar'
import * as PaymuxFastaarTesting from '@paymux/fastaar/testing'
import * as PaymuxFastStar from '@paymux/faststar'
import * as PaymuxFastStarTesting from '@paymux/faststar/testing'

const preludeFastStar = PaymuxFastStarTesting.createFastStarEmulator()
const router = PaymuxCore.createRouter({
  gateways: [
    PaymuxFastStar.createFastStar({
      apiKey: PaymuxFastStarTesting.FASTSTAR_EMULATOR_KEYS.direct,
      merchantType: 'direct',
      fetch: preludeFastStar.fetch,
    }),
    PaymuxFastaar.createFastaar({
      apiKey: 'fk_test_docs',
      fetch: PaymuxFastaarTesting.createFastaarEmulator().fetch,
    }),
  ],
  route: ['faststar', 'fastaar'],
})
const preludeSession = await router.sessions.create({
  amount: { amount: 2_500, currency: 'USD' },
  reference: 'order-1001',
  successUrl: 'https://shop.example/thanks',
  cancelUrl: 'https://shop.example/cart',
})
await preludeFastStar.completeSession(preludeSession.id)
const sessionRef = preludeSession.ref
const preludeShipped: string[] = []
async function shipOrder(subject: PaymuxCore.Payment | PaymuxCore.PaymentSession): Promise<void> {
  preludeShipped.push(subject.reference ?? '')
}

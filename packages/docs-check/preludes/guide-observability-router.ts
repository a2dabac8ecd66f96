// biome-ignore-all lint/correctness/noUnusedVariables: the block compiled after this prelude uses them
// Context of "Testing your instrumentation" in docs/guides/observability.md, built for real so that
// it runs: a router with FastStar (key from the environment) and a checkout's input.
import * as PaymuxCore from '@paymux/core'
import * as PaymuxFastStar from '@paymux/faststar'

const router = PaymuxCore.createRouter({
  gateways: [
    PaymuxFastStar.createFastStar({ apiKey: process.env.FASTSTAR_API_KEY ?? '', merchantType: 'direct' }),
  ],
  route: 'faststar',
})
const input: PaymuxCore.CreateSessionInput = {
  amount: { amount: 2_500, currency: 'USD' },
  successUrl: 'https://shop.example/thanks',
  cancelUrl: 'https://shop.example/cart',
}

// The loopback server answering FastStar's `POST /public/checkout/sessions` with the Checkout
// Sessions guide's documented response (see ../../core/bench/harness.mjs, serve).
import { serve } from '../../core/bench/harness.mjs'

serve({
  path: '/api/v1/public/checkout/sessions',
  authHeader: 'X-API-Key',
  authValue: 'fs_bench_secret_key',
  answer: {
    success: true,
    message: 'Checkout session created successfully',
    data: {
      session: {
        id: 'cs_xxx',
        status: 'open',
        amount_subtotal: 999,
        amount_tax: 80,
        amount_total: 1079,
        currency: 'USD',
        session_token: 'xxx',
        expires_at: '2026-06-13T12:00:00Z',
      },
      url: 'https://cashier.faststarpay.com/checkout/cs_xxx?token=xxx',
      session_token: 'xxx',
    },
  },
  rejection: '{"success":false,"message":"rejected"}',
})

// The loopback server answering FastStar's `POST /public/checkout/sessions` with the Checkout
// Sessions guide's documented response (see ../../core/bench/harness.mjs, serve).
import { serve } from '../../core/bench/harness.mjs'
import { CHECKOUT_SESSION_ANSWER } from './checkout-session.mjs'

serve({
  path: '/api/v1/public/checkout/sessions',
  authHeader: 'X-API-Key',
  authValue: 'fs_bench_secret_key',
  answer: CHECKOUT_SESSION_ANSWER,
  rejection: '{"success":false,"message":"rejected"}',
})

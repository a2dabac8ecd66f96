// The loopback keep-alive server for the one call the bench makes (see harness.mjs, serve).
import { serve } from './harness.mjs'

serve({
  path: '/api/v1/checkout/sessions',
  authHeader: 'X-API-Key',
  authValue: 'sk_bench_secret',
  answer: {
    success: true,
    message: 'ok',
    data: {
      id: 'cs_1',
      status: 'open',
      amount_total: 1079,
      currency: 'USD',
      url: 'https://checkout.example.test/cs_1',
      created_at: '2025-01-01T00:00:00Z',
      metadata: { order_id: 'ord_1' },
    },
  },
  headers: { 'x-request-id': 'req_bench' },
  rejection: '{"success":false,"message":"rejected"}',
})

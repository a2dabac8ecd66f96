// The loopback server answering `POST /api/v1/payments` as Fastaar documents it (the existing
// payment for a repeated invoice_id, HTTP 200); see ../../core/bench/harness.mjs, serve.
import { serve } from '../../core/bench/harness.mjs'

serve({
  path: '/api/v1/payments',
  authHeader: 'authorization',
  authValue: 'Bearer fk_test_bench',
  answer: {
    data: {
      id: '01jxyzbench',
      object: 'payment',
      amount: '1079.50',
      currency: 'BDT',
      livemode: false,
      status: 'pending',
      invoice_id: 'ORDER-42',
      metadata: { channel: 'web' },
      success_url: 'https://shop.example.com/thanks',
      cancel_url: 'https://shop.example.com/cart',
      checkout_url: 'https://fastaar.com/pay/01jxyzbench',
      expires_at: '2026-06-12T15:00:00+06:00',
      created_at: '2026-06-12T14:30:00+06:00',
    },
  },
  rejection: '{"error":{"type":"authentication_error"}}',
})

// The Checkout Sessions guide's documented answer to `POST /public/checkout/sessions`, shared by the
// loopback bench server and the router's in-process overhead bench.
export const CHECKOUT_SESSION_ANSWER = {
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
}

// The Checkout Sessions guide's example, shared by FastStar's bench (server and client) and the
// router's overhead benches: the neutral input that paymux sends as the guide's request body, and the
// documented answer to `POST /public/checkout/sessions`.

/** The `sessions.create` input every bench sends (the guide's request, in neutral terms). */
export const CHECKOUT_SESSION_INPUT = {
  lineItems: [{ priceId: 'price_xxx' }],
  customer: { email: 'buyer@example.com' },
  successUrl: 'https://yoursite.com/success',
  cancelUrl: 'https://yoursite.com/cancel',
  buyerCountry: 'US',
  reference: 'order_10042',
}

/** The documented answer. */
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

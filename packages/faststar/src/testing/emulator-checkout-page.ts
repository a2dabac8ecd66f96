import { checkoutUrl, findSession } from './emulator-checkout.js'
import { type EmulatorContext, formatAmount, newId } from './emulator-context.js'
import type { EmulatedCard, EmulatedPayment, EmulatedSession } from './emulator-records.js'

// A minimal stand-in for FastStar's hosted checkout (cashier.faststarpay.com/checkout/<id>?token=…):
// a page a person can open in a browser, or a test can drive with two form posts.

/** What completing a session did. */
export interface CompletedSession {
  readonly session: EmulatedSession
  /** The payment created, in payment and subscription mode. */
  readonly payment?: EmulatedPayment
  /** Where the buyer is sent next: the session's `success_url`. */
  readonly redirectTo: string
}

/** Routes `GET /checkout/:id`, `POST /checkout/:id/complete` and `POST /checkout/:id/cancel`. */
export async function checkoutPage(
  ctx: EmulatorContext,
  request: Request,
  id: string,
  action: string | undefined,
) {
  const url = new URL(request.url)
  const session = findSession(ctx, id)
  if (session === undefined || url.searchParams.get('token') !== session.session_token)
    return html(404, page('Checkout not found', '<p>This checkout link is not valid.</p>'))
  if (action === undefined && request.method === 'GET') return html(200, summaryPage(ctx, session, request))
  if (request.method !== 'POST' || (action !== 'complete' && action !== 'cancel'))
    return html(405, page('Not allowed', '<p>Use the buttons on the checkout page.</p>'))
  if (session.status !== 'open')
    return html(409, page('Checkout closed', `<p>This checkout session is ${session.status}.</p>`))
  if (action === 'cancel') {
    cancelOpenSession(session)
    return redirect(session.cancel_url)
  }
  const form = new URLSearchParams(await request.text())
  const card = form.get('card') === 'mastercard' ? MASTERCARD : VISA
  return redirect(completeOpenSession(ctx, session, card).redirectTo)
}

/** Completes an open session as a buyer paying on the hosted page would. */
export function completeOpenSession(
  ctx: EmulatorContext,
  session: EmulatedSession,
  card: EmulatedCard,
): CompletedSession {
  session.status = 'complete'
  if (session.mode === 'setup') return { session, redirectTo: session.success_url }
  const currency = session.currency ?? 'USD'
  const payment: EmulatedPayment = {
    id: newId('pi'),
    merchant: session.merchant,
    amount: session.amount_total,
    currency,
    status: 'succeeded',
    checkout_session_id: session.id,
    ...(session.client_reference_id === undefined
      ? {}
      : { client_reference_id: session.client_reference_id }),
    off_session: false,
  }
  ctx.state.payments.set(payment.id, payment)
  session.payment_intent_id = payment.id
  if (session.mode === 'subscription') {
    // Guess: the subscription payload is not documented; the emulator sends its id and status.
    ctx.emit('subscription.created', {
      subscription_id: newId('sub'),
      status: 'active',
      checkout_session_id: session.id,
    })
  }
  ctx.emit('payment.succeeded', {
    payment_id: payment.id,
    amount: payment.amount,
    currency,
    status: 'succeeded',
    // Guess: the guide says to match the event to the order by client_reference_id, so it is included.
    ...(session.client_reference_id === undefined
      ? {}
      : { client_reference_id: session.client_reference_id }),
    checkout_session_id: session.id,
    card_last4: card.last4,
  })
  return { session, payment, redirectTo: session.success_url }
}

/**
 * Cancels an open session as a buyer leaving the hosted page would. Guess: the
 * documents only say the buyer lands on cancel_url; the emulator also marks the
 * session `canceled` so it cannot be paid afterwards.
 */
export function cancelOpenSession(session: EmulatedSession): void {
  session.status = 'canceled'
}

const VISA: EmulatedCard = { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 }
const MASTERCARD: EmulatedCard = { brand: 'mastercard', last4: '4444', expMonth: 12, expYear: 2030 }

function summaryPage(ctx: EmulatorContext, session: EmulatedSession, request: Request): string {
  const action = (verb: string) => {
    const url = new URL(checkoutUrl(ctx, session, request))
    return `${url.pathname}/${verb}${url.search}`
  }
  if (session.status !== 'open')
    return page('Checkout closed', `<p>This checkout session is ${session.status}.</p>`)
  const currency = session.currency
  const rows = session.line_items
    .map((item) => {
      const label = escapeHtml(item.description ?? item.price_id ?? item.product_id ?? 'Item')
      return `<tr><td>${label}</td><td>× ${item.quantity}</td><td>${formatAmount(item.unit_amount * item.quantity, item.currency)}</td></tr>`
    })
    .join('')
  const totals =
    currency === null
      ? '<p>Save a card for later payments. Nothing is charged now.</p>'
      : `<table>${rows}<tr><td>Subtotal</td><td></td><td>${formatAmount(session.amount_subtotal, currency)}</td></tr>` +
        `<tr><td>Tax</td><td></td><td>${formatAmount(session.amount_tax, currency)}</td></tr>` +
        `<tr><th>Total</th><td></td><th>${formatAmount(session.amount_total, currency)}</th></tr></table>`
  return page(
    'FastStar checkout (emulator)',
    `${totals}
<form method="post" action="${escapeHtml(action('complete'))}">
  <label>Card <select name="card"><option value="visa">Visa •••• 4242</option><option value="mastercard">Mastercard •••• 4444</option></select></label>
  <button type="submit">${currency === null ? 'Save card' : 'Pay'}</button>
</form>
<form method="post" action="${escapeHtml(action('cancel'))}"><button type="submit">Cancel</button></form>`,
  )
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`
}

function html(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8' } })
}

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { location } })
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

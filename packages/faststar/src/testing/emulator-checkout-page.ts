import { startSubscription } from './emulator-billing.js'
import { cardSelect, pageCard } from './emulator-browser-cards.js'
import { escapeHtml, htmlResponse, inlineJson, page, redirect, testId } from './emulator-browser-html.js'
import { browserOptions, isOrigin, type ResolvedBrowserOptions } from './emulator-browser-options.js'
import { findSession } from './emulator-checkout.js'
import { type EmulatorContext, formatAmount, newId } from './emulator-context.js'
import type {
  EmulatedCard,
  EmulatedCustomer,
  EmulatedPayment,
  EmulatedPaymentMethod,
  EmulatedSession,
} from './emulator-records.js'

// A stand-in for FastStar's hosted checkout (cashier.faststarpay.com/checkout/<id>?token=…).
// Full page (presentation `link`): Pay and Cancel answer 303s to success_url / cancel_url.
// In the SDK's overlay (`&embed=1&parent_origin=…`, emulator parameters): they answer a page
// that posts `{ source: 'faststar', type, checkout_session_id }` to the parent's origin.

/** What completing a session did. */
export interface CompletedSession {
  readonly session: EmulatedSession
  /** The payment created, in payment and subscription mode. */
  readonly payment?: EmulatedPayment
  /** Where the buyer is sent next: the session's `success_url`. */
  readonly redirectTo: string
}

/** One request to the page, with what every step needs. */
interface PageRequest {
  readonly ctx: EmulatorContext
  readonly options: ResolvedBrowserOptions
  readonly session: EmulatedSession
  /** The overlay's parent origin; undefined on a full page. */
  readonly parentOrigin: string | undefined
  /** `?token=…[&embed=1&parent_origin=…]`, carried by every form. */
  readonly query: string
}

/** Routes `GET /checkout/:id` and `POST /checkout/:id/{complete,challenge,cancel}`. */
export async function checkoutPage(
  ctx: EmulatorContext,
  request: Request,
  id: string,
  action: string | undefined,
): Promise<Response> {
  const url = new URL(request.url)
  const session = findSession(ctx, id)
  if (session === undefined || url.searchParams.get('token') !== session.session_token)
    return htmlResponse(404, page('Checkout not found', '<p>This checkout link is not valid.</p>'))
  const embedded = url.searchParams.get('embed') === '1'
  const parentOrigin = url.searchParams.get('parent_origin') ?? ''
  if (embedded && !isOrigin(parentOrigin))
    return htmlResponse(400, page('Checkout not available', '<p>The overlay needs its parent origin.</p>'))
  const query = new URLSearchParams({ token: session.session_token })
  if (embedded) {
    query.set('embed', '1')
    query.set('parent_origin', parentOrigin)
  }
  const req: PageRequest = {
    ctx,
    options: browserOptions(ctx),
    session,
    parentOrigin: embedded ? parentOrigin : undefined,
    query: `?${query}`,
  }
  const refusal = presentationRefusal(req)
  if (refusal !== undefined) return refusal
  if (action === undefined && request.method === 'GET') return htmlResponse(200, summaryPage(req))
  if (request.method !== 'POST' || action === undefined)
    return htmlResponse(405, page('Not allowed', '<p>Use the buttons on the checkout page.</p>'))
  if (session.status !== 'open') return htmlResponse(409, closedPage(session))
  const form = new URLSearchParams(await request.text())
  if (action === 'cancel') return cancel(req)
  if (action === 'challenge') return challengeAnswer(req, form)
  return submit(req, form)
}

function presentationRefusal(req: PageRequest): Response | undefined {
  if (!req.options.enforcePresentation) return undefined
  const wanted = req.parentOrigin === undefined ? 'link' : 'iframe'
  if (req.session.presentation === wanted) return undefined
  return htmlResponse(
    409,
    page(
      'Checkout not available',
      `<p>This session was created with presentation ${escapeHtml(req.session.presentation)}; open it ${req.session.presentation === 'iframe' ? 'with FastStar.checkout.open' : 'as a full page'}.</p>`,
    ),
  )
}

/** Pay (or Save card): the chosen card decides between paying, declining and a 3-D Secure challenge. */
function submit(req: PageRequest, form: URLSearchParams): Response {
  const card = pageCard(form.get('card'))
  if (card === undefined) return htmlResponse(400, summaryPage(req, 'Choose one of the test cards.'))
  const email = form.get('email')?.trim() || req.session.customer_email
  if (req.session.mode === 'setup') return saveCard(req, card, email)
  if (card.declines === true) {
    failAttempt(req.ctx, req.session, 'card_declined')
    return htmlResponse(402, summaryPage(req, 'Your card was declined. Try another card.', form.get('card')))
  }
  if (card.requiresAuthentication === true) {
    attemptPayment(req.ctx, req.session, 'requires_action')
    return htmlResponse(200, challengePage(req, form.get('card') ?? ''))
  }
  return paid(req, completeOpenSession(req.ctx, req.session, card, email))
}

function saveCard(req: PageRequest, card: EmulatedCard, email: string | undefined): Response {
  if (card.declines === true)
    return htmlResponse(402, summaryPage(req, 'Your card was declined. Try another card.'))
  if (req.options.setupSessionSavesCard && (email === undefined || !/^[^@\s]+@[^@\s]+$/.test(email)))
    return htmlResponse(400, summaryPage(req, 'Enter your email address to save the card.'))
  return paid(req, completeOpenSession(req.ctx, req.session, card, email))
}

function challengeAnswer(req: PageRequest, form: URLSearchParams): Response {
  const attempt = currentAttempt(req.ctx, req.session)
  const card = pageCard(form.get('card'))
  if (attempt?.status !== 'requires_action' || card === undefined)
    return htmlResponse(409, summaryPage(req, 'There is no 3-D Secure challenge open.'))
  if (form.get('outcome') !== 'complete') {
    failAttempt(req.ctx, req.session, 'authentication_failed')
    return htmlResponse(
      402,
      summaryPage(req, '3-D Secure authentication failed. Try again or use another card.'),
    )
  }
  return paid(req, completeOpenSession(req.ctx, req.session, card))
}

function cancel(req: PageRequest): Response {
  cancelOpenSession(req.ctx, req.session)
  if (req.parentOrigin === undefined) return redirect(req.session.cancel_url)
  return htmlResponse(
    200,
    notifyParent('Checkout canceled', req.parentOrigin, {
      source: 'faststar',
      type: 'checkout.cancel',
      checkout_session_id: req.session.id,
    }),
  )
}

function paid(req: PageRequest, completed: CompletedSession): Response {
  if (req.parentOrigin === undefined) return redirect(completed.redirectTo)
  const { session } = completed
  const extras = req.options.successExtras
  return htmlResponse(
    200,
    notifyParent(session.mode === 'setup' ? 'Card saved' : 'Payment complete', req.parentOrigin, {
      source: 'faststar',
      type: 'checkout.success',
      checkout_session_id: session.id,
      ...(extras.includes('client_reference_id') && session.client_reference_id !== undefined
        ? { client_reference_id: session.client_reference_id }
        : {}),
      ...(extras.includes('payment_id') && completed.payment !== undefined
        ? { payment_id: completed.payment.id }
        : {}),
      ...(req.options.overlaySuccess === 'success_url' ? { redirect_to: session.success_url } : {}),
    }),
  )
}

/** A page that tells the SDK in the parent window what happened; the target is the parent's origin, never `'*'`. */
function notifyParent(title: string, parentOrigin: string, message: Record<string, unknown>): string {
  return page(
    title,
    `<p ${testId('faststar-result')}>${escapeHtml(title)}.</p>`,
    `window.parent.postMessage(${inlineJson(message)}, ${inlineJson(parentOrigin)})`,
  )
}

/**
 * Completes an open session as a buyer paying on the hosted page would: the
 * payment (reusing a failed or challenged attempt's id) succeeds, or, in setup
 * mode, the card is saved to the customer of `email` (the session's
 * `customer_email` by default; guess: found or created by email).
 */
export function completeOpenSession(
  ctx: EmulatorContext,
  session: EmulatedSession,
  card: EmulatedCard,
  email: string | undefined = session.customer_email,
): CompletedSession {
  session.status = 'complete'
  if (session.mode === 'setup') {
    if (browserOptions(ctx).setupSessionSavesCard && email !== undefined)
      saveSetupCard(ctx, session, card, email)
    return { session, redirectTo: session.success_url }
  }
  if (session.mode === 'subscription') {
    // The subscription, its first invoice and payment (none while trialing): emulator-billing.ts.
    const started = startSubscription(ctx, session, card, email)
    return {
      session,
      ...(started.payment === undefined ? {} : { payment: started.payment }),
      redirectTo: session.success_url,
    }
  }
  const payment = attemptPayment(ctx, session, 'succeeded')
  ctx.emit('payment.succeeded', {
    ...paymentData(payment, session),
    card_last4: card.last4,
  })
  return { session, payment, redirectTo: session.success_url }
}

/**
 * Cancels an open session as a buyer leaving the hosted page would. An attempt
 * already made (declined, or a challenge left open) is canceled with
 * `payment.canceled`; without one there is no payment, so no event. Guess: the
 * documents only say the buyer lands on cancel_url; the emulator also marks the
 * session `canceled` so it cannot be paid afterwards.
 */
export function cancelOpenSession(ctx: EmulatorContext, session: EmulatedSession): void {
  const attempt = currentAttempt(ctx, session)
  if (attempt !== undefined && (attempt.status === 'failed' || attempt.status === 'requires_action')) {
    const canceled = attemptPayment(ctx, session, 'canceled')
    ctx.emit('payment.canceled', paymentData(canceled, session))
  }
  session.status = 'canceled'
}

/** Records a failed attempt on an open session (declined card, failed 3-D Secure) and sends `payment.failed`; the session stays open. */
export function failAttempt(ctx: EmulatorContext, session: EmulatedSession, reason: string): EmulatedPayment {
  const payment = attemptPayment(ctx, session, 'failed')
  payment.failure_reason = reason
  ctx.emit('payment.failed', { ...paymentData(payment, session), failure_reason: reason })
  return payment
}

function currentAttempt(ctx: EmulatorContext, session: EmulatedSession): EmulatedPayment | undefined {
  return session.payment_intent_id === null ? undefined : ctx.state.payments.get(session.payment_intent_id)
}

/** The session's payment in `status`: one payment per session, whatever the number of attempts. */
function attemptPayment(
  ctx: EmulatorContext,
  session: EmulatedSession,
  status: EmulatedPayment['status'],
): EmulatedPayment {
  const existing = currentAttempt(ctx, session)
  if (existing !== undefined) {
    existing.status = status
    if (status !== 'failed') delete existing.failure_reason
    return existing
  }
  const payment: EmulatedPayment = {
    id: newId('pi'),
    merchant: session.merchant,
    amount: session.amount_total,
    currency: session.currency ?? 'USD',
    status,
    checkout_session_id: session.id,
    ...(session.client_reference_id === undefined
      ? {}
      : { client_reference_id: session.client_reference_id }),
    off_session: false,
  }
  ctx.state.payments.set(payment.id, payment)
  session.payment_intent_id = payment.id
  return payment
}

function paymentData(payment: EmulatedPayment, session: EmulatedSession): Record<string, unknown> {
  return {
    payment_id: payment.id,
    amount: payment.amount,
    currency: payment.currency,
    status: payment.status,
    // Guess: the guide says to match the event to the order by client_reference_id, so it is included.
    ...(session.client_reference_id === undefined
      ? {}
      : { client_reference_id: session.client_reference_id }),
    checkout_session_id: session.id,
  }
}

function saveSetupCard(ctx: EmulatorContext, session: EmulatedSession, card: EmulatedCard, email: string) {
  const customer = customerByEmail(ctx, session.merchant, email)
  const method: EmulatedPaymentMethod = {
    id: newId('pm'),
    merchant: session.merchant,
    customer_id: customer.id,
    card,
    detached: false,
  }
  ctx.state.paymentMethods.set(method.id, method)
  // Same guess as the attach endpoint: a customer's first card becomes the default.
  if (customer.default_payment_method === null) customer.default_payment_method = method.id
  session.customer_id = customer.id
  session.payment_method_id = method.id
}

function customerByEmail(ctx: EmulatorContext, merchant: string, email: string): EmulatedCustomer {
  for (const customer of ctx.state.customers.values())
    if (customer.merchant === merchant && customer.email === email) return customer
  const customer: EmulatedCustomer = { id: newId('cus'), merchant, email, default_payment_method: null }
  ctx.state.customers.set(customer.id, customer)
  return customer
}

function closedPage(session: EmulatedSession): string {
  return page(
    'Checkout closed',
    `<p ${testId('faststar-closed')}>This checkout session is ${session.status}.</p>`,
  )
}

function summaryPage(req: PageRequest, error?: string, selected?: string | null): string {
  const { session } = req
  if (session.status !== 'open') return closedPage(session)
  const setup = session.mode === 'setup'
  const alert =
    error === undefined
      ? ''
      : `<p class="error" role="alert" ${testId('faststar-error')}>${escapeHtml(error)}</p>`
  const email = escapeHtml(session.customer_email ?? '')
  return page(
    'FastStar checkout',
    `${alert}${setup ? '<p class="note">Save a card for later payments. Nothing is charged now.</p>' : amountsTable(session)}
<form method="post" action="${escapeHtml(action(req, 'complete'))}" ${testId('faststar-checkout')}>
  <label>Email <input type="email" name="email" autocomplete="email" value="${email}" ${testId('faststar-email')}></label>
  ${cardSelect(selected ?? 'visa')}
  <button type="submit" ${testId('faststar-pay')}>${setup ? 'Save card' : 'Pay'}</button>
</form>
<form method="post" action="${escapeHtml(action(req, 'cancel'))}"><div class="row"><button type="submit" class="secondary" ${testId('faststar-cancel')}>Cancel</button></div></form>`,
  )
}

function amountsTable(session: EmulatedSession): string {
  const currency = session.currency ?? 'USD'
  const rows = session.line_items
    .map((item) => {
      const label = escapeHtml(item.description ?? item.price_id ?? item.product_id ?? 'Item')
      return `<tr><td>${label}</td><td>× ${item.quantity}</td><td>${formatAmount(item.unit_amount * item.quantity, item.currency)}</td></tr>`
    })
    .join('')
  // Inclusive tax (CS: total = subtotal, the tax is the portion inside the price) is labelled as such.
  const inclusive = session.amount_tax > 0 && session.amount_total === session.amount_subtotal
  return `<table>${rows}<tr><td>Subtotal</td><td></td><td ${testId('faststar-subtotal')}>${formatAmount(session.amount_subtotal, currency)}</td></tr>
<tr><td>${inclusive ? 'Tax (included)' : 'Tax'}</td><td></td><td ${testId('faststar-tax')}>${formatAmount(session.amount_tax, currency)}</td></tr>
<tr><th>Total</th><td></td><th ${testId('faststar-total')}>${formatAmount(session.amount_total, currency)}</th></tr></table>`
}

function challengePage(req: PageRequest, card: string): string {
  const button = (outcome: string, label: string, cls: string) =>
    `<form method="post" action="${escapeHtml(action(req, 'challenge'))}"><input type="hidden" name="card" value="${escapeHtml(card)}"><input type="hidden" name="outcome" value="${outcome}"><button type="submit" class="${cls}" ${testId(`faststar-challenge-${outcome}`)}>${label}</button></form>`
  return page(
    '3-D Secure',
    `<p ${testId('faststar-challenge')}>Your bank asks you to confirm this payment of ${formatAmount(req.session.amount_total, req.session.currency ?? 'USD')}.</p>
<div class="row">${button('complete', 'Complete', '')}${button('fail', 'Fail', 'secondary')}</div>
<form method="post" action="${escapeHtml(action(req, 'cancel'))}"><div class="row"><button type="submit" class="secondary" ${testId('faststar-cancel')}>Cancel</button></div></form>`,
  )
}

function action(req: PageRequest, verb: string): string {
  return `/checkout/${encodeURIComponent(req.session.id)}/${verb}${req.query}`
}

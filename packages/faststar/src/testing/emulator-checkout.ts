import { check, type EmulatorContext, EmulatorFailure, newId, ok, readJson } from './emulator-context.js'
import type { EmulatedLineItem, EmulatedMerchant, EmulatedSession } from './emulator-records.js'
import { quoteTax } from './emulator-tax.js'

const MODES = ['payment', 'subscription', 'setup'] as const

/** `POST /public/checkout/sessions`. */
export async function createSession(ctx: EmulatorContext, merchant: EmulatedMerchant, request: Request) {
  const body = await readJson(request)
  const mode = check.string(body, 'mode', true) as string
  if (!isOneOf(MODES, mode))
    throw new EmulatorFailure(400, 'Invalid field: mode must be payment, subscription or setup')
  // Required: the session table lists it without "optional", and a missing field is a 400 (API reference).
  const presentation = check.string(body, 'presentation', true) as string
  if (presentation !== 'iframe' && presentation !== 'link')
    throw new EmulatorFailure(400, 'Invalid field: presentation must be iframe or link')
  const items = priceLineItems(ctx, merchant, body.line_items, mode)
  const currencies = new Set(items.map((item) => item.currency))
  if (currencies.size > 1) throw new EmulatorFailure(400, 'All line items must use the same currency')
  const email = check.string(body, 'customer_email', false)
  if (email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(email))
    throw new EmulatorFailure(400, 'Invalid field: customer_email must be an email address')
  const country = check.string(body, 'buyer_country', false)
  // The same rule /public/tax/calculate applies to its `country`: an ISO 3166-1 alpha-2 code.
  if (country !== undefined && !/^[A-Z]{2}$/.test(country))
    throw new EmulatorFailure(400, 'Invalid field: buyer_country must be an ISO country code')
  // Guess: the documents mention "a region" without naming its field; the emulator reads buyer_region.
  const region = check.string(body, 'buyer_region', false)
  const subtotal = items.reduce((sum, item) => sum + item.unit_amount * item.quantity, 0)
  if (!Number.isSafeInteger(subtotal)) throw new EmulatorFailure(400, 'The session total is too large')
  const tax = country === undefined ? undefined : quoteTax(subtotal, country, region)
  const reference = check.string(body, 'client_reference_id', false)
  const session: EmulatedSession = {
    id: newId('cs'),
    merchant: merchant.apiKey,
    mode,
    presentation,
    line_items: items,
    ...(email === undefined ? {} : { customer_email: email }),
    success_url: check.url(body, 'success_url'),
    cancel_url: check.url(body, 'cancel_url'),
    ...(country === undefined ? {} : { buyer_country: country }),
    ...(region === undefined ? {} : { buyer_region: region }),
    ...(reference === undefined ? {} : { client_reference_id: reference }),
    status: 'open',
    // Tax-inclusive: the total is the subtotal, the tax is the part inside it; exclusive: added on top.
    amount_subtotal: subtotal,
    amount_tax: tax?.tax_amount ?? 0,
    amount_total: tax === undefined || tax.inclusive ? subtotal : subtotal + tax.tax_amount,
    currency: items[0]?.currency ?? null,
    session_token: newId('tok'),
    expires_at: ctx.clock.now() + ctx.sessionTtlMs,
    payment_intent_id: null,
  }
  ctx.state.sessions.set(session.id, session)
  ctx.nextSessionExpiry = Math.min(ctx.nextSessionExpiry, session.expires_at)
  return ok(sessionData(ctx, session, request), 'Checkout session created successfully')
}

/** `GET /public/checkout/sessions/:id`. Guess: the answer has the same shape as the create answer. */
export function retrieveSession(
  ctx: EmulatorContext,
  merchant: EmulatedMerchant,
  request: Request,
  id: string,
) {
  const session = findSession(ctx, id)
  if (session === undefined || session.merchant !== merchant.apiKey)
    throw new EmulatorFailure(404, 'Checkout session not found')
  return ok(sessionData(ctx, session, request), 'Checkout session retrieved successfully')
}

/** A session by id, `expired` once its time has passed. */
export function findSession(ctx: EmulatorContext, id: string): EmulatedSession | undefined {
  const session = ctx.state.sessions.get(id)
  if (session?.status === 'open' && ctx.clock.now() >= session.expires_at) session.status = 'expired'
  return session
}

/** The hosted checkout url of a session. */
export function checkoutUrl(ctx: EmulatorContext, session: EmulatedSession, request: Request): string {
  const origin = ctx.checkoutOrigin ?? new URL(request.url).origin
  return `${origin}/checkout/${session.id}?token=${session.session_token}`
}

function sessionData(ctx: EmulatorContext, session: EmulatedSession, request: Request) {
  return {
    session: {
      id: session.id,
      status: session.status,
      amount_subtotal: session.amount_subtotal,
      amount_tax: session.amount_tax,
      amount_total: session.amount_total,
      currency: session.currency,
      session_token: session.session_token,
      expires_at: new Date(session.expires_at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      // Guess: not in the documented example, echoed for reconciliation as the guide describes.
      mode: session.mode,
      client_reference_id: session.client_reference_id ?? null,
      payment_intent_id: session.payment_intent_id,
    },
    url: checkoutUrl(ctx, session, request),
    session_token: session.session_token,
  }
}

function priceLineItems(
  ctx: EmulatorContext,
  merchant: EmulatedMerchant,
  raw: unknown,
  mode: (typeof MODES)[number],
): EmulatedLineItem[] {
  if (raw === undefined || raw === null) {
    // Guess: a setup session saves a card only and needs no line items.
    if (mode === 'setup') return []
    throw new EmulatorFailure(400, 'Missing required field: line_items')
  }
  if (!Array.isArray(raw) || (raw.length === 0 && mode !== 'setup'))
    throw new EmulatorFailure(400, 'Invalid field: line_items must be a non-empty array')
  return raw.map((entry: unknown, index) => priceLineItem(ctx, merchant, entry, index, mode))
}

function priceLineItem(
  ctx: EmulatorContext,
  merchant: EmulatedMerchant,
  entry: unknown,
  index: number,
  mode: string,
): EmulatedLineItem {
  if (typeof entry !== 'object' || entry === null)
    throw new EmulatorFailure(400, `line_items[${index}] must be an object`)
  const item = entry as Record<string, unknown>
  const quantity = check.integer(item, 'quantity', 1, true) as number
  const priceId = check.string(item, 'price_id', false)
  const productId = check.string(item, 'product_id', false)
  const adHocAmount = check.integer(item, 'ad_hoc_amount', 0, false)
  const description = check.string(item, 'description', false)
  const references = [priceId, productId, adHocAmount].filter((value) => value !== undefined).length
  if (references !== 1)
    throw new EmulatorFailure(
      400,
      `line_items[${index}] must have exactly one of price_id, product_id or ad_hoc_amount`,
    )
  if (adHocAmount !== undefined) {
    if (merchant.type === 'mor')
      throw new EmulatorFailure(
        400,
        'MoR merchants must reference a catalog price_id or product_id in every line item',
      )
    if (mode === 'subscription')
      throw new EmulatorFailure(400, 'Subscription line items must reference a recurring price (price_id)')
    const currency = check.currency(item, 'ad_hoc_currency', true) as string
    return {
      ad_hoc_amount: adHocAmount,
      ad_hoc_currency: currency,
      quantity,
      unit_amount: adHocAmount,
      currency,
      recurring: false,
      ...(description === undefined ? {} : { description }),
    }
  }
  const price = priceId !== undefined ? ctx.state.prices.get(priceId) : defaultPrice(ctx, merchant, productId)
  if (price === undefined || price.merchant !== merchant.apiKey)
    throw new EmulatorFailure(
      404,
      priceId !== undefined
        ? `Price not found: ${priceId}`
        : `Product not found or has no price: ${productId}`,
    )
  if (mode === 'subscription' && (priceId === undefined || price.type !== 'recurring'))
    throw new EmulatorFailure(400, 'Subscription line items must reference a recurring price (price_id)')
  // "One-time payment | Line items with one-time or ad hoc pricing": a recurring price belongs to subscriptions.
  if (mode === 'payment' && price.type === 'recurring')
    throw new EmulatorFailure(
      400,
      `line_items[${index}]: payment mode takes one-time or ad hoc prices, not a recurring price`,
    )
  return {
    ...(priceId === undefined ? {} : { price_id: priceId }),
    ...(productId === undefined ? {} : { product_id: productId }),
    ...(description === undefined ? {} : { description }),
    quantity,
    unit_amount: price.unit_amount,
    currency: price.currency,
    recurring: price.type === 'recurring',
  }
}

// Guess: "its default price is used"; the emulator takes the product's first price.
function defaultPrice(ctx: EmulatorContext, merchant: EmulatedMerchant, productId: string | undefined) {
  for (const price of ctx.state.prices.values())
    if (price.product_id === productId && price.merchant === merchant.apiKey) return price
  return undefined
}

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value)
}

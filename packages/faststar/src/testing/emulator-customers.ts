import { randomBytes } from 'node:crypto'
import { browserOptions } from './emulator-browser-options.js'
import { check, type EmulatorContext, EmulatorFailure, newId, ok, readJson } from './emulator-context.js'
import type {
  EmulatedCard,
  EmulatedCustomer,
  EmulatedMerchant,
  EmulatedPayment,
  EmulatedPaymentMethod,
  EmulatedSetupIntent,
} from './emulator-records.js'

/** `POST /public/customers`: email required. */
export async function createCustomer(ctx: EmulatorContext, merchant: EmulatedMerchant, request: Request) {
  const body = await readJson(request)
  const email = check.string(body, 'email', true) as string
  if (!/^[^@\s]+@[^@\s]+$/.test(email))
    throw new EmulatorFailure(400, 'Invalid field: email must be an email address')
  const name = check.string(body, 'name', false)
  const customer: EmulatedCustomer = {
    id: newId('cus'),
    merchant: merchant.apiKey,
    email,
    ...(name === undefined ? {} : { name }),
    default_payment_method: null,
  }
  ctx.state.customers.set(customer.id, customer)
  return ok(customerData(customer), 'Customer created successfully')
}

/** `GET /public/customers`. Guess: `data` is a bare array. */
export function listCustomers(ctx: EmulatorContext, merchant: EmulatedMerchant) {
  const customers = [...ctx.state.customers.values()].filter(
    (customer) => customer.merchant === merchant.apiKey,
  )
  return ok(customers.map(customerData))
}

/** `GET /public/customers/:id`. */
export function retrieveCustomer(ctx: EmulatorContext, merchant: EmulatedMerchant, id: string) {
  return ok(customerData(findCustomer(ctx, merchant, id)))
}

/** `POST /public/customers/:id/setup-intent` → `{ client_secret, publishable_key, setup_intent_id }`. */
export function createSetupIntent(ctx: EmulatorContext, merchant: EmulatedMerchant, id: string) {
  const customer = findCustomer(ctx, merchant, id)
  const intentId = newId('seti')
  const intent: EmulatedSetupIntent = {
    id: intentId,
    merchant: merchant.apiKey,
    customer_id: customer.id,
    client_secret: `${intentId}_secret_${randomBytes(8).toString('hex')}`,
    status: 'requires_payment_method',
    card: null,
    attached_payment_method: null,
  }
  ctx.state.setupIntents.set(intent.id, intent)
  return ok({
    client_secret: intent.client_secret,
    publishable_key: 'pk_test_faststar_emulator',
    setup_intent_id: intent.id,
  })
}

/** `POST /public/customers/:id/payment-methods` with `{ setup_intent_id }` → the masked card. */
export async function attachPaymentMethod(
  ctx: EmulatorContext,
  merchant: EmulatedMerchant,
  request: Request,
  id: string,
) {
  const customer = findCustomer(ctx, merchant, id)
  const body = await readJson(request)
  const intentId = check.string(body, 'setup_intent_id', true) as string
  const intent = ctx.state.setupIntents.get(intentId)
  if (intent === undefined || intent.merchant !== merchant.apiKey)
    throw new EmulatorFailure(404, `SetupIntent not found: ${intentId}`)
  if (intent.customer_id !== customer.id)
    throw new EmulatorFailure(400, 'The SetupIntent belongs to another customer')
  if (intent.attached_payment_method !== null) {
    // Guess: the card page attaches, and a storefront's server may attach again; by default
    // that second call answers the same card (browser.attachTwice), else a 400.
    const attached = ctx.state.paymentMethods.get(intent.attached_payment_method)
    if (attached !== undefined && !attached.detached && browserOptions(ctx).attachTwice === 'same_card')
      return ok(cardData(ctx, attached), 'Payment method attached successfully')
    throw new EmulatorFailure(400, 'The card of this SetupIntent is already attached')
  }
  if (intent.status !== 'succeeded' || intent.card === null)
    throw new EmulatorFailure(
      400,
      'The SetupIntent has not been completed: the buyer has not saved a card yet',
    )
  const method: EmulatedPaymentMethod = {
    id: newId('pm'),
    merchant: merchant.apiKey,
    customer_id: customer.id,
    card: intent.card,
    detached: false,
  }
  ctx.state.paymentMethods.set(method.id, method)
  intent.attached_payment_method = method.id
  // Guess: a customer's first card becomes the default.
  if (customer.default_payment_method === null) customer.default_payment_method = method.id
  return ok(cardData(ctx, method), 'Payment method attached successfully')
}

/** `GET /public/customers/:id/payment-methods`: the customer's saved cards, masked. */
export function listPaymentMethods(ctx: EmulatorContext, merchant: EmulatedMerchant, id: string) {
  const customer = findCustomer(ctx, merchant, id)
  const methods = [...ctx.state.paymentMethods.values()].filter(
    (method) => method.customer_id === customer.id && !method.detached,
  )
  return ok(methods.map((method) => cardData(ctx, method)))
}

/** `POST /public/payment-methods/:id/default`. Guess: answers with the masked card. */
export function setDefaultPaymentMethod(ctx: EmulatorContext, merchant: EmulatedMerchant, id: string) {
  const method = findPaymentMethod(ctx, merchant, id)
  const customer = ctx.state.customers.get(method.customer_id)
  if (customer !== undefined) customer.default_payment_method = method.id
  return ok(cardData(ctx, method), 'Default payment method updated')
}

/** `DELETE /public/payment-methods/:id`. Guess: answers with `{ id, deleted: true }`. */
export function detachPaymentMethod(ctx: EmulatorContext, merchant: EmulatedMerchant, id: string) {
  const method = findPaymentMethod(ctx, merchant, id)
  method.detached = true
  const customer = ctx.state.customers.get(method.customer_id)
  if (customer?.default_payment_method === method.id) customer.default_payment_method = null
  return ok({ id: method.id, deleted: true }, 'Payment method detached')
}

/**
 * `POST /public/customers/:id/charge`: an off-session charge. A card that
 * demands authentication, or the SCA switch, answers HTTP 402 with the
 * documented body; nothing is charged then.
 */
export async function charge(ctx: EmulatorContext, merchant: EmulatedMerchant, request: Request, id: string) {
  const customer = findCustomer(ctx, merchant, id)
  const body = await readJson(request)
  const methodId = check.string(body, 'payment_method_id', true) as string
  const amount = check.integer(body, 'amount', 1, true) as number
  const currency = check.currency(body, 'currency', true) as string
  const offSession = body.off_session
  if (offSession !== undefined && typeof offSession !== 'boolean')
    throw new EmulatorFailure(400, 'Invalid field: off_session must be a boolean')
  const method = findPaymentMethod(ctx, merchant, methodId)
  const attempt = { customer_id: customer.id, payment_method_id: method.id, amount, currency }
  if (method.customer_id !== customer.id) {
    ctx.state.chargeAttempts.push({ ...attempt, outcome: 'refused' })
    throw new EmulatorFailure(400, 'The payment method does not belong to this customer')
  }
  if (ctx.authenticationSwitch > 0 || method.card.requiresAuthentication === true) {
    if (ctx.authenticationSwitch > 0) ctx.authenticationSwitch--
    ctx.state.chargeAttempts.push({ ...attempt, outcome: 'requires_authentication' })
    throw new EmulatorFailure(402, 'Payment requires additional authentication')
  }
  const payment: EmulatedPayment = {
    id: newId('pi'),
    merchant: merchant.apiKey,
    amount,
    currency,
    status: 'succeeded',
    customer_id: customer.id,
    payment_method_id: method.id,
    off_session: offSession !== false,
  }
  ctx.state.payments.set(payment.id, payment)
  ctx.state.chargeAttempts.push({ ...attempt, outcome: 'succeeded', payment_intent_id: payment.id })
  ctx.emit('payment.succeeded', {
    payment_id: payment.id,
    amount,
    currency,
    status: 'succeeded',
    customer_id: customer.id,
    payment_method_id: method.id,
  })
  return ok(
    { payment_intent_id: payment.id, status: 'succeeded', amount, currency, payment_method_id: method.id },
    'Charge succeeded',
  )
}

/** Completes a SetupIntent as the browser card popup would when the buyer saves `card`. */
export function completeSetupIntent(ctx: EmulatorContext, id: string, card: EmulatedCard): void {
  const intent = ctx.state.setupIntents.get(id)
  if (intent === undefined) throw new Error(`No SetupIntent ${id} in the emulator`)
  if (intent.status === 'succeeded') throw new Error(`SetupIntent ${id} is already completed`)
  intent.status = 'succeeded'
  intent.card = card
}

function findCustomer(ctx: EmulatorContext, merchant: EmulatedMerchant, id: string): EmulatedCustomer {
  const customer = ctx.state.customers.get(id)
  if (customer === undefined || customer.merchant !== merchant.apiKey)
    throw new EmulatorFailure(404, `Customer not found: ${id}`)
  return customer
}

function findPaymentMethod(
  ctx: EmulatorContext,
  merchant: EmulatedMerchant,
  id: string,
): EmulatedPaymentMethod {
  const method = ctx.state.paymentMethods.get(id)
  if (method === undefined || method.merchant !== merchant.apiKey || method.detached)
    throw new EmulatorFailure(404, `Payment method not found: ${id}`)
  return method
}

function customerData(customer: EmulatedCustomer) {
  return { id: customer.id, email: customer.email, name: customer.name ?? null }
}

function cardData(ctx: EmulatorContext, method: EmulatedPaymentMethod) {
  return {
    id: method.id,
    brand: method.card.brand,
    last4: method.card.last4,
    exp_month: method.card.expMonth,
    exp_year: method.card.expYear,
    // Guess: the documents do not show how the default card is marked.
    is_default: ctx.state.customers.get(method.customer_id)?.default_payment_method === method.id,
  }
}

import { ActionRequiredError, type CreateSessionInput, type Money, toMajorUnits } from '@paymux/core'
import { FASTSTAR_TEST_CARDS } from '@paymux/faststar/testing'
import { payFastaarCheckout, payFastStarCheckout, payPaystarSession } from './buyer.js'
import {
  DEMO_BREAKER,
  type GatewayId,
  type OrderRow,
  openShop,
  type Shop,
  type WebhookTally,
} from './shop.js'

/** What the storefront run ends with: the ledger, the webhook counts, and every unexpected outcome. */
export interface StorefrontReport {
  /** The shop's orders in the order they were placed, as the verified webhooks left them. */
  readonly orders: readonly OrderRow[]
  readonly webhooks: Readonly<Record<GatewayId, WebhookTally>>
  /** Deliveries the endpoint refused: none, when every emulator signs with the secret the shop verifies with. */
  readonly rejectedWebhooks: number
  /** `hooks.onFailover` as it fired: `'sessions.create: faststar → paystar'`. */
  readonly failovers: readonly string[]
  /** `hooks.onCircuitChange` as it fired: `'faststar open'`, `'faststar closed'`. */
  readonly circuit: readonly string[]
  /** Every step whose outcome was not the expected one; empty when the run went as it should. */
  readonly problems: readonly string[]
}

/** Runs one order of the story, named by its reference, and hands back what it resolves to. */
export type OrderScope = <T>(order: string, run: () => Promise<T>) => Promise<T>

/** How {@link runStorefront} runs. */
export interface StorefrontOptions {
  /**
   * Wraps each order (`pnpm demo --trace` runs each inside a span of its own, so
   * that the spans of one order form one tree).
   * @default runs each order as it is
   */
  readonly inOrder?: OrderScope
}

interface Run {
  readonly shop: Shop
  readonly say: (line: string) => void
  readonly inOrder: OrderScope
  /** Records an expectation; a false one is printed and ends up in `problems`. */
  readonly expect: (ok: boolean, what: string) => void
}

const usd = (amount: number): Money => ({ amount, currency: 'USD' })
const shopUrls = { successUrl: 'https://shop.example/thanks', cancelUrl: 'https://shop.example/cart' }

/** `{ amount: 1079, currency: 'USD' }` → `USD 10.79`, by string arithmetic. */
export function show(money: Money | undefined): string {
  return money === undefined ? '–' : `${money.currency} ${toMajorUnits(money)}`
}

/**
 * Runs one storefront through one router against the three emulators on
 * loopback: a card order with tax, a BDT order paid by TrxID, a utility bill,
 * a FastStar outage with failover and the breaker, and a saved-card renewal
 * that needs SCA; every webhook verified and deduplicated. Closes every
 * server before it resolves.
 */
export async function runStorefront(
  say: (line: string) => void = () => {},
  { inOrder = (_order, steps) => steps() }: StorefrontOptions = {},
): Promise<StorefrontReport> {
  const shop = await openShop(say)
  const problems: string[] = []
  const run: Run = {
    shop,
    say,
    inOrder,
    expect(ok, what) {
      if (ok) return
      problems.push(what)
      say(`   ‼ not as expected: ${what}`)
    },
  }
  try {
    for (const [gateway, url] of Object.entries(shop.urls)) say(`${gateway} emulator: ${url}`)
    say(`shop webhook endpoint: ${shop.webhookUrl} (one URL; the router tells gateways apart by headers)`)
    await inOrder('order-1001', () => cardOrder(run))
    await inOrder('order-1002', () => bdtOrder(run))
    await inOrder('bill-ACC-12345-2026-03', () => utilityBill(run))
    await fastStarOutage(run) // three orders, each wrapped on its own
    await inOrder('renewal-2026-06', () => renewalWithSca(run))
    await inOrder('order-1001 (resent)', () => dashboardResend(run))
    for (const row of shop.orders.values()) run.expect(row.status === 'succeeded', `${row.order} is paid`)
    run.expect(shop.rejectedWebhooks() === 1, 'every delivery verifies but the tampered one')
  } finally {
    await shop.close()
  }
  return {
    orders: [...shop.orders.values()],
    webhooks: shop.webhooks,
    rejectedWebhooks: shop.rejectedWebhooks(),
    failovers: shop.routerLog.failovers,
    circuit: shop.routerLog.circuit,
    problems,
  }
}

/** Opens a checkout through the router and puts the order in the ledger, `open` until a webhook says more. */
async function openOrder({ shop, say }: Run, input: CreateSessionInput & { readonly reference: string }) {
  const session = await shop.router.sessions.create(input)
  const total = session.amounts?.total ?? session.amounts?.subtotal
  shop.orders.set(input.reference, {
    order: input.reference,
    gateway: session.provider,
    status: 'open',
    amount: total ?? input.amount ?? usd(0),
  })
  const tax = session.amounts?.tax
  const price =
    tax === undefined || tax.amount === 0
      ? show(total)
      : `${show(session.amounts?.subtotal)} + tax ${show(tax)} = ${show(total)}`
  say(`   router.sessions.create → ${session.provider}: session ${session.ref}, ${price}`)
  return session
}

async function cardOrder(run: Run): Promise<void> {
  const { shop, say, expect } = run
  say('\n1. order-1001: a USD card order from the US goes to FastStar, with sales tax')
  const session = await openOrder(run, {
    amount: usd(999),
    description: 'Coffee beans, 250 g',
    customer: { email: 'jane@example.com' },
    buyerCountry: 'US',
    reference: 'order-1001',
    ...shopUrls,
  })
  expect(session.provider === 'faststar', 'order-1001 is routed to FastStar')
  expect(session.amounts?.tax?.amount === 80, 'FastStar adds USD 0.80 of US sales tax')
  say('   the buyer pays by card on the hosted page')
  say(`   … and is sent to ${await payFastStarCheckout(session.url)}`)
  await shop.settle()
}

async function bdtOrder(run: Run): Promise<void> {
  const { shop, say, expect } = run
  say('\n2. order-1002: a BDT order goes to Fastaar (byCurrency), paid from bKash by TrxID')
  const session = await openOrder(run, {
    // No description, customer or buyerCountry: Fastaar cannot carry them, and refuses them (unsupported_field).
    amount: { amount: 107_950, currency: 'BDT' },
    reference: 'order-1002',
    ...shopUrls,
  })
  expect(session.provider === 'fastaar', 'order-1002 is routed to Fastaar')
  shop.loseAnswerTo('payment.completed')
  say('   the buyer pays in the bKash app and types its TrxID 8AB2C3D4EF on the checkout page')
  say(`   … and is sent to ${await payFastaarCheckout(session.url, '8AB2C3D4EF')}`)
  await shop.settle()
  const completed = shop.emulators.fastaar.webhooks
    .ofType('payment.completed')
    .find((delivery) => (JSON.parse(delivery.body) as { data: { id: string } }).data.id === session.id)
  expect(completed?.state === 'pending', 'Fastaar counts the lost answer as a failed delivery, to retry')
  say(
    '   the shop handled payment.completed, but its 200 was lost on the way back: Fastaar retries after 1 min',
  )
  shop.clock.advance(60_000)
  await shop.settle()
  expect(completed?.state === 'delivered', 'the retry reaches the shop')
  expect(
    shop.webhooks.fastaar.duplicates === 1,
    'the redelivered payment.completed is dropped as a duplicate',
  )
}

async function utilityBill(run: Run): Promise<void> {
  const { shop, say, expect } = run
  say('\n3. bill-ACC-12345-2026-03: a water bill goes to Paystar (it names the biller’s accounts)')
  const session = await openOrder(run, {
    lineItems: [
      { amount: usd(979), description: 'March water bill' },
      { amount: usd(100), description: 'Meter fee' },
    ],
    customer: { email: 'john@example.com', firstName: 'John', lastName: 'Doe' },
    reference: 'bill-ACC-12345-2026-03',
    ...shopUrls,
    providerOptions: {
      paystar: {
        accounts: [{ accountNumber: 'ACC-12345', name: 'John Doe' }, { accountNumber: 'ACC-12345' }],
      },
    },
  })
  expect(session.provider === 'paystar', 'the bill is routed to Paystar')
  say('   the customer presses Pay on the embedded page')
  say(`   … and is sent to ${await payPaystarSession(session.url)}`)
  await shop.settle()
}

async function fastStarOutage(run: Run): Promise<void> {
  const { shop, say, expect } = run
  const faststar = shop.emulators.faststar
  say('\n4. FastStar goes down: every API call answers 503 (the emulator’s fault injector)')
  faststar.faults.inject(
    { type: 'status', status: 503, body: { success: false, message: 'Service Unavailable' } },
    { count: 1_000, match: (request) => new URL(request.url).pathname.startsWith('/api/') },
  )
  const outageOrders: Array<[string, number]> = [
    ['order-1003', 2500],
    ['order-1004', 1250],
    ['order-1005', 4200],
  ]
  for (const [reference, amount] of outageOrders) {
    await run.inOrder(reference, async () => {
      say(`   ${reference}: USD ${toMajorUnits(usd(amount))} from the US, route [faststar, paystar]`)
      const before = faststar.requestCount()
      const session = await openOrder(run, {
        amount: usd(amount),
        description: 'Espresso machine parts',
        customer: { email: 'sam@example.com' },
        buyerCountry: 'US',
        reference,
        ...shopUrls,
      })
      const sent = faststar.requestCount() - before
      say(
        sent === 0
          ? '   FastStar received no request for it: its breaker is open'
          : `   FastStar received ${sent} requests for it: the first try and the transport's retries`,
      )
      expect(session.provider === 'paystar', `${reference} fails over to Paystar`)
      if (reference === 'order-1005') expect(sent === 0, 'with its breaker open, FastStar is not even asked')
      say('   the buyer pays on Paystar’s page')
      say(`   … and is sent to ${await payPaystarSession(session.url)}`)
      await shop.settle()
    })
  }
  expect(shop.routerLog.failovers.length === 2, 'two session creations failed over before the breaker opened')
  expect(shop.routerLog.circuit.includes('faststar open'), 'the breaker of FastStar opened')

  say(
    `\n5. FastStar recovers; ${DEMO_BREAKER.cooldownMs / 1000} s later (on the shared clock) the breaker lets calls through`,
  )
  faststar.faults.clear()
  shop.clock.advance(DEMO_BREAKER.cooldownMs)
}

async function renewalWithSca(run: Run): Promise<void> {
  const { shop, say, expect } = run
  const router = shop.router
  say('\n6. renewal-2026-06: a subscription renewal on a saved card, which the bank wants to authenticate')
  const customer = await router.customers.create({ email: 'jane@example.com', name: 'Jane Buyer' })
  say(`   router.customers.create → ${customer.ref}`)
  expect(customer.provider === 'faststar', 'customers are kept at FastStar')
  expect(shop.routerLog.circuit.includes('faststar closed'), 'a success closes the breaker of FastStar')
  const setup = await router.paymentMethods.createSetup(customer.ref)
  // The browser card popup; this card's bank demands 3-D Secure even off-session.
  shop.emulators.faststar.completeSetupIntent(setup.setupIntentId, FASTSTAR_TEST_CARDS.requiresAuthentication)
  const card = await router.paymentMethods.attach(customer.ref, { setupIntentId: setup.setupIntentId })
  say(`   the buyer saved ${card.brand} •••• ${card.last4} as ${card.ref}`)
  const amount = usd(1999)
  try {
    await router.payments.charge({ customerId: customer.ref, paymentMethodId: card.ref, amount })
    expect(false, 'the off-session renewal asks for SCA')
  } catch (error) {
    if (!ActionRequiredError.isInstance(error)) throw error
    say(`   router.payments.charge threw ${error.name} (HTTP ${error.httpStatus}): nothing was charged`)
    say(
      `   the shop emails the buyer a link to pay ${show(error.action.amount)} on-session, where 3-D Secure runs`,
    )
    expect(error.httpStatus === 402, 'FastStar asks for SCA with HTTP 402')
  }
  const session = await openOrder(run, {
    amount,
    description: 'Coffee subscription, June',
    // A FastStar customer always has an email; Customer.email is optional since Fastaar's may not.
    ...(customer.email === undefined ? {} : { customer: { email: customer.email } }),
    reference: 'renewal-2026-06',
    ...shopUrls,
  })
  expect(session.provider === 'faststar', 'the on-session renewal goes to FastStar again')
  say('   the buyer authenticates and pays on the hosted page')
  say(`   … and is sent to ${await payFastStarCheckout(session.url)}`)
  await shop.settle()
}

async function dashboardResend(run: Run): Promise<void> {
  const { shop, say, expect } = run
  say('\n7. Someone presses "Resend" on order-1001’s payment.succeeded in the FastStar dashboard')
  const original = shop.emulators.faststar.webhooks
    .ofType('payment.succeeded')
    .find((delivery) => delivery.body.includes('"order-1001"'))
  if (original === undefined) {
    expect(false, 'FastStar delivered payment.succeeded for order-1001')
    return
  }
  const response = await fetch(shop.webhookUrl, {
    method: 'POST',
    headers: original.headers,
    body: original.body,
  })
  const answer = (await response.json()) as { duplicate?: boolean }
  say(`   the endpoint answers ${response.status} ${JSON.stringify(answer)}`)
  expect(response.status === 200 && answer.duplicate === true, 'the resent event is answered as a duplicate')
  expect(shop.webhooks.faststar.duplicates === 1, 'the resent event is not handled twice')

  say('   …and someone posts a copy with the amount changed, the signature kept')
  const forged = await fetch(shop.webhookUrl, {
    method: 'POST',
    headers: original.headers,
    body: original.body.replace(/"amount":\d+/, '"amount":1'),
  })
  const refusal = (await forged.json()) as { error?: string }
  say(`   the endpoint answers ${forged.status} { error: ${refusal.error} }: the shop acts on nothing`)
  expect(forged.status === 400, 'a tampered delivery is refused')
}

import { ActionRequiredError, type Money, toMajorUnits } from '@paymux/core'
import { createFastStar } from '@paymux/faststar'
import { FASTSTAR_EMULATOR_KEYS, FASTSTAR_TEST_CARDS, serveFastStarEmulator } from '@paymux/faststar/testing'

/** `{ amount: 1079, currency: 'USD' }` → `USD 10.79`. */
function show(money: Money | undefined): string {
  return money === undefined ? '–' : `${money.currency} ${toMajorUnits(money)}`
}

/**
 * The FastStar storefront: a catalog price, a checkout paid on the hosted page,
 * the verified `payment.succeeded` webhook, a saved card charged off-session,
 * a charge that needs Strong Customer Authentication, and tax quotes, all
 * against the FastStar emulator on a loopback port.
 */
export async function runFastStarDemo(say: (line: string) => void): Promise<void> {
  // Webhooks from the emulator land here, as they would on your server's endpoint.
  const deliveries: Request[] = []
  const server = await serveFastStarEmulator({
    webhookUrl: 'https://shop.example/webhooks/faststar',
    webhookFetch: async (input, init) => {
      deliveries.push(new Request(input, init))
      return new Response('ok')
    },
  })
  try {
    const { emulator } = server
    say(`FastStar emulator listening on ${server.url} (a stand-in for api.faststarpay.com)`)
    const faststar = createFastStar({
      apiKey: FASTSTAR_EMULATOR_KEYS.mor,
      baseUrl: server.baseUrl,
      webhookSecret: emulator.webhookSecret,
    })
    say('Created the FastStar gateway as a Merchant of Record: every line item must come from the catalog.')

    say('\n1. Catalog')
    const product = await faststar.catalog.products.create({ name: 'Coffee beans, 250 g' })
    const price = await faststar.catalog.prices.create({
      productId: product.id,
      unitAmount: { amount: 999, currency: 'USD' },
    })
    say(`   Product ${product.id} "${product.name}", price ${price.id} at ${show(price.unitAmount)}`)

    say('\n2. Checkout session for order_10042, buyer in the US')
    const session = await faststar.sessions.create({
      lineItems: [{ priceId: price.id, quantity: 1 }],
      customer: { email: 'jane@example.com' },
      successUrl: 'https://shop.example/thanks',
      cancelUrl: 'https://shop.example/cart',
      buyerCountry: 'US',
      reference: 'order_10042',
      presentation: 'redirect',
    })
    say(`   Session ${session.id} is ${session.status}; send the buyer to ${session.url}`)
    say(
      `   Subtotal ${show(session.amounts?.subtotal)} + sales tax ${show(session.amounts?.tax)} = total ${show(session.amounts?.total)} (US tax is added on top)`,
    )
    say(`   It expires at ${session.expiresAt?.toISOString() ?? 'an unknown time'}`)

    say('\n3. The buyer pays on the hosted checkout page')
    const page = await fetch(session.url)
    const html = await page.text()
    say(
      `   Opened the page (HTTP ${page.status}); it shows the total ${html.includes('USD 10.79') ? 'USD 10.79' : '?'}`,
    )
    const form = /action="([^"]*\/complete[^"]*)"/.exec(html)?.[1]?.replaceAll('&#38;', '&')
    if (form === undefined) throw new Error('the checkout page has no pay button')
    const paid = await fetch(new URL(form, session.url), {
      method: 'POST',
      body: new URLSearchParams({ card: 'visa' }),
      redirect: 'manual',
    })
    say(`   Pressed "Pay" with a Visa card; the page sent the buyer to ${paid.headers.get('location')}`)
    const completed = await faststar.sessions.retrieve(session.id)
    say(`   The session is now ${completed.status}, paid by payment ${completed.paymentId}`)

    say('\n4. The payment.succeeded webhook: the signal to fulfil the order')
    await emulator.flushWebhooks()
    for (const delivery of deliveries.splice(0)) {
      const event = await faststar.webhooks.verify({
        rawBody: await delivery.text(),
        headers: delivery.headers,
      })
      if (event.type === 'payment.succeeded') {
        say(
          `   Verified ${event.type} (event ${event.id}): payment ${event.data.id}, ${show(event.data.amount)}, order ${event.data.reference}`,
        )
      } else say(`   Verified ${event.type} (event ${event.id})`)
    }

    say('\n5. Save a card for later')
    const customer = await faststar.customers.create({ email: 'jane@example.com', name: 'Jane Buyer' })
    const setup = await faststar.paymentMethods.createSetup(customer.id)
    say(`   Customer ${customer.id}; SetupIntent ${setup.setupIntentId} handed to the browser card popup`)
    emulator.completeSetupIntent(setup.setupIntentId, FASTSTAR_TEST_CARDS.visa)
    const card = await faststar.paymentMethods.attach(customer.id, { setupIntentId: setup.setupIntentId })
    say(
      `   The buyer saved ${card.brand} •••• ${card.last4} (expires ${card.expMonth}/${card.expYear}) as ${card.id}`,
    )

    say('\n6. Charge the saved card off-session (the buyer is not there)')
    const renewal = await faststar.payments.charge({
      customerId: customer.id,
      paymentMethodId: card.id,
      amount: { amount: 1999, currency: 'USD' },
    })
    say(`   Payment ${renewal.id}: ${renewal.status}, ${show(renewal.amount)}; never retried automatically`)

    say('\n7. A charge the bank wants to authenticate (SCA)')
    const setup2 = await faststar.paymentMethods.createSetup(customer.id)
    emulator.completeSetupIntent(setup2.setupIntentId, FASTSTAR_TEST_CARDS.requiresAuthentication)
    const strictCard = await faststar.paymentMethods.attach(customer.id, {
      setupIntentId: setup2.setupIntentId,
    })
    try {
      await faststar.payments.charge({
        customerId: customer.id,
        paymentMethodId: strictCard.id,
        amount: { amount: 1999, currency: 'USD' },
      })
      say('   Unexpected: the charge went through without authentication')
    } catch (error) {
      if (!ActionRequiredError.isInstance(error)) throw error
      say(`   The charge was refused: ${error.message}`)
      say(
        `   Nothing was charged. The app must bring customer ${error.action.customerId} back on-session for ${show(error.action.amount)}`,
      )
      const topUp = await faststar.catalog.prices.create({
        productId: product.id,
        unitAmount: { amount: 1999, currency: 'USD' },
      })
      const onSession = await faststar.sessions.create({
        lineItems: [{ priceId: topUp.id }],
        customer: { email: customer.email },
        successUrl: 'https://shop.example/thanks',
        cancelUrl: 'https://shop.example/account',
        reference: 'renewal_2026_06',
      })
      say(`   Emailed the buyer a checkout link where 3-D Secure can run: ${onSession.url}`)
    }

    say('\n8. Tax quotes')
    for (const quoteInput of [
      { amount: { amount: 1000, currency: 'EUR' }, country: 'DE' },
      { amount: { amount: 1000, currency: 'USD' }, country: 'US', region: 'CA' },
    ]) {
      const quote = await faststar.tax.calculate(quoteInput)
      const where = quote.region === undefined ? quote.country : `${quote.country}-${quote.region}`
      say(
        `   ${where}: ${quote.taxType} ${quote.ratePercent}% ${quote.inclusive ? 'included in' : 'added to'} the price: net ${show(quote.net)} + tax ${show(quote.tax)} = ${show(quote.gross)}`,
      )
    }

    await emulator.flushWebhooks()
    say(
      `\nDone: ${emulator.state.payments.size} payments in the emulator, ${emulator.requestCount()} API requests, ${emulator.state.webhookDeliveries.length} webhooks delivered.`,
    )
  } finally {
    await server.close()
    say('FastStar emulator stopped.')
  }
}

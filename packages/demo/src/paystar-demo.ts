import { InvalidRequestError, type Money, toMajorUnits } from '@paymux/core'
import { createPaystar } from '@paymux/paystar'
import { type PaystarEmulator, servePaystarEmulator } from '@paymux/paystar/testing'

const WEBHOOK_SECRET = 'whsec_demo_paystar'

const show = (money: Money | undefined) =>
  money === undefined ? 'unknown' : `${money.currency} ${toMajorUnits(money)}`

/** The newest webhook delivery the emulator sent, as your endpoint would receive it. */
function lastDelivery(emulator: PaystarEmulator) {
  const delivery = emulator.store.deliveries.at(-1)
  if (delivery === undefined) throw new Error('the emulator sent no webhook')
  return { rawBody: delivery.body, headers: delivery.headers, url: delivery.url }
}

/**
 * The Paystar part of the storefront demo: a utility bill paid through an
 * embedded payment session, then an AutoPay enrollment, against the Paystar
 * emulator on a loopback port.
 */
export async function runPaystarDemo(say: (line: string) => void): Promise<void> {
  const server = await servePaystarEmulator({ port: 0, webhook: { secret: WEBHOOK_SECRET } })
  try {
    const { emulator } = server
    say(`Paystar (utility billing): an emulator of Paystar's API is listening on ${server.url}.`)
    const paystar = createPaystar({
      apiKey: emulator.apiKey,
      businessUnitSlug: emulator.businessUnitSlug,
      baseUrl: server.url,
      webhookSecret: WEBHOOK_SECRET,
    })
    say(
      `Created the Paystar gateway for business unit "${emulator.businessUnitSlug}" (${paystar.environment}).`,
    )
    say(`Your web page would load Paystar's embedded loader from ${paystar.loaderUrl}.`)

    say('Asking for a payment session for a water bill (two charges on account ACC-12345)…')
    const session = await paystar.sessions.create({
      lineItems: [
        { amount: { amount: 979, currency: 'USD' }, description: 'March water bill' },
        { amount: { amount: 100, currency: 'USD' }, description: 'Meter fee' },
      ],
      customer: { email: 'john@example.com', firstName: 'John', lastName: 'Doe' },
      reference: 'bill-2026-03-ACC-12345',
      successUrl: 'https://utility.example/paid',
      cancelUrl: 'https://utility.example/bill',
      providerOptions: {
        paystar: {
          accounts: [{ accountNumber: 'ACC-12345', name: 'John Doe' }, { accountNumber: 'ACC-12345' }],
        },
      },
    })
    say(`  → session ${session.id}, status "${session.status}" (Paystar says "${session.nativeStatus}").`)
    say(
      `  → charges add up to ${show(session.amounts?.subtotal)}; the link expires at ${session.expiresAt?.toISOString()}.`,
    )
    say(`  → the buyer opens ${session.url}`)

    say('Trying a bill with a fraction of a cent: paymux refuses it before anything is sent…')
    const before = emulator.stats.requests
    const refused = await paystar.sessions
      .create({ amount: { amount: 10.5, currency: 'USD' }, description: 'Broken bill' })
      .catch((error: unknown) => error)
    if (InvalidRequestError.isInstance(refused)) {
      say(
        `  → ${refused.name} on ${refused.issues.map((issue) => issue.path).join(', ')}; requests sent: ${emulator.stats.requests - before}.`,
      )
    }

    say('The buyer presses "Pay" on the embedded page…')
    const paid = await fetch(`${session.url}/pay`, { method: 'POST', redirect: 'manual' })
    say(
      `  → Paystar sends the buyer back to ${paid.headers.get('location') ?? 'the page'} (HTTP ${paid.status}).`,
    )

    say('Paystar posts a webhook to your server; paymux checks its shared secret and reads it…')
    const payment = await paystar.webhooks.verify(lastDelivery(emulator))
    if (payment.type === 'payment.succeeded') {
      say(
        `  → ${payment.type}: payment ${payment.data.id} of ${show(payment.data.amount)} for bill "${payment.data.reference}".`,
      )
    }

    say('Now the customer wants AutoPay on account ACC-12345: asking for an AutoPay session…')
    const autopay = await paystar.manage.autopay({
      customer: { email: 'john@example.com' },
      account: { accountNumber: 'ACC-12345', name: 'John Doe' },
      syncAccount: true,
    })
    say(`  → AutoPay link ${autopay.url} (valid until ${autopay.expiresAt.toISOString()}).`)
    say('The customer presses "Enroll in AutoPay" on that page…')
    await fetch(`${autopay.url}/complete`, { method: 'POST', redirect: 'manual' })
    const enrolled = await paystar.webhooks.verify(lastDelivery(emulator))
    if (enrolled.type === 'subscription.created') {
      say(`  → webhook ${enrolled.nativeType}: account ${enrolled.data.id} now pays its bills automatically.`)
    }
    say(
      `Paystar emulator totals: ${emulator.stats.sessionsCreated} sessions, ${emulator.stats.payments} payment, ${emulator.stats.deliveries} webhooks.`,
    )
  } finally {
    await server.close()
  }
}

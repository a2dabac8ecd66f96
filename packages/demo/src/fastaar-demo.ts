import { type Money, toMajorUnits, type WebhookRequest } from '@paymux/core'
import { createFastaar } from '@paymux/fastaar'
import { serveFastaarEmulator } from '@paymux/fastaar/testing'

const WEBHOOK_SECRET = 'whsec_demo_fastaar'

/**
 * A BDT order through Fastaar, against its emulator on a loopback port:
 * create the checkout, pay by TrxID on the page, receive the webhook, refund.
 */
export async function runFastaarDemo(say: (line: string) => void): Promise<void> {
  const inbox: WebhookRequest[] = []
  const served = await serveFastaarEmulator({
    port: 0,
    webhooks: {
      secret: WEBHOOK_SECRET,
      // Stands in for your shop's webhook endpoint: keep the raw body and headers, answer 204.
      send: async (request) => {
        inbox.push({ rawBody: await request.text(), headers: request.headers })
        return new Response(null, { status: 204 })
      },
    },
  })
  try {
    say(`Fastaar (BDT, mobile wallets): the emulator is listening on ${served.url}`)
    const fastaar = createFastaar({
      apiKey: 'fk_test_demo',
      baseUrl: served.baseUrl,
      webhookSecret: WEBHOOK_SECRET,
    })
    say(`Connected with a test key (livemode: ${String(fastaar.livemode)}).`)

    say('1. Create a checkout for order ORDER-1001, BDT 1079.50, with our order id as the reference.')
    const session = await fastaar.sessions.create({
      amount: { amount: 107_950, currency: 'BDT' },
      reference: 'ORDER-1001',
      successUrl: 'https://shop.example.com/thanks',
      cancelUrl: 'https://shop.example.com/cart',
      metadata: { channel: 'web' },
    })
    say(`   Payment ${session.id} created (${session.created ? 'new' : 'found'}); status ${session.status}.`)
    say(
      `   Send the buyer to ${session.url}; it expires at ${session.expiresAt?.toISOString() ?? 'an unknown time'}.`,
    )

    say('2. Ask again with the same reference, as a retry after a lost answer would.')
    const again = await fastaar.sessions.create({
      amount: { amount: 107_950, currency: 'BDT' },
      reference: 'ORDER-1001',
    })
    say(`   Same payment ${again.id} (${again.created ? 'new' : 'found, not created twice'}).`)

    say('3. The buyer opens the checkout page, pays with bKash, and types the TrxID from the SMS.')
    const page = await fetch(session.url)
    say(`   The page answers HTTP ${page.status}: "${titleOf(await page.text())}".`)
    const submitted = await fetch(session.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ provider: 'bkash', trx_id: '8AB2C3D4EF', sender_number: '01712345678' }),
      redirect: 'manual',
    })
    say(
      `   Test mode matches the SMS at once; the buyer is sent back to ${submitted.headers.get('location') ?? '(nowhere)'}`,
    )

    const paid = await fastaar.payments.retrieve(session.id)
    say(`   Payment ${paid.id}: ${paid.status} (Fastaar says "${paid.nativeStatus}"), ${show(paid.amount)}.`)

    say('4. Fastaar sends a signed webhook; the shop verifies it before trusting it.')
    await served.emulator.deliverWebhooks()
    for (const delivery of inbox.splice(0)) {
      const event = await fastaar.webhooks.verify(delivery)
      say(`   Verified ${event.nativeType} → ${event.type}, deduplication key ${event.id}.`)
    }

    say('5. The buyer returns one item: refund BDT 79.50.')
    const refunded = await fastaar.payments.refund(session.id, { amount: { amount: 7_950, currency: 'BDT' } })
    say(
      `   Payment is still ${refunded.status} (Fastaar: "${refunded.nativeStatus}"); refunded so far ${show(refunded.amountRefunded)}.`,
    )
    for (const refund of await fastaar.payments.listRefunds(session.id)) {
      say(`   Refund ${refund.id}: ${show(refund.amount)}.`)
    }
    await served.emulator.deliverWebhooks()
    for (const delivery of inbox.splice(0)) {
      const event = await fastaar.webhooks.verify(delivery)
      say(`   Webhook ${event.nativeType} → ${event.type}.`)
    }
  } finally {
    await served.close()
  }
  say('Fastaar demo done; the emulator is closed.')
}

function show(money: Money | undefined): string {
  return money === undefined ? 'nothing' : `${money.currency} ${toMajorUnits(money)}`
}

function titleOf(html: string): string {
  return /<h1>([^<]*)<\/h1>/.exec(html)?.[1] ?? 'untitled'
}

// The paymux command's part of the tarball proof: with `paymux emulate all --json` serving the three
// emulators (its ready line in the file given), checks each /__paymux/info and makes one documented
// request per emulator with the test keys info publishes.
// Usage: node cli-requests.mjs <ready.json>
import { readFileSync } from 'node:fs'

const ready = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8'))
const must = (condition, message) => {
  if (!condition) {
    console.error(`FAIL: ${message}`)
    process.exit(1)
  }
}
const info = {}
for (const provider of ['faststar', 'fastaar', 'paystar']) {
  const response = await fetch(`${ready[provider].url}/__paymux/info`)
  info[provider] = await response.json()
  must(
    response.ok && info[provider].provider === provider,
    `${provider} /__paymux/info: ${JSON.stringify(info[provider])}`,
  )
  must(typeof info[provider].webhookSecret === 'string', `${provider} info publishes its test webhook secret`)
  console.log(`${provider} info: ${info[provider].triggers.length} triggers at ${info[provider].baseUrl}`)
}
const post = (url, headers, body) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
const faststar = await post(
  `${ready.faststar.baseUrl}/public/checkout/sessions`,
  { 'X-API-Key': info.faststar.keys.direct },
  {
    mode: 'payment',
    presentation: 'link',
    buyer_country: 'US',
    line_items: [{ ad_hoc_amount: 999, ad_hoc_currency: 'USD', description: 'Coffee', quantity: 1 }],
    success_url: 'https://shop.example/thanks',
    cancel_url: 'https://shop.example/cart',
  },
)
const session = await faststar.json()
must(
  faststar.ok && typeof session.data?.session?.id === 'string',
  `FastStar checkout session: ${faststar.status} ${JSON.stringify(session)}`,
)
console.log(`faststar POST /public/checkout/sessions → ${faststar.status} ${session.data.session.id}`)
const fastaar = await post(
  `${ready.fastaar.baseUrl}/payments`,
  { Authorization: `Bearer ${info.fastaar.keys.apiKey}` },
  {
    amount: 1079.5,
    currency: 'BDT',
    invoice_id: 'proof-1',
    success_url: 'https://shop.example/thanks',
    cancel_url: 'https://shop.example/cart',
  },
)
const payment = await fastaar.json()
must(
  fastaar.ok && payment.data?.id !== undefined,
  `Fastaar payment: ${fastaar.status} ${JSON.stringify(payment)}`,
)
console.log(`fastaar POST /payments → ${fastaar.status} ${payment.data.id}`)
const paystar = await post(
  `${ready.paystar.baseUrl}/integrations/embedded/initiate`,
  { 'X-Paystar-Api-Key': info.paystar.keys.apiKey },
  {
    BusinessUnitSlug: info.paystar.keys.businessUnitSlug,
    Channel: 'QuickPay',
    Charges: [{ Amount: 1079, Description: 'March water bill' }],
  },
)
const initiated = await paystar.json()
must(
  paystar.ok && initiated.hasErrors === false,
  `Paystar initiate: ${paystar.status} ${JSON.stringify(initiated)}`,
)
console.log(
  `paystar POST /integrations/embedded/initiate → ${paystar.status} ${initiated.data.PaymentSessionIdentifier}`,
)

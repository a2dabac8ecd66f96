// `pnpm sandbox`: the three emulators on fixed loopback ports, for trying paymux (or curl) by hand.
//
//   pnpm sandbox                                   FastStar :4010, Fastaar :4011, Paystar :4012
//   PORT_BASE=5000 pnpm sandbox                    … :5000, :5001, :5002
//   pnpm sandbox --port-base 5000 --webhook-url http://127.0.0.1:3000/webhooks
//
// Runs until Ctrl-C (SIGINT) or SIGTERM, then closes every server.
import { parseArgs } from 'node:util'
import { serveFastaarEmulator } from '@paymux/fastaar/testing'
import { FASTSTAR_EMULATOR_KEYS, serveFastStarEmulator } from '@paymux/faststar/testing'
import { servePaystarEmulator } from '@paymux/paystar/testing'
import { DEMO_WEBHOOK_SECRETS } from './shop.js'

const { values } = parseArgs({
  options: {
    'port-base': { type: 'string' },
    'webhook-url': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
})
if (values.help === true) {
  console.log(
    'pnpm sandbox [--port-base N] [--webhook-url URL]\n' +
      '  --port-base N     FastStar on N, Fastaar on N+1, Paystar on N+2 (env PORT_BASE; default 4010)\n' +
      '  --webhook-url URL where every emulator POSTs its signed webhooks (env WEBHOOK_URL; default none)',
  )
  process.exit(0)
}
const portBase = Number(values['port-base'] ?? process.env.PORT_BASE ?? 4010)
if (!Number.isSafeInteger(portBase) || portBase < 1 || portBase > 65_533) {
  console.error(
    `--port-base / PORT_BASE must be a port number (1–65533), got ${values['port-base'] ?? process.env.PORT_BASE}`,
  )
  process.exit(2)
}
const webhookUrl = values['webhook-url'] ?? process.env.WEBHOOK_URL
const FASTAAR_KEY = 'fk_test_sandbox'

const faststar = await serveFastStarEmulator({
  port: portBase,
  webhooks: {
    secret: DEMO_WEBHOOK_SECRETS.faststar,
    ...(webhookUrl === undefined ? {} : { url: webhookUrl }),
  },
})
const fastaar = await serveFastaarEmulator({
  port: portBase + 1,
  webhooks: {
    secret: DEMO_WEBHOOK_SECRETS.fastaar,
    ...(webhookUrl === undefined ? {} : { url: webhookUrl }),
  },
})
const paystar = await servePaystarEmulator({
  port: portBase + 2,
  webhooks: {
    secret: DEMO_WEBHOOK_SECRETS.paystar,
    ...(webhookUrl === undefined ? {} : { url: webhookUrl }),
  },
})

const ps = paystar.emulator
console.log(`paymux sandbox: three emulators on loopback. Nothing leaves this machine.

FastStar  ${faststar.url}
  createFastStar({ baseUrl: '${faststar.baseUrl}', apiKey: '${FASTSTAR_EMULATOR_KEYS.direct}', merchantType: 'direct', webhookSecret: '${DEMO_WEBHOOK_SECRETS.faststar}' })
  Merchant of Record key: ${FASTSTAR_EMULATOR_KEYS.mor} (line items from the catalog only)
  curl -s -X POST ${faststar.baseUrl}/public/checkout/sessions -H 'X-API-Key: ${FASTSTAR_EMULATOR_KEYS.direct}' -H 'content-type: application/json' \\
    -d '{"mode":"payment","presentation":"link","line_items":[{"ad_hoc_amount":999,"ad_hoc_currency":"USD","description":"Coffee","quantity":1}],"success_url":"https://shop.example/thanks","cancel_url":"https://shop.example/cart","buyer_country":"US"}'

Fastaar   ${fastaar.url}
  createFastaar({ baseUrl: '${fastaar.baseUrl}', apiKey: '${FASTAAR_KEY}', webhookSecret: '${DEMO_WEBHOOK_SECRETS.fastaar}' })
  any fk_test_… key works; test-mode TrxIDs are matched at once
  curl -s -X POST ${fastaar.baseUrl}/payments -H 'Authorization: Bearer ${FASTAAR_KEY}' -H 'content-type: application/json' \\
    -d '{"amount":1079.5,"currency":"BDT","invoice_id":"order-1","success_url":"https://shop.example/thanks","cancel_url":"https://shop.example/cart"}'

Paystar   ${paystar.url}
  createPaystar({ baseUrl: '${paystar.baseUrl}', apiKey: '${ps.apiKey}', businessUnitSlug: '${ps.businessUnitSlug}', webhookSecret: '${DEMO_WEBHOOK_SECRETS.paystar}' })
  curl -s -X POST ${paystar.url}/integrations/embedded/initiate -H 'X-Paystar-Api-Key: ${ps.apiKey}' -H 'content-type: application/json' \\
    -d '{"BusinessUnitSlug":"${ps.businessUnitSlug}","Channel":"QuickPay","Charges":[{"Amount":1079,"Description":"March water bill"}]}'

Webhooks: ${webhookUrl === undefined ? 'not sent (start with --webhook-url URL to receive them)' : `POSTed to ${webhookUrl}`}
Session links open a checkout page in a browser. Ctrl-C stops the sandbox.`)

let closing = false
async function shutDown(signal: string): Promise<void> {
  if (closing) return
  closing = true
  await Promise.allSettled([faststar.close(), fastaar.close(), paystar.close()])
  console.log(`\n${signal}: the emulators are closed.`)
}
process.once('SIGINT', () => void shutDown('SIGINT'))
process.once('SIGTERM', () => void shutDown('SIGTERM'))

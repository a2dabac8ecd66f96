import { EMULATOR_TEST_VALUES, FASTAAR_SANDBOX_KEY, type StartedEmulators } from './start-emulators.js'

/** The text `paymux emulate` prints: each emulator's `createX(…)` line and a documented request to try. */
export function emulateBanner(started: StartedEmulators, webhookUrl: string | undefined): string {
  const parts = ['paymux emulate: the emulators on loopback. Nothing leaves this machine.']
  const { faststar, fastaar, paystar } = started
  if (faststar !== undefined) {
    const { keys, webhookSecret } = EMULATOR_TEST_VALUES.faststar
    parts.push(`FastStar  ${faststar.url}
  createFastStar({ baseUrl: '${faststar.baseUrl}', apiKey: '${keys.direct}', merchantType: 'direct', webhookSecret: '${webhookSecret}' })
  Merchant of Record key: ${keys.mor} (line items from the catalog only)
  curl -s -X POST ${faststar.baseUrl}/public/checkout/sessions -H 'X-API-Key: ${keys.direct}' -H 'content-type: application/json' \\
    -d '{"mode":"payment","presentation":"link","line_items":[{"ad_hoc_amount":999,"ad_hoc_currency":"USD","description":"Coffee","quantity":1}],"success_url":"https://shop.example/thanks","cancel_url":"https://shop.example/cart","buyer_country":"US"}'`)
  }
  if (fastaar !== undefined) {
    const { webhookSecret } = EMULATOR_TEST_VALUES.fastaar
    parts.push(`Fastaar   ${fastaar.url}
  createFastaar({ baseUrl: '${fastaar.baseUrl}', apiKey: '${FASTAAR_SANDBOX_KEY}', webhookSecret: '${webhookSecret}' })
  any fk_test_… key works; test-mode TrxIDs are matched at once
  curl -s -X POST ${fastaar.baseUrl}/payments -H 'Authorization: Bearer ${FASTAAR_SANDBOX_KEY}' -H 'content-type: application/json' \\
    -d '{"amount":1079.5,"currency":"BDT","invoice_id":"order-1","success_url":"https://shop.example/thanks","cancel_url":"https://shop.example/cart"}'`)
  }
  if (paystar !== undefined) {
    const { keys, webhookSecret } = EMULATOR_TEST_VALUES.paystar
    parts.push(`Paystar   ${paystar.url}
  createPaystar({ baseUrl: '${paystar.baseUrl}', apiKey: '${keys.apiKey}', businessUnitSlug: '${keys.businessUnitSlug}', webhookSecret: '${webhookSecret}' })
  curl -s -X POST ${paystar.baseUrl}/integrations/embedded/initiate -H 'X-Paystar-Api-Key: ${keys.apiKey}' -H 'content-type: application/json' \\
    -d '{"BusinessUnitSlug":"${keys.businessUnitSlug}","Channel":"QuickPay","Charges":[{"Amount":1079,"Description":"March water bill"}]}'`)
  }
  const base = started.portBase === 4010 ? '' : ` --port-base ${started.portBase}`
  parts.push(
    [
      `Webhooks: ${webhookUrl === undefined ? 'recorded, not sent (--webhook-url URL sends them)' : `POSTed to ${webhookUrl}`}`,
      started.control
        ? `  paymux webhooks list${base} | trigger <event>${base} | replay <id>${base} | forward --to <url>${base}`
        : '  control routes off (not a loopback host): `paymux webhooks` cannot reach these emulators',
      'Session links open a checkout page in a browser. Ctrl-C stops the emulators.',
    ].join('\n'),
  )
  return parts.join('\n\n')
}

/** The one line `paymux emulate --json` prints: `{ portBase, faststar: { url, baseUrl }, … }`. */
export function emulateJson(started: StartedEmulators): string {
  const entry = (served: { url: string; baseUrl: string } | undefined) =>
    served === undefined ? {} : { url: served.url, baseUrl: served.baseUrl }
  const out: Record<string, unknown> = { portBase: started.portBase }
  if (started.faststar !== undefined) out.faststar = entry(started.faststar)
  if (started.fastaar !== undefined) out.fastaar = entry(started.fastaar)
  if (started.paystar !== undefined) out.paystar = entry(started.paystar)
  return JSON.stringify(out)
}

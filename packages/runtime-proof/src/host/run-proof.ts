// The runtime proof: the app in src/app, served on every runtime we claim, opens one checkout
// against the Fastaar emulator and verifies one signed webhook through createWebhookHandler.
import type { ChildProcess } from 'node:child_process'
import { type ServedFastaarEmulator, serveFastaarEmulator } from '@paymux/fastaar/testing'
import { freePort, kill } from '@paymux/test-servers'
import { buildBundles } from './bundles.js'
import { type RuntimeCase, runtimeCases } from './runtimes.js'

type Verdict = { readonly ok: boolean; readonly detail: string }
interface Row {
  readonly runtime: string
  readonly version: string
  /** Core's `#crypto` module as this runtime resolves it: Web Crypto off Node. */
  readonly crypto: Verdict
  readonly checkout: Verdict
  readonly webhook: Verdict
}

const API_KEY = 'fk_test_runtime_proof'
const STARTUP_MS = 30_000

/** Waits until the app answers anything (a 404 for an unknown path), or its process ends. */
async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${output().slice(-2000)}`)
    try {
      await fetch(`${url}/ready`, { method: 'POST' })
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  throw new Error(`not serving after ${STARTUP_MS} ms: ${output().slice(-2000)}`)
}

async function checkout(url: string, served: ServedFastaarEmulator, orderId: string): Promise<string> {
  const response = await fetch(`${url}/checkout`, { method: 'POST', body: JSON.stringify({ orderId }) })
  const body = (await response.json()) as { url?: string; ref?: string; error?: string }
  if (response.status !== 200 || body.ref === undefined)
    throw new Error(`${response.status} ${JSON.stringify(body)}`)
  const id = body.ref.replace(/^fastaar:/, '')
  // The payment exists at the emulator, for this order, with the exact amount: the app really called it.
  const payment = served.emulator.payment(id)
  if (payment?.invoice_id !== orderId || Number(payment.amount) !== 1079.5)
    throw new Error(`the emulator has ${JSON.stringify(payment)} for ${body.ref}`)
  if (body.url === undefined || !body.url.includes(id)) throw new Error(`checkout url ${body.url}`)
  return id
}

async function webhook(
  url: string,
  served: ServedFastaarEmulator,
  paymentId: string,
  output: () => string,
): Promise<void> {
  const { emulator } = served
  await emulator.submitTrxId(paymentId, { trxId: `TRX${paymentId.slice(-8).toUpperCase()}` })
  const delivery = emulator.webhooks.deliveries.find(
    (d) =>
      d.event === 'payment.completed' &&
      (JSON.parse(d.body) as { data: { id: string } }).data.id === paymentId,
  )
  if (delivery === undefined) throw new Error('the emulator recorded no payment.completed delivery')
  // The emulator delivers the signed webhook to the app's endpoint.
  const attempt = await emulator.webhooks.replay(delivery.id, { url: `${url}/webhooks` })
  if (attempt.status !== 200) throw new Error(`a genuine delivery was answered ${attempt.status}`)
  const seen = `paid: order ${(JSON.parse(delivery.body) as { data: { invoice_id: string } }).data.invoice_id} (fastaar:${paymentId})`
  await waitFor(() => output().includes(seen), `onEvent's line "${seen}"`)
  // The same delivery with one byte of the body changed must be refused, and never reach onEvent.
  const signed = emulator.webhooks.get(delivery.id)?.request ?? delivery.request
  const tampered = await fetch(`${url}/webhooks`, {
    method: 'POST',
    headers: signed.headers,
    body: signed.rawBody.replace('"1079.50"', '"1.50"').replace('1079.5', '1.5'),
  })
  const refusal = (await tampered.json()) as { error?: string }
  if (tampered.status !== 400 || refusal.error !== 'signature_mismatch')
    throw new Error(`a tampered delivery was answered ${tampered.status} ${JSON.stringify(refusal)}`)
}

async function waitFor(test: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`no ${what} in the app's output`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

function resolvedCrypto(runtime: RuntimeCase): Verdict {
  try {
    const found = runtime.crypto()
    return found === runtime.expectedCrypto
      ? { ok: true, detail: found }
      : { ok: false, detail: `resolved ${found}, expected ${runtime.expectedCrypto}` }
  } catch (error) {
    return fail(error)
  }
}

const fail = (error: unknown): Verdict => ({
  ok: false,
  detail: error instanceof Error ? error.message : String(error),
})

async function prove(runtime: RuntimeCase, served: ServedFastaarEmulator): Promise<Row> {
  let version: string
  try {
    version = runtime.version()
  } catch (error) {
    const missing = fail(
      new Error(`${runtime.name} is missing or not the version claimed: ${fail(error).detail}`),
    )
    return { runtime: runtime.name, version: 'missing', crypto: missing, checkout: missing, webhook: missing }
  }
  const crypto = resolvedCrypto(runtime)
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child = runtime.start(port, {
    FASTAAR_API_KEY: API_KEY,
    FASTAAR_WEBHOOK_SECRET: served.emulator.webhookSecret,
    FASTAAR_BASE_URL: served.baseUrl,
  })
  let log = ''
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()))
  const output = () => log
  try {
    await waitUntilServing(url, child, output)
    const verdicts = await checkoutThenWebhook(url, served, `order-${runtime.name}`, output)
    if (!verdicts.checkout.ok || !verdicts.webhook.ok) console.error(`--- ${runtime.name} output:\n${log}`)
    return { runtime: runtime.name, version, crypto, ...verdicts }
  } catch (error) {
    return { runtime: runtime.name, version, crypto, checkout: fail(error), webhook: fail(error) }
  } finally {
    await kill(child, 'SIGTERM', 5_000)
  }
}

/** The two checks on a serving app: the webhook pays the checkout's payment, so it needs one. */
async function checkoutThenWebhook(
  url: string,
  served: ServedFastaarEmulator,
  order: string,
  output: () => string,
): Promise<{ checkout: Verdict; webhook: Verdict }> {
  let paymentId: string
  try {
    paymentId = await checkout(url, served, order.toLowerCase().replace(/[^a-z0-9]+/g, '-'))
  } catch (error) {
    return { checkout: fail(error), webhook: fail(new Error('no checkout to pay')) }
  }
  const webhookVerdict = await webhook(url, served, paymentId, output).then(
    (): Verdict => ({ ok: true, detail: '' }),
    fail,
  )
  return { checkout: { ok: true, detail: `fastaar:${paymentId}` }, webhook: webhookVerdict }
}

function printMatrix(rows: readonly Row[]): void {
  const mark = (v: Verdict) => (v.ok ? 'pass' : 'FAIL')
  const name = (r: Row) => `${r.runtime} (${r.version})`
  const width = Math.max(...rows.map((r) => name(r).length))
  const cryptoWidth = Math.max(...rows.map((r) => r.crypto.detail.length + 7))
  console.log(`\n${'runtime'.padEnd(width)}  ${'#crypto'.padEnd(cryptoWidth)}  checkout  webhook`)
  for (const r of rows) {
    const crypto = `${mark(r.crypto)}: ${r.crypto.detail}`.padEnd(cryptoWidth)
    console.log(`${name(r).padEnd(width)}  ${crypto}  ${mark(r.checkout).padEnd(8)}  ${mark(r.webhook)}`)
  }
  for (const r of rows) {
    if (!r.checkout.ok) console.log(`\n${r.runtime} checkout: ${r.checkout.detail}`)
    if (!r.webhook.ok) console.log(`${r.runtime} webhook: ${r.webhook.detail}`)
  }
}

const started = Date.now()
const bundles = await buildBundles()
const served = await serveFastaarEmulator()
const rows: Row[] = []
try {
  for (const runtime of runtimeCases(bundles)) {
    const row = await prove(runtime, served)
    const verdicts = `#crypto ${row.crypto.detail}, checkout ${row.checkout.ok}, webhook ${row.webhook.ok}`
    console.log(`${row.runtime}: ${verdicts}`)
    rows.push(row)
  }
} finally {
  await served.close()
}
printMatrix(rows)
console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`)
process.exitCode = rows.every((r) => r.crypto.ok && r.checkout.ok && r.webhook.ok) ? 0 : 1

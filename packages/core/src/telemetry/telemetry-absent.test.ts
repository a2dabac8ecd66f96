// Without OpenTelemetry: when `@opentelemetry/api` cannot be loaded, every
// call answers exactly as with telemetry off, nothing surfaces and nothing is
// loaded; when it is installed but no SDK is registered, calls work and
// nothing is recorded.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { trace } from '@opentelemetry/api'
import { afterEach, describe, expect, it } from 'vitest'
import { createAcme } from '../adapter-kit/example/acme-gateway.js'
import { createRouter } from '../router/index.js'
import { resetOtel } from './otel.test-support.js'
import { otelApiNow } from './otel-api.js'
import { emulatedFetch } from './twin-gateway.test-support.js'

afterEach(resetOtel)

const SRC = new URL('../', import.meta.url).href
const CORE = fileURLToPath(new URL('../../', import.meta.url))

// The child: with PAYMUX_BLOCK_OTEL set, a resolve hook makes `@opentelemetry/api` absent (as if not
// installed) and reports every attempt to load it. It then runs the same calls with the default
// telemetry and with `telemetry: false`, and prints what they returned.
const CHILD = String.raw`
import { register } from 'node:module'
import { MessageChannel } from 'node:worker_threads'
const surfaced = []
process.on('uncaughtException', (error) => surfaced.push(String(error)))
process.on('unhandledRejection', (error) => surfaced.push(String(error)))
const refused = []
if (process.env.PAYMUX_BLOCK_OTEL) {
  const { port1, port2 } = new MessageChannel()
  port1.on('message', (specifier) => refused.push(specifier))
  port1.unref()
  const hook = [
    'let port',
    'export function initialize(data) { port = data.port }',
    'export async function resolve(specifier, context, next) {',
    "  const blocked = specifier === '@opentelemetry/api' || specifier.startsWith('@opentelemetry/api/')",
    // In 'paymux' mode only paymux's own import is refused: the application imports the API itself.
    ${'`'}  if (blocked && (${'$'}{JSON.stringify(process.env.PAYMUX_BLOCK_OTEL)} !== 'paymux' || String(context.parentURL).includes('telemetry/otel-api'))) {${'`'},
    '    port.postMessage(specifier)',
    "    throw Object.assign(new Error('Cannot find package ' + specifier), { code: 'ERR_MODULE_NOT_FOUND' })",
    '  }',
    '  return next(specifier, context)',
    '}',
  ].join('\n')
  register('data:text/javascript,' + encodeURIComponent(hook), { data: { port: port2 }, transferList: [port2] })
}
const src = process.env.PAYMUX_SRC
const { createAcme } = await import(src + 'adapter-kit/example/acme-gateway.ts')
const { createRouter, createWebhookHandler } = await import(src + 'router/index.ts')
const { createTwin, emulatedFetch, twinDelivery } = await import(src + 'telemetry/twin-gateway.test-support.ts')

async function run(telemetry) {
  const option = telemetry === undefined ? {} : { telemetry }
  const { fetch, sent } = emulatedFetch(['reset', 'emulator', 'emulator', 'emulator', 503])
  const settings = { fetch, backoff: { initialDelayMs: 0 }, ...option }
  const acme = createAcme({ apiKey: 'ak_test_c1', ...settings })
  const beta = createTwin('beta', { apiKey: 'ak_test_c2', ...settings })
  const router = createRouter({ gateways: [acme, beta], route: 'acme', ...option })
  const handled = []
  const handler = createWebhookHandler({ webhooks: router.webhooks, onEvent: async (event) => { handled.push(event.id) } })
  const session = await router.sessions.create({ amount: { amount: 1999, currency: 'USD' }, successUrl: 'https://shop.example/t', reference: 'ORDER-C' })
  const read = await router.sessions.retrieve(session.ref)
  const native = await acme.native.retrievePayment({ params: { paymentId: 'pay_1' } })
  const failed = await acme.sessions.create({ amount: { amount: 5, currency: 'USD' }, successUrl: 'https://shop.example/t' }).then(
    () => 'resolved',
    (error) => [error.name, error.code, error.message],
  )
  const delivery = await twinDelivery('beta', 'evt_c1')
  const statuses = [
    (await handler(delivery.clone())).status,
    (await handler(delivery.clone())).status,
    (await handler(await twinDelivery('beta', 'evt_c2', { secret: 'whsec_wrong' }))).status,
  ]
  return { session, read, native, failed, statuses, handled, sent: sent.length }
}

if (process.env.PAYMUX_BLOCK_OTEL === 'paymux') {
  // A bundle's case: paymux cannot import the API, the application hands in the module it has.
  const otel = await import('@opentelemetry/api')
  const sdk = await import('@opentelemetry/sdk-trace-base')
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks')
  otel.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  const exporter = new sdk.InMemorySpanExporter()
  const tracer = new sdk.BasicTracerProvider({ spanProcessors: [new sdk.SimpleSpanProcessor(exporter)] }).getTracer('app')
  const { fetch } = emulatedFetch()
  const acme = createAcme({ apiKey: 'ak_test_c3', fetch, telemetry: { api: otel, tracer } })
  const session = await acme.sessions.create({ amount: { amount: 1999, currency: 'USD' }, successUrl: 'https://shop.example/t', reference: 'ORDER-H' })
  await new Promise((resolve) => setTimeout(resolve, 100))
  const spans = exporter.getFinishedSpans().map((span) => span.name)
  process.stdout.write(JSON.stringify({ session: session.ref, spans, refused, surfaced }) + '\n')
  process.exit(0)
}
const withDefault = await run(undefined)
const withOff = await run(false)
const api = await import('@opentelemetry/api').then(() => 'loaded', (error) => error.code)
// Messages from the hook's thread arrive asynchronously.
await new Promise((resolve) => setTimeout(resolve, 100))
process.stdout.write(JSON.stringify({ withDefault, withOff, api, refused, surfaced }) + '\n')
`

interface ChildReport {
  readonly withDefault: { readonly sent: number; readonly statuses: number[] } & Record<string, unknown>
  readonly withOff: Record<string, unknown>
  readonly api: string
  readonly refused: string[]
  readonly surfaced: string[]
}

function runChild(blockOtel: boolean | 'paymux'): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@paymux/source', '--import', 'tsx', '--input-type=module', '-e', CHILD],
      {
        cwd: CORE,
        env: {
          ...process.env,
          PAYMUX_SRC: SRC,
          PAYMUX_BLOCK_OTEL: blockOtel === 'paymux' ? 'paymux' : blockOtel ? '1' : '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the child exited with ${code}: ${stderr.slice(-2_000)}`))
      else resolve(JSON.parse(stdout) as ChildReport)
    })
  })
}

describe('with @opentelemetry/api absent', () => {
  it('a router, its gateways and a webhook handler answer exactly as with telemetry off; the API is never loaded', async () => {
    const report = await runChild(true)
    expect(report.withDefault).toEqual(report.withOff)
    // The calls did what they do: a retried create, a read, a failure, three webhook answers.
    expect(report.withDefault).toMatchObject({
      session: { ref: 'acme:cs_1' },
      read: { ref: 'acme:cs_1' },
      native: { id: 'pay_1' },
      failed: ['ProviderUnavailableError', 'provider_unavailable', expect.any(String)],
      statuses: [200, 200, 400],
      handled: ['evt_c1'],
      sent: 5,
    })
    // paymux asked for it (and so would have used it), was refused, and carried on silently.
    expect(report.refused.length).toBeGreaterThan(0)
    expect(report.api).toBe('ERR_MODULE_NOT_FOUND')
    expect(report.surfaced).toEqual([])
  }, 60_000)

  it('the control: the same child without the hook loads the API, and still answers the same', async () => {
    const report = await runChild(false)
    expect(report.api).toBe('loaded')
    expect(report.refused).toEqual([])
    expect(report.withDefault).toMatchObject({ statuses: [200, 200, 400], handled: ['evt_c1'] })
    expect(report.surfaced).toEqual([])
  }, 60_000)
})

describe('with the API handed in', () => {
  it('records through the module the application gives, while paymux itself never imports it', async () => {
    const report = (await runChild('paymux')) as unknown as {
      session: string
      spans: string[]
      refused: string[]
      surfaced: string[]
    }
    expect(report.session).toBe('acme:cs_1')
    expect(report.spans).toEqual(['POST /checkout/sessions', 'paymux.sessions.create'])
    expect(report.refused).toEqual([])
    expect(report.surfaced).toEqual([])
  }, 60_000)
})

describe('with @opentelemetry/api present and no SDK registered', () => {
  it('a call returns its value, and nothing is recorded', async () => {
    const active: boolean[] = []
    const emulated = emulatedFetch(['reset'])
    const fetch: typeof globalThis.fetch = (input, init) => {
      active.push(trace.getActiveSpan()?.isRecording() === true)
      return emulated.fetch(input, init)
    }
    const acme = createAcme({ apiKey: 'ak_test_n1', fetch, backoff: { initialDelayMs: 0 } })
    const router = createRouter({ gateways: [acme], route: 'acme' })
    const session = await router.sessions.create({
      amount: { amount: 1999, currency: 'USD' },
      successUrl: 'https://shop.example/t',
      reference: 'ORDER-N',
    })
    expect(session.ref).toBe('acme:cs_1')
    expect(emulated.sent).toHaveLength(2)
    // The API was loaded (this is not the absent case), and no span records.
    expect(otelApiNow()).toHaveProperty('trace')
    expect(active).toEqual([false, false])
  })
})

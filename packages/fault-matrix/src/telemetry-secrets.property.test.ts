import { metrics, SpanStatusCode, trace } from '@opentelemetry/api'
import { createRouter, createWebhookHandler, type TransportHooks } from '@paymux/core'
import { createFastaar } from '@paymux/fastaar'
import { createFastaarEmulator } from '@paymux/fastaar/testing'
import { createFastStar } from '@paymux/faststar'
import { createFastStarEmulator, type Fault } from '@paymux/faststar/testing'
import { createPaystar } from '@paymux/paystar'
import { createPaystarEmulator, PAYSTAR_EMULATOR_BUSINESS_UNIT } from '@paymux/paystar/testing'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  type Answer,
  answerArbitrary,
  body,
  fill,
  headerSafe,
  latin1,
  longKeyArbitrary,
} from '../../core/src/http/secret-inputs.test-support.js'
import {
  findLeaks,
  type OtelSdk,
  recordedTexts,
  registerOtel,
  resetOtel,
} from '../../core/src/telemetry/otel.test-support.js'

// Issue 11: no secret and no personal data in any attribute. For each real gateway against its
// emulator, under a globally registered SDK, a property run generates an API key and a webhook
// secret (the secret-redaction property's keys, http/secret-inputs.test-support.ts, as far as a
// header can carry them), an e-mail address, a first and a last name, a card-like number and a
// reference, and makes every call that carries them: sessions.create through a router (with the
// e-mail, names and reference where the gateway takes them, and the card in what it keeps for you),
// the customer or management calls the gateway has, a call retried after an answer that echoes one
// value, a call failed by a provider answer that echoes another (the same random answers the
// secret-redaction property uses), and webhook deliveries through createWebhookHandler signed with
// the generated secret: handled, delivered again, and refused. Then every string the SDK received
// (span names, attribute keys and values, status messages, events, every metric point's
// attributes) must contain none of the values (nor the full name, nor a raw webhook body), raw,
// URL-encoded or JSON-escaped. Each run also checks that everything it made was recorded, and the
// checks at the end show the collector finds a value wherever it sits, and that the property fails
// when an instrumentation records the request (planted through a hook).

/** The generated values: none may show in anything recorded. */
interface Values {
  readonly apiKey: string
  readonly webhookSecret: string
  /** The wrong shared secret a forged Paystar delivery presents (other forgeries have a tampered signature). */
  readonly forgedSecret: string
  readonly email: string
  readonly firstName: string
  readonly lastName: string
  readonly card: string
  readonly reference: string
}

/** One run: the values, and the two provider answers (and which value each echoes). */
interface Run {
  readonly values: Values
  readonly failure: { readonly answer: Answer; readonly echoes: keyof Values }
  readonly retried: { readonly answer: Answer; readonly echoes: keyof Values }
}

/** What a scenario is given: the values, and the faults its failing and its retried call meet. */
interface ScenarioInput {
  readonly values: Values
  /** What every request of the failing call is answered. */
  readonly failure: Fault
  /** What the first attempt of the retried call is answered (a retryable status). */
  readonly retried: Fault
}

/** A run of the property as a scenario's input: the answers written out, each echoing its value. */
function echoingInput({ values, failure, retried }: Run): ScenarioInput {
  return {
    values,
    failure: echoingFault(failure.answer, failure.answer.status, values[failure.echoes]),
    retried: echoingFault(retried.answer, 503, values[retried.echoes]),
  }
}

// A key a header can carry as it is (the gateways send it in one), with no whitespace (Fastaar's
// `Bearer <key>`). The same random keys the redaction property uses otherwise, 12+ characters after
// their prefix, so that a match in a recorded string means the key leaked, not a coincidence.
const secretArbitrary = longKeyArbitrary.filter((key) => headerSafe(key) && !/\s/.test(key))

const LOWER = [...'abcdefghijklmnopqrstuvwxyz']
const token = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...LOWER, ...'0123456789'), minLength, maxLength })
const nameArbitrary = fc
  .string({ unit: fc.constantFrom(...LOWER), minLength: 12, maxLength: 16 })
  .map((name) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`)

const VALUE_NAMES = [
  'apiKey',
  'webhookSecret',
  'email',
  'firstName',
  'lastName',
  'card',
  'reference',
] as const satisfies readonly (keyof Values)[]

const valuesArbitrary: fc.Arbitrary<Values> = fc
  .record({
    apiKey: secretArbitrary,
    webhookSecret: secretArbitrary,
    forgedSecret: secretArbitrary,
    email: fc.tuple(token(12, 20), token(8, 12)).map(([local, domain]) => `${local}@${domain}.example`),
    firstName: nameArbitrary,
    lastName: nameArbitrary,
    card: fc
      .array(fc.integer({ min: 0, max: 9 }), { minLength: 15, maxLength: 15 })
      .map((d) => `4${d.join('')}`),
    reference: token(12, 24).map((tail) => `ord_${tail}`),
  })
  .filter((values) => new Set(Object.values(values)).size === Object.keys(values).length)

const runArbitrary: fc.Arbitrary<Run> = fc.record({
  values: valuesArbitrary,
  failure: fc.record({ answer: answerArbitrary, echoes: fc.constantFrom(...VALUE_NAMES) }),
  retried: fc.record({ answer: answerArbitrary, echoes: fc.constantFrom(...VALUE_NAMES) }),
})

/** What an emulator's fault queue takes: the answer's body echoing `echo`, and its request-id header. */
function echoingFault(answer: Answer, status: number, echo: string): Fault {
  const requestId =
    answer.requestId !== undefined && headerSafe(echo)
      ? `req${fill(answer.requestId, echo, echo, latin1)}x`
      : undefined
  return {
    type: 'status',
    status,
    body: body(answer, echo, echo),
    headers: {
      'content-type': answer.style === 'text' ? 'text/html' : 'application/json',
      ...(requestId === undefined ? {} : { 'x-request-id': requestId }),
    },
  }
}

/** Retries stay on (one, at once), so the retried call and a retried failure are both recorded. */
const QUICK = { maxRetries: 1, backoff: { initialDelayMs: 0, maxDelayMs: 0 } } as const
// Every request of the failing call meets the answer: its attempts, and the look-up some gateways
// make after answers were lost (a create with a reference); what is left is cleared after it.
const FAILING_REQUESTS = 10

/** Settings a check adds to the gateway under test (a hook that plants a leak). */
interface ExtraSettings {
  readonly hooks?: TransportHooks
}

/** What a scenario hands back: raw webhook bodies it delivered, which must not show either. */
type Delivered = readonly string[]

/** Runs `call`, which must fail; its error is not what this test looks at. */
async function failing(call: Promise<unknown>): Promise<void> {
  await expect(call).rejects.toBeDefined()
}

/** Posts a delivery to the handler: the status it answered. */
async function post(
  handler: (request: Request) => Promise<Response>,
  delivery: { readonly url?: string; readonly headers: Record<string, string>; readonly body: string },
) {
  const response = await handler(
    // An emulator's record without an endpoint has the url '' (Paystar's header secret).
    new Request(delivery.url || 'https://shop.example/webhooks', {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
    }),
  )
  await response.arrayBuffer()
  return response.status
}

/** Handled, delivered again (a duplicate), and forged (refused): the three outcomes a delivery can meet. */
async function deliverThrice(
  handler: (request: Request) => Promise<Response>,
  delivery: { readonly url?: string; readonly headers: Record<string, string>; readonly body: string },
  forged: { readonly url?: string; readonly headers: Record<string, string>; readonly body: string },
) {
  expect(await post(handler, delivery)).toBe(200)
  expect(await post(handler, delivery)).toBe(200)
  expect(await post(handler, forged)).toBe(400)
}

/** A signature header with its last hex digit changed: body and secret are right, the signature is not. */
function tampered(signature: string): string {
  const last = signature.at(-1) === '0' ? '1' : '0'
  return `${signature.slice(0, -1)}${last}`
}

async function fastStarScenario(
  { values, failure, retried }: ScenarioInput,
  extra: ExtraSettings = {},
): Promise<Delivered> {
  const emulator = createFastStarEmulator({
    merchants: [{ apiKey: values.apiKey, type: 'direct' }],
    webhooks: { secret: values.webhookSecret },
  })
  const gateway = createFastStar({
    apiKey: values.apiKey,
    merchantType: 'direct',
    webhookSecret: values.webhookSecret,
    fetch: emulator.fetch,
    ...QUICK,
    ...extra,
  })
  const router = createRouter({ gateways: [gateway], route: 'faststar' })
  const order = {
    amount: { amount: 1999, currency: 'USD' },
    successUrl: `https://shop.example/thanks?email=${encodeURIComponent(values.email)}`,
    cancelUrl: 'https://shop.example/cart',
    reference: values.reference,
    customer: { email: values.email },
  }
  const session = await router.sessions.create(order)
  const customer = await gateway.customers.create({
    email: values.email,
    name: `${values.firstName} ${values.lastName}`,
  })
  // Retried: the first attempt meets a 503 that echoes a value, the second is answered.
  emulator.faults.inject(retried)
  await gateway.customers.retrieve(customer.id)
  // Failed: every attempt meets the provider answer that echoes a value.
  emulator.faults.inject(failure, { count: FAILING_REQUESTS })
  await failing(router.sessions.create({ ...order, reference: `${values.reference}_2` }))
  emulator.faults.clear()

  const handler = createWebhookHandler({ webhooks: router.webhooks, onEvent: () => {} })
  const delivery = emulator.webhooks.build('payment.succeeded', {
    payment_id: 'pi_property_1',
    amount: 1999,
    currency: 'USD',
    status: 'succeeded',
    checkout_session_id: session.id,
    client_reference_id: values.reference,
    customer_email: values.email,
    customer_name: `${values.firstName} ${values.lastName}`,
    card_number: values.card,
  })
  const signed = { headers: delivery.headers, body: delivery.body }
  const signature = delivery.headers['x-webhook-signature'] as string
  await deliverThrice(handler, signed, {
    ...signed,
    headers: { ...delivery.headers, 'x-webhook-signature': tampered(signature) },
  })
  return [delivery.body]
}

async function fastaarScenario(
  { values, failure, retried }: ScenarioInput,
  extra: ExtraSettings = {},
): Promise<Delivered> {
  const { apiKey } = values
  const emulator = createFastaarEmulator({
    apiKeys: [apiKey],
    rateLimit: false,
    webhooks: { secret: values.webhookSecret },
  })
  const gateway = createFastaar({
    apiKey,
    webhookSecret: values.webhookSecret,
    fetch: emulator.fetch,
    ...QUICK,
    ...extra,
  })
  const router = createRouter({ gateways: [gateway], route: 'fastaar' })
  const order = {
    amount: { amount: 107_950, currency: 'BDT' },
    successUrl: 'https://shop.example/thanks',
    cancelUrl: `https://shop.example/cart?ref=${encodeURIComponent(values.reference)}`,
    reference: values.reference,
    // Fastaar takes no customer: what a shop keeps of the buyer goes in metadata.
    metadata: {
      email: values.email,
      name: `${values.firstName} ${values.lastName}`,
      card: values.card,
    },
  }
  const session = await router.sessions.create(order)
  emulator.faults.inject(retried)
  await gateway.sessions.retrieve(session.id)
  emulator.faults.inject(failure, { count: FAILING_REQUESTS })
  await failing(router.sessions.create({ ...order, reference: `${values.reference}_2` }))
  emulator.faults.clear()

  const handler = createWebhookHandler({ webhooks: router.webhooks, onEvent: () => {} })
  await emulator.submitTrxId(session.id, { trxId: 'TRX0000001' })
  const { rawBody, headers } = emulator.webhooks.build('payment.completed', session.id).request
  const signed = { headers, body: rawBody }
  const name = Object.keys(headers).find((header) => header.toLowerCase() === 'x-fastaar-signature') as string
  await deliverThrice(handler, signed, {
    ...signed,
    headers: { ...headers, [name]: tampered(headers[name] as string) },
  })
  return [rawBody]
}

async function paystarScenario(
  { values, failure, retried }: ScenarioInput,
  extra: ExtraSettings = {},
): Promise<Delivered> {
  const emulator = createPaystarEmulator({
    apiKeys: [values.apiKey],
    webhooks: { secret: values.webhookSecret },
  })
  const gateway = createPaystar({
    apiKey: values.apiKey,
    businessUnitSlug: PAYSTAR_EMULATOR_BUSINESS_UNIT,
    webhookSecret: values.webhookSecret,
    fetch: emulator.fetch,
    ...QUICK,
    ...extra,
  })
  const router = createRouter({ gateways: [gateway], route: 'paystar' })
  const customer = { email: values.email, firstName: values.firstName, lastName: values.lastName }
  const order = {
    amount: { amount: 12_550, currency: 'USD' },
    description: `Card ${values.card}`,
    successUrl: 'https://utility.example/paid',
    reference: values.reference,
    customer,
  }
  const session = await router.sessions.create(order)
  // A native call outside any operation: its own span, paymux.native.initiateManageAutopay.
  const account = { accountNumber: values.card, name: `${values.firstName} ${values.lastName}` }
  await gateway.manage.autopay({ customer, account, syncAccount: true })
  emulator.faults.inject(retried)
  await router.sessions.create({ ...order, reference: `${values.reference}_r` })
  emulator.faults.inject(failure, { count: FAILING_REQUESTS })
  await failing(router.sessions.create({ ...order, reference: `${values.reference}_2` }))
  emulator.faults.clear()

  const handler = createWebhookHandler({ webhooks: router.webhooks, onEvent: () => {} })
  const delivery = emulator.webhooks.build('Payment.Succeeded', {
    sessionIdentifier: session.id,
    status: 'Succeeded',
    referenceNumber: 'PS-PROPERTY-1',
    amount: '125.50',
    clientReference: values.reference,
    accountNumber: values.card,
  })
  // Paystar signs nothing: a forged delivery is one that presents the wrong shared secret.
  const forgedHeaders = Object.fromEntries(
    Object.entries(delivery.headers).map(([name, value]) => [
      name,
      value === values.webhookSecret ? values.forgedSecret : value,
    ]),
  )
  await deliverThrice(handler, delivery, { ...delivery, headers: forgedHeaders })
  return [delivery.body]
}

let otel: OtelSdk
beforeEach(() => {
  otel = registerOtel()
})
afterEach(() => {
  resetOtel()
})

/** What a run must have recorded, or the property would pass on an empty or broken collection. */
async function expectEverythingRecorded(gateway: string) {
  const spans = otel.spans()
  const names = spans.map((span) => span.name)
  expect(names.filter((name) => name === 'paymux.router.sessions.create').length).toBeGreaterThanOrEqual(2)
  expect(names).toContain('paymux.sessions.create')
  expect(names).toContain('paymux.webhooks.verify')
  const deliveries = spans.filter((span) => span.name === 'paymux.webhooks.deliver')
  expect(deliveries.map((span) => span.attributes['paymux.webhook.outcome'])).toEqual([
    'handled',
    'duplicate',
    'refused',
  ])
  const attempts = spans.filter((span) => span.attributes['url.template'] !== undefined)
  expect(attempts.length).toBeGreaterThanOrEqual(4)
  expect(attempts.some((span) => span.attributes['http.request.resend_count'] === 1)).toBe(true)
  expect(spans.some((span) => span.status.code === SpanStatusCode.ERROR)).toBe(true)
  expect(
    spans.every((span) => [undefined, gateway].includes(span.attributes['paymux.gateway'] as string)),
  ).toBe(true)
  const pointNames = new Set((await otel.allPoints()).map((point) => point.metric))
  for (const name of [
    'paymux.operation.duration',
    'paymux.router.duration',
    'paymux.http.attempts',
    'paymux.http.retries',
    'paymux.webhook.deliveries',
  ]) {
    expect(pointNames).toContain(name)
  }
}

/** A gateway's scenario: every call that carries the values; resolves to the raw webhook bodies sent. */
type Scenario = (input: ScenarioInput, extra?: ExtraSettings) => Promise<Delivered>

/** Each gateway, its scenario, and the form its API keys take (the generated key's random part kept). */
const SCENARIOS: readonly (readonly [string, Scenario, (generated: string) => string])[] = [
  ['faststar', fastStarScenario, (key) => key],
  // Fastaar keys have a documented form, `fk_test_…`, which its emulator checks.
  ['fastaar', fastaarScenario, (key) => key.replace(/^sk_live_/, 'fk_test_')],
  ['paystar', paystarScenario, (key) => key],
]

/** `run` with its API key in the gateway's form, so that the key checked for is the key sent. */
function keyed<T extends { readonly values: Values }>(run: T, keyOf: (generated: string) => string): T {
  return { ...run, values: { ...run.values, apiKey: keyOf(run.values.apiKey) } }
}

/** Runs per gateway: each is a dozen calls and three deliveries; the file stays well under a minute. */
const NUM_RUNS = 25

/** Runs `input` through `scenario`: each recorded string showing a value or a raw webhook body, described. */
async function leaksOf(gateway: string, scenario: Scenario, input: ScenarioInput): Promise<string[]> {
  otel.resetSpans()
  const bodies = await scenario(input)
  await expectEverythingRecorded(gateway)
  const { values } = input
  const needles: Record<string, string> = {
    ...values,
    name: `${values.firstName} ${values.lastName}`,
    ...Object.fromEntries(bodies.map((text, index) => [`raw webhook body ${index + 1}`, text])),
  }
  return findLeaks(recordedTexts(otel.spans(), await otel.allPoints()), needles)
}

describe('property: no secret and no personal data in any span, event or metric attribute', () => {
  it.each(SCENARIOS)(
    '%s against its emulator, over the secret-redaction inputs',
    async (gateway, scenario, keyOf) => {
      await fc.assert(
        fc.asyncProperty(runArbitrary, async (run) => {
          expect(await leaksOf(gateway, scenario, echoingInput(keyed(run, keyOf)))).toEqual([])
        }),
        { numRuns: NUM_RUNS },
      )
    },
    60_000,
  )
})

// The redaction inputs put every echo between separator characters, so an echo is never a whole
// field. A provider can also answer with a value as the whole error code (Fastaar's `error.type`,
// its plugin's `code`), which paymux once recorded as `paymux.error.code` (it records only the class now).
const bareRunArbitrary = fc.record({
  values: valuesArbitrary,
  echoes: fc.constantFrom(...VALUE_NAMES),
  style: fc.constantFrom('fastaar', 'fastaar-plugin', 'paystar', 'faststar'),
  status: fc.constantFrom(400, 402, 404, 409, 422, 500, 503),
})

/** Answers whose error code (and message, field) is exactly one of the values. */
function bareInput({
  values,
  echoes,
  style,
  status,
}: typeof bareRunArbitrary extends fc.Arbitrary<infer T> ? T : never): ScenarioInput {
  const value = values[echoes]
  const body =
    style === 'fastaar'
      ? { error: { type: value, message: value } }
      : style === 'fastaar-plugin'
        ? { code: value, message: value }
        : style === 'paystar'
          ? { hasErrors: true, errors: [{ field: value, message: value }] }
          : { success: false, message: value }
  return {
    values,
    failure: { type: 'status', status, body },
    retried: { type: 'status', status: 503, body },
  }
}

describe('property: a provider error code that is itself a secret or personal value is not recorded', () => {
  it.each(SCENARIOS)(
    '%s against its emulator',
    async (gateway, scenario, keyOf) => {
      await fc.assert(
        fc.asyncProperty(bareRunArbitrary, async (run) => {
          expect(await leaksOf(gateway, scenario, bareInput(keyed(run, keyOf)))).toEqual([])
        }),
        { numRuns: NUM_RUNS },
      )
    },
    60_000,
  )
})

describe('the collector the property relies on', () => {
  it('finds a value in a span name, attribute, status message, event and metric point, in each written form', async () => {
    const secret = 'sk_live_Ab"c/d e+f@g.h?i=j'
    const span = trace.getTracer('test').startSpan(`op ${secret}`, { attributes: { note: `x${secret}y` } })
    span.addEvent('event', { deep: [`z${encodeURIComponent(secret)}`] })
    span.setStatus({ code: SpanStatusCode.ERROR, message: JSON.stringify(secret) })
    span.end()
    metrics
      .getMeter('test')
      .createCounter('c')
      .add(1, { [`k${new URLSearchParams({ v: secret })}`]: 'v' })
    const leaks = findLeaks(recordedTexts(otel.spans(), await otel.allPoints()), { secret })
    const places = [
      `span "op ${secret}" name`,
      `span "op ${secret}" attribute note`,
      `span "op ${secret}" status message`,
      `span "op ${secret}" event "event" attribute deep`,
      'metric c point attribute key',
    ]
    for (const place of places) expect(leaks.filter((leak) => leak.startsWith(`${place} = `))).toHaveLength(1)
    expect(leaks).toHaveLength(places.length)
  })

  it.each(SCENARIOS)(
    'makes the property fail for %s when a span records the request (a leak planted through a hook)',
    async (gateway, scenario, keyOf) => {
      const [run] = fc.sample(runArbitrary, { numRuns: 1, seed: 11 })
      const input = echoingInput(keyed(run as Run, keyOf))
      const plant: TransportHooks = {
        // What an instrumentation that recorded the filled URL and the body would write.
        onRequest: (event) =>
          trace
            .getActiveSpan()
            ?.setAttribute('planted.request', `${event.url} ${JSON.stringify(event.body)}`),
      }
      const leaks = await leaksOf(gateway, (given) => scenario(given, { hooks: plant }), input)
      // The calls really carry the values: the buyer's e-mail, names and the reference were all sent.
      for (const label of ['email', 'firstName', 'lastName', 'reference']) {
        expect(leaks.some((leak) => leak.endsWith(`contains the ${label}`))).toBe(true)
      }
      expect(leaks.every((leak) => leak.includes('attribute planted.request'))).toBe(true)
    },
  )
})

// A second gateway for telemetry tests, built with the adapter kit as every
// real gateway is (createTransport + createNativeClient + defineGateway), so
// it gets the same spans: Acme's endpoint table and wire format under an id of
// the test's choosing (Acme's own id is fixed), plus a `webhooks` facet signed
// `t=<unix seconds>,v1=<hex>` (Acme receives no webhooks). It runs on Acme's emulator,
// as does Acme itself (`acmeWith`, called with SESSION). Beside them, the attributes the tests
// expect of their calls' spans and metric points (`callOf`, `failure`, `spanFailure`, ACME_CREATE_ATTEMPT).

import type { AcmePayment } from '../adapter-kit/example/acme-api.js'
import { ACME_ENDPOINTS } from '../adapter-kit/example/acme-endpoints.js'
import { ACME_CAPABILITIES, createAcme } from '../adapter-kit/example/acme-gateway.js'
import { type AcmeSettings, resolveAcmeSettings } from '../adapter-kit/example/acme-settings.js'
import {
  fromAcmePayment,
  fromAcmeSession,
  toAcmeSessionBody,
} from '../adapter-kit/example/map-acme-session.js'
import { createAcmeEmulator } from '../adapter-kit/example/testing/acme-emulator.js'
import {
  computeSignature,
  createNativeClient,
  createTransport,
  defineGateway,
  lazy,
  neutralPipeline,
  readHeader,
  toRef,
  verifySignature,
} from '../adapter-kit/index.js'
import type { Gateway, SessionsFacet, WebhookRequest, WebhooksFacet } from '../model/index.js'

/** The secret twins verify deliveries with, unless told another. */
export const TWIN_WEBHOOK_SECRET = 'whsec_twin_test_6d1f'

const schemas = lazy(() => import('../adapter-kit/example/acme-schemas.js'))
const decoder = new TextDecoder()

/** A kit-built gateway `id`: `sessions.create` on Acme's API, and `webhooks.verify`. */
export type TwinGateway<Id extends string> = Gateway<
  Id,
  { sessions: Pick<SessionsFacet, 'create'>; webhooks: WebhooksFacet }
>

/** Creates the twin gateway `id` with Acme's settings (`apiKey`, `fetch`, `telemetry`, …). */
export function createTwin<const Id extends string>(
  id: Id,
  settings: AcmeSettings,
  webhookSecret = TWIN_WEBHOOK_SECRET,
): TwinGateway<Id> {
  const transport = createTransport({ provider: id, ...resolveAcmeSettings(settings) })
  const native = createNativeClient({ transport, endpoints: ACME_ENDPOINTS, schemas })
  const { unsupportedFields } = ACME_CAPABILITIES
  const pipeline = neutralPipeline({ provider: id, schemas, unsupportedFields })
  const own = <T extends { id: string }>(neutral: T): T => ({
    ...neutral,
    provider: id,
    ref: toRef(id, neutral.id),
  })
  const header = signatureHeader(id)
  const sessions = {
    create: pipeline.input(
      'sessions.create',
      (loaded) => loaded.sessionInput,
      async (input, options) =>
        own(fromAcmeSession(await native.createSession({ body: toAcmeSessionBody(input) }, options))),
    ),
  }
  const webhooks: WebhooksFacet = {
    recognizes: ({ headers }) => readHeader(headers, header) !== undefined,
    async verify({ rawBody, headers }: WebhookRequest) {
      await verifySignature({
        provider: id,
        rawBody,
        header: readHeader(headers, header),
        headerName: header,
        secret: webhookSecret,
      })
      const text = typeof rawBody === 'string' ? rawBody : decoder.decode(rawBody as Uint8Array)
      const body = JSON.parse(text) as { id: string; type: string; data: AcmePayment }
      return {
        type: 'payment.succeeded',
        id: body.id,
        provider: id,
        ref: toRef(id, body.id),
        occurredAt: new Date(0),
        nativeType: body.type,
        data: own(fromAcmePayment(body.data)),
        raw: body,
      }
    },
  }
  return defineGateway({
    id,
    native,
    facets: { sessions, webhooks },
    capabilities: ACME_CAPABILITIES,
    description: `TwinGateway { id: '${id}' }`,
  }) as unknown as TwinGateway<Id>
}

/** The header a twin reads its signature from. */
export function signatureHeader(id: string): string {
  return `x-${id}-signature`
}

/** A delivery of event `eventId` to twin `id`, signed with `secret` (a wrong one makes a bad signature). */
export async function twinDelivery(
  id: string,
  eventId: string,
  options: { secret?: string; method?: string; url?: string } = {},
): Promise<Request> {
  const rawBody = JSON.stringify({
    id: eventId,
    type: 'payment.paid',
    data: { id: 'pay_7', status: 'succeeded', amount: 1999, currency: 'USD', reference: 'ORDER-7' },
  })
  const timestamp = Math.floor(Date.now() / 1000)
  const signature = await computeSignature(options.secret ?? TWIN_WEBHOOK_SECRET, timestamp, rawBody)
  return new Request(options.url ?? 'https://shop.example/webhooks', {
    method: options.method ?? 'POST',
    headers: { 'content-type': 'application/json', [signatureHeader(id)]: `t=${timestamp},v1=${signature}` },
    body: rawBody,
  })
}

/** What the test's `fetch` does with the next request: a dropped connection, a bare status, or the emulator's answer. */
export type Fault = 'reset' | 'refused' | number | 'emulator'

/**
 * A `fetch` on Acme's emulator (one per call, so gateways sharing it share
 * one Acme). Each request takes the next of `faults`, then the emulator
 * answers; `down: true` refuses every connection until set back.
 */
export function emulatedFetch(faults: Fault[] = []) {
  const emulator = createAcmeEmulator()
  const sent: Request[] = []
  const state = { down: false }
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init)
    sent.push(request.clone())
    const fault = state.down ? 'refused' : (faults.shift() ?? 'emulator')
    if (fault === 'reset' || fault === 'refused') throw connectionError(fault)
    if (typeof fault === 'number') return Response.json({ ok: false, error: 'overloaded' }, { status: fault })
    return emulator.fetch(request)
  }
  return { fetch, sent, emulator, faults, state }
}

/** A `sessions.create` input Acme and the twins take; it has a reference, so a failed create may be retried. */
export const SESSION = {
  amount: { amount: 1999, currency: 'USD' },
  successUrl: 'https://shop.example/thanks',
  reference: 'ORDER-1',
}

/** Acme itself on {@link emulatedFetch}`(faults)`, retrying at once: the gateway beside what its fetch saw. */
export function acmeWith(faults: Fault[], settings: Partial<AcmeSettings> = {}) {
  const emulated = emulatedFetch(faults)
  const acme = createAcme({
    apiKey: 'ak_test_5e2a',
    fetch: emulated.fetch,
    backoff: { initialDelayMs: 0 },
    ...settings,
  })
  return { acme, ...emulated }
}

/** The attributes that name a call on its spans and metric points: its gateway and its operation. */
export function callOf(gateway: string, operation = 'sessions.create') {
  return { 'paymux.gateway': gateway, 'paymux.operation': operation }
}

/** How a call that failed with `errorClass` ended, on its metric points (its spans add {@link spanFailure}'s `error.type`). */
export function failure(errorClass: string) {
  return { 'paymux.outcome': 'error', 'paymux.error.class': errorClass }
}

/** How a span that failed with `errorClass` ended: the outcome, the class, and the class again as OTel's `error.type`. */
export function spanFailure(errorClass: string) {
  return { ...failure(errorClass), 'error.type': errorClass }
}

/** What every Acme attempt span of `sessions.create` carries. */
export const ACME_CREATE_ATTEMPT = {
  ...callOf('acme'),
  'http.request.method': 'POST',
  'server.address': 'api.acme.test',
  'server.port': 443,
  'url.template': '/checkout/sessions',
}

function connectionError(fault: 'reset' | 'refused'): TypeError {
  const code = fault === 'reset' ? 'ECONNRESET' : 'ECONNREFUSED'
  return new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code}`), { code }) })
}

import type { WebhookEvent, WebhookRequest } from '@paymux/core'
import {
  describeIssues,
  lazy,
  readHeader,
  safeParseWithMessages,
  timingSafeEqual,
  toFieldIssues,
  WebhookVerificationError,
} from '@paymux/core/adapter-kit'
import { toPaystarWebhookEvent } from './map-paystar-webhook.js'
import type { PaystarWebhookDelivery, paystarWebhookDeliverySchema } from './paystar-api.js'
import type { PaystarWebhookOptions } from './paystar-settings.js'

/** A webhook delivery: the raw body, the headers, and the URL it was posted to. */
export interface PaystarWebhookRequest extends WebhookRequest {
  /**
   * The request URL, absolute or as path and query (`req.originalUrl`).
   * Needed when the shared secret travels in the URL.
   */
  readonly url?: string | URL
}

/** Authenticating and normalizing Paystar webhook deliveries. */
export interface PaystarWebhooksFacet {
  /**
   * Checks the shared secret (header or URL token, compared in constant time),
   * then normalizes the delivery. Paystar signs nothing, so this proves the
   * sender knows the secret; it does not prove the body is unaltered. Throws
   * `WebhookVerificationError`.
   */
  verify(request: PaystarWebhookRequest): Promise<WebhookEvent>
  /** Whether the delivery carries the shared secret's header or URL parameter (not whether it is right). */
  recognizes(request: PaystarWebhookRequest): boolean
}

/** The header {@link PaystarWebhookOptions.secretHeader} defaults to. */
export const DEFAULT_WEBHOOK_SECRET_HEADER = 'X-Paystar-Webhook-Secret'
/** The query parameter {@link PaystarWebhookOptions.secretQueryParameter} defaults to. */
export const DEFAULT_WEBHOOK_SECRET_QUERY_PARAMETER = 'token'

interface WebhookSettings {
  readonly secret: string | undefined
  readonly options: PaystarWebhookOptions
  readonly currency: string
  /** The gateway's schema module loader: the delivery schema comes with it, loaded once. */
  readonly schemas: () => Promise<{ readonly webhookDelivery: typeof paystarWebhookDeliverySchema }>
  /** The gateway's clock, for `occurredAt` (the template carries no event time). @default Date.now */
  readonly now?: () => number
}

/** Builds `webhooks` for a gateway; the secret stays in this closure. */
export function createPaystarWebhooks(settings: WebhookSettings): PaystarWebhooksFacet {
  const header = settings.options.secretHeader ?? DEFAULT_WEBHOOK_SECRET_HEADER
  const parameter = settings.options.secretQueryParameter ?? DEFAULT_WEBHOOK_SECRET_QUERY_PARAMETER
  const secret = settings.secret
  // The secret's digest is computed once, not per delivery.
  const secretDigest = lazy(() => digest(new TextEncoder().encode(secret ?? '')))
  return {
    recognizes: (request) =>
      (header !== false && readHeader(request.headers, header) !== undefined) ||
      (parameter !== false && queryValue(request.url, parameter) !== undefined),
    async verify(request) {
      if (secret === undefined) {
        throw failure('missing_secret', 'no webhook secret: pass webhookSecret to createPaystar()')
      }
      const bytes = rawBytes(request.rawBody)
      const presented = presentedSecret(request, header, parameter)
      // Both sides are hashed first so the comparison takes the same time whatever
      // their lengths: not even the secret's length leaks through timing.
      const [given, expected] = await Promise.all([
        digest(new TextEncoder().encode(presented)),
        secretDigest(),
      ])
      if (!timingSafeEqual(given, expected)) {
        throw failure(
          'signature_mismatch',
          presented.trim() === presented
            ? 'the shared secret of this delivery does not match webhookSecret'
            : 'the shared secret of this delivery does not match webhookSecret (it has surrounding whitespace)',
        )
      }
      const body = parseJson(bytes)
      const delivery = checkDelivery((await settings.schemas()).webhookDelivery, body)
      const bodyDigest = await digest(bytes)
      return toPaystarWebhookEvent(delivery, {
        currency: settings.currency,
        receivedAt: new Date((settings.now ?? Date.now)()),
        bodyDigest,
      })
    },
  }
}

function presentedSecret(
  request: PaystarWebhookRequest,
  header: string | false,
  parameter: string | false,
): string {
  const fromHeader = header === false ? undefined : readHeader(request.headers, header)
  if (fromHeader !== undefined) return fromHeader
  const fromUrl = parameter === false ? undefined : queryValue(request.url, parameter)
  if (fromUrl !== undefined) return fromUrl
  const places = [
    header === false ? undefined : `the ${header} header`,
    parameter === false ? undefined : `the "${parameter}" query parameter of the URL (pass url to verify())`,
  ].filter((place) => place !== undefined)
  throw failure('missing_header', `no shared secret in the delivery: expected it in ${places.join(' or ')}`)
}

function queryValue(url: string | URL | undefined, parameter: string): string | undefined {
  if (url === undefined) return undefined
  try {
    return new URL(url, 'http://localhost').searchParams.get(parameter) ?? undefined
  } catch {
    return undefined
  }
}

// An authenticated delivery the template did not render as documented: refused, naming the fields, never guessed.
function checkDelivery(schema: typeof paystarWebhookDeliverySchema, body: unknown): PaystarWebhookDelivery {
  const checked = safeParseWithMessages(schema, body)
  if (checked.success) return checked.data
  throw new WebhookVerificationError({
    provider: 'paystar',
    reason: 'invalid_payload',
    message: `paystar: webhook delivery authenticated but not usable: ${describeIssues(toFieldIssues(checked.issues))}`,
  })
}

async function digest(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', bytes))
}

function rawBytes(rawBody: unknown): Uint8Array<ArrayBuffer> {
  if (typeof rawBody === 'string') return new TextEncoder().encode(rawBody)
  // Copied, so a Buffer over a shared pool is hashed as exactly its own bytes.
  if (rawBody instanceof Uint8Array) return new Uint8Array(rawBody)
  if (rawBody instanceof ArrayBuffer) return new Uint8Array(rawBody)
  throw failure(
    'invalid_body',
    `rawBody must be the body exactly as received (a string, Buffer or ArrayBuffer), got ${
      rawBody === null ? 'null' : typeof rawBody
    }: was it parsed as JSON by a body parser first?`,
  )
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    throw failure('invalid_body', 'the delivery body is not JSON')
  }
}

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

function failure(
  reason: 'missing_secret' | 'missing_header' | 'signature_mismatch' | 'invalid_body',
  message: string,
) {
  return new WebhookVerificationError({ provider: 'paystar', reason, message: `paystar: ${message}` })
}

import type { CallOptions, WebhookRequest, WebhooksFacet } from '@paymux/core'
import {
  computeSignature,
  describeIssues,
  readHeader,
  toFieldIssues,
  verifySignature,
  WebhookVerificationError,
} from '@paymux/core/adapter-kit'
import type { FastStarNativeClient } from './faststar-endpoints.js'
import type { ResolvedFastStarSettings } from './faststar-settings.js'
import type { FastStarWebhookEvent } from './map-faststar-webhook-event.js'

export type { FastStarWebhookEvent } from './map-faststar-webhook-event.js'

/** The header carrying `t=<unix seconds>,v1=<hex>`. */
export const FASTSTAR_SIGNATURE_HEADER = 'X-Webhook-Signature'
/** The header carrying the event id, for deduplicating redeliveries. */
export const FASTSTAR_WEBHOOK_ID_HEADER = 'X-Webhook-ID'
/** The header carrying the event creation time, in unix seconds. */
export const FASTSTAR_WEBHOOK_TIMESTAMP_HEADER = 'X-Webhook-Timestamp'

/** `webhooks` of the FastStar gateway. */
export interface FastStarWebhooksFacet extends WebhooksFacet {
  /**
   * Verifies `X-Webhook-Signature` (HMAC-SHA256 of `<t>.<raw body>`, within the
   * tolerance) on the raw body, then normalizes the event. Throws
   * `WebhookVerificationError` saying which check failed.
   */
  verify(request: WebhookRequest): Promise<FastStarWebhookEvent>
  /** Whether the delivery carries `X-Webhook-Signature` (not whether it is valid). */
  recognizes(request: WebhookRequest): boolean
  /**
   * Asks FastStar's `/public/verify-signature` endpoint instead of checking
   * locally (local checking is what FastStar recommends). Sends the raw body as
   * `payload` and the whole `X-Webhook-Signature` value as `signature`.
   */
  verifyRemote(
    request: WebhookRequest & {
      /** `provider_name` of the endpoint; the documents do not say what it holds. */
      readonly providerName: string
    },
    options?: CallOptions,
  ): Promise<boolean>
}

/** What the webhooks facet needs from the gateway. */
export interface WebhooksDependencies {
  readonly settings: Pick<ResolvedFastStarSettings, 'webhookSecret' | 'webhookToleranceSeconds' | 'now'>
  readonly native: FastStarNativeClient
  /** The gateway's schema loader (the same `lazy` one): the event schema and mapping, loaded once. */
  readonly schemas: () => Promise<typeof import('./faststar-schemas.js')>
}

// One decoder for every delivery: nothing is built per call on the verify path.
const decoder = new TextDecoder()

/** Builds the `webhooks` facet. */
export function createFastStarWebhooks({
  settings,
  native,
  schemas,
}: WebhooksDependencies): FastStarWebhooksFacet {
  const { webhookSecret: secret, webhookToleranceSeconds: toleranceSeconds, now } = settings
  return {
    recognizes: ({ headers }) => readHeader(headers, FASTSTAR_SIGNATURE_HEADER) !== undefined,
    async verify({ rawBody, headers }) {
      // One literal per delivery, no spreads: this path is benchmarked against stripe-node's constructEvent.
      await verifySignature({
        provider: 'faststar',
        rawBody,
        header: readHeader(headers, FASTSTAR_SIGNATURE_HEADER),
        headerName: FASTSTAR_SIGNATURE_HEADER,
        secret,
        secretSetting: 'createFastStar({ webhookSecret })',
        toleranceSeconds,
        now,
      })
      const { webhookEvent, toWebhookEvent } = await schemas()
      return toWebhookEvent(parseBody(rawBody, webhookEvent), readHeader(headers, FASTSTAR_WEBHOOK_ID_HEADER))
    },
    async verifyRemote({ rawBody, headers, providerName }, options) {
      const signature = readHeader(headers, FASTSTAR_SIGNATURE_HEADER)
      if (signature === undefined) {
        throw new WebhookVerificationError({
          provider: 'faststar',
          reason: 'missing_header',
          message: `The ${FASTSTAR_SIGNATURE_HEADER} header is missing: there is nothing for FastStar to verify.`,
        })
      }
      const body = { provider_name: providerName, payload: bodyText(rawBody), signature }
      return (await native.verifySignature({ body }, options)).valid
    },
  }
}

/** Options of {@link signFastStarTestWebhook}. */
export interface SignTestWebhookOptions {
  /** The webhook secret your endpoint verifies with. */
  readonly secret: string
  /** The body you will send, exactly as sent. */
  readonly rawBody: string
  /** `X-Webhook-ID`. @default the body's `id` */
  readonly webhookId?: string
  /** Signing time in unix seconds. @default now */
  readonly timestamp?: number
}

/**
 * The headers of a correctly signed FastStar delivery of `rawBody`, so you can
 * test your own webhook endpoint: `X-Webhook-Signature`, `X-Webhook-ID`,
 * `X-Webhook-Timestamp`, `Content-Type`.
 */
export async function signFastStarTestWebhook(
  options: SignTestWebhookOptions,
): Promise<Record<string, string>> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000)
  const signature = await computeSignature(options.secret, timestamp, options.rawBody)
  const webhookId = options.webhookId ?? readId(options.rawBody)
  return {
    'Content-Type': 'application/json',
    [FASTSTAR_SIGNATURE_HEADER]: `t=${timestamp},v1=${signature}`,
    ...(webhookId === undefined ? {} : { [FASTSTAR_WEBHOOK_ID_HEADER]: webhookId }),
    [FASTSTAR_WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
  }
}

type EventSchema = typeof import('./faststar-schemas.js')['webhookEvent']

function parseBody(rawBody: WebhookRequest['rawBody'], schema: EventSchema) {
  let json: unknown
  try {
    json = JSON.parse(bodyText(rawBody))
  } catch {
    throw invalidPayload('its body is not JSON.')
  }
  const result = schema.safeParse(json)
  if (result.success) return result.data
  const problem = describeIssues(toFieldIssues(result.error.issues))
  throw invalidPayload(`does not have the documented shape: ${problem}`)
}

function invalidPayload(problem: string): WebhookVerificationError {
  return new WebhookVerificationError({
    provider: 'faststar',
    reason: 'invalid_payload',
    message: `The faststar webhook is signed correctly but ${problem}`,
  })
}

function bodyText(rawBody: WebhookRequest['rawBody']): string {
  return typeof rawBody === 'string' ? rawBody : decoder.decode(rawBody)
}

function readId(rawBody: string): string | undefined {
  try {
    const id = (JSON.parse(rawBody) as { id?: unknown }).id
    return typeof id === 'string' ? id : undefined
  } catch {
    return undefined
  }
}

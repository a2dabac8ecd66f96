import { webhookCrypto } from '#crypto'
import { WebhookVerificationError } from '../errors/index.js'
import type { WebhookCrypto } from './webhook-crypto.js'

/** The raw request body as bytes or text, exactly as it arrived. */
export type RawBody = string | Uint8Array | ArrayBuffer

/** The parts of a `t=<unix seconds>,v1=<hex>[,v1=<hex>…]` signature header. */
export interface ParsedSignatureHeader {
  /** The signing time, in unix seconds. */
  timestamp: number
  /** Every `v1` signature, in header order (more than one during secret rotation). */
  signatures: string[]
}

/** Options of {@link verifySignature}. */
export interface VerifySignatureOptions {
  /** The gateway name, for error messages and `error.provider`. */
  provider: string
  /** The request body exactly as received: a string, `Uint8Array`/`Buffer` or `ArrayBuffer`. */
  rawBody: unknown
  /** The signature header's value (`readHeader(headers, headerName)`). */
  header: string | null | undefined
  /** The signature header's name, for error messages (`'X-Webhook-Signature'`). */
  headerName: string
  /** The endpoint's webhook signing secret. */
  secret: string | undefined
  /**
   * Where your user sets the secret, named in the `missing_secret` message
   * (a gateway passes `'createFastaar({ webhookSecret })'`).
   * @default 'the `secret` option'
   */
  secretSetting?: string | undefined
  /** How far the signed timestamp may be from now, either way, in seconds. Default 300; 0 means same second. */
  toleranceSeconds?: number | undefined
  /** The current time in epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined
}

/** Options of {@link generateTestHeader}. */
export interface GenerateTestHeaderOptions {
  /** The webhook secret the endpoint under test verifies with. */
  secret: string
  /** The body the test will send, exactly as it will be sent. */
  rawBody: RawBody
  /** The signing time in unix seconds. Default: now. */
  timestamp?: number | undefined
}

const defaultToleranceSeconds = 300
const headerFormat = '`t=<unix seconds>,v1=<hex>`'

/**
 * Parses a `t=<unix seconds>,v1=<hex>` signature header. Spaces around `,`
 * and `=` are tolerated, several `v1` entries are kept (secret rotation) and
 * other schemes such as `v0` are ignored. Throws a
 * `WebhookVerificationError` with reason `'malformed_header'` naming the
 * problem when `t` is missing or not a whole number, or there is no `v1`.
 */
export function parseSignatureHeader(header: string, provider: string): ParsedSignatureHeader {
  return parseHeader(header, provider, 'signature header')
}

/**
 * The lower-case hex HMAC-SHA256, keyed with `secret`, of
 * `<timestamp>.<rawBody>`. Byte bodies are signed as they are, never decoded
 * and re-encoded; string bodies are signed as UTF-8. On Node it uses
 * `node:crypto`; on edge runtimes (workerd, Deno, Bun, browsers) Web Crypto,
 * picked by the package's export conditions.
 */
export function computeSignature(secret: string, timestamp: number, rawBody: RawBody): Promise<string> {
  // Not `async`: returning the inner promise as it is saves the ticks of wrapping it in another.
  return computeSignatureWith(webhookCrypto, secret, timestamp, rawBody)
}

/** {@link computeSignature} with a given crypto provider (tests run both). @internal */
export async function computeSignatureWith(
  crypto: WebhookCrypto,
  secret: string,
  timestamp: number,
  rawBody: RawBody,
): Promise<string> {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new TypeError('computeSignature: secret must be a non-empty string')
  }
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new TypeError(
      `computeSignature: timestamp must be a whole number of unix seconds; got ${timestamp}`,
    )
  }
  const body = signable(rawBody)
  if (body === undefined) {
    throw new TypeError('computeSignature: rawBody must be a string, Uint8Array or ArrayBuffer')
  }
  return crypto.signHex(secret, timestamp, body)
}

/**
 * Verifies a webhook delivery signed as `t=<unix seconds>,v1=<hex>` with
 * HMAC-SHA256 over `<timestamp>.<raw body>`. Resolves with the signed
 * timestamp; otherwise rejects with a `WebhookVerificationError` whose
 * `reason` says which check failed ('missing_secret', 'invalid_body',
 * 'missing_header', 'malformed_header', 'timestamp_out_of_tolerance',
 * 'signature_mismatch') and whose message diagnoses the usual cause. Rejects
 * with a `TypeError` for a negative or non-finite `toleranceSeconds`.
 */
export function verifySignature(options: VerifySignatureOptions): Promise<{ timestamp: number }> {
  return verifySignatureWith(webhookCrypto, options)
}

/** {@link verifySignature} with a given crypto provider (tests run both). @internal */
export async function verifySignatureWith(
  crypto: WebhookCrypto,
  options: VerifySignatureOptions,
): Promise<{ timestamp: number }> {
  const { provider, rawBody, header, headerName, secret } = options
  const toleranceSeconds = options.toleranceSeconds ?? defaultToleranceSeconds
  if (typeof toleranceSeconds !== 'number' || !Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) {
    throw new TypeError(
      `toleranceSeconds must be a finite, non-negative number of seconds; got ${String(toleranceSeconds)}`,
    )
  }
  const now = options.now ?? Date.now

  if (typeof secret !== 'string' || secret.trim() === '') {
    throw new WebhookVerificationError({
      provider,
      reason: 'missing_secret',
      message:
        `No ${provider} webhook secret configured: set ${options.secretSetting ?? 'the `secret` option'} to the ` +
        `endpoint's webhook signing secret from the ${provider} dashboard (it is ${secret === undefined ? 'undefined' : 'blank'}; ` +
        'check that the environment variable holding it is set in this deployment).',
    })
  }

  const body = signable(rawBody)
  if (body === undefined) {
    throw new WebhookVerificationError({
      provider,
      reason: 'invalid_body',
      message:
        `Cannot verify the ${provider} webhook: rawBody is ${describe(rawBody)}. Pass the raw request body ` +
        'exactly as received (string or bytes), not the parsed JSON object: re-serializing changes the bytes ' +
        'and the signature. For example use `express.raw({ type: "application/json" })` and pass `req.body`, ' +
        'or `await request.text()` in a Fetch handler.',
    })
  }

  if (header === undefined || header === null) {
    throw new WebhookVerificationError({
      provider,
      reason: 'missing_header',
      message:
        `The ${headerName} header is missing: ${provider} signs every webhook delivery with it. If this ` +
        'request did come from the provider, your framework, proxy or load balancer may be dropping or ' +
        `renaming headers; read it from the incoming request's headers as received.`,
    })
  }
  if (typeof header !== 'string') {
    throw new WebhookVerificationError({
      provider,
      reason: 'malformed_header',
      message: `The ${headerName} header must be passed as a string; got ${describe(header)}. Use readHeader() to read it.`,
    })
  }

  const parsed = parseHeader(header, provider, `${headerName} header`)

  const nowMs = now()
  if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) {
    throw new TypeError(`now() must return epoch milliseconds; got ${String(nowMs)}`)
  }
  // Timestamps are whole seconds, so compare whole seconds: "tolerance 0" then
  // means "signed in this same second" rather than failing on milliseconds.
  const nowSeconds = Math.floor(nowMs / 1000)
  const skew = nowSeconds - parsed.timestamp
  // Absolute difference: a timestamp in the future is as suspect as a stale one.
  if (Math.abs(skew) > toleranceSeconds) {
    const direction = skew > 0 ? `${skew}s old` : `${-skew}s in the future`
    throw new WebhookVerificationError({
      provider,
      reason: 'timestamp_out_of_tolerance',
      message:
        `The ${provider} webhook timestamp (t=${parsed.timestamp}) is ${direction}, outside the ` +
        `${toleranceSeconds}s tolerance: either the delivery is a replay or this server's clock is wrong ` +
        '(check that it is synchronised with NTP).',
    })
  }

  // Synchronous on Node: awaiting only what is a promise saves a turn of the microtask queue.
  const signed = crypto.signHex(secret, parsed.timestamp, body)
  const expected = typeof signed === 'string' ? signed : await signed
  let matched = false
  // Every candidate is compared (no early exit) so timing does not reveal which one matched.
  for (const signature of parsed.signatures) {
    if (crypto.equal(signature, expected)) matched = true
  }
  if (matched) return { timestamp: parsed.timestamp }

  const hints: string[] = []
  if (secret !== secret.trim()) {
    hints.push('the webhook secret has leading or trailing whitespace; copy it without it')
  }
  hints.push(
    'check that the secret is the signing secret of this endpoint (test and live mode secrets differ)',
    'check that rawBody is the raw request body exactly as received (string or bytes): a body that was ' +
      'parsed and re-serialized, or decoded and re-encoded, has different bytes and a different signature',
  )
  const count = parsed.signatures.length
  throw new WebhookVerificationError({
    provider,
    reason: 'signature_mismatch',
    message:
      `The ${provider} webhook signature does not match (${count === 1 ? 'the v1 signature' : `none of ${count} v1 signatures`} ` +
      `in ${headerName}): ${hints.join('; ')}.`,
  })
}

/**
 * Builds a valid `t=<ts>,v1=<hex>` signature header for `rawBody`, so you can
 * test your own webhook endpoint with signed requests.
 */
export async function generateTestHeader(options: GenerateTestHeaderOptions): Promise<string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000)
  const signature = await computeSignature(options.secret, timestamp, options.rawBody)
  return `t=${timestamp},v1=${signature}`
}

function parseHeader(header: string, provider: string, label: string): ParsedSignatureHeader {
  const malformed = (problem: string): WebhookVerificationError =>
    new WebhookVerificationError({
      provider,
      reason: 'malformed_header',
      message: `The ${provider} ${label} is malformed: ${problem}. Expected ${headerFormat}.`,
    })

  if (header.trim() === '') throw malformed('it is empty')

  let timestamp: string | undefined
  const signatures: string[] = []
  let emptySignature = false
  for (const part of header.split(',')) {
    const separator = part.indexOf('=')
    if (separator === -1) continue
    const key = part.slice(0, separator).trim()
    const value = part.slice(separator + 1).trim()
    if (key === 't') {
      // A repeated header can carry `t` twice; identical copies are harmless,
      // different ones leave no way to know which the signature covers.
      if (timestamp !== undefined && timestamp !== value) {
        throw malformed('it has more than one different `t`')
      }
      timestamp = value
    } else if (key === 'v1') {
      if (value === '') emptySignature = true
      else signatures.push(value)
    }
  }

  if (timestamp === undefined) throw malformed('it has no `t=<unix seconds>` timestamp')
  if (!/^\d+$/.test(timestamp)) {
    throw malformed(`\`t\` must be whole unix seconds (digits only); got "${clip(timestamp)}"`)
  }
  const seconds = Number(timestamp)
  if (!Number.isSafeInteger(seconds)) throw malformed(`\`t\` is out of range; got "${clip(timestamp)}"`)
  if (signatures.length === 0) {
    throw malformed(emptySignature ? 'its `v1` signature is empty' : 'it has no `v1=<hex>` signature')
  }
  return { timestamp: seconds, signatures }
}

/** The body as a string or bytes, as signed; `undefined` when it is not one of the accepted raw forms. */
function signable(rawBody: unknown): string | Uint8Array | undefined {
  // A string stays a string: the provider hashes it as UTF-8 without an extra copy.
  if (typeof rawBody === 'string') return rawBody
  // Tag checks rather than `instanceof`, which fails for values from another realm.
  const tag = Object.prototype.toString.call(rawBody)
  if (tag === '[object Uint8Array]' && ArrayBuffer.isView(rawBody)) return rawBody as Uint8Array
  if (tag === '[object ArrayBuffer]') return new Uint8Array(rawBody as ArrayBuffer)
  return undefined
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') {
    const name = Object.getPrototypeOf(value)?.constructor?.name
    return typeof name === 'string' && name !== 'Object' ? `a ${name}` : 'a plain object'
  }
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`
}

function clip(text: string): string {
  // The header is attacker-controlled; keep what is echoed into logs short.
  return text.length > 20 ? `${text.slice(0, 20)}…` : text
}

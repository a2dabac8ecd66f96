import type { $ZodType, output } from 'zod/v4/core'
import { createError } from '../errors/create-error.js'
import type { PaymentError } from '../errors/payment-error.js'
import { UnexpectedResponseError } from '../errors/unexpected-response-error.js'
import { isRecord } from '../shared/is-record.js'
import { describeIssues, toFieldIssues } from '../validation/field-issues.js'
import { safeParseWithMessages } from '../validation/parse-input.js'
import { parseRetryAfter } from './retry-after.js'
import type { HttpMethod } from './transport.js'

/** A provider's answer, read in full, as handlers see it. */
export interface ProviderResponse {
  readonly provider: string
  /** The neutral operation, e.g. `'sessions.create'`. */
  readonly operation: string
  /** The request's method: an answer paymux cannot read to anything but a GET leaves the outcome unknown. */
  readonly method: HttpMethod
  readonly status: number
  readonly headers: Headers
  /** The body as text (empty for none). */
  readonly text: string
  readonly requestId: string | undefined
}

/** Turns a 2xx answer into the call's result, or throws a `PaymentError`. */
export type ResponseHandler<T> = (response: ProviderResponse) => T

/** The call a failure answers: the endpoint's name in the adapter's table and the validated input. */
export interface FailedCall {
  readonly endpoint: string | undefined
  readonly input: unknown
}

/**
 * Turns a non-2xx answer into the `PaymentError` to throw, built once and
 * complete: it sees the endpoint and the validated input the call was made
 * with (a card that needs authentication names the customer and method).
 */
export type FailureHandler = (response: ProviderResponse, call: FailedCall) => PaymentError

/**
 * `'unknown'` for an answer to anything but a GET: the provider received the
 * request and may have acted on it, whatever paymux could read of its answer.
 */
export function outcomeOfAnswer(response: Pick<ProviderResponse, 'method'>): 'unknown' | undefined {
  return response.method === 'GET' ? undefined : 'unknown'
}

// Moved to validation/ with paymux's own issue messages; re-exported so existing imports keep working.
export { describeIssues, toFieldIssues }

const SNIPPET_LENGTH = 120

/** The body parsed as JSON; an empty, HTML or malformed body is an `UnexpectedResponseError`. */
export function parseJsonBody(response: ProviderResponse): unknown {
  const text = response.text.trim()
  if (text === '') throw unexpected(response, 'an empty body where JSON was expected', 'empty_body')
  if (text.startsWith('<')) {
    throw unexpected(
      response,
      `an HTML page instead of JSON (is \`baseUrl\` right, or is a proxy answering?): ${snippet(text)}`,
      'html_body',
    )
  }
  try {
    return JSON.parse(text)
  } catch {
    throw unexpected(response, `a body that is not valid JSON: ${snippet(text)}`, 'invalid_json')
  }
}

/**
 * A handler that parses the body as JSON and validates it with `schema`.
 * A mismatch is an `UnexpectedResponseError` naming every field that did not
 * match the documented shape, never a raw `ZodError`.
 */
export function jsonResponseHandler<Schema extends $ZodType>(
  schema: Schema,
): ResponseHandler<output<Schema>> {
  return (response) => validateBody(response, schema, parseJsonBody(response))
}

/** Validates an already-parsed body against `schema`, as {@link jsonResponseHandler} does. */
export function validateBody<Schema extends $ZodType>(
  response: ProviderResponse,
  schema: Schema,
  body: unknown,
): output<Schema> {
  // paymux's own issue messages: the same words whether or not the app loaded zod's locale.
  const result = safeParseWithMessages(schema, body)
  if (result.success) return result.data
  const issues = toFieldIssues(result.issues)
  throw new UnexpectedResponseError({
    provider: response.provider,
    message: `${response.provider}: ${response.operation} returned a body that does not match the documented shape: ${describeIssues(issues)}`,
    httpStatus: response.status,
    requestId: response.requestId,
    raw: body,
    issues,
    code: 'schema_mismatch',
    outcome: outcomeOfAnswer(response),
  })
}

/** A handler for calls whose answer carries nothing to read (204, or a body paymux ignores). */
export const ignoreResponseBody: ResponseHandler<void> = () => undefined

/**
 * The failure handler used when an adapter gives none: reads the common
 * shapes (`{ message, code }`, `{ error: { type, message } }`,
 * `{ error: "…" }`) and lets the status pick the error class.
 */
export const defaultFailureHandler: FailureHandler = (response) => {
  const body = tryParseJson(response.text)
  const { message, code } = readErrorFields(body)
  return createError({
    provider: response.provider,
    httpStatus: response.status,
    code,
    message:
      message ?? (body === undefined && response.text.trim() !== '' ? snippet(response.text) : undefined),
    requestId: response.requestId,
    raw: body ?? (response.text === '' ? undefined : response.text),
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  })
}

/** The body parsed as JSON, or `undefined` when it is not JSON. */
export function tryParseJson(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Reads a message and a code from the error body shapes providers commonly use. */
export function readErrorFields(body: unknown): { message: string | undefined; code: string | undefined } {
  if (!isRecord(body)) return { message: undefined, code: undefined }
  const nested = isRecord(body.error) ? body.error : undefined
  return {
    message: firstString(nested?.message, body.message, body.error, body.error_description),
    code: firstString(nested?.type, nested?.code, body.code, body.type),
  }
}

function unexpected(response: ProviderResponse, what: string, code: string): UnexpectedResponseError {
  return new UnexpectedResponseError({
    provider: response.provider,
    message: `${response.provider}: ${response.operation} returned ${what} (HTTP ${response.status})`,
    httpStatus: response.status,
    requestId: response.requestId,
    raw: response.text,
    code,
    outcome: outcomeOfAnswer(response),
  })
}

/** `text` on one line, cut to 120 characters: a provider's body quoted in a message. */
export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH)}…` : flat
}

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) if (typeof value === 'string' && value !== '') return value
  return undefined
}

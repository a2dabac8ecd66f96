import type { FieldIssue, PaymentError } from '@paymux/core'
import {
  createError,
  type FailureHandler,
  InvalidRequestError,
  isRecord,
  ProviderUnavailableError,
  parseRetryAfter,
  type Recovery,
  type RecoveryContext,
  readErrorFields,
  snippet,
  tryParseJson,
} from '@paymux/core/adapter-kit'

/** What paymux could read from a Paystar `errors` array. */
export interface PaystarErrorTexts {
  /** Paystar's own texts, verbatim, in order. */
  readonly messages: readonly string[]
  /** Entries that named a field. */
  readonly issues: readonly FieldIssue[]
}

// The shape of an `errors` entry is not documented: strings and objects with
// a message under any of these names are read; anything else is shown as JSON.
const MESSAGE_KEYS = ['message', 'Message', 'errorMessage', 'ErrorMessage', 'description', 'Description']
const FIELD_KEYS = ['field', 'Field', 'propertyName', 'PropertyName', 'memberName', 'MemberName']

/** Reads Paystar's error texts from an `errors` array, whatever each entry looks like. */
export function readPaystarErrors(errors: unknown): PaystarErrorTexts {
  if (!Array.isArray(errors)) return { messages: [], issues: [] }
  const messages: string[] = []
  const issues: FieldIssue[] = []
  for (const entry of errors) {
    if (typeof entry === 'string') {
      if (entry.trim() !== '') messages.push(entry)
      continue
    }
    const record = isRecord(entry) ? entry : undefined
    const message = firstString(record, MESSAGE_KEYS) ?? JSON.stringify(entry)
    messages.push(message)
    const field = firstString(record, FIELD_KEYS)
    if (field !== undefined) issues.push({ path: field, message })
  }
  return { messages, issues }
}

/**
 * What a 2xx body that reports a failure says (`hasErrors: true`, or a
 * non-empty `errors`: a contradiction is never read as a success), or
 * `undefined`: the `saysFailed` of every Paystar answer handler.
 */
export function paystarSaysFailed(body: Readonly<Record<string, unknown>>): string | undefined {
  const listed = Array.isArray(body.errors) && body.errors.length > 0
  if (body.hasErrors !== true && !listed) return undefined
  const { messages } = readPaystarErrors(body.errors)
  return messages.length > 0 ? messages.join('; ') : 'hasErrors: true without an error text'
}

/**
 * Turns a non-2xx Paystar answer into a paymux error: the HTTP status picks
 * the class (core's factory), Paystar's `errors` texts make the message.
 * Any body (empty, HTML, JSON without `errors`) gives a paymux error, never
 * something else.
 */
export const paystarFailureHandler: FailureHandler = (response) => {
  const body = tryParseJson(response.text)
  const { messages, issues } = readPaystarErrors(isRecord(body) ? body.errors : undefined)
  return createError({
    provider: response.provider,
    httpStatus: response.status,
    code: messages.length > 0 ? 'paystar_error' : undefined,
    message:
      messages.length > 0 ? messages.join('; ') : (readErrorFields(body).message ?? snippet(response.text)),
    requestId: response.requestId,
    raw: body ?? (response.text === '' ? undefined : response.text),
    issues,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  })
}

/**
 * The `afterLostAnswer` step of `initiatePayment`. A body with a
 * `ClientReference`, retried after an attempt whose answer was lost, is
 * refused exactly when the lost attempt created the session: Paystar requires
 * the reference to be unique. Such a refusal is reported as what it may be, a
 * session that exists but cannot be looked up (Paystar documents no lookup),
 * rather than as bad input. `ProviderUnavailableError` with outcome
 * `'unknown'` also lets a router fail over, so the buyer still gets a link.
 */
export function referenceRefusedAfterLostAnswer(error: PaymentError, { args }: RecoveryContext): Recovery {
  const body = args.body as { readonly ClientReference?: string } | undefined
  if (body?.ClientReference === undefined || !InvalidRequestError.isInstance(error)) return error
  return new ProviderUnavailableError({
    provider: error.provider,
    code: 'reference_refused_after_lost_answer',
    outcome: 'unknown',
    retryable: false,
    httpStatus: error.httpStatus,
    requestId: error.requestId,
    raw: error.raw,
    cause: error,
    message: `paystar: the retried request was refused (${error.message}), and the attempt before it lost its answer, so it may have created the session; a ClientReference cannot be used twice and Paystar documents no lookup: create the checkout again with a new reference.`,
  })
}

function firstString(record: Readonly<Record<string, unknown>> | undefined, keys: readonly string[]) {
  if (record === undefined) return undefined
  for (const key of keys) {
    const value = record[key]
    if (typeof value === 'string' && value.trim() !== '') return value
  }
  return undefined
}

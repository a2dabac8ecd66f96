import type { FieldIssue, PaymentError } from '@paymux/core'
import {
  createError,
  type ErrorKind,
  type FailedCall,
  type FailureHandler,
  isRecord,
  type ProviderResponse,
  parseRetryAfter,
  snippet,
  tryParseJson,
} from '@paymux/core/adapter-kit'
import { DuplicateReferenceError } from './fastaar-duplicate-reference-error.js'

// Native field names in a 422 `errors` object, as the neutral input calls them.
const NEUTRAL_FIELD: Readonly<Record<string, string>> = {
  amount: 'amount',
  invoice_id: 'reference',
  invoice_number: 'reference',
  success_url: 'successUrl',
  cancel_url: 'cancelUrl',
  metadata: 'metadata',
  per_page: 'limit',
  page: 'cursor',
  status: 'status',
  customer_id: 'providerOptions.fastaar.customerId',
}

/**
 * The error class a Fastaar error type stands for, where the type says more
 * than the status. Fastaar has no Strong Customer Authentication, so a 402 is
 * never `ActionRequiredError`: `subscription_required` and
 * `transaction_limit_reached` are account problems, like a 403.
 */
export function fastaarErrorKind(status: number, type: string | undefined): ErrorKind | undefined {
  if (status === 402) return 'authentication'
  if (type === 'authentication_error') return 'authentication'
  return undefined
}

/**
 * Turns any non-2xx Fastaar answer (JSON in either documented shape, HTML,
 * empty) into a paymux error: the one place Fastaar's errors are read. It
 * sees the call (`endpoint`, validated `input`), so a 409 names the reference
 * that was sent even when Fastaar's body does not: the error is built once,
 * complete.
 */
export const fastaarFailureHandler: FailureHandler = (response, call) => {
  const body = tryParseJson(response.text)
  const fields = readErrorBody(body)
  const nested = typeof fields?.error === 'object' && fields.error !== null ? fields.error : undefined
  const type = nested?.type ?? fields?.code ?? undefined
  const message =
    nested?.message ??
    fields?.message ??
    (typeof fields?.error === 'string' ? fields.error : undefined) ??
    (body === undefined ? nonBlankSnippet(response.text) : undefined)
  const raw = body ?? (response.text === '' ? undefined : response.text)

  if (response.status === 409 && type === 'duplicate_invoice_number') {
    return duplicateReference(response, body, message, raw, call)
  }
  return createError({
    provider: response.provider,
    httpStatus: response.status,
    kind: fastaarErrorKind(response.status, type),
    code: type,
    message,
    requestId: response.requestId,
    raw,
    issues: toIssues(fields?.errors),
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  })
}

/** The native error body: `{ error: { type, message } }`, or `{ message, code }` (one official plugin), and a 422's `errors`. */
interface FastaarErrorBody {
  readonly error?: { readonly type?: string | null; readonly message?: string | null } | string | null
  readonly message?: string | null
  readonly code?: string | null
  readonly errors?: Readonly<Record<string, readonly string[] | string>> | null
}

// Checked by hand, not with zod, so this handler is synchronous and never waits
// for zod to load. Its fields are trusted only when every one has its
// documented type (or is absent or null); otherwise none is.
function readErrorBody(body: unknown): FastaarErrorBody | undefined {
  if (!isRecord(body)) return undefined
  const { error, message, code, errors } = body
  const errorOk =
    error == null ||
    typeof error === 'string' ||
    (isRecord(error) && isNullishString(error.type) && isNullishString(error.message))
  const errorsOk =
    errors == null ||
    (isRecord(errors) &&
      Object.values(errors).every(
        (value) =>
          typeof value === 'string' ||
          (Array.isArray(value) && value.every((item) => typeof item === 'string')),
      ))
  if (!errorOk || !errorsOk || !isNullishString(message) || !isNullishString(code)) return undefined
  return body as FastaarErrorBody
}

function isNullishString(value: unknown): value is string | null | undefined {
  return value == null || typeof value === 'string'
}

function duplicateReference(
  response: ProviderResponse,
  body: unknown,
  message: string | undefined,
  raw: unknown,
  call: FailedCall,
): PaymentError {
  const paymentId = findString(body, [
    ['payment_id'],
    ['error', 'payment_id'],
    ['data', 'id'],
    ['payment', 'id'],
  ])
  const reference =
    findString(body, [['invoice_number'], ['invoice_id'], ['error', 'invoice_number']]) ??
    findString(call.input, [
      ['body', 'invoice_number'],
      ['body', 'invoice_id'],
    ])
  const native = message === undefined ? '' : ` Fastaar said: ${message}`
  return new DuplicateReferenceError({
    provider: response.provider,
    message:
      `${response.provider}: a payment for this reference is still active` +
      `${paymentId === undefined ? '' : ` (${paymentId})`}, so no new one was created; ` +
      `retrieve it, or wait until it fails or expires (HTTP 409, duplicate_invoice_number).${native}`,
    httpStatus: response.status,
    requestId: response.requestId,
    raw,
    paymentId,
    reference,
  })
}

function toIssues(
  errors: Readonly<Record<string, readonly string[] | string>> | null | undefined,
): FieldIssue[] {
  if (errors === null || errors === undefined) return []
  return Object.entries(errors).flatMap(([field, messages]) => {
    const [head = field, ...rest] = field.split('.')
    // Own keys only: a field named `constructor` or `__proto__` must not find Object's own members.
    const path = [Object.hasOwn(NEUTRAL_FIELD, head) ? NEUTRAL_FIELD[head] : head, ...rest].join('.')
    return (typeof messages === 'string' ? [messages] : messages).map((message) => ({ path, message }))
  })
}

function findString(body: unknown, paths: readonly (readonly string[])[]): string | undefined {
  for (const path of paths) {
    let current: unknown = body
    for (const key of path) {
      current =
        typeof current === 'object' && current !== null
          ? (current as Record<string, unknown>)[key]
          : undefined
    }
    if (typeof current === 'string' && current !== '') return current
  }
  return undefined
}

function nonBlankSnippet(text: string): string | undefined {
  const flat = snippet(text)
  return flat === '' ? undefined : flat
}

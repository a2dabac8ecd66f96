import { createError } from '../errors/create-error.js'
import type { FieldIssue } from '../errors/invalid-request-error.js'
import { type FailureHandler, tryParseJson } from './response-handler.js'

/**
 * A failure handler that reads the error shapes the gateways read (Fastaar's
 * `error.type` and 422 `errors`, Paystar's `errors[]`), so the secret tests
 * can echo a key into every field a real adapter turns into an error.
 */
export const gatewayLikeFailureHandler: FailureHandler = (response) => {
  const body = tryParseJson(response.text)
  const record = isRecord(body) ? body : {}
  const nested = isRecord(record.error) ? record.error : {}
  const issues = readIssues(record.errors)
  return createError({
    provider: response.provider,
    httpStatus: response.status,
    code: asString(nested.type) ?? asString(record.code),
    message: asString(nested.message) ?? asString(record.message) ?? issues.map((i) => i.message).join('; '),
    requestId: response.requestId,
    raw: body ?? response.text,
    issues,
  })
}

function readIssues(errors: unknown): FieldIssue[] {
  if (Array.isArray(errors)) {
    return errors.map((entry) =>
      isRecord(entry)
        ? { path: String(entry.field), message: String(entry.message) }
        : { path: '(root)', message: String(entry) },
    )
  }
  if (!isRecord(errors)) return []
  return Object.entries(errors).flatMap(([path, messages]) =>
    (Array.isArray(messages) ? messages : [messages]).map((message) => ({ path, message: String(message) })),
  )
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

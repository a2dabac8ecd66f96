import type * as zc from 'zod/v4/core'
import { UnexpectedResponseError } from '../errors/unexpected-response-error.js'
import {
  outcomeOfAnswer,
  type ProviderResponse,
  parseJsonBody,
  type ResponseHandler,
  validateBody,
} from '../http/response-handler.js'
import { isRecord } from '../shared/is-record.js'

/** How an answer handler reads a 2xx body. */
export interface AnswerOptions<Valid, Out> {
  /**
   * What a body that reports a failure says, or `undefined` when it does not:
   * `success: false`, `hasErrors: true`, an `error` object. Checked before the
   * schema, so a failure is never read as a success nor as a mismatch.
   */
  readonly saysFailed?: (body: Readonly<Record<string, unknown>>) => string | undefined
  /** The `code` of that error. @default 'failure_in_success_response' */
  readonly failureCode?: string
  /** Picks the result out of the validated body (unwraps an envelope's `data`). */
  readonly pick?: (body: Valid, response: ProviderResponse) => Out
}

/**
 * The answer handler of an endpoint table: the body parsed as JSON, refused
 * when it reports a failure, validated against `schema` (a mismatch is an
 * `UnexpectedResponseError` naming the fields), then picked. Every error it
 * throws to a call other than a GET says the outcome is unknown: the
 * provider received the request.
 */
export function answerHandler<Schema extends zc.$ZodType, Out = zc.output<Schema>>(
  schema: Schema,
  options: AnswerOptions<zc.output<Schema>, Out> = {},
): ResponseHandler<Out> {
  const { saysFailed, failureCode = 'failure_in_success_response', pick } = options
  return (response) => {
    const body = parseJsonBody(response)
    const failed = saysFailed !== undefined && isRecord(body) ? saysFailed(body) : undefined
    if (failed !== undefined) throw failureInSuccess(response, body, failed, failureCode)
    const valid: zc.output<Schema> = validateBody(response, schema, body)
    return pick === undefined ? (valid as Out) : pick(valid, response)
  }
}

function failureInSuccess(
  response: ProviderResponse,
  body: unknown,
  said: string,
  code: string,
): UnexpectedResponseError {
  return new UnexpectedResponseError({
    provider: response.provider,
    code,
    message: `${response.provider}: ${response.operation} answered HTTP ${response.status} but its body reports a failure (${said}); treated as a failure, not a success${
      response.method === 'GET' ? '' : ': the outcome is unknown, look the object up before trying again'
    }`,
    httpStatus: response.status,
    requestId: response.requestId,
    raw: body,
    outcome: outcomeOfAnswer(response),
  })
}

import type * as zc from 'zod/v4/core'
import { NotFoundError } from '../errors/not-found-error.js'
import type { PaymentError } from '../errors/payment-error.js'
import type { ResponseHandler } from '../http/response-handler.js'
import type { RetryPolicy } from '../http/retry-policy.js'
import type { HttpMethod } from '../http/transport.js'
import type { CallOptions } from '../model/gateway.js'

/**
 * What a gateway's schema module (loaded on the first call) exports for its
 * endpoint table: request schemas and answer handlers, each by name.
 */
export interface EndpointSchemas {
  /** Request bodies and queries, in the provider's own field names. */
  readonly requests: Readonly<Record<string, zc.$ZodType>>
  /** Turns a 2xx answer into the endpoint's result (see `answerHandler`). */
  readonly answers: Readonly<Record<string, ResponseHandler<unknown>>>
}

/**
 * Whether an endpoint may be sent again: a fixed policy, or one that depends
 * on the validated body (a create is idempotent only when it carries the
 * reference the provider deduplicates on). `describe` says which, for the
 * docs' retry table.
 */
export type RetryRule =
  | RetryPolicy
  | { readonly when: (body: unknown) => RetryPolicy; readonly describe: string }

/**
 * What an endpoint's `afterLostAnswer` step returns: the error to throw, or
 * the value the call resolves with after all.
 */
export type Recovery = PaymentError | { readonly recovered: unknown }

/** What an `afterLostAnswer` step is given besides the final error. */
export interface RecoveryContext {
  /** The call's arguments, as validated: the checked path ids (own refs reduced to ids), the body and the query. */
  readonly args: EndpointArgs
  readonly options: CallOptions | undefined
  /** The native client, to look up what the lost attempt did. */
  readonly client: Readonly<Record<string, (args?: EndpointArgs, options?: CallOptions) => Promise<unknown>>>
}

/** A native call's arguments: the path ids, the body and the query, each where the endpoint has one. */
export interface EndpointArgs {
  readonly params?: Readonly<Record<string, string>> | undefined
  readonly body?: unknown
  readonly query?: unknown
}

/** One documented endpoint: one row of a gateway's table. */
export interface Endpoint<S extends EndpointSchemas = EndpointSchemas> {
  /** The neutral operation the endpoint serves (`'sessions.create'`), for errors, hooks and the fault matrix. */
  readonly operation: string
  readonly method: HttpMethod
  /**
   * The documented path under the base URL; each `:name` is a path id, taken
   * from `params.name`, checked and encoded by the kit (own refs accepted).
   */
  readonly path: string
  readonly retry: RetryRule
  /** Why that retry policy, in a few words: the docs page's retry table shows it. */
  readonly reason: string
  /** The request schema of the JSON body, by name in the schema module's `requests`. */
  readonly body?: keyof S['requests'] & string
  /** The request schema of the query string, by name in `requests`. */
  readonly query?: keyof S['requests'] & string
  /** The answer handler, by name in the schema module's `answers`. */
  readonly answer: keyof S['answers'] & string
  /**
   * Runs after the call failed and an earlier attempt's answer was lost (the
   * call was retried after a timeout, a reset or a 5xx): the step that says
   * what really happened. Not retried itself.
   */
  readonly afterLostAnswer?: (error: PaymentError, context: RecoveryContext) => Recovery | Promise<Recovery>
}

/** A gateway's endpoint table: every documented endpoint, by the name its native function has. */
export type EndpointTable<S extends EndpointSchemas = EndpointSchemas> = Readonly<Record<string, Endpoint<S>>>

/**
 * Declares a gateway's endpoint table against its schema module's type
 * (`typeof import('./x-schemas.js')`, a type-only import: zod still loads on
 * the first call), so every `body`, `query` and `answer` name is checked.
 *
 * @example
 * const endpoints = defineEndpoints<typeof import('./acme-schemas.js')>()({
 *   retrievePayment: { operation: 'payments.retrieve', method: 'GET', path: '/payments/:id',
 *     retry: 'safe', reason: 'a read', answer: 'payment' },
 * })
 */
export function defineEndpoints<S extends EndpointSchemas>() {
  return <const T extends EndpointTable<S>>(table: T): T => Object.freeze(table)
}

/**
 * The step for an endpoint that removes something (a DELETE): a retry that
 * finds it gone means the lost attempt removed it, so the call is done.
 */
export function goneMeansDone(error: PaymentError): Recovery {
  return NotFoundError.isInstance(error) ? { recovered: undefined } : error
}

/** The policy of `rule` for a validated `body`. */
export function retryPolicyOf(rule: RetryRule, body: unknown): RetryPolicy {
  return typeof rule === 'string' ? rule : rule.when(body)
}

/** The names of a path template's ids: `'/customers/:customerId/charge'` → `'customerId'`. */
export type PathParams<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParams<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never

/** The names of a path template's ids, at run time. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z][A-Za-z0-9_]*)/g)].map((match) => match[1] as string)
}

/**
 * The retry table of a gateway's docs page, in Markdown: one row per
 * endpoint, in the table's order. Each package's docs test compares its page
 * with this, so the page cannot drift from the code.
 */
export function renderRetryTable(table: EndpointTable): string {
  const rows = Object.values(table).map((endpoint) => {
    const retry = typeof endpoint.retry === 'string' ? endpoint.retry : endpoint.retry.describe
    const recovery = endpoint.afterLostAnswer === undefined ? '' : ' (recovers after a lost answer)'
    return `| \`${endpoint.method} ${endpoint.path}\` | ${endpoint.operation} | ${retry}${recovery} | ${endpoint.reason} |`
  })
  return ['| Endpoint | Operation | Retry | Why |', '| --- | --- | --- | --- |', ...rows].join('\n')
}

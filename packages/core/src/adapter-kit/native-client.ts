import type * as zc from 'zod/v4/core'
import { isPaymentError } from '../errors/payment-error.js'
import type { Transport } from '../http/transport.js'
import type { CallOptions } from '../model/gateway.js'
import { attachTelemetry, telemetryOf } from '../telemetry/telemetry.js'
import { showKey, unknownKeyMessage } from '../validation/closest-name.js'
import { type InputContext, invalidField, parseInput } from '../validation/parse-input.js'
import { ownId } from '../validation/path-id.js'
import {
  type Endpoint,
  type EndpointArgs,
  type EndpointSchemas,
  type EndpointTable,
  type PathParams,
  pathParamNames,
  type RecoveryContext,
  retryPolicyOf,
} from './endpoints.js'

type Simplify<T> = { [K in keyof T]: T[K] } & {}

/** The arguments of the native function for endpoint `E`: `params`, `body` and `query` where it has them. */
export type NativeArgs<S extends EndpointSchemas, E> = Simplify<
  (E extends { readonly path: infer P extends string }
    ? [PathParams<P>] extends [never]
      ? unknown
      : { readonly params: { readonly [K in PathParams<P>]: string } }
    : unknown) &
    (E extends { readonly body: infer B extends keyof S['requests'] }
      ? { readonly body: zc.input<S['requests'][B]> }
      : unknown) &
    (E extends { readonly query: infer Q extends keyof S['requests'] }
      ? { readonly query?: zc.input<S['requests'][Q]> }
      : unknown)
>

/** What the native function for endpoint `E` resolves to: its answer handler's result. */
export type NativeAnswer<S extends EndpointSchemas, E> = E extends {
  readonly answer: infer A extends keyof S['answers']
}
  ? ReturnType<S['answers'][A]>
  : never

/** One native function: takes its arguments (optional when it has none) and call options. */
export type NativeFunction<S extends EndpointSchemas, E> =
  object extends NativeArgs<S, E>
    ? (args?: NativeArgs<S, E>, options?: CallOptions) => Promise<NativeAnswer<S, E>>
    : (args: NativeArgs<S, E>, options?: CallOptions) => Promise<NativeAnswer<S, E>>

/** A gateway's native client, built from its endpoint table: one async function per endpoint. */
export type NativeClient<S extends EndpointSchemas, T extends EndpointTable<S>> = {
  readonly [Name in keyof T]: NativeFunction<S, T[Name]>
}

/** What {@link createNativeClient} needs. */
export interface NativeClientOptions<S extends EndpointSchemas, T extends EndpointTable<S>> {
  readonly transport: Transport
  readonly endpoints: T
  /** Loads the schema module (see `lazy`): zod loads with the first call, not at import. */
  readonly schemas: () => Promise<S>
}

const ARG_KEYS = ['params', 'body', 'query'] as const

/**
 * Builds a gateway's native client from its endpoint table. Every function
 * is async and takes one path: path ids checked and encoded (the gateway's
 * own refs accepted), body and query validated against the documented
 * schema (an `InvalidRequestError` naming the native field, before anything
 * is sent), the call sent with the endpoint's retry policy, the answer
 * checked by its handler, and, after a lost answer, the endpoint's recovery
 * step. No function skips a step.
 */
export function createNativeClient<S extends EndpointSchemas, const T extends EndpointTable<S>>(
  options: NativeClientOptions<S, T>,
): NativeClient<S, T> {
  const { transport, endpoints, schemas } = options
  const client: Record<string, (args?: EndpointArgs, callOptions?: CallOptions) => Promise<unknown>> = {}
  const telemetry = telemetryOf(transport)
  for (const [name, endpoint] of Object.entries(endpoints) as [string, Endpoint][]) {
    const paramNames = pathParamNames(endpoint.path)
    const call = (args?: EndpointArgs, callOptions?: CallOptions) =>
      send(name, endpoint, paramNames, args, callOptions)
    const attributes = {
      'paymux.gateway': transport.provider,
      'paymux.operation': endpoint.operation,
      'paymux.endpoint': name,
    }
    // A native call made directly gets a span of its own; one made by an operation is part of that one's.
    client[name] =
      telemetry === undefined
        ? call
        : (args, callOptions) =>
            telemetry.span(`paymux.native.${name}`, attributes, () => call(args, callOptions), {
              outermost: true,
              duration: 'paymux.operation.duration',
            })
  }

  async function send(
    name: string,
    endpoint: Endpoint,
    paramNames: readonly string[],
    given: EndpointArgs | undefined,
    callOptions: CallOptions | undefined,
  ): Promise<unknown> {
    const context = { provider: transport.provider, operation: endpoint.operation }
    const args = checkArgs(given, endpoint, context)
    // Ids first: a bad one is refused before the schemas load.
    const { path, ids } = fillPath(endpoint.path, paramNames, args.params, context)
    const loaded = await schemas()
    const body = endpoint.body === undefined ? undefined : parse(loaded, endpoint.body, args.body, context)
    const query =
      endpoint.query === undefined ? undefined : parse(loaded, endpoint.query, args.query ?? {}, context)
    // What the failure handler and the recovery step see: the checked ids, the validated body and query.
    const input = { params: ids, body, query }
    const result = await transport.exchange({
      operation: endpoint.operation,
      method: endpoint.method,
      path,
      ...(body === undefined ? {} : { body }),
      ...(query === undefined
        ? {}
        : { query: query as Record<string, string | number | boolean | undefined> }),
      retry: retryPolicyOf(endpoint.retry, body),
      handleResponse: loaded.answers[endpoint.answer] as (typeof loaded.answers)[string],
      endpoint: name,
      route: endpoint.path,
      input,
      signal: callOptions?.signal,
      timeoutMs: callOptions?.timeoutMs,
    })
    if (result.ok) return result.value
    if (!result.answerLost || endpoint.afterLostAnswer === undefined) throw result.error
    const recovery: RecoveryContext = { args: input, options: callOptions, client }
    const outcome = await endpoint.afterLostAnswer(result.error, recovery)
    if (isPaymentError(outcome)) throw outcome
    return outcome.recovered
  }

  return attachTelemetry(Object.freeze(client), telemetry) as NativeClient<S, T>
}

/** The arguments object, with only the keys the endpoint takes: a misspelt `bdy` is refused, not dropped. */
function checkArgs(given: unknown, endpoint: Endpoint, context: InputContext): EndpointArgs {
  if (given === undefined) return {}
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    invalidField(context, '(root)', 'must be an object of { params, body, query }')
  }
  const known = ARG_KEYS.filter((key) => key !== 'params' || endpoint.path.includes(':')).filter(
    (key) => key === 'params' || endpoint[key] !== undefined,
  )
  for (const key of Object.keys(given)) {
    if (!(known as readonly string[]).includes(key)) {
      invalidField(context, showKey(key), unknownKeyMessage(key, known))
    }
  }
  return given as EndpointArgs
}

/** The path ids, checked (the gateway's own refs reduced to ids), and the path they fill. */
function fillPath(
  template: string,
  names: readonly string[],
  params: EndpointArgs['params'],
  context: InputContext,
): { path: string; ids: Readonly<Record<string, string>> | undefined } {
  for (const key of Object.keys(params ?? {})) {
    if (!names.includes(key)) invalidField(context, `params.${showKey(key)}`, unknownKeyMessage(key, names))
  }
  if (names.length === 0) return { path: template, ids: undefined }
  const ids: Record<string, string> = {}
  let path = template
  for (const name of names) {
    const id = ownId(params?.[name], name, context)
    ids[name] = id
    path = path.replace(`:${name}`, encodeURIComponent(id))
  }
  return { path, ids }
}

function parse(schemas: EndpointSchemas, name: string, value: unknown, context: InputContext): unknown {
  const schema = schemas.requests[name]
  if (schema === undefined) throw new TypeError(`no request schema named ${name}`)
  return parseInput(schema as never, value, context)
}

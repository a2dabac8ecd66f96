import { UnsupportedCapabilityError } from '../errors/index.js'
import type { AnyGateway, FacetName, ListResult } from '../model/gateway.js'
import type { FacetArgs, FacetResult, Operation, OperationRowOf } from '../model/operations.js'
import { type ProviderId, type Ref, toRef } from '../model/ref.js'
import type { WebhookEvent } from '../model/webhook-event.js'
import type { RouterWebhooksFacet } from './router-webhooks.js'

/** The ids of gateways `G`: `IdsOf<FastStarGateway | FastaarGateway>` is `'faststar' | 'fastaar'`. */
export type IdsOf<G extends { readonly id: ProviderId }> = G['id']

/**
 * A neutral object as a router of gateways `P` returns it: its `ref` and the
 * id fields `F` are refs of `P`, and `provider` is one of `P`. A subtype of
 * the object, so it can be passed wherever the object is taken.
 */
export type WithRefs<T, F extends string, P extends ProviderId> = {
  readonly [K in keyof T]: K extends 'ref' | F ? Ref<P> : K extends 'provider' ? P : T[K]
}

type RoutedEvent<E, F extends string, P extends ProviderId> = E extends unknown
  ? {
      readonly [K in keyof E]: K extends 'data'
        ? E[K] extends object
          ? WithRefs<E[K], F, P>
          : E[K]
        : K extends 'ref'
          ? Ref<P>
          : K extends 'provider'
            ? P
            : E[K]
    }
  : never

// biome-ignore lint/suspicious/noConfusingVoidType: the methods that answer nothing resolve to void
type Routed<R, F extends string, P extends ProviderId> = [R] extends [void]
  ? R
  : [R] extends [ListResult<infer I>]
    ? ListResult<WithRefs<I, F, P>>
    : [R] extends [readonly (infer I)[]]
      ? readonly WithRefs<I, F, P>[]
      : [R] extends [WebhookEvent]
        ? RoutedEvent<R, F, P>
        : WithRefs<R, F, P>

/** What operation `O` resolves to through a router of gateways `P`: its ids turned into refs by the registry's `resultRefs`. */
export type RouterResult<O extends Operation, P extends ProviderId> = Routed<
  FacetResult<O>,
  OperationRowOf<O>['resultRefs'][number],
  P
>

/** A verified webhook event as a router of gateways `P` returns it: ids in `data` are refs. */
export type RouterEvent<P extends ProviderId = ProviderId> = RouterResult<'webhooks.verify', P>

type InputRefs<T, F, P extends ProviderId> = T extends object
  ? { readonly [K in keyof T]: K extends F ? Ref<P> : T[K] }
  : T
type FieldsOf<D> = D extends { readonly field: infer F }
  ? F | (D extends { readonly sameGateway: readonly (infer S)[] } ? S : never)
  : never

/** The arguments of operation `O` through a router: a ref of `P` wherever the gateway takes its owner's id. */
export type RouterArgs<O extends Operation, P extends ProviderId> = RefArgs<
  FacetArgs<O>,
  OperationRowOf<O>['dispatch'],
  P
>
type RefArgs<A extends readonly unknown[], D, P extends ProviderId> = D extends { readonly by: 'ref' }
  ? A extends readonly [unknown, ...infer Rest]
    ? [ref: Ref<P>, ...rest: Rest]
    : never
  : D extends { readonly by: 'field' }
    ? { [I in keyof A]: I extends '0' ? InputRefs<A[I], FieldsOf<D>, P> : A[I] }
    : A

/**
 * Operation `O` as a router method. Declared as a method, so that a router of
 * some gateways is still a `Router` (of any gateway) for code that takes one;
 * calls are checked against `P` all the same.
 */
export type RouterMethod<O extends Operation, P extends ProviderId> = {
  method(...args: RouterArgs<O, P>): Promise<RouterResult<O, P>>
}['method']

type Segment<O, Prefix extends string> = O extends `${Prefix}${infer Head}.${string}`
  ? Head
  : O extends `${Prefix}${infer Head}`
    ? Head
    : never
type FacetTree<Ops extends Operation, Prefix extends string, P extends ProviderId> = {
  readonly [S in Segment<Ops, Prefix>]: `${Prefix}${S}` extends Ops
    ? RouterMethod<`${Prefix}${S}` & Ops, P>
    : FacetTree<Ops, `${Prefix}${S}.`, P>
}

/**
 * Every facet a router of gateways `P` can have, built from the operation
 * registry: `RouterFacets<P>['catalog']['prices']['list']` is
 * `RouterMethod<'catalog.prices.list', P>`. The `webhooks` facet is the
 * router's own (`RouterWebhooksFacet`).
 */
export type RouterFacets<P extends ProviderId> = FacetTree<Exclude<Operation, 'webhooks.verify'>, '', P>

type RoutedFacetName = Exclude<FacetName, 'webhooks'>
/** Facets some gateway of `G` surely has. */
type SureFacets<G> = G extends unknown
  ? { [K in FacetName]-?: K extends keyof G ? (undefined extends G[K] ? never : K) : never }[FacetName]
  : never
/** Facets some gateway of `G` may have (an `AnyGateway` may have any). */
type PresentFacets<G> = G extends unknown ? Extract<keyof G, FacetName> : never
type MethodsOf<G, K extends FacetName> = G extends unknown
  ? K extends keyof G
    ? keyof NonNullable<G[K]>
    : never
  : never
type RoutedFacet<G extends AnyGateway, K extends RoutedFacetName> = Pick<
  RouterFacets<IdsOf<G>>[K],
  MethodsOf<G, K> & keyof RouterFacets<IdsOf<G>>[K]
>
/** The router facets of gateways `G`: sure where every gateway has the facet, optional where some may. */
export type RoutedFacets<G extends AnyGateway> = {
  readonly [K in Extract<SureFacets<G>, RoutedFacetName>]: RoutedFacet<G, K>
} & {
  readonly [K in Exclude<Extract<PresentFacets<G>, RoutedFacetName>, SureFacets<G>>]?: RoutedFacet<G, K>
}
/** The router's `webhooks`, where some gateway of `G` verifies webhooks. */
export type RoutedWebhooks<G extends AnyGateway> =
  'webhooks' extends SureFacets<G>
    ? { readonly webhooks: RouterWebhooksFacet<IdsOf<G>> }
    : 'webhooks' extends PresentFacets<G>
      ? { readonly webhooks?: RouterWebhooksFacet<IdsOf<G>> }
      : unknown

/**
 * Turns the ids `row.resultRefs` names, in a gateway's answer, into refs of
 * `provider`: the router's answers can be passed straight back to it. Copies
 * what it changes; an answer with none of the fields is returned as is. An
 * event of type `'unknown'` is left alone: its `data` is the provider's own.
 */
export function withResultRefs(
  value: unknown,
  row: Pick<OperationRowOf, 'returns' | 'resultRefs'>,
  provider: ProviderId,
): unknown {
  const fields = row.resultRefs
  if (fields.length === 0 || (!isRecord(value) && !Array.isArray(value))) return value
  const each = (item: unknown) => refsIn(item, fields, provider)
  switch (row.returns) {
    case 'list':
      return Array.isArray(value) ? value.map(each) : value
    case 'page':
      return isRecord(value) && Array.isArray(value.data) ? { ...value, data: value.data.map(each) } : value
    case 'event':
      return isRecord(value) && value.type !== 'unknown' ? { ...value, data: each(value.data) } : value
    default:
      return each(value)
  }
}

/**
 * Sends `args` to `gateway`'s method for `row` and turns the ids of its answer
 * into refs. `has()` checked the operation, and `checkGatewayContract` ties
 * operations to methods; a gateway that declares one it lacks is told so.
 */
export function send(gateway: AnyGateway, row: OperationRowOf, args: readonly unknown[]): Promise<unknown> {
  let owner: unknown = gateway
  for (const part of row.path.slice(0, -1)) owner = isRecord(owner) ? owner[part] : undefined
  const method = isRecord(owner) ? owner[row.path[row.path.length - 1] as string] : undefined
  if (typeof method !== 'function') {
    throw new UnsupportedCapabilityError({
      provider: gateway.id,
      capability: row.operation,
      message: `The ${gateway.id} gateway declares ${row.operation} in capabilities.operations but has no such method.`,
    })
  }
  // Promise.resolve returns a gateway's own promise as is; it only wraps a plain value.
  const answer: Promise<unknown> = Promise.resolve(method.apply(owner, args))
  // Only operations whose answer holds ids pay for the extra step.
  return row.resultRefs.length === 0 ? answer : answer.then((value) => withResultRefs(value, row, gateway.id))
}

/** The arguments as the method takes them: exactly `arity` of them, the missing ones `undefined`. */
export function withArity(args: readonly unknown[], arity: number): unknown[] {
  return Array.from({ length: arity }, (_, index) => args[index])
}

/** Puts `value` at `path` in `tree`, making the objects on the way. */
export function place(tree: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = tree
  for (const part of path.slice(0, -1)) {
    const next = node[part]
    const child: Record<string, unknown> = isRecord(next) ? next : {}
    node[part] = child
    node = child
  }
  node[path[path.length - 1] as string] = value
}

function refsIn(item: unknown, fields: readonly string[], provider: ProviderId): unknown {
  if (!isRecord(item)) return item
  let copy: Record<string, unknown> | undefined
  for (const field of fields) {
    const id = item[field]
    if (typeof id !== 'string') continue
    copy ??= { ...item }
    copy[field] = toRef(provider, id)
  }
  return copy ?? item
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

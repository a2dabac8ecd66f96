import type { ListResult } from '../model/gateway.js'
import type { FacetArgs, FacetResult, Operation, OperationRowOf } from '../model/operations.js'
import { type ProviderId, type Ref, toRef } from '../model/ref.js'
import type { WebhookEvent } from '../model/webhook-event.js'

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

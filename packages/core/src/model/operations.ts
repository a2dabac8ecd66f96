import type { GatewayFacets, ListResult } from './gateway.js'
import type { WebhookEvent } from './webhook-event.js'

/**
 * The method at a dotted path of the facets: `FacetMethod<'catalog.prices.list'>`
 * is `CatalogFacet['prices']['list']`.
 */
export type FacetMethod<Path extends string, T = GatewayFacets> = Path extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T
    ? FacetMethod<Rest, NonNullable<T[Head]>>
    : never
  : Path extends keyof T
    ? NonNullable<T[Path]>
    : never

/** Every method path of `T`, dotted: `'sessions.create' | … | 'catalog.prices.list' | …`. */
type MethodPaths<T, Prefix extends string = ''> = {
  [K in keyof T & string]-?: NonNullable<T[K]> extends (...args: never[]) => unknown
    ? `${Prefix}${K}`
    : MethodPaths<NonNullable<T[K]>, `${Prefix}${K}.`>
}[keyof T & string]

/**
 * The operations the facets define: every method but `webhooks.recognizes`,
 * which is a hint for telling deliveries apart, not an operation. The registry
 * has exactly one row for each (checked in `operations.test-d.ts`).
 */
export type FacetOperation = Exclude<MethodPaths<GatewayFacets>, 'webhooks.recognizes'>

type Split<Path extends string> = Path extends `${infer Head}.${infer Rest}` ? [Head, ...Split<Rest>] : [Path]
/** The parameters of the facet method at `O`. */
export type FacetArgs<O extends string> = FacetMethod<O> extends (...args: infer A) => unknown ? A : never
/** What the facet method at `O` resolves to. */
export type FacetResult<O extends string> =
  FacetMethod<O> extends (...args: never[]) => Promise<infer R> ? R : never
type Args<O extends string> = FacetArgs<O>
type Result<O extends string> = FacetResult<O>

/** The keys of `T` that name another object by its id: `customerId`, `productId`, …. */
type IdKeys<T> = T extends object
  ? {
      [K in keyof T]-?: K extends `${string}Id` ? (NonNullable<T[K]> extends string ? K : never) : never
    }[keyof T] &
      string
  : never
type IdKeysOf<T> = T extends unknown ? IdKeys<T> : never
type EventData<E> = E extends { readonly data: infer D } ? (D extends object ? D : never) : never

/** What an operation resolves to, for the router to find the objects in it. */
export type ResultShape =
  /** One neutral object. */
  | 'object'
  /** A `ListResult`: the objects are its `data`. */
  | 'page'
  /** An array of objects. */
  | 'list'
  /** `void`. */
  | 'nothing'
  /** A `WebhookEvent`: the object is its `data`. */
  | 'event'

// biome-ignore lint/suspicious/noConfusingVoidType: the methods that answer nothing resolve to void
type ShapeOf<R> = [R] extends [void]
  ? 'nothing'
  : [R] extends [ListResult<unknown>]
    ? 'page'
    : [R] extends [readonly unknown[]]
      ? 'list'
      : [R] extends [WebhookEvent]
        ? 'event'
        : 'object'

/** The objects inside a result of this shape. */
export type ResultItem<R> = [R] extends [ListResult<infer I>]
  ? I
  : [R] extends [readonly (infer I)[]]
    ? I
    : [R] extends [WebhookEvent]
      ? EventData<R>
      : R

/**
 * How the router picks the gateway of a call.
 * - `route`: the route rule decides, asked about the first argument (`input: 'first'`)
 *   or about nothing (`'none'`, for a call that takes only options).
 * - `ref`: the gateway the ref in the first argument names; `name` is what errors call it.
 * - `field`: the gateway the ref in `field` of the first argument names. `sameGateway`
 *   lists other refs of the input that must name the same gateway (`why` says why).
 *   With `orRoute`, an input without `field` is routed instead.
 * - `webhook`: not a call; the router's `webhooks` facet tells deliveries apart by their headers.
 */
export type Dispatch<Field extends string = string> =
  | { readonly by: 'route'; readonly input: 'first' | 'none' }
  | { readonly by: 'ref'; readonly name: 'ref' | 'customerId' | 'paymentMethodId' }
  | {
      readonly by: 'field'
      readonly field: Field
      readonly sameGateway?: readonly Field[]
      readonly why?: string
      readonly orRoute?: boolean
    }
  | { readonly by: 'webhook' }

/** One row of {@link OPERATIONS}, checked against the facet method it describes. */
export interface OperationSpec<O extends FacetOperation = FacetOperation> {
  /** `'<facet>.<method>'`, as `capabilities.operations` names it. */
  readonly operation: O
  /** Where the method sits on a gateway: `['catalog', 'prices', 'list']`. */
  readonly path: Readonly<Split<O>>
  /** How many arguments the method takes, its options last: the router passes exactly these on. */
  readonly arity: Required<Args<O>>['length']
  /** How the router picks the gateway. */
  readonly dispatch: Dispatch<IdKeys<NonNullable<Args<O>[0]>>>
  /**
   * Whether a routed call moves on to the rule's next gateway on
   * `ProviderUnavailableError`. Only where no money can move twice.
   */
  readonly failover: boolean
  /** What the method resolves to. */
  readonly returns: ShapeOf<Result<O>>
  /**
   * The ids inside the result (in each object of a page or list, in `data` of
   * an event) that name another object of the same gateway: the router turns
   * them into refs, so they can be passed straight back to it.
   */
  readonly resultRefs: readonly IdKeysOf<ResultItem<Result<O>>>[]
}

type OperationRow = { [O in FacetOperation]: OperationSpec<O> }[FacetOperation]

// The id fields each kind of object carries, the same in every operation that returns it.
const PAYMENT_REFS = ['customerId', 'paymentMethodId'] as const
const SESSION_REFS = ['paymentId'] as const
const METHOD_REFS = ['customerId'] as const
const EVENT_DATA_REFS = ['paymentId', 'customerId', 'paymentMethodId'] as const

const routed = { by: 'route', input: 'first' } as const
const byRef = { by: 'ref', name: 'ref' } as const
const byCustomer = { by: 'ref', name: 'customerId' } as const
const byMethod = { by: 'ref', name: 'paymentMethodId' } as const
const bySavedMethod = {
  by: 'field',
  field: 'customerId',
  sameGateway: ['paymentMethodId'],
  why: 'a saved method can only be charged where it was saved',
} as const

/**
 * Every neutral operation, once: where it sits, how the router dispatches it,
 * whether it fails over, and which ids of its result become refs. The
 * `Operation` type, the router's methods and their dispatch, `RouteInput`,
 * `FAILOVER_OPERATIONS` and the conformance suite's list all derive from it.
 *
 * Ids kept native in results, on purpose: `id` itself (`ref` is beside it),
 * `setupIntentId` (the provider's front-end SDK takes it; `attach` is routed
 * by the customer's ref), `nextCursor` (opaque, for the same list call) and
 * `reference` (your own order id).
 */
// biome-ignore format: one row per line reads as a table
export const OPERATIONS = [
  { operation: 'sessions.create', path: ['sessions', 'create'], arity: 2, dispatch: routed, failover: true, returns: 'object', resultRefs: SESSION_REFS },
  { operation: 'sessions.retrieve', path: ['sessions', 'retrieve'], arity: 2, dispatch: byRef, failover: false, returns: 'object', resultRefs: SESSION_REFS },
  { operation: 'payments.retrieve', path: ['payments', 'retrieve'], arity: 2, dispatch: byRef, failover: false, returns: 'object', resultRefs: PAYMENT_REFS },
  { operation: 'payments.list', path: ['payments', 'list'], arity: 2, dispatch: routed, failover: false, returns: 'page', resultRefs: PAYMENT_REFS },
  { operation: 'payments.charge', path: ['payments', 'charge'], arity: 2, dispatch: bySavedMethod, failover: false, returns: 'object', resultRefs: PAYMENT_REFS },
  { operation: 'payments.refund', path: ['payments', 'refund'], arity: 3, dispatch: byRef, failover: false, returns: 'object', resultRefs: PAYMENT_REFS },
  { operation: 'payments.listRefunds', path: ['payments', 'listRefunds'], arity: 2, dispatch: byRef, failover: false, returns: 'list', resultRefs: ['paymentId'] },
  { operation: 'payments.waitFor', path: ['payments', 'waitFor'], arity: 2, dispatch: byRef, failover: false, returns: 'object', resultRefs: PAYMENT_REFS },
  { operation: 'customers.create', path: ['customers', 'create'], arity: 2, dispatch: routed, failover: false, returns: 'object', resultRefs: [] },
  { operation: 'customers.retrieve', path: ['customers', 'retrieve'], arity: 2, dispatch: byRef, failover: false, returns: 'object', resultRefs: [] },
  { operation: 'customers.list', path: ['customers', 'list'], arity: 2, dispatch: routed, failover: false, returns: 'page', resultRefs: [] },
  { operation: 'paymentMethods.createSetup', path: ['paymentMethods', 'createSetup'], arity: 2, dispatch: byCustomer, failover: false, returns: 'object', resultRefs: [] },
  { operation: 'paymentMethods.attach', path: ['paymentMethods', 'attach'], arity: 3, dispatch: byCustomer, failover: false, returns: 'object', resultRefs: METHOD_REFS },
  { operation: 'paymentMethods.list', path: ['paymentMethods', 'list'], arity: 2, dispatch: byCustomer, failover: false, returns: 'list', resultRefs: METHOD_REFS },
  { operation: 'paymentMethods.setDefault', path: ['paymentMethods', 'setDefault'], arity: 2, dispatch: byMethod, failover: false, returns: 'nothing', resultRefs: [] },
  { operation: 'paymentMethods.detach', path: ['paymentMethods', 'detach'], arity: 2, dispatch: byMethod, failover: false, returns: 'nothing', resultRefs: [] },
  { operation: 'catalog.products.create', path: ['catalog', 'products', 'create'], arity: 2, dispatch: routed, failover: false, returns: 'object', resultRefs: [] },
  { operation: 'catalog.products.list', path: ['catalog', 'products', 'list'], arity: 1, dispatch: { by: 'route', input: 'none' }, failover: false, returns: 'page', resultRefs: [] },
  { operation: 'catalog.prices.create', path: ['catalog', 'prices', 'create'], arity: 2, dispatch: { by: 'field', field: 'productId' }, failover: false, returns: 'object', resultRefs: ['productId'] },
  { operation: 'catalog.prices.list', path: ['catalog', 'prices', 'list'], arity: 2, dispatch: { by: 'field', field: 'productId', orRoute: true }, failover: false, returns: 'page', resultRefs: ['productId'] },
  { operation: 'tax.calculate', path: ['tax', 'calculate'], arity: 2, dispatch: routed, failover: false, returns: 'object', resultRefs: [] },
  { operation: 'webhooks.verify', path: ['webhooks', 'verify'], arity: 1, dispatch: { by: 'webhook' }, failover: false, returns: 'event', resultRefs: EVENT_DATA_REFS },
] as const satisfies readonly OperationRow[]

/** Every operation, `'<facet>.<method>'`, as named in `capabilities.operations`. */
export type Operation = (typeof OPERATIONS)[number]['operation']

/** A row of the registry, with its literal types. */
export type OperationRowOf<O extends Operation = Operation> = Extract<
  (typeof OPERATIONS)[number],
  { operation: O }
>

/** The registry's row of `operation`. */
export function operationRow<O extends Operation>(operation: O): OperationRowOf<O> {
  const row = OPERATIONS.find(
    (candidate): candidate is OperationRowOf<O> => candidate.operation === operation,
  )
  if (row === undefined) throw new TypeError(`${operation} is not an operation of the registry`)
  return row
}

/** The operations a route rule may be asked about: routed always, or when the input names no owner. */
export type RoutedOperation = Extract<
  (typeof OPERATIONS)[number],
  { dispatch: { by: 'route' } | { orRoute: true } }
>['operation']

/** Every operation, in the registry's order. */
export const ALL_OPERATIONS: readonly Operation[] = Object.freeze(OPERATIONS.map((row) => row.operation))

/**
 * The operations the router fails over: creating a checkout session. The
 * buyer only ever sees the link that succeeded, so a session left behind at
 * a failed gateway moves no money. Charges and refunds are never failed over:
 * the first gateway may have moved the money before its answer was lost.
 * Derived from the registry's `failover`, the one place this is decided; the
 * tests and the fault matrix check every operation against it.
 */
export const FAILOVER_OPERATIONS: ReadonlySet<Operation> = new Set(
  OPERATIONS.filter((row) => row.failover).map((row) => row.operation),
)

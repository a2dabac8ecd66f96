import {
  type FieldIssue,
  InvalidRequestError,
  ProviderUnavailableError,
  UnsupportedCapabilityError,
} from '../errors/index.js'
import { StoreUnavailableError } from '../errors/store-unavailable-error.js'
import { callHook } from '../http/call-hook.js'
import { type AnyGateway, type FacetName, SUPPORTED_SPECIFICATION_VERSIONS } from '../model/gateway.js'
import { type Dispatch, OPERATIONS, type Operation, type RoutedOperation } from '../model/operations.js'
import type { PaymentSession } from '../model/payment-session.js'
import { type ProviderId, parseRef } from '../model/ref.js'
import { guardStore } from '../state/guard-store.js'
import { createMemoryStore } from '../state/memory-store.js'
import { STATE_STORE_METHODS, type StateStore } from '../state/state-store.js'
import { attachTelemetry, createTelemetry, errorAttributes, type Telemetry } from '../telemetry/telemetry.js'
import { type TelemetryOption, telemetryIssues } from '../telemetry/telemetry-settings.js'
import { showKey, unknownKeyMessage } from '../validation/closest-name.js'
import { describeValue, wholeNumber } from '../validation/settings.js'
import {
  type CheckoutLedgerOptions,
  createCheckoutLedger,
  DEFAULT_LEDGER_TTL_MS,
  DEFAULT_LEDGER_WAIT_MS,
} from './checkout-ledger.js'
import {
  type Admission,
  breakerIssues,
  type CircuitBreakerOptions,
  type CircuitChange,
  createCircuitBreaker,
} from './circuit-breaker.js'
import {
  createFulfilmentGuard,
  DEFAULT_FULFILMENT_LEASE_TTL_MS,
  DEFAULT_FULFILMENT_WAIT_MS,
  type FulfilmentGuard,
  type FulfilmentOptions,
} from './fulfilment.js'
import { type RouteInput, type RouteRule, type RouteTarget, targetProblem, toRule } from './route-rules.js'
import {
  type IdsOf,
  place,
  type RoutedFacets,
  type RoutedWebhooks,
  send,
  withArity,
} from './router-facets.js'
import { createRouterWebhooks, type RouterWebhooksOptions } from './router-webhooks.js'

/** One call the router made to one gateway, as reported to `hooks.onAttempt`. */
export interface RouterAttempt {
  readonly operation: Operation
  readonly gateway: ProviderId
  /** 1 for the first gateway tried, 2 after one failover, … */
  readonly attempt: number
  readonly durationMs: number
  /** The error, when the call failed. */
  readonly error?: unknown
}

/** A move to the next gateway, as reported to `hooks.onFailover`. */
export interface RouterFailover {
  readonly operation: Operation
  readonly from: ProviderId
  readonly to: ProviderId
  readonly error: unknown
}

/** Observers of the router's decisions. A hook that throws is ignored; it never breaks a payment. */
export interface RouterHooks {
  /** After each call to one gateway, successful or not. */
  onAttempt?(attempt: RouterAttempt): void
  /** Before `sessions.create` moves on to the next gateway of its list. */
  onFailover?(failover: RouterFailover): void
  /** When a gateway's circuit opens (it is skipped) or closes (back in rotation). */
  onCircuitChange?(change: CircuitChange): void
  /**
   * When the breaker could not read or write the `store`: the call went
   * ahead as if the circuit were closed (a store outage must not stop
   * payments). Webhooks, the checkout ledger and the fulfilment guard
   * fail instead, with the same error, since they cannot keep their promise.
   */
  onStoreError?(error: StoreUnavailableError): void
}

/** Options of {@link createRouter}. */
export interface RouterOptions<G extends AnyGateway> {
  /** The gateways to combine, each known by its `id`. */
  readonly gateways: readonly G[]
  /**
   * Which gateway takes a call that no ref ties to one: a rule (`byCurrency`,
   * `byCountry`, `byAmount`, `byWeight`, `compose`, or your own function), or
   * simply a gateway id, or ids in order of preference. Typed over the ids of
   * `gateways`, so `'fastar'` for `'fastaar'` does not compile.
   */
  readonly route: NoInfer<RouteRule<IdsOf<G>> | RouteTarget<IdsOf<G>>>
  /**
   * Skip a gateway after repeated failures; `false` turns it off. Only calls
   * that started after the circuit opened count toward closing or reopening it.
   * @default { failureThreshold: 5, cooldownMs: 30_000 }
   */
  readonly breaker?: CircuitBreakerOptions | false
  /**
   * Where the router keeps what every instance of your app must agree on:
   * handled webhook events, gateway health, each order's checkout, and
   * fulfilments. Pass a shared store (`createRedisStore` from
   * `@paymux/store-redis`, `createPostgresStore` from
   * `@paymux/store-postgres`) when you run more than one instance.
   * @default createMemoryStore(): this process only
   */
  readonly store?: StateStore
  /**
   * How long one call to `store` may take, in ms (1 to 2_147_483_647),
   * before it counts as failed (`StoreUnavailableError`, `store_timeout`).
   * @default 5_000
   */
  readonly storeTimeoutMs?: number
  /**
   * The checkout ledger: `sessions.create` with a `reference` returns that
   * order's open or complete session instead of opening a second one, across
   * instances, retries and failover. `false` turns it off.
   * @default { ttlMs: 2_592_000_000 (30 days), waitMs: 30_000 }
   */
  readonly checkout?: CheckoutLedgerOptions | false
  /** How `router.fulfilment` holds an order while one path applies it. */
  readonly fulfilment?: FulfilmentOptions
  /** How long handled webhook events are remembered, and claims held. */
  readonly webhooks?: RouterWebhooksOptions
  /** Observers for logging and metrics. */
  readonly hooks?: RouterHooks
  /**
   * OpenTelemetry spans and metrics for every router call, failover and
   * breaker change, and for the webhook handler built on `router.webhooks`
   * (see docs/guides/observability.md): `false` turns them off, settings may
   * hand in a tracer and a meter. @default on whenever `@opentelemetry/api` is installed
   */
  readonly telemetry?: TelemetryOption
  /** The current time in epoch ms, for the breaker. @default Date.now */
  readonly now?: () => number
}

/**
 * What `createRouter` returns: the facets that at least one of its gateways
 * has, with the methods of the gateways that have them. Every id it takes is
 * a ref of one of its gateways (`Ref<'faststar' | 'fastaar'>`, the `ref` of
 * every neutral object), and the ids inside what it returns are refs too
 * (the registry's `resultRefs`), so they can be passed straight back.
 */
export type Router<G extends AnyGateway = AnyGateway> = RoutedFacets<G> &
  RoutedWebhooks<G> & {
    /** The gateways, by id: for provider-only features such as Paystar's `manage`. */
    readonly gateways: ReadonlyMap<IdsOf<G>, G>
    /** One fulfilment per order, from webhooks and your confirmation page alike. */
    readonly fulfilment: FulfilmentGuard
  }

type Row = (typeof OPERATIONS)[number]
type RoutedRow = Extract<Row, { readonly operation: RoutedOperation }>
type Method = (...args: unknown[]) => Promise<unknown>

/**
 * Combines gateways behind one object with a gateway's facets. New checkouts
 * go where `route` says, failing over along its list where no money can move
 * twice; every call by id goes to the gateway its ref names; webhooks from any
 * gateway are verified and normalized to the same `WebhookEvent` union.
 * Settings, the gateways' `specificationVersion` and the route are checked
 * here: a mistake throws `InvalidRequestError` when the router is built, not
 * at the first payment. Its methods come from the operation registry
 * (`OPERATIONS`): each row says how its calls are dispatched.
 */
export function createRouter<const G extends AnyGateway>(options: RouterOptions<G>): Router<G> {
  const settings = checkOptions(options)
  checkSpecificationVersions(options.gateways)
  const byId = indexGateways(options.gateways)
  const rule = toRule<ProviderId>(options.route)
  for (const id of declaredGateways(rule)) {
    if (!byId.has(id)) throw unknownGateway(id, byId, 'route')
  }
  // A rule answering one id (the usual case) finds its list here: no array per call.
  const single = new Map([...byId].map(([id, gateway]) => [id, [gateway] as const]))
  const hooks = options.hooks ?? {}
  const report = <K extends keyof RouterHooks>(name: K, value: Parameters<NonNullable<RouterHooks[K]>>[0]) =>
    callHook(() => (hooks[name] as ((value: unknown) => unknown) | undefined)?.(value))
  const now = options.now ?? Date.now
  const telemetry = createTelemetry(options.telemetry)
  // The memory store cannot hang or answer out of contract: only a store of the user's is guarded.
  const store =
    options.store === undefined
      ? createMemoryStore({ now })
      : guardStore(options.store, settings.storeTimeoutMs)
  const breaker =
    options.breaker === false
      ? undefined
      : createCircuitBreaker({
          ...options.breaker,
          store,
          now,
          onChange: (change) => {
            const attributes = { 'paymux.gateway': change.gateway, 'paymux.breaker.state': change.state }
            telemetry?.event('paymux.breaker.change', attributes)
            telemetry?.count('paymux.breaker.changes', attributes)
            report('onCircuitChange', change)
          },
        })
  const ledger =
    settings.checkout === false ? undefined : createCheckoutLedger({ store, ...settings.checkout })
  /** The breaker's view of a gateway; a store that fails lets the call go, and says so. */
  const admit = async (gateway: AnyGateway, skippable: boolean): Promise<Admission> => {
    if (breaker === undefined) return CLOSED
    try {
      return await breaker.admit(gateway.id, skippable)
    } catch (error) {
      reportStoreError(error)
      return CLOSED
    }
  }
  const reportStoreError = (error: unknown) => {
    if (StoreUnavailableError.isInstance(error)) report('onStoreError', error)
    else throw error
  }

  const operationsOf = new Map(
    options.gateways.map((gateway) => [gateway.id, new Set(gateway.capabilities.operations)] as const),
  )
  const has = (gateway: AnyGateway, operation: Operation) =>
    operationsOf.get(gateway.id)?.has(operation) === true

  async function attempt<T>(
    operation: Operation,
    gateway: AnyGateway,
    number: number,
    admission: Admission,
    call: (gateway: AnyGateway) => Promise<T>,
  ): Promise<T> {
    // Timing is only taken for a hook that will read it: this runs on every call.
    const started = hooks.onAttempt === undefined ? 0 : performance.now()
    const reportAttempt = (error?: unknown) => {
      if (hooks.onAttempt === undefined) return
      const durationMs = performance.now() - started
      const base = { operation, gateway: gateway.id, attempt: number, durationMs }
      report('onAttempt', error === undefined ? base : { ...base, error })
    }
    // Outcomes count only for the breaker generation the call was admitted in (see CircuitBreaker).
    const record = (outcome: 'recordSuccess' | 'recordFailure') =>
      breaker?.[outcome](gateway.id, admission).catch(reportStoreError)
    telemetry?.annotate({ 'paymux.gateway': gateway.id })
    try {
      const result = await call(gateway)
      await record('recordSuccess')
      reportAttempt()
      return result
    } catch (error) {
      if (ProviderUnavailableError.isInstance(error)) await record('recordFailure')
      else await record('recordSuccess') // The gateway answered: a probe that gets a 4xx proved it up.
      reportAttempt(error)
      throw error
    }
  }

  /**
   * A call no ref ties to a gateway: ask the rule, skip tripped gateways,
   * fail over where the registry allows. `pinned` sends it to that gateway
   * only; `beforeAttempt` runs before each gateway is tried (the ledger
   * records where a create went).
   */
  async function routed(
    row: RoutedRow,
    input: unknown,
    args: readonly unknown[],
    pinned?: ProviderId,
    beforeAttempt?: (gateway: ProviderId) => Promise<void>,
  ): Promise<unknown> {
    const operation = row.operation
    const named = pinned === undefined ? routeOf(operation, input) : [byId.get(pinned) as AnyGateway]
    const capable = named.filter((gateway) => has(gateway, operation))
    const first = named[0]
    if (capable.length === 0 || first === undefined) {
      throw new UnsupportedCapabilityError({
        provider: first?.id ?? 'paymux',
        capability: operation,
        message: `${operation} was routed to ${named.map((g) => g.id).join(', ')}, and no gateway there supports it.`,
      })
    }
    const candidates = row.failover ? capable : capable.slice(0, 1)
    const sent = withArity(args, row.arity)
    let failed: { gateway: AnyGateway; error: unknown } | undefined
    let retryInMs = Number.POSITIVE_INFINITY
    let number = 0
    for (const gateway of candidates) {
      const admission = await admit(gateway, true)
      if (admission.state === 'open') {
        retryInMs = Math.min(retryInMs, admission.retryInMs)
        telemetry?.event('paymux.gateway.skipped', {
          'paymux.gateway': gateway.id,
          'paymux.breaker.state': 'open',
        })
        continue
      }
      if (failed !== undefined) {
        reportFailover(operation, failed, gateway)
        report('onFailover', { operation, from: failed.gateway.id, to: gateway.id, error: failed.error })
      }
      // A probe that is never sent must give its lease back, or no instance could probe again.
      await beforeAttempt?.(gateway.id).catch(async (error: unknown) => {
        await admission.probe?.release()
        throw error
      })
      try {
        return await attempt(operation, gateway, ++number, admission, (g) => send(g, row, sent))
      } catch (error) {
        if (!ProviderUnavailableError.isInstance(error) || aborted(sent[row.arity - 1])) throw error
        failed = { gateway, error }
      }
    }
    if (failed !== undefined) throw failed.error
    throw circuitOpen(operation, candidates, retryInMs)
  }

  function reportFailover(
    operation: Operation,
    failed: { gateway: AnyGateway; error: unknown },
    to: AnyGateway,
  ) {
    if (telemetry === undefined) return
    const attributes = {
      'paymux.operation': operation,
      'paymux.gateway': failed.gateway.id,
      'paymux.failover.to': to.id,
    }
    telemetry.count('paymux.router.failovers', attributes)
    telemetry.event('paymux.failover', {
      ...attributes,
      'paymux.error.class': errorAttributes(failed.error)['paymux.error.class'],
    })
    telemetry.annotate({ 'paymux.failover.to': to.id })
  }

  /** The gateways the rule names for a call, in order. */
  function routeOf(operation: RoutedOperation, input: unknown): readonly AnyGateway[] {
    // The router's public type holds the input to the operation's own; JavaScript callers reach the gateway's checks.
    const target: unknown = rule(input as RouteInput, { operation })
    return (typeof target === 'string' ? single.get(target) : undefined) ?? gatewaysOf(target, operation)
  }

  /** `sessions.create` with a `reference`, through the checkout ledger: one session per order. */
  function createSession(row: RoutedRow, args: readonly unknown[]): Promise<unknown> {
    const input = args[0]
    const reference = isRecord(input) ? input.reference : undefined
    if (ledger === undefined || typeof reference !== 'string' || reference === '')
      return routed(row, input, args)
    return ledger(reference, input, {
      create: (pinned, beforeAttempt) =>
        routed(row, input, args, pinned, beforeAttempt) as Promise<PaymentSession>,
      retrieve: (ref) =>
        has(ownerOf(ref, 'id').gateway, 'sessions.retrieve')
          ? (byRef(SESSIONS_RETRIEVE, 'id', [ref]) as Promise<PaymentSession>)
          : undefined,
    })
  }

  /**
   * The gateways a rule's answer names, in order: refused before any request
   * when the answer is nothing, not ids, names a gateway twice, or one this
   * router does not have.
   */
  function gatewaysOf(target: unknown, operation: Operation): readonly AnyGateway[] {
    if (target === undefined) {
      throw new InvalidRequestError({
        provider: 'paymux',
        code: 'no_route',
        message: `No gateway for this ${operation} call: the route rule returned nothing. End it with a fallback, e.g. compose(…, '${[...byId.keys()][0]}').`,
      })
    }
    const problem = targetProblem(target)
    if (problem !== undefined) {
      const message = `The route rule's answer for this ${operation} call is refused before any request: ${problem.message}.`
      throw new InvalidRequestError({
        provider: 'paymux',
        code: problem.code,
        message,
        issues: [{ path: 'route', message: problem.message }],
      })
    }
    const ids = typeof target === 'string' ? [target] : (target as readonly ProviderId[])
    return ids.map((id) => byId.get(id) ?? throwError(unknownGateway(id, byId, 'route')))
  }

  /** A call by ref: straight to the owner, never elsewhere. */
  async function owned(row: Row, gateway: AnyGateway, sent: readonly unknown[]): Promise<unknown> {
    if (!has(gateway, row.operation))
      throw new UnsupportedCapabilityError({ provider: gateway.id, capability: row.operation })
    // Sent whatever the breaker says (the ref names this gateway), but its outcome still counts.
    return attempt(row.operation, gateway, 1, await admit(gateway, false), (g) => send(g, row, sent))
  }

  function ownerOf(ref: unknown, field: string): { gateway: AnyGateway; id: string } {
    const { provider, id } = refOf(ref, field)
    const gateway = byId.get(provider)
    if (gateway === undefined) throw unknownGateway(provider, byId, field)
    return { gateway, id }
  }

  /** The ref is the first argument: the owner gets its native id there. */
  async function byRef(row: Row, name: string, args: readonly unknown[]): Promise<unknown> {
    const { gateway, id } = ownerOf(args[0], name)
    const sent = withArity(args, row.arity)
    sent[0] = id
    return owned(row, gateway, sent)
  }

  /** The ref is a field of the input (others must name the same gateway), or, if `orRoute`, the call may be routed. */
  async function byField(row: Row, dispatch: FieldDispatch, args: readonly unknown[]): Promise<unknown> {
    const input = isRecord(args[0]) ? args[0] : {}
    if (input[dispatch.field] === undefined && dispatch.orRoute === true && isRoutedRow(row))
      return routed(row, args[0], args)
    const owner = ownerOf(input[dispatch.field], dispatch.field)
    const native: Record<string, unknown> = { ...input, [dispatch.field]: owner.id }
    for (const field of dispatch.sameGateway ?? []) {
      const { provider, id } = refOf(input[field], field)
      if (provider !== owner.gateway.id) throw elsewhere(dispatch, field, owner.gateway.id, provider)
      native[field] = id
    }
    const sent = withArity(args, row.arity)
    sent[0] = native
    return owned(row, owner.gateway, sent)
  }

  /** The router method of a registry row; none for `webhooks.verify`, which the router's `webhooks` facet has. */
  function methodOf(row: Row): Method | undefined {
    const dispatch: Dispatch = row.dispatch
    switch (dispatch.by) {
      case 'route':
        if (!isRoutedRow(row)) return undefined
        if (row.operation === 'sessions.create') return (...args) => createSession(row, args)
        return (...args) => routed(row, dispatch.input === 'first' ? args[0] : undefined, args)
      case 'ref':
        return (...args) => byRef(row, dispatch.name, args)
      case 'field':
        return (...args) => byField(row, dispatch, args)
      case 'webhook':
        return undefined
    }
  }

  // Every method rejects rather than throws: routed(), byRef() and byField() are async.
  const facets: Record<string, unknown> = {}
  for (const row of OPERATIONS) {
    const method = methodOf(row)
    if (method !== undefined)
      place(facets, row.path, telemetry === undefined ? method : traced(row, method, telemetry))
  }
  const router: Record<string, unknown> = {
    gateways: byId,
    fulfilment: createFulfilmentGuard(store, settings.fulfilment),
  }
  const offered = new Set(options.gateways.flatMap((gateway) => gateway.capabilities.operations))
  const offeredFacets = new Set(
    OPERATIONS.filter((row) => offered.has(row.operation)).map((row) => row.path[0]),
  )
  for (const [name, facet] of Object.entries(facets)) {
    if (offeredFacets.has(name as FacetName)) router[name] = facet
  }
  // Built (and so its settings checked) even when no gateway receives webhooks: a bad
  // `webhooks` option is a mistake to report, not to ignore.
  const webhooks = attachTelemetry(
    createRouterWebhooks({ gateways: byId, settings: options.webhooks, store }),
    telemetry,
  )
  if (offeredFacets.has('webhooks')) router.webhooks = webhooks
  return router as Router<G>
}

type FieldDispatch = Extract<Dispatch, { readonly by: 'field' }>

/** A router method run inside its span, `paymux.router.<operation>`, which the gateways' spans nest under. */
function traced(row: Row, method: Method, telemetry: Telemetry): Method {
  const name = `paymux.router.${row.operation}`
  const attributes = { 'paymux.operation': row.operation }
  return (...args) =>
    telemetry.span(name, attributes, () => method(...args), { duration: 'paymux.router.duration' })
}

const SESSIONS_RETRIEVE = OPERATIONS.find((row) => row.operation === 'sessions.retrieve') as Row
const CLOSED: Admission = { state: 'closed', generation: 0 }
const MAX_TIMER_MS = 2_147_483_647
const MAX_LEDGER_TTL_MS = 10 * 365 * 24 * 60 * 60 * 1000

interface StoreSettings {
  readonly storeTimeoutMs: number
  readonly checkout: { readonly ttlMs: number; readonly waitMs: number } | false
  readonly fulfilment: { readonly leaseTtlMs: number; readonly waitMs: number }
}

/** The store's settings, the ledger's and the fulfilment guard's, their issues added to `issues`. */
function storeSettings(options: Record<string, unknown>, issues: FieldIssue[]): StoreSettings {
  const storeTimeoutMs = wholeNumber(issues, 'storeTimeoutMs', options.storeTimeoutMs, 5_000, 1, MAX_TIMER_MS)
  const given: unknown = options.store
  if (given !== undefined) {
    const missing = STATE_STORE_METHODS.filter(
      (method) => typeof (given as Record<string, unknown> | null)?.[method] !== 'function',
    )
    if (missing.length > 0)
      issues.push({
        path: 'store',
        message: `must be a state store (createMemoryStore(), createRedisStore(…), createPostgresStore(…)); it lacks ${missing.join(', ')}`,
      })
  }
  const checkout = checkoutSettings(issues, options.checkout)
  const fulfilment = fulfilmentSettings(issues, options.fulfilment)
  return { storeTimeoutMs, checkout, fulfilment }
}

function fulfilmentSettings(issues: FieldIssue[], given: unknown): { leaseTtlMs: number; waitMs: number } {
  if (given !== undefined && !isRecord(given))
    issues.push({
      path: 'fulfilment',
      message: `must be { leaseTtlMs?, waitMs? }, got ${describeValue(given)}`,
    })
  const fields = isRecord(given) ? given : {}
  issues.push(...unknownKeyIssues(fields, ['leaseTtlMs', 'waitMs'], 'fulfilment.'))
  const leaseTtlMs = wholeNumber(
    issues,
    'fulfilment.leaseTtlMs',
    fields.leaseTtlMs,
    DEFAULT_FULFILMENT_LEASE_TTL_MS,
    1,
    86_400_000,
  )
  const waitMs = wholeNumber(
    issues,
    'fulfilment.waitMs',
    fields.waitMs,
    DEFAULT_FULFILMENT_WAIT_MS,
    0,
    300_000,
  )
  return { leaseTtlMs, waitMs }
}

function checkoutSettings(issues: FieldIssue[], given: unknown): { ttlMs: number; waitMs: number } | false {
  if (given === false) return false
  const ledger = given === undefined ? {} : given
  if (!isRecord(ledger))
    issues.push({
      path: 'checkout',
      message: `must be false or { ttlMs?, waitMs? }, got ${describeValue(ledger)}`,
    })
  const fields = isRecord(ledger) ? ledger : {}
  issues.push(...unknownKeyIssues(fields, ['ttlMs', 'waitMs'], 'checkout.'))
  return {
    ttlMs: wholeNumber(issues, 'checkout.ttlMs', fields.ttlMs, DEFAULT_LEDGER_TTL_MS, 1, MAX_LEDGER_TTL_MS),
    waitMs: wholeNumber(issues, 'checkout.waitMs', fields.waitMs, DEFAULT_LEDGER_WAIT_MS, 0, 300_000),
  }
}

function isRoutedRow(row: Row): row is RoutedRow {
  const dispatch: Dispatch = row.dispatch
  return dispatch.by === 'route' || (dispatch.by === 'field' && dispatch.orRoute === true)
}

/** Whether the call's options hold a `signal` that has aborted: then a failed call is not sent elsewhere. */
function aborted(options: unknown): boolean {
  const signal = isRecord(options) ? options.signal : undefined
  return isRecord(signal) && signal.aborted === true
}

function elsewhere(dispatch: FieldDispatch, field: string, owner: ProviderId, other: ProviderId) {
  return new InvalidRequestError({
    provider: 'paymux',
    message: `${dispatch.field} belongs to ${owner} but ${field} to ${other}: ${dispatch.why ?? 'both must name one gateway'}.`,
    issues: [{ path: field, message: `expected a ${owner} ref` }],
  })
}

/**
 * Refuses, before any use, a gateway written against a version of the gateway
 * contract this core does not implement (`specificationVersion`): it could
 * miss a method or mean something else by a field.
 */
function checkSpecificationVersions(gateways: readonly AnyGateway[]): void {
  const supported = SUPPORTED_SPECIFICATION_VERSIONS.map((version) => `'${version}'`).join(', ')
  const issues: FieldIssue[] = []
  for (const [index, gateway] of gateways.entries()) {
    const declared: unknown = gateway.specificationVersion
    if (SUPPORTED_SPECIFICATION_VERSIONS.some((version) => version === declared)) continue
    const shown =
      declared === undefined ? 'no specificationVersion' : `specificationVersion ${describeValue(declared)}`
    issues.push({
      path: `gateways.${index}.specificationVersion`,
      message: `the gateway "${gateway.id}" declares ${shown}; this @paymux/core supports ${supported}`,
    })
  }
  if (issues.length === 0) return
  throw new InvalidRequestError({
    provider: 'paymux',
    code: 'unsupported_specification',
    message: `createRouter: ${issues.map((issue) => issue.message).join('; ')}. Upgrade the gateway's package (if it is older than core) or @paymux/core (if the gateway is newer), so that both speak one version.`,
    issues,
  })
}

/** The options of {@link RouterOptions}, in the order the docs list them. */
const OPTION_KEYS: readonly string[] = [
  'gateways',
  'route',
  'breaker',
  'store',
  'storeTimeoutMs',
  'checkout',
  'fulfilment',
  'hooks',
  'webhooks',
  'telemetry',
  'now',
]
const HOOK_KEYS: readonly string[] = ['onAttempt', 'onFailover', 'onCircuitChange', 'onStoreError']

/**
 * Refuses, in one error naming every bad path, options that would otherwise
 * crash later or be ignored: a misspelt key silently dropped is a setting the
 * user believes in and does not have. `route` is checked by its rule, and
 * `webhooks` by the router's webhooks.
 */
function checkOptions(options: unknown): StoreSettings {
  if (!isRecord(options)) {
    throw invalidSettings([
      { path: '(root)', message: `must be an object of options, got ${describeValue(options)}` },
    ])
  }
  const issues = [
    ...gatewaysIssues(options.gateways),
    ...breakerIssues(options.breaker),
    ...hooksIssues(options.hooks),
    ...functionIssues(options.now, 'now'),
    ...telemetryIssues(options.telemetry),
    ...unknownKeyIssues(options, OPTION_KEYS, ''),
  ]
  const settings = storeSettings(options, issues)
  if (issues.length > 0) throw invalidSettings(issues)
  return settings
}

function gatewaysIssues(gateways: unknown): FieldIssue[] {
  if (!Array.isArray(gateways))
    return [{ path: 'gateways', message: `must be a list of gateways, got ${describeValue(gateways)}` }]
  if (gateways.length === 0) return [{ path: 'gateways', message: 'needs at least one gateway' }]
  const issues: FieldIssue[] = []
  const seen = new Set<unknown>()
  for (const [index, gateway] of gateways.entries()) {
    const id = isRecord(gateway) ? gateway.id : undefined
    const operations =
      isRecord(gateway) && isRecord(gateway.capabilities) ? gateway.capabilities.operations : undefined
    if (typeof id !== 'string' || !Array.isArray(operations))
      issues.push({
        path: `gateways.${index}`,
        message: `must be a gateway (from createFastStar(…), createFastaar(…), …), got ${describeValue(gateway)}`,
      })
    else if (seen.has(id))
      issues.push({
        path: `gateways.${index}`,
        message: `two gateways have the id "${id}": refs could not tell them apart`,
      })
    seen.add(id)
  }
  return issues
}

function hooksIssues(hooks: unknown): FieldIssue[] {
  if (hooks === undefined) return []
  if (!isRecord(hooks))
    return [{ path: 'hooks', message: `must be an object of functions, got ${describeValue(hooks)}` }]
  return [
    ...HOOK_KEYS.flatMap((key) => functionIssues(hooks[key], `hooks.${key}`)),
    ...unknownKeyIssues(hooks, HOOK_KEYS, 'hooks.'),
  ]
}

/** An optional function setting: absent, or a function. */
function functionIssues(value: unknown, path: string): FieldIssue[] {
  if (value === undefined || typeof value === 'function') return []
  return [{ path, message: `must be a function, got ${describeValue(value)}` }]
}

/** One issue per key of `object` not in `known`, suggesting the closest known one. */
function unknownKeyIssues(object: object, known: readonly string[], prefix: string): FieldIssue[] {
  return Object.keys(object)
    .filter((key) => !known.includes(key))
    .map((key) => ({ path: `${prefix}${showKey(key)}`, message: unknownKeyMessage(key, known) }))
}

function invalidSettings(issues: readonly FieldIssue[]): InvalidRequestError {
  return new InvalidRequestError({
    provider: 'paymux',
    code: 'invalid_settings',
    message: `createRouter: invalid settings: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    issues,
  })
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The ids a rule declares it may answer; a hand-written rule may declare none. */
function declaredGateways(rule: RouteRule): readonly ProviderId[] {
  const declared: unknown = rule.gateways
  if (declared === undefined) return []
  if (Array.isArray(declared) && declared.every((id) => typeof id === 'string')) return declared
  const message = `the rule's \`gateways\` must be a list of gateway ids, got ${describeValue(declared)}`
  throw new InvalidRequestError({
    provider: 'paymux',
    code: 'invalid_route',
    message,
    issues: [{ path: 'route', message }],
  })
}

/** The gateways by id; `checkOptions` has refused an empty list and repeated ids. */
function indexGateways<G extends AnyGateway>(gateways: readonly G[]): Map<ProviderId, G> {
  return new Map(gateways.map((gateway) => [gateway.id, gateway]))
}

function refOf(ref: unknown, field: string): { provider: ProviderId; id: string } {
  try {
    if (typeof ref === 'string') return parseRef(ref)
  } catch (error) {
    if (!InvalidRequestError.isInstance(error)) throw error
  }
  const shown = typeof ref === 'string' ? `"${ref}"` : describeValue(ref)
  throw new InvalidRequestError({
    provider: 'paymux',
    code: 'invalid_ref',
    message: `${field} ${shown} is not a ref: the router needs '<provider>:<id>' (the \`ref\` of the object, e.g. 'fastaar:01jxyz') to know which gateway owns it.`,
    issues: [{ path: field, message: "expected '<provider>:<id>'" }],
  })
}

function unknownGateway(
  id: string,
  byId: ReadonlyMap<ProviderId, AnyGateway>,
  field: string,
): InvalidRequestError {
  const known = [...byId.keys()].join(', ')
  return new InvalidRequestError({
    provider: 'paymux',
    code: 'unknown_gateway',
    message: `${field} names the gateway "${id}", which this router does not have (it has ${known}).`,
    issues: [{ path: field, message: `unknown gateway ${id}` }],
  })
}

function circuitOpen(
  operation: Operation,
  candidates: readonly AnyGateway[],
  retryAfterMs: number,
): ProviderUnavailableError {
  const ids = candidates.map((gateway) => gateway.id).join(', ')
  return new ProviderUnavailableError({
    provider: candidates[0]?.id ?? 'paymux',
    code: 'circuit_open',
    outcome: 'not_sent',
    retryAfterMs,
    message: `${operation} was not sent: ${ids} failed repeatedly and ${candidates.length === 1 ? 'is' : 'are'} resting (circuit breaker).`,
  })
}

function throwError(error: unknown): never {
  throw error
}

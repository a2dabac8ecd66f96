import {
  type FieldIssue,
  InvalidRequestError,
  ProviderUnavailableError,
  UnsupportedCapabilityError,
} from '../errors/index.js'
import { callHook } from '../http/call-hook.js'
import type {
  AnyGateway,
  CallOptions,
  ChargeInput,
  FacetName,
  GatewayFacets,
  Operation,
} from '../model/gateway.js'
import { type ProviderId, parseRef } from '../model/ref.js'
import { showKey, unknownKeyMessage } from '../validation/closest-name.js'
import {
  breakerIssues,
  type CircuitBreakerOptions,
  type CircuitChange,
  createCircuitBreaker,
  describeValue,
} from './circuit-breaker.js'
import { createMemoryEventStore, type WebhookEventStore } from './event-store.js'
import { type RouteInput, type RouteRule, type RouteTarget, targetProblem, toRule } from './route-rules.js'
import { createRouterWebhooks, type RouterWebhooksFacet } from './router-webhooks.js'

/**
 * The operations the router fails over: creating a checkout session. The
 * buyer only ever sees the link that succeeded, so a session left behind at
 * a failed gateway moves no money. Charges and refunds are never failed over:
 * the first gateway may have moved the money before its answer was lost.
 * The one place this rule is decided: the router reads it on every routed
 * call, and the tests and the fault matrix check every operation against it.
 */
export const FAILOVER_OPERATIONS: ReadonlySet<Operation> = new Set<Operation>(['sessions.create'])

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
}

/** Options of {@link createRouter}. */
export interface RouterOptions<G extends AnyGateway> {
  /** The gateways to combine, each known by its `id`. */
  readonly gateways: readonly G[]
  /**
   * Which gateway takes a call that no ref ties to one: a rule (`byCurrency`,
   * `byCountry`, `byAmount`, `byWeight`, `compose`, or your own function), or
   * simply a gateway id, or ids in order of preference.
   */
  readonly route: RouteRule | RouteTarget
  /**
   * Skip a gateway after repeated failures; `false` turns it off. Only calls
   * that started after the circuit opened count toward closing or reopening it.
   * @default { failureThreshold: 5, cooldownMs: 30_000 }
   */
  readonly breaker?: CircuitBreakerOptions | false
  /** How `webhooks.seen()` remembers events. */
  readonly webhooks?: {
    /** Where `webhooks.seen()` records events. @default an in-memory store */
    readonly store?: WebhookEventStore
    /** How long an event id is remembered, in ms (1 to 10 years). @default 259_200_000 (72 hours, longer than providers redeliver) */
    readonly ttlMs?: number
    /** How long a delivery being handled holds its event, in ms (at least 4 × `storeTimeoutMs`, at most a day). @default 300_000 */
    readonly claimTtlMs?: number
    /** How long one call to the store may take, in ms, before it counts as failed. @default 5_000 */
    readonly storeTimeoutMs?: number
  }
  /** Observers for logging and metrics. */
  readonly hooks?: RouterHooks
  /** The current time in epoch ms, for the breaker. @default Date.now */
  readonly now?: () => number
}

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
type RoutedFacet<G, K extends FacetName> = Pick<GatewayFacets[K], MethodsOf<G, K> & keyof GatewayFacets[K]>
type RoutedFacets<G> = {
  readonly [K in Exclude<SureFacets<G>, 'webhooks'>]: RoutedFacet<G, K>
} & {
  readonly [K in Exclude<PresentFacets<G>, SureFacets<G> | 'webhooks'>]?: RoutedFacet<G, K>
}
type RoutedWebhooks<G> =
  'webhooks' extends SureFacets<G>
    ? { readonly webhooks: RouterWebhooksFacet }
    : 'webhooks' extends PresentFacets<G>
      ? { readonly webhooks?: RouterWebhooksFacet }
      : unknown

/**
 * What `createRouter` returns: the facets that at least one of its gateways
 * has, with the gateways' own signatures. Every id it takes is a ref
 * (`'<provider>:<id>'`, the `ref` of every neutral object).
 */
export type Router<G extends AnyGateway = AnyGateway> = RoutedFacets<G> &
  RoutedWebhooks<G> & {
    /** The gateways, by id: for provider-only features such as Paystar's `manage`. */
    readonly gateways: ReadonlyMap<ProviderId, G>
  }

/**
 * Combines gateways behind one object with a gateway's facets. New checkouts
 * go where `route` says, failing over along its list where no money can move
 * twice; every call by id goes to the gateway its ref names; webhooks from any
 * gateway are verified and normalized to the same `WebhookEvent` union.
 * Settings and the route are checked here: a mistake throws
 * `InvalidRequestError` when the router is built, not at the first payment.
 */
export function createRouter<const G extends AnyGateway>(options: RouterOptions<G>): Router<G> {
  checkOptions(options)
  const byId = indexGateways(options.gateways)
  const rule = toRule(options.route)
  for (const id of declaredGateways(rule)) {
    if (!byId.has(id)) throw unknownGateway(id, byId, 'route')
  }
  // A rule answering one id (the usual case) finds its list here: no array per call.
  const single = new Map([...byId].map(([id, gateway]) => [id, [gateway] as const]))
  const hooks = options.hooks ?? {}
  const report = <K extends keyof RouterHooks>(name: K, value: Parameters<NonNullable<RouterHooks[K]>>[0]) =>
    callHook(() => (hooks[name] as ((value: unknown) => unknown) | undefined)?.(value))
  const now = options.now ?? Date.now
  const breaker =
    options.breaker === false
      ? undefined
      : createCircuitBreaker({
          ...options.breaker,
          now,
          onChange: (change) => report('onCircuitChange', change),
        })

  const operationsOf = new Map(
    options.gateways.map((gateway) => [gateway.id, new Set(gateway.capabilities.operations)] as const),
  )
  const has = (gateway: AnyGateway, operation: Operation) =>
    operationsOf.get(gateway.id)?.has(operation) === true

  async function attempt<T>(
    operation: Operation,
    gateway: AnyGateway,
    number: number,
    call: (gateway: AnyGateway) => Promise<T>,
  ): Promise<T> {
    // Timing is only taken for a hook that will read it: this runs on every call.
    const started = hooks.onAttempt === undefined ? 0 : performance.now()
    // Outcomes count only for the breaker generation the call started in (see CircuitBreaker).
    const generation = breaker === undefined ? 0 : breaker.generation(gateway.id)
    const reportAttempt = (error?: unknown) => {
      if (hooks.onAttempt === undefined) return
      const durationMs = performance.now() - started
      const base = { operation, gateway: gateway.id, attempt: number, durationMs }
      report('onAttempt', error === undefined ? base : { ...base, error })
    }
    try {
      const result = await call(gateway)
      breaker?.recordSuccess(gateway.id, generation)
      reportAttempt()
      return result
    } catch (error) {
      if (ProviderUnavailableError.isInstance(error)) breaker?.recordFailure(gateway.id, generation)
      reportAttempt(error)
      throw error
    }
  }

  /** A call no ref ties to a gateway: ask the rule, skip tripped gateways, fail over where allowed. */
  async function routed<T>(
    operation: Operation,
    input: RouteInput,
    call: (gateway: AnyGateway) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const target: unknown = rule(input, { operation })
    const named =
      (typeof target === 'string' ? single.get(target) : undefined) ?? gatewaysOf(target, operation)
    const capable = named.filter((gateway) => has(gateway, operation))
    const first = named[0]
    if (capable.length === 0 || first === undefined) {
      throw new UnsupportedCapabilityError({
        provider: first?.id ?? 'paymux',
        capability: operation,
        message: `${operation} was routed to ${named.map((g) => g.id).join(', ')}, and no gateway there supports it.`,
      })
    }
    const candidates = FAILOVER_OPERATIONS.has(operation) ? capable : capable.slice(0, 1)
    const healthy =
      breaker === undefined ? candidates : candidates.filter((gateway) => !breaker.isOpen(gateway.id))
    if (healthy.length === 0 && breaker !== undefined) {
      const retryInMs = Math.min(...candidates.map((gateway) => breaker.retryInMs(gateway.id)))
      throw circuitOpen(operation, candidates, retryInMs)
    }
    let lastError: unknown
    for (let index = 0; index < healthy.length; index++) {
      const gateway = healthy[index] as AnyGateway
      const next = healthy[index + 1]
      try {
        return await attempt(operation, gateway, index + 1, call)
      } catch (error) {
        lastError = error
        if (next === undefined || !ProviderUnavailableError.isInstance(error) || signal?.aborted) throw error
        report('onFailover', { operation, from: gateway.id, to: next.id, error })
      }
    }
    throw lastError
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
  async function owned<T>(
    operation: Operation,
    ref: string,
    field: string,
    call: (gateway: AnyGateway, id: string) => Promise<T>,
  ): Promise<T> {
    const { gateway, id } = ownerOf(ref, field)
    if (!has(gateway, operation))
      throw new UnsupportedCapabilityError({ provider: gateway.id, capability: operation })
    return attempt(operation, gateway, 1, (g) => call(g, id))
  }

  function ownerOf(ref: string, field: string): { gateway: AnyGateway; id: string } {
    const { provider, id } = refOf(ref, field)
    const gateway = byId.get(provider)
    if (gateway === undefined) throw unknownGateway(provider, byId, field)
    return { gateway, id }
  }

  // routed() and owned() are async, so every method rejects rather than throws; no extra wrapper
  // (each one costs a promise per call).
  const facets = {
    sessions: {
      create: (input: Parameters<GatewayFacets['sessions']['create']>[0], call?: CallOptions) =>
        routed('sessions.create', input, (g) => need(g, 'sessions').create(input, call), call?.signal),
      retrieve: (ref: string, call?: CallOptions) =>
        owned('sessions.retrieve', ref, 'ref', (g, id) => need(g, 'sessions').retrieve(id, call)),
    },
    payments: {
      retrieve: (ref: string, call?: CallOptions) =>
        owned('payments.retrieve', ref, 'ref', (g, id) => need(g, 'payments').retrieve(id, call)),
      list: (filter?: Parameters<GatewayFacets['payments']['list']>[0], call?: CallOptions) =>
        routed('payments.list', filter, (g) => need(g, 'payments').list(filter, call)),
      charge: async (input: ChargeInput, call?: CallOptions) => {
        const customer = ownerOf(input.customerId, 'customerId')
        const method = refOf(input.paymentMethodId, 'paymentMethodId')
        if (method.provider !== customer.gateway.id) {
          throw new InvalidRequestError({
            provider: 'paymux',
            message: `customerId belongs to ${customer.gateway.id} but paymentMethodId to ${method.provider}: a saved method can only be charged where it was saved.`,
            issues: [{ path: 'paymentMethodId', message: `expected a ${customer.gateway.id} ref` }],
          })
        }
        const native = { ...input, customerId: customer.id, paymentMethodId: method.id }
        return owned('payments.charge', input.customerId, 'customerId', (g) =>
          need(g, 'payments').charge(native, call),
        )
      },
      refund: (ref: string, input?: Parameters<GatewayFacets['payments']['refund']>[1], call?: CallOptions) =>
        owned('payments.refund', ref, 'ref', (g, id) => need(g, 'payments').refund(id, input, call)),
      listRefunds: (ref: string, call?: CallOptions) =>
        owned('payments.listRefunds', ref, 'ref', (g, id) => need(g, 'payments').listRefunds(id, call)),
      waitFor: (ref: string, waitOptions: Parameters<GatewayFacets['payments']['waitFor']>[1]) =>
        owned('payments.waitFor', ref, 'ref', (g, id) => need(g, 'payments').waitFor(id, waitOptions)),
    },
    customers: {
      create: (input: Parameters<GatewayFacets['customers']['create']>[0], call?: CallOptions) =>
        routed('customers.create', input, (g) => need(g, 'customers').create(input, call)),
      retrieve: (ref: string, call?: CallOptions) =>
        owned('customers.retrieve', ref, 'ref', (g, id) => need(g, 'customers').retrieve(id, call)),
      list: (filter?: Parameters<GatewayFacets['customers']['list']>[0], call?: CallOptions) =>
        routed('customers.list', filter, (g) => need(g, 'customers').list(filter, call)),
    },
    paymentMethods: {
      createSetup: (customerRef: string, call?: CallOptions) =>
        owned('paymentMethods.createSetup', customerRef, 'customerId', (g, id) =>
          need(g, 'paymentMethods').createSetup(id, call),
        ),
      attach: (customerRef: string, input: { readonly setupIntentId: string }, call?: CallOptions) =>
        owned('paymentMethods.attach', customerRef, 'customerId', (g, id) =>
          need(g, 'paymentMethods').attach(id, input, call),
        ),
      list: (customerRef: string, call?: CallOptions) =>
        owned('paymentMethods.list', customerRef, 'customerId', (g, id) =>
          need(g, 'paymentMethods').list(id, call),
        ),
      setDefault: (ref: string, call?: CallOptions) =>
        owned('paymentMethods.setDefault', ref, 'paymentMethodId', (g, id) =>
          need(g, 'paymentMethods').setDefault(id, call),
        ),
      detach: (ref: string, call?: CallOptions) =>
        owned('paymentMethods.detach', ref, 'paymentMethodId', (g, id) =>
          need(g, 'paymentMethods').detach(id, call),
        ),
    },
    catalog: {
      products: {
        create: (input: Parameters<GatewayFacets['catalog']['products']['create']>[0], call?: CallOptions) =>
          routed('catalog.products.create', input, (g) => need(g, 'catalog').products.create(input, call)),
        list: (call?: CallOptions) =>
          routed('catalog.products.list', undefined, (g) => need(g, 'catalog').products.list(call)),
      },
      prices: {
        create: (input: Parameters<GatewayFacets['catalog']['prices']['create']>[0], call?: CallOptions) =>
          owned('catalog.prices.create', input.productId, 'productId', (g, productId) =>
            need(g, 'catalog').prices.create({ ...input, productId }, call),
          ),
        list: (filter?: { readonly productId?: string }, call?: CallOptions) => {
          if (filter?.productId === undefined)
            return routed('catalog.prices.list', filter, (g) => need(g, 'catalog').prices.list(filter, call))
          return owned('catalog.prices.list', filter.productId, 'productId', (g, productId) =>
            need(g, 'catalog').prices.list({ ...filter, productId }, call),
          )
        },
      },
    },
    tax: {
      calculate: (input: Parameters<GatewayFacets['tax']['calculate']>[0], call?: CallOptions) =>
        routed('tax.calculate', input, (g) => need(g, 'tax').calculate(input, call)),
    },
  }

  const router: Record<string, unknown> = { gateways: byId as ReadonlyMap<ProviderId, G> }
  const offered = new Set(options.gateways.flatMap((gateway) => gateway.capabilities.operations))
  for (const [name, facet] of Object.entries(facets)) {
    if ([...offered].some((operation) => operation.startsWith(`${name}.`))) router[name] = facet
  }
  // Built (and so its settings checked) even when no gateway receives webhooks: a bad
  // `webhooks` option is a mistake to report, not to ignore.
  const webhooks = createRouterWebhooks({
    gateways: byId,
    settings: options.webhooks,
    store: options.webhooks?.store ?? createMemoryEventStore({ now }),
  })
  if (offered.has('webhooks.verify')) router.webhooks = webhooks
  return router as Router<G>
}

/** The options of {@link RouterOptions}, in the order the docs list them. */
const OPTION_KEYS: readonly string[] = ['gateways', 'route', 'breaker', 'hooks', 'webhooks', 'now']
const HOOK_KEYS: readonly string[] = ['onAttempt', 'onFailover', 'onCircuitChange']

/**
 * Refuses, in one error naming every bad path, options that would otherwise
 * crash later or be ignored: a misspelt key silently dropped is a setting the
 * user believes in and does not have. `route` is checked by its rule, and
 * `webhooks` by the router's webhooks.
 */
function checkOptions(options: unknown): void {
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
    ...unknownKeyIssues(options, OPTION_KEYS, ''),
  ]
  if (issues.length > 0) throw invalidSettings(issues)
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

function refOf(ref: string, field: string): { provider: ProviderId; id: string } {
  try {
    return parseRef(ref)
  } catch (error) {
    if (!InvalidRequestError.isInstance(error)) throw error
    throw new InvalidRequestError({
      provider: 'paymux',
      code: 'invalid_ref',
      message: `${field} "${ref}" is not a ref: the router needs '<provider>:<id>' (the \`ref\` of the object, e.g. 'fastaar:01jxyz') to know which gateway owns it.`,
      issues: [{ path: field, message: "expected '<provider>:<id>'" }],
    })
  }
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

function need<K extends FacetName>(gateway: AnyGateway, facet: K): GatewayFacets[K] {
  // `has` checked the operation and checkGatewayContract ties operations to methods.
  return gateway[facet] as GatewayFacets[K]
}

function throwError(error: unknown): never {
  throw error
}

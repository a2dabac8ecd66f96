import { InvalidRequestError } from '../errors/index.js'
import type { Money } from '../model/money.js'
import type { FacetArgs, OperationRowOf, RoutedOperation } from '../model/operations.js'
import type { ProviderId } from '../model/ref.js'
import { isCurrencyCode } from '../money/index.js'

/**
 * One gateway id, or gateway ids in order of preference (the router fails
 * over along the list where that is safe). `P` is the ids it may name.
 * @default P = ProviderId, any id
 */
export type RouteTarget<P extends ProviderId = ProviderId> = P | readonly P[]

/** What a rule is asked about for operation `O`: its first argument, or nothing. */
type RouteInputOf<O extends RoutedOperation> = OperationRowOf<O>['dispatch'] extends {
  readonly input: 'none'
}
  ? undefined
  : FacetArgs<O>[0]

/**
 * What a route rule is asked about: the input of a call that no ref ties to a
 * gateway, for each routed operation of the registry (`RoutedOperation`).
 */
export type RouteInput = { [O in RoutedOperation]: RouteInputOf<O> }[RoutedOperation] | undefined

/** Why the router is asking. */
export interface RouteContext {
  /** The operation being routed, e.g. `'sessions.create'`. */
  readonly operation: RoutedOperation
}

/**
 * Picks the gateway(s) for a call, or returns `undefined` to let the next rule
 * of a {@link compose} decide. `gateways` lists every id the rule can name, so
 * `createRouter` refuses a rule naming a gateway it does not have when it is
 * built, not at the first payment. The ready-made rules fill it in; a
 * hand-written function may set it. `P` is the ids the rule may answer: a
 * router takes only rules over its own gateways' ids, so a typo does not compile.
 * @default P = ProviderId, any id
 */
export interface RouteRule<P extends ProviderId = ProviderId> {
  (input: RouteInput, context: RouteContext): RouteTarget<P> | undefined
  readonly gateways?: readonly P[]
}

/** The ids a target, a list of them, or a rule (by what it answers) may name. */
export type TargetIds<T> = T extends (...args: never[]) => infer Answer
  ? IdsIn<Exclude<Answer, undefined>>
  : IdsIn<T>
type IdsIn<T> = T extends readonly (infer P)[] ? P : T

/**
 * Routes by the currency of the call's amount (`{ BDT: 'fastaar' }`). Calls
 * without an amount, or in a currency not listed, are left to the next rule.
 */
export function byCurrency<const T extends Readonly<Record<string, RouteTarget>>>(
  table: T,
): RouteRule<TargetIds<T[keyof T]>> {
  const targets = new Map<string, RouteTarget>()
  for (const [currency, target] of Object.entries(table)) {
    if (!isCurrencyCode(currency)) throw badRule(`byCurrency: "${currency}" is not an ISO 4217 currency code`)
    targets.set(currency, checkTarget('byCurrency', target))
  }
  return withGateways(
    (input) => {
      const currency = amountOf(input)?.currency
      return currency === undefined ? undefined : targets.get(currency)
    },
    [...targets.values()],
  )
}

/**
 * Routes by the buyer's country (`buyerCountry` of `sessions.create`, or
 * `country` of `tax.calculate`), ISO 3166-1 alpha-2: `{ BD: 'fastaar' }`.
 */
export function byCountry<const T extends Readonly<Record<string, RouteTarget>>>(
  table: T,
): RouteRule<TargetIds<T[keyof T]>> {
  const targets = new Map<string, RouteTarget>()
  for (const [country, target] of Object.entries(table)) {
    if (!/^[A-Z]{2}$/.test(country))
      throw badRule(`byCountry: "${country}" is not an upper-case ISO 3166-1 alpha-2 code`)
    targets.set(country, checkTarget('byCountry', target))
  }
  return withGateways(
    (input) => {
      const country = countryOf(input)
      return country === undefined ? undefined : targets.get(country)
    },
    [...targets.values()],
  )
}

/** One band of {@link byAmount}, in minor units of one currency: `min` ≤ amount < `max`. */
export interface AmountBand<P extends ProviderId = ProviderId> {
  /** The currency of the band (ISO 4217); calls in other currencies never match it. */
  readonly currency: string
  /** Inclusive lower bound in minor units. @default no lower bound */
  readonly min?: number
  /** Exclusive upper bound in minor units. @default no upper bound */
  readonly max?: number
  /** The gateway, or gateways in order of preference, for amounts in the band. */
  readonly gateway: RouteTarget<P>
}

/**
 * Routes by amount: the first band whose currency matches and whose range
 * holds the call's amount wins. Amounts in different currencies are never
 * compared, so every band names its currency.
 */
export function byAmount<const B extends readonly AmountBand[]>(
  bands: B,
): RouteRule<TargetIds<B[number]['gateway']>> {
  for (const [index, band] of bands.entries()) {
    if (!isCurrencyCode(band.currency))
      throw badRule(`byAmount: band ${index} has "${band.currency}", not an ISO 4217 currency code`)
    for (const bound of ['min', 'max'] as const) {
      const value = band[bound]
      if (value !== undefined && !Number.isSafeInteger(value))
        throw badRule(`byAmount: band ${index} ${bound} must be a whole number of minor units, got ${value}`)
    }
    checkTarget('byAmount', band.gateway)
  }
  return withGateways(
    (input) => {
      const amount = amountOf(input)
      if (amount === undefined) return undefined
      return bands.find(
        (band) =>
          band.currency === amount.currency &&
          (band.min === undefined || amount.amount >= band.min) &&
          (band.max === undefined || amount.amount < band.max),
      )?.gateway
    },
    bands.map((band) => band.gateway),
  )
}

/** Options of {@link byWeight}. */
export interface WeightOptions {
  /**
   * What keeps one order on one gateway: calls with the same key always land
   * on the same gateway, so a retried `sessions.create` does not open a
   * second checkout elsewhere. Return `undefined` for a random pick.
   * @default the input's `reference`, else its customer's email
   */
  readonly key?: (input: RouteInput) => string | undefined
  /** A number in [0, 1) for calls without a key. @default Math.random */
  readonly random?: () => number
}

/**
 * Splits traffic by percentage, for a migration: `byWeight({ faststar: 90,
 * paystar: 10 })`. Weights are whole numbers; they need not add up to 100.
 */
export function byWeight<const W extends Readonly<Record<string, number>>>(
  weights: W,
  options: WeightOptions = {},
): RouteRule<keyof W & string> {
  const entries = Object.entries(weights)
  for (const [id, weight] of entries) {
    if (!Number.isSafeInteger(weight) || weight < 0)
      throw badRule(`byWeight: the weight of "${id}" must be a whole number ≥ 0, got ${weight}`)
  }
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0)
  if (total === 0) throw badRule('byWeight: at least one weight must be above 0')
  const keyOf = options.key ?? defaultKey
  const random = options.random ?? Math.random
  return withGateways(
    (input) => {
      const key = keyOf(input)
      let point = key === undefined ? Math.floor(random() * total) : fnv1a(key) % total
      for (const [id, weight] of entries) {
        if (point < weight) return id
        point -= weight
      }
      return undefined
    },
    entries.filter(([, weight]) => weight > 0).map(([id]) => id),
  )
}

/**
 * Tries rules in order; the first that answers wins. A gateway id or a list
 * of them is a rule that always answers, for the fallback at the end:
 * `compose(byCurrency({ BDT: 'fastaar' }), byCountry({ BD: 'fastaar' }), ['faststar', 'paystar'])`.
 */
export function compose<const R extends readonly (RouteRule | RouteTarget)[]>(
  ...rules: R
): RouteRule<TargetIds<R[number]>> {
  const steps: readonly RouteRule[] = rules.map(toRule)
  return withGateways(
    (input, context) => {
      for (const step of steps) {
        const target = step(input, context)
        if (target !== undefined) return target
      }
      return undefined
    },
    steps.flatMap((step) => step.gateways ?? []),
  )
}

/** A rule from a rule or a constant target. */
export function toRule<P extends ProviderId>(rule: RouteRule<P> | RouteTarget<P>): RouteRule<P> {
  if (typeof rule === 'function') return rule
  const target = checkTarget('route', rule)
  return withGateways(() => target, [target])
}

/**
 * The amount of a call, where it has one: `amount` (sessions, charges, tax),
 * or the total of line items that all carry an amount in one currency.
 */
export function amountOf(input: RouteInput): Money | undefined {
  if (input === undefined) return undefined
  if ('amount' in input && isMoney(input.amount)) return input.amount
  if (!('lineItems' in input) || input.lineItems === undefined || input.lineItems.length === 0)
    return undefined
  let total: Money | undefined
  for (const item of input.lineItems) {
    if (!isMoney(item.amount)) return undefined
    if (total !== undefined && total.currency !== item.amount.currency) return undefined
    const line = item.amount.amount * (item.quantity ?? 1)
    total = { amount: (total?.amount ?? 0) + line, currency: item.amount.currency }
  }
  return total
}

function countryOf(input: RouteInput): string | undefined {
  if (input === undefined) return undefined
  if ('buyerCountry' in input && typeof input.buyerCountry === 'string')
    return input.buyerCountry.toUpperCase()
  if ('country' in input && typeof input.country === 'string') return input.country.toUpperCase()
  return undefined
}

function defaultKey(input: RouteInput): string | undefined {
  if (input === undefined) return undefined
  if ('reference' in input && typeof input.reference === 'string') return input.reference
  if ('customer' in input && typeof input.customer?.email === 'string') return input.customer.email
  return undefined
}

function isMoney(value: unknown): value is Money {
  return (
    typeof value === 'object' &&
    value !== null &&
    Number.isSafeInteger((value as Money).amount) &&
    typeof (value as Money).currency === 'string'
  )
}

/** 32-bit FNV-1a: stable across processes and versions, so a key keeps its gateway. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/**
 * The rule, with the ids it may answer as its `gateways`. `P` comes from the
 * caller's table: the rule only ever answers targets taken from it, which the
 * compiler cannot follow through the `Map`s, hence the one cast (the only one of
 * these rules).
 */
function withGateways<P extends ProviderId>(
  rule: (input: RouteInput, context: RouteContext) => RouteTarget | undefined,
  targets: readonly RouteTarget[],
): RouteRule<P> {
  const gateways = [...new Set(targets.flatMap((target) => (typeof target === 'string' ? [target] : target)))]
  return Object.assign(rule, { gateways }) as unknown as RouteRule<P>
}

/** Why a route target is unusable, with the error code to report it under. */
export interface TargetProblem {
  /** `'duplicate_route'`: a list names a gateway twice; `'invalid_route'`: not a gateway id or a non-empty list of them. */
  readonly code: 'invalid_route' | 'duplicate_route'
  readonly message: string
}

/**
 * What is wrong with a target (a table entry, a constant route, or a rule's
 * answer), or `undefined` when it is a gateway id or a list of distinct ones.
 * A repeat is refused rather than dropped: the router would "fail over" to the
 * same gateway and send a call that is never retried a second time.
 */
export function targetProblem(target: unknown): TargetProblem | undefined {
  if (typeof target === 'string' && target !== '') return undefined
  if (
    !Array.isArray(target) ||
    target.length === 0 ||
    !target.every((id) => typeof id === 'string' && id !== '')
  )
    return {
      code: 'invalid_route',
      message: `a target must be a gateway id or a non-empty list of them, got ${kindOf(target)}`,
    }
  for (let i = 1; i < target.length; i++) {
    if (target.indexOf(target[i]) < i)
      return {
        code: 'duplicate_route',
        message: `the list names "${target[i]}" twice; name each gateway once (failing over to it again would repeat the call)`,
      }
  }
  return undefined
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  if (typeof (value as { then?: unknown } | undefined)?.then === 'function')
    return 'a Promise (a rule answers at once: it cannot be async)'
  if (Array.isArray(value))
    return value.length === 0 ? 'an empty list' : 'a list holding something other than ids'
  if (value === '') return 'an empty string'
  return /^[aeiou]/.test(typeof value) ? `an ${typeof value}` : `a ${typeof value}`
}

function checkTarget<T extends RouteTarget>(rule: string, target: T): T {
  const problem = targetProblem(target)
  if (problem !== undefined) throw badRule(`${rule}: ${problem.message}`, problem.code)
  return target
}

function badRule(message: string, code: TargetProblem['code'] = 'invalid_route'): InvalidRequestError {
  return new InvalidRequestError({
    provider: 'paymux',
    code,
    message,
    issues: [{ path: 'route', message }],
  })
}

export { FAILOVER_OPERATIONS } from '../model/operations.js'
export type { CheckoutLedgerOptions } from './checkout-ledger.js'
export type { CircuitBreakerOptions, CircuitChange } from './circuit-breaker.js'
export {
  createRouter,
  type Router,
  type RouterAttempt,
  type RouterFailover,
  type RouterHooks,
  type RouterOptions,
} from './create-router.js'
export type {
  ApplyOptions,
  FulfilContext,
  FulfilmentGuard,
  FulfilmentOptions,
  FulfilmentOutcome,
} from './fulfilment.js'
export {
  type AmountBand,
  amountOf,
  byAmount,
  byCountry,
  byCurrency,
  byWeight,
  compose,
  type RouteContext,
  type RouteInput,
  type RouteRule,
  type RouteTarget,
  type TargetIds,
  type WeightOptions,
} from './route-rules.js'
export type {
  IdsOf,
  RouterArgs,
  RouterEvent,
  RouterFacets,
  RouterMethod,
  RouterResult,
  WithRefs,
} from './router-facets.js'
export type { RouterWebhooksFacet, RouterWebhooksOptions, WebhookClaim } from './router-webhooks.js'
export {
  createWebhookHandler,
  type NodeHandlerOptions,
  type NodeRequestLike,
  type NodeResponseLike,
  toNodeHandler,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from './webhook-handler.js'

import { type FieldIssue, WebhookVerificationError } from '../errors/index.js'
import type { AnyGateway, WebhookRequest, WebhooksFacet } from '../model/gateway.js'
import { operationRow } from '../model/operations.js'
import type { ProviderId } from '../model/ref.js'
import type { WebhookEvent } from '../model/webhook-event.js'
import type { StateStore } from '../state/state-store.js'
import { describeValue, throwIfInvalid, wholeNumber } from '../validation/settings.js'
import { type RouterEvent, withResultRefs } from './router-facets.js'

/**
 * What `claim()` found: `'claimed'` (yours to handle: then call `complete()`,
 * or `release()` if handling failed), `'in_progress'` (another delivery of it
 * is being handled right now), `'handled'` (a redelivery of an event already
 * handled).
 */
export type WebhookClaim = 'claimed' | 'in_progress' | 'handled'

/**
 * The router's `webhooks`: deliveries from any of its gateways (ids `P`), and
 * a guard against handling one twice.
 * @default P = ProviderId, any gateway
 */
export interface RouterWebhooksFacet<P extends ProviderId = ProviderId> {
  /**
   * Verifies a delivery from any configured gateway and normalizes it. The
   * gateway is told apart by its signature header (`recognizes`), or named by
   * `provider` (say, from the URL path the delivery arrived on, which is the
   * surest). Ids in the event's `data` are refs, like everything the router
   * returns. Throws `WebhookVerificationError`.
   */
  verify(request: WebhookRequest, options?: { readonly provider?: P }): Promise<RouterEvent<P>>
  /**
   * Claims an event before your code handles it, so that two deliveries of it
   * never run your code at once and a handled event is not handled again.
   * Pass the event (its `ref` is the key, unique across gateways) or a key of
   * your own. The claim lasts `claimTtlMs`, so a claim left behind by a
   * crash, or by a `release()` the store failed, expires on its own: the
   * event is then handled by a later redelivery, never lost.
   */
  claim(event: WebhookEvent | string): Promise<WebhookClaim>
  /** After your code handled a claimed event: remembers it as handled for `ttlMs` and ends the claim. */
  complete(event: WebhookEvent | string): Promise<void>
  /** After your code failed on a claimed event: ends the claim, so its redelivery is handled again. */
  release(event: WebhookEvent | string): Promise<void>
  /**
   * The one-step form: records the event and tells whether it had been
   * recorded before (`true` means a redelivery you already handled). It marks
   * the event handled *before* your code runs, so when your code fails you
   * must `forget()` it, and if that fails too the event counts as handled for
   * `ttlMs`. Prefer `claim()`, which cannot lose an event that way.
   */
  seen(event: WebhookEvent | string): Promise<boolean>
  /** Undoes `seen()`, so the event's redelivery is handled again. */
  forget(event: WebhookEvent | string): Promise<void>
}

/** The router's `webhooks` option: how long handled events are remembered, and claims held. */
export interface RouterWebhooksOptions {
  /**
   * How long a handled event is remembered, in ms: a whole number from 1 to
   * 315_360_000_000 (10 years). @default 259_200_000 (72 hours, longer than providers redeliver)
   */
  readonly ttlMs?: number
  /**
   * How long a delivery being handled holds its event (a lease in the
   * router's `store`), in ms: copies of it arriving meanwhile, at any
   * instance, are answered "in progress", and the claim of an instance that
   * died while handling expires after this, so the provider's next
   * redelivery is handled. Longer than your `onEvent` ever takes; at most
   * 86_400_000 (a day). @default 300_000 (5 minutes)
   */
  readonly claimTtlMs?: number
}

const VERIFY = operationRow('webhooks.verify')

/** The default of `ttlMs`: 72 hours. */
export const DEFAULT_WEBHOOK_TTL_MS = 72 * 60 * 60 * 1000
const MAX_TTL_MS = 10 * 365 * 24 * 60 * 60 * 1000
const DEFAULT_CLAIM_TTL_MS = 5 * 60 * 1000
const MAX_CLAIM_TTL_MS = 24 * 60 * 60 * 1000

/** Builds the router's `webhooks`. Throws `InvalidRequestError` (`invalid_settings`) for a bad setting. */
export function createRouterWebhooks(options: {
  readonly gateways: ReadonlyMap<ProviderId, AnyGateway>
  /** The router's `webhooks` option, as the user gave it (checked here). */
  readonly settings: RouterWebhooksOptions | undefined
  /** The router's state store, already guarded (timeouts, answer checks). */
  readonly store: StateStore
}): RouterWebhooksFacet {
  const settings = checkWebhookSettings(options.settings)
  const receivers = [...options.gateways.values()].filter(
    (gateway): gateway is AnyGateway & { webhooks: WebhooksFacet } =>
      gateway.capabilities.operations.includes('webhooks.verify') && gateway.webhooks?.verify !== undefined,
  )
  const store = options.store
  const keyOf = (event: WebhookEvent | string) => (typeof event === 'string' ? event : event.ref)
  // "Handled" is a value written once `onEvent` returned; the claim is a lease with an owner
  // per delivery, so only that delivery ends it, and an instance that dies lets it lapse.
  const handledKey = (key: string) => `webhook:handled:${key}`
  const leaseKey = (key: string) => `webhook:lease:${key}`
  // Each delivery verifies into its own event object, so a claim is remembered by that object:
  // a delivery whose lease lapsed and was retaken by a copy in this process cannot end the copy's.
  const ownersByEvent = new WeakMap<WebhookEvent, string>()
  const ownersByKey = new Map<string, string>()
  const markHandled = async (key: string) =>
    (await store.compareAndSet(handledKey(key), 0, '1', settings.ttlMs)) !== undefined
  /** The owner of this delivery's claim, forgotten as it is read. */
  const forgetOwner = (event: WebhookEvent | string) => {
    const key = keyOf(event)
    const owner = typeof event === 'string' ? ownersByKey.get(key) : ownersByEvent.get(event)
    if (typeof event === 'string') ownersByKey.delete(key)
    else ownersByEvent.delete(event)
    return owner
  }
  const endClaim = async (event: WebhookEvent | string) => {
    const owner = forgetOwner(event)
    if (owner !== undefined) await store.releaseLease(leaseKey(keyOf(event)), owner)
  }

  return {
    async verify(request, verifyOptions) {
      const receiver = receiverFor(receivers, request, verifyOptions?.provider)
      const event = await receiver.webhooks.verify(request)
      // withResultRefs made the ids the registry names into refs: what RouterEvent says.
      return withResultRefs(event, VERIFY, receiver.id) as RouterEvent
    },
    async claim(event) {
      const key = keyOf(event)
      const owner = crypto.randomUUID()
      if (!(await store.acquireLease(leaseKey(key), owner, settings.claimTtlMs))) {
        return (await store.get(handledKey(key))) === undefined ? 'in_progress' : 'handled'
      }
      let handled: boolean
      try {
        handled = (await store.get(handledKey(key))) !== undefined
      } catch (error) {
        await store.releaseLease(leaseKey(key), owner).catch(() => undefined) // else it lapses: a delay, not a loss
        throw error
      }
      if (!handled) {
        if (typeof event === 'string') ownersByKey.set(key, owner)
        else ownersByEvent.set(event, owner)
        return 'claimed'
      }
      await store.releaseLease(leaseKey(key), owner).catch(() => undefined)
      return 'handled'
    },
    async complete(event) {
      const key = keyOf(event)
      await markHandled(key)
      // The lease is left to lapse (claimTtlMs) rather than released: a copy that finds it
      // taken reads "handled" (claim() checks), so the release would only cost a round trip.
      forgetOwner(event)
    },
    async release(event) {
      await endClaim(event)
    },
    async seen(event) {
      return !(await markHandled(keyOf(event)))
    },
    async forget(event) {
      await store.release(handledKey(keyOf(event)))
    },
  }
}

function receiverFor(
  receivers: readonly (AnyGateway & { webhooks: WebhooksFacet })[],
  request: WebhookRequest,
  provider: ProviderId | undefined,
) {
  if (provider !== undefined) {
    const named = receivers.find((gateway) => gateway.id === provider)
    if (named !== undefined) return named
    throw new WebhookVerificationError({
      provider: 'paymux',
      reason: 'unrecognized_delivery',
      message: `provider "${provider}" is not a gateway of this router that receives webhooks (${ids(receivers)}).`,
    })
  }
  const matches = receivers.filter((gateway) => gateway.webhooks.recognizes?.(request) === true)
  const [only, ...others] = matches
  if (only !== undefined && others.length === 0) return only
  throw new WebhookVerificationError({
    provider: 'paymux',
    reason: matches.length === 0 ? 'unrecognized_delivery' : 'ambiguous_delivery',
    message:
      matches.length === 0
        ? `No gateway of this router (${ids(receivers)}) recognizes this delivery by its headers: pass the raw headers as received, or name the gateway with { provider }.`
        : `This delivery looks like one of ${ids(matches)}: name the gateway with { provider }.`,
  })
}

const SETTING_KEYS: readonly string[] = ['ttlMs', 'claimTtlMs']
/** Settings that moved to the router's own options when the state store came. */
const MOVED: Readonly<Record<string, string>> = {
  store: "the router's `store` option (createRouter({ store })), which takes a StateStore",
  storeTimeoutMs: "the router's `storeTimeoutMs` option",
}

function checkWebhookSettings(given: RouterWebhooksOptions | undefined) {
  const issues: FieldIssue[] = []
  const options: RouterWebhooksOptions = typeof given === 'object' && given !== null ? given : {}
  if (given !== undefined && options !== given) {
    issues.push({ path: 'webhooks', message: `must be an object of settings, got ${describeValue(given)}` })
  }
  for (const key of Object.keys(options).filter((name) => !SETTING_KEYS.includes(name))) {
    // A misspelt `ttlMS` silently ignored would be a setting the user believes in and does not have.
    const moved = Object.hasOwn(MOVED, key) ? MOVED[key] : undefined
    issues.push({
      path: `webhooks.${/^[\w$-]{1,64}$/.test(key) ? key : describeValue(key)}`,
      message:
        moved === undefined
          ? `unknown key; expected one of: ${SETTING_KEYS.join(', ')}`
          : `has moved to ${moved}`,
    })
  }
  const settings = {
    ttlMs: wholeNumber(issues, 'webhooks.ttlMs', options.ttlMs, DEFAULT_WEBHOOK_TTL_MS, 1, MAX_TTL_MS),
    claimTtlMs: wholeNumber(
      issues,
      'webhooks.claimTtlMs',
      options.claimTtlMs,
      DEFAULT_CLAIM_TTL_MS,
      1,
      MAX_CLAIM_TTL_MS,
    ),
  }
  throwIfInvalid('router settings', issues)
  return settings
}

function ids(gateways: readonly AnyGateway[]): string {
  return gateways.map((gateway) => gateway.id).join(', ')
}

import { WebhookVerificationError } from '../errors/index.js'
import type { AnyGateway, WebhookRequest, WebhooksFacet } from '../model/gateway.js'
import type { ProviderId } from '../model/ref.js'
import type { WebhookEvent } from '../model/webhook-event.js'
import type { WebhookEventStore } from './event-store.js'

/** The router's `webhooks`: deliveries from any of its gateways, and a guard against handling one twice. */
export interface RouterWebhooksFacet {
  /**
   * Verifies a delivery from any configured gateway and normalizes it. The
   * gateway is told apart by its signature header (`recognizes`), or named by
   * `provider` (say, from the URL path the delivery arrived on, which is the
   * surest). Throws `WebhookVerificationError`.
   */
  verify(request: WebhookRequest, options?: { readonly provider?: ProviderId }): Promise<WebhookEvent>
  /**
   * Records the event and tells whether it had been recorded before: `true`
   * means a redelivery you already handled. Pass the event (its `ref` is the
   * key, unique across gateways) or a key of your own.
   */
  seen(event: WebhookEvent | string): Promise<boolean>
  /** Forgets an event, so its redelivery is handled again: call it when handling it failed. */
  forget(event: WebhookEvent | string): Promise<void>
}

/** Builds the router's `webhooks`. */
export function createRouterWebhooks(options: {
  readonly gateways: ReadonlyMap<ProviderId, AnyGateway>
  readonly store: WebhookEventStore
  readonly ttlMs: number
}): RouterWebhooksFacet {
  const receivers = [...options.gateways.values()].filter(
    (gateway): gateway is AnyGateway & { webhooks: WebhooksFacet } =>
      gateway.capabilities.operations.includes('webhooks.verify') && gateway.webhooks?.verify !== undefined,
  )
  const keyOf = (event: WebhookEvent | string) => (typeof event === 'string' ? event : event.ref)

  function receiverFor(request: WebhookRequest, provider: ProviderId | undefined) {
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

  return {
    async verify(request, verifyOptions) {
      return receiverFor(request, verifyOptions?.provider).webhooks.verify(request)
    },
    async seen(event) {
      return !(await options.store.add(keyOf(event), options.ttlMs))
    },
    async forget(event) {
      await options.store.delete(keyOf(event))
    },
  }
}

function ids(gateways: readonly AnyGateway[]): string {
  return gateways.map((gateway) => gateway.id).join(', ')
}

import { describe, expect, it } from 'vitest'
import { WebhookVerificationError } from '../errors/index.js'
import type { AnyGateway, WebhookRequest } from '../model/gateway.js'
import type { PaymentSession } from '../model/payment-session.js'
import {
  bodyText,
  createSession,
  expectEvent,
  expectPaidEvent,
  paymentIdOf,
  rejectionOf,
  type ScenarioContext,
  verify,
} from './conformance-helpers.js'

/**
 * Registers the webhook scenarios: a signed delivery is accepted and
 * normalized; a completion or expiry delivery from the emulator maps to the
 * neutral type, with an id that is the same on every redelivery; a tampered
 * or unsigned one is refused.
 */
export function registerWebhookScenarios<G extends AnyGateway>({ options, lacks }: ScenarioContext<G>): void {
  const { complete, expire, completionWebhook, expiryWebhook } = options.drivers ?? {}
  const noVerify = lacks('webhooks.verify')
  const noSample = noVerify || options.webhook === undefined
  const unsignedBody = options.webhookSignsBody === false
  const noCompletion = noVerify || lacks('sessions.create') || complete === undefined || !completionWebhook
  const noExpiry = noVerify || lacks('sessions.create') || expire === undefined || !expiryWebhook

  async function paidDelivery(gateway: G): Promise<{ session: PaymentSession; delivery: WebhookRequest }> {
    const session = await createSession(gateway, options.session)
    await complete?.(session)
    return { session, delivery: await (completionWebhook as NonNullable<typeof completionWebhook>)(session) }
  }

  describe('webhook', () => {
    it.skipIf(noSample)('webhooks.verify accepts a signed delivery and normalizes it', async () => {
      const gateway = await options.gateway()
      const delivery = await (options.webhook as () => Promise<WebhookRequest>)()
      expectEvent(await verify(gateway, delivery), gateway.id)
    })

    it.skipIf(noSample || unsignedBody)('webhooks.verify refuses a tampered delivery', async () => {
      const gateway = await options.gateway()
      const delivery = await (options.webhook as () => Promise<WebhookRequest>)()
      const tampered = { ...delivery, rawBody: `${bodyText(delivery.rawBody)} ` }
      const error = await rejectionOf(verify(gateway, tampered))
      expect(WebhookVerificationError.isInstance(error)).toBe(true)
    })

    it.skipIf(noCompletion)(
      'a completion delivery maps to payment.succeeded or session.completed, exact, with a stable id',
      async () => {
        const gateway = await options.gateway()
        const { session, delivery } = await paidDelivery(gateway)
        const event = await verify(gateway, delivery)
        expectEvent(event, gateway.id)
        expect(['payment.succeeded', 'session.completed']).toContain(event.type)
        await expectPaidEvent(gateway, options, event, session)
        const redelivered = await verify(
          gateway,
          await (completionWebhook as NonNullable<typeof completionWebhook>)(session),
        )
        expect(redelivered.id).toBe(event.id)
        expect(redelivered.type).toBe(event.type)
      },
    )

    it.skipIf(noCompletion || unsignedBody)(
      'a completion delivery with a changed body is refused',
      async () => {
        const gateway = await options.gateway()
        const { delivery } = await paidDelivery(gateway)
        const body = bodyText(delivery.rawBody)
        // One digit changed: an amount, an id or a time, every one of them signed.
        const tampered = body.replace(/\d/, (digit) => String((Number(digit) + 1) % 10))
        expect(tampered).not.toBe(body)
        const error = await rejectionOf(verify(gateway, { ...delivery, rawBody: tampered }))
        expect(WebhookVerificationError.isInstance(error)).toBe(true)
        expect((error as WebhookVerificationError).provider).toBe(gateway.id)
      },
    )

    it.skipIf(noCompletion)('a completion delivery without its signature or secret is refused', async () => {
      const gateway = await options.gateway()
      const { delivery } = await paidDelivery(gateway)
      const unsigned = { rawBody: delivery.rawBody, headers: { 'content-type': 'application/json' } }
      const error = await rejectionOf(verify(gateway, unsigned))
      expect(WebhookVerificationError.isInstance(error)).toBe(true)
      expect((error as WebhookVerificationError).provider).toBe(gateway.id)
    })

    it.skipIf(noExpiry)('an expiry delivery maps to payment.expired or session.expired', async () => {
      const gateway = await options.gateway()
      const session = await createSession(gateway, options.session)
      await expire?.(session)
      const event = await verify(gateway, await (expiryWebhook as NonNullable<typeof expiryWebhook>)(session))
      expectEvent(event, gateway.id)
      expect(['payment.expired', 'session.expired']).toContain(event.type)
      if (event.type === 'payment.expired') {
        expect(event.data.status).toBe('expired')
        expect(event.data.id).toBe(await paymentIdOf(gateway, session))
      }
      if (event.type === 'session.expired') expect(event.data.id).toBe(session.id)
    })
  })
}

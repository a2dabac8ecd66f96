import { inspect } from 'node:util'
import { isPaymentError, type RequestEvent } from '@paymux/core'
import { describe, expect, it } from 'vitest'
import { envelope } from './fixtures/faststar-examples.js'
import { API_KEY, faststar, gateway, PREFIX, rejection, useNock } from './test-support.js'

useNock()

const WEBHOOK_SECRET = 'whsec_live_9c8b7a6f5e4d'

function everyView(value: unknown): string {
  return [
    String(value),
    JSON.stringify(value),
    inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    value instanceof Error ? `${value.message}\n${value.stack}` : '',
  ].join('\n')
}

describe('the API key and webhook secret never leak', () => {
  it('not from util.inspect or JSON.stringify of the gateway', () => {
    const client = gateway({ webhookSecret: WEBHOOK_SECRET })
    for (const view of [everyView(client), everyView(client.native), everyView(client.webhooks)]) {
      expect(view).not.toContain(API_KEY)
      expect(view).not.toContain(WEBHOOK_SECRET)
    }
    expect(inspect(client)).toBe(
      "FastStarGateway { id: 'faststar', baseUrl: 'https://api.faststarpay.com/api/v1', merchantType: 'mor' }",
    )
  })

  it('not from an error whose body echoes the key', async () => {
    faststar()
      .get(`${PREFIX}/public/customers/cus_1`)
      .reply(401, { success: false, message: `Invalid API key ${API_KEY}` })
    const error = await rejection(gateway().customers.retrieve('cus_1'))
    expect(isPaymentError(error)).toBe(true)
    expect(everyView(error)).not.toContain(API_KEY)
    expect((error as Error).message).toBe('faststar: Invalid API key [redacted] (HTTP 401)')
  })

  it('not from the hooks, which still see every request', async () => {
    faststar()
      .get(`${PREFIX}/public/customers/cus_1`)
      .reply(200, envelope({ id: 'cus_1', email: 'a@b.co' }))
    const events: RequestEvent[] = []
    await gateway({ hooks: { onRequest: (event) => events.push(event) } }).customers.retrieve('cus_1')
    expect(events).toHaveLength(1)
    expect(events[0]?.headers['x-api-key']).toBe('[redacted]')
    expect(everyView(events)).not.toContain(API_KEY)
  })

  it('not from a settings error', () => {
    const error = (() => {
      try {
        gateway({ apiKey: `${API_KEY}\n` })
      } catch (thrown) {
        return thrown
      }
    })()
    expect(isPaymentError(error)).toBe(true)
    expect(everyView(error)).not.toContain(API_KEY)
  })
})

import { inspect } from 'node:util'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { isPaymentError, type PaymentError } from '../errors/payment-error.js'
import { gatewayLikeFailureHandler } from './gateway-like-failure-handler.test-support.js'
import { jsonResponseHandler, tryParseJson } from './response-handler.js'
import {
  type Answer,
  answerArbitrary,
  body,
  fill,
  headerSafe,
  keyArbitrary,
  latin1,
  PLACEHOLDER,
} from './secret-inputs.test-support.js'
import { createTransport, type TransportHooks } from './transport.js'

// Issue 15, finding 3, as a property. A provider answers with a random body (and a random
// request-id header) that echoes the API key it was sent at random places: the message, the
// error code (Fastaar's error.type), a request-id header, validation issues (Paystar's errors[],
// Fastaar's 422 errors), object keys, a value nested deep, raw text. Keys are random too,
// including regex and JSON metacharacters, unicode, and 1–4 character keys.
//
// A 1-character key such as "a" is bound to occur in paymux's own words ("fastaar: …"), so
// "the key never appears" cannot hold for it literally. The property is therefore stated as
// non-interference: what paymux shows (message, stack, JSON, util.inspect, every hook payload)
// for an answer echoing key K is identical to what it shows for the same answer echoing a fixed
// placeholder secret P instead. Nothing of K can then leak: the outputs do not depend on it.
// Next to it, the literal promise is checked directly, `!output.includes(K)`, whenever K occurs
// neither in the outputs of the same call with nothing echoed nor in those of the placeholder
// call (where it can only stem from paymux's own words or its "[redacted]" marker).

const BASE_URL = 'https://echo.paymux.test/v1'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// Strict, so a 2xx also reports the body's unknown keys (echoes among them) in its issues.
const successSchema = z.strictObject({ data: z.object({ id: z.string() }) })

/** One call with `secret` as the key and `echo` in every echo slot; everything paymux shows, rendered. */
async function renderCall(answer: Answer, secret: string, echo: string, key: string): Promise<string[]> {
  const events: unknown[] = []
  const record = (kind: string) => (event: object) =>
    events.push({ kind, ...event, ...('durationMs' in event ? { durationMs: 0 } : {}) })
  const hooks: TransportHooks = {
    onRequest: record('request'),
    onResponse: record('response'),
    onRetry: record('retry'),
  }
  const requestId =
    answer.requestId !== undefined && headerSafe(key)
      ? `req${fill(answer.requestId, echo, key, latin1)}x`
      : undefined
  // A key a header cannot carry (unicode, a newline) is configured as a secret only, in all three runs alike.
  const transport = createTransport({
    provider: 'fastaar',
    baseUrl: BASE_URL,
    secretHeaders: headerSafe(key) ? { Authorization: `Bearer ${secret}` } : {},
    secrets: [secret],
    maxRetries: 1,
    backoff: { initialDelayMs: 0, maxDelayMs: 0 },
    failureHandler: gatewayLikeFailureHandler,
    hooks,
    fetch: async (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init)
      // A real echo: what the provider sends back is built from the header it received.
      const received = headerSafe(key)
        ? (request.headers.get('authorization') ?? '').replace(/^Bearer /, '')
        : secret
      const sent = received === secret ? echo : 'the key did not arrive'
      return new Response(body(answer, sent, key), {
        status: answer.status,
        headers: {
          'content-type': 'application/json',
          ...(requestId === undefined ? {} : { 'x-request-id': requestId }),
        },
      })
    },
  })
  let error: PaymentError | undefined
  try {
    await transport.request({
      operation: 'sessions.create',
      method: 'POST',
      path: '/payments',
      body: { amount: 500, currency: 'BDT' },
      retry: 'safe',
      handleResponse: jsonResponseHandler(successSchema),
    })
  } catch (thrown) {
    if (!isPaymentError(thrown)) throw thrown
    error = thrown
  }
  if (error === undefined) throw new Error('every generated answer is a failure')
  return [
    error.message,
    error.stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 20 }),
    inspect(events, { depth: 20 }),
  ]
}

/** The strings an answer with nothing echoed carries (decoded, keys included), and its request-id header. */
function providerText(answer: Answer, key: string): string {
  const text = body(answer, '', key)
  const parsed = tryParseJson(text)
  const strings: string[] = [
    answer.requestId === undefined ? '' : `req${fill(answer.requestId, '', key, latin1)}x`,
  ]
  if (parsed === undefined) return `${text}\n${strings.join('\n')}`
  const stack: unknown[] = [parsed]
  while (stack.length > 0) {
    const value = stack.pop()
    if (typeof value === 'string') strings.push(value)
    else if (Array.isArray(value)) stack.push(...value)
    else if (isRecord(value)) for (const [k, v] of Object.entries(value)) stack.push(k, v)
  }
  return strings.join('\n')
}

describe('property: a key echoed anywhere by the provider never shows', () => {
  it('what paymux shows does not depend on the echoed key, and never contains it', async () => {
    let direct = 0
    let shortKeys = 0
    let echoed = 0
    await fc.assert(
      fc.asyncProperty(keyArbitrary, answerArbitrary, async (key, generated) => {
        const answer: Answer = generated
        // The provider's own words (field names, markup) must not contain the key: that would be
        // an echo the template did not mark, which paymux rightly scrubs and the placeholder run does not.
        fc.pre(!providerText(answer, key).includes(key) && !key.includes('§') && !key.includes('¶'))
        // One call site for the three calls, so that their stacks are comparable.
        const calls: [string, string][] = [
          [key, key],
          [PLACEHOLDER, PLACEHOLDER],
          [key, ''],
        ]
        const rendered: string[][] = []
        for (const [secret, echo] of calls) rendered.push(await renderCall(answer, secret, echo, key))
        const [withKey = [], withPlaceholder = [], nothingEchoed = []] = rendered
        expect(withKey).toEqual(withPlaceholder)
        if (withKey.join() !== nothingEchoed.join()) echoed++
        if (
          !nothingEchoed.some((text) => text.includes(key)) &&
          !withPlaceholder.some((text) => text.includes(key))
        ) {
          direct++
          if ([...key].length <= 4) shortKeys++
          for (const text of withKey) expect(text).not.toContain(key)
        }
      }),
      { numRuns: 400 },
    )
    // The direct check must really have run, short keys included, or it proves nothing.
    expect(direct).toBeGreaterThan(100)
    expect(shortKeys).toBeGreaterThan(20)
    // And most answers really did echo the key somewhere paymux shows.
    expect(echoed).toBeGreaterThan(200)
  }, 120_000)
})

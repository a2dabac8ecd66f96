import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WebhookVerificationError } from '../errors/index.js'
import { computeSignatureWith, type VerifySignatureOptions, verifySignatureWith } from './hmac-signature.js'
import { webhookCrypto as nodeCrypto } from './node-crypto.js'
import { timingSafeEqual } from './secure-compare.js'
import { webhookCrypto as webCrypto } from './web-crypto.js'
import type { WebhookCrypto } from './webhook-crypto.js'

const providers = [
  ['node', nodeCrypto],
  ['web', webCrypto],
] as const
const secret = 'whsec_provider_vectors'
const timestamp = 1_700_000_000
const body = '{"id":"evt_1","type":"payment.succeeded"}'

/** The reference: node:crypto over explicit bytes, independent of both providers. */
function reference(key: string | Uint8Array, ts: number, payload: string | Uint8Array): string {
  return createHmac('sha256', Buffer.from(key))
    .update(Buffer.concat([Buffer.from(`${ts}.`), Buffer.from(payload)]))
    .digest('hex')
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('the node and web providers sign alike', () => {
  const backing = new TextEncoder().encode(`xxxx${body}yyyy`)
  const vectors: Array<[string, string, number, string | Uint8Array]> = [
    ['an ASCII string', secret, timestamp, body],
    ['its UTF-8 bytes', secret, timestamp, new TextEncoder().encode(body)],
    ['a Buffer', secret, timestamp, Buffer.from(body)],
    ['a view into a larger buffer', secret, timestamp, new Uint8Array(backing.buffer, 4, body.length)],
    ['non-ASCII text', secret, timestamp, '{"note":"café ৳500 😀"}'],
    ['a lone surrogate (signed as U+FFFD)', secret, timestamp, '{"x":"\uD800"}'],
    ['invalid UTF-8 bytes, never decoded', secret, timestamp, new Uint8Array([0x7b, 0xff, 0xfe, 0x00, 0xc3])],
    ['an empty body', secret, timestamp, ''],
    ['timestamp 0', secret, 0, body],
    ['a non-ASCII secret', 'sécret-✓-৳', timestamp, body],
    ['a secret with a trailing newline', `${secret}\n`, timestamp, body],
    ['a 1 MiB body', secret, timestamp, 'a'.repeat(1_048_576)],
  ]

  it.each(vectors)('%s', async (_, key, ts, payload) => {
    const expected = reference(key, ts, payload)
    for (const [, provider] of providers) {
      expect(await provider.signHex(key, ts, payload)).toBe(expected)
      expect(await computeSignatureWith(provider, key, ts, payload)).toBe(expected)
    }
  })

  it('gives the same signature for any secret, timestamp and body (property)', async () => {
    const bodies = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.uint8Array({ maxLength: 300 }))
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }),
        fc.nat(),
        bodies,
        async (key, ts, payload) => {
          const expected = reference(key, ts, payload)
          expect(nodeCrypto.signHex(key, ts, payload)).toBe(expected)
          expect(await webCrypto.signHex(key, ts, payload)).toBe(expected)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('the node provider answers synchronously, the web one with a promise', () => {
    expect(typeof nodeCrypto.signHex(secret, timestamp, body)).toBe('string')
    const pending = webCrypto.signHex(secret, timestamp, body)
    expect(pending).toBeInstanceOf(Promise)
    return pending
  })
})

describe('the node and web providers give the same verdicts', () => {
  const good = reference(secret, timestamp, body)
  const base: VerifySignatureOptions = {
    provider: 'faststar',
    rawBody: body,
    header: `t=${timestamp},v1=${good}`,
    headerName: 'X-Webhook-Signature',
    secret,
    now: () => timestamp * 1000,
  }
  const cases: Array<[string, Partial<VerifySignatureOptions>, string]> = [
    ['a good signature', {}, 'ok'],
    ['bytes', { rawBody: new TextEncoder().encode(body) }, 'ok'],
    ['an ArrayBuffer', { rawBody: new TextEncoder().encode(body).buffer }, 'ok'],
    ['rotation, the second v1 right', { header: `t=${timestamp},v1=${'0'.repeat(64)},v1=${good}` }, 'ok'],
    ['a tampered body', { rawBody: `${body} ` }, 'signature_mismatch'],
    ['a wrong secret', { secret: 'whsec_other' }, 'signature_mismatch'],
    ['a secret with whitespace', { secret: ` ${secret}` }, 'signature_mismatch'],
    ['upper-case hex', { header: `t=${timestamp},v1=${good.toUpperCase()}` }, 'signature_mismatch'],
    ['a truncated signature', { header: `t=${timestamp},v1=${good.slice(0, 63)}` }, 'signature_mismatch'],
    ['one character too many', { header: `t=${timestamp},v1=${good}0` }, 'signature_mismatch'],
    ['the right length, not hex', { header: `t=${timestamp},v1=${'z'.repeat(64)}` }, 'signature_mismatch'],
    ['a non-ASCII signature', { header: `t=${timestamp},v1=${'é'.repeat(64)}` }, 'signature_mismatch'],
    ['another timestamp signed', { header: `t=${timestamp + 1},v1=${good}` }, 'signature_mismatch'],
    ['stale', { now: () => (timestamp + 301) * 1000 }, 'timestamp_out_of_tolerance'],
    ['from the future', { now: () => (timestamp - 301) * 1000 }, 'timestamp_out_of_tolerance'],
    ['no v1', { header: `t=${timestamp}` }, 'malformed_header'],
    ['no header', { header: undefined }, 'missing_header'],
    ['a parsed body', { rawBody: JSON.parse(body) }, 'invalid_body'],
    ['no secret', { secret: undefined }, 'missing_secret'],
  ]

  it.each(cases)('%s', async (_, overrides, expected) => {
    for (const [, provider] of providers) {
      expect(await verdict(provider, { ...base, ...overrides })).toBe(expected)
    }
  })

  it('compares every v1 signature, with no early exit, through the provider', async () => {
    for (const [, provider] of providers) {
      const counting = { ...provider, equal: vi.fn(provider.equal) }
      const header = `t=${timestamp},v1=${good},v1=${'0'.repeat(64)},v1=${'1'.repeat(64)}`
      expect(await verdict(counting, { ...base, header })).toBe('ok')
      expect(counting.equal).toHaveBeenCalledTimes(3)
    }
  })
})

describe('equal', () => {
  it.each(providers)('%s: equal only for the same string', (_, provider) => {
    expect(provider.equal('abc123', 'abc123')).toBe(true)
    expect(provider.equal('', '')).toBe(true)
    expect(provider.equal('৳é😀', '৳é😀')).toBe(true)
    expect(provider.equal('abc123', 'abc124')).toBe(false)
    expect(provider.equal('abc', 'abcd')).toBe(false)
    expect(provider.equal('abcdef', 'ABCDEF')).toBe(false)
    // Same low byte, and same UTF-8 bytes after replacement: neither may pass for the other.
    expect(provider.equal('A', '\u0141')).toBe(false)
    expect(provider.equal('\uD800', '\uFFFD')).toBe(false)
  })

  it('the web provider compares with the pure JavaScript constant-time compare', () => {
    expect(webCrypto.equal).toBe(timingSafeEqual)
  })
})

describe('the web provider imports each key once', () => {
  it('imports a secret once for many deliveries', async () => {
    const importKey = vi.spyOn(globalThis.crypto.subtle, 'importKey')
    const key = `whsec_once_${Math.random()}`
    const expected = reference(key, timestamp, body)
    for (let i = 0; i < 5; i++) expect(await webCrypto.signHex(key, timestamp, body)).toBe(expected)
    expect(importKey).toHaveBeenCalledTimes(1)
  })

  it('does not keep a failed import: the next delivery imports again', async () => {
    const importKey = vi.spyOn(globalThis.crypto.subtle, 'importKey')
    importKey.mockRejectedValueOnce(new Error('import failed'))
    const key = `whsec_failing_${Math.random()}`
    await expect(webCrypto.signHex(key, timestamp, body)).rejects.toThrow('import failed')
    expect(await webCrypto.signHex(key, timestamp, body)).toBe(reference(key, timestamp, body))
    expect(importKey).toHaveBeenCalledTimes(2)
  })

  it('refuses with a clear error where Web Crypto is missing', async () => {
    vi.spyOn(globalThis, 'crypto', 'get').mockReturnValue(undefined as unknown as Crypto)
    await expect(webCrypto.signHex(secret, timestamp, body)).rejects.toThrow(/Web Crypto .* not available/)
  })
})

/** `'ok'` or the `WebhookVerificationError`'s reason. */
async function verdict(provider: WebhookCrypto, options: VerifySignatureOptions): Promise<string> {
  try {
    await verifySignatureWith(provider, options)
    return 'ok'
  } catch (error) {
    if (WebhookVerificationError.isInstance(error)) return error.reason
    throw error
  }
}

import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { type WebhookFailureReason, WebhookVerificationError } from '../errors/index.js'
import {
  computeSignature,
  generateTestHeader,
  parseSignatureHeader,
  type VerifySignatureOptions,
  verifySignature,
} from './index.js'

const secret = 'whsec_test_secret'
const timestamp = 1_700_000_000
const body = '{"id":"evt_1","type":"payment.succeeded"}'
const headerName = 'X-Webhook-Signature'

/** The reference implementation: node:crypto, independent of the module under test. */
function hmac(key: string, ts: number, payload: string | Uint8Array): string {
  return createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(`${ts}.`, 'utf8'), Buffer.from(payload)]))
    .digest('hex')
}

function options(overrides: Partial<VerifySignatureOptions> = {}): VerifySignatureOptions {
  return {
    provider: 'faststar',
    rawBody: body,
    header: `t=${timestamp},v1=${hmac(secret, timestamp, body)}`,
    headerName,
    secret,
    now: () => timestamp * 1000,
    ...overrides,
  }
}

async function rejection(
  promise: Promise<unknown>,
  reason: WebhookFailureReason,
): Promise<WebhookVerificationError> {
  try {
    await promise
  } catch (error) {
    if (!WebhookVerificationError.isInstance(error)) throw error
    expect(error.reason).toBe(reason)
    return error
  }
  throw new Error(`expected a WebhookVerificationError with reason ${reason}, but it resolved`)
}

function malformed(header: string): WebhookVerificationError {
  try {
    parseSignatureHeader(header, 'faststar')
  } catch (error) {
    if (!WebhookVerificationError.isInstance(error)) throw error
    expect(error.reason).toBe('malformed_header')
    return error
  }
  throw new Error(`expected ${JSON.stringify(header)} to be rejected`)
}

describe('computeSignature', () => {
  it('matches a known vector and node:crypto createHmac', async () => {
    const signature = await computeSignature(secret, timestamp, body)
    expect(signature).toBe('0a731970e30844c135c2ba545c0b030783248e5151afff97d4b4cac22ffa7321')
    expect(signature).toBe(createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex'))
  })

  it('returns 64 lower-case hex characters', async () => {
    expect(await computeSignature('K', 0, '')).toMatch(/^[0-9a-f]{64}$/)
  })

  it('gives the same signature for a string and for its UTF-8 bytes, non-ASCII included', async () => {
    const text = '{"note":"café é","amount":"৳500.50"}'
    const bytes = new TextEncoder().encode(text)
    const expected = hmac(secret, timestamp, text)
    expect(await computeSignature(secret, timestamp, text)).toBe(expected)
    expect(await computeSignature(secret, timestamp, bytes)).toBe(expected)
    expect(await computeSignature(secret, timestamp, Buffer.from(text, 'utf8'))).toBe(expected)
    expect(await computeSignature(secret, timestamp, bytes.slice().buffer)).toBe(expected)
  })

  it('signs bytes as bytes, without decoding them (invalid UTF-8 survives)', async () => {
    const bytes = new Uint8Array([0x7b, 0xff, 0xfe, 0x00, 0xc3, 0x7d])
    expect(await computeSignature(secret, timestamp, bytes)).toBe(hmac(secret, timestamp, bytes))
  })

  it('signs only the bytes of a Uint8Array view, not its whole buffer', async () => {
    const backing = new TextEncoder().encode(`xxxx${body}yyyy`)
    const view = new Uint8Array(backing.buffer, 4, body.length)
    expect(await computeSignature(secret, timestamp, view)).toBe(hmac(secret, timestamp, body))
  })

  it('rejects an empty secret and a non-integer timestamp with a TypeError', async () => {
    await expect(computeSignature('', timestamp, body)).rejects.toThrow(TypeError)
    await expect(computeSignature(secret, 1.5, body)).rejects.toThrow(TypeError)
    await expect(computeSignature(secret, -1, body)).rejects.toThrow(TypeError)
  })
})

describe('parseSignatureHeader', () => {
  it('reads t and v1', () => {
    expect(parseSignatureHeader('t=123,v1=abc', 'faststar')).toEqual({ timestamp: 123, signatures: ['abc'] })
  })

  it('tolerates spaces around "," and "="', () => {
    expect(parseSignatureHeader(' t = 123 , v1 = abc ,v1= def', 'faststar')).toEqual({
      timestamp: 123,
      signatures: ['abc', 'def'],
    })
  })

  it('keeps several v1 entries in order and ignores other schemes', () => {
    expect(parseSignatureHeader('t=9,v0=old,v1=a,v2=x,v1=b', 'fastaar')).toEqual({
      timestamp: 9,
      signatures: ['a', 'b'],
    })
  })

  it('accepts a repeated identical t (a header sent twice and joined)', () => {
    expect(parseSignatureHeader('t=5,v1=a,t=5,v1=b', 'faststar').signatures).toEqual(['a', 'b'])
  })

  it('rejects a header without t, naming it', () => {
    expect(malformed('v1=abc').message).toMatch(/no `t=<unix seconds>`/)
  })

  it('rejects a non-numeric t, naming it', () => {
    expect(malformed('t=abc,v1=abc').message).toMatch(/`t` must be whole unix seconds.*"abc"/)
    malformed('t=-5,v1=abc')
    malformed('t=1.5,v1=abc')
    malformed('t=,v1=abc')
    malformed('t=99999999999999999999,v1=abc')
  })

  it('rejects a header without v1, naming it', () => {
    expect(malformed('t=123').message).toMatch(/no `v1=<hex>` signature/)
    expect(malformed('t=123,v0=abc').message).toMatch(/no `v1=<hex>` signature/)
    expect(malformed('t=123,v1=').message).toMatch(/`v1` signature is empty/)
  })

  it('rejects an empty or blank header', () => {
    expect(malformed('').message).toMatch(/empty/)
    expect(malformed('  ').message).toMatch(/empty/)
  })

  it('rejects conflicting t values', () => {
    expect(malformed('t=1,t=2,v1=abc').message).toMatch(/more than one/)
  })

  it('carries the provider', () => {
    expect(malformed('').provider).toBe('faststar')
  })
})

describe('verifySignature', () => {
  it('accepts a correctly signed delivery and returns its timestamp', async () => {
    await expect(verifySignature(options())).resolves.toEqual({ timestamp })
  })

  it('accepts Buffer, Uint8Array and ArrayBuffer bodies', async () => {
    const bytes = new TextEncoder().encode(body)
    await expect(verifySignature(options({ rawBody: Buffer.from(body) }))).resolves.toEqual({ timestamp })
    await expect(verifySignature(options({ rawBody: bytes }))).resolves.toEqual({ timestamp })
    await expect(verifySignature(options({ rawBody: bytes.slice().buffer }))).resolves.toEqual({ timestamp })
  })

  it('verifies a non-ASCII body given as bytes', async () => {
    const text = '{"customer":"José","amount":"৳1,000"}'
    const header = `t=${timestamp},v1=${hmac(secret, timestamp, text)}`
    await expect(verifySignature(options({ rawBody: Buffer.from(text, 'utf8'), header }))).resolves.toEqual({
      timestamp,
    })
    await expect(verifySignature(options({ rawBody: text, header }))).resolves.toEqual({ timestamp })
  })

  it('accepts several v1 signatures when one of them is right (secret rotation)', async () => {
    const right = hmac(secret, timestamp, body)
    const wrong = hmac('whsec_old_secret', timestamp, body)
    const header = `t=${timestamp}, v1=${wrong}, v0=legacy, v1=${right}`
    await expect(verifySignature(options({ header }))).resolves.toEqual({ timestamp })
  })

  it('rejects a tampered body', async () => {
    const error = await rejection(
      verifySignature(options({ rawBody: body.replace('succeeded', 'refunded') })),
      'signature_mismatch',
    )
    expect(error.message).toMatch(/raw request body exactly as received/)
    expect(error.provider).toBe('faststar')
  })

  it('rejects a body that was re-serialized with different whitespace', async () => {
    const reformatted = JSON.stringify(JSON.parse(body), null, 2)
    await rejection(verifySignature(options({ rawBody: reformatted })), 'signature_mismatch')
  })

  it('rejects a wrong secret, without the whitespace hint', async () => {
    const error = await rejection(verifySignature(options({ secret: 'whsec_other' })), 'signature_mismatch')
    expect(error.message).not.toMatch(/whitespace/)
    expect(error.message).toMatch(/signing secret of this endpoint/)
  })

  it('rejects a secret with a trailing newline and says so', async () => {
    const error = await rejection(verifySignature(options({ secret: `${secret}\n` })), 'signature_mismatch')
    expect(error.message).toContain(
      'the webhook secret has leading or trailing whitespace; copy it without it',
    )
  })

  it('rejects a parsed JSON object body as invalid_body, naming the fix', async () => {
    const error = await rejection(verifySignature(options({ rawBody: JSON.parse(body) })), 'invalid_body')
    expect(error.message).toContain('not the parsed JSON object')
    expect(error.message).toContain('express.raw')
    expect(error.message).toContain('request.text()')
    expect(error.message).toContain('a plain object')
  })

  it('rejects other non-body values as invalid_body', async () => {
    for (const rawBody of [undefined, null, 42, [1, 2], new Map()]) {
      await rejection(verifySignature(options({ rawBody })), 'invalid_body')
    }
  })

  it('rejects a missing header, naming it and suggesting dropped headers', async () => {
    for (const header of [undefined, null]) {
      const error = await rejection(verifySignature(options({ header })), 'missing_header')
      expect(error.message).toContain(headerName)
      expect(error.message).toMatch(/dropping/)
    }
  })

  it('rejects malformed headers, naming the header', async () => {
    const signature = hmac(secret, timestamp, body)
    for (const header of [`v1=${signature}`, `t=abc,v1=${signature}`, `t=${timestamp}`, '']) {
      const error = await rejection(verifySignature(options({ header })), 'malformed_header')
      expect(error.message).toContain(headerName)
    }
  })

  it('rejects a missing or blank secret, naming the option', async () => {
    for (const missing of [undefined, '', '  \n']) {
      const error = await rejection(verifySignature(options({ secret: missing })), 'missing_secret')
      expect(error.message).toContain('`secret`')
    }
  })

  it('checks in order: secret, body, header presence, header format, timestamp, signature', async () => {
    await rejection(
      verifySignature(options({ secret: undefined, rawBody: {}, header: undefined })),
      'missing_secret',
    )
    await rejection(verifySignature(options({ rawBody: {}, header: undefined })), 'invalid_body')
    await rejection(verifySignature(options({ header: undefined, rawBody: 'x' })), 'missing_header')
    await rejection(verifySignature(options({ header: 't=abc', now: () => 0 })), 'malformed_header')
    await rejection(
      verifySignature(options({ header: `t=${timestamp},v1=00`, now: () => (timestamp + 301) * 1000 })),
      'timestamp_out_of_tolerance',
    )
  })

  describe('timestamp tolerance', () => {
    it('passes exactly at the edge of the default 300 s', async () => {
      await expect(verifySignature(options({ now: () => (timestamp + 300) * 1000 }))).resolves.toEqual({
        timestamp,
      })
      await expect(verifySignature(options({ now: () => (timestamp - 300) * 1000 }))).resolves.toEqual({
        timestamp,
      })
    })

    it('fails 1 s past the edge', async () => {
      const error = await rejection(
        verifySignature(options({ now: () => (timestamp + 301) * 1000 })),
        'timestamp_out_of_tolerance',
      )
      expect(error.message).toMatch(/301s old/)
      expect(error.message).toMatch(/clock/)
    })

    it('fails a future timestamp beyond the tolerance', async () => {
      const error = await rejection(
        verifySignature(options({ now: () => (timestamp - 301) * 1000 })),
        'timestamp_out_of_tolerance',
      )
      expect(error.message).toMatch(/301s in the future/)
    })

    it('treats toleranceSeconds: 0 as zero, not as the default', async () => {
      await expect(
        verifySignature(options({ toleranceSeconds: 0, now: () => timestamp * 1000 + 999 })),
      ).resolves.toEqual({ timestamp })
      await rejection(
        verifySignature(options({ toleranceSeconds: 0, now: () => (timestamp + 1) * 1000 })),
        'timestamp_out_of_tolerance',
      )
      await rejection(
        verifySignature(options({ toleranceSeconds: 0, now: () => (timestamp - 1) * 1000 })),
        'timestamp_out_of_tolerance',
      )
    })

    it('honours a custom tolerance', async () => {
      await expect(
        verifySignature(options({ toleranceSeconds: 10, now: () => (timestamp + 10) * 1000 })),
      ).resolves.toEqual({ timestamp })
      await rejection(
        verifySignature(options({ toleranceSeconds: 10, now: () => (timestamp + 11) * 1000 })),
        'timestamp_out_of_tolerance',
      )
    })

    it('uses Date.now by default', async () => {
      const header = await generateTestHeader({ secret, rawBody: body })
      await expect(verifySignature(options({ header, now: undefined }))).resolves.toHaveProperty('timestamp')
      await rejection(verifySignature(options({ now: undefined })), 'timestamp_out_of_tolerance')
    })

    it('throws a TypeError for a negative or non-finite tolerance, before any other check', async () => {
      for (const toleranceSeconds of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(verifySignature(options({ toleranceSeconds }))).rejects.toThrow(TypeError)
        await expect(verifySignature(options({ toleranceSeconds, secret: undefined }))).rejects.toThrow(
          /toleranceSeconds/,
        )
      }
    })
  })

  it('never puts the secret or the expected signature in an error', async () => {
    const leaky = 'whsec_SUPERSECRET_do_not_leak_42'
    const expected = hmac(leaky, timestamp, body)
    const good = `t=${timestamp},v1=${expected}`
    const cases: Array<[Partial<VerifySignatureOptions>, WebhookFailureReason]> = [
      [{ header: `t=${timestamp},v1=${hmac('other', timestamp, body)}` }, 'signature_mismatch'],
      [{ header: good, rawBody: `${body} ` }, 'signature_mismatch'],
      [{ header: good, secret: ` ${leaky}\n` }, 'signature_mismatch'],
      [{ header: good, now: () => 0 }, 'timestamp_out_of_tolerance'],
      [{ header: 't=1' }, 'malformed_header'],
      [{ header: undefined }, 'missing_header'],
      [{ header: good, rawBody: { secret: 'x' } }, 'invalid_body'],
    ]
    for (const [overrides, reason] of cases) {
      const error = await rejection(verifySignature(options({ secret: leaky, ...overrides })), reason)
      for (const text of [error.message, JSON.stringify(error), String(error.stack)]) {
        expect(text).not.toContain(leaky)
        expect(text).not.toContain(expected)
      }
    }
  })
})

describe('generateTestHeader', () => {
  it('builds a t=…,v1=… header that verifies', async () => {
    const header = await generateTestHeader({ secret, rawBody: body, timestamp })
    expect(header).toBe(`t=${timestamp},v1=${hmac(secret, timestamp, body)}`)
    await expect(verifySignature(options({ header }))).resolves.toEqual({ timestamp })
  })

  it('defaults the timestamp to now and accepts byte bodies', async () => {
    const bytes = new TextEncoder().encode('{"amount":"৳5"}')
    const before = Math.floor(Date.now() / 1000)
    const header = await generateTestHeader({ secret, rawBody: bytes })
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
    const { timestamp: signedAt } = parseSignatureHeader(header, 'faststar')
    expect(signedAt).toBeGreaterThanOrEqual(before)
    await expect(
      verifySignature({
        provider: 'fastaar',
        rawBody: bytes,
        header,
        headerName: 'X-Fastaar-Signature',
        secret,
      }),
    ).resolves.toEqual({ timestamp: signedAt })
  })
})

import { describe, expect, it } from 'vitest'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { createSecretScrubber } from './scrub-secrets.js'

const KEY = 'sk_live_4f3e2d1c'

describe('createSecretScrubber: the answer body', () => {
  it('leaves a body without any secret exactly as it is', () => {
    const body = '{"amount":12345678901234567890.10,"url":"https:\\/\\/x.test\\/a","note":"\\u00e9"}'
    expect(createSecretScrubber([KEY]).body(body)).toBe(body)
  })

  it('rewrites only the strings holding a secret; numbers keep every digit', () => {
    const body = `{"amount":12345678901234567890.10,"echo":"key ${KEY}","url":"https:\\/\\/x.test"}`
    const scrubbed = createSecretScrubber([KEY]).body(body)
    expect(scrubbed).toBe(
      '{"amount":12345678901234567890.10,"echo":"key [redacted]","url":"https:\\/\\/x.test"}',
    )
  })

  it('finds a secret however the JSON escapes it, in values and keys', () => {
    const escaped = [...KEY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
    const scrubbed = createSecretScrubber([KEY]).body(`{"${escaped}":{"m":"x${escaped}y"}}`)
    expect(JSON.parse(scrubbed)).toEqual({ '[redacted]': { m: 'x[redacted]y' } })
  })

  it('replaces an all-digit secret echoed as a number with the marker, keeping the JSON valid', () => {
    const scrubbed = createSecretScrubber(['987654']).body('{"pin":987654,"other":1987654.5,"ok":12}')
    expect(JSON.parse(scrubbed)).toEqual({ pin: '[redacted]', other: '[redacted]', ok: 12 })
  })

  it('scrubs the raw and JSON-escaped forms from a body that is not JSON', () => {
    const key = 'sk_"a/b\\c'
    const escaped = JSON.stringify(key).slice(1, -1)
    const body = `<pre>${key} ${escaped} ${escaped.replaceAll('/', '\\/')}</pre>`
    expect(createSecretScrubber([key]).body(body)).toBe('<pre>[redacted] [redacted] [redacted]</pre>')
  })

  it('handles a body nested 100,000 levels deep without recursion', () => {
    const depth = 100_000
    const body = `${'{"a":['.repeat(depth)}"${KEY}"${']}'.repeat(depth)}`
    const scrubbed = createSecretScrubber([KEY]).body(body)
    expect(scrubbed.includes(KEY)).toBe(false)
    expect(scrubbed.length).toBe(body.length - KEY.length + '[redacted]'.length)
    expect(() => JSON.parse(scrubbed)).not.toThrow()
  })

  it('replaces `Bearer <key>` as a whole before the bare key', () => {
    const scrubber = createSecretScrubber([KEY, `Bearer ${KEY}`])
    expect(scrubber.text(`sent: Bearer ${KEY}; key ${KEY}`)).toBe('sent: [redacted]; key [redacted]')
  })

  it('does nothing without secrets', () => {
    const scrubber = createSecretScrubber(['', ''])
    expect(scrubber.active).toBe(false)
    expect(scrubber.body(`{"k":"${KEY}"}`)).toBe(`{"k":"${KEY}"}`)
  })
})

describe('createSecretScrubber: headers', () => {
  it('returns the same headers when none carries a secret, a scrubbed copy otherwise', () => {
    const scrubber = createSecretScrubber([KEY])
    const clean = new Headers({ 'x-request-id': 'req_1' })
    expect(scrubber.headers(clean)).toBe(clean)
    const dirty = new Headers({ 'x-request-id': `req_${KEY}`, 'retry-after': '3' })
    const copy = scrubber.headers(dirty)
    expect(copy.get('x-request-id')).toBe('req_[redacted]')
    expect(copy.get('retry-after')).toBe('3')
  })
})

describe('createSecretScrubber: the safety net for errors built elsewhere', () => {
  it('leaves a vouched error alone, even where a 1-character secret occurs in its words', () => {
    const scrubber = createSecretScrubber(['a'])
    const error = scrubber.vouch(new InvalidRequestError({ provider: 'fastaar', message: 'fastaar: bad' }))
    expect(scrubber.error(error).message).toBe('fastaar: bad')
  })

  it('scrubs every field of an error it cannot vouch for, once, never inside the marker', () => {
    const scrubber = createSecretScrubber(['d'])
    const raw = JSON.parse(`{"__proto__":{"d":"d"},"deep":${'['.repeat(50_000)}"d"${']'.repeat(50_000)}}`)
    const error = new InvalidRequestError({
      provider: 'x',
      code: 'code_d',
      message: 'x: [redacted] and d',
      requestId: 'req_d',
      raw,
      issues: [{ path: 'd', message: 'bad d' }],
      cause: new Error('cause d'),
    })
    const scrubbed = scrubber.error(error)
    expect(scrubbed.message).toBe('x: [redacted] an[redacted] [redacted]')
    expect(scrubbed).toMatchObject({ code: 'co[redacted]e_[redacted]', requestId: 'req_[redacted]' })
    expect(scrubbed.issues).toEqual([{ path: '[redacted]', message: 'ba[redacted] [redacted]' }])
    // A "__proto__" key from the provider stays an own key of the copy, never its prototype.
    const proto = Object.getOwnPropertyDescriptor(scrubbed.raw, '__proto__')?.value
    expect(Object.keys(proto)).toEqual(['[redacted]'])
    expect(Object.getPrototypeOf(scrubbed.raw)).toBe(Object.prototype)
    // "[redacted]" itself holds a "d": look outside the markers.
    expect(strings(scrubbed.raw).filter((text) => text.replaceAll('[redacted]', '').includes('d'))).toEqual(
      [],
    )
    expect(strings(scrubbed.raw)).toHaveLength(5)
    expect(scrubbed.cause).toEqual({ name: 'Error', message: 'cause [redacted]' })
    // A second pass changes nothing: the error is known to be clean now.
    expect(scrubber.error(scrubbed).message).toBe('x: [redacted] an[redacted] [redacted]')
  })
})

/** Every string and key inside a JSON-like value, without recursion. */
function strings(value: unknown): string[] {
  const found: string[] = []
  const pending: unknown[] = [value]
  for (let next = pending.pop(); next !== undefined || pending.length > 0; next = pending.pop()) {
    if (typeof next === 'string') found.push(next)
    else if (typeof next === 'object' && next !== null) {
      for (const [key, item] of Object.entries(next))
        pending.push(Array.isArray(next) ? undefined : key, item)
    }
  }
  return found
}

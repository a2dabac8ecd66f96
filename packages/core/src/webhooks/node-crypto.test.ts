import { createHmac } from 'node:crypto'
import { beforeEach, describe, expect, it, vi } from 'vitest'

// Spies on the real functions of the module the provider loads (node:crypto, through
// process.getBuiltinModule on first use): it must use node:crypto's own constant-time compare and
// import each secret's key once.
const nodeCrypto = process.getBuiltinModule('node:crypto')
const createSecretKey = vi.spyOn(nodeCrypto, 'createSecretKey')
const timingSafeEqual = vi.spyOn(nodeCrypto, 'timingSafeEqual')
const { webhookCrypto } = await import('./node-crypto.js')
const { KEY_CACHE_SIZE } = await import('./webhook-crypto.js')

beforeEach(() => {
  createSecretKey.mockClear()
  timingSafeEqual.mockClear()
})

describe('the node provider', () => {
  it("compares same-length strings with node:crypto's timingSafeEqual", () => {
    expect(webhookCrypto.equal('a'.repeat(64), 'a'.repeat(64))).toBe(true)
    expect(webhookCrypto.equal('a'.repeat(64), `${'a'.repeat(63)}b`)).toBe(false)
    expect(timingSafeEqual).toHaveBeenCalledTimes(2)
  })

  it('answers different lengths at once (a length is public)', () => {
    expect(webhookCrypto.equal('abc', 'abcd')).toBe(false)
    expect(timingSafeEqual).not.toHaveBeenCalled()
  })

  it('imports a secret once, and again only after it left the cache', () => {
    const secrets = Array.from({ length: KEY_CACHE_SIZE + 1 }, (_, i) => `whsec_node_${i}`)
    const sign = (secret: string) => {
      expect(webhookCrypto.signHex(secret, 1, 'body')).toBe(
        createHmac('sha256', secret).update('1.body').digest('hex'),
      )
    }
    for (let round = 0; round < 3; round++) sign(secrets[0] as string)
    expect(createSecretKey).toHaveBeenCalledTimes(1)
    // Filling the cache past its size evicts the least recently used secret, the first one.
    for (const secret of secrets.slice(1)) sign(secret)
    expect(createSecretKey).toHaveBeenCalledTimes(KEY_CACHE_SIZE + 1)
    sign(secrets[0] as string)
    expect(createSecretKey).toHaveBeenCalledTimes(KEY_CACHE_SIZE + 2)
  })
})

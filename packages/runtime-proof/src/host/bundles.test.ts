import { describe, expect, it } from 'vitest'
import { cryptoInputs } from './bundles.js'

// The #crypto column: a bundle or module graph that pulled in Node's crypto (alone or beside Web
// Crypto) must not read as Web Crypto, or the proof would pass a bundle a Worker cannot load.
describe('cryptoInputs', () => {
  it("names core's webhook crypto modules among the files", () => {
    expect(cryptoInputs(['../core/dist/index.js', '../core/dist/webhooks/web-crypto.js'])).toBe(
      'webhooks/web-crypto.js',
    )
    expect(cryptoInputs(['/x/core/dist/webhooks/node-crypto.cjs'])).toBe('webhooks/node-crypto.cjs')
  })

  it('names both when both are there, and none when neither is', () => {
    const both = ['a/webhooks/node-crypto.js', 'a/webhooks/web-crypto.js', 'b/webhooks/web-crypto.js']
    expect(cryptoInputs(both)).toBe('webhooks/node-crypto.js + webhooks/web-crypto.js')
    expect(cryptoInputs(['../core/src/webhooks/web-crypto.ts'])).toBe('none') // sources, not the build
  })
})

import type { KeyObject } from 'node:crypto'
import { createKeyCache, type WebhookCrypto } from './webhook-crypto.js'

// node:crypto takes 6–9 ms to load: it loads with the first signature, not with the package
// (getBuiltinModule is synchronous, Node ≥ 20.16), so an app that never verifies never pays.
let nodeCrypto: typeof import('node:crypto') | undefined
const crypto = () => {
  nodeCrypto ??= process.getBuiltinModule('node:crypto')
  return nodeCrypto
}

// Node's own HMAC runs on the calling thread, synchronously: no thread-pool hop
// and no promise per delivery, which is most of what Web Crypto costs on Node.
const keys = createKeyCache<KeyObject>((secret) => crypto().createSecretKey(secret, 'utf8'))

/** Webhook signatures with `node:crypto`: what `#crypto` resolves to under the `node` condition. */
export const webhookCrypto: WebhookCrypto = {
  runtime: 'node',
  signHex(secret, timestamp, body) {
    // A string body is hashed as UTF-8 without first being copied into a byte array.
    return crypto().createHmac('sha256', keys.get(secret)).update(`${timestamp}.`).update(body).digest('hex')
  },
  equal(a, b) {
    // The length of a signature is public; only same-length strings need the constant-time compare.
    if (a.length !== b.length) return false
    // UTF-16 code units, two bytes each: equal buffers mean equal strings, lone surrogates included.
    return crypto().timingSafeEqual(Buffer.from(a, 'utf16le'), Buffer.from(b, 'utf16le'))
  },
}

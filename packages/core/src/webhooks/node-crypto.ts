import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto'
import { createKeyCache, type WebhookCrypto } from './webhook-crypto.js'

// Node's own HMAC runs on the calling thread, synchronously: no thread-pool hop
// and no promise per delivery, which is most of what Web Crypto costs on Node.
const keys = createKeyCache<KeyObject>((secret) => createSecretKey(secret, 'utf8'))

/** Webhook signatures with `node:crypto`: what `#crypto` resolves to under the `node` condition. */
export const webhookCrypto: WebhookCrypto = {
  runtime: 'node',
  signHex(secret, timestamp, body) {
    // A string body is hashed as UTF-8 without first being copied into a byte array.
    return createHmac('sha256', keys.get(secret)).update(`${timestamp}.`).update(body).digest('hex')
  },
  equal(a, b) {
    // The length of a signature is public; only same-length strings need the constant-time compare.
    if (a.length !== b.length) return false
    // UTF-16 code units, two bytes each: equal buffers mean equal strings, lone surrogates included.
    return timingSafeEqual(Buffer.from(a, 'utf16le'), Buffer.from(b, 'utf16le'))
  },
}

import { timingSafeEqual } from './secure-compare.js'
import { createKeyCache, type WebhookCrypto } from './webhook-crypto.js'

const encoder = new TextEncoder()
const hexDigits = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

// Importing the key is half of what a Web Crypto HMAC costs: import once per secret.
const keys = createKeyCache<Promise<CryptoKey>>((secret) =>
  subtle().importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
)

/**
 * Webhook signatures with Web Crypto (`globalThis.crypto.subtle`): what
 * `#crypto` resolves to on workerd, Deno, Bun, browsers and any runtime
 * without the `node` condition.
 */
export const webhookCrypto: WebhookCrypto = {
  runtime: 'web',
  async signHex(secret, timestamp, body) {
    const api = subtle()
    const key = keys.get(secret)
    let imported: CryptoKey
    try {
      imported = await key
    } catch (error) {
      keys.forget(secret, key)
      throw error
    }
    const mac = new Uint8Array(await api.sign('HMAC', imported, message(timestamp, body)))
    let hex = ''
    for (const byte of mac) hex += hexDigits[byte]
    return hex
  },
  equal: timingSafeEqual,
}

function subtle(): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle
  if (subtle === undefined) {
    throw new Error(
      'computeSignature: Web Crypto (globalThis.crypto.subtle) is not available in this runtime',
    )
  }
  return subtle
}

/** `<timestamp>.<body>` as bytes; byte bodies are copied as they are, never decoded. */
function message(timestamp: number, body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  if (typeof body === 'string') return encoder.encode(`${timestamp}.${body}`)
  const prefix = encoder.encode(`${timestamp}.`)
  const bytes = new Uint8Array(prefix.length + body.length)
  bytes.set(prefix, 0)
  bytes.set(body, prefix.length)
  return bytes
}

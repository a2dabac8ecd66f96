/**
 * How one runtime computes and compares webhook signatures. Two exist, picked
 * by the `#crypto` import's export conditions (package.json "imports"):
 * `node-crypto.ts` on Node (synchronous `node:crypto`), `web-crypto.ts`
 * everywhere else (Web Crypto: workerd, Deno, Bun, browsers).
 */
export interface WebhookCrypto {
  /** Which implementation this is. */
  readonly runtime: 'node' | 'web'
  /**
   * The lower-case hex HMAC-SHA256, keyed with the UTF-8 bytes of `secret`, of
   * `<timestamp>.<body>`: a string body as UTF-8, a byte body as it is.
   * Synchronous where the runtime allows it (Node), a promise otherwise.
   */
  signHex(secret: string, timestamp: number, body: string | Uint8Array): string | Promise<string>
  /** Whether two strings are equal, in time that depends on their lengths only. */
  equal(a: string, b: string): boolean
}

/** How many secrets' keys a provider keeps: an application has one per gateway, a few during rotation. */
export const KEY_CACHE_SIZE = 8

/** A provider's keys by secret: see {@link createKeyCache}. */
export interface KeyCache<Key> {
  /** The key for `secret`, created on first use. */
  get(secret: string): Key
  /** Drops the key for `secret` (a key whose creation failed must not stay cached). */
  forget(secret: string, key: Key): void
}

/**
 * A small least-recently-used map from a secret to its imported key, so a
 * delivery does not pay for importing the same key again. Module-private to a
 * provider: it is never serialized, logged or returned.
 */
export function createKeyCache<Key>(create: (secret: string) => Key): KeyCache<Key> {
  const keys = new Map<string, Key>()
  let newest: string | undefined
  return {
    get(secret) {
      const cached = keys.get(secret)
      if (cached !== undefined) {
        // Map order is recency: move a hit to the end, unless it is already there (the usual case).
        if (secret !== newest) {
          keys.delete(secret)
          keys.set(secret, cached)
          newest = secret
        }
        return cached
      }
      const key = create(secret)
      if (keys.size >= KEY_CACHE_SIZE) keys.delete(keys.keys().next().value as string)
      keys.set(secret, key)
      newest = secret
      return key
    },
    forget(secret, key) {
      if (keys.get(secret) !== key) return
      keys.delete(secret)
      if (newest === secret) newest = undefined
    },
  }
}

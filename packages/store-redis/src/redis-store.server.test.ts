import { randomUUID } from 'node:crypto'
import { inspect } from 'node:util'
import { type StateStore, StoreUnavailableError } from '@paymux/core'
import { startRedisServer } from '@paymux/test-servers'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { RedisStoreClient } from './redis-client.js'
import { incrementScript } from './redis-scripts.js'
import { runRedisSuites, useRedisServer } from './redis-server.test-support.js'
import { createRedisStore } from './redis-store.js'
import {
  connectRedis,
  REDIS_CLIENT_KINDS,
  type RedisClientKind,
  type TestRedisClient,
  UNREACHABLE_PASSWORD,
  unreachableRedis,
} from './redis-store.test-support.js'

/**
 * A client of `kind` with a wrong password. ioredis with its offline queue (its default) holds
 * the command until the AUTH fails, then rejects it with the AUTH reply error, which carries
 * `command: { name: 'auth', args: [password] }`; node-redis refuses the connection.
 */
async function wrongPassword(kind: RedisClientKind, port: number): Promise<TestRedisClient> {
  const url = `redis://:${UNREACHABLE_PASSWORD}@127.0.0.1:${port}`
  if (kind === 'ioredis') {
    const client = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null })
    client.on('error', () => {})
    return { client, close: async () => client.disconnect() }
  }
  const client = createClient({ url, socket: { reconnectStrategy: false } })
  client.on('error', () => {})
  await client.connect().catch(() => {})
  return { client, close: async () => (client.isOpen ? client.destroy() : undefined) }
}

/** Every method once, on `key`, as the router would call it. */
const everyMethod = (store: StateStore, key: string) =>
  ({
    claim: () => store.claim(key, 1_000),
    release: () => store.release(key),
    get: () => store.get(key),
    compareAndSet: () => store.compareAndSet(key, 0, 'x', 1_000),
    increment: () => store.increment(key, 1_000),
    acquireLease: () => store.acquireLease(key, 'a', 1_000),
    renewLease: () => store.renewLease(key, 'a', 1_000),
    releaseLease: () => store.releaseLease(key, 'a'),
  }) satisfies Record<keyof Omit<StateStore, 'name'>, () => Promise<unknown>>

/** The error of each method; an answer instead of an error fails the test. */
async function failures(store: StateStore, key: string): Promise<[string, StoreUnavailableError, number][]> {
  const results: [string, StoreUnavailableError, number][] = []
  for (const [operation, call] of Object.entries(everyMethod(store, key))) {
    const started = performance.now()
    const error = await call().then(
      (answer) => new Error(`${operation} answered ${JSON.stringify(answer)}`),
      (error: unknown) => error,
    )
    expect(StoreUnavailableError.isInstance(error), `${operation}: ${String(error)}`).toBe(true)
    expect(error).toMatchObject({ store: 'redis', operation, retryable: true })
    results.push([operation, error as StoreUnavailableError, performance.now() - started])
  }
  return results
}

describe.skipIf(!runRedisSuites)('redis store on a real server', () => {
  const server = useRedisServer()
  let admin: TestRedisClient
  /** A raw command on the server, for looking at what the store wrote. */
  const raw = (...args: string[]) =>
    (admin.client as { sendCommand(args: string[]): Promise<unknown> }).sendCommand(args)
  beforeAll(async () => {
    admin = await connectRedis('node-redis', server().url)
  })
  afterAll(async () => {
    await admin?.close()
  })

  describe.each(REDIS_CLIENT_KINDS)('through %s', (kind) => {
    const clients: TestRedisClient[] = []
    const connect = async () => {
      const client = await connectRedis(kind, server().url)
      clients.push(client)
      return client.client
    }
    afterEach(async () => {
      for (const client of clients.splice(0)) await client.close()
    })

    it('keeps two stores with different prefixes apart on one server', async () => {
      const client = await connect()
      const a = createRedisStore({ client, prefix: `a-${randomUUID()}:` })
      const b = createRedisStore({ client, prefix: `b-${randomUUID()}:` })
      expect(await a.claim('order-1', 60_000)).toBe(true)
      expect(await b.claim('order-1', 60_000)).toBe(true)
      await a.release('order-1')
      expect(await b.claim('order-1', 60_000)).toBe(false)
      expect(await a.compareAndSet('ledger', 0, 'from a', 60_000)).toBe(1)
      expect(await b.get('ledger')).toBeUndefined()
      expect(await b.compareAndSet('ledger', 0, 'from b', 60_000)).toBe(1)
      expect(await a.get('ledger')).toEqual({ value: 'from a', version: 1 })
      expect(await a.increment('count', 60_000)).toBe(1)
      expect(await b.increment('count', 60_000)).toBe(1)
      expect(await a.acquireLease('lease', 'owner-a', 60_000)).toBe(true)
      expect(await b.acquireLease('lease', 'owner-b', 60_000)).toBe(true)
      expect(await b.releaseLease('lease', 'owner-a')).toBe(false)
    })

    it('writes the documented keys: a string per claim, counter and lease, a hash (v, n) per value, all with a server-side expiry', async () => {
      const prefix = `layout-${randomUUID()}:`
      const store = createRedisStore({ client: await connect(), prefix })
      await store.claim('claim', 5_000)
      await store.compareAndSet('value', 0, 'hello', 6_000)
      await store.compareAndSet('value', 1, 'hello again', 7_000)
      await store.increment('count', 8_000)
      await store.acquireLease('lease', 'worker-1', 9_000)
      expect(await raw('TYPE', `${prefix}claim`)).toBe('string')
      expect(await raw('GET', `${prefix}claim`)).toBe('1')
      expect(await raw('HGETALL', `${prefix}value`)).toEqual(['v', 'hello again', 'n', '2'])
      expect(await raw('GET', `${prefix}count`)).toBe('1')
      expect(await raw('GET', `${prefix}lease`)).toBe('worker-1')
      const ttls = await Promise.all(
        ['claim', 'value', 'count', 'lease'].map((key) => raw('PTTL', prefix + key)),
      )
      for (const [index, ttl] of ttls.entries()) {
        const set = [5_000, 7_000, 8_000, 9_000][index] as number
        expect(ttl).toBeGreaterThan(set - 1_000)
        expect(ttl).toBeLessThanOrEqual(set)
      }
    })

    it('a later increment does not move the window; renewLease does move the lease', async () => {
      const prefix = `window-${randomUUID()}:`
      const store = createRedisStore({ client: await connect(), prefix })
      await store.increment('count', 60_000)
      await raw('PEXPIRE', `${prefix}count`, '30000')
      expect(await store.increment('count', 60_000)).toBe(2)
      expect(await raw('PTTL', `${prefix}count`)).toBeLessThanOrEqual(30_000)
      await store.acquireLease('lease', 'w', 1_000)
      expect(await store.renewLease('lease', 'w', 60_000)).toBe(true)
      expect(await raw('PTTL', `${prefix}lease`)).toBeGreaterThan(50_000)
    })

    it('loads a script again after the server forgot it (SCRIPT FLUSH, a restart, a failover)', async () => {
      const store = createRedisStore({ client: await connect(), prefix: `flush-${randomUUID()}:` })
      expect(await store.increment('count', 60_000)).toBe(1)
      await raw('SCRIPT', 'FLUSH')
      expect(await raw('SCRIPT', 'EXISTS', incrementScript.sha)).toEqual([0])
      expect(await store.increment('count', 60_000)).toBe(2)
      expect(await raw('SCRIPT', 'EXISTS', incrementScript.sha)).toEqual([1])
    })

    it('an error reply from the server (a key of the wrong type) is StoreUnavailableError, not an answer', async () => {
      const store = createRedisStore({ client: await connect(), prefix: `wrongtype-${randomUUID()}:` })
      await store.claim('k', 60_000)
      for (const call of [() => store.get('k'), () => store.compareAndSet('k', 0, 'v', 60_000)]) {
        const error = await call().catch((e: unknown) => e)
        expect(StoreUnavailableError.isInstance(error)).toBe(true)
        expect((error as Error).message).toMatch(
          /failed: \w+: WRONGTYPE Operation against a key holding the wrong kind/,
        )
      }
    })

    it('a client the app has closed: every method rejects with StoreUnavailableError', async () => {
      const client = await connectRedis(kind, server().url)
      const store = createRedisStore({ client: client.client })
      expect(await store.claim(`closed-${randomUUID()}`, 1_000)).toBe(true)
      await client.close()
      const expected =
        kind === 'node-redis'
          ? 'ClientClosedError: The client is closed'
          : "Error: Stream isn't writeable and enableOfflineQueue options is false"
      for (const [, error] of await failures(store, `closed-${randomUUID()}`))
        expect(error.message).toContain(expected)
    })

    it('a server that goes away: every method fails at once, without waiting for a reconnection', async () => {
      const doomed = await startRedisServer()
      const client = await connectRedis(kind, doomed.url)
      clients.push(client)
      const store = createRedisStore({ client: client.client })
      expect(await store.claim('k', 60_000)).toBe(true)
      await doomed.stop()
      // The client notices the closed socket on its next turn of the event loop.
      await new Promise((resolve) => setTimeout(resolve, 50))
      for (const [operation, error, ms] of await failures(store, 'k')) {
        expect(ms, operation).toBeLessThan(500)
        expect(error.message).toMatch(
          kind === 'node-redis'
            ? /ClientOfflineError: The client is offline/
            : /enableOfflineQueue options is false/,
        )
      }
    })

    it('a password the server refuses: no method leaks it (ioredis errors carry the AUTH command and its password)', async () => {
      const guarded = await startRedisServer()
      const setup = await connectRedis('node-redis', guarded.url)
      await (setup.client as { sendCommand(args: string[]): Promise<unknown> }).sendCommand([
        'CONFIG',
        'SET',
        'requirepass',
        'the-right-one',
      ])
      await setup.close()
      const client = await wrongPassword(kind, guarded.port)
      try {
        const store = createRedisStore({ client: client.client })
        for (const [operation, error] of await failures(store, 'k')) {
          for (const text of [
            error.message,
            JSON.stringify(error),
            inspect(error, { depth: 10 }),
            String(error.stack),
          ])
            expect(text, operation).not.toContain(UNREACHABLE_PASSWORD)
          // The first call gets the AUTH error itself; then the client has given up ("Connection is closed").
          if (kind === 'ioredis' && operation === 'claim') expect(error.message).toContain('WRONGPASS')
        }
      } finally {
        await client.close()
        await guarded.stop()
      }
    })

    it('an unreachable server with a password in the URL: no method leaks it, in the message, the JSON or inspect()', async () => {
      const client = await unreachableRedis(kind)
      try {
        const store = createRedisStore({ client: client.client })
        for (const [operation, error, ms] of await failures(store, 'k')) {
          expect(ms, operation).toBeLessThan(500)
          for (const text of [
            error.message,
            JSON.stringify(error),
            inspect(error, { depth: 10 }),
            String(error.stack),
          ])
            expect(text).not.toContain(UNREACHABLE_PASSWORD)
          expect(error.cause).toBeUndefined()
          expect(error.message).toMatch(new RegExp(`^redis store: ${operation} failed: `))
        }
      } finally {
        await client.close()
      }
    })
  })

  it('a node-redis client on RESP3 gets the same answers', async () => {
    const client = createClient({ url: server().url, RESP: 3 })
    await client.connect()
    try {
      const store = createRedisStore({ client, prefix: `resp3-${randomUUID()}:` })
      expect(await store.claim('c', 60_000)).toBe(true)
      expect(await store.claim('c', 60_000)).toBe(false)
      await store.release('c')
      expect(await store.get('v')).toBeUndefined()
      expect(await store.compareAndSet('v', 0, 'x', 60_000)).toBe(1)
      expect(await store.compareAndSet('v', 0, 'y', 60_000)).toBeUndefined()
      expect(await store.get('v')).toEqual({ value: 'x', version: 1 })
      expect(await store.increment('n', 60_000)).toBe(1)
      expect(await store.acquireLease('l', 'a', 60_000)).toBe(true)
      expect(await store.acquireLease('l', 'b', 60_000)).toBe(false)
      expect(await store.renewLease('l', 'b', 60_000)).toBe(false)
      expect(await store.renewLease('l', 'a', 60_000)).toBe(true)
      expect(await store.releaseLease('l', 'b')).toBe(false)
      expect(await store.releaseLease('l', 'a')).toBe(true)
    } finally {
      client.destroy()
    }
  })

  it('a command the server does not answer in time (ioredis commandTimeout) is StoreUnavailableError', async () => {
    const client = new Redis(server().url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 150,
    })
    client.on('error', () => {})
    try {
      await client.connect()
      const store = createRedisStore({ client: client satisfies RedisStoreClient })
      expect(await store.claim(`pause-${randomUUID()}`, 1_000)).toBe(true)
      // WRITE, not ALL: the admin connection's UNPAUSE must still go through.
      await raw('CLIENT', 'PAUSE', '5000', 'WRITE')
      const error = await store.increment(`pause-${randomUUID()}`, 1_000).catch((e: unknown) => e)
      await raw('CLIENT', 'UNPAUSE')
      expect(error).toMatchObject({
        name: 'StoreUnavailableError',
        operation: 'increment',
        message: 'redis store: increment failed: Error: Command timed out',
      })
    } finally {
      await raw('CLIENT', 'UNPAUSE')
      client.disconnect()
    }
  })
})

// Test support (not published): clients made the way a user would make them, and the module the
// contract suite's racing child processes import (createStore / closeStore, from the environment).
import { createServer } from 'node:net'
import type { StateStore } from '@paymux/core'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import type { RedisStoreClient } from './redis-client.js'
import { createRedisStore, type RedisStoreOptions } from './redis-store.js'

/** The two clients the store is tested with. */
export const REDIS_CLIENT_KINDS = ['node-redis', 'ioredis'] as const
export type RedisClientKind = (typeof REDIS_CLIENT_KINDS)[number]

/** A client of one kind, and how to close it. */
export interface TestRedisClient {
  readonly client: RedisStoreClient
  close(): Promise<void>
}

/**
 * A connected client on `url`, configured as the docs advise: no offline
 * queue, so once Redis goes away a command fails at once instead of waiting
 * for the reconnection. Its `error` events are swallowed (the store reports
 * failures through its calls; an unheard `error` event would end the process).
 */
export async function connectRedis(kind: RedisClientKind, url: string): Promise<TestRedisClient> {
  if (kind === 'node-redis') {
    const client = createClient({ url, disableOfflineQueue: true })
    client.on('error', () => {})
    await client.connect()
    return { client, close: () => closeNodeRedis(client) }
  }
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true })
  client.on('error', () => {})
  await client.connect()
  return { client, close: async () => client.disconnect() }
}

/** A password that must never show in an error. */
export const UNREACHABLE_PASSWORD = 's3cret-pass'

/**
 * A client of `kind` for a closed loopback port, with a password in its URL,
 * set to give up at once. node-redis: `reconnectStrategy: false`, so the
 * refused connect closes the client and each command rejects with
 * ClientClosedError. ioredis: `lazyConnect` with `enableOfflineQueue: false`,
 * so each command rejects at once ("Stream isn't writeable") while the
 * connection attempt fails, and `retryStrategy` gives up.
 */
export async function unreachableRedis(kind: RedisClientKind): Promise<TestRedisClient> {
  const url = `redis://:${UNREACHABLE_PASSWORD}@127.0.0.1:${await closedPort()}`
  if (kind === 'node-redis') {
    const client = createClient({
      url,
      disableOfflineQueue: true,
      socket: { reconnectStrategy: false, connectTimeout: 1_000 },
    })
    client.on('error', () => {})
    await client.connect().catch(() => {})
    return { client, close: () => closeNodeRedis(client) }
  }
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1_000,
  })
  client.on('error', () => {})
  return { client, close: async () => client.disconnect() }
}

async function closeNodeRedis(client: ReturnType<typeof createClient>): Promise<void> {
  if (client.isOpen) client.destroy()
}

/** A loopback port nothing listens on: the OS had it free a moment ago. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject()))
    })
  })
}

/**
 * Stores over clients of `kind` on the server `url()` names, for
 * `runStateStoreContract`: `store` connects a client per store, `close`
 * closes it again.
 */
export function redisStores(
  kind: RedisClientKind,
  url: () => string,
  options: Omit<RedisStoreOptions, 'client'> = {},
): {
  store: () => Promise<StateStore>
  unreachable: () => Promise<StateStore>
  close: (store: StateStore) => Promise<void>
} {
  const clients = new Map<StateStore, TestRedisClient>()
  const wrap = (client: TestRedisClient) => {
    const store = createRedisStore({ ...options, client: client.client })
    clients.set(store, client)
    return store
  }
  return {
    store: async () => wrap(await connectRedis(kind, url())),
    unreachable: async () => wrap(await unreachableRedis(kind)),
    close: async (store) => {
      await clients.get(store)?.close()
      clients.delete(store)
    },
  }
}

const fromEnvironment = redisStores(
  (process.env.PAYMUX_REDIS_CLIENT ?? 'node-redis') as RedisClientKind,
  () => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
)

/** For the contract's child processes: a store on `REDIS_URL`, through the client `PAYMUX_REDIS_CLIENT` names. */
export const createStore: () => Promise<StateStore> = fromEnvironment.store

/** For the contract's child processes: closes the store's client. */
export const closeStore: (store: StateStore) => Promise<void> = fromEnvironment.close

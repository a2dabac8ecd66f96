import type { StateStore } from '@paymux/core'
import type { Cluster, Redis } from 'ioredis'
import { createClient, type RedisClientType, type RedisClusterType } from 'redis'
import { describe, expectTypeOf, it } from 'vitest'
import type { RedisStoreClient, RedisStoreOptions } from './index.js'
import { createRedisStore } from './index.js'

describe('createRedisStore({ client })', () => {
  it('takes a real node-redis 5 client: as the library types it, as createClient() returns it, on RESP3', () => {
    expectTypeOf<RedisClientType>().toExtend<RedisStoreClient>()
    expectTypeOf<ReturnType<typeof createClient>>().toExtend<RedisStoreClient>()
    const resp3 = () => createClient({ RESP: 3 })
    expectTypeOf<ReturnType<typeof resp3>>().toExtend<RedisStoreClient>()
    expectTypeOf(createRedisStore).toBeCallableWith({ client: {} as RedisClientType })
  })

  it('takes a real ioredis 5 client', () => {
    expectTypeOf<Redis>().toExtend<RedisStoreClient>()
    expectTypeOf(createRedisStore).toBeCallableWith({ client: {} as Redis, prefix: 'shop:' })
  })

  it('takes a hand-made adapter with one of the two methods', () => {
    expectTypeOf(createRedisStore).toBeCallableWith({
      client: { call: async (_command: string, ..._args: string[]) => 'OK' as unknown },
    })
    expectTypeOf(createRedisStore).toBeCallableWith({
      client: { sendCommand: async (_args: readonly string[]) => null as unknown },
    })
  })

  it('refuses anything else', () => {
    // @ts-expect-error a URL is not a client: the store opens no connection of its own
    createRedisStore({ client: 'redis://127.0.0.1:6379' })
    // @ts-expect-error an object with only get/set cannot run the scripts
    createRedisStore({ client: { get: async () => null, set: async () => 'OK' } })
    // @ts-expect-error call must take the command's arguments as strings
    createRedisStore({ client: { call: async (_command: number) => 'OK' } })
    // @ts-expect-error sendCommand must take an array of strings
    createRedisStore({ client: { sendCommand: async (_command: string) => 'OK' } })
    // @ts-expect-error the client is required
    createRedisStore({ prefix: 'shop:' })
    // @ts-expect-error a prefix is a string
    createRedisStore({ client: {} as Redis, prefix: 1 })
    expectTypeOf<{ query(text: string): Promise<unknown> }>().not.toExtend<RedisStoreClient>()
    // node-redis's cluster client routes sendCommand(firstKey, isReadonly, args): not the same method.
    expectTypeOf<RedisClusterType>().not.toExtend<RedisStoreClient>()
  })

  it('answers a StateStore', () => {
    expectTypeOf(createRedisStore).returns.toEqualTypeOf<StateStore>()
    expectTypeOf<RedisStoreOptions['prefix']>().toEqualTypeOf<string | undefined>()
  })
})

// A cluster client of ioredis has `call` as well; it is not tested against a cluster, so the
// docs do not promise it, but the type does not refuse it.
expectTypeOf<Cluster>().toExtend<RedisStoreClient>()

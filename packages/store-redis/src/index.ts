// @paymux/store-redis: paymux's StateStore on Redis, through your own
// node-redis 5 or ioredis 5 client.
export type { IoRedisCommandClient, NodeRedisCommandClient, RedisStoreClient } from './redis-client.js'
export { createRedisStore, type RedisStoreOptions } from './redis-store.js'

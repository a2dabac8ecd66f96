import { type FieldIssue, InvalidRequestError, type StateStore } from '@paymux/core'
import { type RedisStoreClient, redisCommandSender, type SendRedisCommand } from './redis-client.js'
import { redisUnavailable } from './redis-errors.js'
import { readClaim, readCount, readDeleted, readFlag, readStoredValue, readVersion } from './redis-replies.js'
import {
  acquireLeaseScript,
  compareAndSetScript,
  incrementScript,
  type RedisScript,
  releaseLeaseScript,
  renewLeaseScript,
} from './redis-scripts.js'

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /**
   * Your Redis client, created and connected by you: a node-redis 5
   * `createClient()` or an ioredis 5 `new Redis()`. The store sends its
   * commands on it and opens no connection of its own. Configure it to fail
   * fast when Redis is down (see the docs): a client that queues commands
   * while offline makes every store call wait for the reconnection.
   */
  readonly client: RedisStoreClient
  /** Put before every key, so several apps can share one server; at most 256 characters. @default 'paymux:' */
  readonly prefix?: string
}

const MAX_PREFIX_LENGTH = 256

/**
 * A {@link StateStore} on Redis, shared by every instance of your app that
 * uses the same server and prefix. Each operation is one round trip: SET NX
 * PX, DEL, HMGET, or one Lua script (EVALSHA, with EVAL when the server
 * does not have it cached). Expiry runs on the Redis server's clock.
 * Throws `InvalidRequestError` (`invalid_settings`) for a bad option; every
 * failed call rejects with `StoreUnavailableError` naming the operation.
 */
export function createRedisStore(options: RedisStoreOptions): StateStore {
  const { send, prefix } = readOptions(options)

  const run = async (operation: string, command: string, args: readonly string[]) => {
    try {
      return await send(command, args)
    } catch (error) {
      throw redisUnavailable(operation, error)
    }
  }
  const runScript = async (operation: string, script: RedisScript, key: string, args: readonly string[]) => {
    const redisKey = prefix + checkText('key', key)
    try {
      return await send('EVALSHA', [script.sha, '1', redisKey, ...args])
    } catch (error) {
      // The script cache is empty after a restart, a failover or SCRIPT FLUSH: EVAL loads it again.
      if (!isNoScript(error)) throw redisUnavailable(operation, error)
    }
    return run(operation, 'EVAL', [script.source, '1', redisKey, ...args])
  }

  return {
    name: 'redis',
    async claim(key, ttlMs) {
      const args = [prefix + checkText('key', key), '1', 'NX', 'PX', checkMs('ttlMs', ttlMs)]
      return readClaim('claim', await run('claim', 'SET', args))
    },
    async release(key) {
      readDeleted('release', await run('release', 'DEL', [prefix + checkText('key', key)]))
    },
    async get(key) {
      return readStoredValue('get', await run('get', 'HMGET', [prefix + checkText('key', key), 'v', 'n']))
    },
    async compareAndSet(key, expectedVersion, value, ttlMs) {
      const args = [checkVersion(expectedVersion), checkText('value', value), checkMs('ttlMs', ttlMs)]
      return readVersion('compareAndSet', await runScript('compareAndSet', compareAndSetScript, key, args))
    },
    async increment(key, windowMs) {
      const args = [checkMs('windowMs', windowMs)]
      return readCount('increment', await runScript('increment', incrementScript, key, args))
    },
    async acquireLease(key, owner, ttlMs) {
      const args = [checkText('owner', owner), checkMs('ttlMs', ttlMs)]
      return readFlag('acquireLease', await runScript('acquireLease', acquireLeaseScript, key, args))
    },
    async renewLease(key, owner, ttlMs) {
      const args = [checkText('owner', owner), checkMs('ttlMs', ttlMs)]
      return readFlag('renewLease', await runScript('renewLease', renewLeaseScript, key, args))
    },
    async releaseLease(key, owner) {
      const args = [checkText('owner', owner)]
      return readFlag('releaseLease', await runScript('releaseLease', releaseLeaseScript, key, args))
    },
  }
}

function readOptions(options: RedisStoreOptions): { send: SendRedisCommand; prefix: string } {
  const issues: FieldIssue[] = []
  const given: Partial<Record<keyof RedisStoreOptions, unknown>> =
    typeof options === 'object' && options !== null ? options : {}
  const send = redisCommandSender(given.client)
  if (send === undefined) {
    issues.push({
      path: 'client',
      message: 'must be a node-redis 5 client (with sendCommand) or an ioredis 5 client (with call)',
    })
  }
  const prefix = given.prefix === undefined ? 'paymux:' : given.prefix
  if (typeof prefix !== 'string' || prefix.length > MAX_PREFIX_LENGTH) {
    issues.push({ path: 'prefix', message: `must be a string of at most ${MAX_PREFIX_LENGTH} characters` })
  }
  if (send === undefined || typeof prefix !== 'string' || issues.length > 0) {
    throw new InvalidRequestError({
      provider: 'paymux',
      code: 'invalid_settings',
      message: `paymux: invalid redis store options: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`,
      issues,
    })
  }
  return { send, prefix }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT')
}

/** A ttl or window, as the decimal string Redis reads: NaN or ≤ 0 would make Redis refuse it or expire the key at once. */
function checkMs(name: string, ms: number): string {
  if (Number.isSafeInteger(ms) && ms >= 1) return String(ms)
  throw invalidArgument(name, 'must be a whole number of milliseconds ≥ 1', ms)
}

function checkVersion(version: number): string {
  if (Number.isSafeInteger(version) && version >= 0) return String(version)
  throw invalidArgument('expectedVersion', 'must be a whole number ≥ 0', version)
}

function checkText(name: string, text: string): string {
  if (typeof text === 'string') return text
  throw invalidArgument(name, 'must be a string', typeof text)
}

function invalidArgument(path: string, message: string, got: unknown): InvalidRequestError {
  return new InvalidRequestError({
    provider: 'paymux',
    message: `redis store: ${path} ${message}, got ${String(got)}`,
    issues: [{ path, message }],
  })
}

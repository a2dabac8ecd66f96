// Test support (not published): one throw-away redis-server per test file, and the contract run on it.
import { fileURLToPath } from 'node:url'
import { runStateStoreContract } from '@paymux/core/testing'
import {
  REDIS_INSTALL_HINT,
  type RedisServer,
  redisServerAvailable,
  serversRequired,
  startRedisServer,
} from '@paymux/test-servers'
import { afterAll, beforeAll, describe } from 'vitest'
import { type RedisClientKind, redisStores } from './redis-store.test-support.js'

/**
 * Whether this machine runs the Redis suites. Without `redis-server` they
 * are skipped with a warning on a developer machine, but run (and fail,
 * naming the package to install) in CI or with `PAYMUX_REQUIRE_SERVERS=1`.
 */
export const runRedisSuites: boolean = redisServerAvailable() || serversRequired

if (!runRedisSuites) {
  console.warn(
    `@paymux/store-redis: redis-server is not installed, so the Redis suites are skipped: run \`${REDIS_INSTALL_HINT}\``,
  )
}

/** Starts a server before the enclosing suite's tests and stops it after them; the getter gives it to tests. */
export function useRedisServer(): () => RedisServer {
  let server: RedisServer | undefined
  beforeAll(async () => {
    server = await startRedisServer()
  }, 20_000)
  afterAll(async () => {
    await server?.stop()
  })
  return () => {
    if (server === undefined) throw new Error('the redis-server of this suite did not start')
    return server
  }
}

/** The state-store contract on a server of its own, through a client of `kind`, with 4 racing processes. */
export function runRedisContract(kind: RedisClientKind): void {
  describe.skipIf(!runRedisSuites)(`redis store on ${kind}`, () => {
    const server = useRedisServer()
    runStateStoreContract(`redis (${kind})`, {
      ...redisStores(kind, () => server().url),
      processes: {
        module: fileURLToPath(new URL('./redis-store.test-support.ts', import.meta.url)),
        execArgv: ['--conditions=@paymux/source', '--import', 'tsx'],
        // A getter: the children start after beforeAll, once the server's URL is known.
        get env() {
          return { PAYMUX_REDIS_CLIENT: kind, REDIS_URL: server().url }
        },
      },
    })
  })
}

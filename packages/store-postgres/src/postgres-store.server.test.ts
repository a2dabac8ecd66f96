// The contract on a real PostgreSQL server, through pg and postgres.js, with racing processes.
import { fileURLToPath } from 'node:url'
import { inspect } from 'node:util'
import { type STATE_STORE_METHODS, type StateStore, StoreUnavailableError } from '@paymux/core'
import { runStateStoreContract } from '@paymux/core/testing'
import {
  POSTGRES_INSTALL_HINT,
  type PostgresServer,
  postgresServerAvailable,
  serversRequired,
  startPostgresServer,
} from '@paymux/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_KEY_BYTES } from './postgres-input.js'
import { createPostgresStore } from './postgres-store.js'
import {
  type ClientKind,
  ODD_TEXTS,
  type OpenClient,
  openClient,
  roundTripOddTexts,
  SECRET,
  unreachableUrl,
} from './postgres-store.test-support.js'
import { createTables } from './postgres-tables.js'

// Without the server on a developer machine, these suites are not registered (PGlite's run
// anyway, in postgres-store.pglite.test.ts); in CI a missing server fails beforeAll.
const runs = postgresServerAvailable() || serversRequired
if (!runs) {
  console.warn(
    `@paymux/store-postgres: PostgreSQL is not installed, so the pg and postgres.js suites did not run (the PGlite suite did): run \`${POSTGRES_INSTALL_HINT}\``,
  )
}

/** Every method, called once, for the failure tests. */
function callEveryMethod(store: StateStore): [string, Promise<unknown>][] {
  const calls: Record<(typeof STATE_STORE_METHODS)[number], () => Promise<unknown>> = {
    claim: () => store.claim('k', 1_000),
    release: () => store.release('k'),
    get: () => store.get('k'),
    compareAndSet: () => store.compareAndSet('k', 0, 'v', 1_000),
    increment: () => store.increment('k', 1_000),
    acquireLease: () => store.acquireLease('k', 'o', 1_000),
    renewLease: () => store.renewLease('k', 'o', 1_000),
    releaseLease: () => store.releaseLease('k', 'o'),
  }
  return Object.entries(calls).map(([method, call]) => [method, call().catch((error: unknown) => error)])
}

/** Asserts every method rejects with StoreUnavailableError naming it, with `secret` nowhere in what a log could show. */
async function expectUnavailableWithoutSecret(
  store: StateStore,
  secret: string,
  detail: RegExp,
): Promise<void> {
  for (const [method, answer] of callEveryMethod(store)) {
    const error = await answer
    expect(StoreUnavailableError.isInstance(error), `${method}: ${String(error)}`).toBe(true)
    const unavailable = error as StoreUnavailableError
    expect(unavailable).toMatchObject({ store: 'postgres', operation: method, code: 'store_unavailable' })
    expect(unavailable.message).toMatch(detail)
    expect(unavailable.cause).toBeUndefined()
    for (const shown of [
      unavailable.message,
      JSON.stringify(unavailable),
      inspect(unavailable, { depth: 10 }),
    ])
      expect(shown).not.toContain(secret)
  }
}

function suite(kind: ClientKind): void {
  describe(`postgres store on a real server, through ${kind}`, () => {
    let server: PostgresServer | undefined
    let shared: OpenClient | undefined
    const unreachable = new WeakMap<StateStore, OpenClient>()
    const url = () => server?.url ?? 'postgres://server-did-not-start'

    beforeAll(async () => {
      server = await startPostgresServer()
      shared = openClient(kind, server.url)
      await createTables(shared.client)
    }, 60_000)
    afterAll(async () => {
      await shared?.close()
      await server?.stop()
    })

    runStateStoreContract(`postgres (${kind})`, {
      store: () => {
        if (shared === undefined) throw new Error('the server of this suite did not start')
        return createPostgresStore({ client: shared.client })
      },
      unreachable: async () => {
        const open = openClient(kind, await unreachableUrl())
        const store = createPostgresStore({ client: open.client })
        unreachable.set(store, open)
        return store
      },
      close: (store) => unreachable.get(store)?.close(),
      processes: {
        module: fileURLToPath(new URL('./postgres-store.test-support.ts', import.meta.url)),
        execArgv: ['--conditions=@paymux/source', '--import', 'tsx'],
        // A getter: the children start after beforeAll, once the server's URL is known.
        get env() {
          return { DATABASE_URL: url(), PAYMUX_PG_CLIENT: kind }
        },
      },
    })

    it('a refused connection: every method rejects naming itself and the cause, never the password in the URL', async () => {
      const open = openClient(kind, await unreachableUrl())
      try {
        await expectUnavailableWithoutSecret(
          createPostgresStore({ client: open.client }),
          SECRET,
          /ECONNREFUSED/,
        )
      } finally {
        await open.close()
      }
    })

    it('a wrong password: the server refuses it, and no error repeats it', async () => {
      const admin = shared?.client
      if (admin === undefined || server === undefined)
        throw new Error('the server of this suite did not start')
      const role = `paymux_${kind}`
      const roleUrl = (password: string) =>
        `postgres://${role}:${password}@127.0.0.1:${server?.port}/postgres`
      await queryAsAdmin(kind, server.url, `CREATE ROLE ${role} LOGIN PASSWORD 'the-right-one'`)
      const wrong = openClient(kind, roleUrl(SECRET))
      try {
        await expectUnavailableWithoutSecret(
          createPostgresStore({ client: wrong.client }),
          SECRET,
          /28P01|password/,
        )
      } finally {
        await wrong.close()
      }
    })

    it('createTables from several connections at once: every one succeeds, and the table works', async () => {
      const clients = Array.from({ length: 4 }, () => openClient(kind, url()))
      try {
        for (let round = 0; round < 3; round++) {
          const table = `raced_${round}`
          await Promise.all(clients.map(({ client }) => createTables(client, { table })))
          for (const [index, { client }] of clients.entries())
            expect(await createPostgresStore({ client, table }).claim('k', 60_000)).toBe(index === 0)
        }
      } finally {
        await Promise.all(clients.map((open) => open.close()))
      }
    }, 30_000)

    it('a batch carries keys, values and owners that an array parameter must quote, exactly', async () => {
      if (shared === undefined) throw new Error('the server of this suite did not start')
      for (const batch of [true, false]) {
        const store = createPostgresStore({ client: shared.client, prefix: `odd:${batch}:`, batch })
        expect(await roundTripOddTexts(store)).toEqual({
          written: ODD_TEXTS.map(() => 1),
          values: [...ODD_TEXTS],
          leased: ODD_TEXTS.map(() => true),
          released: ODD_TEXTS.map(() => true),
        })
      }
    })

    it('a key of the largest size and the longest ttl are stored', async () => {
      if (shared === undefined) throw new Error('the server of this suite did not start')
      const store = createPostgresStore({ client: shared.client, prefix: '' })
      // Two-byte characters that do not compress, up to the limit exactly.
      const key = Array.from({ length: MAX_KEY_BYTES / 2 }, (_, index) =>
        String.fromCharCode(0x100 + (index % 0x600)),
      ).join('')
      expect(Buffer.byteLength(key)).toBe(MAX_KEY_BYTES)
      expect(await store.compareAndSet(key, 0, 'v', Number.MAX_SAFE_INTEGER)).toBe(1)
      expect(await store.get(key)).toEqual({ value: 'v', version: 1 })
      await store.release(key)
    })
  })
}

/** One statement as the superuser, on a connection of its own. */
async function queryAsAdmin(kind: ClientKind, url: string, text: string): Promise<void> {
  const open = openClient(kind, url)
  try {
    const client = open.client
    if ('unsafe' in client) await client.unsafe(text, [])
    else await client.query(text, [])
  } finally {
    await open.close()
  }
}

if (runs) {
  suite('pg')
  suite('postgres')
}

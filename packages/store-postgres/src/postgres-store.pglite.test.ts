// The contract on PGlite, the embedded PostgreSQL: always run, since it needs no server.
import { PGlite } from '@electric-sql/pglite'
import { runStateStoreContract } from '@paymux/core/testing'
import { afterAll, beforeAll } from 'vitest'
import { createPostgresStore } from './postgres-store.js'
import { createTables } from './postgres-tables.js'

let db: PGlite | undefined

beforeAll(async () => {
  db = new PGlite()
  await createTables(db)
}, 60_000)
afterAll(async () => {
  await db?.close()
})

runStateStoreContract('postgres (PGlite)', {
  store: () => {
    if (db === undefined) throw new Error('PGlite did not start')
    return createPostgresStore({ client: db })
  },
  // A closed PGlite answers every query with an error, as a stopped server would.
  unreachable: async () => {
    const closed = new PGlite()
    await closed.close()
    return createPostgresStore({ client: closed })
  },
})

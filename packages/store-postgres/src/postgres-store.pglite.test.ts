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

let closed: Promise<PGlite> | undefined
/** A closed PGlite, made once: it answers every query with an error, as a stopped server would. */
function closedDatabase(): Promise<PGlite> {
  closed ??= (async () => {
    const database = new PGlite()
    await database.close()
    return database
  })()
  return closed
}

// Batched (the default) and one statement per call: both modes keep the contract.
for (const batch of [true, false]) {
  runStateStoreContract(`postgres (PGlite${batch ? '' : ', batch: false'})`, {
    store: () => {
      if (db === undefined) throw new Error('PGlite did not start')
      return createPostgresStore({ client: db, batch })
    },
    unreachable: async () => createPostgresStore({ client: await closedDatabase(), batch }),
  })
}

import type { PGlite } from '@electric-sql/pglite'
import type { StateStore } from '@paymux/core'
import type { Client, Pool, PoolClient } from 'pg'
import type { Sql } from 'postgres'
import { describe, expectTypeOf, it } from 'vitest'
import type { PostgresClient } from './postgres-client.js'
import { createPostgresStore } from './postgres-store.js'
import { createTables, deleteExpired } from './postgres-tables.js'

declare const pool: Pool
declare const client: Client
declare const poolClient: PoolClient
declare const sql: Sql
declare const typedSql: Sql<{ bigint: bigint }>
declare const pglite: PGlite
/** The shape of a Redis client, which is not a PostgreSQL one. */
declare const redis: {
  get(key: string): Promise<string | null>
  set(key: string, value: string): Promise<unknown>
}

describe('the clients createPostgresStore takes', () => {
  it('takes the real pg, postgres.js and PGlite types as they are', () => {
    expectTypeOf(pool).toExtend<PostgresClient>()
    expectTypeOf(client).toExtend<PostgresClient>()
    expectTypeOf(poolClient).toExtend<PostgresClient>()
    expectTypeOf(sql).toExtend<PostgresClient>()
    expectTypeOf(typedSql).toExtend<PostgresClient>()
    expectTypeOf(pglite).toExtend<PostgresClient>()
    for (const each of [pool, client, poolClient, sql, typedSql, pglite]) {
      expectTypeOf(createPostgresStore({ client: each })).toEqualTypeOf<StateStore>()
      expectTypeOf(createTables(each)).toEqualTypeOf<Promise<void>>()
      expectTypeOf(deleteExpired(each, { limit: 100 })).toEqualTypeOf<Promise<number>>()
    }
  })

  it('refuses anything else', () => {
    expectTypeOf<{ query: string }>().not.toExtend<PostgresClient>()
    expectTypeOf<{ query(text: string): void }>().not.toExtend<PostgresClient>()
    expectTypeOf<string>().not.toExtend<PostgresClient>()
    // @ts-expect-error — a connection string is not a client: the store never opens connections.
    createPostgresStore({ client: 'postgres://localhost/app' })
    // @ts-expect-error — an object without query or unsafe.
    createPostgresStore({ client: {} })
    // @ts-expect-error — a Redis client is not a PostgreSQL client.
    createPostgresStore({ client: redis })
    // @ts-expect-error — the client is required.
    createPostgresStore({ table: 'paymux_state' })
    // @ts-expect-error — a table name is a string.
    createPostgresStore({ client: pool, table: 1 })
  })
})

import { readFile } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { InvalidRequestError, type StateStore, StoreUnavailableError } from '@paymux/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_KEY_BYTES } from './postgres-input.js'
import { createPostgresStore } from './postgres-store.js'
import { createTables, deleteExpired } from './postgres-tables.js'

let db: PGlite
beforeAll(async () => {
  db = new PGlite()
  await createTables(db)
}, 60_000)
afterAll(async () => {
  await db.close()
})

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
let unique = 0
const key = (name: string) => `${name}:${++unique}`

/** A client that answers every query with `reply` (or throws it), recording what it was sent. */
function fakeClient(reply: unknown | (() => unknown)) {
  const sent: { text: string; values: unknown[] }[] = []
  return {
    sent,
    client: {
      async query(text: string, values: unknown[]) {
        sent.push({ text, values })
        return typeof reply === 'function' ? (reply as () => unknown)() : reply
      },
    } as unknown as PGlite,
  }
}

/** The rejection of `promise`, or a failure if it resolved. */
async function rejectionOf(promise: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof promise === 'function' ? promise() : promise)
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

async function expectInvalid(call: () => unknown, path: string, code = 'invalid_request') {
  const error = await rejectionOf(call)
  expect(InvalidRequestError.isInstance(error), String(error)).toBe(true)
  expect(error).toMatchObject({ code })
  expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toContain(path)
  return error as InvalidRequestError
}

const BAD_TABLES: unknown[] = [
  'paymux_state; DROP TABLE paymux_state',
  'x"; DROP TABLE paymux_state; --',
  'paymux state',
  'paymux_state--',
  '"paymux_state"',
  'Paymux_State',
  '1state',
  '',
  'a.b.c',
  '.state',
  'state.',
  'a'.repeat(49),
  'ünï',
  'state\u0000',
  42,
  null,
]

describe('createPostgresStore options', () => {
  it('refuses a client it cannot query, naming client', async () => {
    const bad: unknown[] = [
      undefined,
      null,
      {},
      { query: 'SELECT 1' },
      () => [],
      Object.assign(() => [], { unsafe: 1 }),
      'postgres://paymux:s3cret@db/app',
      { get() {}, set() {} },
    ]
    for (const client of bad) {
      const error = await expectInvalid(
        () => createPostgresStore({ client: client as PGlite }),
        'client',
        'invalid_settings',
      )
      expect(error.message).not.toContain('s3cret')
    }
  })

  it('refuses a table name that is not a plain identifier, before sending anything', async () => {
    const { client, sent } = fakeClient({ rows: [] })
    for (const table of BAD_TABLES) {
      await expectInvalid(
        () => createPostgresStore({ client, table: table as string }),
        'table',
        'invalid_settings',
      )
      await expectInvalid(() => createTables(client, { table: table as string }), 'table', 'invalid_settings')
      await expectInvalid(
        () => deleteExpired(client, { table: table as string }),
        'table',
        'invalid_settings',
      )
    }
    expect(sent).toEqual([])
    // The injection attempts reached nothing: the table is there and answers.
    expect(await createPostgresStore({ client: db }).claim(key('still-there'), 60_000)).toBe(true)
  })

  it('refuses a bad prefix, an unknown option, and reports every bad option at once', async () => {
    for (const prefix of [42, null, 'app\u0000', 'app\uD800', 'p'.repeat(201)]) {
      await expectInvalid(
        () => createPostgresStore({ client: db, prefix: prefix as string }),
        'prefix',
        'invalid_settings',
      )
    }
    await expectInvalid(
      () => createPostgresStore({ client: db, tabel: 'x' } as { client: PGlite }),
      'tabel',
      'invalid_settings',
    )
    const error = await expectInvalid(
      () => createPostgresStore({ client: {} as PGlite, table: 'a b', prefix: 1 as unknown as string }),
      'client',
      'invalid_settings',
    )
    expect(error.issues.map((issue) => issue.path)).toEqual(['client', 'table', 'prefix'])
    expect(error.message).toMatch(/^createPostgresStore: invalid settings: client .*; table .*; prefix /)
    await expectInvalid(
      () => createPostgresStore(undefined as unknown as { client: PGlite }),
      'client',
      'invalid_settings',
    )
  })

  it('refuses bad createTables and deleteExpired options', async () => {
    await expectInvalid(() => createTables({} as PGlite), 'client', 'invalid_settings')
    await expectInvalid(() => createTables(db, { name: 'x' } as object), 'name', 'invalid_settings')
    await expectInvalid(() => deleteExpired({} as PGlite), 'client', 'invalid_settings')
    for (const limit of [0, -1, 1.5, Number.NaN, 1_000_001, '10' as unknown as number]) {
      await expectInvalid(() => deleteExpired(db, { limit }), 'limit', 'invalid_settings')
    }
  })

  it('takes a schema-qualified table, and a name that is a reserved word', async () => {
    await db.query('CREATE SCHEMA IF NOT EXISTS billing')
    for (const table of ['billing.paymux_state', 'select', '_t1']) {
      await createTables(db, { table })
      const store = createPostgresStore({ client: db, table })
      expect(await store.claim('k', 60_000)).toBe(true)
      expect(await store.claim('k', 60_000)).toBe(false)
    }
    const rows = await db.query('SELECT key FROM billing.paymux_state')
    expect(rows.rows).toEqual([{ key: 'paymux:k' }])
  })
})

describe('a call with bad input is refused before anything is sent', () => {
  const { client, sent } = fakeClient({ rows: [] })
  const store = createPostgresStore({ client })
  const badMs = [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]
  const badText = ['a\u0000b', 'lone \uDC00 half', 42 as unknown as string]

  it('ttlMs and windowMs: whole milliseconds ≥ 1', async () => {
    for (const ms of badMs) {
      await expectInvalid(() => store.claim('k', ms), 'ttlMs')
      await expectInvalid(() => store.compareAndSet('k', 0, 'v', ms), 'ttlMs')
      await expectInvalid(() => store.compareAndSet('k', 3, 'v', ms), 'ttlMs')
      await expectInvalid(() => store.acquireLease('k', 'o', ms), 'ttlMs')
      await expectInvalid(() => store.renewLease('k', 'o', ms), 'ttlMs')
      await expectInvalid(() => store.increment('k', ms), 'windowMs')
    }
    expect(sent).toEqual([])
  })

  it('expectedVersion: a whole number ≥ 0', async () => {
    for (const version of [-1, 1.5, Number.NaN, 2 ** 53]) {
      await expectInvalid(() => store.compareAndSet('k', version, 'v', 1_000), 'expectedVersion')
    }
    expect(sent).toEqual([])
  })

  it('keys, values and owners: text PostgreSQL can hold exactly, keys within the index limit', async () => {
    const calls = (text: string) => [
      () => store.claim(text, 1_000),
      () => store.release(text),
      () => store.get(text),
      () => store.compareAndSet(text, 0, 'v', 1_000),
      () => store.increment(text, 1_000),
      () => store.acquireLease(text, 'o', 1_000),
      () => store.renewLease(text, 'o', 1_000),
      () => store.releaseLease(text, 'o'),
    ]
    const tooLong = 'k'.repeat(MAX_KEY_BYTES - 'paymux:'.length + 1)
    for (const text of [...badText, tooLong]) for (const call of calls(text)) await expectInvalid(call, 'key')
    for (const text of badText) {
      await expectInvalid(() => store.compareAndSet('k', 0, text, 1_000), 'value')
      await expectInvalid(() => store.acquireLease('k', text, 1_000), 'owner')
      await expectInvalid(() => store.renewLease('k', text, 1_000), 'owner')
      await expectInvalid(() => store.releaseLease('k', text), 'owner')
    }
    expect(sent).toEqual([])
  })

  it('the longest key and the longest ttl are stored', async () => {
    const live = createPostgresStore({ client: db })
    const longest =
      'é'.repeat((MAX_KEY_BYTES - 'paymux:'.length) / 2) + 'k'.repeat((MAX_KEY_BYTES - 'paymux:'.length) % 2)
    expect(Buffer.byteLength(`paymux:${longest}`)).toBe(MAX_KEY_BYTES)
    expect(await live.compareAndSet(longest, 0, 'v', Number.MAX_SAFE_INTEGER)).toBe(1)
    expect(await live.get(longest)).toEqual({ value: 'v', version: 1 })
    expect(await live.increment(key('forever'), Number.MAX_SAFE_INTEGER)).toBe(1)
  })
})

describe('keys, prefixes and kinds', () => {
  it('keeps apps with different prefixes apart in one table, and writes prefix + key', async () => {
    const a = createPostgresStore({ client: db, prefix: 'app-a:' })
    const b = createPostgresStore({ client: db, prefix: 'app-b:' })
    const plain = createPostgresStore({ client: db })
    const name = key('shared')
    expect(await a.claim(name, 60_000)).toBe(true)
    expect(await b.claim(name, 60_000)).toBe(true)
    expect(await plain.claim(name, 60_000)).toBe(true)
    expect(await a.compareAndSet(`${name}:v`, 0, 'from a', 60_000)).toBe(1)
    expect(await b.get(`${name}:v`)).toBeUndefined()
    await b.release(name)
    expect(await a.claim(name, 60_000)).toBe(false)
    expect(await b.claim(name, 60_000)).toBe(true)
    const stored = await db.query<{ key: string }>(
      'SELECT key FROM paymux_state WHERE key LIKE $1 ORDER BY key',
      [`%${name}`],
    )
    expect(stored.rows.map((row) => row.key)).toEqual([`app-a:${name}`, `app-b:${name}`, `paymux:${name}`])
    const bare = createPostgresStore({ client: db, prefix: '' })
    expect(await bare.claim(`paymux:${name}`, 60_000)).toBe(false)
  })

  it('treats SQL in keys, values and owners as data', async () => {
    const store = createPostgresStore({ client: db })
    const evil = "'); DROP TABLE paymux_state; --"
    expect(await store.compareAndSet(evil, 0, evil, 60_000)).toBe(1)
    expect(await store.get(evil)).toEqual({ value: evil, version: 1 })
    expect(await store.acquireLease(`${evil}:lease`, evil, 60_000)).toBe(true)
    expect(await store.releaseLease(`${evil}:lease`, evil)).toBe(true)
    expect((await db.query('SELECT count(*)::int AS n FROM paymux_state')).rows).not.toEqual([{ n: 0 }])
  })

  it('a key written by another kind of operation after expiry starts clean', async () => {
    const store = createPostgresStore({ client: db })
    const lease = key('lease-then-claim')
    expect(await store.acquireLease(lease, 'a', 50)).toBe(true)
    await pause(150)
    expect(await store.claim(lease, 60_000)).toBe(true)
    // The claim holds the key now; the old owner's name must not have survived in the row.
    expect(await store.acquireLease(lease, 'a', 60_000)).toBe(false)
    expect(await store.releaseLease(lease, 'a')).toBe(false)

    const value = key('value-then-counter')
    expect(await store.compareAndSet(value, 0, 'v', 50)).toBe(1)
    await pause(150)
    expect(await store.increment(value, 60_000)).toBe(1)
    expect(await store.get(value)).toBeUndefined()
    expect(await store.compareAndSet(value, 1, 'stale', 60_000)).toBeUndefined()
  })

  it('like the memory store: a live key holding no value is at version 0', async () => {
    const store = createPostgresStore({ client: db })
    const claimed = key('claimed')
    expect(await store.claim(claimed, 60_000)).toBe(true)
    expect(await store.get(claimed)).toBeUndefined()
    expect(await store.compareAndSet(claimed, 0, 'v', 60_000)).toBe(1)
    expect(await store.get(claimed)).toEqual({ value: 'v', version: 1 })
  })
})

describe('failures', () => {
  it('a server error (no such table) is StoreUnavailableError naming the operation and the SQLSTATE', async () => {
    const store = createPostgresStore({ client: db, table: 'no_such_table' })
    const error = await rejectionOf(store.claim('k', 1_000))
    expect(StoreUnavailableError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ store: 'postgres', operation: 'claim' })
    expect((error as Error).message).toMatch(
      /^postgres store: claim failed: .*relation "no_such_table" does not exist/,
    )
  })

  it('cuts any URL out of the client error, and keeps no cause', async () => {
    const thrown = [
      Object.assign(new Error('could not reach postgres://paymux:s3cret@db.internal:5432/app'), {
        code: 'EAI_AGAIN',
      }),
      Object.assign(new AggregateError([new Error('connect ECONNREFUSED ::1:5432')], ''), {
        code: 'ECONNREFUSED',
      }),
      'postgres://paymux:s3cret@db.internal/app',
    ]
    const messages = []
    for (const failure of thrown) {
      const store = createPostgresStore({ client: fakeClient(() => Promise.reject(failure)).client })
      const error = (await rejectionOf(store.get('k'))) as StoreUnavailableError
      expect(StoreUnavailableError.isInstance(error)).toBe(true)
      expect(error.cause).toBeUndefined()
      expect(JSON.stringify(error)).not.toContain('s3cret')
      messages.push(error.message)
    }
    expect(messages).toEqual([
      'postgres store: get failed: Error EAI_AGAIN: could not reach <url>',
      'postgres store: get failed: AggregateError ECONNREFUSED: connect ECONNREFUSED ::1:5432',
      'postgres store: get failed: the client threw string',
    ])
  })

  it('a client that throws instead of rejecting still gives StoreUnavailableError', async () => {
    const client = {
      query() {
        throw new TypeError('Client was closed and is not queryable')
      },
    }
    const error = await rejectionOf(
      createPostgresStore({ client: client as unknown as PGlite }).increment('k', 1_000),
    )
    expect(error).toMatchObject({ name: 'StoreUnavailableError', operation: 'increment' })
  })
})

describe('reply shapes', () => {
  const ops: [string, (store: StateStore) => Promise<unknown>][] = [
    ['claim', (store) => store.claim('k', 1_000)],
    ['get', (store) => store.get('k')],
    ['compareAndSet', (store) => store.compareAndSet('k', 2, 'v', 1_000)],
    ['increment', (store) => store.increment('k', 1_000)],
    ['acquireLease', (store) => store.acquireLease('k', 'o', 1_000)],
    ['releaseLease', (store) => store.releaseLease('k', 'o')],
  ]

  it('a reply without rows, or with rows that are not what the statement returns, is StoreUnavailableError', async () => {
    const badReplies: [unknown, RegExp][] = [
      [undefined, /expected \{ rows: \[\.\.\.\] \}, got undefined/],
      [[], /expected \{ rows: \[\.\.\.\] \}, got an array/],
      [{ rows: 'none' }, /got an object without rows/],
      [{ rows: [{ key: 'paymux:k' }, { key: 'paymux:k' }] }, /2 rows for one key/],
      [{ rows: [7] }, /a row is not an object/],
      [{ rows: [{ won: true }] }, /a row has no key/],
      [
        { rows: [{ key: 'paymux:not-asked', value: 'v', version: 1, count: 1 }] },
        /a key the statement was not given/,
      ],
    ]
    for (const [reply, message] of badReplies) {
      const store = createPostgresStore({ client: fakeClient(reply).client })
      for (const [operation, call] of ops) {
        const error = await rejectionOf(call(store))
        expect(StoreUnavailableError.isInstance(error), `${operation}: ${String(error)}`).toBe(true)
        expect(error).toMatchObject({ operation })
        expect((error as Error).message).toMatch(message)
      }
    }
    const js = Object.assign(async () => [], { unsafe: async () => ({ rows: [] }) })
    const error = await rejectionOf(
      createPostgresStore({ client: js as unknown as PGlite }).claim('k', 1_000),
    )
    expect((error as Error).message).toMatch(/unexpected reply: expected an array of rows, got an object/)
  })

  it('refuses versions and counts that are not whole numbers ≥ 1, and a value that is not text', async () => {
    const bad: [string, Record<string, unknown>, (store: StateStore) => Promise<unknown>][] = [
      ['version', { key: 'paymux:k', value: 'v', version: 'abc' }, (store) => store.get('k')],
      ['version', { key: 'paymux:k', value: 'v', version: 0 }, (store) => store.get('k')],
      ['version', { key: 'paymux:k', version: 1.5 }, (store) => store.compareAndSet('k', 0, 'v', 1_000)],
      [
        'version',
        { key: 'paymux:k', version: '99999999999999999' },
        (store) => store.compareAndSet('k', 0, 'v', 1_000),
      ],
      ['count', { key: 'paymux:k', count: 0 }, (store) => store.increment('k', 1_000)],
      ['count', { key: 'paymux:k', count: null }, (store) => store.increment('k', 1_000)],
      ['value', { key: 'paymux:k', value: 5, version: 1 }, (store) => store.get('k')],
    ]
    for (const [column, row, call] of bad) {
      const error = await rejectionOf(
        call(createPostgresStore({ client: fakeClient({ rows: [row] }).client })),
      )
      expect(StoreUnavailableError.isInstance(error), String(error)).toBe(true)
      expect((error as Error).message).toContain(column)
    }
    const noRow = await rejectionOf(
      createPostgresStore({ client: fakeClient({ rows: [] }).client }).increment('k', 1),
    )
    expect((noRow as Error).message).toMatch(/unexpected reply: no row/)
  })

  it('reads int8 as pg and postgres.js give it (text), as PGlite does (number), and as a custom parser may (bigint)', async () => {
    for (const count of ['5', 5, 5n]) {
      const store = createPostgresStore({
        client: fakeClient({ rows: [{ key: 'paymux:k', count, version: count, value: 'v' }] }).client,
      })
      expect(await store.increment('k', 1_000)).toBe(5)
      expect(await store.get('k')).toEqual({ value: 'v', version: 5 })
    }
  })
})

describe('tables and expiry', () => {
  /** The table as the catalog describes it: columns, constraints and indexes, without its schema's name. */
  async function describeTable(schema: string) {
    const columns = await db.query<{ column_name: string }>(
      `SELECT column_name, data_type, is_nullable, collation_name, column_default, ordinal_position
       FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'paymux_state' ORDER BY ordinal_position`,
      [schema],
    )
    const constraints = await db.query(
      `SELECT contype, pg_get_constraintdef(c.oid) AS definition FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = $1 AND t.relname = 'paymux_state' ORDER BY contype`,
      [schema],
    )
    const indexes = await db.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, replace(indexdef, $1::text || '.', '') AS indexdef FROM pg_indexes
       WHERE schemaname = $1 AND tablename = 'paymux_state' ORDER BY indexname`,
      [schema],
    )
    return { columns: columns.rows, constraints: constraints.rows, indexes: indexes.rows }
  }

  it('the migration file and createTables() create the same table, and both can run again', async () => {
    const migration = await readFile(new URL('../sql/001_paymux_state.sql', import.meta.url), 'utf8')
    await db.exec('CREATE SCHEMA from_file; CREATE SCHEMA from_function')
    const inSchema = (schema: string) =>
      `SET search_path TO ${schema}; ${migration}; SET search_path TO public`
    await db.exec(inSchema('from_file'))
    await db.exec(inSchema('from_file'))
    await createTables(db, { table: 'from_function.paymux_state' })
    await createTables(db, { table: 'from_function.paymux_state' })
    const fromFile = await describeTable('from_file')
    expect(fromFile.columns.map((column) => column.column_name)).toEqual([
      'key',
      'value',
      'version',
      'count',
      'owner',
      'expires_at',
    ])
    expect(fromFile.indexes.map((index) => index.indexname)).toEqual([
      'paymux_state_expires_at',
      'paymux_state_pkey',
    ])
    expect(await describeTable('from_function')).toEqual(fromFile)
    expect(await describeTable('public')).toEqual(fromFile)
  })

  it('ships the migration file in the package', async () => {
    const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'))
    expect(manifest.files).toContain('sql')
    expect(manifest.exports['./sql/*.sql']).toBe('./sql/*.sql')
  })

  it('createTables runs a statement again when another session created the same table at that moment', async () => {
    for (const code of ['23505', '42P07', '42710']) {
      let calls = 0
      const racing = fakeClient(() =>
        ++calls === 1 ? Promise.reject(Object.assign(new Error('dup'), { code })) : { rows: [] },
      )
      await createTables(racing.client)
      expect(racing.sent.map((query) => query.text.split(' (')[0])).toEqual([
        'CREATE TABLE IF NOT EXISTS "paymux_state"',
        'CREATE TABLE IF NOT EXISTS "paymux_state"',
        'CREATE INDEX IF NOT EXISTS "paymux_state_expires_at" ON "paymux_state"',
      ])
    }
    const failing = fakeClient(() =>
      Promise.reject(Object.assign(new Error('permission denied'), { code: '42501' })),
    )
    const error = await rejectionOf(createTables(failing.client))
    expect(error).toMatchObject({ name: 'StoreUnavailableError', operation: 'createTables' })
    expect(failing.sent).toHaveLength(1)
  })

  it('deleteExpired removes expired rows only, oldest first, at most limit per call', async () => {
    await createTables(db, { table: 'expiring' })
    const store = createPostgresStore({ client: db, table: 'expiring' })
    for (let index = 0; index < 5; index++) expect(await store.claim(`old-${index}`, 20 + index)).toBe(true)
    expect(await store.compareAndSet('live-value', 0, 'v', 60_000)).toBe(1)
    expect(await store.acquireLease('live-lease', 'o', 60_000)).toBe(true)
    await pause(150)
    expect(await deleteExpired(db, { table: 'expiring', limit: 2 })).toBe(2)
    const left = await db.query<{ key: string }>('SELECT key FROM expiring ORDER BY key')
    expect(left.rows.map((row) => row.key)).toEqual([
      'paymux:live-lease',
      'paymux:live-value',
      'paymux:old-2',
      'paymux:old-3',
      'paymux:old-4',
    ])
    expect(await deleteExpired(db, { table: 'expiring' })).toBe(3)
    expect(await deleteExpired(db, { table: 'expiring' })).toBe(0)
    expect(await store.get('live-value')).toEqual({ value: 'v', version: 1 })
    expect(await store.releaseLease('live-lease', 'o')).toBe(true)
  })

  it('deleteExpired on a missing table is StoreUnavailableError naming deleteExpired', async () => {
    const error = await rejectionOf(deleteExpired(db, { table: 'no_such_table' }))
    expect(error).toMatchObject({ name: 'StoreUnavailableError', operation: 'deleteExpired' })
  })
})

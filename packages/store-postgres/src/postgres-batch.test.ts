import { PGlite } from '@electric-sql/pglite'
import { InvalidRequestError, type StateStore, StoreUnavailableError } from '@paymux/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresStore, type PostgresStoreOptions } from './postgres-store.js'
import { ODD_TEXTS, roundTripOddTexts } from './postgres-store.test-support.js'
import { createTables } from './postgres-tables.js'

let db: PGlite
beforeAll(async () => {
  db = new PGlite()
  await createTables(db)
}, 60_000)
afterAll(async () => {
  await db.close()
})

let unique = 0
/** A prefix no other test uses, so each test starts from an empty table. */
const freshPrefix = () => `batch-${++unique}:`

interface Sent {
  readonly text: string
  readonly values: unknown[]
}

/**
 * The PGlite database behind a wrapper that records every statement it is
 * sent; `fail(text)` may reject a statement instead of running it.
 */
function counting(fail: (text: string, attempt: number) => unknown = () => undefined) {
  const sent: Sent[] = []
  const client = {
    async query(text: string, values: unknown[]) {
      sent.push({ text, values })
      const failure = fail(text, sent.length)
      if (failure !== undefined) throw failure
      return db.query(text, values)
    },
  }
  return { sent, client: client as unknown as PGlite }
}

function storeOn(client: PGlite, options: Partial<PostgresStoreOptions> = {}) {
  return createPostgresStore({ client, prefix: freshPrefix(), ...options })
}

/** The statement's first word and the keys it was sent (its first array), without the prefix. */
function keysOf(sent: Sent, prefix: RegExp = /^batch-\d+:/) {
  return (sent.values[0] as string[]).map((key) => key.replace(prefix, ''))
}

/** The same calls on a batched store and on a `batch: false` one, each on its own prefix: both answers. */
async function bothWays(calls: (store: StateStore) => Promise<unknown[]>) {
  const batched = counting()
  const single = counting()
  const answers = await calls(storeOn(batched.client))
  const expected = await calls(storeOn(single.client, { batch: false }))
  return { answers, expected, batched: batched.sent, single: single.sent }
}

describe('concurrent calls of one kind go out as one statement', () => {
  it('every kind: one statement for the whole turn, and each caller gets its own answer, as unbatched', async () => {
    const { answers, expected, batched, single } = await bothWays(async (store) => {
      // Set up, one call at a time: a held claim, a value at version 1, a counter at 2, a's lease.
      await store.claim('held', 60_000)
      await store.compareAndSet('v1', 0, 'one', 60_000)
      await store.increment('n2', 60_000)
      await store.increment('n2', 60_000)
      await store.acquireLease('lease', 'a', 60_000)
      await store.acquireLease('lease2', 'a', 60_000)
      await store.claim('gone', 60_000)
      const turn = async (calls: Promise<unknown>[]) => Promise.all(calls)
      return [
        await turn([store.claim('held', 60_000), store.claim('free', 60_000), store.claim('free2', 60_000)]),
        await turn([store.get('v1'), store.get('absent'), store.get('held')]),
        await turn([
          store.compareAndSet('v1', 0, 'lost', 60_000),
          store.compareAndSet('new', 0, 'won', 60_000),
          store.compareAndSet('held', 0, 'over a claim', 60_000),
        ]),
        await turn([
          store.compareAndSet('v1', 1, 'two', 60_000),
          store.compareAndSet('new', 5, 'stale', 60_000),
          store.compareAndSet('absent', 1, 'nothing there', 60_000),
        ]),
        await turn([store.increment('n2', 60_000), store.increment('n0', 60_000)]),
        await turn([
          store.acquireLease('lease', 'b', 60_000),
          store.acquireLease('lease2', 'a', 60_000),
          store.acquireLease('lease3', 'b', 60_000),
        ]),
        await turn([
          store.renewLease('lease', 'a', 60_000),
          store.renewLease('lease3', 'a', 60_000),
          store.renewLease('none', 'a', 60_000),
        ]),
        await turn([store.releaseLease('lease', 'b'), store.releaseLease('lease2', 'a')]),
        await turn([store.release('gone'), store.release('never')]),
        await turn([store.claim('gone', 60_000), store.get('v1'), store.get('new')]),
      ]
    })
    expect(answers).toEqual([
      [false, true, true],
      [{ value: 'one', version: 1 }, undefined, undefined],
      [undefined, 1, 1],
      [2, undefined, undefined],
      [3, 1],
      [false, true, true],
      [true, false, false],
      [false, true],
      [undefined, undefined],
      [true, { value: 'two', version: 2 }, { value: 'won', version: 1 }],
    ])
    expect(answers).toEqual(expected)
    // 7 set-up calls, then one statement per kind and turn (the last turn: a claim and the gets).
    expect(batched.map(firstWord)).toEqual([
      ...Array(7).fill('INSERT'),
      'INSERT',
      'SELECT',
      'INSERT',
      'UPDATE',
      'INSERT',
      'INSERT',
      'UPDATE',
      'DELETE',
      'DELETE',
      'INSERT',
      'SELECT',
    ])
    expect(keysOf(batched[7] as Sent)).toEqual(['free', 'free2', 'held'])
    expect(single).toHaveLength(7 + 27)
  })

  it('sends a batch in key order, so two instances lock rows in the same order, and answers each caller by its key', async () => {
    const { sent, client } = counting()
    const store = storeOn(client)
    await store.claim('b', 60_000)
    const answers = await Promise.all(['c', 'a', 'b', 'é', 'B'].map((key) => store.claim(key, 60_000)))
    expect(answers).toEqual([true, true, false, true, true])
    expect(keysOf(sent[1] as Sent)).toEqual(['B', 'a', 'b', 'c', 'é'])
    // Each column is one array, in the same order as the keys.
    expect(sent[1]?.values.length).toBe(2)
    expect(sent[1]?.values[1]).toEqual(Array(5).fill(60_000))
  })

  it('carries keys, values and owners that an array parameter must quote, exactly (PGlite)', async () => {
    const { sent, client } = counting()
    expect(await roundTripOddTexts(storeOn(client))).toEqual({
      written: ODD_TEXTS.map(() => 1),
      values: [...ODD_TEXTS],
      leased: ODD_TEXTS.map(() => true),
      released: ODD_TEXTS.map(() => true),
    })
    expect(sent).toHaveLength(4)
  })

  it('keeps one statement text whatever the batch size, so a client prepares it once', async () => {
    const { sent, client } = counting()
    const store = storeOn(client)
    await store.increment('one', 1_000)
    await Promise.all(['x', 'y', 'z'].map((key) => store.increment(key, 1_000)))
    expect(sent).toHaveLength(2)
    expect(sent[1]?.text).toBe(sent[0]?.text)
  })

  it('calls of different kinds in one turn: one statement per kind', async () => {
    const { sent, client } = counting()
    const store = storeOn(client)
    await Promise.all([
      store.claim('a', 60_000),
      store.get('b'),
      store.claim('c', 60_000),
      store.get('d'),
      store.increment('e', 60_000),
    ])
    expect(sent.map((statement) => [firstWord(statement), keysOf(statement)])).toEqual([
      ['INSERT', ['a', 'c']],
      ['SELECT', ['b', 'd']],
      ['INSERT', ['e']],
    ])
  })

  it('sends a batch at once when it reaches maxBatchSize, without waiting for the turn to end', async () => {
    const { sent, client } = counting()
    const store = storeOn(client, { maxBatchSize: 2 })
    const answers = Promise.all(['a', 'b', 'c', 'd', 'e'].map((key) => store.increment(key, 60_000)))
    expect(sent.map((statement) => keysOf(statement))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ])
    expect(await answers).toEqual([1, 1, 1, 1, 1])
    expect(sent.map((statement) => keysOf(statement))).toEqual([['a', 'b'], ['c', 'd'], ['e']])
  })

  it('the default cap is 256 calls', async () => {
    const { sent, client } = counting()
    const store = storeOn(client)
    const keys = Array.from({ length: 600 }, (_, index) => `k${String(index).padStart(3, '0')}`)
    expect(await Promise.all(keys.map((key) => store.claim(key, 60_000)))).toEqual(keys.map(() => true))
    expect(sent.map((statement) => keysOf(statement).length)).toEqual([256, 256, 88])
  })
})

describe('a key called again before its answer keeps the calls in order, as if one after another', () => {
  it('10 concurrent increments of one key answer 1..10 in call order, beside other keys', async () => {
    const { sent, client } = counting()
    const store = storeOn(client)
    const counts = Promise.all(Array.from({ length: 10 }, () => store.increment('hot', 60_000)))
    const others = Promise.all([store.increment('x', 60_000), store.increment('y', 60_000)])
    expect(await counts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(await others).toEqual([1, 1])
    // The other keys went out with the first increment of the hot one; no statement held a key twice.
    expect(keysOf(sent[0] as Sent)).toEqual(['hot', 'x', 'y'])
    expect(sent.slice(1).map((statement) => keysOf(statement))).toEqual(Array(9).fill(['hot']))
  })

  it('claim twice in one turn: true, then false; release between them frees it', async () => {
    const store = storeOn(counting().client)
    expect(await Promise.all([store.claim('k', 60_000), store.claim('k', 60_000)])).toEqual([true, false])
    expect(
      await Promise.all([store.release('k'), store.claim('k', 60_000), store.claim('k', 60_000)]),
    ).toEqual([undefined, true, false])
  })

  it('compare-and-set, leases and reads of one key in one turn answer in call order', async () => {
    const store = storeOn(counting().client)
    expect(
      await Promise.all([
        store.get('v'),
        store.compareAndSet('v', 0, 'a', 60_000),
        store.compareAndSet('v', 0, 'b', 60_000),
        store.get('v'),
        store.compareAndSet('v', 1, 'c', 60_000),
        store.compareAndSet('v', 1, 'd', 60_000),
        store.get('v'),
      ]),
    ).toEqual([undefined, 1, undefined, { value: 'a', version: 1 }, 2, undefined, { value: 'c', version: 2 }])
    expect(
      await Promise.all([
        store.acquireLease('l', 'a', 60_000),
        store.acquireLease('l', 'b', 60_000),
        store.renewLease('l', 'b', 60_000),
        store.releaseLease('l', 'a'),
        store.acquireLease('l', 'b', 60_000),
        store.releaseLease('l', 'a'),
      ]),
    ).toEqual([true, false, false, true, true, false])
  })

  it('reads of one key made together share one statement, and each caller gets its own object', async () => {
    const { sent, client } = counting()
    const store = storeOn(client)
    await store.compareAndSet('hot', 0, 'state', 60_000)
    const reads = await Promise.all(Array.from({ length: 20 }, () => store.get('hot')))
    expect(reads).toEqual(Array(20).fill({ value: 'state', version: 1 }))
    expect(new Set(reads).size).toBe(20)
    expect(sent.map(firstWord)).toEqual(['INSERT', 'SELECT'])
    // A read waits for an earlier write to its key, and a write for earlier reads.
    const ordered = await Promise.all([
      store.get('hot'),
      store.compareAndSet('hot', 1, 'next', 60_000),
      store.get('hot'),
    ])
    expect(ordered).toEqual([{ value: 'state', version: 1 }, 2, { value: 'next', version: 2 }])
    expect(sent.slice(2).map(firstWord)).toEqual(['SELECT', 'UPDATE', 'SELECT'])
  })

  it('a failed call does not hold up the next call on its key', async () => {
    let failures = 1
    const { client } = counting((text) =>
      text.startsWith('INSERT') && failures-- > 0 ? new Error('connection reset') : undefined,
    )
    const store = storeOn(client)
    const [first, second] = await Promise.allSettled([store.claim('k', 60_000), store.claim('k', 60_000)])
    expect(first).toMatchObject({ status: 'rejected', reason: { operation: 'claim' } })
    expect(second).toEqual({ status: 'fulfilled', value: true })
  })
})

describe('a failed batch', () => {
  it('rejects every caller in it with StoreUnavailableError naming its operation; other statements answer', async () => {
    const { sent, client } = counting((text) =>
      text.startsWith('UPDATE') || text.startsWith('DELETE')
        ? new Error('server closed the connection')
        : undefined,
    )
    const store = storeOn(client)
    const calls: [string, Promise<unknown>][] = [
      ['compareAndSet', store.compareAndSet('a', 3, 'v', 60_000)],
      ['compareAndSet', store.compareAndSet('b', 7, 'v', 60_000)],
      ['renewLease', store.renewLease('c', 'o', 60_000)],
      ['releaseLease', store.releaseLease('d', 'o')],
      ['releaseLease', store.releaseLease('e', 'o')],
      ['release', store.release('f')],
    ]
    const answered = store.claim('g', 60_000)
    for (const [operation, call] of calls) {
      const error = await call.catch((failure: unknown) => failure)
      expect(StoreUnavailableError.isInstance(error), `${operation}: ${String(error)}`).toBe(true)
      expect(error).toMatchObject({ store: 'postgres', operation })
      expect((error as Error).message).toBe(
        `postgres store: ${operation} failed: Error: server closed the connection`,
      )
    }
    expect(await answered).toBe(true)
    expect(sent).toHaveLength(5)
  })

  it('a row one caller cannot read rejects that caller only', async () => {
    const client = {
      async query() {
        return {
          rows: [
            { key: 'paymux:a', count: 4 },
            { key: 'paymux:b', count: 'many' },
          ],
        }
      },
    }
    const store = createPostgresStore({ client: client as unknown as PGlite })
    const [a, b, c] = await Promise.allSettled([
      store.increment('a', 1_000),
      store.increment('b', 1_000),
      store.increment('c', 1_000),
    ])
    expect(a).toEqual({ status: 'fulfilled', value: 4 })
    expect(b).toMatchObject({ status: 'rejected', reason: { operation: 'increment' } })
    expect(String((b as PromiseRejectedResult).reason.message)).toMatch(/count is not a whole number/)
    expect(String((c as PromiseRejectedResult).reason.message)).toMatch(/unexpected reply: no row/)
  })

  it('a bad input is refused alone, before it joins a batch', async () => {
    const { sent, client } = counting()
    const store = storeOn(client)
    const answers = await Promise.allSettled([
      store.claim('a', 60_000),
      store.claim('b', 0),
      store.claim('c\u0000', 60_000),
      store.claim('d', 60_000),
    ])
    expect(answers.map((answer) => answer.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled'])
    for (const answer of answers.slice(1, 3))
      expect(InvalidRequestError.isInstance((answer as PromiseRejectedResult).reason)).toBe(true)
    expect(sent.map((statement) => keysOf(statement))).toEqual([['a', 'd']])
  })

  it('a deadlock victim is sent once more (PostgreSQL rolled it back whole); a second failure rejects', async () => {
    const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' })
    const once = counting((_, attempt) => (attempt === 1 ? deadlock() : undefined))
    const store = storeOn(once.client)
    expect(await Promise.all([store.claim('a', 60_000), store.claim('b', 60_000)])).toEqual([true, true])
    expect(once.sent).toHaveLength(2)
    expect(once.sent[1]).toEqual(once.sent[0])

    const always = counting(deadlock)
    const error = await storeOn(always.client)
      .claim('a', 60_000)
      .catch((failure: unknown) => failure)
    expect(error).toMatchObject({ name: 'StoreUnavailableError', operation: 'claim' })
    expect((error as Error).message).toMatch(/40P01: deadlock detected/)
    expect(always.sent).toHaveLength(2)
  })
})

describe('batch: false', () => {
  it('sends one statement per call, at once, and answers as the batched store does', async () => {
    const { sent, client } = counting()
    const store = storeOn(client, { batch: false })
    const answers = Promise.all([
      store.claim('a', 60_000),
      store.claim('a', 60_000),
      store.claim('b', 60_000),
      store.get('c'),
    ])
    // Sent before the turn ends: nothing waits to be batched.
    expect(sent.map((statement) => [firstWord(statement), keysOf(statement)])).toEqual([
      ['INSERT', ['a']],
      ['INSERT', ['a']],
      ['INSERT', ['b']],
      ['SELECT', ['c']],
    ])
    expect(await answers).toEqual([true, false, true, undefined])
  })

  it('refuses a batch or maxBatchSize that is not one, naming it', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ batch: 'yes' }, 'batch'],
      [{ batch: 1 }, 'batch'],
      [{ batch: null }, 'batch'],
      [{ maxBatchSize: 0 }, 'maxBatchSize'],
      [{ maxBatchSize: 1.5 }, 'maxBatchSize'],
      [{ maxBatchSize: 10_001 }, 'maxBatchSize'],
      [{ maxBatchSize: '64' }, 'maxBatchSize'],
      [{ maxBatchSize: Number.NaN }, 'maxBatchSize'],
    ]
    for (const [options, path] of bad) {
      let error: unknown
      try {
        createPostgresStore({ client: db, ...options } as PostgresStoreOptions)
      } catch (thrown) {
        error = thrown
      }
      expect(InvalidRequestError.isInstance(error), JSON.stringify(options)).toBe(true)
      expect(error).toMatchObject({ code: 'invalid_settings' })
      expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual([path])
    }
    expect(createPostgresStore({ client: db, batch: true, maxBatchSize: 10_000 }).name).toBe('postgres')
  })
})

function firstWord(sent: Sent): string {
  return sent.text.split(/\s/, 1)[0] ?? ''
}

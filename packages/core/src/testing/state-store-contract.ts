import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { StoreUnavailableError } from '../errors/store-unavailable-error.js'
import { STATE_STORE_METHODS, type StateStore } from '../state/state-store.js'

/** Options of {@link runStateStoreContract}. */
export interface StateStoreContractOptions {
  /** A store on the backend under test, called once per test. Tests use keys of their own, so one backend serves all. */
  readonly store: () => StateStore | Promise<StateStore>
  /** Closes what `store()` opened (its client), after each test. */
  readonly close?: (store: StateStore) => void | Promise<void>
  /**
   * A store whose backend cannot be reached (a closed port, a stopped
   * server): every method must reject with `StoreUnavailableError`, within
   * the test's timeout, never answer as if the key were free or absent.
   * Required of every store with a backend; only the memory store has none.
   */
  readonly unreachable?: () => StateStore | Promise<StateStore>
  /**
   * Races between processes. Each child process imports `module`, which must
   * export `createStore(): StateStore | Promise<StateStore>` (connected to
   * the same backend as `store()`) and may export `closeStore(store)`. Leave
   * it out for a store that lives in one process (the memory store).
   */
  readonly processes?: {
    /** A file URL or absolute path of the module. */
    readonly module: string | URL
    /** Node options for the children, e.g. `['--import', 'tsx']` to load TypeScript. @default [] */
    readonly execArgv?: readonly string[]
    /** Extra environment for the children (connection settings). */
    readonly env?: Readonly<Record<string, string>>
    /** How many children race. @default 4 */
    readonly count?: number
  }
  /** The ttl the expiry tests give a key, in ms; they wait three times as long. @default 200 */
  readonly ttlMs?: number
}

/**
 * Registers the tests every `StateStore` must pass (vitest `describe` /
 * `it`): each operation's meaning, expiry, lease ownership, atomicity under
 * concurrent calls and, with `processes`, between processes, and a typed
 * `StoreUnavailableError` when the backend is down. Call it at the top
 * level of a test file:
 *
 * ```ts
 * runStateStoreContract('redis', {
 *   store: () => createRedisStore({ client }),
 *   unreachable: () => createRedisStore({ client: clientOnAClosedPort }),
 * })
 * ```
 */
export function runStateStoreContract(name: string, options: StateStoreContractOptions): void {
  const ttlMs = options.ttlMs ?? 200
  const opened: StateStore[] = []
  const open = async () => {
    const store = await options.store()
    opened.push(store)
    return store
  }
  const keys = () => {
    const prefix = `contract:${randomUUID()}:`
    return (name: string) => prefix + name
  }
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  describe(`state store contract: ${name}`, () => {
    afterEach(async () => {
      for (const store of opened.splice(0)) await options.close?.(store)
    })

    it('has every method of the contract and a name', async () => {
      const store = await open()
      for (const method of STATE_STORE_METHODS) expect(typeof store[method], method).toBe('function')
      expect(typeof store.name).toBe('string')
    })

    it('claim: the first call claims, the next finds it held, release frees it', async () => {
      const store = await open()
      const key = keys()('claim')
      expect(await store.claim(key, 60_000)).toBe(true)
      expect(await store.claim(key, 60_000)).toBe(false)
      await store.release(key)
      expect(await store.claim(key, 60_000)).toBe(true)
      await store.release(keys()('never-claimed'))
    })

    it('claim: a claim expires after its ttl', async () => {
      const store = await open()
      const key = keys()('claim-ttl')
      expect(await store.claim(key, ttlMs)).toBe(true)
      expect(await store.claim(key, ttlMs)).toBe(false)
      await pause(ttlMs * 3)
      expect(await store.claim(key, ttlMs)).toBe(true)
    })

    it('compareAndSet: writes only over the expected version; get reads value and version', async () => {
      const store = await open()
      const key = keys()('value')
      expect(await store.get(key)).toBeUndefined()
      expect(await store.compareAndSet(key, 1, 'too early', 60_000)).toBeUndefined()
      expect(await store.compareAndSet(key, 0, 'first', 60_000)).toBe(1)
      expect(await store.get(key)).toEqual({ value: 'first', version: 1 })
      expect(await store.compareAndSet(key, 0, 'lost race', 60_000)).toBeUndefined()
      expect(await store.compareAndSet(key, 1, 'second', 60_000)).toBe(2)
      expect(await store.compareAndSet(key, 1, 'stale', 60_000)).toBeUndefined()
      expect(await store.get(key)).toEqual({ value: 'second', version: 2 })
      await store.release(key)
      expect(await store.get(key)).toBeUndefined()
      expect(await store.compareAndSet(key, 0, 'again', 60_000)).toBe(1)
    })

    it('compareAndSet: keeps any string exactly, and keys of any characters apart', async () => {
      const store = await open()
      const key = keys()
      const values = [
        '',
        ' ',
        'ünïcödé ৳ 🧾',
        '{"json":[1,2,3]}',
        'quote \' " \\ %s $1 ; --',
        'x'.repeat(65_536),
      ]
      for (const [index, value] of values.entries()) {
        expect(await store.compareAndSet(key(`v${index}`), 0, value, 60_000)).toBe(1)
        expect((await store.get(key(`v${index}`)))?.value).toBe(value)
      }
      const oddKeys = ['a b', 'a:b', 'a*b?[c]', 'ünï 🧾', "it's", 'k'.repeat(200)]
      for (const [index, odd] of oddKeys.entries()) {
        expect(await store.compareAndSet(key(odd), 0, String(index), 60_000)).toBe(1)
      }
      for (const [index, odd] of oddKeys.entries())
        expect((await store.get(key(odd)))?.value).toBe(String(index))
    })

    it('compareAndSet: a value expires after its ttl, and then counts as absent', async () => {
      const store = await open()
      const key = keys()('value-ttl')
      expect(await store.compareAndSet(key, 0, 'short', ttlMs)).toBe(1)
      await pause(ttlMs * 3)
      expect(await store.get(key)).toBeUndefined()
      expect(await store.compareAndSet(key, 0, 'new', 60_000)).toBe(1)
    })

    it('increment: counts from 1 within a window that later increments do not extend', async () => {
      const store = await open()
      const key = keys()('counter')
      expect(await store.increment(key, ttlMs * 2)).toBe(1)
      expect(await store.increment(key, ttlMs * 2)).toBe(2)
      await pause(ttlMs)
      expect(await store.increment(key, ttlMs * 2)).toBe(3)
      await pause(ttlMs * 2)
      expect(await store.increment(key, ttlMs * 2)).toBe(1)
      await store.release(key)
      expect(await store.increment(key, 60_000)).toBe(1)
    })

    it('leases: only the owner renews or releases; taking one of your own again renews it', async () => {
      const store = await open()
      const key = keys()('lease')
      expect(await store.acquireLease(key, 'a', 60_000)).toBe(true)
      expect(await store.acquireLease(key, 'b', 60_000)).toBe(false)
      expect(await store.acquireLease(key, 'a', 60_000)).toBe(true)
      expect(await store.renewLease(key, 'b', 60_000)).toBe(false)
      expect(await store.releaseLease(key, 'b')).toBe(false)
      expect(await store.acquireLease(key, 'b', 60_000)).toBe(false)
      expect(await store.renewLease(key, 'a', 60_000)).toBe(true)
      expect(await store.releaseLease(key, 'a')).toBe(true)
      expect(await store.releaseLease(key, 'a')).toBe(false)
      expect(await store.renewLease(key, 'a', 60_000)).toBe(false)
      expect(await store.acquireLease(key, 'b', 60_000)).toBe(true)
    })

    it('leases: an expired lease goes to another owner, and its old owner can no longer touch it', async () => {
      const store = await open()
      const key = keys()('lease-ttl')
      expect(await store.acquireLease(key, 'a', ttlMs)).toBe(true)
      await pause(ttlMs * 3)
      expect(await store.renewLease(key, 'a', 60_000)).toBe(false)
      expect(await store.acquireLease(key, 'b', 60_000)).toBe(true)
      expect(await store.releaseLease(key, 'a')).toBe(false)
      expect(await store.renewLease(key, 'a', 60_000)).toBe(false)
      expect(await store.acquireLease(key, 'a', 60_000)).toBe(false)
    })

    it('leases: renewing pushes the expiry back', async () => {
      const store = await open()
      const key = keys()('lease-renew')
      expect(await store.acquireLease(key, 'a', ttlMs * 2)).toBe(true)
      await pause(ttlMs)
      expect(await store.renewLease(key, 'a', ttlMs * 4)).toBe(true)
      await pause(ttlMs * 2)
      expect(await store.acquireLease(key, 'b', 60_000)).toBe(false)
    })

    it('is atomic under concurrent calls: one winner per claim and lease, no lost count or update', async () => {
      const store = await open()
      const key = keys()
      const racers = Array.from({ length: 40 }, (_, index) => index)
      const claims = await Promise.all(racers.map(() => store.claim(key('claim'), 60_000)))
      expect(claims.filter(Boolean)).toHaveLength(1)
      const leases = await Promise.all(
        racers.map((index) => store.acquireLease(key('lease'), `o${index}`, 60_000)),
      )
      expect(leases.filter(Boolean)).toHaveLength(1)
      const counts = await Promise.all(racers.map(() => store.increment(key('count'), 60_000)))
      expect([...counts].sort((a, b) => a - b)).toEqual(racers.map((index) => index + 1))
      await Promise.all(racers.slice(0, 10).map(() => addOne(store, key('cas'))))
      expect(await store.get(key('cas'))).toEqual({ value: '10', version: 10 })
    })

    const processes = options.processes
    if (processes !== undefined)
      it('is atomic between processes: one winner per key across all of them, no lost count or update', async () => {
        const plan: RacePlan = { prefix: keys()(''), keys: 25, increments: 25, updates: 5 }
        const count = processes.count ?? 4
        const results = await raceInProcesses(processes, plan, count)
        for (let index = 0; index < plan.keys; index++) {
          expect(
            results.filter((result) => result.claimed.includes(index)),
            `claim ${index}`,
          ).toHaveLength(1)
          expect(
            results.filter((result) => result.leased.includes(index)),
            `lease ${index}`,
          ).toHaveLength(1)
        }
        const counts = results.flatMap((result) => result.counts).sort((a, b) => a - b)
        expect(counts).toEqual(Array.from({ length: count * plan.increments }, (_, index) => index + 1))
        const store = await open()
        const total = count * plan.updates
        expect(await store.get(`${plan.prefix}cas`)).toEqual({ value: String(total), version: total })
      }, 60_000)

    const unreachable = options.unreachable
    if (unreachable !== undefined)
      it('rejects with StoreUnavailableError when its backend cannot be reached, for every method', async () => {
        const store = await unreachable()
        const calls: Record<(typeof STATE_STORE_METHODS)[number], () => Promise<unknown>> = {
          claim: () => store.claim('contract:down', 1_000),
          release: () => store.release('contract:down'),
          get: () => store.get('contract:down'),
          compareAndSet: () => store.compareAndSet('contract:down', 0, 'x', 1_000),
          increment: () => store.increment('contract:down', 1_000),
          acquireLease: () => store.acquireLease('contract:down', 'a', 1_000),
          renewLease: () => store.renewLease('contract:down', 'a', 1_000),
          releaseLease: () => store.releaseLease('contract:down', 'a'),
        }
        try {
          for (const [method, call] of Object.entries(calls)) {
            const error = await call().then(
              (answer) => new Error(`${method} answered ${JSON.stringify(answer)}`),
              (error: unknown) => error,
            )
            expect(StoreUnavailableError.isInstance(error), `${method}: ${String(error)}`).toBe(true)
            expect((error as StoreUnavailableError).operation).toBe(method)
          }
        } finally {
          await options.close?.(store)
        }
      }, 30_000)
  })
}

/** Adds one to a number kept as a value, by compare-and-set: retried until no other write came between. */
async function addOne(store: StateStore, key: string): Promise<void> {
  for (;;) {
    const current = await store.get(key)
    const next = String(Number(current?.value ?? '0') + 1)
    if ((await store.compareAndSet(key, current?.version ?? 0, next, 60_000)) !== undefined) return
  }
}

interface RacePlan {
  readonly prefix: string
  readonly keys: number
  readonly increments: number
  readonly updates: number
}

interface RaceResult {
  readonly claimed: number[]
  readonly leased: number[]
  readonly counts: number[]
}

// Runs in each child: load the store, say ready, wait for "go" on stdin so all start at
// once, race on every key at the same time, print what it won, close.
const CHILD = `
const plan = JSON.parse(process.env.PAYMUX_CONTRACT_PLAN)
const owner = 'child-' + process.pid
const module = await import(process.env.PAYMUX_CONTRACT_MODULE)
const store = await module.createStore()
process.stdout.write('ready\\n')
await new Promise((resolve) => process.stdin.once('data', resolve))
const indexes = Array.from({ length: plan.keys }, (_, index) => index)
const addOne = async (store, key) => {
  for (;;) {
    const current = await store.get(key)
    const next = String(Number(current?.value ?? '0') + 1)
    if ((await store.compareAndSet(key, current?.version ?? 0, next, 60000)) !== undefined) return
  }
}
const [claims, leases, counts] = await Promise.all([
  Promise.all(indexes.map((index) => store.claim(plan.prefix + 'claim:' + index, 60000))),
  Promise.all(indexes.map((index) => store.acquireLease(plan.prefix + 'lease:' + index, owner, 60000))),
  Promise.all(Array.from({ length: plan.increments }, () => store.increment(plan.prefix + 'count', 60000))),
  Promise.all(Array.from({ length: plan.updates }, () => addOne(store, plan.prefix + 'cas'))),
])
process.stdout.write(JSON.stringify({
  claimed: indexes.filter((index) => claims[index]),
  leased: indexes.filter((index) => leases[index]),
  counts,
}) + '\\n')
await module.closeStore?.(store)
process.exit(0)
`

async function raceInProcesses(
  processes: NonNullable<StateStoreContractOptions['processes']>,
  plan: RacePlan,
  count: number,
): Promise<RaceResult[]> {
  const module =
    typeof processes.module === 'string' && !processes.module.startsWith('file:')
      ? new URL(`file://${processes.module}`).href
      : String(processes.module)
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, [...(processes.execArgv ?? []), '--input-type=module', '-e', CHILD], {
      env: {
        ...process.env,
        ...processes.env,
        PAYMUX_CONTRACT_MODULE: module,
        PAYMUX_CONTRACT_PLAN: JSON.stringify(plan),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  )
  try {
    const lines = children.map((child) => lineReader(child))
    await Promise.all(lines.map((next) => next()))
    for (const child of children) child.stdin?.write('go\n')
    const outputs = await Promise.all(lines.map((next) => next()))
    return outputs.map((line) => JSON.parse(line) as RaceResult)
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  }
}

/** Reads a child's stdout line by line; rejects with its stderr if it exits first. */
function lineReader(child: ChildProcess): () => Promise<string> {
  let buffered = ''
  let stderr = ''
  const waiting: ((line: string | Error) => void)[] = []
  const ready: (string | Error)[] = []
  const deliver = (item: string | Error) => {
    const waiter = waiting.shift()
    if (waiter === undefined) ready.push(item)
    else waiter(item)
  }
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk
    for (let end = buffered.indexOf('\n'); end !== -1; end = buffered.indexOf('\n')) {
      deliver(buffered.slice(0, end))
      buffered = buffered.slice(end + 1)
    }
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  child.on('exit', (code) => {
    const error = new Error(`a racing child process exited (${code}) early: ${stderr.slice(-2_000)}`)
    for (let index = 0; index < 2; index++) deliver(error)
  })
  return () =>
    new Promise((resolve, reject) => {
      const take = (item: string | Error) => (item instanceof Error ? reject(item) : resolve(item))
      const item = ready.shift()
      if (item === undefined) waiting.push(take)
      else take(item)
    })
}

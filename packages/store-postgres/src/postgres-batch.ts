import type { QueryFunction, QueryParameter } from './postgres-client.js'
import { type Row, rowsByKey } from './postgres-reply.js'
import { unavailable } from './postgres-runner.js'

/**
 * One kind of statement that answers many calls at once: the statements of
 * `storeStatements`, with how a caller's answer is read from its key's row.
 */
export interface BatchKind<Answer> {
  /** The `StateStore` method, named by `StoreUnavailableError`. */
  readonly operation: string
  /** The statement: one array parameter per value of a call, the keys first. */
  readonly text: string
  /** `true` for a statement that changes nothing (`get`): it may hold a key more than once, and runs beside other reads of it. */
  readonly readOnly?: boolean
  /** A caller's answer from its key's row (`undefined`: none came back); throws `ReplyShapeError` for a row it cannot read. */
  readonly answer: (row: Row | undefined) => Answer
}

/** A call's parameters: its stored key, then the rest in the statement's order. */
export type CallValues = readonly [key: string, ...rest: (string | number)[]]

/** Sends one call of `kind`, resolving its own answer. */
export type Send = <Answer>(kind: BatchKind<Answer>, values: CallValues) => Promise<Answer>

/** How calls are grouped into statements. */
export interface BatchSettings {
  /** `false`: every call is its own statement, sent at once. */
  readonly batch: boolean
  /** A kind's batch is sent at once when it holds this many calls. */
  readonly maxBatchSize: number
  /** When the calls gathered so far are sent: once this process has nothing left to do in this turn. */
  readonly schedule: (flush: () => void) => void
}

/** The default schedule: after this turn's I/O callbacks, so the calls they make join the batch. */
export const NEXT_TURN = (flush: () => void): void => {
  setImmediate(flush)
}

/** PostgreSQL's `deadlock_detected`: the statement was rolled back whole, so sending it again is safe. */
const DEADLOCK = '40P01'

interface Call {
  readonly values: CallValues
  readonly resolve: (answer: never) => void
  readonly reject: (error: unknown) => void
}

/**
 * The store's one way to send a call. Batched (the default), calls of one
 * kind made in the same turn go out as one statement, one round trip. A
 * write to a key called before an earlier call on that key has been
 * answered waits for that answer (a read waits for earlier writes only), so
 * no statement writes a key twice and the calls on a key take effect in the
 * order they were made, as if sent one after another.
 */
export function createSender(query: QueryFunction, settings: BatchSettings): Send {
  const sendBatch = batchSender(query)
  if (!settings.batch) {
    return (kind, values) => new Promise((resolve, reject) => sendBatch(kind, [{ values, resolve, reject }]))
  }
  const waiting = new Map<BatchKind<unknown>, Call[]>()
  let scheduled = false
  const flush = () => {
    scheduled = false
    const batches = [...waiting]
    waiting.clear()
    for (const [kind, calls] of batches) sendBatch(kind, calls)
  }
  const join = <Answer>(kind: BatchKind<Answer>, values: CallValues) =>
    new Promise<Answer>((resolve, reject) => {
      const calls = waiting.get(kind) ?? []
      if (calls.length === 0) waiting.set(kind, calls)
      calls.push({ values, resolve, reject })
      if (calls.length >= settings.maxBatchSize) {
        waiting.delete(kind)
        sendBatch(kind, calls)
      } else if (!scheduled) {
        scheduled = true
        settings.schedule(flush)
      }
    })
  const inKeyOrder = keyOrder()
  return (kind, values) => inKeyOrder(values[0], kind.readOnly === true, () => join(kind, values))
}

/** What a key's calls so far wait on: their writes, and all of them. */
interface KeyTail {
  /** Settles once the key's last write (and every call before it) has settled; `undefined`: none pending. */
  readonly writes: Promise<void> | undefined
  /** Settles once every call on the key so far has settled. */
  readonly all: Promise<void>
}

/**
 * Orders each key's calls as they were made: a write starts once every
 * earlier call on its key has settled, a read once every earlier write has.
 * Reads of one key made together run together (one statement may hold a
 * key several times for a read: it locks nothing). Calls on other keys do
 * not wait.
 */
function keyOrder() {
  const tails = new Map<string, KeyTail>()
  return <Answer>(key: string, readOnly: boolean, start: () => Promise<Answer>): Promise<Answer> => {
    const before = tails.get(key)
    const wait = readOnly ? before?.writes : before?.all
    const answer = wait === undefined ? start() : wait.then(start)
    const done = answer.then(ignore, ignore)
    const all = before === undefined || !readOnly ? done : Promise.all([before.all, done]).then(ignore)
    const tail: KeyTail = { writes: readOnly ? before?.writes : all, all }
    tails.set(key, tail)
    void all.then(() => {
      if (tails.get(key) === tail) tails.delete(key)
    })
    return answer
  }
}

function ignore(): void {}

/**
 * Sends one statement for `calls` (each key once, but for reads) and
 * settles each with its own answer; a failed statement, or a reply no answer can be read from,
 * rejects every call with `StoreUnavailableError` naming its operation.
 */
function batchSender(query: QueryFunction) {
  return (kind: BatchKind<unknown>, calls: Call[]): void => {
    // In key order, so that two instances' batches take their row locks in the same order.
    if (calls.length > 1)
      calls.sort((a, b) => (a.values[0] < b.values[0] ? -1 : a.values[0] > b.values[0] ? 1 : 0))
    const keys = calls.map((call) => call.values[0])
    queryAgainOnDeadlock(query, kind.text, columnsOf(calls))
      .then((rows) => rowsByKey(rows, keys))
      .then(
        (byKey) => {
          for (const call of calls) {
            try {
              call.resolve(kind.answer(byKey.get(call.values[0])) as never)
            } catch (error) {
              call.reject(unavailable(kind.operation, error))
            }
          }
        },
        (error: unknown) => {
          for (const call of calls) call.reject(unavailable(kind.operation, error))
        },
      )
  }
}

/** The calls' values as the statement's array parameters: one array per column, in the calls' order. */
function columnsOf(calls: readonly Call[]): QueryParameter[] {
  const width = calls[0]?.values.length ?? 0
  // Every call of a kind has the same columns, so `?? ''` never applies.
  return Array.from({ length: width }, (_, column) => calls.map((call) => call.values[column] ?? ''))
}

/**
 * Runs the statement, and once more if PostgreSQL chose it as a deadlock's
 * victim: batches lock rows in key order, but the planner may visit them
 * otherwise, and a rolled-back statement changed nothing.
 */
function queryAgainOnDeadlock(
  query: QueryFunction,
  text: string,
  columns: QueryParameter[],
): Promise<readonly unknown[]> {
  return query(text, columns).catch((error: unknown) => {
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined
    if (code === DEADLOCK) return query(text, columns)
    throw error
  })
}

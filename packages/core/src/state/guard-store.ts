import { StoreUnavailableError } from '../errors/store-unavailable-error.js'
import { STATE_STORE_METHODS, type StateStore, type StoredValue } from './state-store.js'

type Method = (typeof STATE_STORE_METHODS)[number]

/**
 * Each method's answer as the contract states it. A Redis `'OK'`, a row
 * count or `null` passed through as is would read as "taken" or "free":
 * anything else is refused rather than guessed at.
 */
const ANSWER_CHECKS: Record<Method, (answer: unknown) => boolean> = {
  claim: isBoolean,
  release: () => true,
  get: (answer) => answer === undefined || isStoredValue(answer),
  compareAndSet: (answer) => answer === undefined || isVersion(answer),
  increment: isVersion,
  acquireLease: isBoolean,
  renewLease: isBoolean,
  releaseLease: isBoolean,
}

/**
 * The store as the router uses it: every call bounded by `timeoutMs`, a
 * synchronous throw turned into a rejection, any failure turned into a
 * `StoreUnavailableError` naming the operation, and an answer of the wrong
 * shape refused (`store_invalid_answer`). The router's own memory store
 * needs none of it and is used as is.
 */
export function guardStore(store: StateStore, timeoutMs: number): StateStore {
  const name = typeof store.name === 'string' ? store.name : 'store'
  const call = async (method: Method, args: readonly unknown[]): Promise<unknown> => {
    let answer: unknown
    try {
      answer = await withTimeout(name, method, timeoutMs, () =>
        (store[method] as (...args: readonly unknown[]) => Promise<unknown>)(...args),
      )
    } catch (error) {
      if (StoreUnavailableError.isInstance(error)) throw error
      // No `cause`: a driver's error may carry the connection string, password included.
      throw new StoreUnavailableError({
        store: name,
        operation: method,
        message: `${name} store: ${method}() failed (${errorName(error)}).`,
      })
    }
    if (ANSWER_CHECKS[method](answer)) return answer
    throw new StoreUnavailableError({
      store: name,
      operation: method,
      code: 'store_invalid_answer',
      message: `${name} store: ${method}() answered ${describe(answer)}, which the state-store contract does not allow.`,
    })
  }
  const guarded = { name } as Record<string, unknown>
  for (const method of STATE_STORE_METHODS) guarded[method] = (...args: unknown[]) => call(method, args)
  return guarded as unknown as StateStore
}

function withTimeout<T>(
  store: string,
  operation: string,
  timeoutMs: number,
  run: () => Promise<T>,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(
        new StoreUnavailableError({
          store,
          operation,
          code: 'store_timeout',
          message: `${store} store: ${operation}() did not settle within ${timeoutMs} ms (storeTimeoutMs).`,
        }),
      )
    }, timeoutMs)
  })
  const settled = new Promise<T>((resolve) => resolve(run()))
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer))
}

function isBoolean(answer: unknown): boolean {
  return typeof answer === 'boolean'
}

function isVersion(answer: unknown): boolean {
  return Number.isSafeInteger(answer) && (answer as number) >= 1
}

function isStoredValue(answer: unknown): answer is StoredValue {
  if (typeof answer !== 'object' || answer === null) return false
  const { value, version } = answer as Partial<StoredValue>
  return typeof value === 'string' && isVersion(version)
}

/** An error's class name only: a driver's message may hold a connection string. */
function errorName(error: unknown): string {
  if (!(error instanceof Error)) return typeof error
  const code: unknown = (error as Error & { code?: unknown }).code
  return typeof code === 'string' ? `${error.name} ${code}` : error.name
}

function describe(answer: unknown): string {
  if (typeof answer === 'string')
    return JSON.stringify(answer.length > 40 ? `${answer.slice(0, 40)}…` : answer)
  if (answer === null || typeof answer !== 'object') return String(answer)
  return Array.isArray(answer) ? 'an array' : 'an object of another shape'
}

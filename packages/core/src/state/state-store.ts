/**
 * A value kept in a {@link StateStore}, with the version that
 * `compareAndSet` checks: 1 after the first write, one more after each.
 */
export interface StoredValue {
  readonly value: string
  readonly version: number
}

/**
 * Where the router keeps what several instances of your app must agree on:
 * which webhook events were handled, each gateway's health, the open
 * checkout of each order, and which payments were fulfilled. Every method is
 * one atomic step on the store's side, so two instances racing for one key
 * never both win.
 *
 * - `createMemoryStore()` (the default) keeps it in this process: enough
 *   for one instance, and nothing to set up.
 * - `createRedisStore({ client })` (`@paymux/store-redis`) and
 *   `createPostgresStore({ client })` (`@paymux/store-postgres`) share it
 *   between instances and serverless functions.
 *
 * Rules every implementation keeps (the contract suite in
 * `@paymux/core/testing`, `runStateStoreContract`, checks them):
 * - Times are whole milliseconds ≥ 1, measured by one clock for all
 *   instances (the server's, for a shared store). An expired key is absent.
 * - A key is used by one kind of operation: a claim, a value
 *   (`get`/`compareAndSet`), a counter or a lease. `release` removes any of them.
 * - A store that cannot answer rejects with `StoreUnavailableError`; it never
 *   answers `false`, `undefined` or `0` for a failure, which the router would
 *   read as "taken" or "not there".
 */
export interface StateStore {
  /** A short name for messages: `'memory'`, `'redis'`, `'postgres'`. */
  readonly name: string
  /** Claims `key` for `ttlMs` if nothing holds it: `true` if this call claimed it, `false` if it was held. */
  claim(key: string, ttlMs: number): Promise<boolean>
  /** Removes `key`, whatever it holds; removing an absent key does nothing. */
  release(key: string): Promise<void>
  /** The value under `key`, or `undefined` if there is none (or it expired). */
  get(key: string): Promise<StoredValue | undefined>
  /**
   * Writes `value` under `key`, to expire `ttlMs` from now, if its version
   * is still `expectedVersion` (`0`: only if there is no value). Resolves the
   * new version (`expectedVersion + 1`), or `undefined` when another write
   * came first: read it again and decide anew.
   */
  compareAndSet(
    key: string,
    expectedVersion: number,
    value: string,
    ttlMs: number,
  ): Promise<number | undefined>
  /**
   * Adds one to the counter under `key` and resolves the new count. A new
   * counter starts at 1 and lives `windowMs` from that first increment;
   * later increments do not extend it.
   */
  increment(key: string, windowMs: number): Promise<number>
  /**
   * Takes the lease `key` for `owner`, for `ttlMs`, if no other owner holds
   * it: `true` if `owner` holds it now (taking one's own lease again renews it).
   */
  acquireLease(key: string, owner: string, ttlMs: number): Promise<boolean>
  /** Extends `owner`'s lease to `ttlMs` from now: `false` if `owner` does not hold it (any more). */
  renewLease(key: string, owner: string, ttlMs: number): Promise<boolean>
  /** Ends `owner`'s lease: `false` if `owner` did not hold it, and then nothing changes. */
  releaseLease(key: string, owner: string): Promise<boolean>
}

/** The methods of {@link StateStore}, for checking that a value is one. */
export const STATE_STORE_METHODS = [
  'claim',
  'release',
  'get',
  'compareAndSet',
  'increment',
  'acquireLease',
  'renewLease',
  'releaseLease',
] as const satisfies readonly (keyof StateStore)[]

import { StoreUnavailableError } from '@paymux/core'
import { describeFailure, type QueryFunction, type QueryParameter } from './postgres-client.js'

/**
 * The error for `operation` when the database did not answer it: whatever
 * failed (the client's error, a reply of the wrong shape), described
 * without any URL and without keeping the client's error.
 */
export function unavailable(operation: string, error: unknown): StoreUnavailableError {
  return new StoreUnavailableError({
    store: 'postgres',
    operation,
    message: `postgres store: ${operation} failed: ${describeFailure(error)}`,
  })
}

/**
 * Runs one statement and reads its rows. Whatever fails here becomes
 * `StoreUnavailableError` naming the operation; bad input was refused
 * before, as `InvalidRequestError`.
 */
export function runner(query: QueryFunction) {
  return async <T>(
    operation: string,
    text: string,
    parameters: readonly QueryParameter[],
    read: (rows: readonly unknown[]) => T,
  ): Promise<T> => {
    try {
      return read(await query(text, parameters))
    } catch (error) {
      throw unavailable(operation, error)
    }
  }
}

import { StoreUnavailableError } from '@paymux/core'
import { describeFailure, type QueryFunction, type QueryParameter } from './postgres-client.js'

/**
 * Runs one statement and reads its rows. Whatever fails here (the client's
 * error, a reply of the wrong shape) becomes `StoreUnavailableError`
 * naming the operation; bad input was refused before, as `InvalidRequestError`.
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
      throw new StoreUnavailableError({
        store: 'postgres',
        operation,
        message: `postgres store: ${operation} failed: ${describeFailure(error)}`,
      })
    }
  }
}

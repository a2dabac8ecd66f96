import type * as Schemas from './faststar-schemas.js'

/** Everything in `faststar-schemas.ts`: the zod schemas and what is built from them. */
export type FastStarSchemas = typeof Schemas

let loading: Promise<FastStarSchemas> | undefined

/**
 * Loads the zod schemas on the first call and returns the same module after:
 * zod takes about 60 ms to import, so `@paymux/faststar` does not import it
 * until a call needs it (as core does with ky). Every call awaits this before
 * checking its input, so bad input is still refused before any request.
 */
export function loadFastStarSchemas(): Promise<FastStarSchemas> {
  loading ??= import('./faststar-schemas.js')
  return loading
}

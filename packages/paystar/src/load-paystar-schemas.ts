import type * as Schemas from './paystar-schemas.js'

/** The zod schemas and response handlers of the gateway, once loaded. */
export type PaystarSchemas = typeof Schemas

let loading: Promise<PaystarSchemas> | undefined

/**
 * Loads the gateway's zod schemas on first use and keeps them: importing
 * `@paymux/paystar` does not load zod, the first call that validates does.
 */
export function loadPaystarSchemas(): Promise<PaystarSchemas> {
  loading ??= import('./paystar-schemas.js')
  return loading
}

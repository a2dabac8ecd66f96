import type * as FastaarSchemaModule from './fastaar-schemas.js'

/** The gateway's zod schemas, as {@link loadFastaarSchemas} resolves them. */
export type FastaarSchemas = typeof FastaarSchemaModule

let schemas: Promise<FastaarSchemas> | undefined

/**
 * Imports the gateway's zod schemas, and so zod, on first use and once only
 * (as core loads ky on the first request): importing `@paymux/fastaar` stays
 * cheap. Every operation awaits it before it checks its input or sends.
 */
export function loadFastaarSchemas(): Promise<FastaarSchemas> {
  schemas ??= import('./fastaar-schemas.js')
  return schemas
}

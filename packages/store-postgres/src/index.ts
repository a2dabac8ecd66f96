export type { PgQueryClient, PostgresClient, PostgresJsClient, QueryParameter } from './postgres-client.js'
export { createPostgresStore, type PostgresStoreOptions } from './postgres-store.js'
export {
  type CreateTablesOptions,
  createTables,
  type DeleteExpiredOptions,
  deleteExpired,
} from './postgres-tables.js'

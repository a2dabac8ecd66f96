// biome-ignore-all lint/correctness/noUnusedVariables: the block compiled after this prelude uses them
// The pg Pool of the page's set-up block, on DATABASE_URL, with the table created.
import { createTables } from '@paymux/store-postgres'
import pg from 'pg'

// allowExitOnIdle: the fragment does not end the pool, and a run must finish.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, allowExitOnIdle: true })
pool.on('error', (error) => console.error('idle pg connection lost', error.message))
await createTables(pool)

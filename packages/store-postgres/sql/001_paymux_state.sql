-- paymux shared state (@paymux/store-postgres): one row per key.
-- The same as createTables() for the default table name; for another name,
-- call createTables(client, { table }) or replace "paymux_state" below.
-- Idempotent: running it again changes nothing.
--
-- Columns in use depend on the operation that wrote the row: a claim uses
-- none, a value `value` and `version`, a counter `count`, a lease `owner`.
-- A row whose expires_at has passed counts as absent; the next write to its
-- key overwrites it, and deleteExpired() (or the DELETE in the docs) removes
-- the rest on a schedule.

CREATE TABLE IF NOT EXISTS "paymux_state" (
  key text COLLATE "C" PRIMARY KEY,
  value text,
  version bigint,
  count bigint,
  owner text,
  expires_at timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS "paymux_state_expires_at" ON "paymux_state" (expires_at);

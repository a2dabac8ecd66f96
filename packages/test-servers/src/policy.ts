/**
 * Whether a missing server fails the run. In CI (`CI` set, as `.ci/run`
 * does) or with `PAYMUX_REQUIRE_SERVERS=1`, a suite whose server cannot be
 * started fails: it never skips. On a developer machine without the server,
 * the Postgres suites run on PGlite and the Redis suites say what to install.
 */
export const serversRequired: boolean =
  (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') ||
  process.env.PAYMUX_REQUIRE_SERVERS === '1'

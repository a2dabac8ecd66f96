// `@paymux/cli`: the `paymux` command, and what the demo's sandbox reuses.
export { type CliIo, CliUsageError } from './cli-io.js'
export { checkRawArgs, strictArgs } from './strict.js'

// `@paymux/cli`: the `paymux` command, and what the demo's sandbox reuses.
export { type CliIo, CliUsageError } from './cli-io.js'
export {
  type ControlClient,
  type ControlClientOptions,
  createControlClient,
  type EmulatorInfo,
  PROVIDERS,
  type Provider,
} from './control-client.js'
export { PAYMUX_CLI_VERSION, paymuxCommand } from './main.js'
export { runCli } from './run-cli.js'
export {
  EMULATOR_TEST_VALUES,
  isLoopback,
  type StartEmulatorsOptions,
  type StartedEmulators,
  startEmulators,
} from './start-emulators.js'
export { checkRawArgs, strictArgs } from './strict.js'

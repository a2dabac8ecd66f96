import { type CommandDef, defineCommand } from 'citty'
import packageJson from '../package.json' with { type: 'json' }
import type { CliIo } from './cli-io.js'
import { emulateCommand } from './commands/emulate.js'
import { type ExitCode, webhooksCommand } from './commands/webhooks.js'
import { strictArgs } from './strict.js'

/** The published version, as `paymux --version` prints it. */
export const PAYMUX_CLI_VERSION: string = packageJson.version

/** The `paymux` command tree, writing to `io`; leaf commands set `exit.code` when they fail without throwing. */
export function paymuxCommand(io: CliIo, exit: ExitCode = { code: 0 }): CommandDef {
  return defineCommand({
    meta: {
      name: 'paymux',
      version: PAYMUX_CLI_VERSION,
      description: 'Serve the paymux emulators and drive their signed webhooks',
    },
    plugins: [strictArgs],
    subCommands: { emulate: emulateCommand(io), webhooks: webhooksCommand(io, exit) },
  })
}

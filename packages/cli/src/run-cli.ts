import { type CommandDef, renderUsage, runCommand } from 'citty'
import { type CliIo, CliUsageError } from './cli-io.js'
import { PAYMUX_CLI_VERSION, paymuxCommand } from './main.js'

/**
 * Runs `paymux <rawArgs>` and resolves with the exit code: 0 done, 1 a failure (an unreachable
 * endpoint on replay, an emulator that went away), 2 bad usage or no running `paymux emulate`.
 * `emulate` and `forward` resolve when `io.signal` aborts.
 */
export async function runCli(rawArgs: readonly string[], io: CliIo): Promise<number> {
  const exit = { code: 0 }
  const main = paymuxCommand(io, exit)
  try {
    if (rawArgs.includes('--help') || rawArgs.includes('-h')) {
      const [command, parent] = await commandFor(main, rawArgs)
      io.out(await renderUsage(command, parent))
      return 0
    }
    if (rawArgs.length === 1 && (rawArgs[0] === '--version' || rawArgs[0] === '-v')) {
      io.out(PAYMUX_CLI_VERSION)
      return 0
    }
    await runCommand(main, { rawArgs: [...rawArgs] })
    return exit.code
  } catch (error) {
    if (error instanceof CliUsageError || isCittyError(error)) {
      io.err(`paymux: ${(error as Error).message}`)
      io.err(`Run \`paymux ${helpPath(rawArgs)}--help\` for usage.`)
      return 2
    }
    io.err(`paymux: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
}

/** citty's own refusals (unknown command, missing argument) carry name 'CLIError'. */
function isCittyError(error: unknown): boolean {
  return error instanceof Error && error.name === 'CLIError'
}

/** The sub-command `--help` is about (citty keeps its own resolver private). */
async function commandFor(main: CommandDef, rawArgs: readonly string[]): Promise<[CommandDef, CommandDef?]> {
  let command = main
  let parent: CommandDef | undefined
  for (const token of rawArgs) {
    if (token.startsWith('-')) continue
    const subCommands = (await command.subCommands) as Record<string, CommandDef> | undefined
    const next = subCommands?.[token]
    if (next === undefined) break
    parent = command
    command = next
  }
  return parent === undefined ? [command] : [command, parent]
}

function helpPath(rawArgs: readonly string[]): string {
  const [first, second] = rawArgs
  if (first === 'webhooks' && second !== undefined && !second.startsWith('-')) return `webhooks ${second} `
  if (first === 'emulate' || first === 'webhooks') return `${first} `
  return ''
}

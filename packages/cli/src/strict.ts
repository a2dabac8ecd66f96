import type { ArgsDef, CittyPlugin, CommandContext } from 'citty'
import { CliUsageError } from './cli-io.js'

// citty is lenient: `--port-bse 1` is accepted (the 1 becomes a positional) and `--to` without a value becomes
// ''. A typo must never silently change what a command does, so every command runs this check first.

/**
 * The citty plugin every paymux command carries: refuses options the command does not declare, more
 * positionals than it declares, and empty string values, each with a `CliUsageError` (exit 2).
 */
export const strictArgs: CittyPlugin = {
  name: 'paymux-strict',
  async setup(context: CommandContext) {
    const declared = await resolveArgs(context.cmd.args)
    const hasSubCommands = context.cmd.subCommands !== undefined
    checkRawArgs(context.rawArgs, declared, hasSubCommands)
  },
}

/** Checks one command's raw arguments against its declaration (exported for tests). */
export function checkRawArgs(rawArgs: readonly string[], declared: ArgsDef, hasSubCommands: boolean): void {
  const names = optionNames(declared)
  const positionalLimit = Object.values(declared).filter((def) => def.type === 'positional').length
  const positionals: string[] = []
  for (let index = 0; index < rawArgs.length; index += 1) {
    const token = rawArgs[index] ?? ''
    if (token === '--') {
      positionals.push(...rawArgs.slice(index + 1))
      break
    }
    if (!token.startsWith('-') || token === '-') {
      // A parent command stops at its sub-command's name: the rest is the sub-command's to check.
      if (hasSubCommands) return
      positionals.push(token)
      continue
    }
    index += checkOption(token, rawArgs[index + 1], names)
  }
  if (positionals.length > positionalLimit) {
    throw new CliUsageError(`Unexpected argument: ${positionals[positionalLimit]}`)
  }
}

interface OptionKinds {
  readonly strings: ReadonlySet<string>
  readonly booleans: ReadonlySet<string>
}

/** Returns how many following tokens the option consumed (its separate value). */
function checkOption(token: string, next: string | undefined, names: OptionKinds): number {
  const [flag = '', inlineValue] = splitOnce(token.replace(/^--?/, ''), '=')
  if (names.booleans.has(flag) || names.booleans.has(flag.replace(/^no-/, ''))) {
    if (inlineValue !== undefined && inlineValue !== 'true' && inlineValue !== 'false') {
      throw new CliUsageError(`--${flag} is a switch: give it no value`)
    }
    return 0
  }
  if (!names.strings.has(flag)) throw new CliUsageError(`Unknown option: ${token.split('=')[0]}`)
  const value = inlineValue ?? next
  if (value === undefined || value === '' || (inlineValue === undefined && value.startsWith('--'))) {
    throw new CliUsageError(`--${flag} needs a value`)
  }
  return inlineValue === undefined ? 1 : 0
}

function optionNames(declared: ArgsDef): OptionKinds {
  const strings = new Set<string>()
  const booleans = new Set<string>(['help', 'h'])
  for (const [name, def] of Object.entries(declared)) {
    if (def.type === 'positional') continue
    const alias = 'alias' in def ? def.alias : undefined
    const aliases = alias === undefined ? [] : Array.isArray(alias) ? alias : [alias]
    const target = def.type === 'boolean' ? booleans : strings
    for (const alias of [name, ...aliases]) target.add(alias)
  }
  return { strings, booleans }
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator)
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)]
}

async function resolveArgs(args: CommandContext['cmd']['args']): Promise<ArgsDef> {
  if (args === undefined) return {}
  return typeof args === 'function' ? await args() : await args
}

import type { ArgsDef } from 'citty'
import { CliUsageError } from './cli-io.js'
import { PROVIDERS, type Provider } from './control-client.js'

/** FastStar's port when neither `--port-base` nor `PORT_BASE` says otherwise. */
export const DEFAULT_PORT_BASE = 4010

/** `--port-base`, shared by every command. */
export const portBaseArg = {
  'port-base': {
    type: 'string',
    valueHint: 'N',
    description: `FastStar on N, Fastaar on N+1, Paystar on N+2 (env PORT_BASE; default ${DEFAULT_PORT_BASE})`,
  },
} as const satisfies ArgsDef

/** `--provider`, for the webhooks commands that may address one emulator. */
export const providerArg = {
  provider: { type: 'string', valueHint: PROVIDERS.join('|'), description: 'Only this emulator' },
} as const satisfies ArgsDef

/**
 * The port base from `--port-base`, else `PORT_BASE`, else 4010; `allowZero` lets `emulate` take 0
 * (a free block of three ports).
 */
export function portBaseOf(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  allowZero = false,
): number {
  const raw = flag ?? (env.PORT_BASE || undefined)
  if (raw === undefined) return DEFAULT_PORT_BASE
  const from = flag === undefined ? 'PORT_BASE' : '--port-base'
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  const min = allowZero ? 0 : 1
  if (!Number.isSafeInteger(value) || value < min || value > 65_533) {
    throw new CliUsageError(`${from} must be a port number (${min}–65533), got ${JSON.stringify(raw)}`)
  }
  return value
}

/** `--provider`, checked against the three names. */
export function providerOf(value: string | undefined): Provider | undefined {
  if (value === undefined) return undefined
  if ((PROVIDERS as readonly string[]).includes(value)) return value as Provider
  throw new CliUsageError(`--provider must be one of ${PROVIDERS.join(', ')}, got ${JSON.stringify(value)}`)
}

/** An http(s) URL option (`--to`, `--webhook-url`). */
export function httpUrlOf(value: string, from: string): string {
  if (URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)) return value
  throw new CliUsageError(`${from} must be an http(s) URL, got ${JSON.stringify(value)}`)
}

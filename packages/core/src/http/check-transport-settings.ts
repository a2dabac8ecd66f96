import { type FieldIssue, InvalidRequestError } from '../errors/invalid-request-error.js'
import { telemetryIssues } from '../telemetry/telemetry-settings.js'
import type { TransportSettings } from './transport.js'

/** The longest wait `setTimeout` (and so ky) supports. */
export const MAX_TIMEOUT_MS = 2_147_483_647

/** The rule a `timeoutMs` follows, for messages. */
export const TIMEOUT_RULE = `must be a positive number of milliseconds, at most ${MAX_TIMEOUT_MS}`

/** The default `maxResponseBytes`: 10 MiB, far above any documented answer. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024

const BACKOFF_KEYS = ['initialDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const
const DELAY_RULE = `must be a number of milliseconds from 0 to ${MAX_TIMEOUT_MS}`

/** Whether `ms` is a usable time limit. */
export function isValidTimeout(ms: unknown): boolean {
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 && ms <= MAX_TIMEOUT_MS
}

/**
 * Checks every setting of `createTransport` at construction, read as given
 * (callers in plain JavaScript pass anything): a `NaN`, a negative number or a
 * string never silently turns a limit off. Returns the base URL without its
 * trailing slashes, or throws one `InvalidRequestError` (`invalid_settings`)
 * naming every bad setting.
 */
export function checkTransportSettings(settings: TransportSettings): string {
  const issues: FieldIssue[] = []
  const given = settings as unknown as Readonly<Record<string, unknown>>
  const baseUrl = checkBaseUrl(given.baseUrl, issues)
  if (given.timeoutMs !== undefined && !isValidTimeout(given.timeoutMs)) {
    issues.push({ path: 'timeoutMs', message: `${TIMEOUT_RULE}, got ${show(given.timeoutMs)}` })
  }
  if (given.maxRetries !== undefined && !isWhole(given.maxRetries, 0)) {
    issues.push({ path: 'maxRetries', message: `must be a whole number ≥ 0, got ${show(given.maxRetries)}` })
  }
  checkBackoff(given.backoff, issues)
  if (given.maxResponseBytes !== undefined && !isWhole(given.maxResponseBytes, 1)) {
    issues.push({
      path: 'maxResponseBytes',
      message: `must be a whole number of bytes ≥ 1, got ${show(given.maxResponseBytes)}`,
    })
  }
  issues.push(...telemetryIssues(given.telemetry))
  if (issues.length > 0) {
    throw new InvalidRequestError({
      provider: settings.provider,
      message: `${settings.provider}: invalid client settings: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
      issues,
      code: 'invalid_settings',
    })
  }
  return baseUrl
}

function checkBaseUrl(value: unknown, issues: FieldIssue[]): string {
  const text = String(value)
  try {
    const parsed = new URL(text)
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new TypeError('not http(s)')
    return text.replace(/\/+$/, '')
  } catch {
    issues.push({ path: 'baseUrl', message: `must be an absolute http(s) URL, got "${text}"` })
    return text
  }
}

function checkBackoff(backoff: unknown, issues: FieldIssue[]): void {
  if (backoff === undefined) return
  if (typeof backoff !== 'object' || backoff === null || Array.isArray(backoff)) {
    issues.push({
      path: 'backoff',
      message: `must be an object such as { initialDelayMs: 500, maxDelayMs: 8000 }, got ${show(backoff)}`,
    })
    return
  }
  const given = backoff as Readonly<Record<string, unknown>>
  for (const key of Object.keys(given)) {
    if (!(BACKOFF_KEYS as readonly string[]).includes(key)) {
      issues.push({
        path: `backoff.${key}`,
        message: `is not a backoff setting (known: ${BACKOFF_KEYS.join(', ')})`,
      })
    }
  }
  for (const key of BACKOFF_KEYS) {
    const value = given[key]
    if (value === undefined) continue
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_TIMEOUT_MS) {
      issues.push({ path: `backoff.${key}`, message: `${DELAY_RULE}, got ${show(value)}` })
    }
  }
}

function isWhole(value: unknown, min: number): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}

import { randomBytes } from 'node:crypto'
import type { EmulatorClock } from '@paymux/core/emulator'
import type { EmulatedMerchant, FastStarEmulatorState } from './emulator-records.js'

/** What the emulator's route handlers share. */
export interface EmulatorContext {
  readonly state: FastStarEmulatorState
  readonly clock: EmulatorClock
  readonly merchants: ReadonlyMap<string, EmulatedMerchant>
  /** How long a checkout session stays open, in ms. */
  readonly sessionTtlMs: number
  /** Origin of the hosted checkout pages; `undefined` uses the request's own origin. */
  readonly checkoutOrigin: string | undefined
  readonly webhookSecret: string
  /** Pauses before each retry of a failed subscription renewal; when they run out, the subscription is canceled. */
  readonly renewalRetryDelaysMs: readonly number[]
  /**
   * No open session expires before this (epoch ms; a lower bound, `Infinity` when none is open):
   * lets the check that runs before every request skip the scan of all sessions.
   */
  nextSessionExpiry: number
  /** Charges still to answer with 402 whatever the card (the SCA switch). */
  authenticationSwitch: number
  /** Sends a signed event to the webhook endpoint, if one is configured. */
  emit(type: string, data: Record<string, unknown>): void
}

/** A new id with FastStar's prefix (`cs_`, `cus_`, `pm_`, …). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(10).toString('hex')}`
}

/** `{ success: true, message, data }`. */
export function ok(data: unknown, message = 'OK', status = 200): Response {
  return Response.json({ success: true, message, data }, { status })
}

/** `{ success: false, message }` with an HTTP status, as the API reference shows. */
export function fail(status: number, message: string): Response {
  return Response.json({ success: false, message }, { status })
}

/** Thrown inside a route to answer with a documented failure. */
export class EmulatorFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/** Reads a JSON object body, or throws a 400. */
export async function readJson(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text()
  if (text.trim() === '') return {}
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new EmulatorFailure(400, 'Request body must be valid JSON')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new EmulatorFailure(400, 'Request body must be a JSON object')
  return body as Record<string, unknown>
}

/** The minor-unit exponent of a currency, from Intl (no table shared with the client). */
export function currencyExponent(currency: string): number | undefined {
  if (!/^[A-Z]{3}$/.test(currency)) return undefined
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits
  } catch {
    return undefined
  }
}

/** `1079` USD → `"USD 10.79"`, by string arithmetic. */
export function formatAmount(amount: number, currency: string): string {
  const exponent = currencyExponent(currency) ?? 2
  const digits = String(amount).padStart(exponent + 1, '0')
  const whole = digits.slice(0, digits.length - exponent)
  return exponent === 0 ? `${currency} ${whole}` : `${currency} ${whole}.${digits.slice(-exponent)}`
}

/** Field checks that answer 400 with a message naming the field. */
export const check = {
  string(body: Record<string, unknown>, field: string, required: boolean): string | undefined {
    const value = body[field]
    if (value === undefined || value === null) {
      if (required) throw new EmulatorFailure(400, `Missing required field: ${field}`)
      return undefined
    }
    if (typeof value !== 'string' || value === '')
      throw new EmulatorFailure(400, `Invalid field: ${field} must be a non-empty string`)
    return value
  },
  integer(body: Record<string, unknown>, field: string, min: number, required: boolean): number | undefined {
    const value = body[field]
    if (value === undefined || value === null) {
      if (required) throw new EmulatorFailure(400, `Missing required field: ${field}`)
      return undefined
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
      throw new EmulatorFailure(400, `Invalid field: ${field} must be an integer ≥ ${min}`)
    return value
  },
  currency(body: Record<string, unknown>, field: string, required: boolean): string | undefined {
    const value = check.string(body, field, required)
    if (value !== undefined && currencyExponent(value) === undefined)
      throw new EmulatorFailure(400, `Invalid field: ${field} must be an upper-case ISO 4217 code`)
    return value
  },
  url(body: Record<string, unknown>, field: string): string {
    const value = check.string(body, field, true) as string
    if (!/^https?:\/\/[^\s]+$/.test(value))
      throw new EmulatorFailure(400, `Invalid field: ${field} must be a URL`)
    return value
  },
}

import type { ParsePayload } from 'zod/v4/core'
import { SHIPPED_PROVIDER_IDS } from '../model/ref.js'
import { closestName, unknownKeyMessage } from './closest-name.js'

// Zod `.check()` functions. Both zod and zod/mini schemas take them
// (`schema.check(fn)`); zod is never imported at runtime here.

/**
 * Turns a rule (`value → why it is wrong`, or undefined) into a zod
 * `.check()`, so a rule written once in core reads the same at every
 * gateway: `z.string().check(checkWith(httpUrlProblem))`.
 */
export function checkWith<T>(problem: (value: T) => string | undefined) {
  return (payload: ParsePayload<T>): void => {
    const message = problem(payload.value)
    // `continue: true`, as zod's own format checks do: the object's other rules still run and report.
    if (message !== undefined)
      payload.issues.push({ code: 'custom', message, input: payload.value, continue: true })
  }
}

/** Reports one problem of a value a rule checks: at `path` under it (`[]` for the value itself). */
export type ReportIssue = (path: readonly PropertyKey[], message: string) => void

/**
 * Turns a cross-field rule into a zod `.check()`. The rule sees the value the
 * schema already accepted, typed, and calls `report(path, message)` once per
 * problem; every problem is an issue at its own path. This is how a gateway
 * refines a neutral schema from `@paymux/core/schemas`:
 *
 * ```ts
 * sessionInputSchema({ provider: 'acme' }).check(
 *   inputRule((input, report) => {
 *     if (input.successUrl === undefined) report(['successUrl'], 'is required by Acme')
 *   }),
 * )
 * ```
 */
export function inputRule<T>(rule: (value: T, report: ReportIssue) => void) {
  return (payload: ParsePayload<T>): void => {
    rule(payload.value, (path, message) => {
      payload.issues.push({ code: 'custom', message, input: payload.value, path: [...path], continue: true })
    })
  }
}

/**
 * A zod `.check()` for `providerOptions`. Its keys are gateway ids, and one
 * input may carry options for every gateway a router tries, so keys of other
 * gateways (any id, including ones paymux does not ship) are allowed. A key
 * that is not a paymux gateway id but one edit or a case change away from
 * one (`fastsatr`, `PayStar`) is refused with a suggestion, so misspelt
 * options are never dropped in silence. One edit only: another gateway's id
 * (`fastpay`) may well be two edits from one of ours.
 */
export function refuseMisspeltGatewayKeys(payload: ParsePayload<Readonly<Record<string, unknown>>>): void {
  const ids: readonly string[] = SHIPPED_PROVIDER_IDS
  for (const key of Object.keys(payload.value)) {
    if (ids.includes(key) || closestName(key, ids, 1) === undefined) continue
    payload.issues.push({
      code: 'custom',
      path: [key],
      message: unknownKeyMessage(key, ids),
      input: payload.value[key],
    })
  }
}

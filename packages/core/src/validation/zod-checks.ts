import type * as z from 'zod'
import { SHIPPED_PROVIDER_IDS } from '../model/ref.js'
import { closestName, unknownKeyMessage } from './closest-name.js'

/**
 * Turns a rule (`value → why it is wrong`, or undefined) into a zod
 * `.check()`, so a rule written once in core reads the same at every
 * gateway: `z.string().check(checkWith(httpUrlProblem))`. Zod is never
 * imported at runtime here.
 */
export function checkWith<T>(problem: (value: T) => string | undefined) {
  return (payload: z.core.ParsePayload<T>): void => {
    const message = problem(payload.value)
    // `continue: true`, as zod's own format checks do: the object's other rules still run and report.
    if (message !== undefined)
      payload.issues.push({ code: 'custom', message, input: payload.value, continue: true })
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
export function refuseMisspeltGatewayKeys(
  payload: z.core.ParsePayload<Readonly<Record<string, unknown>>>,
): void {
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

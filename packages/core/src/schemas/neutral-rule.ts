import type { ParsePayload } from 'zod/v4/core'
import type { ReportIssue } from '../validation/zod-checks.js'

/**
 * Like `inputRule`, for core's own cross-field rules: its issues stop the
 * checks chained after it, so a gateway's refinement only ever sees an input
 * that holds every neutral invariant (one of amount or lineItems, one
 * currency, an exact total). The rule itself reports all it finds.
 */
export function neutralRule<T>(rule: (value: T, report: ReportIssue) => void) {
  return (payload: ParsePayload<T>): void => {
    rule(payload.value, (path, message) => {
      payload.issues.push({ code: 'custom', message, input: payload.value, path: [...path], continue: false })
    })
  }
}

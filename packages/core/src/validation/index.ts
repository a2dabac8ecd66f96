// Input rules shared by every gateway adapter. They are exported from the
// package root for now; they move to `@paymux/core/adapter-kit` with the other
// adapter helpers. None of them imports zod at runtime: they take zod or
// zod/mini schemas and call only their own methods.

export { closestName, showKey, unknownKeyMessage } from './closest-name.js'
export { describeIssues, toFieldIssues } from './field-issues.js'
export { issueMessage } from './issue-message.js'
export { knownKeysAt } from './known-keys.js'
export {
  type CheckedValue,
  type InputContext,
  invalidField,
  parseInput,
  safeParseWithMessages,
} from './parse-input.js'
export { type NeutralInputContext, parseNeutralInput } from './parse-neutral-input.js'
export { checkPathId, ownId, ownPathSegment, pathIdProblem, pathSegment } from './path-id.js'
export { httpUrlProblem, unsafeTextProblem } from './text-rules.js'
export { refuseUnsupportedFields, UNSUPPORTED_FIELD } from './unsupported-fields.js'
export { checkWith, inputRule, type ReportIssue, refuseMisspeltGatewayKeys } from './zod-checks.js'

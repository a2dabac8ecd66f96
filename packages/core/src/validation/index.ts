// Input rules shared by every gateway adapter. They are exported from the
// package root for now; they move to `@paymux/core/adapter-kit` with the other
// adapter helpers. None of them imports zod at runtime.

export { closestName, showKey, unknownKeyMessage } from './closest-name.js'
export { knownKeysAt } from './known-keys.js'
export { type InputContext, invalidField, parseInput } from './parse-input.js'
export { checkPathId, ownId, ownPathSegment, pathIdProblem, pathSegment } from './path-id.js'
export { httpUrlProblem, unsafeTextProblem } from './text-rules.js'
export { checkWith, refuseMisspeltGatewayKeys } from './zod-checks.js'

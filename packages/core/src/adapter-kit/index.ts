// @paymux/core/adapter-kit: what an adapter author uses to write a gateway.
// An application imports '@paymux/core' (the model, money, errors, router and
// webhook handler); a gateway package imports this toolkit as well. A gateway
// is an endpoint table plus mappers: see docs/contributing.md.

// The errors, money and refs an adapter builds its answers with, beside their construction: a
// gateway imports its runtime values from here alone, so loading it never loads the router.
export * from '../errors/index.js'
export * from '../http/index.js'
export { TERMINAL_PAYMENT_STATUSES } from '../model/payment.js'
export { toRef } from '../model/ref.js'
export * from '../money/index.js'
export { isRecord } from '../shared/is-record.js'
export * from '../validation/index.js'
export * from '../webhooks/index.js'
export { type AnswerOptions, answerHandler } from './answers.js'
export {
  COMMON_SETTING_KEYS,
  type CommonGatewaySettings,
  transportSettingsOf,
} from './common-settings.js'
export { defineGateway, type GatewayParts, operationsOf, SPECIFICATION_VERSION } from './define-gateway.js'
export {
  defineEndpoints,
  type Endpoint,
  type EndpointArgs,
  type EndpointSchemas,
  type EndpointTable,
  goneMeansDone,
  type PathParams,
  type Recovery,
  type RecoveryContext,
  type RetryRule,
  renderRetryTable,
  retryPolicyOf,
} from './endpoints.js'
export { type GatewayClockSettings, gatewayClock } from './gateway-clock.js'
export { lazy } from './lazy.js'
export {
  createNativeClient,
  type NativeAnswer,
  type NativeArgs,
  type NativeClient,
  type NativeClientOptions,
  type NativeFunction,
} from './native-client.js'
export { type NeutralPipeline, neutralPipeline, type PipelineOptions } from './pipeline.js'
export { sealed } from './sealed.js'
export { expectedType, invalidSettings, unknownKeyIssues } from './settings-issues.js'

// @paymux/core/adapter-kit: what an adapter author uses to write a gateway.
// An application imports '@paymux/core' (the model, money, errors, router and
// webhook handler); a gateway package imports this toolkit as well. A gateway
// is an endpoint table plus mappers: see docs/contributing.md.

export {
  type CreateErrorInput,
  createError,
  type ErrorKind,
  errorKindForStatus,
} from '../errors/create-error.js'
export { hasMarker, type PaymentErrorOptions } from '../errors/payment-error.js'
export * from '../http/index.js'
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

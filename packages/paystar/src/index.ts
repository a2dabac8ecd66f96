// The public surface of @paymux/paystar, listed on purpose.
export {
  MANAGEMENT_SESSION_LIFETIME_MS,
  toAccountManagementRequest,
  toCustomerManagementRequest,
  toManagementSession,
  toPaystarClientUser,
} from './map-paystar-management.js'
export {
  PAYMENT_SESSION_LIFETIME_MS,
  type PaystarAccountMode,
  paystarAccountMode,
  toPaymentSession,
  toPaystarClientAccount,
  toPaystarPaymentRequest,
  toSessionStatus,
} from './map-paystar-session.js'
export { toPaystarWebhookEvent } from './map-paystar-webhook.js'
export type {
  PaystarAccountManagementRequest,
  PaystarChannel,
  PaystarCharge,
  PaystarClientAccount,
  PaystarClientUser,
  PaystarCustomerManagementRequest,
  PaystarEnvelope,
  PaystarInitiatePaymentRequest,
  PaystarManagementSessionData,
  PaystarPaymentPayload,
  PaystarPaymentSessionData,
  PaystarWebhookDelivery,
} from './paystar-api.js'
export { PAYSTAR_ENDPOINTS, type PaystarEndpointName, type PaystarNativeClient } from './paystar-endpoints.js'
export {
  PAYSTAR_ENVIRONMENTS,
  type PaystarEnvironment,
  type PaystarEnvironmentUrls,
} from './paystar-environments.js'
export { type PaystarErrorTexts, readPaystarErrors } from './paystar-errors.js'
export {
  createPaystar,
  PAYSTAR_CAPABILITIES,
  type PaystarExtra,
  type PaystarGateway,
} from './paystar-gateway.js'
export { PAYSTAR_MAX_CHARGES } from './paystar-limits.js'
export type { PaystarManageFacet } from './paystar-manage.js'
export type { PaystarManagementKind, PaystarManagementSession } from './paystar-management-session.js'
export type {
  PaystarAccountInput,
  PaystarAccountManagementInput,
  PaystarCustomerManagementInput,
  PaystarManagedCustomer,
  PaystarSessionOptions,
} from './paystar-schemas.js'
export {
  DEFAULT_SESSION_STATUSES,
  type PaystarSettings,
  type PaystarWebhookOptions,
  type ResolvedPaystarSettings,
  resolvePaystarSettings,
} from './paystar-settings.js'
export {
  DEFAULT_WEBHOOK_SECRET_HEADER,
  DEFAULT_WEBHOOK_SECRET_QUERY_PARAMETER,
  type PaystarWebhookRequest,
  type PaystarWebhooksFacet,
} from './paystar-webhooks.js'

// @paymux/core/adapter-kit: what an adapter author uses to write a gateway.
// An application imports '@paymux/core' (the model, money, errors, router and
// webhook handler); a gateway package imports this toolkit as well.

export { type CreateErrorInput, createError, type ErrorKind, errorKindForStatus } from '../errors/create-error.js'
export { hasMarker } from '../errors/payment-error.js'
export * from '../http/index.js'
export * from '../validation/index.js'
export {
  computeSignature,
  type GenerateTestHeaderOptions,
  generateTestHeader,
  type ParsedSignatureHeader,
  parseSignatureHeader,
  type RawBody,
  type VerifySignatureOptions,
  verifySignature,
} from '../webhooks/hmac-signature.js'
export { readHeader } from '../webhooks/read-header.js'
export { timingSafeEqual } from '../webhooks/secure-compare.js'

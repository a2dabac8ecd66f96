export {
  computeSignature,
  type GenerateTestHeaderOptions,
  generateTestHeader,
  type ParsedSignatureHeader,
  parseSignatureHeader,
  type RawBody,
  type VerifySignatureOptions,
  verifySignature,
} from './hmac-signature.js'
export { type HeaderBag, readHeader } from './read-header.js'
export { timingSafeEqual } from './secure-compare.js'

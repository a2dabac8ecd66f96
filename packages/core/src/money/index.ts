export { ISO_4217_EXPONENTS } from './iso-4217.js'
export {
  assertMoney,
  currencyExponent,
  fromMajorUnits,
  isCurrencyCode,
  type MoneyErrorOptions,
  money,
  toMajorNumber,
  toMajorUnits,
} from './money.js'

export { ISO_4217_EXPONENTS } from './iso-4217.js'
export {
  assertMoney,
  currencyExponent,
  fromMajorUnits,
  isCurrencyCode,
  lineTotalOverflow,
  type MoneyErrorOptions,
  money,
  type TotalLine,
  type TotalOverflow,
  toMajorNumber,
  toMajorUnits,
} from './money.js'

import { type FieldIssue, InvalidRequestError } from '../errors/index.js'
import type { Money } from '../model/money.js'
import { showKey, unknownKeyMessage } from '../validation/closest-name.js'
import { ISO_4217_EXPONENTS } from './iso-4217.js'

/** How a money helper labels the errors it throws. */
export interface MoneyErrorOptions {
  /** The provider named on the error; `'paymux'` (a local failure) by default. */
  provider?: string | undefined
  /** The dotted path of the value in the caller's input (`amount`, `lineItems.0.unitAmount`). */
  field?: string | undefined
}

const DEFAULT_PROVIDER = 'paymux'
const MONEY_KEYS = ['amount', 'currency']

// The minor unit's name for the currencies paymux's gateways take, so a message can say
// "poisha" to someone paying in taka. Any other code is described as "minor units".
const MINOR_UNIT_NAMES: Readonly<Record<string, string>> = {
  AUD: 'cents',
  BDT: 'poisha',
  CAD: 'cents',
  EUR: 'cents',
  GBP: 'pence',
  INR: 'paise',
  KWD: 'fils',
  USD: 'cents',
}
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
// Longer digit strings are too large anyway; checking the length first keeps BigInt off huge inputs.
const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER).length
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/
const EXPONENT_FORM = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/

/** True when `code` is an upper-case ISO 4217 code in {@link ISO_4217_EXPONENTS}. */
export function isCurrencyCode(code: unknown): code is string {
  return typeof code === 'string' && Object.hasOwn(ISO_4217_EXPONENTS, code)
}

/**
 * The minor-unit exponent of `currency` (USD 2, JPY 0, KWD 3). Throws an
 * {@link InvalidRequestError} naming `options.field` (default `currency`) for
 * anything that is not an upper-case active ISO 4217 code.
 */
export function currencyExponent(currency: string, options?: MoneyErrorOptions): number {
  const problem = currencyProblem(currency)
  if (problem !== undefined) {
    throw invalid(options, [{ path: options?.field ?? 'currency', message: problem }])
  }
  return ISO_4217_EXPONENTS[currency] as number
}

/**
 * Asserts that `value` is a {@link Money}: an object whose `amount` is a safe
 * integer of minor units (non-negative unless `allowNegative`) and whose
 * `currency` is an upper-case active ISO 4217 code. The thrown
 * {@link InvalidRequestError} lists every bad part under `options.field`
 * (default `amount`): `amount.amount`, `amount.currency`.
 */
export function assertMoney(
  value: unknown,
  options?: MoneyErrorOptions & { allowNegative?: boolean | undefined },
): asserts value is Money {
  const issues = moneyIssues(value, options?.field ?? 'amount', options?.allowNegative ?? false)
  if (issues.length > 0) throw invalid(options, issues)
}

/**
 * A validated, frozen {@link Money}: `amount` in minor units (a non-negative
 * safe integer), `currency` an upper-case ISO 4217 code. `money(50050, 'BDT')`
 * is ৳500.50. Errors name the fields `amount` and `currency`.
 */
export function money(amount: number, currency: string): Money {
  const issues = moneyIssues({ amount, currency }, undefined, false)
  if (issues.length > 0) throw invalid(undefined, issues)
  // Normalised so Object.is and deep-equality checks see a single zero.
  return Object.freeze({ amount: amount === 0 ? 0 : amount, currency })
}

/**
 * The exact decimal string of `money` in major units, with exactly as many
 * fraction digits as the currency's exponent: 50050 BDT → `"500.50"`,
 * 1 JPY → `"1"`, 1234 KWD → `"1.234"`, 5 USD → `"0.05"`, -500 USD → `"-5.00"`.
 * Validates first (negative amounts allowed), naming `options.field`
 * (default `amount`) on error.
 */
export function toMajorUnits(money: Money, options?: MoneyErrorOptions): string {
  assertMoney(money, { ...options, allowNegative: true })
  return formatMinor(money.amount, ISO_4217_EXPONENTS[money.currency] as number)
}

/**
 * The closest JavaScript number to `money` in major units, for UIs and APIs
 * that want a JSON number: `Number(toMajorUnits(money))`. Not exact for every
 * amount (a double cannot hold every decimal); use {@link toMajorUnits} for
 * anything that is stored, compared or summed.
 */
export function toMajorNumber(money: Money, options?: MoneyErrorOptions): number {
  return Number(toMajorUnits(money, options))
}

/**
 * Parses an amount in major units into {@link Money}, exactly:
 * `"500.50"`, `"500.5"`, `"500"`, `500`, `500.5` BDT → 50050; `"1.234"` KWD → 1234.
 *
 * Strings must be plain decimals: digits, optionally a `.` and more digits,
 * with a leading `-` only when `allowNegative`. Rejected: empty or blank
 * strings, surrounding whitespace, `+`, exponents (`1e3`), separators
 * (`1,000.00`), a missing integer digit (`.5`), and more fraction digits than
 * the currency has unless the extra ones are zeros (`"500.500"` BDT is fine,
 * `"500.005"` is not).
 *
 * Numbers go through their shortest round-trip string (`String(n)`); exponent
 * forms such as `1e-7` or `1e21` are expanded exactly and then judged like any
 * other decimal. So a number is accepted only when the decimal it stands for
 * fits the currency: `0.1 + 0.2` (`0.30000000000000004`) is rejected, never
 * rounded. NaN and ±Infinity are rejected, and so is any result beyond
 * `Number.MAX_SAFE_INTEGER` minor units.
 *
 * Amount errors name `options.field` (default `amount`); currency errors name
 * `options.currencyField`, by default the `currency` sibling of `field`
 * (`amount` → `currency`, `order.total` → `order.currency`).
 */
export function fromMajorUnits(
  value: string | number,
  currency: string,
  options?: MoneyErrorOptions & {
    allowNegative?: boolean | undefined
    currencyField?: string | undefined
  },
): Money {
  const field = options?.field ?? 'amount'
  const exponent = currencyExponent(currency, {
    provider: options?.provider,
    field: options?.currencyField ?? siblingPath(field, 'currency'),
  })
  const fail = (message: string): InvalidRequestError => invalid(options, [{ path: field, message }])

  let text: string
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw fail(`must be a finite number of ${currency}, got ${describe(value)}`)
    text = expandExponent(String(value))
  } else if (typeof value === 'string') {
    const problem = decimalSyntaxProblem(value)
    if (problem !== undefined) throw fail(`${problem}, got ${describe(value)}`)
    text = value
  } else {
    throw fail(`must be a decimal string or a number of ${currency}, got ${describe(value)}`)
  }

  const match = DECIMAL.exec(text)
  if (match === null) throw fail(`must be a plain decimal like "500.50", got ${describe(value)}`)
  const [, sign = '', whole = '', fraction = ''] = match
  if (sign === '-' && options?.allowNegative !== true) {
    throw fail(`must not be negative, got ${describe(value)}`)
  }
  if (fraction.length > exponent && !/^0*$/.test(fraction.slice(exponent))) {
    throw fail(
      `${describe(value)} has more decimal places than ${currency} allows: ${currency} has ${places(exponent)}`,
    )
  }

  const minorDigits = (whole + fraction.slice(0, exponent).padEnd(exponent, '0')).replace(/^0+(?=\d)/, '')
  if (minorDigits.length > MAX_SAFE_DIGITS || BigInt(minorDigits) > MAX_SAFE) {
    throw fail(
      `${describe(value)} is too large: at most ${formatMinor(Number.MAX_SAFE_INTEGER, exponent)} ${currency}`,
    )
  }
  const magnitude = Number(minorDigits)
  return Object.freeze({ amount: sign === '-' && magnitude !== 0 ? -magnitude : magnitude, currency })
}

/** One line of an order for {@link lineTotalOverflow}: a unit amount in minor units and how many. */
export interface TotalLine {
  readonly amount: number
  /** @default 1 */
  readonly quantity?: number | undefined
}

/** Where a total stops being exact: the line at `index`, or the sum when `index` is undefined. */
export interface TotalOverflow {
  readonly index?: number
  readonly message: string
}

/**
 * Checks that the total of `lines` (each `amount × quantity`, then their sum,
 * in minor units) can be computed exactly: every step must stay within
 * `Number.MAX_SAFE_INTEGER`. Returns where it first does not (a line's own
 * total, or the sum), or undefined when the total is exact. Amounts and
 * quantities must already be non-negative safe integers.
 */
export function lineTotalOverflow(lines: readonly TotalLine[]): TotalOverflow | undefined {
  const limit = `more than ${Number.MAX_SAFE_INTEGER} minor units, too large to compute exactly`
  let total = 0
  for (const [index, line] of lines.entries()) {
    // A product or sum of safe integers is exact when the result is safe, and unsafe otherwise.
    const lineTotal = line.amount * (line.quantity ?? 1)
    if (!Number.isSafeInteger(lineTotal)) return { index, message: `amount × quantity is ${limit}` }
    total += lineTotal
    if (!Number.isSafeInteger(total)) return { message: `the line items add up to ${limit}` }
  }
  return undefined
}

/**
 * Why `value` is not a Money amount (a safe integer of minor units,
 * non-negative unless `allowNegative`), or undefined when it is one. With a
 * valid `currency` the message names its minor unit (`BDT minor units
 * (poisha)`, `JPY (JPY has no minor unit)`) and, for a fraction or a decimal
 * string, hints at `fromMajorUnits`. Shared with the zod schemas so both say
 * the same thing.
 * @internal
 */
export function amountProblem(
  value: unknown,
  allowNegative: boolean,
  currency?: unknown,
): string | undefined {
  const unit = minorUnitPhrase(currency)
  if (value === undefined) return `is required: an integer number of ${unit}`
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return `must be an integer number of ${unit}, got ${describe(value)}${majorUnitsHint(value, currency)}`
  }
  if (!Number.isSafeInteger(value)) {
    return `must be at most ${Number.MAX_SAFE_INTEGER} minor units in size (a safe integer), got ${describe(value)}`
  }
  if (value < 0 && !allowNegative) return `must not be negative, got ${describe(value)}`
  return undefined
}

/**
 * What one minor unit of `currency` is called in messages: `BDT minor units
 * (poisha)`, `USD minor units (cents)`, `JPY (JPY has no minor unit)`,
 * `CHF minor units`; plain `minor units` for anything that is not a code.
 */
function minorUnitPhrase(currency: unknown): string {
  if (!isCurrencyCode(currency)) return 'minor units'
  if (ISO_4217_EXPONENTS[currency] === 0) return `${currency} (${currency} has no minor unit)`
  const name = Object.hasOwn(MINOR_UNIT_NAMES, currency) ? MINOR_UNIT_NAMES[currency] : undefined
  return name === undefined ? `${currency} minor units` : `${currency} minor units (${name})`
}

// A fraction like 500.5 BDT is most often an amount in major units: say how to convert it.
function majorUnitsHint(value: unknown, currency: unknown): string {
  if (!isCurrencyCode(currency) || ISO_4217_EXPONENTS[currency] === 0) return ''
  const text =
    typeof value === 'number' && Number.isFinite(value)
      ? String(value)
      : typeof value === 'string'
        ? value
        : ''
  if (!DECIMAL.test(text) || text.length > 40) return ''
  return `: for an amount in major units, use fromMajorUnits('${text}', '${currency}')`
}

/**
 * Why `value` is not an upper-case active ISO 4217 code, or undefined when it
 * is one; hints at the right spelling when only the case is wrong.
 * @internal
 */
export function currencyProblem(value: unknown): string | undefined {
  if (value === undefined) return 'is required: an ISO 4217 currency code such as "USD"'
  if (typeof value !== 'string')
    return `must be an ISO 4217 currency code such as "USD", got ${describe(value)}`
  if (Object.hasOwn(ISO_4217_EXPONENTS, value)) return undefined
  const upper = value.trim().toUpperCase()
  if (Object.hasOwn(ISO_4217_EXPONENTS, upper)) {
    return `must be an upper-case ISO 4217 currency code, got ${describe(value)}: use '${upper}'`
  }
  return `must be an active ISO 4217 currency code such as "USD", got ${describe(value)}`
}

// A short rendering of an offending value: error messages end up in logs and must stay small.
function describe(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value
    return JSON.stringify(shown)
  }
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value)
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'bigint') return `the bigint ${value}`
  return typeof value
}

function moneyIssues(value: unknown, field: string | undefined, allowNegative: boolean): FieldIssue[] {
  return moneyProblems(value, allowNegative, false).map(({ key, message }) => ({
    path: key === undefined ? (field ?? 'money') : childPath(field, key),
    message,
  }))
}

/**
 * What is wrong with `value` as a {@link Money}, by key (`amount`,
 * `currency`, an unknown key when `strict`; none for the value itself).
 * @internal
 */
export function moneyProblems(
  value: unknown,
  allowNegative: boolean,
  strict: boolean,
): { readonly key?: string; readonly message: string }[] {
  if (value === undefined) return [{ message: 'is required: a money object { amount, currency }' }]
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ message: `must be a money object { amount, currency }, got ${describe(value)}` }]
  }
  const { amount, currency } = value as { amount?: unknown; currency?: unknown }
  const problems: { key?: string; message: string }[] = []
  const amountMessage = amountProblem(amount, allowNegative, currency)
  if (amountMessage !== undefined) problems.push({ key: 'amount', message: amountMessage })
  const currencyMessage = currencyProblem(currency)
  if (currencyMessage !== undefined) problems.push({ key: 'currency', message: currencyMessage })
  if (strict) {
    for (const key of Object.keys(value)
      .filter((key) => !MONEY_KEYS.includes(key))
      .slice(0, 10)) {
      problems.push({ key: showKey(key), message: unknownKeyMessage(key, MONEY_KEYS) })
    }
  }
  return problems
}

function invalid(options: MoneyErrorOptions | undefined, issues: readonly FieldIssue[]): InvalidRequestError {
  return new InvalidRequestError({
    provider: options?.provider ?? DEFAULT_PROVIDER,
    message: issues.map((issue) => `${issue.path} ${issue.message}`).join('; '),
    issues,
  })
}

function decimalSyntaxProblem(value: string): string | undefined {
  if (value === '') return 'must not be empty: expected a decimal like "500.50"'
  if (value.trim() === '') return 'must not be blank: expected a decimal like "500.50"'
  if (value.trim() !== value) return 'must not have surrounding whitespace'
  if (DECIMAL.test(value)) return undefined
  if (value.startsWith('+')) return 'must not have a "+" sign'
  if (/[eE]/.test(value) && /\d/.test(value)) return 'must be a plain decimal, not exponent notation'
  if (/[,_' ]/.test(value)) return 'must not contain digit group separators'
  if (/^-?\.\d/.test(value)) return 'needs a digit before the decimal point (write "0.5", not ".5")'
  return 'must be a plain decimal like "500.50"'
}

// String(n) switches to exponent notation below 1e-6 and from 1e21; spell those out digit by digit.
function expandExponent(text: string): string {
  const match = EXPONENT_FORM.exec(text)
  if (match === null) return text
  const [, sign = '', lead = '', rest = '', power = '0'] = match
  const digits = lead + rest
  const point = 1 + Number(power)
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length)
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}

function formatMinor(amount: number, exponent: number): string {
  const sign = amount < 0 ? '-' : ''
  // String() of a safe integer is its exact decimal digits, never exponent notation.
  const digits = String(amount)
    .replace('-', '')
    .padStart(exponent + 1, '0')
  if (exponent === 0) return sign + digits
  const point = digits.length - exponent
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}

function places(exponent: number): string {
  return exponent === 1 ? '1 decimal place' : `${exponent} decimal places`
}

function childPath(parent: string | undefined, child: string): string {
  return parent === undefined || parent === '' ? child : `${parent}.${child}`
}

function siblingPath(path: string, sibling: string): string {
  const dot = path.lastIndexOf('.')
  return dot === -1 ? sibling : `${path.slice(0, dot)}.${sibling}`
}

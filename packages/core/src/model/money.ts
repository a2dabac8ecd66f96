/**
 * An amount of money. `amount` is an integer in the currency's minor unit
 * (ISO 4217 exponent: USD 2 → cents, JPY 0 → yen, KWD 3 → fils);
 * `currency` is the upper-case ISO 4217 code. `{ amount: 50050, currency: 'BDT' }`
 * is ৳500.50.
 */
export interface Money {
  readonly amount: number
  readonly currency: string
}

import { InvalidRequestError } from '../errors/index.js'

/**
 * The ids of the gateways paymux ships, for checks that must know them (a
 * misspelt `providerOptions` key). Internal: not exported from the package.
 */
export const SHIPPED_PROVIDER_IDS = Object.freeze(['faststar', 'fastaar', 'paystar'] as const)

/** The gateways paymux ships; adapters written by others may use any other lower-case id. */
export type ProviderId = (typeof SHIPPED_PROVIDER_IDS)[number] | (string & {})

/**
 * A globally unique pointer to a neutral object: `'<provider>:<id>'`, e.g.
 * `'fastaar:01jxyz'`. Store this one string and a router can find the owner.
 * `P` narrows the provider: a router of FastStar and Fastaar takes
 * `Ref<'faststar' | 'fastaar'>`, so a bare id or a Paystar ref does not compile.
 * @default P = ProviderId, any provider
 */
export type Ref<P extends ProviderId = ProviderId> = `${P}:${string}`

/** Builds the ref of an object `id` owned by `provider`: `toRef('fastaar', '01jxyz')` is a `Ref<'fastaar'>`. */
export function toRef<const P extends ProviderId>(provider: P, id: string): Ref<P> {
  return `${provider}:${id}`
}

/**
 * Splits a ref into its provider and id. A bare id (no `provider:` prefix)
 * throws `InvalidRequestError`: without the provider nobody can tell which
 * gateway owns it.
 */
export function parseRef(ref: string): { provider: ProviderId; id: string } {
  const colon = ref.indexOf(':')
  if (colon <= 0 || colon === ref.length - 1) {
    throw new InvalidRequestError({
      provider: 'paymux',
      message: `"${ref}" is not a ref: expected '<provider>:<id>', e.g. 'fastaar:01jxyz' (every neutral object's \`ref\` field has this form).`,
      issues: [{ path: 'ref', message: "expected '<provider>:<id>'" }],
    })
  }
  return { provider: ref.slice(0, colon), id: ref.slice(colon + 1) }
}

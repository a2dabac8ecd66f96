import type {
  FacetSelection,
  Gateway,
  GatewayCapabilities,
  Operation,
  SpecificationVersion,
} from '../model/gateway.js'
import type { ProviderId } from '../model/ref.js'
import { isRecord } from '../shared/is-record.js'
import { sealed } from './sealed.js'

/** The gateway contract version this core implements; `createRouter` refuses any other. */
export const SPECIFICATION_VERSION: SpecificationVersion = 'v1'

/** What {@link defineGateway} assembles. */
export interface GatewayParts<Id extends ProviderId, Facets extends FacetSelection, Native, Extra> {
  readonly id: Id
  readonly native: Native
  readonly facets: Facets
  /** Everything but `operations`, which are read off the facets. */
  readonly capabilities: Omit<GatewayCapabilities, 'operations'>
  /** Provider-only properties (`livemode`, `manage`). */
  readonly extra?: Extra
  /** What `util.inspect` shows: never a key. */
  readonly description: string
}

/**
 * Assembles a gateway object: its contract version, its id, its facets, and
 * `capabilities.operations` read off the facets' methods, so the list cannot
 * disagree with what the object does. The result is frozen and inspects as
 * `description`.
 */
export function defineGateway<Id extends ProviderId, Facets extends FacetSelection, Native, Extra = unknown>(
  parts: GatewayParts<Id, Facets, Native, Extra>,
): Gateway<Id, Facets, Native> & Extra {
  const operations = Object.freeze(operationsOf(parts.facets))
  const capabilities = Object.freeze({ ...parts.capabilities, operations })
  const gateway = {
    specificationVersion: SPECIFICATION_VERSION,
    id: parts.id,
    capabilities,
    native: parts.native,
    ...parts.facets,
    ...parts.extra,
  }
  return sealed(gateway, parts.description) as Gateway<Id, Facets, Native> & Extra
}

/** Every function reachable in `facets`, as its dotted path: `catalog.products.create`. */
export function operationsOf(facets: object, prefix = ''): Operation[] {
  return Object.entries(facets).flatMap(([key, value]) => {
    if (typeof value === 'function') return [`${prefix}${key}` as Operation]
    return isRecord(value) ? operationsOf(value, `${prefix}${key}.`) : []
  })
}

import type {
  FacetSelection,
  Gateway,
  GatewayCapabilities,
  Operation,
  SpecificationVersion,
} from '../model/gateway.js'
import { ALL_OPERATIONS } from '../model/operations.js'
import type { ProviderId } from '../model/ref.js'
import { isRecord } from '../shared/is-record.js'
import { type Telemetry, telemetryOf } from '../telemetry/telemetry.js'
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
  // The native client carries its transport's telemetry: every operation of the gateway gets its span.
  const telemetry = telemetryOf(parts.native)
  const facets = telemetry === undefined ? parts.facets : traced(parts.facets, parts.id, telemetry, '')
  const gateway = {
    specificationVersion: SPECIFICATION_VERSION,
    id: parts.id,
    capabilities,
    native: parts.native,
    ...facets,
    ...parts.extra,
  }
  return sealed(gateway, parts.description) as Gateway<Id, Facets, Native> & Extra
}

/**
 * `facets` with each operation (a registry path) run inside its span,
 * `paymux.<operation>`; helpers such as `webhooks.recognizes` are left as they are.
 */
function traced<F extends object>(facets: F, gateway: ProviderId, telemetry: Telemetry, prefix: string): F {
  // Every own property is carried over as it was defined (a hidden `recognizes` stays hidden).
  const copy = Object.create(Object.getPrototypeOf(facets)) as Record<PropertyKey, unknown>
  for (const key of Reflect.ownKeys(facets)) {
    const descriptor = Object.getOwnPropertyDescriptor(facets, key) as PropertyDescriptor
    const value: unknown = descriptor.value
    const path = typeof key === 'string' ? `${prefix}${key}` : ''
    if (descriptor.enumerable === true && typeof value === 'function' && isOperation(path)) {
      const attributes = { 'paymux.gateway': gateway, 'paymux.operation': path }
      const method = value as (...args: unknown[]) => Promise<unknown>
      descriptor.value = (...args: unknown[]) =>
        telemetry.span(`paymux.${path}`, attributes, () => method.apply(facets, args), {
          duration: 'paymux.operation.duration',
        })
    } else if (descriptor.enumerable === true && isRecord(value)) {
      descriptor.value = traced(value, gateway, telemetry, `${path}.`)
    }
    Object.defineProperty(copy, key, descriptor)
  }
  return copy as F
}

function isOperation(path: string): path is Operation {
  return (ALL_OPERATIONS as readonly string[]).includes(path)
}

/**
 * The operations `facets` implement: every function reachable in them whose
 * dotted path (`catalog.products.create`) is in the operation registry. A
 * helper such as `webhooks.recognizes` is a method, not an operation.
 */
export function operationsOf(facets: object): Operation[] {
  return functionPaths(facets, '').filter((path): path is Operation =>
    (ALL_OPERATIONS as readonly string[]).includes(path),
  )
}

function functionPaths(object: object, prefix: string): string[] {
  return Object.entries(object).flatMap(([key, value]) => {
    if (typeof value === 'function') return [`${prefix}${key}`]
    return isRecord(value) ? functionPaths(value, `${prefix}${key}.`) : []
  })
}

import { type AnyGateway, SUPPORTED_SPECIFICATION_VERSIONS } from '../model/gateway.js'
import { ALL_OPERATIONS, OPERATIONS, type Operation } from '../model/operations.js'
import { isCurrencyCode } from '../money/index.js'

/** Every operation a gateway can offer, in the registry's order (`OPERATIONS`). */
export { ALL_OPERATIONS }

/** The operations `gateway` really implements: the functions found on its facets, where the registry says they sit. */
export function implementedOperations(gateway: AnyGateway): Operation[] {
  return OPERATIONS.filter((row) => typeof lookup(gateway, row.path) === 'function').map(
    (row) => row.operation,
  )
}

/**
 * Everything wrong with a gateway object's contract, as sentences; empty when
 * it is sound. Its declared `capabilities.operations` must be exactly the
 * methods it has, so that the router and the types never disagree with it.
 */
export function checkGatewayContract(gateway: AnyGateway): string[] {
  const problems: string[] = []
  if (!SUPPORTED_SPECIFICATION_VERSIONS.includes(gateway.specificationVersion)) {
    const supported = SUPPORTED_SPECIFICATION_VERSIONS.map((version) => `'${version}'`).join(' or ')
    problems.push(
      `specificationVersion is ${JSON.stringify(gateway.specificationVersion)}, expected ${supported}`,
    )
  }
  if (typeof gateway.id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(gateway.id)) {
    problems.push(`id ${JSON.stringify(gateway.id)} must be a lower-case word such as 'fastaar'`)
  }
  const declared = new Set<string>(gateway.capabilities?.operations ?? [])
  const implemented = new Set<string>(implementedOperations(gateway))
  for (const operation of declared) {
    if (!ALL_OPERATIONS.some((known) => known === operation))
      problems.push(`declares unknown operation ${operation}`)
    else if (!implemented.has(operation)) problems.push(`declares ${operation} but has no such method`)
  }
  for (const operation of implemented) {
    if (!declared.has(operation))
      problems.push(`has ${operation} but does not declare it in capabilities.operations`)
  }
  const currencies = gateway.capabilities?.currencies
  if (
    currencies !== 'any' &&
    !(Array.isArray(currencies) && currencies.every((code) => isCurrencyCode(code)))
  ) {
    problems.push(
      `capabilities.currencies must be 'any' or ISO 4217 codes, got ${JSON.stringify(currencies)}`,
    )
  }
  return problems
}

function lookup(gateway: AnyGateway, path: readonly string[]): unknown {
  let current: unknown = gateway
  for (const part of path) {
    if (typeof current !== 'object' || current === null) return undefined
    current = (current as Record<string, unknown>)[part]
  }
  return current
}

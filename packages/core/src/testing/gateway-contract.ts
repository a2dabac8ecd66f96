import type { AnyGateway, Operation } from '../model/gateway.js'
import { isCurrencyCode } from '../money/index.js'

const FACET_OPERATIONS: Readonly<Record<string, readonly string[]>> = {
  sessions: ['create', 'retrieve'],
  payments: ['retrieve', 'list', 'charge', 'refund', 'listRefunds', 'waitFor'],
  customers: ['create', 'retrieve', 'list'],
  paymentMethods: ['createSetup', 'attach', 'list', 'setDefault', 'detach'],
  'catalog.products': ['create', 'list'],
  'catalog.prices': ['create', 'list'],
  tax: ['calculate'],
  webhooks: ['verify'],
}

/** Every operation a gateway can offer, in a stable order. */
export const ALL_OPERATIONS: readonly Operation[] = Object.entries(FACET_OPERATIONS).flatMap(
  ([facet, methods]) => methods.map((method) => `${facet}.${method}` as Operation),
)

/** The operations `gateway` really implements: the functions found on its facets. */
export function implementedOperations(gateway: AnyGateway): Operation[] {
  return ALL_OPERATIONS.filter((operation) => typeof lookup(gateway, operation) === 'function')
}

/**
 * Everything wrong with a gateway object's contract, as sentences; empty when
 * it is sound. Its declared `capabilities.operations` must be exactly the
 * methods it has, so that the router and the types never disagree with it.
 */
export function checkGatewayContract(gateway: AnyGateway): string[] {
  const problems: string[] = []
  if (gateway.specificationVersion !== 'v1') {
    problems.push(`specificationVersion is ${JSON.stringify(gateway.specificationVersion)}, expected 'v1'`)
  }
  if (typeof gateway.id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(gateway.id)) {
    problems.push(`id ${JSON.stringify(gateway.id)} must be a lower-case word such as 'fastaar'`)
  }
  const declared = new Set<string>(gateway.capabilities?.operations ?? [])
  const implemented = new Set<string>(implementedOperations(gateway))
  for (const operation of declared) {
    if (!ALL_OPERATIONS.includes(operation as Operation))
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

function lookup(gateway: AnyGateway, operation: Operation): unknown {
  let current: unknown = gateway
  for (const part of operation.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined
    current = (current as Record<string, unknown>)[part]
  }
  return current
}

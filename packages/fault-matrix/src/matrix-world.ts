import type { AnyGateway, FacetName, RouteRule } from '@paymux/core'
import type { FaultInjector, FetchHandler } from '@paymux/core/emulator'
import { FAST_BACKOFF, MAX_RETRIES } from './fault-catalog.js'
import { createLoopbackWire } from './loopback-wire.js'
import type { CellSide, PreparedCell, SubjectOptions } from './matrix-types.js'
import { type Connection, createMatrixWire, type MatrixWire } from './matrix-wire.js'

/** The parts of an emulator a cell needs; every paymux emulator has them. */
export interface CellEmulator {
  readonly handler: FetchHandler
  readonly faults: FaultInjector
}

/** What every subject gateway is given: the cell's timeout, hooks and limit, and quick retries. */
export function subjectSettings(options: SubjectOptions) {
  return {
    maxRetries: MAX_RETRIES,
    backoff: FAST_BACKOFF,
    timeoutMs: options.timeoutMs,
    hooks: options.hooks,
    ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
  }
}

/** The settings {@link subjectSettings} makes. */
export type SubjectSettings = ReturnType<typeof subjectSettings>

/** How one gateway's part of the matrix builds its emulators and the gateways that call them. */
export interface WorldSpec<E extends CellEmulator, G extends AnyGateway> {
  /** A fresh emulator. */
  emulator(): E
  /** Where the API lives on the emulator's host (`/api/v1`, or `''`), for a `baseUrl` on a loopback port. */
  readonly apiPath: string
  /** The gateway under test, reaching its emulator through `connection`. */
  gateway(connection: Connection, settings: SubjectSettings): G
  /** The gateway as a row calls it: it has every method a router of it has (`gateway => gateway`). */
  api(gateway: G): RoutedApi<G>
  /** A router of `gateways` by `route`, as a row calls it (`createRouter({ gateways, route })`). */
  router(gateways: readonly G[], route: RouteRule<G['id']>): RoutedApi<G>
}

/**
 * What a row calls: the gateway's neutral facets, as the gateway has them or
 * as a router of it has them. A router takes refs where a gateway takes ids
 * ({@link World.ref} gives the right one, as a string: one row serves both, so
 * it is typed as the gateway, which a router of it fits) and has no
 * provider-only method.
 */
export type RoutedApi<G extends AnyGateway> = Pick<G, Extract<keyof G, Exclude<FacetName, 'webhooks'>>>

/** The emulators, gateways and fixtures hooks of one cell. */
export interface World<E extends CellEmulator, G extends AnyGateway> {
  /** The emulator the call is meant for, where the fault goes. */
  readonly emulator: E
  /** Router cells: the emulator behind the second gateway of the route. */
  readonly second: E | undefined
  /** The gateway under test itself, for provider-only methods (never routed). */
  readonly gateway: G
  /** What the row calls: the gateway, or a router of it and a second gateway. */
  readonly api: RoutedApi<G>
  /** What `api` takes to name `object`: its id for a gateway, its ref for a router. */
  ref(object: { readonly id: string; readonly ref: string }): string
  /** The cell: `call` through `api`; `count` reads the row's ledger from one emulator. */
  cell(call: () => Promise<unknown>, count?: (emulator: E) => number): PreparedCell
}

/**
 * Builds a cell's world. The gateway reaches its emulator through the wire the
 * options name. A router cell adds a second emulator, reached the same way by
 * a second instance of the same gateway package under another id (`<id>-2`),
 * which no fault touches: whatever reaches it, the router sent. Both are
 * routed as `[first, second]`; a call by ref names the first (the fixtures
 * live there). Same-kind pairs, so the second gateway can do every operation
 * the first can: only the router's rule can keep a call from it.
 */
export async function buildWorld<E extends CellEmulator, G extends AnyGateway>(
  spec: WorldSpec<E, G>,
  options: SubjectOptions,
): Promise<World<E, G>> {
  const settings = subjectSettings(options)
  const wireFor = (emulator: E): Promise<MatrixWire> =>
    options.wire === 'loopback'
      ? createLoopbackWire(emulator.handler)
      : Promise.resolve(createMatrixWire(emulator.handler))
  const emulator = spec.emulator()
  const wire = await wireFor(emulator)
  const gateway = spec.gateway(wire.connection(spec.apiPath), settings)
  const side = (of: E, through: MatrixWire, count: ((emulator: E) => number) | undefined): CellSide => ({
    faults: of.faults,
    wire: through,
    requestCount: through.requestCount,
    ...(count === undefined ? {} : { count: () => count(of) }),
  })

  if (!options.routed) {
    return {
      emulator,
      second: undefined,
      gateway,
      api: spec.api(gateway),
      ref: (object) => object.id,
      cell: (call, count) => ({ primary: side(emulator, wire, count), call, close: wire.close }),
    }
  }

  const secondEmulator = spec.emulator()
  const secondWire = await wireFor(secondEmulator)
  const secondGateway = {
    ...spec.gateway(secondWire.connection(spec.apiPath), settings),
    id: `${gateway.id}-2`,
  }
  const consulted: string[] = []
  const ids = [gateway.id, secondGateway.id]
  // Typed as G's ids though the second one is `<id>-2`: the router checks the ids it is given at run time.
  const route = Object.assign(
    (_input: unknown, context: { readonly operation: string }) => {
      consulted.push(context.operation)
      return ids
    },
    { gateways: ids },
  ) as RouteRule<G['id']>
  return {
    emulator,
    second: secondEmulator,
    gateway,
    api: spec.router([gateway, secondGateway], route),
    ref: (object) => object.ref,
    cell: (call, count) => ({
      primary: side(emulator, wire, count),
      second: side(secondEmulator, secondWire, count),
      consulted: () => consulted,
      call,
      close: async () => {
        await Promise.all([wire.close(), secondWire.close()])
      },
    }),
  }
}

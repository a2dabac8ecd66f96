import type { TransportHooks } from '@paymux/core'
import type { EndpointTable, RetryPolicy } from '@paymux/core/adapter-kit'
import type { FaultInjector } from '@paymux/core/emulator'
import type { MatrixWire } from './matrix-wire.js'

/** The faults of the first table, in column order: answers a provider can give, met in-process and over loopback. */
export type ProtocolFaultId =
  | '500'
  | '502'
  | '503-then-ok'
  | '429-then-ok'
  | 'timeout-then-ok'
  | 'reset-before'
  | 'reset-after'
  | 'html'
  | 'invalid-json'
  | 'missing-field'
  | 'failure-flag'

/** The faults of the socket table, in column order: misbehaviour only a real socket shows (loopback only). */
export type SocketFaultId =
  | 'redirect-elsewhere'
  | 'redirect-loop'
  | 'slow-body'
  | 'cut-body'
  | 'oversized-body'
  | 'hanging'

/** Every fault. */
export type FaultId = ProtocolFaultId | SocketFaultId

/**
 * How a cell's call reaches the emulator. `in-process`: a `fetch` that calls
 * the emulator's handler directly. `loopback`: real HTTP to a server on
 * 127.0.0.1 in front of the emulator, with the global `fetch`.
 */
export type WireKind = 'in-process' | 'loopback'

/** The three layers of the matrix. */
export type Layer = 'in-process' | 'loopback' | 'router'
/** What a call ended in: the recovered success, or the error class (without its `Error` suffix). */
export type ResultName =
  | 'ok'
  | 'ProviderUnavailable'
  | 'RateLimit'
  | 'UnexpectedResponse'
  | 'NotFound'
  | 'InvalidRequest'
  | 'other'

/** What one cell observed, or is expected to observe. */
export interface Outcome {
  readonly result: ResultName
  /** Requests that reached the provider (the emulator, or the server in front of it) during the call, the faulted ones included. */
  readonly requests: number
  /** For an operation that creates something: how many it left in the emulators' state. */
  readonly created?: number
  /** Router cells: requests that reached the second gateway of the route. */
  readonly second?: number
}

/** What an operation leaves behind in the emulator when it succeeds, counted before and after a cell. */
export interface Ledger {
  /** Singular, as printed: `charge`, `payment`, `refund`, `session`. */
  readonly noun: string
  readonly plural: string
  /** Money moves (or can move) because of it: the matrix asserts there is never a second one. */
  readonly movesMoney: boolean
  /** A repeat of the same request finds the first record instead of making another (Fastaar's `invoice_id`). */
  readonly idempotent: boolean
}

/** How the gateway under test is configured for a cell, and how its calls travel. */
export interface SubjectOptions {
  /** Per-attempt time limit. */
  readonly timeoutMs: number
  readonly hooks: TransportHooks
  /** The gateway's `maxResponseBytes`, where the cell sets one; its default otherwise. */
  readonly maxResponseBytes?: number
  readonly wire: WireKind
  /** Through a router of two gateways (the faulted one first, a healthy second one after it) instead of the gateway alone. */
  readonly routed: boolean
}

/** One provider a cell talks to: its wire, its fault queue, its counters. */
export interface CellSide {
  readonly faults: FaultInjector
  readonly wire: MatrixWire
  /** Requests that reached this provider. */
  requestCount(): number
  /** How many records of the row's ledger this provider holds (for rows with a ledger). */
  count?(): number
}

/** Fresh emulators with the fixtures one operation needs, and the call to make against them. */
export interface PreparedCell {
  /** The provider the call is meant for, where the fault is put. */
  readonly primary: CellSide
  /** Router cells: the second gateway of the route, which no fault touches. */
  readonly second?: CellSide
  /** Router cells: the operations the route rule was asked about, in order. */
  readonly consulted?: () => readonly string[]
  /** The operation, through a gateway (or a router) configured with the cell's {@link SubjectOptions}. */
  call(): Promise<unknown>
  /** Stops the cell's servers and drops their connections. */
  close(): Promise<void>
}

/** A documented departure from what the retry policy alone predicts, and why. */
export interface Exception {
  readonly outcome: Outcome
  /** The `code` the error must carry, when it is one the adapter chose (such an error is never `retryable`). */
  readonly code?: string
  readonly why: string
}

/** How a router sends an operation: by its route rule, to the gateway a ref names, or not at all (a provider-only method). */
export type Dispatch = 'rule' | 'ref' | { readonly notRouted: string }

/** One operation (one row of a gateway's table). */
export interface MatrixRow {
  /** The gateway method, e.g. `sessions.create`. */
  readonly operation: string
  /** As printed: the operation, with the variant when there are two (`sessions.create (reference)`). */
  readonly label: string
  /** The gateway's retry policy for it, as its docs page's retry table states it. */
  readonly retry: RetryPolicy
  readonly ledger?: Ledger
  /** The field the "missing field" fault takes out of the answer. */
  readonly missingField: string
  /** How a router sends it; `notRouted` says why the router has no such method. */
  readonly dispatch: Dispatch
  readonly exceptions?: Readonly<Partial<Record<FaultId, Exception>>>
  prepare(options: SubjectOptions): Promise<PreparedCell>
}

/** One gateway's part of the matrix. */
export interface GatewayMatrix {
  readonly id: string
  readonly title: string
  /** `capabilities.operations` of the gateway. */
  readonly declared: readonly string[]
  /** Declared operations that are not rows, and why (they send no request). */
  readonly notInMatrix: Readonly<Record<string, string>>
  /** Rows that are not in `capabilities.operations` (provider-only methods that send a request). */
  readonly extraRows: readonly string[]
  /** The failure flag a 2xx can carry for this provider, and the body that carries it. */
  readonly failureFlag: { readonly heading: string; readonly body: object }
  /**
   * The gateway's endpoint table: every operation it sends a request for must
   * have a row, and each row states the retry policy its endpoint declares.
   */
  readonly endpoints: EndpointTable
  readonly rows: readonly MatrixRow[]
}

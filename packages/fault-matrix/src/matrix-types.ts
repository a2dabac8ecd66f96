import type { RetryPolicy, TransportHooks } from '@paymux/core'
import type { FaultInjector } from '@paymux/core/emulator'
import type { MatrixWire } from './matrix-wire.js'

/** The faults every operation meets, in the order of the printed columns. */
export type FaultId =
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
  /** Requests that reached the emulator during the call, the faulted ones included. */
  readonly requests: number
  /** For an operation that creates something: how many it left in the emulator's state. */
  readonly created?: number
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

/** How the gateway under test is configured for a cell. */
export interface SubjectOptions {
  /** Per-attempt time limit. */
  readonly timeoutMs: number
  readonly hooks: TransportHooks
}

/** A fresh emulator with the fixtures one operation needs, and the call to make against it. */
export interface PreparedCell {
  readonly faults: FaultInjector
  readonly wire: MatrixWire
  /** The emulator's request counter. */
  requestCount(): number
  /** The operation, through a gateway configured with the cell's {@link SubjectOptions}. */
  call(): Promise<unknown>
  /** How many records of the row's ledger the emulator holds (for rows with a ledger). */
  count?(): number
}

/** A documented departure from what the retry policy alone predicts, and why. */
export interface Exception {
  readonly outcome: Outcome
  /** The `code` the error must carry, when the outcome is an error. */
  readonly code?: string
  readonly why: string
}

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
  /** The retry policy the gateway's own code declares per operation, where it exports its endpoint table. */
  readonly endpointPolicies?: Readonly<Record<string, RetryPolicy>>
  readonly rows: readonly MatrixRow[]
}

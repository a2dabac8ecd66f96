import type { Ref } from '@paymux/core'

/** Which management page a session opens. */
export type PaystarManagementKind = 'autopay' | 'wallet' | 'paperless' | 'notifications'

/**
 * A Paystar management session: a link the customer opens in Paystar's
 * embedded loader to manage AutoPay, saved payment methods, paperless billing
 * or notifications. Provider-only, so not part of the neutral model.
 */
export interface PaystarManagementSession {
  readonly object: 'paystar.management_session'
  readonly kind: PaystarManagementKind
  readonly provider: 'paystar'
  /** Paystar's session identifier, when its answer carries one. */
  readonly id?: string
  /** `'paystar:<id>'`, when there is an id. */
  readonly ref?: Ref
  /** Open this in Paystar's embedded loader (`gateway.loaderUrl`). */
  readonly url: string
  /** Paystar's status word, verbatim, when it sends one. */
  readonly nativeStatus?: string
  /** 60 minutes after the request, per the API reference (earlier if Paystar says so). */
  readonly expiresAt: Date
  /** Paystar's `data`, untouched. */
  readonly raw: unknown
}

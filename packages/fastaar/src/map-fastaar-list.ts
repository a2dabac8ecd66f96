import type { ListResult, Payment, PaymentStatus } from '@paymux/core'
import type { FastaarListPaymentsQuery, FastaarPaymentList, FastaarReferenceField } from './fastaar-api.js'
import { DEFAULT_PAGE_SIZE } from './fastaar-limits.js'
import { toPayment } from './map-fastaar-payment.js'
import { toFastaarStatusFilter } from './map-fastaar-status.js'

/**
 * The `GET /payments` query of a validated neutral filter. The cursor is the
 * page number. `undefined` when the filter can match nothing at Fastaar
 * (`status: 'requires_action'`), so no request need be sent.
 */
export function toListQuery(
  filter: {
    readonly status?: PaymentStatus | undefined
    readonly reference?: string | undefined
    readonly limit?: number | undefined
    readonly cursor?: string | undefined
  },
  referenceField: FastaarReferenceField,
): FastaarListPaymentsQuery | undefined {
  const status = filter.status === undefined ? undefined : toFastaarStatusFilter(filter.status)
  if (filter.status !== undefined && status === undefined) return undefined
  return {
    ...(status === undefined ? {} : { status }),
    ...(filter.reference === undefined ? {} : { [referenceField]: filter.reference }),
    ...toPageQuery(filter),
  }
}

/** The page of a Fastaar list query: `limit` → `per_page`, the cursor (a page number) → `page`. */
export function toPageQuery(filter: {
  readonly limit?: number | undefined
  readonly cursor?: string | undefined
}): { per_page: number; page: number } {
  return {
    per_page: filter.limit ?? DEFAULT_PAGE_SIZE,
    page: filter.cursor === undefined ? 1 : Number(filter.cursor),
  }
}

/**
 * A neutral page of a Fastaar list. Whether there is a next page is read from
 * `meta` (`current_page < last_page`), else from `links.next`, else (neither
 * sent: their shape is unconfirmed) guessed from a full page: then the next
 * page may turn out empty, never is a page skipped.
 */
export function toListResult(list: FastaarPaymentList, query: FastaarListPaymentsQuery): ListResult<Payment> {
  return toPage(list, query, toPayment)
}

/** A Fastaar list answer: the array at `data`, and `links` / `meta` when sent. */
type FastaarList<Native> = Pick<FastaarPaymentList, 'links' | 'meta'> & { readonly data: readonly Native[] }

/** A neutral page of any Fastaar list (payments, customers), by the rules of {@link toListResult}. */
export function toPage<Native, Neutral>(
  list: FastaarList<Native>,
  query: { readonly per_page?: number | undefined; readonly page?: number | undefined },
  map: (native: Native) => Neutral,
): ListResult<Neutral> {
  const page = query.page ?? 1
  const data = list.data.map(map)
  const hasMore = hasNextPage(list, page, query.per_page ?? DEFAULT_PAGE_SIZE)
  return hasMore ? { data, hasMore, nextCursor: String(page + 1) } : { data, hasMore }
}

function hasNextPage(list: FastaarList<unknown>, page: number, perPage: number): boolean {
  const current = list.meta?.current_page ?? page
  const last = list.meta?.last_page
  if (last !== undefined && last !== null) return current < last
  if (list.links !== undefined && list.links !== null && 'next' in list.links) {
    return typeof list.links.next === 'string' && list.links.next !== ''
  }
  return list.data.length >= perPage
}

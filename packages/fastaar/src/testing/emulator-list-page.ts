import { json } from './emulator-wire.js'

/** Whether a list answer carries Laravel-style `links` and `meta` (unconfirmed by Fastaar), or `data` only. */
export type ListPagination = 'links_and_meta' | 'data_only'

/** One requested page of a list: 1-based `page`, `perPage` items. */
export interface ListPage {
  readonly page: number
  readonly perPage: number
}

const MAX_PER_PAGE = 100
// Not documented; Laravel's default page size.
const DEFAULT_PER_PAGE = 15

/**
 * The `page` and `per_page` query parameters (@default page 1, per_page 15),
 * or the 422 messages naming the bad one (`per_page` is checked first).
 */
export function readListPage(
  query: URLSearchParams,
): ListPage | { readonly errors: Record<string, string[]> } {
  const perPage = query.has('per_page') ? Number(query.get('per_page')) : DEFAULT_PER_PAGE
  const page = query.has('page') ? Number(query.get('page')) : 1
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
    return { errors: { per_page: [`Must be a whole number from 1 to ${MAX_PER_PAGE}.`] } }
  }
  if (!Number.isInteger(page) || page < 1) return { errors: { page: ['Must be a whole number from 1.'] } }
  return { page, perPage }
}

/**
 * One page of `matching` as a Laravel-style list answer: `data`, plus `links`
 * (absolute URLs of `url` with `page` replaced) and `meta` unless `pagination`
 * is `'data_only'`.
 */
export function listPageJson<T>(
  url: URL,
  matching: readonly T[],
  { page, perPage }: ListPage,
  pagination: ListPagination,
  toJson: (item: T) => unknown,
): Response {
  const data = matching.slice((page - 1) * perPage, page * perPage).map(toJson)
  if (pagination === 'data_only') return json({ data })
  const lastPage = Math.max(1, Math.ceil(matching.length / perPage))
  const link = (target: number) => {
    const next = new URL(url)
    next.searchParams.set('page', String(target))
    return next.toString()
  }
  return json({
    data,
    links: {
      first: link(1),
      last: link(lastPage),
      prev: page > 1 ? link(page - 1) : null,
      next: page < lastPage ? link(page + 1) : null,
    },
    meta: { current_page: page, last_page: lastPage, per_page: perPage, total: matching.length },
  })
}

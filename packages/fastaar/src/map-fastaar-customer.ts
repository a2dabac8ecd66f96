import type { Customer, ListResult } from '@paymux/core'
import { toRef } from '@paymux/core/adapter-kit'
import type { FastaarCustomer, FastaarCustomerList, FastaarListCustomersQuery } from './fastaar-api.js'
import { toPage } from './map-fastaar-list.js'

/** The neutral customer of a Fastaar customer: its numeric id as a string, `name`, `phone`, `email` when set. */
export function toCustomer(native: FastaarCustomer): Customer {
  const id = String(native.id)
  return {
    object: 'customer',
    id,
    provider: 'fastaar',
    ref: toRef('fastaar', id),
    ...(native.email == null ? {} : { email: native.email }),
    ...(native.name == null ? {} : { name: native.name }),
    ...(native.phone == null ? {} : { phone: native.phone }),
    raw: native,
  }
}

/** A neutral page of a Fastaar customers list. */
export function toCustomerList(
  list: FastaarCustomerList,
  query: FastaarListCustomersQuery,
): ListResult<Customer> {
  return toPage(list, query, toCustomer)
}

import type { EmulatorClock } from '@paymux/core/emulator'
import { type ListPagination, listPageJson, readListPage } from './emulator-list-page.js'
import { formatDhakaTime, invalid, json, methodNotAllowed, notFound, readJson } from './emulator-wire.js'

// Fastaar's customers: `GET/POST /api/v1/customers`, `GET/PATCH /api/v1/customers/{id}` (SUPPLEMENT:
// numeric ids; a payment may carry `customer_id`). The fields follow the official SDK's types; where
// neither says, each choice below is a guess, listed on the docs page.

/** A customer, as the emulator keeps it. */
export interface EmulatedCustomer {
  readonly id: number
  readonly livemode: boolean
  name: string
  phone: string
  email?: string
  address?: string
  notes?: string
  readonly createdAt: number
  updatedAt: number
}

const MAX_TEXT = 255
const MAX_NOTES = 2000
// A guess: digits with an optional leading `+`, spaces or dashes between, 5 to 20 digits.
const PHONE = /^\+?\d(?:[ -]?\d){4,19}$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const NUMERIC_ID = /^[1-9]\d{0,15}$/

/** The emulator's customers, test and live kept apart (as payments are). */
export class CustomerStore {
  // Creation order; ids rise with it, so the newest is the last.
  private readonly all: EmulatedCustomer[] = []
  private readonly byId = new Map<number, EmulatedCustomer>()

  constructor(private readonly clock: EmulatorClock) {}

  /** How many customers were ever created, test and live. */
  get created(): number {
    return this.all.length
  }

  /** The customer with this id in this mode; a non-numeric id is no customer. */
  get(id: string | number, livemode: boolean): EmulatedCustomer | undefined {
    const text = String(id)
    if (!NUMERIC_ID.test(text)) return undefined
    const customer = this.byId.get(Number(text))
    return customer?.livemode === livemode ? customer : undefined
  }

  /** Every customer of one mode, newest first. */
  newestFirst(livemode: boolean): EmulatedCustomer[] {
    return this.all.filter((customer) => customer.livemode === livemode).reverse()
  }

  add(livemode: boolean, fields: CustomerFields & { name: string; phone: string }): EmulatedCustomer {
    const now = this.clock.now()
    const customer: EmulatedCustomer = {
      id: this.all.length + 1,
      livemode,
      createdAt: now,
      updatedAt: now,
      name: '',
      phone: '',
    }
    apply(customer, fields)
    this.all.push(customer)
    this.byId.set(customer.id, customer)
    return customer
  }

  /** Sets the given fields (`null` clears an optional one); `updated_at` moves on the emulator's clock. */
  update(customer: EmulatedCustomer, fields: CustomerFields): EmulatedCustomer {
    apply(customer, fields)
    customer.updatedAt = this.clock.now()
    return customer
  }
}

/** Fields of a create or update, as validated: `null` clears an optional field. */
export interface CustomerFields {
  name?: string
  phone?: string
  email?: string | null
  address?: string | null
  notes?: string | null
}

/** Fields of a create, as validated: `name` and `phone` are required (the SDK's CreateCustomerParams). */
export type NewCustomerFields = CustomerFields & { name: string; phone: string }

function apply(customer: EmulatedCustomer, fields: CustomerFields): void {
  if (fields.name !== undefined) customer.name = fields.name
  if (fields.phone !== undefined) customer.phone = fields.phone
  for (const key of ['email', 'address', 'notes'] as const) {
    const value = fields[key]
    if (value === null) delete customer[key]
    else if (value !== undefined) customer[key] = value
  }
}

/** A customer as the API writes it: the official SDK's `Customer`; a cleared field is left out. */
export function customerJson(customer: EmulatedCustomer): Record<string, unknown> {
  return {
    id: customer.id,
    name: customer.name,
    ...(customer.email === undefined ? {} : { email: customer.email }),
    phone: customer.phone,
    ...(customer.address === undefined ? {} : { address: customer.address }),
    ...(customer.notes === undefined ? {} : { notes: customer.notes }),
    created_at: formatDhakaTime(customer.createdAt),
    updated_at: formatDhakaTime(customer.updatedAt),
  }
}

/** How the customers routes answer where the documents leave a choice. */
export interface CustomerRouteSettings {
  /** Whether list answers carry Laravel-style `links` and `meta`, as the payments list does. */
  readonly listPagination: ListPagination
}

/**
 * Answers `/api/v1/customers[/{id}]` (`parts` is the path after `/api/v1`,
 * split and decoded). Authentication, abilities and the rate limit come before.
 */
export async function handleCustomers(
  request: Request,
  url: URL,
  parts: readonly string[],
  livemode: boolean,
  customers: CustomerStore,
  settings: CustomerRouteSettings,
): Promise<Response> {
  const [, id, ...rest] = parts
  if (rest.length > 0) return notFound('Not found.')
  if (id === undefined) {
    if (request.method === 'GET') return list(url, livemode, customers, settings)
    if (request.method !== 'POST') return methodNotAllowed()
    const fields = readFields(await readJson(request, false), 'create')
    // A create's fields passed with name and phone present (readFields requires them for 'create').
    if ('errors' in fields) return invalid(fields.errors)
    return write(customers.add(livemode, fields.valid as NewCustomerFields), 201)
  }
  const customer = customers.get(id, livemode)
  if (customer === undefined) return notFound('Customer not found.')
  if (request.method === 'GET') return write(customer)
  if (request.method !== 'PATCH') return methodNotAllowed()
  const fields = readFields(await readJson(request, false), 'update')
  return 'errors' in fields ? invalid(fields.errors) : write(customers.update(customer, fields.valid))
}

/**
 * A payment's `customer_id`: the customer's number in the payment's mode, or
 * the 422 messages for it (an unknown id is refused: a guess, the documents
 * only say a payment "may carry" one).
 */
export function readCustomerId(
  value: unknown,
  livemode: boolean,
  customers: CustomerStore,
): { readonly id?: number } | { readonly errors: readonly string[] } {
  if (value === undefined || value === null) return {}
  const valid = (typeof value === 'number' || typeof value === 'string') && customers.get(value, livemode)
  return valid ? { id: valid.id } : { errors: ['The selected customer id is invalid.'] }
}

function list(url: URL, livemode: boolean, customers: CustomerStore, settings: CustomerRouteSettings) {
  const query = url.searchParams
  const requested = readListPage(query)
  if ('errors' in requested) return invalid(requested.errors)
  const email = query.get('email')
  const phone = query.get('phone')
  const matching = customers
    .newestFirst(livemode)
    .filter(
      (customer) =>
        (email === null || customer.email === email) && (phone === null || customer.phone === phone),
    )
  return listPageJson(url, matching, requested, settings.listPagination, customerJson)
}

type Read = { readonly valid: CustomerFields } | { readonly errors: Record<string, string[]> }

// A create needs `name` and `phone` (the SDK's CreateCustomerParams); an update takes any subset, and
// `null` clears the optional fields only. Unknown fields are ignored, as Laravel does.
function readFields(body: Record<string, unknown> | undefined, kind: 'create' | 'update'): Read {
  if (body === undefined) return { errors: { body: ['The request body must be a JSON object.'] } }
  const errors: Record<string, string[]> = {}
  const fields: CustomerFields = {}
  const required = (key: 'name' | 'phone', check: (text: string) => boolean, message: string) => {
    const value = body[key]
    if (value === undefined && kind === 'update') return
    if (value === undefined || value === null) errors[key] = [`The ${key} field is required.`]
    else if (typeof value !== 'string' || !check(value)) errors[key] = [message]
    else fields[key] = value
  }
  required(
    'name',
    (text) => text.trim() !== '' && text.length <= MAX_TEXT,
    `Must be text of at most ${MAX_TEXT} characters.`,
  )
  required('phone', (text) => PHONE.test(text), 'Must be a phone number: digits, optionally a leading +.')
  const optional = (
    key: 'email' | 'address' | 'notes',
    check: (text: string) => boolean,
    message: string,
  ) => {
    const value = body[key]
    if (value === undefined) return
    // On a create, null is the same as leaving the field out.
    if (value === null) {
      if (kind === 'update') fields[key] = null
    } else if (typeof value !== 'string' || !check(value)) errors[key] = [message]
    else fields[key] = value
  }
  optional('email', (text) => EMAIL.test(text) && text.length <= MAX_TEXT, 'Must be a valid email address.')
  optional('address', (text) => text.length <= MAX_TEXT, `Must be text of at most ${MAX_TEXT} characters.`)
  optional('notes', (text) => text.length <= MAX_NOTES, `Must be text of at most ${MAX_NOTES} characters.`)
  if (Object.keys(errors).length > 0) return { errors }
  return { valid: fields }
}

function write(customer: EmulatedCustomer, status = 200): Response {
  return json({ data: customerJson(customer) }, status)
}

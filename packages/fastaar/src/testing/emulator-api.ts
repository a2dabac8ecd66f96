import { chargeFor, type FastaarGatewayCharge } from './emulator-charge.js'
import { type CustomerStore, handleCustomers, readCustomerId } from './emulator-customers.js'
import { type ListPagination, listPageJson, readListPage } from './emulator-list-page.js'
import {
  type EmulatedPayment,
  type EmulatedRefund,
  type EmulatorStore,
  paymentJson,
} from './emulator-store.js'
import {
  errorBody,
  formatDhakaTime,
  formatTaka,
  invalid,
  json,
  methodNotAllowed,
  notFound,
  parseTaka,
  readJson,
} from './emulator-wire.js'

/** How the emulator's REST API behaves where Fastaar's documents leave a choice. */
export interface EmulatorApiSettings {
  /** The field that carries the merchant's reference. */
  readonly referenceField: 'invoice_id' | 'invoice_number'
  /** A repeated reference: the documented 200 with the existing payment, or newer APIs' 409. */
  readonly onDuplicateInvoice: 'return_existing' | 'conflict'
  /** Whether list answers carry Laravel-style `links` and `meta` (unconfirmed by Fastaar). */
  readonly listPagination: ListPagination
  /** The merchant's fee on new payments, if any. */
  readonly gatewayCharge: FastaarGatewayCharge | undefined
  /** Refuses a create before its body is validated (402 `transaction_limit_reached`, 403 `domain_not_allowed`). */
  readonly refuseCreate: (request: Request, returnUrls: readonly string[]) => Response | undefined
  /** The origin of `checkout_url`s; `undefined`: the origin the create request reached. */
  readonly checkoutOrigin: string | undefined
  /** The customers (`/customers` routes, and `customer_id` on a payment). */
  readonly customers: CustomerStore
}

const REFERENCE_FIELDS = ['invoice_id', 'invoice_number'] as const

const API_PREFIX = '/api/v1'
const MAX_METADATA = 20

/** Answers one authenticated `/api/v1/…` request. */
export async function handleApi(
  request: Request,
  url: URL,
  livemode: boolean,
  store: EmulatorStore,
  settings: EmulatorApiSettings,
): Promise<Response> {
  const path = url.pathname.slice(API_PREFIX.length).replace(/\/+$/, '')
  const parts = path.split('/').filter((part) => part !== '')
  const [collection, id, action] = parts.map((part) => decodeURIComponent(part))
  if (collection === 'customers')
    return handleCustomers(request, url, parts, livemode, settings.customers, settings)
  if (collection !== 'payments' || parts.length > 3) return notFound('Not found.')
  const write = (payment: EmulatedPayment, status = 200) =>
    json({ data: paymentJson(payment, settings.referenceField) }, status)

  if (id === undefined) {
    if (request.method === 'POST') return create(request, url, livemode, store, settings, write)
    if (request.method === 'GET') return list(url, livemode, store, settings)
    return methodNotAllowed()
  }
  const payment = store.get(id, livemode)
  if (payment === undefined) return notFound('Payment not found.')
  if (action === undefined && request.method === 'GET') return write(payment)
  if (action === 'refund' && request.method === 'POST') {
    const body = await readJson(request, true)
    if (body === undefined) return invalid({ amount: ['The request body must be a JSON object.'] })
    const amount = body.amount === undefined || body.amount === null ? undefined : parseTaka(body.amount)
    if (body.amount !== undefined && body.amount !== null && amount === undefined) {
      return invalid({ amount: ['The amount must be a number of taka with at most 2 decimals.'] })
    }
    const problem = store.refund(payment, amount)
    // The document does not say how a refused refund is answered; 422 is the guess.
    return problem === undefined ? write(payment) : errorBody(422, 'invalid_request_error', problem)
  }
  if (action === 'refunds' && request.method === 'GET') {
    // Newest first, as the official SDK reads them; refunds are kept in the order they were made.
    return json({ data: payment.refunds.toReversed().map(refundJson) })
  }
  return action === undefined || action === 'refund' || action === 'refunds'
    ? methodNotAllowed()
    : notFound('Not found.')
}

async function create(
  request: Request,
  url: URL,
  livemode: boolean,
  store: EmulatorStore,
  settings: EmulatorApiSettings,
  write: (payment: EmulatedPayment, status?: number) => Response,
): Promise<Response> {
  const body = await readJson(request, false)
  if (body === undefined) {
    return (
      settings.refuseCreate(request, []) ?? invalid({ amount: ['The request body must be a JSON object.'] })
    )
  }
  const errors: Record<string, string[]> = {}
  const amountPoisha = parseTaka(body.amount)
  if (amountPoisha === undefined || amountPoisha <= 0) {
    errors.amount = ['The amount must be a positive number of taka with at most 2 decimals.']
  }
  const invoice = readReference(body, errors)
  const successUrl = optionalUrl(body.success_url)
  if (successUrl === null) errors.success_url = ['Must be a valid URL.']
  const cancelUrl = optionalUrl(body.cancel_url)
  if (cancelUrl === null) errors.cancel_url = ['Must be a valid URL.']
  const refused = settings.refuseCreate(
    request,
    [successUrl, cancelUrl].filter((target) => typeof target === 'string'),
  )
  if (refused !== undefined) return refused
  const customer = readCustomerId(body.customer_id, livemode, settings.customers)
  if ('errors' in customer) errors.customer_id = [...customer.errors]
  const metadata = readMetadata(body.metadata)
  if (metadata === null) errors.metadata = [`Must be an object of at most ${MAX_METADATA} string values.`]
  if (Object.keys(errors).length > 0 || amountPoisha === undefined || metadata === null)
    return invalid(errors)

  if (typeof invoice === 'string') {
    const existing = store.activeForInvoice(invoice, livemode)
    if (existing !== undefined && settings.onDuplicateInvoice === 'return_existing')
      return write(existing, 200)
    if (existing !== undefined) {
      // Newer APIs (invoice_number): 409 while the earlier payment is active. Where its id goes is a guess.
      return errorBody(
        409,
        'duplicate_invoice_number',
        'A payment with this invoice number is still active.',
        { payment_id: existing.id },
      )
    }
  }
  const payment = store.create({
    origin: settings.checkoutOrigin ?? url.origin,
    livemode,
    amountPoisha,
    invoice: invoice ?? undefined,
    metadata,
    successUrl: successUrl ?? undefined,
    cancelUrl: cancelUrl ?? undefined,
    source: 'api',
    charge: chargeFor(amountPoisha, settings.gatewayCharge),
    customerId: 'id' in customer ? customer.id : undefined,
  })
  return write(payment, 201)
}

function list(url: URL, livemode: boolean, store: EmulatorStore, settings: EmulatorApiSettings): Response {
  const query = url.searchParams
  const requested = readListPage(query)
  if ('errors' in requested) return invalid(requested.errors)
  const status = query.get('status')
  // Either name filters (the SDK generations send one or the other); ignoring the other would list every payment.
  const [byId, byNumber] = REFERENCE_FIELDS.map((field) => query.get(field))
  if (byId !== null && byNumber !== null && byId !== byNumber) return invalid(conflictingReferences())
  const invoice = byId ?? byNumber ?? null
  const matching = store
    .newestFirst(livemode)
    .filter(
      (payment) =>
        (status === null || payment.status === status) && (invoice === null || payment.invoice === invoice),
    )
  return listPageJson(url, matching, requested, settings.listPagination, (payment) =>
    paymentJson(payment, settings.referenceField),
  )
}

/**
 * The merchant's reference under either name, so a body from the other SDK
 * generation keeps its reference (and its idempotency) instead of silently
 * losing it; both names with different values are refused, naming both.
 */
function readReference(body: Record<string, unknown>, errors: Record<string, string[]>): string | undefined {
  const values = REFERENCE_FIELDS.map((field) => {
    const value = optionalString(body[field], 255)
    if (value === null) errors[field] = ['Must be a string of at most 255 characters.']
    return value
  })
  const [byId, byNumber] = values
  if (typeof byId === 'string' && typeof byNumber === 'string' && byId !== byNumber) {
    Object.assign(errors, conflictingReferences())
  }
  return values.find((value) => typeof value === 'string') ?? undefined
}

function conflictingReferences(): Record<string, string[]> {
  const message = [
    'invoice_id and invoice_number name the same reference: send one, or the same value in both.',
  ]
  return { invoice_id: message, invoice_number: message }
}

/** A refund, as `GET /payments/{id}/refunds` lists it. */
export function refundJson(refund: EmulatedRefund): Record<string, unknown> {
  return {
    id: refund.id,
    amount: formatTaka(refund.amountPoisha),
    source: refund.source,
    created_at: formatDhakaTime(refund.createdAt),
  }
}

// undefined: absent; null: present but invalid.
function optionalString(value: unknown, max: number): string | undefined | null {
  if (value === undefined || value === null) return undefined
  return typeof value === 'string' && value !== '' && value.length <= max ? value : null
}

function optionalUrl(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || !URL.canParse(value)) return null
  return /^https?:$/.test(new URL(value).protocol) ? value : null
}

function readMetadata(value: unknown): Record<string, string> | null {
  if (value === undefined || value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value)) return null
  const entries = Object.entries(value)
  if (entries.length > MAX_METADATA || entries.some(([, item]) => typeof item !== 'string')) return null
  return Object.fromEntries(entries) as Record<string, string>
}

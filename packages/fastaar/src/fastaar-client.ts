import {
  type CallOptions,
  type ProviderResponse,
  pathSegment,
  type Transport,
  validateBody,
} from '@paymux/core'
import type {
  FastaarCreatePaymentBody,
  FastaarListPaymentsQuery,
  FastaarPayment,
  FastaarPaymentList,
  FastaarRefund,
  FastaarRefundBody,
} from './fastaar-api.js'
import { DuplicateReferenceError } from './fastaar-duplicate-reference-error.js'
import { fastaarResponseHandler, readFastaarBody } from './fastaar-transport-handlers.js'
import { type FastaarSchemas, loadFastaarSchemas } from './load-fastaar-schemas.js'

/** What `createPayment` resolves to. */
export interface FastaarCreatePaymentResult {
  readonly payment: FastaarPayment
  /** `true` for HTTP 201 (created now), `false` for HTTP 200 (the existing payment for this invoice). */
  readonly created: boolean
}

/**
 * Fastaar's REST API, one typed function per endpoint, snake_case as Fastaar
 * writes it: `gateway.native`. Each function states its retry policy.
 */
export interface FastaarNativeClient {
  /**
   * `POST /payments`. Retried on transient failures only when the body
   * carries `invoice_id` / `invoice_number` (Fastaar then returns the existing
   * payment instead of a second one); without one it is sent exactly once.
   */
  createPayment(body: FastaarCreatePaymentBody, options?: CallOptions): Promise<FastaarCreatePaymentResult>
  /** `GET /payments/{id}`. Retried (a read). */
  retrievePayment(id: string, options?: CallOptions): Promise<FastaarPayment>
  /** `GET /payments?status=&invoice_id=&per_page=&page=`. Retried (a read). */
  listPayments(query?: FastaarListPaymentsQuery, options?: CallOptions): Promise<FastaarPaymentList>
  /**
   * `POST /payments/{id}/refund`. Never retried: a second attempt could refund
   * twice. Resolves to the payment when the answer carries one
   * (`{ data: <payment> }`, assumed), else `undefined`.
   */
  refundPayment(
    id: string,
    body?: FastaarRefundBody,
    options?: CallOptions,
  ): Promise<FastaarPayment | undefined>
  /** `GET /payments/{id}/refunds`. Retried (a read). */
  listRefunds(id: string, options?: CallOptions): Promise<FastaarRefund[]>
}

/**
 * Builds the native client on a transport set up for Fastaar (see
 * `createFastaar`). Each function loads the zod schemas (once) before it
 * sends, and builds its response handler from them; a bad id is still refused
 * before anything is loaded or sent.
 */
export function createFastaarClient(transport: Transport): FastaarNativeClient {
  const call = (options: CallOptions | undefined) => ({
    ...(options?.signal === undefined ? {} : { signal: options.signal }),
    ...(options?.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  })

  const client: FastaarNativeClient = {
    createPayment: async (body, options) => {
      const { fastaarPaymentEnvelopeSchema } = await loadFastaarSchemas()
      const paymentHandler = fastaarResponseHandler(fastaarPaymentEnvelopeSchema)
      return transport.request({
        operation: 'sessions.create',
        method: 'POST',
        path: '/payments',
        body,
        // Only the invoice makes a repeat harmless: without it every attempt is a new payment.
        retry: hasInvoice(body) ? 'safe' : 'never',
        handleResponse: (response) => ({
          payment: paymentHandler(response).data,
          created: response.status === 201,
        }),
        // Where Fastaar answers a repeated reference with 409 (newer APIs), a retry after a lost
        // answer meets the payment that lost attempt created: it is this call's payment, not a clash.
        afterLostAnswer: async (error) => {
          if (!DuplicateReferenceError.isInstance(error) || error.paymentId === undefined) return error
          try {
            return {
              recovered: { payment: await client.retrievePayment(error.paymentId, options), created: true },
            }
          } catch {
            return error
          }
        },
        ...call(options),
      })
    },

    // async, so a bad id rejects like every other failure instead of throwing at the call.
    retrievePayment: async (id, options) => {
      const path = `/payments/${pathId(id, 'payments.retrieve')}`
      const { fastaarPaymentEnvelopeSchema } = await loadFastaarSchemas()
      const body = await transport.request({
        operation: 'payments.retrieve',
        method: 'GET',
        path,
        retry: 'safe',
        handleResponse: fastaarResponseHandler(fastaarPaymentEnvelopeSchema),
        ...call(options),
      })
      return body.data
    },

    listPayments: async (query = {}, options) => {
      const { fastaarPaymentListSchema } = await loadFastaarSchemas()
      return transport.request({
        operation: 'payments.list',
        method: 'GET',
        path: '/payments',
        query: { ...query },
        retry: 'safe',
        handleResponse: fastaarResponseHandler(fastaarPaymentListSchema),
        ...call(options),
      })
    },

    refundPayment: async (id, body = {}, options) => {
      const path = `/payments/${pathId(id, 'payments.refund')}/refund`
      const schemas = await loadFastaarSchemas()
      return transport.request({
        operation: 'payments.refund',
        method: 'POST',
        path,
        body,
        retry: 'never',
        handleResponse: (response) => readRefundAnswer(response, schemas),
        ...call(options),
      })
    },

    listRefunds: async (id, options) => {
      const path = `/payments/${pathId(id, 'payments.listRefunds')}/refunds`
      const { fastaarRefundListSchema } = await loadFastaarSchemas()
      return transport.request({
        operation: 'payments.listRefunds',
        method: 'GET',
        path,
        retry: 'safe',
        handleResponse: fastaarResponseHandler(fastaarRefundListSchema),
        ...call(options),
      })
    },
  }
  return client
}

function hasInvoice(body: FastaarCreatePaymentBody): boolean {
  return (body.invoice_id ?? body.invoice_number ?? '') !== ''
}

function pathId(id: string, operation: string): string {
  return pathSegment(id, 'id', { provider: 'fastaar', operation })
}

// The refund answer's shape is not documented. A payment (`data.object: 'payment'`)
// is validated strictly; any other JSON is accepted as "done" and the caller
// looks the payment up. Failure flags and non-JSON bodies are still refused.
function readRefundAnswer(
  response: ProviderResponse,
  { fastaarPaymentEnvelopeSchema }: FastaarSchemas,
): FastaarPayment | undefined {
  if (response.text.trim() === '') return undefined
  const body = readFastaarBody(response)
  const data = typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : undefined
  const claimsPayment =
    typeof data === 'object' && data !== null && (data as { object?: unknown }).object === 'payment'
  const parsed = fastaarPaymentEnvelopeSchema.safeParse(body)
  if (parsed.success) return parsed.data.data
  return claimsPayment ? validateBody(response, fastaarPaymentEnvelopeSchema, body).data : undefined
}

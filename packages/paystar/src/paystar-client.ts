import {
  type CallOptions,
  parseInput,
  type ResponseHandler,
  type RetryPolicy,
  type Transport,
} from '@paymux/core'
import { loadPaystarSchemas, type PaystarSchemas } from './load-paystar-schemas.js'
import type {
  PaystarAccountManagementRequest,
  PaystarCustomerManagementRequest,
  PaystarEnvelope,
  PaystarInitiatePaymentRequest,
  PaystarManagementSessionData,
  PaystarPaymentSessionData,
} from './paystar-api.js'
import { referenceRefusedAfterLostAnswer } from './paystar-errors.js'

/**
 * Paystar's API, one typed function per documented endpoint. Each validates
 * its body locally (a bad one throws `InvalidRequestError` naming the
 * PascalCase field, before anything is sent), posts it with the
 * `X-Paystar-Api-Key` header, and resolves to the checked envelope.
 */
export interface PaystarNativeClient {
  /** `POST /integrations/embedded/initiate`: a one-time payment session (30 minutes). */
  initiatePayment(
    body: PaystarInitiatePaymentRequest,
    options?: CallOptions,
  ): Promise<PaystarEnvelope<PaystarPaymentSessionData>>
  /** `POST /integrations/embedded/initiate-manage-autopay`: AutoPay enrollment (60 minutes). */
  initiateManageAutopay(
    body: PaystarAccountManagementRequest,
    options?: CallOptions,
  ): Promise<PaystarEnvelope<PaystarManagementSessionData>>
  /** `POST /integrations/embedded/initiate-manage-wallet`: saved payment methods (60 minutes). */
  initiateManageWallet(
    body: PaystarCustomerManagementRequest,
    options?: CallOptions,
  ): Promise<PaystarEnvelope<PaystarManagementSessionData>>
  /** `POST /integrations/embedded/initiate-manage-paperless`: paperless billing (60 minutes). */
  initiateManagePaperless(
    body: PaystarAccountManagementRequest,
    options?: CallOptions,
  ): Promise<PaystarEnvelope<PaystarManagementSessionData>>
  /** `POST /integrations/embedded/initiate-manage-notifications`: email and SMS preferences (60 minutes). */
  initiateManageNotifications(
    body: PaystarCustomerManagementRequest,
    options?: CallOptions,
  ): Promise<PaystarEnvelope<PaystarManagementSessionData>>
}

/** The name of a native endpoint function. */
export type PaystarEndpointName = keyof PaystarNativeClient

interface Endpoint {
  readonly path: string
  /**
   * Every endpoint only creates a short-lived session: no money moves, and a
   * duplicate session simply expires unused. Paystar's best practices ask for
   * retries with exponential backoff on transient failures, so all are 'safe'.
   */
  readonly retry: RetryPolicy
  readonly data: 'payment' | 'management'
}

/**
 * Path and retry decision of every endpoint: the table the docs page repeats.
 * The body schemas are `PAYSTAR_REQUEST_SCHEMAS` in `@paymux/paystar/schemas`.
 */
export const PAYSTAR_ENDPOINTS: Readonly<Record<PaystarEndpointName, Endpoint>> = {
  initiatePayment: {
    path: '/integrations/embedded/initiate',
    retry: 'safe',
    data: 'payment',
  },
  initiateManageAutopay: {
    path: '/integrations/embedded/initiate-manage-autopay',
    retry: 'safe',
    data: 'management',
  },
  initiateManageWallet: {
    path: '/integrations/embedded/initiate-manage-wallet',
    retry: 'safe',
    data: 'management',
  },
  initiateManagePaperless: {
    path: '/integrations/embedded/initiate-manage-paperless',
    retry: 'safe',
    data: 'management',
  },
  initiateManageNotifications: {
    path: '/integrations/embedded/initiate-manage-notifications',
    retry: 'safe',
    data: 'management',
  },
}

// The response handlers need zod, so they are picked from the schemas once these are loaded.
const paymentHandler = (schemas: PaystarSchemas) => schemas.paystarPaymentHandler
const managementHandler = (schemas: PaystarSchemas) => schemas.paystarManagementHandler

/** The native client and, for the neutral adapter, a sender that skips the native body check. */
export interface PaystarClientParts {
  readonly client: PaystarNativeClient
  /** Posts a body the neutral adapter has already validated and mapped. */
  readonly sendPayment: (
    body: PaystarInitiatePaymentRequest,
    operation: string,
    options: CallOptions | undefined,
  ) => Promise<PaystarEnvelope<PaystarPaymentSessionData>>
  readonly sendManagement: (
    name: Exclude<PaystarEndpointName, 'initiatePayment'>,
    body: PaystarAccountManagementRequest | PaystarCustomerManagementRequest,
    operation: string,
    options: CallOptions | undefined,
  ) => Promise<PaystarEnvelope<PaystarManagementSessionData>>
}

/** Builds the native client on a transport that already carries the API key. */
export function createPaystarClient(transport: Transport): PaystarClientParts {
  function post<T>(
    name: PaystarEndpointName,
    body: unknown,
    operation: string,
    handleResponse: ResponseHandler<T>,
    options: CallOptions | undefined,
  ): Promise<T> {
    const endpoint = PAYSTAR_ENDPOINTS[name]
    return transport.request({
      operation,
      method: 'POST',
      path: endpoint.path,
      body,
      retry: endpoint.retry,
      handleResponse,
      signal: options?.signal,
      timeoutMs: options?.timeoutMs,
      ...(name === 'initiatePayment' && hasClientReference(body)
        ? { afterLostAnswer: referenceRefusedAfterLostAnswer }
        : {}),
    })
  }

  function native<T>(name: PaystarEndpointName, handler: (schemas: PaystarSchemas) => ResponseHandler<T>) {
    const context = { provider: transport.provider, operation: `native.${name}` }
    return async (body: unknown, options?: CallOptions): Promise<T> => {
      const schemas = await loadPaystarSchemas()
      return post(
        name,
        parseInput(schemas.PAYSTAR_REQUEST_SCHEMAS[name], body, context),
        context.operation,
        handler(schemas),
        options,
      )
    }
  }

  return {
    client: {
      initiatePayment: native('initiatePayment', paymentHandler),
      initiateManageAutopay: native('initiateManageAutopay', managementHandler),
      initiateManageWallet: native('initiateManageWallet', managementHandler),
      initiateManagePaperless: native('initiateManagePaperless', managementHandler),
      initiateManageNotifications: native('initiateManageNotifications', managementHandler),
    },
    sendPayment: async (body, operation, options) =>
      post('initiatePayment', body, operation, paymentHandler(await loadPaystarSchemas()), options),
    sendManagement: async (name, body, operation, options) =>
      post(name, body, operation, managementHandler(await loadPaystarSchemas()), options),
  }
}

function hasClientReference(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { ClientReference?: unknown }).ClientReference !== undefined
  )
}

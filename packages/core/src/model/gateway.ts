import type { HeaderBag } from '../webhooks/index.js'
import type { Price, Product, Recurring } from './catalog.js'
import type { Customer } from './customer.js'
import type { Money } from './money.js'
import type { Operation } from './operations.js'
import type { Payment, PaymentStatus, Refund } from './payment.js'
import type { PaymentMethod, PaymentMethodSetup } from './payment-method.js'
import type { PaymentSession, SessionMode, SessionPresentation } from './payment-session.js'
import type { ProviderId } from './ref.js'
import type { TaxQuote } from './tax-quote.js'
import type { WebhookEvent } from './webhook-event.js'

/** Per-call options every facet method takes last. */
export interface CallOptions {
  /** Cancels the call and any retry still to come. */
  readonly signal?: AbortSignal
  /** Overrides the client's `timeoutMs` for this call, per attempt. */
  readonly timeoutMs?: number
}

/** One line of a checkout: a catalog price or product, or an ad hoc amount where the gateway allows it. */
export interface LineItemInput {
  readonly priceId?: string
  readonly productId?: string
  readonly amount?: Money
  /** @default 1 */
  readonly quantity?: number
  readonly description?: string
}

/** The buyer, as far as the checkout needs to know. */
export interface CustomerInput {
  readonly email?: string
  readonly name?: string
  readonly firstName?: string
  readonly lastName?: string
}

/** Input of `sessions.create`, the same for every gateway. */
export interface CreateSessionInput {
  /** @default 'payment' */
  readonly mode?: SessionMode
  readonly lineItems?: readonly LineItemInput[]
  /** Shortcut for one ad hoc line item. */
  readonly amount?: Money
  readonly description?: string
  readonly customer?: CustomerInput
  readonly successUrl?: string
  readonly cancelUrl?: string
  /** Your own order id; on gateways that support it, it makes creation idempotent. */
  readonly reference?: string
  /** ISO 3166-1 alpha-2 country of the buyer, for tax. */
  readonly buyerCountry?: string
  readonly region?: string
  readonly presentation?: SessionPresentation
  readonly metadata?: Readonly<Record<string, string>>
  /** Settings only one gateway understands, under its id; each adapter validates its own. */
  readonly providerOptions?: Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>
}

/** Input of `payments.charge`: an off-session charge of a saved payment method. */
export interface ChargeInput {
  readonly customerId: string
  readonly paymentMethodId: string
  readonly amount: Money
  /** @default true */
  readonly offSession?: boolean
}

/** Filter of `payments.list`. */
export interface ListPaymentsFilter {
  readonly status?: PaymentStatus
  readonly reference?: string
  readonly limit?: number
  readonly cursor?: string
}

/** A page of results. Pass `nextCursor` back as `cursor` to get the next one. */
export interface ListResult<T> {
  readonly data: readonly T[]
  readonly hasMore: boolean
  readonly nextCursor?: string
}

/** Options of `payments.waitFor`, the polling helper for apps that cannot receive webhooks. */
export interface WaitForOptions {
  /** @default 'terminal' */
  readonly until?: 'terminal' | readonly PaymentStatus[]
  /** Give up after this long. */
  readonly timeoutMs: number
  readonly signal?: AbortSignal
}

/** A webhook delivery as your HTTP framework hands it over: the raw body, untouched, and the headers. */
export interface WebhookRequest {
  readonly rawBody: string | Uint8Array | ArrayBuffer
  readonly headers: HeaderBag
  /**
   * The URL the delivery was posted to, absolute or path and query. Only
   * gateways that authenticate with a token in the URL (Paystar can) read it.
   */
  readonly url?: string | URL
}

/** Creating and looking up checkout sessions. */
export interface SessionsFacet {
  create(input: CreateSessionInput, options?: CallOptions): Promise<PaymentSession>
  retrieve(id: string, options?: CallOptions): Promise<PaymentSession>
}

/** Payments: the methods a gateway has depend on it, see its `capabilities`. */
export interface PaymentsFacet {
  retrieve(id: string, options?: CallOptions): Promise<Payment>
  list(filter?: ListPaymentsFilter, options?: CallOptions): Promise<ListResult<Payment>>
  /** Charges a saved method off-session. Never retried; SCA throws `ActionRequiredError`. */
  charge(input: ChargeInput, options?: CallOptions): Promise<Payment>
  /** Refunds all of a payment, or `amount` of it; resolves to the payment afterwards. */
  refund(id: string, input?: { readonly amount?: Money }, options?: CallOptions): Promise<Payment>
  listRefunds(id: string, options?: CallOptions): Promise<readonly Refund[]>
  waitFor(id: string, options: WaitForOptions): Promise<Payment>
}

/**
 * Input of `customers.create`. Each field is optional here; each gateway
 * requires what it needs, and refuses before any request when it is missing
 * (FastStar: `email`; Fastaar: `name` and `phone`), naming the field.
 */
export interface CreateCustomerInput {
  readonly email?: string
  readonly name?: string
  /** A phone number, as written (gateways that cannot store one refuse it). */
  readonly phone?: string
}

/** Customer records, which own saved payment methods. */
export interface CustomersFacet {
  create(input: CreateCustomerInput, options?: CallOptions): Promise<Customer>
  retrieve(id: string, options?: CallOptions): Promise<Customer>
  list(
    filter?: { readonly limit?: number; readonly cursor?: string },
    options?: CallOptions,
  ): Promise<ListResult<Customer>>
}

/** Saving cards for later off-session charges. */
export interface PaymentMethodsFacet {
  createSetup(customerId: string, options?: CallOptions): Promise<PaymentMethodSetup>
  attach(
    customerId: string,
    input: { readonly setupIntentId: string },
    options?: CallOptions,
  ): Promise<PaymentMethod>
  list(customerId: string, options?: CallOptions): Promise<readonly PaymentMethod[]>
  setDefault(paymentMethodId: string, options?: CallOptions): Promise<void>
  detach(paymentMethodId: string, options?: CallOptions): Promise<void>
}

/** Input of `catalog.products.create`. */
export interface CreateProductInput {
  readonly name: string
  readonly description?: string
  readonly metadata?: Readonly<Record<string, string>>
}

/** Input of `catalog.prices.create`. */
export interface CreatePriceInput {
  readonly productId: string
  readonly unitAmount: Money
  /** @default 'one_time' */
  readonly type?: 'one_time' | 'recurring'
  readonly recurring?: Recurring
}

/** Products and prices. */
export interface CatalogFacet {
  readonly products: {
    create(input: CreateProductInput, options?: CallOptions): Promise<Product>
    list(options?: CallOptions): Promise<ListResult<Product>>
  }
  readonly prices: {
    create(input: CreatePriceInput, options?: CallOptions): Promise<Price>
    list(filter?: { readonly productId?: string }, options?: CallOptions): Promise<ListResult<Price>>
  }
}

/** Tax quotes. */
export interface TaxFacet {
  calculate(
    input: { readonly amount: Money; readonly country: string; readonly region?: string },
    options?: CallOptions,
  ): Promise<TaxQuote>
}

/** Authenticating and normalizing webhook deliveries. */
export interface WebhooksFacet {
  /** Verifies the signature on the raw body, then normalizes the event. Throws `WebhookVerificationError`. */
  verify(request: WebhookRequest): Promise<WebhookEvent>
  /**
   * Whether a delivery looks like one of this gateway's (its signature header
   * is there), without checking it. The router uses it to send a delivery to
   * the right gateway; a gateway without it is reached by naming its provider.
   */
  recognizes?(request: WebhookRequest): boolean
}

/** Every facet a gateway can have, by name. */
export interface GatewayFacets {
  sessions: SessionsFacet
  payments: PaymentsFacet
  customers: CustomersFacet
  paymentMethods: PaymentMethodsFacet
  catalog: CatalogFacet
  tax: TaxFacet
  webhooks: WebhooksFacet
}

/** A facet's name. */
export type FacetName = keyof GatewayFacets

export type { Operation } from './operations.js'

/** What a gateway can do, at run time: what the router and the conformance suite read. */
export interface GatewayCapabilities {
  /** Every operation the gateway implements; the gateway's type has exactly these methods. */
  readonly operations: readonly Operation[]
  /** ISO 4217 codes the gateway accepts, or `'any'`. */
  readonly currencies: readonly string[] | 'any'
  readonly sessionModes: readonly SessionMode[]
  readonly presentations: readonly SessionPresentation[]
  /** Whether `payments.refund` takes an `amount` smaller than the payment. */
  readonly partialRefunds?: boolean
  /**
   * Neutral input fields the gateway cannot carry, by operation, as dotted
   * paths (`'description'`, `'customer.name'`). Core applies one policy to
   * them: a call that sets one is refused before any request with
   * `InvalidRequestError` (`unsupported_field`), never sent without it.
   */
  readonly unsupportedFields?: { readonly [O in Operation]?: readonly string[] }
}

/**
 * The version of this gateway contract. Core checks it, so a gateway written
 * against an older contract keeps working, or is refused with a clear error,
 * when core moves on.
 */
export type SpecificationVersion = 'v1'

/** The versions of the gateway contract this core implements; `createRouter` refuses a gateway declaring another. */
export const SUPPORTED_SPECIFICATION_VERSIONS: readonly SpecificationVersion[] = Object.freeze(['v1'])

/** What every gateway object has, whatever its facets. */
export interface GatewayBase<Id extends ProviderId = ProviderId, Native = unknown> {
  readonly specificationVersion: SpecificationVersion
  readonly id: Id
  readonly capabilities: GatewayCapabilities
  /** The provider's own API, one typed function per endpoint, for fields paymux does not model. */
  readonly native: Native
}

/** The facets a gateway may choose from: whole facets, or some methods of one. */
export type FacetSelection = { readonly [K in FacetName]?: Partial<GatewayFacets[K]> }

/**
 * A gateway: its base and exactly the facets (and methods) it has, so a facet a
 * provider lacks is absent from its type:
 * `Gateway<'fastaar', { sessions: SessionsFacet; payments: Pick<PaymentsFacet, 'retrieve' | 'list'> }>`.
 */
export type Gateway<
  Id extends ProviderId = ProviderId,
  Facets extends FacetSelection = FacetSelection,
  Native = unknown,
> = GatewayBase<Id, Native> & Facets

/** Any gateway, from paymux or written by others. */
export type AnyGateway = GatewayBase & FacetSelection

/** True when `gateway` declares `operation` in its capabilities. */
export function supports(gateway: Pick<GatewayBase, 'capabilities'>, operation: Operation): boolean {
  return gateway.capabilities.operations.includes(operation)
}

import type { CreateSessionInput, Money } from '@paymux/core'
import type { GatewayId, HandledWebhook, OrderRow, Shop } from '../shop.js'
import { show } from '../storefront.js'

/** How the buyer pays a product of the web storefront: one flow per gateway's browser half. */
export type StorefrontFlow = 'faststar' | 'fastaar' | 'paystar'

/** A product on the storefront's home page. */
export interface StorefrontProduct {
  readonly id: string
  readonly title: string
  /** The price the buyer is shown before checkout (FastStar adds US sales tax on top). */
  readonly price: Money
  readonly flow: StorefrontFlow
  /** One line on how it is paid, shown under the title. */
  readonly how: string
}

/** The storefront's catalog: one product per browser flow of the issue. */
export const STOREFRONT_PRODUCTS: readonly StorefrontProduct[] = [
  {
    id: 'coffee',
    title: 'Coffee beans, 250 g',
    price: { amount: 999, currency: 'USD' },
    flow: 'faststar',
    how: 'Card, in FastStar’s checkout overlay (FastStar.checkout.open)',
  },
  {
    id: 'tea',
    title: 'Assam tea, 1 kg',
    price: { amount: 107_950, currency: 'BDT' },
    flow: 'fastaar',
    how: 'bKash, on Fastaar’s checkout page: you type the TrxID',
  },
  {
    id: 'water-bill',
    title: 'March water bill, account ACC-12345',
    price: { amount: 1079, currency: 'USD' },
    flow: 'paystar',
    how: 'Paystar’s embedded payment session (Paystar.completePayment)',
  },
]

/** Each gateway as a buyer reads its name. */
export const GATEWAY_NAMES: Readonly<Record<GatewayId, string>> = {
  faststar: 'FastStar',
  fastaar: 'Fastaar',
  paystar: 'Paystar',
}

/** An order placed on the web storefront: the shop's ledger row plus what its page needs. */
export interface WebOrder {
  readonly id: string
  readonly product: StorefrontProduct
  /** The gateway's checkout: FastStar's hosted page, Fastaar's checkout_url, Paystar's session link. */
  readonly checkoutUrl: string
  readonly sessionRef: string
}

/** What `GET /orders/:id` answers as JSON: the order page polls it. */
export interface OrderView {
  readonly order: string
  readonly title: string
  readonly flow: StorefrontFlow
  readonly gateway: GatewayId
  /** `pending` until a verified payment webhook moves the order; then `paid`, or the payment's status. */
  readonly status: string
  readonly amount: Money
  /** The amount as shown: `USD 10.79`. */
  readonly total: string
  /** The verified webhook that last moved the order, if any. */
  readonly webhook: HandledWebhook | undefined
  /** The line under the status: which verified webhook moved the order, or what it waits for. */
  readonly confirmation: string
}

/**
 * Places an order: opens a checkout session through the shop's router and
 * puts the order in the ledger as `open` (shown `pending`) until a verified
 * webhook says more.
 */
export async function placeOrder(
  shop: Shop,
  product: StorefrontProduct,
  id: string,
  origin: string,
): Promise<WebOrder> {
  const session = await shop.router.sessions.create(sessionInput(product, id, origin))
  const total = session.amounts?.total ?? session.amounts?.subtotal ?? product.price
  shop.orders.set(id, { order: id, gateway: session.provider, status: 'open', amount: total })
  return { id, product, checkoutUrl: session.url, sessionRef: session.ref }
}

/** The order as the page shows it; undefined for an order the ledger lacks. */
export function viewOrder(shop: Shop, order: WebOrder): OrderView | undefined {
  const row: OrderRow | undefined = shop.orders.get(order.id)
  if (row === undefined) return undefined
  const webhook = shop.handledWebhooks.findLast((event) => event.order === order.id)
  return {
    order: order.id,
    title: order.product.title,
    flow: order.product.flow,
    gateway: row.gateway,
    status: statusOf(row.status),
    amount: row.amount,
    total: show(row.amount),
    webhook,
    confirmation:
      webhook === undefined
        ? `Waiting for ${GATEWAY_NAMES[row.gateway]}’s webhook: the redirect alone proves nothing.`
        : `Confirmed by ${GATEWAY_NAMES[row.gateway]}’s verified ${webhook.nativeType} webhook (${webhook.id}).`,
  }
}

/** The ledger's status in the buyer's words: the neutral `succeeded` is `paid`, `open` is `pending`. */
export function statusOf(ledger: string): string {
  if (ledger === 'open') return 'pending'
  return ledger === 'succeeded' ? 'paid' : ledger
}

function sessionInput(
  product: StorefrontProduct,
  id: string,
  origin: string,
): CreateSessionInput & { readonly reference: string } {
  // The buyer comes back to the order page either way; the page trusts only the webhook.
  const urls = { successUrl: `${origin}/orders/${id}`, cancelUrl: `${origin}/orders/${id}` }
  switch (product.flow) {
    case 'faststar':
      // presentation 'embedded' is FastStar's `iframe`: the SDK overlay.
      return {
        amount: product.price,
        description: product.title,
        customer: { email: 'jane@example.com' },
        buyerCountry: 'US',
        reference: id,
        presentation: 'embedded',
        ...urls,
      }
    case 'fastaar':
      // Only what Fastaar carries: it refuses a description or customer (unsupported_field).
      return { amount: product.price, reference: id, ...urls }
    case 'paystar':
      // The biller's accounts route it to Paystar (the shop's utilityBills rule).
      return {
        lineItems: [
          { amount: { amount: 979, currency: 'USD' }, description: 'March water bill' },
          { amount: { amount: 100, currency: 'USD' }, description: 'Meter fee' },
        ],
        customer: { email: 'john@example.com', firstName: 'John', lastName: 'Doe' },
        reference: id,
        ...urls,
        providerOptions: {
          // One account per line item: both charges are on the same utility account.
          paystar: {
            accounts: [{ accountNumber: 'ACC-12345', name: 'John Doe' }, { accountNumber: 'ACC-12345' }],
          },
        },
      }
  }
}

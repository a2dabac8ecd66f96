import { readFile } from 'node:fs/promises'
import { serveFetchHandler } from '@paymux/core/emulator'
import { describe, openShop, type Shop } from '../shop.js'
import { placeOrder, STOREFRONT_PRODUCTS, viewOrder, type WebOrder } from './storefront-orders.js'
import { cardsPage, errorPage, type GatewayOrigins, homePage, orderPage } from './storefront-pages.js'

/** How {@link startStorefrontWeb} serves. */
export interface StorefrontWebOptions {
  /** The port to listen on. @default 0 (a free one) */
  readonly port?: number
  /** The address to listen on. @default '127.0.0.1' */
  readonly hostname?: string
  /** Receives the shop's lines (router hooks, webhooks as they are handled). @default drops them */
  readonly say?: (line: string) => void
}

/** The web storefront, running. */
export interface StorefrontWeb {
  /** `http://127.0.0.1:<port>`: open it in a browser. */
  readonly url: string
  /** The shop behind it: emulators, router, ledger and the webhooks it handled. */
  readonly shop: Shop
  /** The orders placed on the pages, by id. */
  readonly orders: ReadonlyMap<string, WebOrder>
  /** Closes the page server, then the shop (emulators after their pending deliveries, the webhook endpoint). */
  close(): Promise<void>
}

/** A customer as the shop's router answers it (its ref typed to the shop's gateways). */
type ShopCustomer = Awaited<ReturnType<Shop['router']['customers']['create']>>

/** What a route gets: the shop, the storefront's own state, and the request. */
interface Context {
  readonly shop: Shop
  readonly orders: Map<string, WebOrder>
  readonly origins: GatewayOrigins
  readonly assets: Readonly<Record<string, { readonly type: string; readonly body: string }>>
  /** The shop's one FastStar customer for saved cards, made on first use. */
  customer: Promise<ShopCustomer> | undefined
}

const ASSETS = { 'storefront.js': 'text/javascript', 'storefront.css': 'text/css' } as const

/**
 * Serves the storefront's pages on `node:http` (loopback), in front of the
 * demo shop: its three emulators, its router and its verified webhook
 * endpoint. A buyer pays in each gateway's own browser flow; an order turns
 * `paid` only when the shop has handled the gateway's verified webhook.
 */
export async function startStorefrontWeb(options: StorefrontWebOptions = {}): Promise<StorefrontWeb> {
  const shop = await openShop(options.say ?? (() => {}))
  const context: Context = {
    shop,
    orders: new Map(),
    origins: shop.urls,
    assets: await loadAssets(),
    customer: undefined,
  }
  const served = await serveFetchHandler((request) => route(context, request), {
    port: options.port ?? 0,
    hostname: options.hostname ?? '127.0.0.1',
  })
  return {
    url: served.url,
    shop,
    orders: context.orders,
    async close() {
      await served.close()
      await shop.close()
    },
  }
}

async function loadAssets(): Promise<Context['assets']> {
  const entries = await Promise.all(
    Object.entries(ASSETS).map(async ([name, type]) => {
      const body = await readFile(new URL(`./assets/${name}`, import.meta.url), 'utf8')
      return [name, { type, body }] as const
    }),
  )
  return Object.fromEntries(entries)
}

/** The storefront's routes; a failure becomes a page the buyer can read, never a dropped connection. */
async function route(context: Context, request: Request): Promise<Response> {
  const { pathname } = new URL(request.url)
  const key = `${request.method} ${pathname}`
  try {
    if (key === 'GET /') return html(homePage())
    if (key === 'POST /orders') return await createOrder(context, request)
    if (key === 'GET /cards') return await cards(context, request)
    if (key === 'POST /cards/setup') return await cardSetup(context)
    const order = /^GET \/orders\/([\w-]+)$/.exec(key)?.[1]
    if (order !== undefined) return showOrder(context, request, order)
    const asset = /^GET \/assets\/([\w.-]+)$/.exec(key)?.[1]
    const file = asset === undefined ? undefined : context.assets[asset]
    if (file !== undefined)
      return new Response(file.body, { headers: { 'content-type': `${file.type}; charset=utf-8` } })
    return html(errorPage('Not found', `Nothing at ${request.method} ${pathname}.`), 404)
  } catch (error) {
    return html(errorPage('The gateway refused', describe(error)), 502)
  }
}

async function createOrder(context: Context, request: Request): Promise<Response> {
  const productId = (await request.formData()).get('product')
  const product = STOREFRONT_PRODUCTS.find((candidate) => candidate.id === productId)
  if (product === undefined) {
    const known = STOREFRONT_PRODUCTS.map((candidate) => candidate.id).join(', ')
    return html(errorPage('Unknown product', `product must be one of ${known}.`), 400)
  }
  const id = `order-${2001 + context.orders.size}`
  const order = await placeOrder(context.shop, product, id, new URL(request.url).origin)
  context.orders.set(id, order)
  return new Response(null, { status: 303, headers: { location: `/orders/${id}` } })
}

function showOrder(context: Context, request: Request, id: string): Response {
  const order = context.orders.get(id)
  const view = order === undefined ? undefined : viewOrder(context.shop, order)
  const json = wantsJson(request)
  if (order === undefined || view === undefined) {
    return json
      ? Response.json({ error: 'not_found', message: `no order ${id}` }, { status: 404 })
      : html(errorPage('Not found', `There is no order ${id}.`), 404)
  }
  return json ? Response.json(view, { headers: NO_STORE }) : html(orderPage(order, view, context.origins))
}

/** The customer's saved cards, as the shop reads them back from FastStar (JSON), or the page. */
async function cards(context: Context, request: Request): Promise<Response> {
  if (!wantsJson(request)) return html(cardsPage(context.origins))
  const customer = context.customer === undefined ? undefined : await context.customer
  const saved = customer === undefined ? [] : await context.shop.router.paymentMethods.list(customer.ref)
  const list = saved.map(({ id, brand, last4, expMonth, expYear }) => ({
    id,
    brand,
    last4,
    expMonth,
    expYear,
  }))
  return Response.json({ cards: list }, { headers: NO_STORE })
}

/** A SetupIntent for the card popup, in the shape FastStar's docs hand to `FastStar.cards.add`. */
async function cardSetup(context: Context): Promise<Response> {
  context.customer ??= context.shop.router.customers
    .create({ email: 'jane@example.com', name: 'Jane Buyer' })
    .catch((error: unknown) => {
      context.customer = undefined // the next click tries again
      throw error
    })
  const customer = await context.customer
  const setup = await context.shop.router.paymentMethods.createSetup(customer.ref)
  return Response.json(
    {
      client_secret: setup.clientSecret,
      publishable_key: setup.publishableKey,
      setup_intent_id: setup.setupIntentId,
    },
    { headers: NO_STORE },
  )
}

// The order page polls: a cached answer would keep it "pending" forever.
const NO_STORE = { 'cache-control': 'no-store' }

function wantsJson(request: Request): boolean {
  return (request.headers.get('accept') ?? '').includes('application/json')
}

function html(body: string, status = 200): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', ...NO_STORE } })
}

import { show } from '../storefront.js'
import { GATEWAY_NAMES, type OrderView, STOREFRONT_PRODUCTS, type WebOrder } from './storefront-orders.js'

/** Where the storefront's pages load each gateway's browser script from: the emulators' own origins. */
export interface GatewayOrigins {
  readonly faststar: string
  readonly fastaar: string
  readonly paystar: string
}

/** `&`, `<`, `>`, `"` and `'` as entities, for text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

/** The home page: one product per payment flow, and the saved-cards page. */
export function homePage(): string {
  const products = STOREFRONT_PRODUCTS.map(
    (product) => `<li class="product" data-testid="product-${product.id}">
  <h2>${escapeHtml(product.title)}</h2>
  <p class="price">${escapeHtml(show(product.price))}</p>
  <p class="how">${escapeHtml(product.how)}</p>
  <form method="post" action="/orders"><input type="hidden" name="product" value="${product.id}">
    <button type="submit" id="buy-${product.id}">Buy</button></form>
</li>`,
  ).join('\n')
  return layout(
    'paymux storefront',
    `<h1>paymux storefront</h1>
<p class="note">Three gateways, each an emulator on loopback. Nothing leaves this machine.</p>
<ul class="products">
${products}
</ul>
<p><a id="cards-link" href="/cards">Saved cards (FastStar.cards.add)</a></p>`,
  )
}

/**
 * An order's page: its status (polled from `GET /orders/:id` as JSON, so it
 * turns `paid` when the shop has handled the verified webhook) and the Pay
 * button of its gateway's browser flow.
 */
export function orderPage(order: WebOrder, view: OrderView, origins: GatewayOrigins): string {
  const script = gatewayScript(order.product.flow, origins)
  return layout(
    `Order ${order.id}`,
    `<p><a href="/">← storefront</a></p>
<h1>Order ${escapeHtml(order.id)}</h1>
<main id="order" data-order="${escapeHtml(order.id)}" data-flow="${order.product.flow}" data-checkout-url="${escapeHtml(order.checkoutUrl)}">
  <p>${escapeHtml(view.title)}: <strong id="total">${escapeHtml(view.total)}</strong> via ${GATEWAY_NAMES[view.gateway]}</p>
  <p>Status: <strong id="status" data-status="${escapeHtml(view.status)}">${escapeHtml(view.status)}</strong></p>
  <p id="confirmation" class="note">${escapeHtml(view.confirmation)}</p>
  <button type="button" id="pay"${view.status === 'pending' ? '' : ' hidden'}>${payLabel(order.product.flow)}</button>
  <p id="thanks" hidden></p>
  <p id="error" class="error" hidden></p>
</main>
${script}<script src="/assets/storefront.js"></script>`,
  )
}

/** The saved-cards page: the cards the shop's customer has at FastStar, and "Add a card". */
export function cardsPage(origins: GatewayOrigins): string {
  return layout(
    'Saved cards',
    `<p><a href="/">← storefront</a></p>
<h1>Saved cards</h1>
<main id="cards-page">
  <p class="note">Cards are saved at FastStar through <code>FastStar.cards.add</code>: the card never reaches the shop.</p>
  <ul id="cards"><li class="empty">No saved card yet.</li></ul>
  <button type="button" id="add-card">Add a card</button>
  <p id="card-result" hidden></p>
  <p id="error" class="error" hidden></p>
</main>
${gatewayScript('faststar', origins)}<script src="/assets/storefront.js"></script>`,
  )
}

/** A short page for an error the buyer can read (never a secret: paymux errors carry none). */
export function errorPage(title: string, message: string): string {
  return layout(
    title,
    `<p><a href="/">← storefront</a></p><h1>${escapeHtml(title)}</h1><p class="error">${escapeHtml(message)}</p>`,
  )
}

function payLabel(flow: WebOrder['product']['flow']): string {
  if (flow === 'fastaar') return 'Pay with bKash'
  return flow === 'paystar' ? 'Pay bill' : 'Pay by card'
}

// Fastaar has no script: its flow is a plain redirect to checkout_url.
function gatewayScript(flow: WebOrder['product']['flow'], origins: GatewayOrigins): string {
  if (flow === 'faststar')
    return `<script src="${escapeHtml(origins.faststar)}/sdk/v1/faststar.min.js"></script>\n`
  if (flow === 'paystar')
    return `<script src="${escapeHtml(origins.paystar)}/app/embedded.loader.js"></script>\n`
  return ''
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/storefront.css"></head>
<body>
${body}
</body></html>
`
}

import type { EmulatedPayment, EmulatorStore } from './emulator-store.js'
import { formatTaka } from './emulator-wire.js'

/** What a buyer's TrxID submission led to. */
export interface CheckoutOutcome {
  /** The payment's status afterwards. */
  readonly status: string
  /** Where the buyer is sent: `success_url` / `cancel_url` with `payment_id` (and the invoice) appended, when set. */
  readonly redirectUrl: string | undefined
}

/** How the checkout page behaves. */
export interface CheckoutSettings {
  readonly referenceField: 'invoice_id' | 'invoice_number'
  /** The query parameter that carries the reference on the return URL. */
  readonly returnReferenceParam: 'invoice_id' | 'invoice_number'
  /** Whether a submitted TrxID is matched at once (Fastaar's test mode) or waits for `matchSms`. */
  readonly autoMatch: (payment: EmulatedPayment) => boolean
  /** The wallets the page offers, the first preselected. */
  readonly wallets: readonly string[]
  /** The merchant's number per wallet, shown as where to send money. */
  readonly merchantWallet: Readonly<Record<string, string>>
}

/** bKash is in the documents, Nagad in the official SDK's README; anything else would be invented. */
export const DEFAULT_WALLETS: readonly string[] = ['bkash', 'nagad']

const WALLET_NAMES: Readonly<Record<string, string>> = {
  bkash: 'bKash',
  nagad: 'Nagad',
  rocket: 'Rocket',
  upay: 'Upay',
}
// A guess: bKash TrxIDs are 10 characters; other wallets' are undocumented, so the check is lenient.
const TRX_ID = /^[A-Za-z0-9]{6,20}$/
const WALLET_NAME = /^[a-z][a-z0-9_-]{0,31}$/

/** Checks the `wallets` option, naming the field at fault. */
export function checkWallets(wallets: readonly string[] | undefined): readonly string[] {
  if (wallets === undefined) return DEFAULT_WALLETS
  if (!Array.isArray(wallets) || wallets.length === 0) {
    throw new TypeError('wallets must be a non-empty list of wallet names, such as ["bkash", "nagad"]')
  }
  const bad = wallets.findIndex((wallet) => typeof wallet !== 'string' || !WALLET_NAME.test(wallet))
  if (bad !== -1) {
    throw new TypeError(
      `wallets[${bad}] must be a lower-case wallet name such as "bkash", got ${JSON.stringify(wallets[bad])}`,
    )
  }
  return [...wallets]
}

/** The TrxID step, for the page and for tests alike. A wallet the page does not offer is refused. */
export function submitTrxId(
  store: EmulatorStore,
  settings: CheckoutSettings,
  payment: EmulatedPayment,
  input: { readonly trxId: string; readonly wallet?: string; readonly senderNumber?: string },
): CheckoutOutcome {
  const wallet = input.wallet ?? (settings.wallets[0] as string)
  if (!settings.wallets.includes(wallet)) {
    throw new TypeError(`wallet must be one of ${settings.wallets.join(', ')}, got ${JSON.stringify(wallet)}`)
  }
  store.submitTrxId(payment, input.trxId, wallet, input.senderNumber)
  if (payment.status === 'awaiting_verification' && settings.autoMatch(payment)) store.matchSms(payment)
  return { status: payment.status, redirectUrl: returnUrl(payment, settings) }
}

/**
 * Where checkout sends the buyer once it resolves: `success_url` when paid,
 * `cancel_url` when it failed or expired (a guess: the document only says
 * "once checkout resolves"), nothing while the TrxID is being verified.
 */
export function returnUrl(
  payment: EmulatedPayment,
  settings: CheckoutSettings,
  cancelled = false,
): string | undefined {
  const paid = payment.status === 'completed' || payment.status.endsWith('refunded')
  const closed = payment.status === 'failed' || payment.status === 'expired'
  const base = paid ? payment.successUrl : cancelled || closed ? payment.cancelUrl : undefined
  if (base === undefined) return undefined
  const url = new URL(base)
  url.searchParams.set('payment_id', payment.id)
  if (payment.invoice !== undefined) url.searchParams.set(settings.returnReferenceParam, payment.invoice)
  return url.toString()
}

/** Serves `GET /pay/{id}` (the page), `POST /pay/{id}` (the TrxID form) and `POST /pay/{id}/cancel`. */
export async function handleCheckout(
  request: Request,
  url: URL,
  store: EmulatorStore,
  settings: CheckoutSettings,
): Promise<Response> {
  const [, , id = '', action] = url.pathname.split('/')
  const payment = store.get(decodeURIComponent(id))
  if (payment === undefined) {
    return page('Payment not found', '<p data-testid="not-found">This payment link is not valid.</p>', 404)
  }
  if (request.method === 'GET' && action === undefined) return show(payment, settings)
  if (request.method !== 'POST') return page('Not allowed', '<p>Method not allowed.</p>', 405)
  if (action === 'cancel') {
    // Cancelling leaves the payment pending until it expires: the document names no cancelled state for it.
    const target = returnUrl(payment, settings, true)
    return target === undefined
      ? page('Cancelled', '<p data-testid="cancelled">You cancelled this payment.</p>')
      : redirect(target)
  }
  if (action !== undefined) return page('Not found', '<p>Not found.</p>', 404)
  if (payment.status !== 'pending') return show(payment, settings)
  const form = new URLSearchParams(await request.text())
  const trxId = (form.get('trx_id') ?? '').trim()
  const wallet = form.get('provider') ?? settings.wallets[0] ?? ''
  if (!TRX_ID.test(trxId) || !settings.wallets.includes(wallet)) {
    const problem = settings.wallets.includes(wallet)
      ? 'Enter the TrxID from your wallet: 6–20 letters or digits.'
      : 'Choose one of the wallets listed.'
    return page('Check your TrxID', trxForm(payment, settings, problem), 422)
  }
  const sender = form.get('sender_number')?.trim()
  const outcome = submitTrxId(store, settings, payment, {
    trxId,
    wallet,
    ...(sender === undefined || sender === '' ? {} : { senderNumber: sender }),
  })
  return outcome.redirectUrl === undefined ? show(payment, settings) : redirect(outcome.redirectUrl)
}

function show(payment: EmulatedPayment, settings: CheckoutSettings): Response {
  const target = returnUrl(payment, settings)
  if (target !== undefined) return redirect(target)
  switch (payment.status) {
    case 'pending':
      return page(`Pay ${taka(payment)}`, trxForm(payment, settings))
    case 'awaiting_verification':
      return page(
        'Verifying your payment',
        `${summary(payment, settings)}<p data-testid="verifying">We received TrxID <code>${escapeHtml(payment.trxId ?? '')}</code> and are matching it with your wallet's SMS.</p>`,
        200,
        '<meta http-equiv="refresh" content="3">',
      )
    default:
      return page(
        `Payment ${payment.status}`,
        `${summary(payment, settings)}<p data-testid="status" data-status="${escapeHtml(payment.status)}">This payment of ${taka(payment)} is ${escapeHtml(payment.status)}.</p>`,
      )
  }
}

// "BDT", not "৳": the taka sign needs a Bengali font that many machines (and headless browsers) lack.
function taka(payment: EmulatedPayment): string {
  return `BDT ${formatTaka(payment.amountPoisha)}`
}

/** The amount and the merchant's reference, and a note on test-mode payments. */
function summary(payment: EmulatedPayment, settings: CheckoutSettings): string {
  const reference =
    payment.invoice === undefined
      ? ''
      : `<p>Invoice <strong id="reference" data-testid="reference">${escapeHtml(payment.invoice)}</strong></p>`
  const testMode = payment.livemode
    ? ''
    : `<p id="test-mode" data-testid="test-mode" role="note">Test mode: no money moves. ${
        settings.autoMatch(payment)
          ? 'Any TrxID of 6–20 letters or digits completes the payment at once.'
          : 'A TrxID waits until the emulator matches its SMS.'
      }</p>`
  return `${testMode}<p>Amount <strong id="amount" data-testid="amount">${taka(payment)}</strong></p>${reference}`
}

function trxForm(payment: EmulatedPayment, settings: CheckoutSettings, problem?: string): string {
  const id = encodeURIComponent(payment.id)
  const wallets = settings.wallets
    .map((wallet, index) => {
      const name = escapeHtml(WALLET_NAMES[wallet] ?? wallet)
      const number = settings.merchantWallet[wallet]
      const to =
        number === undefined
          ? ''
          : ` <small data-testid="merchant-wallet-${wallet}">Send Money to ${escapeHtml(number)}</small>`
      return `<label><input type="radio" name="provider" value="${wallet}" id="wallet-${wallet}" data-testid="wallet-${wallet}"${index === 0 ? ' checked' : ''}> ${name}</label>${to}`
    })
    .join('')
  return `${summary(payment, settings)}
<p>Send ${taka(payment)} from your mobile wallet, then enter its transaction ID (TrxID).</p>
${problem === undefined ? '' : `<p role="alert" id="error" data-testid="error">${escapeHtml(problem)}</p>`}
<form method="post" action="/pay/${id}" id="pay-form" data-testid="pay-form">
<fieldset><legend>Wallet</legend>${wallets}</fieldset>
<label>TrxID <input name="trx_id" id="trx-id" data-testid="trx-id" required pattern="[A-Za-z0-9]{6,20}" autocomplete="off"></label>
<label>Sender number <input name="sender_number" id="sender-number" data-testid="sender-number" inputmode="tel"></label>
<button type="submit" id="submit" data-testid="submit">Submit</button>
</form>
<form method="post" action="/pay/${id}/cancel"><button type="submit" id="cancel" data-testid="cancel">Cancel</button></form>`
}

// Every page and redirect is per payment and changes with its status: never cached.
const NO_STORE = { 'cache-control': 'no-store' }

const STYLE =
  '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}' +
  'label{display:block;margin:.5rem 0}fieldset label{display:inline-block;margin-right:1rem}' +
  'input[type=text],input:not([type]){display:block;width:100%;padding:.4rem;box-sizing:border-box}' +
  'button{padding:.5rem 1.25rem;margin-top:.75rem}[role=note]{background:#fff4ce;padding:.5rem}' +
  '[role=alert]{color:#a00}</style>'

function page(title: string, body: string, status = 200, head = ''): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Fastaar (emulator)</title>${STYLE}${head}</head><body><main id="fastaar-checkout" data-testid="checkout"><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', ...NO_STORE } })
}

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { location, ...NO_STORE } })
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

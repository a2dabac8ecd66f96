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
}

const WALLETS = ['bkash', 'nagad', 'rocket', 'upay']
const TRX_ID = /^[A-Za-z0-9]{6,20}$/

/** The TrxID step, for the page and for tests alike. */
export function submitTrxId(
  store: EmulatorStore,
  settings: CheckoutSettings,
  payment: EmulatedPayment,
  input: { readonly trxId: string; readonly wallet?: string; readonly senderNumber?: string },
): CheckoutOutcome {
  store.submitTrxId(payment, input.trxId, input.wallet ?? 'bkash', input.senderNumber)
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
  if (payment === undefined) return page('Payment not found', '<p>This payment link is not valid.</p>', 404)
  if (request.method === 'GET' && action === undefined) return show(payment, settings)
  if (request.method !== 'POST') return page('Not allowed', '<p>Method not allowed.</p>', 405)
  if (action === 'cancel') {
    // Cancelling leaves the payment pending until it expires: the document names no cancelled state for it.
    const target = returnUrl(payment, settings, true)
    return target === undefined ? page('Cancelled', '<p>You cancelled this payment.</p>') : redirect(target)
  }
  if (action !== undefined) return page('Not found', '<p>Not found.</p>', 404)
  if (payment.status !== 'pending') return show(payment, settings)
  const form = new URLSearchParams(await request.text())
  const trxId = (form.get('trx_id') ?? '').trim()
  const wallet = form.get('provider') ?? 'bkash'
  if (!TRX_ID.test(trxId) || !WALLETS.includes(wallet)) {
    return page(
      'Check your TrxID',
      `${trxForm(payment, 'Enter the TrxID from your wallet: 6–20 letters or digits.')}`,
      422,
    )
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
  const amount = `৳${formatTaka(payment.amountPoisha)}`
  switch (payment.status) {
    case 'pending':
      return page(`Pay ${amount}`, trxForm(payment))
    case 'awaiting_verification':
      return page(
        'Verifying your payment',
        `<p>We received TrxID <code>${escapeHtml(payment.trxId ?? '')}</code> and are matching it with your wallet's SMS.</p>`,
        200,
        '<meta http-equiv="refresh" content="3">',
      )
    default:
      return page(
        `Payment ${payment.status}`,
        `<p>This payment of ${amount} is ${escapeHtml(payment.status)}.</p>`,
      )
  }
}

function trxForm(payment: EmulatedPayment, problem?: string): string {
  const options = WALLETS.map((wallet) => `<option value="${wallet}">${wallet}</option>`).join('')
  return `<p>Send ৳${formatTaka(payment.amountPoisha)} from your mobile wallet, then enter its transaction ID (TrxID).</p>
${problem === undefined ? '' : `<p role="alert">${escapeHtml(problem)}</p>`}
<form method="post" action="/pay/${encodeURIComponent(payment.id)}">
<label>Wallet <select name="provider">${options}</select></label>
<label>TrxID <input name="trx_id" required pattern="[A-Za-z0-9]{6,20}"></label>
<label>Sender number <input name="sender_number" inputmode="tel"></label>
<button type="submit">Submit</button>
</form>
<form method="post" action="/pay/${encodeURIComponent(payment.id)}/cancel"><button type="submit">Cancel</button></form>`
}

function page(title: string, body: string, status = 200, head = ''): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Fastaar (emulator)</title>${head}</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8' } })
}

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { location } })
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

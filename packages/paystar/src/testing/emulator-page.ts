import type { EmbeddedMessage } from './emulator-embedded.js'
import { MESSAGE_SOURCE } from './emulator-loader.js'
import type { EmulatedPaymentSource, EmulatedSession, EmulatorStore } from './emulator-store.js'
import { centsToDollars } from './emulator-webhooks.js'

/** The path of a session's embedded page, as in Paystar's `PaymentLogInLink` example. */
export function sessionPagePath(businessUnitSlug: string, sessionId: string): string {
  return `/app/embedded/${encodeURIComponent(businessUnitSlug)}/session/${encodeURIComponent(sessionId)}`
}

/**
 * Matches a session page (`…/session/<id>`) or one of its actions:
 * `pay`, `decline`, `dismiss`, `complete`, `sources` (add to the wallet),
 * `sources/<sourceId>/delete`.
 */
export const SESSION_PAGE_PATTERN =
  /^\/app\/embedded\/([^/]+)\/session\/([^/]+)(?:\/(pay|decline|dismiss|complete|sources)(?:\/([^/]+)\/(delete))?)?$/

/** The emulator's test card: what a buyer pays with when the wallet is empty or none is picked. */
export const TEST_CARD: EmulatedPaymentSource = Object.freeze({
  id: 'ps_src_test',
  type: 'CreditCard',
  last4: '4242',
  nickname: 'Emulator test card',
})

/** A page opened inside a host page's frame (`?embedded=1&host=<origin>`): where its messages go. */
export interface FrameContext {
  /** The host page's origin: the only target of `postMessage`. */
  readonly host: string
  /** The `COMPONENT.DISMISS` name (ESC or the page's own close button). */
  readonly dismissEvent: string
}

/** What a page shows and says beyond its body. */
export interface PageParts {
  readonly frame: FrameContext | undefined
  /** Posted to the host, in order, once the page has loaded. */
  readonly messages?: readonly EmbeddedMessage[]
  /** After posting, the frame goes here (`embedded.redirect: 'frame'`). */
  readonly navigate?: string
}

/** The query that keeps a page in its frame across forms and links. */
export function frameQuery(frame: FrameContext | undefined): string {
  return frame === undefined ? '' : `?embedded=1&host=${encodeURIComponent(frame.host)}`
}

const ACTION_LABEL: Readonly<Record<EmulatedSession['kind'], string>> = {
  payment: 'Pay',
  autopay: 'Enroll in AutoPay',
  wallet: 'Done',
  paperless: 'Save',
  notifications: 'Save notification preferences',
}

/**
 * The page of an open session, with stable ids for tests and the demo:
 * `#paystar-session` (with `data-kind`, `data-status`), and per kind the
 * buttons and fields the docs page lists (`#paystar-pay`, `#paystar-decline`,
 * `#paystar-complete`, `#paystar-source-add`…). Form actions are relative, so
 * the page works under any origin.
 */
export function renderSessionPage(session: EmulatedSession, store: EmulatorStore, parts: PageParts): string {
  const self = encodeURIComponent(session.id)
  const query = frameQuery(parts.frame)
  const sources = walletOf(store, session.userEmail)
  const heading = `<h1>Paystar emulator: ${escapeHtml(session.kind)} session</h1>`
  const about = `<p class="muted">Business unit <code>${escapeHtml(session.businessUnitSlug)}</code>, session <code>${escapeHtml(session.id)}</code>, status <span id="paystar-status">${escapeHtml(session.status)}</span></p>`
  const content =
    session.kind === 'payment'
      ? paymentContent(session, sources, self, query)
      : session.kind === 'wallet'
        ? walletContent(sources, self, query)
        : managementContent(session, store, self, query)
  const cancel =
    parts.frame === undefined
      ? `<form method="post" action="${escapeHtml(`${self}/dismiss`)}"><button id="paystar-cancel" class="secondary">Cancel</button></form>`
      : `<button type="button" id="paystar-close" class="secondary">Close</button>`
  const body = `<main id="paystar-session" data-session-id="${escapeHtml(session.id)}" data-kind="${session.kind}" data-status="${escapeHtml(session.status)}">\n${heading}\n${about}\n${content}\n${cancel}\n</main>`
  return page('Paystar emulator', body, parts)
}

function paymentContent(
  session: EmulatedSession,
  sources: readonly EmulatedPaymentSource[],
  self: string,
  query: string,
): string {
  const rows = session.charges
    .map((charge) => `<li>${escapeHtml(charge.description)}: $${centsToDollars(charge.amountCents)}</li>`)
    .join('')
  const options = [...sources, TEST_CARD]
    .map((source) => `<option value="${escapeHtml(source.id)}">${escapeHtml(sourceLabel(source))}</option>`)
    .join('')
  return [
    `<ul id="paystar-charges">${rows}</ul>`,
    `<p>Total: <strong id="paystar-total">$${centsToDollars(session.totalCents)}</strong></p>`,
    `<form method="post" action="${escapeHtml(`${self}/pay${query}`)}">`,
    `<label>Pay with <select id="paystar-source" name="source">${options}</select></label>`,
    `<p><button id="paystar-pay">${ACTION_LABEL.payment}</button>`,
    // Not a Paystar feature: the emulator's way to exercise a failed payment.
    ` <button id="paystar-decline" class="secondary" formaction="${escapeHtml(`${self}/decline${query}`)}">Pay with a declining card</button></p>`,
    `</form>`,
  ].join('\n')
}

function walletContent(sources: readonly EmulatedPaymentSource[], self: string, query: string): string {
  const items = sources
    .map(
      (source) =>
        `<li data-source-id="${escapeHtml(source.id)}">${escapeHtml(sourceLabel(source))} ` +
        `<form method="post" action="${escapeHtml(`${self}/sources/${encodeURIComponent(source.id)}/delete${query}`)}" class="inline">` +
        `<button id="paystar-source-delete-${escapeHtml(source.id)}" class="secondary">Delete</button></form></li>`,
    )
    .join('')
  return [
    `<h2>Saved payment methods</h2>`,
    `<ul id="paystar-sources">${items === '' ? '<li class="muted" id="paystar-sources-empty">None yet</li>' : items}</ul>`,
    `<form method="post" action="${escapeHtml(`${self}/sources${query}`)}" id="paystar-source-form">`,
    `<label>Type <select id="paystar-source-type" name="type"><option value="CreditCard">Card</option><option value="ACH">Bank account (ACH)</option></select></label>`,
    `<label>Last 4 digits <input id="paystar-source-last4" name="last4" inputmode="numeric" pattern="[0-9]{4}" maxlength="4" required></label>`,
    `<label>Nickname <input id="paystar-source-nickname" name="nickname" maxlength="40"></label>`,
    `<button id="paystar-source-add">Add payment method</button>`,
    `</form>`,
    `<form method="post" action="${escapeHtml(`${self}/complete${query}`)}"><button id="paystar-complete">${ACTION_LABEL.wallet}</button></form>`,
  ].join('\n')
}

function managementContent(
  session: EmulatedSession,
  store: EmulatorStore,
  self: string,
  query: string,
): string {
  const user = session.userEmail === undefined ? undefined : store.users.get(session.userEmail.toLowerCase())
  const account = [...store.accounts.values()].find(
    (known) =>
      known.businessUnitSlug === session.businessUnitSlug && known.AccountNumber === session.accountNumber,
  )
  const checkbox = (id: string, name: string, label: string, checked: boolean) =>
    `<label><input type="checkbox" id="${id}" name="${name}" value="on"${checked ? ' checked' : ''}> ${label}</label>`
  const fields =
    session.kind === 'paperless'
      ? checkbox('paystar-paperless', 'paperless', 'Paperless billing', true)
      : session.kind === 'notifications'
        ? [
            checkbox(
              'paystar-notify-email',
              'email',
              'Email notifications',
              user?.notifications?.email ?? true,
            ),
            checkbox('paystar-notify-sms', 'sms', 'SMS notifications', user?.notifications?.sms ?? false),
          ].join('\n')
        : `<p>Account <code id="paystar-account">${escapeHtml(session.accountNumber ?? '')}</code>: AutoPay is <span id="paystar-autopay-state">${account?.autoPay === true ? 'on' : 'off'}</span>.</p>`
  return `<form method="post" action="${escapeHtml(`${self}/complete${query}`)}">\n${fields}\n<p><button id="paystar-complete">${ACTION_LABEL[session.kind]}</button></p>\n</form>`
}

/** A page that shows one outcome (`#paystar-result`, `data-status`) and, in a frame, posts its messages. */
export function renderResultPage(
  title: string,
  message: string,
  status: string,
  parts: PageParts & { readonly retry?: string },
): string {
  const retry =
    parts.retry === undefined
      ? ''
      : `\n<p><a id="paystar-retry" href="${escapeHtml(parts.retry)}">Try again</a></p>`
  const close =
    parts.frame === undefined
      ? ''
      : '\n<button type="button" id="paystar-close" class="secondary">Close</button>'
  return page(
    title,
    `<main id="paystar-result" data-status="${escapeHtml(status)}"><h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>${retry}${close}</main>`,
    parts,
  )
}

/** A page that shows one error (`#paystar-error`), like Paystar's page for an expired session. */
export function renderMessagePage(
  title: string,
  message: string,
  parts: PageParts = { frame: undefined },
): string {
  return page(
    title,
    `<main id="paystar-error"><h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p></main>`,
    parts,
  )
}

/** A user's wallet, oldest first (empty without a user). */
export function walletOf(store: EmulatorStore, email: string | undefined): readonly EmulatedPaymentSource[] {
  return email === undefined ? [] : (store.paymentSources.get(email.toLowerCase()) ?? [])
}

function sourceLabel(source: EmulatedPaymentSource): string {
  const kind = source.type === 'ACH' ? 'Bank account' : 'Card'
  return `${source.nickname ?? kind} (${kind} ending ${source.last4})`
}

const STYLE =
  'body{font:15px/1.45 system-ui,sans-serif;margin:0;padding:20px 24px;color:#1d2733}h1{font-size:20px;margin:0 0 8px}' +
  'button{font:inherit;padding:8px 16px;border-radius:6px;border:1px solid #1b5fd1;background:#1b5fd1;color:#fff;cursor:pointer}' +
  'button.secondary{background:#fff;color:#1b5fd1}.muted{color:#66707c;font-size:13px}label{display:block;margin:8px 0}' +
  'form.inline{display:inline}ul{padding-left:20px}'

function page(title: string, body: string, parts: PageParts): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>\n<body>\n${body}\n${frameScript(parts)}</body></html>\n`
}

// In a frame only: posts the page's messages to the host origin (never '*'), and turns
// ESC or the page's close button into a dismissal the loader acts on.
function frameScript(parts: PageParts): string {
  if (parts.frame === undefined) return ''
  const config = {
    host: parts.frame.host,
    source: MESSAGE_SOURCE,
    dismiss: parts.frame.dismissEvent,
    messages: parts.messages ?? [],
    navigate: parts.navigate,
  }
  const json = JSON.stringify(config).replace(/</g, '\\u003c')
  return `<script>
(function () {
  var C = ${json};
  if (window.parent === window) return;
  function post(message) { window.parent.postMessage(Object.assign({ source: C.source }, message), C.host); }
  C.messages.forEach(post);
  document.addEventListener('keydown', function (event) { if (event.key === 'Escape') post({ event: C.dismiss, data: null }); });
  var close = document.getElementById('paystar-close');
  if (close) close.addEventListener('click', function () { post({ event: C.dismiss, data: null }); });
  if (typeof C.navigate === 'string') location.replace(C.navigate);
})();
</script>
`
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

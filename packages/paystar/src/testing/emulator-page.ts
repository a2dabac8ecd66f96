import { isObject } from './emulator-rules.js'
import type { EmulatedSession } from './emulator-store.js'
import { centsToDollars } from './emulator-webhooks.js'

/** The path of a session's embedded page, as in Paystar's `PaymentLogInLink` example. */
export function sessionPagePath(businessUnitSlug: string, sessionId: string): string {
  return `/app/embedded/${encodeURIComponent(businessUnitSlug)}/session/${encodeURIComponent(sessionId)}`
}

/** Matches a session page (`…/session/<id>`) or one of its actions (`…/session/<id>/pay`). */
export const SESSION_PAGE_PATTERN =
  /^\/app\/embedded\/([^/]+)\/session\/([^/]+)(?:\/(pay|dismiss|complete))?$/

const ACTION_LABEL: Readonly<Record<EmulatedSession['kind'], string>> = {
  payment: 'Pay',
  autopay: 'Enroll in AutoPay',
  wallet: 'Save payment methods',
  paperless: 'Go paperless',
  notifications: 'Save notification preferences',
}

/** The embedded page of an open session: what it is for, and buttons a person (or a test) can press. */
export function renderSessionPage(session: EmulatedSession): string {
  const charges = Array.isArray(session.request.Charges) ? session.request.Charges : []
  const rows = charges
    .filter(isObject)
    .map((charge) => {
      const amount = typeof charge.Amount === 'number' ? `$${centsToDollars(charge.Amount)}` : ''
      const description = typeof charge.Description === 'string' ? charge.Description : 'Charge'
      return `<li>${escapeHtml(description)}: ${amount}</li>`
    })
    .join('')
  const action = session.kind === 'payment' ? 'pay' : 'complete'
  const body = [
    `<h1>Paystar emulator: ${escapeHtml(session.kind)} session</h1>`,
    `<p>Business unit <code>${escapeHtml(session.businessUnitSlug)}</code>, session <code>${escapeHtml(session.id)}</code>, status ${escapeHtml(session.status)}</p>`,
    rows === '' ? '' : `<ul>${rows}</ul><p>Total: $${centsToDollars(session.totalCents)}</p>`,
    `<form method="post" action="${escapeHtml(session.link)}/${action}"><button>${ACTION_LABEL[session.kind]}</button></form>`,
    `<form method="post" action="${escapeHtml(session.link)}/dismiss"><button>Cancel</button></form>`,
  ].join('\n')
  return page('Paystar emulator', body)
}

/** A page that shows one message, like Paystar's error page for an expired session. */
export function renderMessagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`)
}

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body>\n${body}\n</body></html>\n`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

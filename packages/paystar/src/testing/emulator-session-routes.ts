import type { PaystarActions } from './emulator-actions.js'
import {
  completedEvent,
  type EmbeddedMessage,
  type ResolvedEmbeddedOptions,
  sessionLoadedData,
  sessionProcessedData,
} from './emulator-embedded.js'
import { PaystarEmulatorError } from './emulator-error.js'
import {
  type FrameContext,
  frameQuery,
  renderMessagePage,
  renderResultPage,
  renderSessionPage,
  walletOf,
} from './emulator-page.js'
import type { EmulatedSession, EmulatorStore } from './emulator-store.js'

/** The emulator's parts the session pages act through (the same actions a test's controls use). */
export interface SessionRoutesContext extends PaystarActions {
  readonly store: EmulatorStore
  readonly embedded: ResolvedEmbeddedOptions
}

type Html = (status: number, text: string, headers?: Record<string, string>) => Response

const html: Html = (status, text, headers = {}) =>
  new Response(text, { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } })

/**
 * The embedded pages: `GET <link>` shows a session; `POST <link>/<action>`
 * acts as the buyer. Opened with `?embedded=1&host=<origin>` the pages post
 * their events to that origin and stay in the frame; opened on their own
 * they redirect to `SuccessUrl` / `ReturnUrl` as before.
 */
export function createSessionRoutes(
  context: SessionRoutesContext,
): (request: Request, match: RegExpExecArray) => Promise<Response> {
  const names = context.embedded.eventNames
  return async (request, match) => {
    const url = new URL(request.url)
    const [, , rawId = '', action, sourceId, remove] = match
    const id = decodeURIComponent(rawId)
    const frame = frameOf(url, names.dismiss)
    if (frame === 'invalid') {
      return html(
        400,
        renderMessagePage('Bad request', 'host must be the origin of the page the session is embedded in.'),
      )
    }
    try {
      if (action === undefined) {
        if (request.method !== 'GET')
          return html(405, renderMessagePage('Not allowed', 'Use GET.', { frame }))
        const session = context.openSession(id, 'any')
        return html(200, renderSessionPage(session, context.store, { frame, messages: loaded(session) }))
      }
      if (request.method !== 'POST')
        return html(405, renderMessagePage('Not allowed', 'Use POST.', { frame }))
      const form = await formOf(request)
      if (action === 'pay') return paid(id, form, frame)
      if (action === 'decline') return declined(id, form, frame)
      if (action === 'complete') return completed(id, form, frame)
      if (action === 'sources') return sources(id, sourceId, remove, form, frame)
      return dismissed(id, url)
    } catch (error) {
      if (!(error instanceof PaystarEmulatorError)) throw error
      const messages = [{ event: names.error, data: { status: error.status, message: error.message } }]
      return html(
        error.status,
        renderMessagePage('This session cannot be used', error.message, { frame, messages }),
      )
    }
  }

  function sessionOf(id: string): EmulatedSession {
    const session = context.store.sessions.get(id)
    if (session === undefined) throw new PaystarEmulatorError(`No session ${id}.`, 404)
    return session
  }

  function loaded(session: EmulatedSession): EmbeddedMessage[] {
    const frameLoaded = {
      event: names.frameLoaded,
      data: { sessionIdentifier: session.id, kind: session.kind },
    }
    if (session.kind !== 'payment') return [frameLoaded]
    return [
      frameLoaded,
      { event: names.sessionLoaded, data: sessionLoadedData(session, context.embedded.amountFormat) },
    ]
  }

  function paid(id: string, form: URLSearchParams, frame: FrameContext | undefined): Response {
    // The webhook is only enqueued: the buyer's answer never waits on the merchant's endpoint.
    const payment = context.pay(id, sourceOf(form))
    const session = sessionOf(id)
    const successUrl = stringField(session, 'SuccessUrl')
    if (frame === undefined) {
      if (successUrl !== undefined) return html(303, '', { location: successUrl })
      return html(
        200,
        renderResultPage('Payment received', `Reference ${payment.referenceNumber}.`, 'Succeeded', { frame }),
      )
    }
    const redirect = context.embedded.redirect
    const message: EmbeddedMessage = {
      event: names.sessionProcessed,
      data: sessionProcessedData(
        session,
        {
          status: 'Succeeded',
          serviceFeeCents: payment.serviceFeeCents,
          source: payment.source,
          referenceNumber: payment.referenceNumber,
        },
        context.embedded.amountFormat,
      ),
      complete: true,
      ...(redirect === 'top' && successUrl !== undefined ? { redirect: successUrl } : {}),
    }
    return html(
      200,
      renderResultPage('Payment received', `Reference ${payment.referenceNumber}.`, 'Succeeded', {
        frame,
        messages: [message],
        ...(redirect === 'frame' && successUrl !== undefined ? { navigate: successUrl } : {}),
      }),
    )
  }

  function declined(id: string, form: URLSearchParams, frame: FrameContext | undefined): Response {
    const decline = context.decline(id, sourceOf(form))
    const session = context.openSession(id, 'payment')
    const data = sessionProcessedData(
      session,
      { status: 'Failed', serviceFeeCents: 0, source: decline.source },
      context.embedded.amountFormat,
    )
    // The result page sits one level below the session (…/<id>/decline): back up to it.
    const retry = `../${encodeURIComponent(id)}${frameQuery(frame)}`
    const page = renderResultPage(
      'Payment declined',
      'The card was declined. Nothing was charged.',
      'Failed',
      {
        frame,
        messages: [{ event: names.sessionProcessed, data }],
        retry,
      },
    )
    return html(200, page)
  }

  function completed(id: string, form: URLSearchParams, frame: FrameContext | undefined): Response {
    const before = context.openSession(id, 'any')
    if (before.kind === 'payment')
      throw new PaystarEmulatorError('Payment sessions are paid, not completed.', 409)
    const kind = before.kind
    context.complete(id, {
      paperless: form.has('paperless'),
      notifications: { email: form.has('email'), sms: form.has('sms') },
    })
    const session = sessionOf(id)
    const successUrl = stringField(session, 'SuccessUrl')
    if (frame === undefined && successUrl !== undefined) return html(303, '', { location: successUrl })
    const message: EmbeddedMessage = {
      event: completedEvent(names, kind),
      data: completedData(session),
      complete: true,
    }
    return html(
      200,
      renderResultPage('Saved', `Session ${id} is ${session.status}.`, session.status, {
        frame,
        messages: [message],
      }),
    )
  }

  function completedData(session: EmulatedSession) {
    const user =
      session.userEmail === undefined ? undefined : context.store.users.get(session.userEmail.toLowerCase())
    const account = [...context.store.accounts.values()].find(
      (known) =>
        known.businessUnitSlug === session.businessUnitSlug && known.AccountNumber === session.accountNumber,
    )
    const base = { sessionIdentifier: session.id, kind: session.kind, status: session.status }
    if (session.kind === 'autopay')
      return { ...base, accountNumber: session.accountNumber, autoPay: account?.autoPay }
    if (session.kind === 'paperless')
      return { ...base, accountNumber: session.accountNumber, paperless: account?.paperless }
    if (session.kind === 'notifications') return { ...base, notifications: user?.notifications }
    return { ...base, paymentSources: walletOf(context.store, session.userEmail) }
  }

  function sources(
    id: string,
    sourceId: string | undefined,
    remove: string | undefined,
    form: URLSearchParams,
    frame: FrameContext | undefined,
  ): Response {
    if (remove === 'delete' && sourceId !== undefined) {
      context.removePaymentSource(id, decodeURIComponent(sourceId))
      // …/<id>/sources/<sourceId>/delete → back to …/<id>
      return html(303, '', { location: `../../../${encodeURIComponent(id)}${frameQuery(frame)}` })
    }
    const type = form.get('type')
    const nickname = form.get('nickname')
    context.addPaymentSource(id, {
      type: type === 'ACH' ? 'ACH' : 'CreditCard',
      last4: form.get('last4') ?? '',
      ...(nickname === null || nickname.trim() === '' ? {} : { nickname: nickname.trim() }),
    })
    return html(303, '', { location: `../${encodeURIComponent(id)}${frameQuery(frame)}` })
  }

  function dismissed(id: string, url: URL): Response {
    // From the loader (embedded=1): closing the frame, which ends the session only when configured.
    if (url.searchParams.get('embedded') === '1') {
      context.dismiss(id)
      return new Response(null, { status: 204 })
    }
    // The page's own Cancel button: the buyer gives up, and goes back to ReturnUrl.
    context.cancel(id)
    const session = sessionOf(id)
    const returnUrl = stringField(session, 'ReturnUrl')
    if (returnUrl !== undefined) return html(303, '', { location: returnUrl })
    return html(
      200,
      renderResultPage('Canceled', `Session ${id} is ${session.status}.`, session.status, {
        frame: undefined,
      }),
    )
  }
}

// `embedded=1&host=<origin>`: the page is in a frame and may post to that origin only.
function frameOf(url: URL, dismissEvent: string): FrameContext | undefined | 'invalid' {
  if (url.searchParams.get('embedded') !== '1') return undefined
  const host = url.searchParams.get('host')
  if (host === null) return url.pathname.endsWith('/dismiss') ? undefined : 'invalid'
  if (!URL.canParse(host)) return 'invalid'
  const parsed = new URL(host)
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.origin !== host)
    return 'invalid'
  return { host, dismissEvent }
}

function sourceOf(form: URLSearchParams): { readonly sourceId?: string } {
  const sourceId = form.get('source')
  return sourceId === null ? {} : { sourceId }
}

async function formOf(request: Request): Promise<URLSearchParams> {
  const type = request.headers.get('content-type') ?? ''
  if (!type.includes('application/x-www-form-urlencoded')) return new URLSearchParams()
  return new URLSearchParams(await request.text())
}

function stringField(session: EmulatedSession, field: string): string | undefined {
  const value = session.request[field]
  return typeof value === 'string' ? value : undefined
}

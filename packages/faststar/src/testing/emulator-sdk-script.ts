import { BROWSER_HEADERS, inlineJson } from './emulator-browser-html.js'
import type { ResolvedBrowserOptions } from './emulator-browser-options.js'
import type { EmulatorContext } from './emulator-context.js'

// The stand-in for https://cashier.faststarpay.com/sdk/v1/faststar.min.js: plain
// JS, no framework. `window.FastStar = { checkout: { open }, on, off, cards: { add } }`
// (`off` is an emulator extra: the documents name none). Its settings are written
// into the script when it is served, so a storefront loads it with one <script> tag.

/** The settings baked into one served copy of the script. */
interface ScriptConfig {
  /** The emulator's origin, as the browser reached it: the card page lives there. */
  readonly origin: string
  readonly allowedOrigins: readonly string[]
  readonly overlaySuccess: ResolvedBrowserOptions['overlaySuccess']
  readonly extraEvents: boolean
  readonly cardsAdd: ResolvedBrowserOptions['cardsAdd']
  readonly cardCallbacks: ResolvedBrowserOptions['cardCallbacks']
}

/** `GET /sdk/v1/faststar.min.js`: the script, configured for the origin it was requested from. */
export function sdkScriptResponse(
  ctx: EmulatorContext,
  options: ResolvedBrowserOptions,
  request: Request,
): Response {
  const origin = new URL(request.url).origin
  const allowed = [...sameEmulator(origin), ctx.checkoutOrigin, ...options.allowedOrigins].filter(
    (value): value is string => value !== undefined,
  )
  const config: ScriptConfig = {
    origin,
    allowedOrigins: [...new Set(allowed)],
    overlaySuccess: options.overlaySuccess,
    extraEvents: options.extraEvents,
    cardsAdd: options.cardsAdd,
    cardCallbacks: options.cardCallbacks,
  }
  return new Response(sdkScript(config), {
    headers: { 'content-type': 'text/javascript; charset=utf-8', ...BROWSER_HEADERS },
  })
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]']

/**
 * The origins this emulator answers on: on loopback, every spelling of it with the same
 * port, so a page that loads the script from `localhost` can open a session url the
 * server made on `127.0.0.1`.
 */
function sameEmulator(origin: string): string[] {
  const url = new URL(origin)
  if (!LOOPBACK.includes(url.hostname)) return [origin]
  const port = url.port === '' ? '' : `:${url.port}`
  return [origin, ...LOOPBACK.map((host) => `${url.protocol}//${host}${port}`)]
}

/** The script's source with `config` in it. */
export function sdkScript(config: ScriptConfig): string {
  return `/* FastStar SDK stand-in, served by the paymux FastStar emulator (not the real SDK). */
;(function () {
  'use strict'
  var config = ${inlineJson(config)}
  var handlers = {}
  var overlay = null
  var cards = null

  function emit(name, data) {
    var list = (handlers[name] || []).slice()
    for (var i = 0; i < list.length; i++) {
      try { list[i](data) } catch (error) { setTimeout(function () { throw error }) }
    }
  }

  function on(name, handler) {
    if (typeof name !== 'string' || typeof handler !== 'function')
      throw new TypeError('FastStar.on(name, handler): name must be a string and handler a function')
    ;(handlers[name] = handlers[name] || []).push(handler)
  }

  // Emulator extra: the documents name no way to remove a handler.
  function off(name, handler) {
    var list = handlers[name] || []
    var index = list.indexOf(handler)
    if (index >= 0) list.splice(index, 1)
  }

  function box(id, src, onClose) {
    var root = document.createElement('div')
    root.id = id
    root.setAttribute('data-testid', id)
    root.setAttribute('style', 'position:fixed;inset:0;z-index:2147483647;background:rgba(15,23,42,.55);display:flex;align-items:center;justify-content:center')
    var panel = document.createElement('div')
    panel.setAttribute('style', 'position:relative;width:min(480px,100vw);height:min(680px,100vh);background:#fff;border-radius:10px;overflow:hidden;box-shadow:0 20px 50px rgba(0,0,0,.3)')
    var frame = document.createElement('iframe')
    frame.id = id + '-frame'
    frame.setAttribute('data-testid', id + '-frame')
    frame.title = 'FastStar'
    frame.setAttribute('style', 'border:0;width:100%;height:100%')
    frame.src = src
    var close = document.createElement('button')
    close.type = 'button'
    close.id = id + '-close'
    close.setAttribute('data-testid', id + '-close')
    close.setAttribute('aria-label', 'Close')
    close.setAttribute('style', 'position:absolute;top:6px;right:10px;border:0;background:transparent;font-size:24px;cursor:pointer')
    close.textContent = '\\u00d7'
    close.addEventListener('click', onClose)
    panel.appendChild(frame)
    panel.appendChild(close)
    root.appendChild(panel)
    document.body.appendChild(root)
    return { root: root, frame: frame, window: frame.contentWindow }
  }

  function closeOverlay() {
    if (overlay !== null && overlay.root.parentNode) overlay.root.parentNode.removeChild(overlay.root)
    overlay = null
  }

  function closeCards() {
    if (cards !== null) {
      if (cards.root && cards.root.parentNode) cards.root.parentNode.removeChild(cards.root)
      if (!cards.root && cards.window && !cards.window.closed) cards.window.close()
    }
    cards = null
  }

  function open(options) {
    var url = options && options.url
    if (typeof url !== 'string') throw new TypeError('FastStar.checkout.open({ url }): url must be the session url')
    var target
    try { target = new URL(url) } catch (error) {
      throw new TypeError('FastStar.checkout.open({ url }): url must be an absolute URL')
    }
    if (config.allowedOrigins.indexOf(target.origin) < 0)
      throw new Error('FastStar.checkout.open only opens URLs on ' + config.allowedOrigins.join(', ') + ', not ' + target.origin)
    target.searchParams.set('embed', '1')
    target.searchParams.set('parent_origin', window.location.origin)
    closeOverlay()
    overlay = box('faststar-overlay', target.href, function () {
      var id = overlay && overlay.sessionId
      closeOverlay()
      if (config.extraEvents) emit('checkout.close', { checkout_session_id: id })
    })
    overlay.origin = target.origin
    overlay.sessionId = (target.pathname.match(/\\/checkout\\/([^/]+)$/) || [])[1]
  }

  function add(session, callbacks) {
    if (!session || typeof session.setup_intent_id !== 'string' || typeof session.client_secret !== 'string')
      throw new TypeError('FastStar.cards.add(session, callbacks): session must be the SetupIntent result { client_secret, publishable_key, setup_intent_id }')
    var url = new URL('/cards/add', config.origin)
    url.searchParams.set('setup_intent_id', session.setup_intent_id)
    if (typeof session.publishable_key === 'string') url.searchParams.set('publishable_key', session.publishable_key)
    if (typeof session.customer_id === 'string') url.searchParams.set('customer_id', session.customer_id)
    url.searchParams.set('parent_origin', window.location.origin)
    // The client secret travels in the fragment: it never reaches a server log.
    url.hash = 'client_secret=' + encodeURIComponent(session.client_secret)
    closeCards()
    var current = { callbacks: callbacks || {} }
    if (config.cardsAdd === 'window') {
      url.searchParams.set('window', '1')
      current.window = window.open(url.href, 'faststar-card', 'popup,width=480,height=680')
      cards = current
      if (!current.window) {
        cards = null
        call(current.callbacks, 'Error', new Error('FastStar.cards.add: the card popup was blocked'))
      }
      return
    }
    var shown = box('faststar-card-modal', url.href, function () {
      closeCards()
      call(current.callbacks, 'Cancel')
    })
    current.root = shown.root
    current.window = shown.frame.contentWindow
    cards = current
  }

  function call(callbacks, name, value) {
    var handler = callbacks['on' + name]
    if (typeof handler !== 'function' && config.cardCallbacks === 'on-or-bare') handler = callbacks[name.toLowerCase()]
    if (typeof handler === 'function') handler(value)
  }

  function checkoutMessage(data) {
    if (data.type === 'checkout.success') {
      var payload = {}
      for (var key in data) if (key !== 'source' && key !== 'type' && key !== 'redirect_to') payload[key] = data[key]
      closeOverlay()
      emit('checkout.success', payload)
      if (config.overlaySuccess === 'success_url' && typeof data.redirect_to === 'string') window.location.href = data.redirect_to
    } else if (data.type === 'checkout.cancel') {
      closeOverlay()
      if (config.extraEvents) emit('checkout.cancel', { checkout_session_id: data.checkout_session_id })
    }
  }

  function cardMessage(data) {
    var callbacks = cards.callbacks
    if (data.type === 'card.saved') {
      closeCards()
      call(callbacks, 'Success', data.payment_method)
    } else if (data.type === 'card.cancel') {
      closeCards()
      call(callbacks, 'Cancel')
    } else if (data.type === 'card.error') {
      closeCards()
      var error = new Error(typeof data.message === 'string' ? data.message : 'The card could not be saved')
      error.status = data.status
      call(callbacks, 'Error', error)
    }
  }

  // Only the frame (or popup) this script opened, from the origin it was opened on, is listened to.
  window.addEventListener('message', function (event) {
    var data = event.data
    if (data === null || typeof data !== 'object' || data.source !== 'faststar') return
    if (overlay !== null && event.source === overlay.frame.contentWindow && event.origin === overlay.origin)
      return checkoutMessage(data)
    if (cards !== null && event.source === cards.window && event.origin === config.origin) return cardMessage(data)
  })

  window.FastStar = { checkout: { open: open }, on: on, off: off, cards: { add: add } }
})()
`
}

import type { ResolvedEmbeddedOptions } from './emulator-embedded.js'

/** The path the API reference gives the SDK loader on each Paystar host. */
export const LOADER_PATH = '/app/embedded.loader.js'

/** What the emulator's embedded pages put in `source` of every message they post. */
export const MESSAGE_SOURCE = 'paystar-emulator'

/** Ids of the elements the loader adds to the host page (stable: tests and the demo select them). */
export const LOADER_IDS = Object.freeze({
  dialog: 'paystar-emulator-dialog',
  frame: 'paystar-emulator-frame',
  close: 'paystar-emulator-close',
})

/**
 * The loader script `GET /app/embedded.loader.js` serves. It installs
 * `window[globalName]` with `initialize`, `load`, `completePayment`,
 * `startFlow`, `subscribe` and `destroy`, runs the calls an earlier queue
 * snippet left in an array under that name, and opens a session link in a
 * `<dialog>` (or the given `container`) as an iframe with
 * `?embedded=1&host=<this page's origin>`. It accepts a message only from
 * that iframe's window and the link's origin.
 */
export function renderLoader(embedded: ResolvedEmbeddedOptions): string {
  const config = {
    globalName: embedded.globalName,
    events: embedded.eventNames,
    dismissEndsSession: embedded.dismissEndsSession,
    source: MESSAGE_SOURCE,
    ids: LOADER_IDS,
  }
  return LOADER_SOURCE.replace('__CONFIG__', JSON.stringify(config).replace(/</g, '\\u003c'))
}

// Plain ES2017 for any browser a storefront supports; no build step, no dependency.
const LOADER_SOURCE = `/* Paystar emulator loader (paymux): the emulator's own implementation, not Paystar's SDK. */
(function () {
  'use strict';
  var CONFIG = __CONFIG__;
  var EVENTS = CONFIG.events;
  var previous = window[CONFIG.globalName];
  if (previous && previous.__paymuxEmulator) return;
  var queued = Array.isArray(previous) ? previous.slice() : previous && Array.isArray(previous.q) ? previous.q.slice() : [];
  var subscribers = {};
  var current = null;
  var publicKey;

  function report(error) { setTimeout(function () { throw error; }); }

  function emit(message, options) {
    var listeners = (subscribers[message.event] || []).concat(subscribers['*'] || []);
    listeners.forEach(function (listener) {
      try { listener(message.data, message.event); } catch (error) { report(error); }
    });
    if (options && typeof options.onEvent === 'function') {
      try { options.onEvent({ event: message.event, data: message.data }); } catch (error) { report(error); }
    }
  }

  function close() {
    var open = current;
    if (!open) return;
    current = null;
    if (open.dialog) { if (open.dialog.open) open.dialog.close(); open.dialog.remove(); }
    else open.iframe.remove();
  }

  function dismiss() {
    var open = current;
    if (!open) return;
    if (CONFIG.dismissEndsSession) {
      fetch(open.link + '/dismiss?embedded=1', { method: 'POST', mode: 'no-cors', keepalive: true }).catch(function () {});
    }
    close();
    emit({ event: EVENTS.dismiss, data: null }, open.options);
  }

  function containerOf(container) {
    if (!container) return null;
    var element = typeof container === 'string' ? document.querySelector(container) : container;
    if (!element || typeof element.appendChild !== 'function') throw new TypeError('container must be an element or a selector that finds one');
    return element;
  }

  function open(sessionUrl, options) {
    if (typeof sessionUrl !== 'string' || sessionUrl === '') throw new TypeError('sessionUrl must be the session link your server received');
    options = options || {};
    var url = new URL(sessionUrl, location.href);
    var link = url.origin + url.pathname;
    url.search = '';
    url.hash = '';
    url.searchParams.set('embedded', '1');
    url.searchParams.set('host', location.origin);
    var container = containerOf(options.container);
    close();
    var iframe = document.createElement('iframe');
    iframe.id = CONFIG.ids.frame;
    iframe.title = 'Paystar';
    iframe.src = url.href;
    iframe.setAttribute('style', 'border:0;width:100%;height:100%;min-height:480px;display:block;background:#fff');
    var dialog = null;
    if (container) container.appendChild(iframe);
    else {
      dialog = document.createElement('dialog');
      dialog.id = CONFIG.ids.dialog;
      dialog.setAttribute('style', 'padding:0;border:0;border-radius:8px;width:min(560px,94vw);height:min(640px,90vh);overflow:hidden');
      var x = document.createElement('button');
      x.id = CONFIG.ids.close;
      x.type = 'button';
      x.setAttribute('aria-label', 'Close');
      x.textContent = '\\u00d7';
      x.setAttribute('style', 'position:absolute;top:4px;right:8px;border:0;background:none;font-size:24px;cursor:pointer');
      x.addEventListener('click', dismiss);
      dialog.appendChild(x);
      dialog.appendChild(iframe);
      // ESC on the host page: the dialog's own cancel, turned into a dismissal.
      dialog.addEventListener('cancel', function (event) { event.preventDefault(); dismiss(); });
      // A click on the backdrop lands on the dialog itself.
      dialog.addEventListener('click', function (event) { if (event.target === dialog) dismiss(); });
      document.body.appendChild(dialog);
      dialog.showModal();
    }
    current = { iframe: iframe, dialog: dialog, origin: url.origin, link: link, options: options };
    return { close: close };
  }

  window.addEventListener('message', function (event) {
    var open = current;
    // Only the open frame, from the link's origin, is listened to.
    if (!open || event.source !== open.iframe.contentWindow || event.origin !== open.origin) return;
    var message = event.data;
    if (!message || message.source !== CONFIG.source || typeof message.event !== 'string') return;
    if (message.event === EVENTS.dismiss) { dismiss(); return; }
    emit(message, open.options);
    if (!message.complete || current !== open) return;
    if (typeof open.options.onComplete === 'function') {
      try { open.options.onComplete(message.data); } catch (error) { report(error); }
    }
    if (open.options.closeOnComplete !== false) close();
    if (typeof message.redirect === 'string') location.assign(message.redirect);
  });

  var api = {
    __paymuxEmulator: true,
    /** Accepted with or without a key, and ignored: the emulator needs none. */
    initialize: function (key) { publicKey = key; return api; },
    /** The loader is this script: resolves at once. */
    load: function () { return Promise.resolve(api); },
    completePayment: function (sessionUrl, options) { return open(sessionUrl, options); },
    startFlow: function (sessionUrl, options) { return open(sessionUrl, options); },
    subscribe: function (name, listener) {
      if (typeof listener !== 'function') throw new TypeError('subscribe(name, listener): listener must be a function');
      (subscribers[name] = subscribers[name] || []).push(listener);
      return function () {
        subscribers[name] = (subscribers[name] || []).filter(function (other) { return other !== listener; });
      };
    },
    destroy: function () { close(); subscribers = {}; },
    push: function (call) { run(call); },
  };
  Object.defineProperty(api, 'publicKey', { get: function () { return publicKey; } });

  function run(call) {
    var args = Array.prototype.slice.call(call || []);
    var name = args.shift();
    if (typeof api[name] !== 'function' || name === 'push') { report(new TypeError(CONFIG.globalName + '.' + String(name) + ' is not a function')); return; }
    try { api[name].apply(api, args); } catch (error) { report(error); }
  }

  window[CONFIG.globalName] = api;
  queued.forEach(run);
})();
`

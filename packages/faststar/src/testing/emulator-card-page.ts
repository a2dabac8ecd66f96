import { timingSafeEqual } from 'node:crypto'
import { cardSelect, pageCard } from './emulator-browser-cards.js'
import { htmlResponse, inlineJson, page, testId } from './emulator-browser-html.js'
import { browserOptions, isOrigin } from './emulator-browser-options.js'
import { type EmulatorContext, fail, ok, readJson } from './emulator-context.js'
import type { EmulatedSetupIntent } from './emulator-records.js'

// The "secure card popup" FastStar.cards.add opens (SC: "When the buyer saves the
// card, the card page attaches it by calling POST /public/customers/:id/payment-methods").
// Path and parameters are guesses: GET /cards/add?setup_intent_id=…&publishable_key=…&parent_origin=…
// with the client secret in the fragment (#client_secret=…), so it never reaches a server.
// Saving is two calls: POST /cards/confirm completes the SetupIntent with the chosen
// test card (the emulator's stand-in for FastStar's card vault), then the documented attach.

/** The publishable key the emulator's SetupIntents carry (createSetupIntent answers it). */
export const EMULATOR_PUBLISHABLE_KEY = 'pk_test_faststar_emulator'

/** `GET /cards/add`: the card page, for the SetupIntent named in the query. */
export function cardPage(ctx: EmulatorContext, request: Request): Response {
  const query = new URL(request.url).searchParams
  const intent = ctx.state.setupIntents.get(query.get('setup_intent_id') ?? '')
  const parentOrigin = query.get('parent_origin') ?? ''
  if (intent === undefined)
    return htmlResponse(404, page('Card page not found', '<p>Unknown SetupIntent.</p>'))
  if (!isOrigin(parentOrigin))
    return htmlResponse(400, page('Card page not available', '<p>The card page needs its parent origin.</p>'))
  const publishable = query.get('publishable_key')
  if (publishable !== null && publishable !== EMULATOR_PUBLISHABLE_KEY)
    return htmlResponse(401, page('Card page not available', '<p>Unknown publishable key.</p>'))
  const customer = query.get('customer_id')
  if (customer !== null && customer !== intent.customer_id)
    return htmlResponse(
      400,
      page('Card page not available', '<p>The SetupIntent belongs to another customer.</p>'),
    )
  return htmlResponse(200, cardPageHtml(ctx, intent, parentOrigin, query.get('window') === '1'))
}

/**
 * `POST /cards/confirm` `{ setup_intent_id, card }` with `Authorization: Bearer <client_secret>`:
 * completes the SetupIntent with a test card. A declining card answers 402 and the buyer can retry.
 */
export async function confirmCard(ctx: EmulatorContext, request: Request): Promise<Response> {
  const body = await readJson(request).catch(() => ({}) as Record<string, unknown>)
  const intent = ctx.state.setupIntents.get(
    typeof body.setup_intent_id === 'string' ? body.setup_intent_id : '',
  )
  if (intent === undefined || !secretMatches(intent, bearer(request)))
    return fail(401, 'Missing or invalid client secret')
  const card = pageCard(typeof body.card === 'string' ? body.card : undefined)
  if (card === undefined) return fail(400, 'Invalid field: card must name a test card')
  if (card.declines === true) return fail(402, 'Your card was declined')
  if (intent.status === 'succeeded') return fail(409, 'This SetupIntent already has a card')
  intent.status = 'succeeded'
  intent.card = card
  return ok({ setup_intent_id: intent.id, status: intent.status }, 'SetupIntent confirmed')
}

/** The SetupIntent whose client secret `request` presents as a bearer token, if any. */
export function intentOfBearer(ctx: EmulatorContext, request: Request): EmulatedSetupIntent | undefined {
  const secret = bearer(request)
  if (secret === undefined) return undefined
  for (const intent of ctx.state.setupIntents.values()) if (secretMatches(intent, secret)) return intent
  return undefined
}

function bearer(request: Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]
}

function secretMatches(intent: EmulatedSetupIntent, secret: string | undefined): boolean {
  if (secret === undefined) return false
  const a = Buffer.from(intent.client_secret)
  const b = Buffer.from(secret)
  return a.length === b.length && timingSafeEqual(a, b)
}

function cardPageHtml(
  ctx: EmulatorContext,
  intent: EmulatedSetupIntent,
  parentOrigin: string,
  popup: boolean,
): string {
  const config = {
    setupIntentId: intent.id,
    customerId: intent.customer_id,
    publishableKey: EMULATOR_PUBLISHABLE_KEY,
    parentOrigin,
    popup,
    attach: browserOptions(ctx).cardPageAuth === 'client_secret',
  }
  return page(
    'Save a card',
    `<p class="note">The card is saved with FastStar for later payments. Nothing is charged now.</p>
<p class="error" role="alert" hidden ${testId('faststar-card-error')}></p>
<form ${testId('faststar-card-form')}>
  ${cardSelect()}
  <div class="row"><button type="submit" ${testId('faststar-save-card')}>Save card</button>
  <button type="button" class="secondary" ${testId('faststar-card-cancel')}>Cancel</button></div>
</form>`,
    cardPageScript(config),
  )
}

function cardPageScript(config: Record<string, unknown>): string {
  return `(function () {
  var config = ${inlineJson(config)}
  var secret = new URLSearchParams(location.hash.slice(1)).get('client_secret') || ''
  var target = config.popup ? window.opener : window.parent
  var error = document.getElementById('faststar-card-error')
  function post(message) { message.source = 'faststar'; if (target) target.postMessage(message, config.parentOrigin) }
  function headers() {
    return { 'content-type': 'application/json', authorization: 'Bearer ' + secret, 'x-publishable-key': config.publishableKey }
  }
  function call(path, body) {
    return fetch(path, { method: 'POST', headers: headers(), body: JSON.stringify(body) }).then(function (response) {
      return response.json().then(function (json) { return { status: response.status, body: json } })
    })
  }
  function masked(card) {
    return { id: card.id, brand: card.brand, last4: card.last4, exp_month: card.exp_month, exp_year: card.exp_year }
  }
  document.getElementById('faststar-card-form').addEventListener('submit', function (event) {
    event.preventDefault()
    error.hidden = true
    var card = document.getElementById('faststar-card').value
    call('/cards/confirm', { setup_intent_id: config.setupIntentId, card: card }).then(function (confirmed) {
      if (confirmed.status === 402) { error.textContent = confirmed.body.message + '. Try another card.'; error.hidden = false; return }
      if (confirmed.status !== 200) return post({ type: 'card.error', status: confirmed.status, message: confirmed.body.message })
      if (!config.attach) return post({ type: 'card.saved', payment_method: { setup_intent_id: config.setupIntentId } })
      return call('/api/v1/public/customers/' + encodeURIComponent(config.customerId) + '/payment-methods', { setup_intent_id: config.setupIntentId }).then(function (attached) {
        if (attached.status !== 200) return post({ type: 'card.error', status: attached.status, message: attached.body.message })
        post({ type: 'card.saved', payment_method: masked(attached.body.data) })
      })
    }).catch(function (failure) { post({ type: 'card.error', message: String(failure && failure.message) }) })
  })
  document.getElementById('faststar-card-cancel').addEventListener('click', function () { post({ type: 'card.cancel' }) })
})()`
}

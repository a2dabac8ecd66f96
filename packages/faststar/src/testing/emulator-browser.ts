import { BROWSER_HEADERS } from './emulator-browser-html.js'
import { type FastStarBrowserOptions, registerBrowserOptions } from './emulator-browser-options.js'
import { cardPage, confirmCard, EMULATOR_PUBLISHABLE_KEY, intentOfBearer } from './emulator-card-page.js'
import { checkoutPage } from './emulator-checkout-page.js'
import { type EmulatorContext, EmulatorFailure, fail } from './emulator-context.js'
import { attachPaymentMethod } from './emulator-customers.js'
import type { EmulatedRequest } from './emulator-records.js'
import { sdkScriptResponse } from './emulator-sdk-script.js'

// The browser half of the emulator: the SDK script, the hosted checkout page, the
// card page, and the card page's client-secret-authenticated attach call.

/** Answers the browser half's requests; undefined for everything else (the API). */
export type BrowserRoutes = (request: Request) => Promise<Response | undefined>

const CHECKOUT = /^\/checkout\/([^/]+)(?:\/(complete|cancel|challenge))?$/
const ATTACH = /^\/api\/v1\/public\/customers\/([^/]+)\/payment-methods$/

/** The browser routes of the emulator of `ctx`, with `options` (see FastStarBrowserOptions). */
export function browserRoutes(ctx: EmulatorContext, options?: FastStarBrowserOptions): BrowserRoutes {
  const resolved = registerBrowserOptions(ctx, options)
  return async (request) => {
    const path = new URL(request.url).pathname
    if (path === '/sdk/v1/faststar.min.js')
      return request.method === 'GET' ? sdkScriptResponse(ctx, resolved, request) : notAllowed()
    const checkout = CHECKOUT.exec(path)
    if (checkout !== null)
      return checkoutPage(ctx, request, decodeURIComponent(checkout[1] ?? ''), checkout[2])
    if (path === '/cards/add') return request.method === 'GET' ? cardPage(ctx, request) : notAllowed()
    if (path === '/cards/confirm') return request.method === 'POST' ? confirmCard(ctx, request) : notAllowed()
    const attach = ATTACH.exec(path)
    // Only the attach route takes a client secret, and only when no API key is sent.
    if (attach !== null && request.method === 'POST' && !request.headers.has('x-api-key')) {
      if (resolved.cardPageAuth !== 'client_secret' || !request.headers.has('authorization')) return undefined
      return attachWithClientSecret(ctx, request, decodeURIComponent(attach[1] ?? ''))
    }
    return undefined
  }
}

/** The credential a request presented, for `state.requests`. */
export function presentedAuth(request: Request): Pick<EmulatedRequest, 'auth'> {
  if (request.headers.has('x-api-key')) return { auth: 'api_key' }
  return /^Bearer\s/i.test(request.headers.get('authorization') ?? '') ? { auth: 'client_secret' } : {}
}

/**
 * The card page's attach call. Guess: the documents' curl shows the merchant's
 * X-API-Key, which a browser must never hold; the emulator accepts, on this route
 * only, the SetupIntent's client secret as a bearer token with its publishable key,
 * for that SetupIntent only.
 */
async function attachWithClientSecret(ctx: EmulatorContext, request: Request, customerId: string) {
  const intent = intentOfBearer(ctx, request)
  if (intent === undefined || request.headers.get('x-publishable-key') !== EMULATOR_PUBLISHABLE_KEY)
    return fail(401, 'Missing or invalid client secret')
  const body = await request
    .clone()
    .json()
    .catch(() => undefined)
  if (body?.setup_intent_id !== intent.id)
    return fail(401, 'The client secret belongs to another SetupIntent')
  const merchant = ctx.merchants.get(intent.merchant)
  if (merchant === undefined) return fail(401, 'Missing or invalid client secret')
  try {
    return await attachPaymentMethod(ctx, merchant, request, customerId)
  } catch (error) {
    if (error instanceof EmulatorFailure) return fail(error.status, error.message)
    throw error
  }
}

function notAllowed(): Response {
  return new Response('Method not allowed', { status: 405, headers: BROWSER_HEADERS })
}

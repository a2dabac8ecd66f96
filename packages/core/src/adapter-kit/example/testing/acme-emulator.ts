// Acme Pay's API in memory, written from Acme's documents alone: it imports
// nothing from the gateway, so a misreading cannot hide in both.
import { asFetch } from '../../../emulator/index.js'

type Stored = { id: string; status: string; amount: number; currency: string; reference?: string }

/** An in-memory Acme: a `fetch` for `createAcme`, and what a buyer or time does to a session. */
export function createAcmeEmulator() {
  const sessions = new Map<string, Stored & { url: string; payment_id: string }>()
  const payments = new Map<string, Stored>()
  let requests = 0
  const reply = (status: number, body: object) => Response.json(body, { status })
  const found = (record: object | undefined) =>
    record ? reply(200, { ok: true, data: record }) : reply(404, { ok: false, error: 'not found' })

  function create({ amount, currency, success_url, reference }: Record<string, unknown>): Response {
    // Documented: a repeated reference gets the session made first, so a retried create is safe.
    const first = [...sessions.values()].find((session) => reference && session.reference === reference)
    if (first) return reply(200, { ok: true, data: first })
    if (!Number.isSafeInteger(amount) || typeof currency !== 'string' || typeof success_url !== 'string')
      return reply(400, { ok: false, error: 'amount, currency and success_url are required' })
    const n = sessions.size + 1
    const common = { amount: amount as number, currency, ...(typeof reference === 'string' && { reference }) }
    payments.set(`pay_${n}`, { id: `pay_${n}`, status: 'pending', ...common })
    const session = { id: `cs_${n}`, status: 'open', ...common, url: `https://pay.acme.test/c/cs_${n}` }
    sessions.set(session.id, { ...session, payment_id: `pay_${n}` })
    return found(sessions.get(session.id))
  }

  async function handle(request: Request): Promise<Response> {
    requests++
    if (!request.headers.get('authorization')?.startsWith('Bearer ak_')) return reply(401, { ok: false })
    const path = new URL(request.url).pathname.replace(/^\/v1/, '')
    if (request.method === 'POST' && path === '/checkout/sessions')
      return create((await request.json()) as Record<string, unknown>)
    const [, kind, id = ''] = /^\/(checkout\/sessions|payments)\/([^/]+)$/.exec(path) ?? []
    if (request.method !== 'GET' || kind === undefined)
      return reply(404, { ok: false, error: 'no such route' })
    return found((kind === 'payments' ? payments : sessions).get(decodeURIComponent(id)))
  }

  return {
    fetch: asFetch(handle),
    /** How many requests reached the emulator. */
    requestCount: () => requests,
    /** The buyer pays the session (`'paid'`), or it lapses unpaid (`'expired'`). */
    settle(sessionId: string, outcome: 'paid' | 'expired'): void {
      const session = sessions.get(sessionId)
      const payment = payments.get(session?.payment_id ?? '')
      if (!session || !payment) throw new Error(`no Acme session ${sessionId}`)
      session.status = outcome
      payment.status = outcome === 'paid' ? 'succeeded' : 'expired'
    },
  }
}

import { EMULATOR_TEST_VALUES } from '@paymux/cli'
import { FASTAAR_BASE_URL } from '@paymux/fastaar'
import { type ServedFastaarEmulator, serveFastaarEmulator } from '@paymux/fastaar/testing'
import { FASTSTAR_BASE_URL } from '@paymux/faststar'
import { type ServedFastStarEmulator, serveFastStarEmulator } from '@paymux/faststar/testing'
import { PAYSTAR_ENVIRONMENTS } from '@paymux/paystar'
import { type ServedPaystarEmulator, servePaystarEmulator } from '@paymux/paystar/testing'

/** Paystar's hosts: each environment's API and its loader's host (`PAYSTAR_ENVIRONMENTS`). */
const PAYSTAR_ORIGINS: readonly string[] = [
  ...new Set(
    Object.values(PAYSTAR_ENVIRONMENTS).flatMap((e) => [
      new URL(e.apiBaseUrl).origin,
      new URL(e.loaderUrl).origin,
    ]),
  ),
]

/** The three emulators a `run` block talks to, served on loopback ports for this block only. */
export interface DocsEmulators {
  readonly faststar: ServedFastStarEmulator
  readonly fastaar: ServedFastaarEmulator
  readonly paystar: ServedPaystarEmulator
  /** Restores `globalThis.fetch` and the environment, settles deliveries, closes the servers. */
  close(): Promise<void>
}

/** What the harness sets in `process.env`: the emulators' test keys and webhook secrets. */
const DOCS_ENV: Readonly<Record<string, string>> = {
  FASTSTAR_API_KEY: EMULATOR_TEST_VALUES.faststar.keys.direct,
  FASTSTAR_WEBHOOK_SECRET: EMULATOR_TEST_VALUES.faststar.webhookSecret,
  FASTAAR_API_KEY: EMULATOR_TEST_VALUES.fastaar.keys.apiKey,
  FASTAAR_WEBHOOK_SECRET: EMULATOR_TEST_VALUES.fastaar.webhookSecret,
  PAYSTAR_API_KEY: EMULATOR_TEST_VALUES.paystar.keys.apiKey,
  PAYSTAR_WEBHOOK_SECRET: EMULATOR_TEST_VALUES.paystar.webhookSecret,
}

/**
 * Serves the FastStar, Fastaar and Paystar emulators, points `globalThis.fetch`
 * requests for the providers' real origins at them (path and query kept), and
 * sets {@link DOCS_ENV}: a docs block written for production runs unchanged.
 * Requests to any other origin go to the real `fetch`.
 */
export async function startDocsEmulators(): Promise<DocsEmulators> {
  const [faststar, fastaar, paystar] = await Promise.all([
    serveFastStarEmulator(),
    serveFastaarEmulator(),
    servePaystarEmulator(),
  ])
  const targets = new Map<string, string>([
    [new URL(FASTSTAR_BASE_URL).origin, faststar.url],
    [new URL(FASTAAR_BASE_URL).origin, fastaar.url],
    ...PAYSTAR_ORIGINS.map((origin): [string, string] => [origin, paystar.url]),
  ])
  const realFetch = globalThis.fetch
  globalThis.fetch = (input, init) => realFetch(redirect(new Request(input, init), targets), undefined)
  const savedEnv = Object.fromEntries(Object.keys(DOCS_ENV).map((k) => [k, process.env[k]]))
  Object.assign(process.env, DOCS_ENV)
  return {
    faststar,
    fastaar,
    paystar,
    close: async () => {
      globalThis.fetch = realFetch
      for (const [key, value] of Object.entries(savedEnv)) {
        if (value === undefined) delete process.env[key]
        else process.env[key] = value
      }
      await Promise.all([faststar.close(), fastaar.close(), paystar.close()])
    },
  }
}

/** The request, sent to the emulator that stands in for its origin (or unchanged). */
function redirect(request: Request, targets: ReadonlyMap<string, string>): Request {
  const url = new URL(request.url)
  const target = targets.get(url.origin)
  if (target === undefined) return request
  const moved = new URL(`${url.pathname}${url.search}`, target)
  // `duplex` lets a streamed body through Node's fetch; the Request keeps method, headers, body and signal.
  return new Request(moved, { ...requestInit(request), duplex: 'half' } as RequestInit)
}

function requestInit(request: Request): RequestInit {
  return {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
    redirect: request.redirect,
  }
}

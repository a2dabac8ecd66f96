import { FASTAAR_BASE_URL } from '@paymux/fastaar'
import {
  FASTAAR_EMULATOR_WEBHOOK_SECRET,
  type ServedFastaarEmulator,
  serveFastaarEmulator,
} from '@paymux/fastaar/testing'
import { FASTSTAR_BASE_URL } from '@paymux/faststar'
import {
  FASTSTAR_EMULATOR_KEYS,
  FASTSTAR_EMULATOR_WEBHOOK_SECRET,
  type ServedFastStarEmulator,
  serveFastStarEmulator,
} from '@paymux/faststar/testing'
import {
  PAYSTAR_EMULATOR_API_KEY,
  PAYSTAR_EMULATOR_WEBHOOK_SECRET,
  type ServedPaystarEmulator,
  servePaystarEmulator,
} from '@paymux/paystar/testing'

/** Any `fk_test_…` key works at the Fastaar emulator (the one `paymux emulate` prints). */
const FASTAAR_TEST_KEY = 'fk_test_sandbox'

/** Paystar's hosts (`paystar-environments.ts`): the sandbox and live APIs and the loader's host. */
export const PAYSTAR_ORIGINS: readonly string[] = [
  'https://dev-gateway.paystar.io',
  'https://secure.paystar.io',
  'https://dev.paystar.io',
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
export const DOCS_ENV: Readonly<Record<string, string>> = {
  FASTSTAR_API_KEY: FASTSTAR_EMULATOR_KEYS.direct,
  FASTSTAR_WEBHOOK_SECRET: FASTSTAR_EMULATOR_WEBHOOK_SECRET,
  FASTAAR_API_KEY: FASTAAR_TEST_KEY,
  FASTAAR_WEBHOOK_SECRET: FASTAAR_EMULATOR_WEBHOOK_SECRET,
  PAYSTAR_API_KEY: PAYSTAR_EMULATOR_API_KEY,
  PAYSTAR_WEBHOOK_SECRET: PAYSTAR_EMULATOR_WEBHOOK_SECRET,
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
export function redirect(request: Request, targets: ReadonlyMap<string, string>): Request {
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

import { createServer } from 'node:net'
import { type Emulator, type ServedEmulator, serveEmulator } from '@paymux/core/emulator'
import {
  createFastaarEmulator,
  FASTAAR_EMULATOR_WEBHOOK_SECRET,
  type FastaarEmulator,
} from '@paymux/fastaar/testing'
import {
  createFastStarEmulator,
  FASTSTAR_EMULATOR_KEYS,
  FASTSTAR_EMULATOR_WEBHOOK_SECRET,
  type FastStarEmulator,
} from '@paymux/faststar/testing'
import {
  createPaystarEmulator,
  PAYSTAR_EMULATOR_API_KEY,
  PAYSTAR_EMULATOR_BUSINESS_UNIT,
  PAYSTAR_EMULATOR_WEBHOOK_SECRET,
  type PaystarEmulator,
} from '@paymux/paystar/testing'
import { PROVIDERS, type Provider } from './control-client.js'

/** Any `fk_test_…` key works at the Fastaar emulator; this is the one `paymux emulate` prints. */
export const FASTAAR_SANDBOX_KEY = 'fk_test_sandbox'

/** The published test values of each emulator `paymux emulate` serves (its banner and `/__paymux/info`). */
export const EMULATOR_TEST_VALUES = {
  faststar: { keys: FASTSTAR_EMULATOR_KEYS, webhookSecret: FASTSTAR_EMULATOR_WEBHOOK_SECRET },
  fastaar: { keys: { apiKey: FASTAAR_SANDBOX_KEY }, webhookSecret: FASTAAR_EMULATOR_WEBHOOK_SECRET },
  paystar: {
    keys: { apiKey: PAYSTAR_EMULATOR_API_KEY, businessUnitSlug: PAYSTAR_EMULATOR_BUSINESS_UNIT },
    webhookSecret: PAYSTAR_EMULATOR_WEBHOOK_SECRET,
  },
} as const

/** What `startEmulators` serves, and where. */
export interface StartEmulatorsOptions {
  /** @default all three */
  readonly providers?: readonly Provider[]
  /** FastStar's port; Fastaar takes +1, Paystar +2 (each keeps its slot when served alone); 0 finds a free block. @default 4010 */
  readonly portBase?: number
  /** @default '127.0.0.1' */
  readonly hostname?: string
  /** Where every emulator POSTs its signed webhooks. @default none: deliveries are recorded as 'unsent' */
  readonly webhookUrl?: string
  /** Serve the `/__paymux/*` routes `paymux webhooks` drives. Only possible on a loopback hostname. @default true on loopback, else false */
  readonly control?: boolean
}

/** The served emulators (those asked for) and how to stop them. */
export interface StartedEmulators {
  /** FastStar's port slot (the `--port-base` the webhooks commands take). */
  readonly portBase: number
  readonly faststar?: ServedEmulator<FastStarEmulator>
  readonly fastaar?: ServedEmulator<FastaarEmulator>
  readonly paystar?: ServedEmulator<PaystarEmulator>
  /** True when the control routes are on. */
  readonly control: boolean
  /** Settles deliveries and closes every server. */
  close(): Promise<void>
}

/** Serves the chosen emulators on loopback ports, with the control routes on, as `paymux emulate` does. */
export async function startEmulators(options: StartEmulatorsOptions = {}): Promise<StartedEmulators> {
  const providers = options.providers ?? PROVIDERS
  const hostname = options.hostname ?? '127.0.0.1'
  const control = options.control ?? isLoopback(hostname)
  const requested = options.portBase ?? 4010
  // Port 0: a free block, so the webhooks commands still find Fastaar at +1 and Paystar at +2.
  for (let tries = 1; ; tries += 1) {
    const portBase = requested === 0 ? await freePort(hostname) : requested
    try {
      const served = await serveAt(providers, portBase, hostname, control, options.webhookUrl)
      return { portBase, ...served, control, close: () => closeAll(Object.values(served)) }
    } catch (error) {
      if (requested !== 0 || tries >= 20 || (error as { code?: unknown }).code !== 'EADDRINUSE') throw error
    }
  }
}

type Served = {
  faststar?: ServedEmulator<FastStarEmulator>
  fastaar?: ServedEmulator<FastaarEmulator>
  paystar?: ServedEmulator<PaystarEmulator>
}

async function serveAt(
  providers: readonly Provider[],
  portBase: number,
  hostname: string,
  control: boolean,
  webhookUrl: string | undefined,
): Promise<Served> {
  const served: Served = {}
  const webhooks = webhookUrl === undefined ? {} : { webhooks: { url: webhookUrl } }
  const serve = <E extends Emulator>(emulator: E, provider: Provider, apiPath: string) =>
    serveEmulator(emulator, {
      port: portBase + PROVIDERS.indexOf(provider),
      hostname,
      apiPath,
      ...(control ? { control: { publish: EMULATOR_TEST_VALUES[provider] } } : {}),
    }).catch((error: unknown) => {
      emulator.stop()
      throw error
    })
  try {
    if (providers.includes('faststar'))
      served.faststar = await serve(createFastStarEmulator(webhooks), 'faststar', '/api/v1')
    if (providers.includes('fastaar'))
      served.fastaar = await serve(createFastaarEmulator(webhooks), 'fastaar', '/api/v1')
    if (providers.includes('paystar'))
      served.paystar = await serve(createPaystarEmulator(webhooks), 'paystar', '')
  } catch (error) {
    await closeAll(Object.values(served))
    throw error
  }
  return served
}

async function closeAll(served: readonly (ServedEmulator | undefined)[]): Promise<void> {
  await Promise.allSettled(served.map((one) => one?.close()))
}

/** True for 127.0.0.0/8, ::1 and localhost: where the control routes may be served. */
export function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '::1' ||
    hostname === '[::1]' ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  )
}

function freePort(hostname: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, hostname, () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      // The block must fit below 65536: Paystar takes +2.
      server.close(() => (port > 65_533 ? freePort(hostname).then(resolve, reject) : resolve(port)))
    })
  })
}

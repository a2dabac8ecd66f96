import { serveFetchHandler } from '@paymux/core/emulator'
import {
  createFastStarEmulator,
  type FastStarEmulator,
  type FastStarEmulatorOptions,
} from './faststar-emulator.js'

/** A FastStar emulator listening on a loopback port. */
export interface ServedFastStarEmulator {
  /** `http://127.0.0.1:<port>`: hosted checkout pages live at `<url>/checkout/<id>`. */
  readonly url: string
  /** `<url>/api/v1`: pass it as `baseUrl` to `createFastStar`. */
  readonly baseUrl: string
  readonly port: number
  readonly emulator: FastStarEmulator
  /** Stops the server (after pending webhook deliveries) and drops open connections. */
  close(): Promise<void>
}

/**
 * Starts a FastStar emulator on a loopback port. `port: 0` (the default) picks
 * a free one; `hostname` defaults to `127.0.0.1`.
 */
export async function serveFastStarEmulator(
  options: FastStarEmulatorOptions & { readonly port?: number; readonly hostname?: string } = {},
): Promise<ServedFastStarEmulator> {
  const { port, hostname, ...emulatorOptions } = options
  const emulator = createFastStarEmulator(emulatorOptions)
  const served = await serveFetchHandler(emulator.handler, {
    ...(port === undefined ? {} : { port }),
    ...(hostname === undefined ? {} : { hostname }),
  })
  return {
    url: served.url,
    baseUrl: `${served.url}/api/v1`,
    port: served.port,
    emulator,
    async close() {
      await emulator.flushWebhooks()
      await served.close()
    },
  }
}

import { serveFetchHandler } from '@paymux/core/emulator'
import {
  createFastaarEmulator,
  type FastaarEmulator,
  type FastaarEmulatorOptions,
} from './fastaar-emulator.js'

/** A Fastaar emulator listening on a loopback port. */
export interface ServedFastaarEmulator {
  /** `http://127.0.0.1:<port>`: checkout pages are at `/pay/<id>`. */
  readonly url: string
  /** `http://127.0.0.1:<port>/api/v1`: pass it as `createFastaar({ baseUrl })`. */
  readonly baseUrl: string
  readonly port: number
  /** The emulator behind the port, with its controls and state. */
  readonly emulator: FastaarEmulator
  /** Stops the server and drops open connections. */
  close(): Promise<void>
}

/** Starts a Fastaar emulator on 127.0.0.1. `port: 0` (the default) picks a free port. */
export async function serveFastaarEmulator(
  options: FastaarEmulatorOptions & { readonly port?: number } = {},
): Promise<ServedFastaarEmulator> {
  const { port, ...emulatorOptions } = options
  const emulator = createFastaarEmulator(emulatorOptions)
  const served = await serveFetchHandler(emulator.handler, { port: port ?? 0 })
  return {
    url: served.url,
    baseUrl: `${served.url}/api/v1`,
    port: served.port,
    emulator,
    close: () => served.close(),
  }
}

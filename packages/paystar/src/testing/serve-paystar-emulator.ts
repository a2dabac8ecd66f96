import { type ServedEmulator, serveFetchHandler } from '@paymux/core/emulator'
import {
  createPaystarEmulator,
  type PaystarEmulator,
  type PaystarEmulatorOptions,
} from './paystar-emulator.js'

/** A Paystar emulator listening on a loopback port. */
export interface ServedPaystarEmulator extends ServedEmulator {
  /** The emulator behind the port: its state, clock, faults and buyer controls. */
  readonly emulator: PaystarEmulator
}

/**
 * Starts a Paystar emulator on `127.0.0.1` (`port: 0`, the default, picks a
 * free one). Point the gateway at it with `baseUrl: served.url`; session
 * links open in a browser on the same port.
 */
export async function servePaystarEmulator(
  options: PaystarEmulatorOptions & { readonly port?: number; readonly hostname?: string } = {},
): Promise<ServedPaystarEmulator> {
  const { port, hostname, ...emulatorOptions } = options
  const emulator = createPaystarEmulator(emulatorOptions)
  const served = await serveFetchHandler(emulator.handler, {
    ...(port === undefined ? {} : { port }),
    ...(hostname === undefined ? {} : { hostname }),
  })
  return { url: served.url, port: served.port, close: () => served.close(), emulator }
}

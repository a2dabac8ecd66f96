import { type ServedEmulator, serveEmulator } from '@paymux/core/emulator'
import {
  createPaystarEmulator,
  type PaystarEmulator,
  type PaystarEmulatorOptions,
} from './paystar-emulator.js'

/** A Paystar emulator listening on a loopback port: `baseUrl` is `url` (Paystar's paths start at the root). */
export type ServedPaystarEmulator = ServedEmulator<PaystarEmulator>

/**
 * Starts a Paystar emulator on `127.0.0.1` (`port: 0`, the default, picks a
 * free one). Point the gateway at it with `baseUrl: served.baseUrl` (it then
 * follows the emulator's clock); session links and the loader
 * (`${served.url}/app/embedded.loader.js`) open in a browser on the same port.
 */
export function servePaystarEmulator(
  options: PaystarEmulatorOptions & { readonly port?: number; readonly hostname?: string } = {},
): Promise<ServedPaystarEmulator> {
  const { port, hostname, ...emulatorOptions } = options
  return serveEmulator(createPaystarEmulator(emulatorOptions), {
    ...(port === undefined ? {} : { port }),
    ...(hostname === undefined ? {} : { hostname }),
  })
}

import { type ServedEmulator, serveEmulator } from '@paymux/core/emulator'
import {
  createFastaarEmulator,
  type FastaarEmulator,
  type FastaarEmulatorOptions,
} from './fastaar-emulator.js'

/**
 * A Fastaar emulator listening on a loopback port: `url` (`http://127.0.0.1:<port>`, checkout
 * pages at `/pay/<id>`), `baseUrl` (`<url>/api/v1`, for `createFastaar({ baseUrl })`, which then
 * reads the emulator's clock by itself), `port`, `emulator`, and `close()` (settles deliveries,
 * stops the timers, closes the server).
 */
export type ServedFastaarEmulator = ServedEmulator<FastaarEmulator>

/** Starts a Fastaar emulator. `port: 0` (the default) picks a free port; `hostname` defaults to `127.0.0.1`. */
export async function serveFastaarEmulator(
  options: FastaarEmulatorOptions & { readonly port?: number; readonly hostname?: string } = {},
): Promise<ServedFastaarEmulator> {
  const { port, hostname, ...emulatorOptions } = options
  return serveEmulator(createFastaarEmulator(emulatorOptions), {
    apiPath: '/api/v1',
    ...(port === undefined ? {} : { port }),
    ...(hostname === undefined ? {} : { hostname }),
  })
}

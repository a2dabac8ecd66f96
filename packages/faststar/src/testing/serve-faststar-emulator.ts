import { type ServedEmulator, serveEmulator } from '@paymux/core/emulator'
import {
  createFastStarEmulator,
  type FastStarEmulator,
  type FastStarEmulatorOptions,
} from './faststar-emulator.js'

/**
 * A FastStar emulator on a loopback port: `url` serves the hosted checkout pages and the SDK
 * script, `baseUrl` (`<url>/api/v1`) is what `createFastStar({ baseUrl })` takes; a gateway
 * created with it reads the emulator's clock. `close()` settles deliveries and stops timers.
 */
export type ServedFastStarEmulator = ServedEmulator<FastStarEmulator>

/**
 * Starts a FastStar emulator on a loopback port. `port: 0` (the default) picks
 * a free one; `hostname` defaults to `127.0.0.1`.
 */
export function serveFastStarEmulator(
  options: FastStarEmulatorOptions & { readonly port?: number; readonly hostname?: string } = {},
): Promise<ServedFastStarEmulator> {
  const { port, hostname, ...emulatorOptions } = options
  return serveEmulator(createFastStarEmulator(emulatorOptions), {
    apiPath: '/api/v1',
    ...(port === undefined ? {} : { port }),
    ...(hostname === undefined ? {} : { hostname }),
  })
}

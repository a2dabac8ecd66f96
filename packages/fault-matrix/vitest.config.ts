import { packageProject } from '../../vitest.project.js'

export default packageProject('fault-matrix', {
  // Cells that wait for a timeout run side by side (describe.concurrent), each on its own emulators and
  // servers: a whole column at once, so that the waits overlap instead of adding up.
  maxConcurrency: 40,
  // A timed cell that stalled on a busy machine runs again (up to 3 times, a few seconds each); the
  // warm-up makes a first call per gateway. Generous limits: waiting longer costs nothing when all is well.
  testTimeout: 30_000,
  hookTimeout: 30_000,
})

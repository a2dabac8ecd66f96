/** A clock an emulator reads instead of `Date.now()`, so tests can expire sessions without waiting. */
export interface EmulatorClock {
  /** The current time, in epoch milliseconds. */
  now(): number
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void
  /** Sets the clock to `time`. */
  set(time: Date | number): void
}

/**
 * A controllable clock starting at `start`. Without `start` it follows the
 * real clock, shifted by whatever `advance` and `set` add, so an emulator on a
 * loopback port still agrees with the client about "now".
 */
export function createEmulatorClock(start?: Date | number): EmulatorClock {
  let offset = start === undefined ? 0 : toMs(start) - Date.now()
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError(`advance() takes a non-negative number of ms, got ${ms}`)
      offset += ms
    },
    set(time) {
      offset = toMs(time) - Date.now()
    },
  }
}

function toMs(time: Date | number): number {
  return typeof time === 'number' ? time : time.getTime()
}

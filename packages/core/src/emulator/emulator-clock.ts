/** A clock an emulator reads instead of `Date.now()`, so tests can expire sessions without waiting. */
export interface EmulatorClock {
  /** The current time, in epoch milliseconds. */
  now(): number
  /** Moves the clock forward by `ms` milliseconds, then notifies `onChange` listeners. */
  advance(ms: number): void
  /** Sets the clock to `time`, then notifies `onChange` listeners. */
  set(time: Date | number): void
  /** Calls `listener(now)` after every `advance`/`set`; returns the unsubscribe. */
  onChange(listener: (now: number) => void): () => void
}

/** The object form of `createEmulatorClock`'s argument. */
export interface EmulatorClockOptions {
  /** Where the clock starts. @default the real time now */
  readonly start?: Date | number
  /**
   * `true`: `now()` does not follow real time; only `advance` and `set` move it, so tests
   * compare exact times without slack. @default false
   */
  readonly frozen?: boolean
}

/**
 * A controllable clock starting at `start`. Unless frozen it follows the real
 * clock, shifted by whatever `advance` and `set` add, so an emulator on a
 * loopback port still agrees with the client about "now".
 */
export function createEmulatorClock(start?: Date | number | EmulatorClockOptions): EmulatorClock {
  const options: EmulatorClockOptions =
    start === undefined ? {} : typeof start === 'number' || start instanceof Date ? { start } : start
  const frozen = options.frozen === true
  const base = () => (frozen ? 0 : Date.now())
  let offset = (options.start === undefined ? Date.now() : toMs(options.start)) - base()
  const listeners = new Set<(now: number) => void>()
  const now = () => base() + offset
  const notify = () => {
    const at = now()
    // A copy: a listener may unsubscribe (or subscribe another) while being notified.
    for (const listener of [...listeners]) listener(at)
  }
  return {
    now,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError(`advance() takes a non-negative number of ms, got ${ms}`)
      offset += ms
      notify()
    },
    set(time) {
      offset = toMs(time) - base()
      notify()
    },
    onChange(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}

function toMs(time: Date | number): number {
  return typeof time === 'number' ? time : time.getTime()
}

import type { EmulatorClock } from '@paymux/core/emulator'

// setTimeout takes at most a signed 32-bit delay; a longer wait is re-armed when it fires.
const MAX_TIMER_MS = 2 ** 31 - 1

/** One unref'd timer to the next payment expiry, so `payment.expired` fires at the 30-minute mark by itself. */
export interface ExpiryTimer {
  /**
   * (Re)arms the timer to the earliest expiry; call after anything that may change it. A timer
   * already waiting for the same expiry is kept, unless `clockMoved` (its delay is then stale).
   */
  arm(clockMoved?: boolean): void
  stop(): void
}

/**
 * Runs `sweep` when the clock reaches `next()`. A clock that follows real time
 * gets there by itself; a frozen one only by `advance`/`set`, which the
 * emulator handles through `clock.onChange`, so the timer then waits instead
 * of spinning.
 */
export function createExpiryTimer(
  clock: EmulatorClock,
  next: () => number | undefined,
  sweep: () => void,
): ExpiryTimer {
  let timer: ReturnType<typeof setTimeout> | undefined
  let armedFor: number | undefined
  let stopped = false
  const arm = (clockMoved = false) => {
    const at = stopped ? undefined : next()
    // Armed on every request: keep a timer that already waits for the same expiry.
    if (timer !== undefined && at === armedFor && !clockMoved) return
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    armedFor = at
    if (at === undefined) return
    const armedAt = clock.now()
    const delay = Math.min(Math.max(at - armedAt, 0), MAX_TIMER_MS)
    timer = setTimeout(() => {
      timer = undefined
      armedFor = undefined
      sweep()
      // A frozen clock did not move: its next advance re-arms.
      if (delay > 0 && clock.now() === armedAt) return
      arm(true)
    }, delay)
    timer.unref?.()
  }
  return {
    arm,
    stop() {
      stopped = true
      arm(true)
    },
  }
}

// The watch's own ticks must not be faked by a cell that fakes the global timers (the 429).
import { setInterval } from 'node:timers'

const TICK_MS = 10
// Shorter delays are the ordinary jitter of a busy loop: not worth keeping.
const NOTED_MS = 20

let users = 0
let last = 0
let ticker: ReturnType<typeof setInterval> | undefined
// Stalls seen while anyone watches: when each ended, and how long the event loop was held.
const stalls: { end: number; ms: number }[] = []

function tick(): void {
  const now = performance.now()
  const late = now - last - TICK_MS
  if (late > NOTED_MS) stalls.push({ end: now, ms: late })
  last = now
}

/**
 * Starts watching the event loop; the function it returns stops and gives
 * the longest stall (in ms) seen in between. A stall (a busy event loop, or
 * a process the machine did not run) can keep a request from reaching a
 * loopback server, or a healthy answer from being read, within a cell's
 * short time limit: such a cell did not test what it says.
 */
export function watchStalls(): () => number {
  if (users++ === 0) {
    last = performance.now()
    ticker = setInterval(tick, TICK_MS)
    ticker.unref()
  }
  const since = performance.now()
  return () => {
    const now = performance.now()
    let longest = Math.max(0, now - last - TICK_MS)
    for (const stall of stalls) if (stall.end >= since) longest = Math.max(longest, stall.ms)
    if (--users === 0) {
      clearInterval(ticker)
      stalls.length = 0
    }
    return longest
  }
}

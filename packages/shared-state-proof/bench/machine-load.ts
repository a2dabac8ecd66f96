// How busy the machine was while the bench ran: the bench shares it with other work, and a
// figure taken on a busy machine must say so.
import { readFileSync } from 'node:fs'
import os from 'node:os'

/** Busy and total CPU time of the whole machine so far, from /proc/stat; `undefined` off Linux. */
interface CpuTimes {
  readonly busy: number
  readonly total: number
}

function cpuTimes(): CpuTimes | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? ''
    const fields = line.trim().split(/\s+/).slice(1).map(Number)
    // user nice system idle iowait irq softirq steal: idle and iowait are the idle part.
    const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0)
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
    return Number.isFinite(total) && total > 0 ? { busy: total - idle, total } : undefined
  } catch {
    return undefined
  }
}

/** A window over which the machine's load is observed. */
export interface LoadWindow {
  /** One line: load averages at start and end, the machine's CPU use, and this process's share. */
  describe(): string
}

/** Starts observing: the machine's CPU use (all processes) and this process's own, until `describe()`. */
export function observeLoad(): LoadWindow {
  const startTimes = cpuTimes()
  const startLoad = os.loadavg()[0] ?? 0
  const ownStart = process.cpuUsage()
  const started = performance.now()
  return {
    describe() {
      const cores = os.cpus().length
      const seconds = (performance.now() - started) / 1000
      const own = process.cpuUsage(ownStart)
      const ownCores = (own.user + own.system) / 1e6 / seconds
      const endTimes = cpuTimes()
      const load = `load average ${(startLoad).toFixed(2)} → ${(os.loadavg()[0] ?? 0).toFixed(2)} on ${cores} cores`
      if (startTimes === undefined || endTimes === undefined)
        return `${load}; this process used ${ownCores.toFixed(2)} cores over ${seconds.toFixed(0)} s`
      const machineCores = ((endTimes.busy - startTimes.busy) / (endTimes.total - startTimes.total)) * cores
      return `${load}; the machine was busy ${machineCores.toFixed(2)} of ${cores} cores over ${seconds.toFixed(0)} s, this process ${ownCores.toFixed(2)} (the rest: the database servers and other work)`
    },
  }
}

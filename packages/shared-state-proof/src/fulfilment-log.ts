/**
 * The shared fulfilment log of the many-processes proof: every worker's
 * `fulfil` appends one line `<order> <pid> <epoch ms>` (O_APPEND, one
 * write), so the lines count what actually ran, across processes and crashes.
 */

/** One fulfilment, as a worker logged it. */
export interface FulfilmentLine {
  readonly reference: string
  readonly pid: number
  /** When `fulfil` ran, in epoch ms. */
  readonly at: number
}

/** The line a worker appends for one fulfilment. */
export function fulfilmentLine(reference: string, pid: number, at: number): string {
  return `${reference} ${pid} ${at}\n`
}

/** Reads the log back; a line that does not parse is an error (a torn write would be one). */
export function parseFulfilmentLog(text: string): FulfilmentLine[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const match = /^(\S+) (\d+) (\d+)$/.exec(line)
      if (match === null) throw new Error(`fulfilment log: malformed line ${JSON.stringify(line)}`)
      return { reference: match[1] as string, pid: Number(match[2]), at: Number(match[3]) }
    })
}

/** The worker killed mid-run, and when. */
export interface Killed {
  readonly pid: number
  readonly at: number
}

/** What the log says about each order. */
export interface FulfilmentVerdict {
  readonly fulfilments: number
  readonly paidOrders: number
  /** Paid orders fulfilled exactly once. */
  readonly fulfilledOnce: number
  /** Paid orders never fulfilled: a lost event. */
  readonly missing: readonly string[]
  /** Unpaid orders fulfilled: a status applied wrongly. */
  readonly unexpected: readonly string[]
  /** Orders fulfilled more than once, for any reason. */
  readonly doubles: readonly string[]
  /**
   * The doubles the crash explains: the first fulfilment ran in the killed
   * worker within `crashWindowMs` before SIGKILL, so it may have died after
   * `fulfil` and before the store recorded it, and it ran once more. The
   * guard tells the next attempt (`interrupted`) and the proof's `fulfil`
   * then checks the log, so there should be none. Every other double is a bug.
   */
  readonly crashDoubles: readonly string[]
}

/** Judges the log against the orders: exactly one fulfilment per paid order, none for the others. */
export function judgeFulfilments(
  lines: readonly FulfilmentLine[],
  orders: readonly { readonly reference: string; readonly paid: boolean }[],
  killed: Killed | undefined,
  crashWindowMs: number,
): FulfilmentVerdict {
  const byOrder = new Map<string, FulfilmentLine[]>()
  for (const line of lines) byOrder.set(line.reference, [...(byOrder.get(line.reference) ?? []), line])
  const known = new Set(orders.map((order) => order.reference))
  const missing: string[] = []
  const unexpected = [...byOrder.keys()].filter((reference) => !known.has(reference))
  const doubles: string[] = []
  const crashDoubles: string[] = []
  let fulfilledOnce = 0
  for (const order of orders) {
    const ran = byOrder.get(order.reference) ?? []
    if (!order.paid && ran.length > 0) unexpected.push(order.reference)
    if (order.paid && ran.length === 0) missing.push(order.reference)
    if (order.paid && ran.length === 1) fulfilledOnce++
    if (ran.length <= 1) continue
    doubles.push(order.reference)
    const first = [...ran].sort((a, b) => a.at - b.at)[0] as FulfilmentLine
    const diedAfter =
      killed !== undefined && first.pid === killed.pid && killed.at - first.at <= crashWindowMs
    // One re-run at most: the crash can explain a second fulfilment, never a third.
    if (diedAfter && ran.length === 2) crashDoubles.push(order.reference)
  }
  return {
    fulfilments: lines.length,
    paidOrders: orders.filter((order) => order.paid).length,
    fulfilledOnce,
    missing,
    unexpected,
    doubles,
    crashDoubles,
  }
}

import { describe, expect, it } from 'vitest'
import { fulfilmentLine, judgeFulfilments, parseFulfilmentLog } from './fulfilment-log.js'

const orders = [
  { reference: 'o1', paid: true },
  { reference: 'o2', paid: true },
  { reference: 'o3', paid: false },
]
const line = (reference: string, pid: number, at: number) => ({ reference, pid, at })

describe('the fulfilment log', () => {
  it('reads back what the workers appended', () => {
    const text = fulfilmentLine('o1', 10, 1_000) + fulfilmentLine('o2', 11, 1_001)
    expect(parseFulfilmentLog(text)).toEqual([line('o1', 10, 1_000), line('o2', 11, 1_001)])
  })

  it('refuses a torn line rather than miscounting it', () => {
    expect(() => parseFulfilmentLog('o1 10 1000\no2 1')).toThrow(/malformed line "o2 1"/)
  })
})

describe('judgeFulfilments', () => {
  it('passes one fulfilment per paid order and none for the others', () => {
    const verdict = judgeFulfilments([line('o1', 1, 5), line('o2', 2, 6)], orders, undefined, 1_000)
    expect(verdict).toMatchObject({ fulfilments: 2, paidOrders: 2, fulfilledOnce: 2 })
    expect([verdict.missing, verdict.unexpected, verdict.doubles]).toEqual([[], [], []])
  })

  it('finds a paid order never fulfilled, an unpaid or unknown one fulfilled, and a double', () => {
    const verdict = judgeFulfilments(
      [line('o1', 1, 5), line('o1', 2, 6), line('o3', 1, 7), line('o9', 1, 8)],
      orders,
      undefined,
      1_000,
    )
    expect(verdict.missing).toEqual(['o2'])
    expect(verdict.unexpected.toSorted()).toEqual(['o3', 'o9'])
    expect(verdict.doubles).toEqual(['o1'])
    expect(verdict.crashDoubles).toEqual([])
  })

  it('lets the crash explain a second run only of what the killed worker ran just before it died', () => {
    const killed = { pid: 1, at: 10_000 }
    const judge = (lines: ReturnType<typeof line>[]) => judgeFulfilments(lines, orders, killed, 1_000)
    expect(judge([line('o1', 1, 9_500), line('o1', 2, 12_000)]).crashDoubles).toEqual(['o1'])
    // Too long before the kill: the record had time to land, so the second run is a bug.
    expect(judge([line('o1', 1, 8_000), line('o1', 2, 12_000)]).crashDoubles).toEqual([])
    // First run by a worker that lived.
    expect(judge([line('o1', 2, 9_500), line('o1', 1, 9_900)]).crashDoubles).toEqual([])
    // A crash explains one re-run, never two.
    expect(judge([line('o1', 1, 9_500), line('o1', 2, 12_000), line('o1', 3, 13_000)]).crashDoubles).toEqual(
      [],
    )
  })
})

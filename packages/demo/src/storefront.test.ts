import { beforeAll, describe, expect, it, vi } from 'vitest'
import { formatOrderTable } from './order-table.js'
import { runStorefront, type StorefrontReport } from './storefront.js'

describe('the storefront demo', () => {
  let report: StorefrontReport
  const lines: string[] = []
  const servers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap').length
  let serversBefore = 0

  beforeAll(async () => {
    serversBefore = servers()
    report = await runStorefront((line) => lines.push(line))
  })

  it('runs every step with the expected outcome and closes its servers', async () => {
    expect(report.problems).toEqual([])
    // A closed server's handle goes away on a later turn of the event loop.
    await vi.waitFor(() => expect(servers()).toBe(serversBefore))
  })

  it('ends with the orders on the gateways the router chose, paid, for the amounts charged', () => {
    const rows = report.orders.map((row) => [row.order, row.gateway, row.status, row.amount])
    expect(rows).toEqual([
      // FastStar adds 8 % US sales tax on top: 999 + 80.
      ['order-1001', 'faststar', 'succeeded', { amount: 1079, currency: 'USD' }],
      ['order-1002', 'fastaar', 'succeeded', { amount: 107_950, currency: 'BDT' }],
      ['bill-ACC-12345-2026-03', 'paystar', 'succeeded', { amount: 1079, currency: 'USD' }],
      // FastStar down: failed over to Paystar, which adds no tax.
      ['order-1003', 'paystar', 'succeeded', { amount: 2500, currency: 'USD' }],
      ['order-1004', 'paystar', 'succeeded', { amount: 1250, currency: 'USD' }],
      ['order-1005', 'paystar', 'succeeded', { amount: 4200, currency: 'USD' }],
      ['renewal-2026-06', 'faststar', 'succeeded', { amount: 1999, currency: 'USD' }],
    ])
  })

  it('fails over twice, then rests FastStar in the breaker until a success closes it', () => {
    expect(report.failovers).toEqual([
      'sessions.create: faststar → paystar',
      'sessions.create: faststar → paystar',
    ])
    expect(report.circuit).toEqual(['faststar open', 'faststar closed'])
  })

  it('handles every event once, drops the two redeliveries and refuses the tampered copy', () => {
    expect(report.webhooks).toEqual({
      faststar: { handled: 2, duplicates: 1 },
      fastaar: { handled: 1, duplicates: 1 },
      paystar: { handled: 4, duplicates: 0 },
    })
    expect(report.rejectedWebhooks).toBe(1)
  })

  it('tells the buyer of the renewal to come back on-session after the 402', () => {
    expect(lines).toContain(
      '   router.payments.charge threw ActionRequiredError (HTTP 402): nothing was charged',
    )
  })
})

describe('formatOrderTable', () => {
  it('formats minor units exactly and right-aligns the amounts', () => {
    const table = formatOrderTable([
      { order: 'a', gateway: 'fastaar', status: 'succeeded', amount: { amount: 107_950, currency: 'BDT' } },
      { order: 'bb', gateway: 'faststar', status: 'open', amount: { amount: 5, currency: 'USD' } },
      { order: 'c', gateway: 'faststar', status: 'failed', amount: { amount: 1234, currency: 'KWD' } },
    ])
    expect(table.split('\n')).toEqual([
      'order  gateway   status          amount',
      '─────  ────────  ─────────  ───────────',
      'a      fastaar   succeeded  BDT 1079.50',
      'bb     faststar  open          USD 0.05',
      'c      faststar  failed       KWD 1.234',
    ])
  })
})

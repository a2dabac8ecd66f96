import { describe, expect, it } from 'vitest'
import { planDeliveries } from './delivery-plan.js'

const plan = planDeliveries({ orders: 200, deliveries: 1_000, seed: 7, runId: 'run' })
const events = plan.orders.flatMap((order) => order.events)

describe('planDeliveries', () => {
  it('plans exactly the deliveries asked for, 20 % of them duplicates of distinct events', () => {
    expect(events).toHaveLength(800)
    expect(plan.duplicates).toBe(200)
    expect(events.filter((event) => event.duplicate !== undefined)).toHaveLength(200)
    expect(new Set(events.map((event) => event.id)).size).toBe(800)
  })

  it('sends some duplicates at once to another worker and others after the first answer', () => {
    const concurrent = events.filter((event) => event.duplicate === 'concurrent').length
    expect(concurrent).toBeGreaterThan(50)
    expect(200 - concurrent).toBeGreaterThan(50)
  })

  it('pays 3 orders in 4 and confirms exactly half of them at random', () => {
    expect(plan.orders.filter((order) => order.paid)).toHaveLength(150)
    expect(plan.orders.filter((order) => order.confirm)).toHaveLength(100)
    // Drawn, not every other one: unpaid orders are confirmed too.
    expect(plan.orders.some((order) => order.confirm && !order.paid)).toBe(true)
  })

  it('sends pending, processing, then the final status, then late events that never move an order forward', () => {
    for (const order of plan.orders) {
      const statuses = order.events.map((event) => event.status)
      expect(statuses.slice(0, 3)).toEqual(['pending', 'processing', order.paid ? 'succeeded' : 'failed'])
      expect(order.events.slice(3).every((event) => event.late)).toBe(true)
      expect(order.events.slice(0, 3).some((event) => event.late)).toBe(false)
      for (const late of statuses.slice(3)) {
        expect(order.paid ? ['pending', 'refunded'] : ['pending', 'processing']).toContain(late)
      }
    }
  })

  it('names events as FastStar does, by outcome', () => {
    const typeOf = (status: string) => events.find((event) => event.status === status)?.type
    expect(typeOf('failed')).toBe('payment.failed')
    expect(typeOf('refunded')).toBe('payment.refunded')
    expect(typeOf('succeeded')).toBe('payment.succeeded')
  })

  it('replays the same plan from the same seed, and another from another', () => {
    const again = planDeliveries({ orders: 200, deliveries: 1_000, seed: 7, runId: 'run' })
    const other = planDeliveries({ orders: 200, deliveries: 1_000, seed: 8, runId: 'run' })
    expect(again).toEqual(plan)
    expect(other).not.toEqual(plan)
  })

  it('refuses too few deliveries for pending, processing and a final status per order', () => {
    expect(() => planDeliveries({ orders: 100, deliveries: 374, seed: 1, runId: 'r' })).toThrow(RangeError)
    expect(() => planDeliveries({ orders: 100, deliveries: 375, seed: 1, runId: 'r' })).not.toThrow()
  })
})

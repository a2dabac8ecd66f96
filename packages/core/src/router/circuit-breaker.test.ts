import { describe, expect, it } from 'vitest'
import { type CircuitChange, createCircuitBreaker } from './circuit-breaker.js'

function breaker(options: { failureThreshold?: number; cooldownMs?: number } = {}) {
  let now = 0
  const changes: CircuitChange[] = []
  const instance = createCircuitBreaker({
    ...options,
    now: () => now,
    onChange: (change) => changes.push(change),
  })
  return { instance, changes, advance: (ms: number) => (now += ms) }
}

describe('createCircuitBreaker', () => {
  it('opens after failureThreshold failures in a row, not before', () => {
    const { instance, changes } = breaker({ failureThreshold: 3, cooldownMs: 1_000 })
    instance.recordFailure('faststar')
    instance.recordFailure('faststar')
    expect(instance.isOpen('faststar')).toBe(false)
    instance.recordFailure('faststar')
    expect(instance.isOpen('faststar')).toBe(true)
    expect(instance.isOpen('fastaar')).toBe(false)
    expect(changes).toEqual([{ gateway: 'faststar', state: 'open', until: new Date(1_000) }])
  })

  it('a success in between starts the count again', () => {
    const { instance } = breaker({ failureThreshold: 2 })
    instance.recordFailure('faststar')
    instance.recordSuccess('faststar')
    instance.recordFailure('faststar')
    expect(instance.isOpen('faststar')).toBe(false)
  })

  it('lets calls through after the cool-down; one more failure opens it again, a success closes it', () => {
    const { instance, changes, advance } = breaker({ failureThreshold: 2, cooldownMs: 1_000 })
    instance.recordFailure('faststar')
    instance.recordFailure('faststar')
    advance(400)
    expect(instance.retryInMs('faststar')).toBe(600)
    advance(600)
    expect(instance.isOpen('faststar')).toBe(false)
    instance.recordFailure('faststar')
    expect(instance.isOpen('faststar')).toBe(true)
    advance(1_000)
    instance.recordSuccess('faststar')
    expect(instance.isOpen('faststar')).toBe(false)
    expect(changes.map((change) => change.state)).toEqual(['open', 'open', 'closed'])
  })

  it('a late failure from a call started before the trip does not extend the cool-down', () => {
    const { instance, advance } = breaker({ failureThreshold: 1, cooldownMs: 1_000 })
    instance.recordFailure('faststar')
    advance(500)
    instance.recordFailure('faststar')
    expect(instance.retryInMs('faststar')).toBe(500)
  })

  it('refuses nonsense settings', () => {
    expect(() => breaker({ failureThreshold: 0 })).toThrow(/failureThreshold/)
    expect(() => breaker({ cooldownMs: -1 })).toThrow(/cooldownMs/)
  })
})

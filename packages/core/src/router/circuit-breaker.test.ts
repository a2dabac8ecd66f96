import { describe, expect, it } from 'vitest'
import {
  breakerIssues,
  type CircuitChange,
  createCircuitBreaker,
  MAX_COOLDOWN_MS,
} from './circuit-breaker.js'

function breaker(options: { failureThreshold?: number; cooldownMs?: number } = {}) {
  let now = 0
  const changes: CircuitChange[] = []
  const instance = createCircuitBreaker({
    ...options,
    now: () => now,
    onChange: (change) => changes.push(change),
  })
  /** Outcomes of calls that start now, as the router reports them. */
  const fail = (gateway = 'faststar') => instance.recordFailure(gateway, instance.generation(gateway))
  const succeed = (gateway = 'faststar') => instance.recordSuccess(gateway, instance.generation(gateway))
  return { instance, changes, fail, succeed, advance: (ms: number) => (now += ms) }
}

describe('createCircuitBreaker', () => {
  it('opens after failureThreshold failures in a row, not before', () => {
    const { instance, changes, fail } = breaker({ failureThreshold: 3, cooldownMs: 1_000 })
    fail()
    fail()
    expect(instance.isOpen('faststar')).toBe(false)
    fail()
    expect(instance.isOpen('faststar')).toBe(true)
    expect(instance.isOpen('fastaar')).toBe(false)
    expect(changes).toEqual([{ gateway: 'faststar', state: 'open', until: new Date(1_000) }])
  })

  it('a success in between starts the count again', () => {
    const { instance, fail, succeed } = breaker({ failureThreshold: 2 })
    fail()
    succeed()
    fail()
    expect(instance.isOpen('faststar')).toBe(false)
  })

  it('lets calls through after the cool-down; one more failure opens it again, a success closes it', () => {
    const { instance, changes, fail, succeed, advance } = breaker({ failureThreshold: 2, cooldownMs: 1_000 })
    fail()
    fail()
    advance(400)
    expect(instance.retryInMs('faststar')).toBe(600)
    advance(600)
    expect(instance.isOpen('faststar')).toBe(false)
    fail()
    expect(instance.isOpen('faststar')).toBe(true)
    advance(1_000)
    succeed()
    expect(instance.isOpen('faststar')).toBe(false)
    expect(changes.map((change) => change.state)).toEqual(['open', 'open', 'closed'])
  })

  it('each trip starts a new generation; a closing does not', () => {
    const { instance, fail, succeed, advance } = breaker({ failureThreshold: 1, cooldownMs: 1_000 })
    expect(instance.generation('faststar')).toBe(0)
    fail()
    expect(instance.generation('faststar')).toBe(1)
    advance(1_000)
    succeed()
    expect(instance.generation('faststar')).toBe(1)
    expect(instance.generation('fastaar')).toBe(0)
  })

  it('ignores the success of a call started before the trip', () => {
    const { instance, changes, fail } = breaker({ failureThreshold: 2, cooldownMs: 1_000 })
    const before = instance.generation('faststar')
    fail()
    fail()
    instance.recordSuccess('faststar', before)
    expect(instance.isOpen('faststar')).toBe(true)
    expect(changes.map((change) => change.state)).toEqual(['open'])
  })

  it('ignores the failure of a call started before the trip: no longer cool-down, no reopening', () => {
    const { instance, changes, fail, advance } = breaker({ failureThreshold: 1, cooldownMs: 1_000 })
    const before = instance.generation('faststar')
    fail()
    advance(500)
    instance.recordFailure('faststar', before)
    expect(instance.retryInMs('faststar')).toBe(500)
    advance(500)
    instance.recordFailure('faststar', before)
    expect(instance.isOpen('faststar')).toBe(false)
    expect(changes.map((change) => change.state)).toEqual(['open'])
  })

  it('a failure of the current generation while open does not extend the cool-down', () => {
    const { instance, fail, advance } = breaker({ failureThreshold: 1, cooldownMs: 1_000 })
    fail()
    advance(500)
    fail()
    expect(instance.retryInMs('faststar')).toBe(500)
  })
})

describe('breakerIssues', () => {
  it('accepts false, nothing, and settings in range', () => {
    for (const value of [undefined, false, {}, { failureThreshold: 1, cooldownMs: 0 }])
      expect(breakerIssues(value)).toEqual([])
    expect(breakerIssues({ cooldownMs: MAX_COOLDOWN_MS })).toEqual([])
  })

  it('names each bad field, and suggests the setting a misspelt key meant', () => {
    expect(breakerIssues({ failureThreshold: 0, cooldown: 60_000 })).toEqual([
      { path: 'breaker.failureThreshold', message: 'must be a whole number ≥ 1, got 0' },
      { path: 'breaker.cooldown', message: 'unknown key; did you mean "cooldownMs"?' },
    ])
    expect(breakerIssues({ cooldownMs: '72h' })).toEqual([
      {
        path: 'breaker.cooldownMs',
        message: `must be a number of milliseconds from 0 to ${MAX_COOLDOWN_MS}, got "72h"`,
      },
    ])
    expect(breakerIssues({ 'bad\nkey': 1 })[0]?.path).toBe('breaker."bad\\nkey"')
    expect(breakerIssues(true)).toEqual([
      { path: 'breaker', message: 'must be false or { failureThreshold?, cooldownMs? }, got a boolean' },
    ])
  })
})

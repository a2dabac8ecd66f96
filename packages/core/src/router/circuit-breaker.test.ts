import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryStore } from '../state/memory-store.js'
import { STATE_STORE_METHODS, type StateStore } from '../state/state-store.js'
import {
  type Admission,
  breakerIssues,
  type CircuitBreaker,
  type CircuitChange,
  createCircuitBreaker,
  MAX_COOLDOWN_MS,
} from './circuit-breaker.js'

/** One clock for the store and every breaker on it, as a shared store's server clock is. */
function sharedStore() {
  const clock = { now: 0 }
  const store = createMemoryStore({ now: () => clock.now })
  return { clock, store, advance: (ms: number) => (clock.now += ms) }
}

/** Probe leases taken in a test, released after it: their renewal timers must not outlive it. */
const probes: Admission[] = []
afterEach(async () => {
  for (const admission of probes.splice(0)) if (admission.state !== 'open') await admission.probe?.release()
})

type Options = { failureThreshold?: number; cooldownMs?: number; windowMs?: number }

/** A breaker (one "instance") on `shared`'s store, with the outcomes of calls as the router reports them. */
function breakerOn(shared: ReturnType<typeof sharedStore>, options: Options = {}) {
  const changes: CircuitChange[] = []
  const instance = createCircuitBreaker({
    ...options,
    store: shared.store,
    now: () => shared.clock.now,
    onChange: (change) => changes.push(change),
  })
  const admit = async (gateway = 'faststar', skippable = true) => {
    const admission = await instance.admit(gateway, skippable)
    probes.push(admission)
    return admission
  }
  /** A routed call that starts now and fails / succeeds. */
  const fail = async (gateway = 'faststar') => instance.recordFailure(gateway, await admit(gateway))
  const succeed = async (gateway = 'faststar') => instance.recordSuccess(gateway, await admit(gateway))
  const state = async (gateway = 'faststar') => (await admit(gateway)).state
  return { instance, changes, admit, fail, succeed, state }
}

function breaker(options: Options = {}) {
  const shared = sharedStore()
  return { ...breakerOn(shared, options), advance: shared.advance, shared }
}

async function trip(b: { fail: () => Promise<void> }, times: number) {
  for (let i = 0; i < times; i++) await b.fail()
}

describe('createCircuitBreaker: the windowed failure count', () => {
  it('opens after failureThreshold failures within windowMs, not before, for that gateway only', async () => {
    const { changes, fail, state, admit } = breaker({ failureThreshold: 3, cooldownMs: 1_000 })
    await fail()
    await fail()
    expect(await state()).toBe('closed')
    await fail()
    expect(await admit()).toEqual({ state: 'open', retryInMs: 1_000 })
    expect(await state('fastaar')).toBe('closed')
    expect(changes).toEqual([{ gateway: 'faststar', state: 'open', until: new Date(1_000) }])
  })

  it('does not open for failures spread beyond windowMs: the window runs from the first failure', async () => {
    const { changes, fail, state, advance } = breaker({ failureThreshold: 3, windowMs: 1_000 })
    await fail() // t = 0: the window runs to 1 000
    advance(600)
    await fail()
    advance(400) // t = 1 000: the first window is over, its two failures with it
    await fail()
    advance(500)
    await fail()
    expect(await state()).toBe('closed')
    expect(changes).toEqual([])
    advance(499) // t = 1 999: the third failure of the window that began at 1 000
    await fail()
    expect(await state()).toBe('open')
  })

  // Changed on purpose: the old breaker counted failures in a row, so one success reset it. Across
  // instances there is no "in a row": a success elsewhere must not hide a gateway failing here.
  it('a success in between does not reset the count', async () => {
    const { fail, succeed, state } = breaker({ failureThreshold: 2 })
    await fail()
    await succeed()
    await fail()
    expect(await state()).toBe('open')
  })

  it('a failure of the current generation while open does not extend the cool-down', async () => {
    const { admit, instance, fail, advance } = breaker({ failureThreshold: 1, cooldownMs: 1_000 })
    await fail()
    advance(500)
    // A call by ref is sent while open (only that gateway can answer it); its failure counts, not extends.
    await instance.recordFailure('faststar', await admit('faststar', false))
    expect(await admit()).toEqual({ state: 'open', retryInMs: 500 })
  })
})

describe('createCircuitBreaker: cool-down and the half-open probe', () => {
  it('after the cool-down admits exactly one probe; while it runs every other call is skipped', async () => {
    const { admit, fail, advance } = breaker({ failureThreshold: 2, cooldownMs: 1_000 })
    await trip({ fail }, 2)
    advance(400)
    expect(await admit()).toEqual({ state: 'open', retryInMs: 600 })
    advance(600)
    const probe = await admit()
    expect(probe).toMatchObject({ state: 'probe', generation: 1 })
    expect(probe.state === 'probe' && probe.probe).toBeDefined()
    for (let i = 0; i < 3; i++) expect(await admit()).toMatchObject({ state: 'open' })
  })

  it('never lets a call that cannot be skipped take the probe lease', async () => {
    const { admit, fail, advance } = breaker({ failureThreshold: 1, cooldownMs: 1_000 })
    await fail()
    expect(await admit('faststar', false)).toEqual({ state: 'closed', generation: 1 })
    advance(1_000)
    for (let i = 0; i < 3; i++)
      expect(await admit('faststar', false)).toEqual({ state: 'closed', generation: 1 })
    expect((await admit()).state).toBe('probe')
  })

  it("closes on the probe's success, and reports it", async () => {
    const { admit, instance, changes, fail, state, advance } = breaker({
      failureThreshold: 1,
      cooldownMs: 1_000,
    })
    await fail()
    advance(1_000)
    await instance.recordSuccess('faststar', await admit())
    expect(changes).toEqual([
      { gateway: 'faststar', state: 'open', until: new Date(1_000) },
      { gateway: 'faststar', state: 'closed' },
    ])
    for (let i = 0; i < 3; i++) expect(await state()).toBe('closed')
  })

  it("reopens on the probe's failure for another cool-down, in a new generation", async () => {
    const { admit, instance, changes, fail, advance } = breaker({ failureThreshold: 1, cooldownMs: 1_000 })
    await fail()
    advance(1_000)
    await instance.recordFailure('faststar', await admit())
    expect(changes.map(({ state, until }) => [state, until?.getTime()])).toEqual([
      ['open', 1_000],
      ['open', 2_000],
    ])
    expect(await admit()).toEqual({ state: 'open', retryInMs: 1_000 })
    expect(await admit('faststar', false)).toEqual({ state: 'closed', generation: 2 })
    // The failed probe let go of its lease: the next cool-down ends in a probe again.
    advance(1_000)
    expect(await admit()).toMatchObject({ state: 'probe', generation: 2 })
  })

  it('lets another probe go once the prober released its lease without an outcome (the router on a failed hook)', async () => {
    const { admit, fail, advance } = breaker({ failureThreshold: 1, cooldownMs: 1_000 })
    await fail()
    advance(1_000)
    const first = await admit()
    expect(first.state).toBe('probe')
    if (first.state !== 'open') await first.probe?.release()
    expect((await admit()).state).toBe('probe')
  })
})

describe('createCircuitBreaker: generations', () => {
  it('ignores the success of a call admitted before the trip', async () => {
    const { admit, instance, changes, fail, state, advance } = breaker({
      failureThreshold: 2,
      cooldownMs: 1_000,
    })
    const before = await admit()
    await trip({ fail }, 2)
    await instance.recordSuccess('faststar', before)
    expect(await state()).toBe('open')
    advance(1_000)
    await instance.recordSuccess('faststar', before)
    expect(changes.map((change) => change.state)).toEqual(['open'])
  })

  it('ignores the failure of a call admitted before the trip: no longer cool-down, no reopening', async () => {
    const { admit, instance, changes, fail, advance } = breaker({ failureThreshold: 1, cooldownMs: 1_000 })
    const before = await admit()
    await fail()
    advance(500)
    await instance.recordFailure('faststar', before)
    expect(await admit()).toEqual({ state: 'open', retryInMs: 500 })
    advance(500)
    await instance.recordFailure('faststar', before)
    expect((await admit()).state).toBe('probe')
    expect(changes.map((change) => change.state)).toEqual(['open'])
  })

  it('does not count failures of an older generation toward the next trip', async () => {
    const { admit, instance, fail, state, advance } = breaker({ failureThreshold: 2, cooldownMs: 1_000 })
    const old = [await admit(), await admit(), await admit()]
    await trip({ fail }, 2)
    advance(1_000)
    await instance.recordSuccess('faststar', await admit()) // the probe closes it
    for (const admission of old) await instance.recordFailure('faststar', admission)
    expect(await state()).toBe('closed')
  })
})

describe('createCircuitBreaker: several instances on one store', () => {
  it('failures recorded by one instance trip the other, which alone reports nothing', async () => {
    const shared = sharedStore()
    const a = breakerOn(shared, { failureThreshold: 3, cooldownMs: 1_000 })
    const b = breakerOn(shared, { failureThreshold: 3, cooldownMs: 1_000 })
    await a.fail()
    await b.fail()
    expect(await b.state()).toBe('closed')
    await a.fail()
    expect(await b.admit()).toEqual({ state: 'open', retryInMs: 1_000 })
    expect(a.changes).toEqual([{ gateway: 'faststar', state: 'open', until: new Date(1_000) }])
    expect(b.changes).toEqual([])
  })

  it('only one instance probes; its success closes the circuit for both', async () => {
    const shared = sharedStore()
    const a = breakerOn(shared, { failureThreshold: 1, cooldownMs: 1_000 })
    const b = breakerOn(shared, { failureThreshold: 1, cooldownMs: 1_000 })
    await a.fail()
    shared.advance(1_000)
    const admissions = await Promise.all([a.admit(), b.admit(), a.admit(), b.admit()])
    expect(admissions.filter((admission) => admission.state === 'probe')).toHaveLength(1)
    const probe = admissions.find((admission) => admission.state === 'probe') as Admission
    const prober = admissions.indexOf(probe) % 2 === 0 ? a : b
    await prober.instance.recordSuccess('faststar', probe)
    expect(await a.state()).toBe('closed')
    expect(await b.state()).toBe('closed')
    expect([...a.changes, ...b.changes].map((change) => change.state)).toEqual(['open', 'closed'])
  })

  it("when both see a trip's last failure at once, the trip is written and reported once", async () => {
    const shared = sharedStore()
    const instances = [1, 2, 3, 4].map(() => breakerOn(shared, { failureThreshold: 4, cooldownMs: 1_000 }))
    await Promise.all(instances.map((instance) => instance.fail()))
    expect(instances.flatMap((instance) => instance.changes)).toHaveLength(1)
    expect(await instances[0]?.state()).toBe('open')
  })
})

describe('createCircuitBreaker: a store that fails', () => {
  it('rejects with the store’s error, for the router to report and let the call go', async () => {
    const down = new Error('store down')
    const failing = Object.fromEntries(
      STATE_STORE_METHODS.map((method) => [method, () => Promise.reject(down)]),
    )
    const instance: CircuitBreaker = createCircuitBreaker({
      store: { name: 'down', ...failing } as unknown as StateStore,
      now: () => 0,
      onChange: () => {},
    })
    await expect(instance.admit('faststar', true)).rejects.toBe(down)
    await expect(instance.recordFailure('faststar', { state: 'closed', generation: 0 })).rejects.toBe(down)
  })
})

describe('breakerIssues', () => {
  it('accepts false, nothing, and settings in range', () => {
    for (const value of [undefined, false, {}, { failureThreshold: 1, cooldownMs: 0, windowMs: 1 }])
      expect(breakerIssues(value)).toEqual([])
    expect(breakerIssues({ cooldownMs: MAX_COOLDOWN_MS, windowMs: MAX_COOLDOWN_MS })).toEqual([])
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
      {
        path: 'breaker',
        message: 'must be false or { failureThreshold?, cooldownMs?, windowMs? }, got a boolean',
      },
    ])
  })

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_COOLDOWN_MS + 1, '60s', null, {}])(
    'refuses windowMs %s, naming breaker.windowMs',
    (windowMs) => {
      const issues = breakerIssues({ windowMs })
      expect(issues.map((issue) => issue.path)).toEqual(['breaker.windowMs'])
      expect(issues[0]?.message).toMatch(
        new RegExp(`^must be a whole number of milliseconds from 1 to ${MAX_COOLDOWN_MS}, got `),
      )
    },
  )

  it('suggests windowMs for a misspelt window', () => {
    expect(breakerIssues({ window: 1_000, windowMS: 1 })).toEqual([
      { path: 'breaker.window', message: 'unknown key; did you mean "windowMs"?' },
      { path: 'breaker.windowMS', message: 'unknown key; did you mean "windowMs"?' },
    ])
  })
})

describe('createCircuitBreaker: after a probe closed the circuit (bugs, see report)', () => {
  it('one failure does not reopen it, whatever calls by ref failed while it was open', async () => {
    const { admit, instance, fail, state, advance } = breaker({ failureThreshold: 2, cooldownMs: 1_000 })
    await trip({ fail }, 2)
    for (let i = 0; i < 2; i++) await instance.recordFailure('faststar', await admit('faststar', false))
    advance(1_000)
    await instance.recordSuccess('faststar', await admit())
    await fail()
    expect(await state()).toBe('closed')
  })

  it('a probe admitted as another instance’s probe closed it does not reopen it on one failure', async () => {
    const shared = sharedStore()
    let letGo: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      letGo = resolve
    })
    const gated: StateStore = {
      ...shared.store,
      acquireLease: async (key, owner, ttlMs) => {
        await gate
        return shared.store.acquireLease(key, owner, ttlMs)
      },
    }
    const a = breakerOn(shared, { failureThreshold: 1, cooldownMs: 1_000 })
    const b = breakerOn({ ...shared, store: gated }, { failureThreshold: 1, cooldownMs: 1_000 })
    await a.fail()
    shared.advance(1_000)
    const late = b.admit() // reads "open, cool-down over", then waits at the lease
    await a.instance.recordSuccess('faststar', await a.admit())
    letGo()
    const stale = await late
    await b.instance.recordFailure('faststar', stale)
    expect(await a.state()).toBe('closed')
  })
})

import { packageProject } from '../../vitest.project.js'

// A run block waits on child processes (tsx or vitest, 1-3 s each): two at a
// time keep both cores busy without starving the other projects.
export default packageProject('docs-check', { maxConcurrency: 2, testTimeout: 60_000, hookTimeout: 120_000 })

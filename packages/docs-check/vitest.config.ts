import { packageProject } from '../../vitest.project.js'

// A block's test awaits its run, which may wait behind other pages' runs
// (two child processes at a time): the timeout is for the whole queue.
export default packageProject('docs-check', { testTimeout: 180_000, hookTimeout: 120_000 })

import { afterAll } from 'vitest'
import { setDocsEmulators } from './current.js'
import { startDocsEmulators } from './emulators.js'

// A `run` block that imports from 'vitest' runs as a test file: the emulators
// and the environment are in place before the file's own code runs.
const emulators = await startDocsEmulators()
setDocsEmulators(emulators)
afterAll(async () => {
  await emulators.close()
  setDocsEmulators(undefined)
})

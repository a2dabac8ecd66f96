import { pathToFileURL } from 'node:url'
import { inspect } from 'node:util'
import { setDocsEmulators } from './current.js'
import { startDocsEmulators } from './emulators.js'

/**
 * The child process of one `run` block: serves the emulators, imports the
 * block's module (top-level await included), closes the emulators, and exits
 * 0 when the module finished without throwing. The exit is explicit, so a
 * client the block leaves open (a Redis connection) cannot hang the check.
 */
async function main(file: string): Promise<number> {
  const emulators = await startDocsEmulators()
  setDocsEmulators(emulators)
  try {
    await import(pathToFileURL(file).href)
    return 0
  } catch (error) {
    console.error(`the block threw: ${inspect(error, { depth: 4 })}`)
    return 1
  } finally {
    await emulators.close()
    setDocsEmulators(undefined)
  }
}

const file = process.argv[2]
if (file === undefined) throw new Error('usage: run-module.ts <module>')
process.exit(await main(file))

import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { inspect } from 'node:util'
import { setDocsEmulators } from './current.js'
import { startDocsEmulators } from './emulators.js'
import { endMarker, type PageEntry, startMarker } from './page-protocol.js'

/**
 * The child process of one markdown file's `run` blocks: runs them in
 * document order, each with fresh emulators and the environment reset to the
 * process's own plus that block's servers. Marks where each block's output
 * starts and how it ended on stdout and stderr, for the parent to split. A
 * block past its timeout ends the process (nothing can cancel a module
 * import); the parent starts a new one for the blocks after it.
 */
async function main(entries: readonly PageEntry[]): Promise<void> {
  const baseEnv = { ...process.env }
  for (const [index, entry] of entries.entries()) {
    for (const key of Object.keys(process.env)) if (!(key in baseEnv)) delete process.env[key]
    Object.assign(process.env, baseEnv, entry.env)
    process.stdout.write(startMarker(index))
    process.stderr.write(startMarker(index))
    const started = performance.now()
    const ok = await runOne(entry, started)
    process.stdout.write(endMarker(index, ok, performance.now() - started))
  }
}

async function runOne(entry: PageEntry, started: number): Promise<boolean> {
  const emulators = await startDocsEmulators()
  setDocsEmulators(emulators)
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(entry.timeoutMs)), entry.timeoutMs)
  })
  try {
    await Promise.race([import(pathToFileURL(entry.file).href), timeout])
    return true
  } catch (error) {
    if (error instanceof TimeoutError) {
      console.log(error.message)
      process.stdout.write(endMarker(-1, false, performance.now() - started))
      process.exit(3)
    }
    console.log(`the block threw: ${inspect(error, { depth: 4 })}`)
    return false
  } finally {
    clearTimeout(timer)
    await emulators.close()
    setDocsEmulators(undefined)
  }
}

class TimeoutError extends Error {
  constructor(ms: number) {
    super(`killed: still running after ${ms} ms`)
  }
}

const manifest = process.argv[2]
if (manifest === undefined) throw new Error('usage: run-page.ts <manifest.json>')
await main(JSON.parse(readFileSync(manifest, 'utf8')) as PageEntry[])
// Explicit: a client a block left open (a Redis connection) cannot keep the process alive.
process.exit(0)

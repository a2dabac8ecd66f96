// What the soak needs beyond ../../core/bench/harness.mjs (whose child processes are stopped on
// every way out): IPC messages, the environment line, and the results file.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export { runMain, startNode } from '../../core/bench/harness.mjs'

export const benchDir = dirname(fileURLToPath(import.meta.url))
export const packagesDir = join(benchDir, '..', '..')
export const MiB = 1024 * 1024

/** The built files the benches import (through the workspace links, as a user would). */
const REQUIRED = [
  'core/dist/index.js',
  'faststar/dist/index.js',
  'fastaar/dist/index.js',
  'paystar/dist/index.js',
]

/** Fails with how to fix it when a package's `dist/` is missing. */
export function requireBuilt() {
  for (const file of REQUIRED) {
    if (!existsSync(join(packagesDir, file)))
      throw new Error(`packages/${file} is missing; run \`pnpm build\` first`)
  }
}

/** Resolves with the first IPC message of `type` from `child`, or rejects after `timeoutMs` or when it exits. */
export function nextMessage(child, type, timeoutMs) {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
    }
    const timer = setTimeout(() => {
      done()
      reject(new Error(`no "${type}" message within ${timeoutMs / 1000} s`))
    }, timeoutMs)
    const onMessage = (message) => {
      if (message?.type !== type) return
      done()
      resolve(message)
    }
    const onExit = (code, signal) => {
      done()
      reject(new Error(`child exited (code ${code}, signal ${signal}) before sending "${type}"`))
    }
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

/** Node version, CPUs and memory, for the report's first line and the results file. */
export function environment() {
  const cpus = os.cpus()
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim(),
    totalMemMiB: Math.round(os.totalmem() / MiB),
  }
}

/** Writes `report` as `bench/results/<name>.json` (git-ignored) and says where. */
export function writeResults(name, report) {
  const dir = join(benchDir, 'results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${name}.json`)
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
  console.log(`results written to ${file}`)
}

import type { ChildProcess } from 'node:child_process'
import { accessSync, constants, rmSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { delimiter } from 'node:path'

/** A port the OS just had free on loopback: listen on 0, read it, close. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => (port === 0 ? reject(new Error('no free port')) : resolve(port)))
    })
  })
}

/** Whether `file` exists and may be executed by this process. */
export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The folders of `PATH`, in order. */
export function pathFolders(): string[] {
  return (process.env.PATH ?? '').split(delimiter).filter((folder) => folder !== '')
}

/**
 * The stop of a server process: `signal`, then SIGKILL after `graceMs`,
 * then its folder removed; once (later calls wait for the same stop). A
 * test run that dies without stopping it leaves neither process nor folder.
 */
export function stopper(
  child: ChildProcess,
  dir: string,
  options: { readonly signal: NodeJS.Signals; readonly graceMs: number },
): () => Promise<void> {
  const killOnExit = () => {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', killOnExit)
  let stopping: Promise<void> | undefined
  return () => {
    stopping ??= (async () => {
      process.off('exit', killOnExit)
      await kill(child, options.signal, options.graceMs)
      await rm(dir, { recursive: true, force: true })
    })()
    return stopping
  }
}

/** Sends `signal` and waits for the exit, with SIGKILL after `graceMs`; nothing if it already exited. */
export async function kill(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill(signal)
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

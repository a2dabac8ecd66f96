import { type ChildProcess, spawn } from 'node:child_process'
import { accessSync, constants, rmSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createConnection, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'

/** A throw-away `redis-server` on a loopback port. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`: no password, database 0. */
  readonly url: string
  readonly port: number
  /** The server's temporary working folder, removed by `stop()`. */
  readonly dir: string
  /** Stops the server (SIGTERM, then SIGKILL after 2 s) and removes its folder. */
  stop(): Promise<void>
}

/** What to run when `redis-server` is missing, for messages. */
export const REDIS_INSTALL_HINT = 'apt-get install -y redis-server'

/** The `redis-server` binary: the first on PATH, else `/usr/bin/redis-server`; `undefined` if there is none. */
export function redisServerBinary(): string | undefined {
  const candidates = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((folder) => folder !== '')
    .map((folder) => join(folder, 'redis-server'))
  candidates.push('/usr/bin/redis-server')
  return candidates.find(executable)
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Whether `redis-server` is installed, so {@link startRedisServer} can run. */
export function redisServerAvailable(): boolean {
  return redisServerBinary() !== undefined
}

/**
 * Starts `redis-server` on a free loopback port, in a new temporary folder,
 * with nothing saved to disk, and resolves once it answers PING. Rejects
 * naming the Debian package when the binary is missing. Retries on another
 * port if the chosen one was taken in between (other suites run in parallel).
 */
export async function startRedisServer(
  options: {
    /** The binary to run. @default redisServerBinary() */
    readonly binary?: string
  } = {},
): Promise<RedisServer> {
  const binary = options.binary ?? redisServerBinary()
  if (binary === undefined || !executable(binary)) {
    throw new Error(`redis-server is not installed: run \`${REDIS_INSTALL_HINT}\` (as root)`)
  }
  let lastError: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = await mkdtemp(join(tmpdir(), 'paymux-redis-'))
    const port = await freePort()
    const child = spawn(binary, redisArguments(port, dir), { stdio: ['ignore', 'pipe', 'pipe'] })
    const stop = stopper(child, dir)
    try {
      await answersPing(child, port)
      return { url: `redis://127.0.0.1:${port}`, port, dir, stop }
    } catch (error) {
      lastError = error
      await stop()
    }
  }
  throw lastError
}

function redisArguments(port: number, dir: string): string[] {
  return [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--daemonize',
    'no',
  ]
}

/** A port the OS just had free: listen on 0, read it, close. */
function freePort(): Promise<number> {
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

/** Resolves when the server on `port` answers PING; rejects with its output if it exits first or after 10 s. */
async function answersPing(child: ChildProcess, port: number): Promise<void> {
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `redis-server exited (${child.exitCode ?? child.signalCode}) on port ${port}: ${output}`,
      )
    }
    if (await ping(port)) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`redis-server did not answer PING on port ${port} within 10 s: ${output}`)
}

/** One raw PING over TCP: no client library, so this package depends on none. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    let answer = ''
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1_000, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8')
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'))
    })
  })
}

/** Stops `child` once (later calls wait for the same stop), and removes `dir`. */
function stopper(child: ChildProcess, dir: string): () => Promise<void> {
  // A test run that dies without afterAll must leave neither a server nor its folder behind.
  const killOnExit = () => {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', killOnExit)
  let stopping: Promise<void> | undefined
  return () => {
    stopping ??= (async () => {
      process.off('exit', killOnExit)
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 2_000)
        await exited
        clearTimeout(timer)
      }
      await rm(dir, { recursive: true, force: true })
    })()
    return stopping
  }
}

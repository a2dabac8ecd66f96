import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, isExecutable, pathFolders, stopper } from './process-tools.js'

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
  return [...pathFolders().map((folder) => join(folder, 'redis-server')), '/usr/bin/redis-server'].find(
    isExecutable,
  )
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
  if (binary === undefined || !isExecutable(binary)) {
    throw new Error(`redis-server is not installed: run \`${REDIS_INSTALL_HINT}\` (as root)`)
  }
  let lastError: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = await mkdtemp(join(tmpdir(), 'paymux-redis-'))
    const port = await freePort()
    const child = spawn(binary, redisArguments(port, dir), { stdio: ['ignore', 'pipe', 'pipe'] })
    const stop = stopper(child, dir, { signal: 'SIGTERM', graceMs: 2_000 })
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

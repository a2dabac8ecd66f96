import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { readdirSync, rmSync } from 'node:fs'
import { chown, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, isExecutable, kill, pathFolders, stopper } from './process-tools.js'

/** A throw-away PostgreSQL server, listening on 127.0.0.1 only. */
export interface PostgresServer {
  /**
   * `postgres://postgres@127.0.0.1:<port>/postgres`: the superuser, with
   * no password. Every other role must log in with its password
   * (scram-sha-256), so a test can create one and try a wrong password.
   */
  readonly url: string
  /** The loopback port it listens on. */
  readonly port: number
  /** Its temporary folder (cluster and socket), removed by `stop()`. */
  readonly dir: string
  /** Stops the server at once (no checkpoint, nothing is kept) and removes its folder. */
  stop(): Promise<void>
}

/** What to install when the binaries are missing. */
export const POSTGRES_INSTALL_HINT = 'apt-get install -y postgresql'

/** Options of {@link startPostgresServer}. */
export interface PostgresServerOptions {
  /** The folder holding `initdb` and `postgres`. @default Debian's newest `/usr/lib/postgresql/<version>/bin`, else the PATH */
  readonly binDir?: string
}

/** How long a new server may take to accept connections. */
const START_TIMEOUT_MS = 30_000

/**
 * Whether a PostgreSQL server can be started here: `initdb` and `postgres`
 * are installed (Debian's `/usr/lib/postgresql/<version>/bin`, or on the
 * PATH) and, when running as root, the `postgres` OS user exists (the server
 * refuses to run as root).
 */
export function postgresServerAvailable(options: PostgresServerOptions = {}): boolean {
  return postgresBinDir(options.binDir) !== undefined && (!isRoot() || serverUser() !== undefined)
}

/**
 * Starts a throw-away PostgreSQL server: a new cluster in a temporary
 * folder, on a free loopback port, tuned for tests (fsync off). Resolves
 * once it accepts connections. Throws naming {@link POSTGRES_INSTALL_HINT}
 * when the binaries are missing.
 */
export async function startPostgresServer(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const bin = postgresBinDir(options.binDir)
  const user = isRoot() ? serverUser() : undefined
  if (bin === undefined || (isRoot() && user === undefined)) {
    throw new Error(`PostgreSQL is not installed: run \`${POSTGRES_INSTALL_HINT}\``)
  }
  const folder = await mkdtemp(join(tmpdir(), 'paymux-postgres-'))
  try {
    if (user !== undefined) await chown(folder, user.uid, user.gid)
    const data = join(folder, 'data')
    await run(
      join(bin, 'initdb'),
      ['-D', data, '-U', 'postgres', '-E', 'UTF8', '--locale=C', '-A', 'trust', '--no-sync'],
      user,
    )
    // The superuser trusts loopback; any other role needs its password, for tests of a bad one.
    await writeFile(
      join(data, 'pg_hba.conf'),
      [
        'local all all trust',
        'host all postgres 127.0.0.1/32 trust',
        'host all all 127.0.0.1/32 scram-sha-256',
        '',
      ].join('\n'),
    )
    return await startOnFreePort(bin, folder, data, user)
  } catch (error) {
    rmSync(folder, { recursive: true, force: true })
    throw error
  }
}

interface ServerUser {
  readonly uid: number
  readonly gid: number
}

// A port picked free can be taken before postgres binds it; another port then.
async function startOnFreePort(
  bin: string,
  folder: string,
  data: string,
  user: ServerUser | undefined,
): Promise<PostgresServer> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const child = spawnServer(bin, folder, data, port, user)
    try {
      await untilReady(child)
    } catch (error) {
      await kill(child, 'SIGQUIT', 5_000)
      if (attempt < 3 && /could not bind|already in use/i.test(String(error))) continue
      throw error
    }
    return serverHandle(child, folder, port)
  }
}

function spawnServer(
  bin: string,
  folder: string,
  data: string,
  port: number,
  user: ServerUser | undefined,
): ChildProcess {
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: folder,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    shared_buffers: '32MB',
    max_connections: '200',
  }
  const args = [
    '-D',
    data,
    '-p',
    String(port),
    ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  ]
  return spawn(join(bin, 'postgres'), args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(user === undefined ? {} : { uid: user.uid, gid: user.gid }),
    env: { ...process.env, LC_ALL: 'C' },
  })
}

function serverHandle(child: ChildProcess, folder: string, port: number): PostgresServer {
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir: folder,
    // Immediate shutdown (SIGQUIT, like `pg_ctl -m immediate`): nothing is kept, so nothing needs flushing.
    stop: stopper(child, folder, { signal: 'SIGQUIT', graceMs: 5_000 }),
  }
}

/** Resolves when the server logs that it accepts connections; rejects with its log if it exits first. */
function untilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = ''
    const timer = setTimeout(
      () => fail(new Error(`PostgreSQL did not start within ${START_TIMEOUT_MS} ms: ${log.slice(-2_000)}`)),
      START_TIMEOUT_MS,
    )
    const fail = (error: Error) => {
      clearTimeout(timer)
      reject(error)
    }
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk
      if (!log.includes('ready to accept connections')) return
      clearTimeout(timer)
      // Keep draining stderr so a chatty server never blocks on a full pipe.
      log = ''
      resolve()
    })
    child.once('error', fail)
    child.once('exit', (code, signal) =>
      fail(new Error(`PostgreSQL exited (${code ?? signal}): ${log.slice(-2_000)}`)),
    )
  })
}

function run(file: string, args: string[], user: ServerUser | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(user === undefined ? {} : { uid: user.uid, gid: user.gid }),
      env: { ...process.env, LC_ALL: 'C' },
    })
    let output = ''
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${file} failed (${code}): ${output.slice(-2_000)}`)),
    )
  })
}

/** Debian's newest `/usr/lib/postgresql/<version>/bin`, else the PATH folder holding `initdb` and `postgres`. */
function postgresBinDir(given: string | undefined): string | undefined {
  if (given !== undefined) return hasServerBinaries(given) ? given : undefined
  const root = '/usr/lib/postgresql'
  const versions = safeReaddir(root)
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
  const candidates = [...versions.map((version) => join(root, version, 'bin')), ...pathFolders()]
  return candidates.find(hasServerBinaries)
}

function hasServerBinaries(dir: string): boolean {
  return isExecutable(join(dir, 'initdb')) && isExecutable(join(dir, 'postgres'))
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

function isRoot(): boolean {
  return process.getuid?.() === 0
}

/** The `postgres` OS user (made by Debian's package), which runs the server when the tests run as root. */
function serverUser(): ServerUser | undefined {
  try {
    const id = (flag: string) =>
      Number(
        execFileSync('id', [flag, 'postgres'], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }).trim(),
      )
    const user = { uid: id('-u'), gid: id('-g') }
    return Number.isSafeInteger(user.uid) && Number.isSafeInteger(user.gid) ? user : undefined
  } catch {
    return undefined
  }
}

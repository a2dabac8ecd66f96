import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** A message between the driver and a proof's child process: a `type` and its fields. */
export interface ProofMessage {
  readonly type: string
}

/** A child process of a proof, as the driver sees it. */
export interface ProofChild<In extends ProofMessage, Out extends ProofMessage> {
  readonly pid: number
  /** Resolves the next message of `type` from the child; rejects if the child exits first. */
  next<T extends Out['type']>(type: T): Promise<Extract<Out, { type: T }>>
  /** Whether the child has exited. */
  readonly dead: boolean
  send(message: In): void
  /** Ends the child at once: what a crash, an OOM kill or a pulled plug does to an app instance. */
  kill(): Promise<void>
  /** Resolves once the child has exited (any way). */
  readonly exited: Promise<void>
}

/**
 * Starts `script` (a file next to this one) as a child process with the
 * same Node, resolving `@paymux/*` from source through tsx. Its output is
 * kept (the last 8 KB) for the error when it exits before saying what the
 * driver waits for.
 */
export function startChild<In extends ProofMessage, Out extends ProofMessage>(
  script: string,
): ProofChild<In, Out> {
  const child: ChildProcess = fork(fileURLToPath(new URL(`./${script}`, import.meta.url)), [], {
    execPath: process.execPath,
    execArgv: ['--conditions=@paymux/source', '--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const mailbox = new Mailbox<Out>()
  child.on('message', (message: Out) => mailbox.deliver(message))
  let dead = false
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      dead = true
      mailbox.close(new Error(`${script} (pid ${child.pid}) exited (${signal ?? code}): ${output.trim()}`))
      resolve()
    })
  })
  return {
    pid: child.pid ?? 0,
    next: (type) => mailbox.next(type),
    get dead() {
      return dead
    },
    send(message) {
      child.send(message)
    },
    async kill() {
      child.kill('SIGKILL')
      await exited
    },
    exited,
  }
}

/** In a child: sends a message to the driver; resolves once it is handed to the channel (exiting earlier may lose it). */
export function tellDriver<M extends ProofMessage>(message: M): Promise<void> {
  const send = process.send?.bind(process)
  if (send === undefined) throw new Error('not started by a proof driver (no IPC channel)')
  return new Promise((resolve, reject) => {
    send(message, undefined, {}, (error: Error | null) => (error === null ? resolve() : reject(error)))
  })
}

let driverMail: Mailbox<ProofMessage> | undefined

/**
 * In a child: resolves the next message from the driver whose type is one
 * of `types`. Messages are kept from the start, so one sent before the
 * child asks for it is not lost.
 */
export function fromDriver<M extends ProofMessage>(...types: M['type'][]): Promise<M> {
  if (driverMail === undefined) {
    const mail = new Mailbox<ProofMessage>()
    process.on('message', (message: ProofMessage) => mail.deliver(message))
    driverMail = mail
  }
  return driverMail.next(...types) as unknown as Promise<M>
}

/** Messages received and not yet asked for, and the askers still waiting, matched by type. */
class Mailbox<M extends ProofMessage> {
  private readonly inbox: M[] = []
  private readonly waiting: {
    types: readonly string[]
    resolve(message: M): void
    reject(error: Error): void
  }[] = []
  private closed: Error | undefined

  deliver(message: M): void {
    const index = this.waiting.findIndex((waiter) => waiter.types.includes(message.type))
    const waiter = this.waiting[index]
    if (waiter === undefined) this.inbox.push(message)
    else {
      this.waiting.splice(index, 1)
      waiter.resolve(message)
    }
  }

  next<T extends M['type']>(...types: T[]): Promise<Extract<M, { type: T }>> {
    const index = this.inbox.findIndex((message) => (types as string[]).includes(message.type))
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0] as Extract<M, { type: T }>)
    if (this.closed !== undefined) return Promise.reject(this.closed)
    return new Promise((resolve, reject) => {
      this.waiting.push({ types, resolve: resolve as (message: M) => void, reject })
    })
  }

  /** No more messages will come: every asker still waiting, and every later one, gets `error`. */
  close(error: Error): void {
    this.closed = error
    for (const waiter of this.waiting.splice(0)) waiter.reject(error)
  }
}

/** In a child: runs `main`, and on failure prints why and exits non-zero (the driver shows the output). */
export function runChild(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}

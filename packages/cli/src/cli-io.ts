/** Where a command writes and what ends a long-running one; `bin.ts` wires it to the process, tests to arrays. */
export interface CliIo {
  /** Writes one line of output (stdout). */
  out(line: string): void
  /** Writes one line of diagnostics (stderr). */
  err(line: string): void
  /** The environment `PORT_BASE` and `WEBHOOK_URL` are read from. */
  readonly env: Readonly<Record<string, string | undefined>>
  /** Ends `emulate` and `forward` when aborted (the bin: SIGINT or SIGTERM). */
  readonly signal: AbortSignal
}

/** A command's refusal that the runner turns into a message and exit code 2 (bad usage, nothing to talk to). */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError'
}

/** Resolves when `signal` aborts (at once if it already has). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
}

import { StoreUnavailableError } from '@paymux/core'

/**
 * The store's error for a command that failed: refused or dropped
 * connection, closed client, offline queue off, timeout, an error reply.
 * The client's error is not kept as `cause`: ioredis errors carry the
 * command and its arguments, and an AUTH failure would carry the password.
 * Its name, code and first line go into the message instead, with any URL
 * cut out, so the message alone tells what happened.
 */
export function redisUnavailable(operation: string, error: unknown): StoreUnavailableError {
  return new StoreUnavailableError({
    store: 'redis',
    operation,
    message: `redis store: ${operation} failed: ${describeError(error)}`,
  })
}

/** The store's error for a reply of a shape the command never gives: never read as "absent" or "taken". */
export function redisInvalidAnswer(operation: string, reply: unknown): StoreUnavailableError {
  return new StoreUnavailableError({
    store: 'redis',
    operation,
    code: 'store_invalid_answer',
    message: `redis store: ${operation} got an answer it cannot read (${describeReply(reply)}), where Redis answers strings, integers and nil`,
  })
}

const URL_PATTERN = /[a-z][a-z0-9+.-]*:\/\/\S*/gi
const MAX_DETAIL = 300

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return clean(String(error))
  // node-redis leaves `name` at 'Error' on its own classes (ClientClosedError, ClientOfflineError…).
  const name = error.name === 'Error' && error.constructor.name !== '' ? error.constructor.name : error.name
  const code = (error as { code?: unknown }).code
  return `${typeof code === 'string' && code !== '' ? `${name} ${code}` : name}: ${clean(error.message)}`
}

function clean(text: string): string {
  const line = (text.split('\n', 1)[0] ?? '').replace(URL_PATTERN, '[url]')
  return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL)}…` : line
}

function describeReply(reply: unknown): string {
  if (reply === null) return 'nil'
  if (Array.isArray(reply)) return `an array of ${reply.length}`
  // The length only: a reply may hold the application's own data.
  if (typeof reply === 'string') return `a string of ${reply.length} characters`
  if (typeof reply === 'number' || typeof reply === 'boolean') return `${typeof reply} ${String(reply)}`
  if (reply instanceof Uint8Array) return `a Buffer of ${reply.length} bytes`
  return typeof reply === 'object' ? 'an object' : typeof reply
}

import type { StoredValue } from '@paymux/core'
import { redisInvalidAnswer } from './redis-errors.js'

// Readers of the raw replies, one per shape. node-redis and ioredis both give a bulk string as
// a string, an integer as a number and nil as null (RESP2 and RESP3 alike, for these commands).
// Anything else is an error, never a guess: a reply read as "absent" would let a second
// instance fulfil the same payment.

/** SET … NX PX: `'OK'` when set, nil when the key was held. */
export function readClaim(operation: string, reply: unknown): boolean {
  if (reply === 'OK') return true
  if (reply === null) return false
  throw redisInvalidAnswer(operation, reply)
}

/** DEL: how many keys went, 0 or 1. */
export function readDeleted(operation: string, reply: unknown): void {
  if (reply !== 0 && reply !== 1) throw redisInvalidAnswer(operation, reply)
}

/** A lease script: 1 or 0. */
export function readFlag(operation: string, reply: unknown): boolean {
  if (reply === 1) return true
  if (reply === 0) return false
  throw redisInvalidAnswer(operation, reply)
}

/** The increment script: the count, ≥ 1. */
export function readCount(operation: string, reply: unknown): number {
  if (typeof reply === 'number' && Number.isSafeInteger(reply) && reply >= 1) return reply
  throw redisInvalidAnswer(operation, reply)
}

/** The compareAndSet script: the new version, or 0 when another write came first. */
export function readVersion(operation: string, reply: unknown): number | undefined {
  if (reply === 0) return undefined
  if (typeof reply === 'number' && Number.isSafeInteger(reply) && reply >= 1) return reply
  throw redisInvalidAnswer(operation, reply)
}

const VERSION = /^[1-9][0-9]{0,15}$/

/** HMGET key v n: both nil when there is no value, else the value and its version as a decimal string. */
export function readStoredValue(operation: string, reply: unknown): StoredValue | undefined {
  if (Array.isArray(reply) && reply.length === 2) {
    const [value, version] = reply as [unknown, unknown]
    if (value === null && version === null) return undefined
    if (typeof value === 'string' && typeof version === 'string' && VERSION.test(version)) {
      const parsed = Number(version)
      if (Number.isSafeInteger(parsed)) return { value, version: parsed }
    }
  }
  throw redisInvalidAnswer(operation, reply)
}

import { describe, expect, it } from 'vitest'
import { readHeader } from './index.js'

const value = 't=1700000000,v1=abc'

describe('readHeader', () => {
  it('reads a Fetch Headers object case-insensitively', () => {
    const headers = new Headers({ 'X-Webhook-Signature': value })
    expect(readHeader(headers, 'X-Webhook-Signature')).toBe(value)
    expect(readHeader(headers, 'x-webhook-signature')).toBe(value)
    expect(readHeader(headers, 'X-Fastaar-Signature')).toBeUndefined()
  })

  it('reads a lower-cased record (Node IncomingMessage) with any casing of the name', () => {
    const headers = { 'x-webhook-signature': value, 'content-type': 'application/json' }
    expect(readHeader(headers, 'X-Webhook-Signature')).toBe(value)
    expect(readHeader(headers, 'x-webhook-signature')).toBe(value)
  })

  it('reads a record that kept the sender casing', () => {
    const headers = { 'X-Fastaar-Signature': value }
    expect(readHeader(headers, 'x-fastaar-signature')).toBe(value)
    expect(readHeader(headers, 'X-FASTAAR-SIGNATURE')).toBe(value)
  })

  it('reads a null-prototype record', () => {
    const headers: Record<string, string> = Object.create(null)
    headers['x-webhook-signature'] = value
    expect(readHeader(headers, 'X-Webhook-Signature')).toBe(value)
  })

  it('joins a repeated header with ","', () => {
    const headers = { 'x-webhook-signature': ['t=1,v1=a', 'v1=b'] as const }
    expect(readHeader(headers, 'X-Webhook-Signature')).toBe('t=1,v1=a,v1=b')
  })

  it('returns undefined when absent, undefined or an empty array', () => {
    expect(readHeader({}, 'x-webhook-signature')).toBeUndefined()
    expect(readHeader({ 'x-webhook-signature': undefined }, 'x-webhook-signature')).toBeUndefined()
    expect(readHeader({ 'x-webhook-signature': [] }, 'x-webhook-signature')).toBeUndefined()
  })

  it('keeps an empty value as an empty string (present but blank)', () => {
    expect(readHeader({ 'x-webhook-signature': '' }, 'X-Webhook-Signature')).toBe('')
  })
})

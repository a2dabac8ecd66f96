import { describe, expect, it } from 'vitest'
import { timingSafeEqual } from './index.js'

describe('timingSafeEqual', () => {
  it('is true for equal strings', () => {
    expect(timingSafeEqual('abc123', 'abc123')).toBe(true)
    expect(timingSafeEqual('', '')).toBe(true)
    expect(timingSafeEqual('৳é', '৳é')).toBe(true)
  })

  it('is false when any character differs, first, middle or last', () => {
    expect(timingSafeEqual('abc123', 'xbc123')).toBe(false)
    expect(timingSafeEqual('abc123', 'abX123')).toBe(false)
    expect(timingSafeEqual('abc123', 'abc124')).toBe(false)
    expect(timingSafeEqual('৳', '€')).toBe(false)
  })

  it('is false for different lengths, including a prefix', () => {
    expect(timingSafeEqual('abc', 'abcd')).toBe(false)
    expect(timingSafeEqual('abcd', 'abc')).toBe(false)
    expect(timingSafeEqual('', 'a')).toBe(false)
  })

  it('is case-sensitive', () => {
    expect(timingSafeEqual('abcdef', 'ABCDEF')).toBe(false)
  })

  it('does not confuse characters whose codes differ only in high bits', () => {
    // 'A' (0x41) and U+0141 share their low byte: a byte-truncating compare would call them equal.
    expect(timingSafeEqual('A', '\u0141')).toBe(false)
  })
})

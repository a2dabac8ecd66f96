/**
 * Compares two strings in time that depends only on their length, not on
 * where they first differ, so a signature cannot be guessed byte by byte from
 * response timings. Strings of different lengths are unequal at once: the
 * length of an HMAC hex digest is public. Pure JavaScript, so it also runs on
 * edge runtimes without `node:crypto`.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) {
    diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  }
  return diff === 0
}

// Rules for strings that end up in a URL or a header: ids in a path, redirect URLs.
// Zod-free, so core's root import stays light; gateways wrap them with `checkWith`.

/**
 * Why `value` cannot travel as it is, or undefined: whitespace at either end,
 * a control character (U+0000–U+001F, U+007F–U+009F: a newline or tab that a
 * URL parser would silently drop or a log would split on), or a lone UTF-16
 * surrogate (which `encodeURIComponent` throws on).
 */
export function unsafeTextProblem(value: string): string | undefined {
  if (value.trim() !== value) return 'must not have leading or trailing whitespace'
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) {
      return `must not contain control characters, found U+${code.toString(16).toUpperCase().padStart(4, '0')}`
    }
  }
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode text (it has a lone surrogate)'
  return undefined
}

/**
 * Why `value` is not an absolute `http:` or `https:` URL that can be sent as
 * given, or undefined. Refuses what the WHATWG URL parser would quietly
 * repair (surrounding spaces, an embedded newline or tab), so the URL the
 * provider stores is exactly the one the caller wrote.
 */
export function httpUrlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return URL_EXPECTED
  const text = unsafeTextProblem(value)
  if (text !== undefined) return text
  if (!URL.canParse(value)) return URL_EXPECTED
  const { protocol } = new URL(value)
  return protocol === 'https:' || protocol === 'http:' ? undefined : URL_EXPECTED
}

const URL_EXPECTED = 'must be an absolute http(s) URL, e.g. "https://shop.example/thanks"'
// In `u` mode a well-formed pair is one code point, so only a lone half matches.
const LONE_SURROGATE = /\p{Cs}/u

// What the emulator's pages share: escaping, the page frame, and the headers
// every page and script is served with.

/** Headers of every browser answer: never cached (state changes under it), frameable from any origin (the overlay is cross-origin). */
export const BROWSER_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': 'frame-ancestors *',
} as const

/** `text` with the five HTML-special characters escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

/** `value` as JSON that is safe inside an inline `<script>`: no `</script>`, no line separators. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:0;padding:24px;color:#0f172a;background:#f8fafc}
h1{font-size:20px;margin:0 0 16px}main{max-width:420px;margin:0 auto;background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:20px}
table{width:100%;border-collapse:collapse;margin-bottom:16px}td,th{padding:4px 0;text-align:left}td:last-child,th:last-child{text-align:right}
label{display:block;margin:0 0 12px}input,select{display:block;width:100%;box-sizing:border-box;padding:8px;margin-top:4px;font:inherit}
button{font:inherit;padding:10px 14px;border-radius:6px;border:1px solid #1e293b;background:#1e293b;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1e293b}.row{display:flex;gap:8px;margin-top:8px}
.error{color:#b91c1c;background:#fef2f2;border:1px solid #fecaca;padding:8px;border-radius:6px}
.note{color:#475569;font-size:13px}.badge{font-size:12px;color:#475569}`

/** A whole page: a title, the body, and an optional inline script. */
export function page(title: string, body: string, script = ''): string {
  const tail = script === '' ? '' : `<script>${script}</script>`
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main><h1>${escapeHtml(title)}</h1><p class="badge">FastStar emulator: not a real payment</p>${body}</main>${tail}</body></html>`
}

/** An HTML answer with the browser headers. */
export function htmlResponse(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', ...BROWSER_HEADERS },
  })
}

/** A 303 to `location` (the full-page flow's redirect to success_url or cancel_url). */
export function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { location, ...BROWSER_HEADERS } })
}

/** An `<element id=… data-testid=…>` attribute pair: the stable selectors tests and storefronts use. */
export function testId(id: string): string {
  return `id="${id}" data-testid="${id}"`
}

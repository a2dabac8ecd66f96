// `@paymux/docs-check/harness`: what a prelude of a `run` block may import.
export { docsEmulators } from './current.js'
export type { DocsEmulators } from './emulators.js'

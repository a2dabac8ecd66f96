// `@paymux/docs-check/harness`: what a prelude of a `run` block may import.
export { docsEmulators } from './current.js'
export { DOCS_ENV, type DocsEmulators, PAYSTAR_ORIGINS } from './emulators.js'

import type { DocsEmulators } from './emulators.js'

let current: DocsEmulators | undefined

/** Records the emulators serving the running block. */
export function setDocsEmulators(emulators: DocsEmulators | undefined): void {
  current = emulators
}

/**
 * The emulators serving the running `run` block, for a prelude that needs one
 * directly (to pay a session on its page, or read a recorded delivery).
 */
export function docsEmulators(): DocsEmulators {
  if (current === undefined)
    throw new Error('docsEmulators(): no run harness here (only `run` blocks have one)')
  return current
}

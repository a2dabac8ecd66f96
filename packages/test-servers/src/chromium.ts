import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { serversRequired } from './policy.js'

/** Where Debian's `chromium` package puts the browser (the wrapper script, then the binary). */
const CANDIDATES = ['/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser']

/**
 * The Chromium to drive: `PAYMUX_CHROMIUM` if set, else Debian's. Undefined
 * when none is installed.
 */
export function chromiumPath(): string | undefined {
  const configured = process.env.PAYMUX_CHROMIUM
  if (configured !== undefined && configured !== '') return configured
  // The real binary first: the wrapper prints shell noise from /etc/chromium.d on some machines.
  return [CANDIDATES[1], CANDIDATES[0], CANDIDATES[2]].find((path) => path !== undefined && existsSync(path))
}

/** Why a browser test cannot run here, or undefined when it can. In CI a missing browser fails the test, never skips it. */
export function chromiumMissing(): string | undefined {
  if (chromiumPath() !== undefined) return undefined
  return 'Chromium is not installed: `apt-get install -y --no-install-recommends chromium` (Debian), or set PAYMUX_CHROMIUM=/path/to/chromium'
}

/**
 * Launches a headless Chromium through playwright-core. Missing, it throws
 * with the install command (the servers policy: a browser test never skips in CI).
 */
export async function launchChromium(): Promise<Browser> {
  const path = chromiumPath()
  if (path === undefined) throw new Error(chromiumMissing())
  // Playwright adds --no-sandbox itself (chromiumSandbox defaults to false), which running as root needs.
  return chromium.launch({ executablePath: path, headless: true })
}

/** Saves a full-page screenshot of `page` at `path`, creating its folder. */
export async function screenshot(page: Page, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await page.screenshot({ path, fullPage: true })
}

/** Whether browser tests must run (CI, or PAYMUX_REQUIRE_SERVERS=1); elsewhere a suite may skip with chromiumMissing()'s message. */
export const browserRequired: boolean = serversRequired

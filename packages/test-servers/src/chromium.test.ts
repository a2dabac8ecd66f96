import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { browserRequired, chromiumMissing, launchChromium } from './chromium.js'

const missing = chromiumMissing()

describe.skipIf(missing !== undefined && !browserRequired)('launchChromium', () => {
  it('opens a loopback page and runs its script', async () => {
    const server = createServer((_, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          '<!doctype html><p id="s">open</p><script>document.getElementById("s").textContent="ran"</script>',
        ),
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
      expect(await page.textContent('#s')).toBe('ran')
    } finally {
      await browser.close()
      server.close()
    }
  }, 60_000)
})

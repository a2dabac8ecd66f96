// `pnpm --filter @paymux/demo run storefront`: the web storefront against the three emulators on
// loopback, until Ctrl-C. PORT=8080 picks its port (default: a free one).
import { startStorefrontWeb } from './storefront-web.js'

const port = Number(process.env.PORT ?? 0)
if (!Number.isSafeInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number (0–65535), got ${process.env.PORT}`)
  process.exit(2)
}
const web = await startStorefrontWeb({ port, say: (line) => console.log(line) })
console.log(`paymux storefront: ${web.url}
FastStar ${web.shop.urls.faststar}, Fastaar ${web.shop.urls.fastaar}, Paystar ${web.shop.urls.paystar}, webhooks to ${web.shop.webhookUrl}
Open the storefront in a browser. Nothing leaves this machine. Ctrl-C stops it.`)

let closing = false
async function shutDown(signal: string): Promise<void> {
  if (closing) return
  closing = true
  await web.close()
  console.log(`\n${signal}: the storefront and the emulators are closed.`)
}
process.once('SIGINT', () => void shutDown('SIGINT'))
process.once('SIGTERM', () => void shutDown('SIGTERM'))

// The many-processes proof's role of an app instance: a router over FastStar
// on the shared store, its webhook endpoint and its confirmation page on
// node:http, and a fulfilment that appends to a shared log.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  createRouter,
  createWebhookHandler,
  type FulfilContext,
  type Payment,
  type PaymentSession,
  toNodeHandler,
} from '@paymux/core'
import { createFastStar } from '@paymux/faststar'
import { FASTSTAR_EMULATOR_KEYS } from '@paymux/faststar/testing'
import { fulfilmentLine, parseFulfilmentLog } from './fulfilment-log.js'
import { fromDriver, tellDriver } from './proof-processes.js'
import { openStore } from './proof-stores.js'
import { CONFIRM_PATH, type DriverMessage, type WorkerConfig, type WorkerMessage } from './worker-protocol.js'

/**
 * Serves webhooks and the confirmation page until the driver says `stop`:
 * tells the driver its port (`listening`), then closes everything (`stopped`).
 */
export async function runWebhookWorker(config: WorkerConfig): Promise<void> {
  const { store, close } = await openStore(config.engine, config.url, config.prefix)
  const faststar = createFastStar({
    apiKey: FASTSTAR_EMULATOR_KEYS.direct,
    merchantType: 'direct',
    baseUrl: config.baseUrl,
    webhookSecret: config.webhookSecret,
  })
  const router = createRouter({
    gateways: [faststar],
    route: 'faststar',
    store,
    webhooks: { claimTtlMs: config.claimTtlMs },
    fulfilment: { leaseTtlMs: config.leaseTtlMs, waitMs: config.waitMs },
  })
  // O_APPEND and one write per line: lines from four processes never interleave or overwrite.
  const log = openSync(config.logPath, 'a')
  // What an app does with `interrupted`: an earlier attempt died mid-way, so it checks its
  // own records (here the log) and does not ship twice.
  const fulfil = (subject: Payment | PaymentSession, { interrupted }: FulfilContext) => {
    const reference = subject.reference ?? '?'
    if (interrupted && alreadyLogged(config.logPath, reference)) return
    writeSync(log, fulfilmentLine(reference, process.pid, Date.now()))
    if (subject.reference === config.crashAfterFulfilling) process.kill(process.pid, 'SIGKILL')
  }
  const webhooks = toNodeHandler(
    createWebhookHandler({
      webhooks: router.webhooks,
      provider: 'faststar',
      async onEvent(event) {
        switch (event.type) {
          case 'payment.succeeded':
          case 'payment.processing':
          case 'payment.failed':
          case 'payment.canceled':
          case 'payment.expired':
          case 'payment.refunded':
            await router.fulfilment.apply(event.data, { fulfil })
        }
      },
    }),
  )
  /** The buyer back on `successUrl?session=<ref>`: the app reads the session and applies it. */
  const confirm = async (url: URL, res: ServerResponse) => {
    try {
      const ref = url.searchParams.get('session') ?? ''
      if (!ref.startsWith('faststar:')) return answer(res, 400, { error: 'no session' })
      const session = await router.sessions.retrieve(ref as `faststar:${string}`)
      const outcome = await router.fulfilment.apply(session, { fulfil })
      answer(res, 200, outcome)
    } catch (error) {
      // The page shows "try again" (the buyer reloads): the driver does so.
      answer(res, 503, { error: (error as { code?: unknown }).code ?? String(error) })
    }
  }
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://worker')
    if (url.pathname === CONFIRM_PATH) void confirm(url, res)
    else void webhooks(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  await tellDriver<WorkerMessage>({ type: 'listening', port: (server.address() as AddressInfo).port })
  await fromDriver<DriverMessage>('stop')
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await close()
  closeSync(log)
  await tellDriver<WorkerMessage>({ type: 'stopped' })
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status
  res.setHeader('content-type', 'application/json')
  res.end(JSON.stringify(body))
}

/** Whether the shared log already has a fulfilment of `reference`: the app's own record of shipping. */
function alreadyLogged(path: string, reference: string): boolean {
  return parseFulfilmentLog(readFileSync(path, 'utf8')).some((line) => line.reference === reference)
}

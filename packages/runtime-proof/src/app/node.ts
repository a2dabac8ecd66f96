import { createServer } from 'node:http'
import { toNodeHandler } from '@paymux/core'
import { createPaymentsApp } from './payments.js'

const app = createPaymentsApp(process.env)

// Both routes are POSTs, so toNodeHandler (which answers anything else 405) serves the whole app.
createServer(toNodeHandler(app.fetch)).listen(Number(process.env.PORT ?? 3000))

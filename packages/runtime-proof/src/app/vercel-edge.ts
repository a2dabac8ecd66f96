import { createPaymentsApp } from './payments.js'

// Next.js: run this route on the Edge runtime, not Node.
export const runtime = 'edge'

const app = createPaymentsApp(process.env)

/** Every POST to this route (`/checkout`, `/webhooks`) goes to the app. */
export function POST(request: Request): Promise<Response> {
  return app.fetch(request)
}

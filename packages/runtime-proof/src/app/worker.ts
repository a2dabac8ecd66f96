import { createPaymentsApp, type PaymentsEnv } from './payments.js'

// Bindings arrive with each request, so the app is made on the first one and kept for the isolate's life.
let app: ReturnType<typeof createPaymentsApp> | undefined

export default {
  fetch(request: Request, env: PaymentsEnv): Promise<Response> {
    app ??= createPaymentsApp(env)
    return app.fetch(request)
  },
}

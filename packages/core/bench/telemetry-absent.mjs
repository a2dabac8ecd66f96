// `node --import ./telemetry-absent.mjs …`: this process behaves as if @opentelemetry/api were not
// installed. A module resolve hook fails every `@opentelemetry/*` specifier with the error Node gives
// for a missing package, so paymux's dynamic import of the API fails exactly as in such an app.
import { register } from 'node:module'

// The hook runs on Node's loader thread; a data: URL keeps it to one file.
const hook = `
export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@opentelemetry/api' || specifier.startsWith('@opentelemetry/')) {
    const error = new Error(\`Cannot find package '\${specifier}' imported from \${context.parentURL}\`)
    error.code = 'ERR_MODULE_NOT_FOUND'
    throw error
  }
  return nextResolve(specifier, context)
}
`
register(`data:text/javascript,${encodeURIComponent(hook)}`)

// Throw-away database servers for paymux's own tests: each starts on a free
// loopback port in a temporary folder and is removed by `stop()`.

export * from './chromium.js'
export { serversRequired } from './policy.js'
export * from './postgres.js'
export * from './redis.js'

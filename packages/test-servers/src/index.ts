// Throw-away database servers for paymux's own tests: each starts on a free
// loopback port in a temporary folder and is removed by `stop()`.

export * from './chromium.js'
export { serversRequired } from './policy.js'
export * from './postgres.js'
/**
 * `freePort()`: a port the OS just had free on loopback. `kill(child, signal, graceMs)`: sends
 * `signal` to a child process and waits for its exit, with SIGKILL after `graceMs`. For any test
 * harness that starts servers (the runtime proof uses both).
 */
export { freePort, kill } from './process-tools.js'
export * from './redis.js'

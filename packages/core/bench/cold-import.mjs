// Times one dynamic import in a fresh process:
//   node bench/cold-import.mjs <specifier>
// Prints the milliseconds the import took (module resolution, loading,
// compiling and evaluating the whole graph), excluding Node's own start-up.
const specifier = process.argv[2]
if (!specifier) {
  console.error('usage: node bench/cold-import.mjs <specifier>')
  process.exit(2)
}
const t0 = performance.now()
await import(specifier)
const ms = performance.now() - t0
process.stdout.write(`${ms}\n`)

#!/usr/bin/env bash
# The runtime proof: the app of src/app served on Node (the node on PATH, 20 in CI), Node 22, Bun, Deno,
# workerd (miniflare) and Vercel's edge-runtime; each opens one checkout against the Fastaar emulator and
# verifies one signed webhook through createWebhookHandler (a tampered copy must be refused). Prints the
# matrix and exits non-zero on any failure; a missing runtime fails, never skips.
# Uses the built packages (dist), as an install would: run `pnpm build` first.
# PAYMUX_RUNTIMES_DIR: where install-runtimes.sh put the runtimes; unset, they are installed into
# node_modules/.cache/paymux-runtimes (kept between runs).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

for package in core fastaar; do
  if [ ! -f "$root/packages/$package/dist/index.js" ]; then
    echo "runtime proof: packages/$package is not built; run 'pnpm build' first" >&2
    exit 1
  fi
done
if [ -z "${PAYMUX_RUNTIMES_DIR:-}" ]; then
  PAYMUX_RUNTIMES_DIR="$root/node_modules/.cache/paymux-runtimes"
  bash "$here/install-runtimes.sh" "$PAYMUX_RUNTIMES_DIR"
fi
export PAYMUX_RUNTIMES_DIR
cd "$here"
node --import tsx src/host/run-proof.ts

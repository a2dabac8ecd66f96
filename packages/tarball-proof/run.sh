#!/usr/bin/env bash
# The tarball proof: paymux works as a user gets it from npm, outside this repository.
#  1. pack    every public package with pnpm pack (workspace:^ becomes the version)
#  2. publish check-tarballs.mjs checks npm pack --dry-run's file list of each tarball; then npm publish
#             --dry-run of each (a version already on npm is tolerated unless PAYMUX_RELEASE=1)
#  3. install the tarballs, TypeScript 5.9 and latest, @types/node 20 and the stores' peers (redis, pg)
#             with npm into one fresh app root; the ESM app and the CommonJS app beside it
#  4. types   typecheck-matrix.mjs: app × moduleResolution × TypeScript, strict, skipLibCheck false
#  5. run     both apps (their nodenext build) against the served emulators: checkout, pay, webhook
#  6. cli     the installed `paymux`: emulate all, one documented request each, webhooks trigger
# Needs Node 20+, npm, pnpm, the packages built (`pnpm build`) and the npm registry. No login: npm
# publish --dry-run only warns that it would need one. Every phase runs; the script fails at the end
# if any phase failed (pack and install stop it at once: nothing after them could run).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
packages=(core faststar fastaar paystar cli store-redis store-postgres)

work=$(mktemp -d "${TMPDIR:-/tmp}/paymux-tarball-proof.XXXXXX")
case "$work/" in "$repo"/*) echo "FAIL: the temp dir $work is inside the repository; set TMPDIR" >&2; exit 1 ;; esac
emulate_pid=""
pids=() # the background pnpm pack / npm publish jobs of the running phase
cleanup() {
  # die or Ctrl-C can leave jobs running: stop them before their work dir goes.
  local pid
  for pid in "$emulate_pid" "${pids[@]%%:*}"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

failed=()
timings=()
phase_name=""
phase_start=0
proof_start=$(date +%s)
phase() {
  end_phase
  phase_name=$1
  phase_start=$(date +%s%N)
  printf '\n== tarball proof: %s\n' "$phase_name"
}
end_phase() {
  if [ -n "$phase_name" ]; then
    local tenths=$(( ($(date +%s%N) - phase_start) / 100000000 ))
    timings+=("$(printf '%-8s %4d.%d s' "$phase_name" $((tenths / 10)) $((tenths % 10)))")
    echo "-- $phase_name: $((tenths / 10)).$((tenths % 10)) s"
  fi
  phase_name=""
}
fail() { echo "FAIL ($phase_name): $*" >&2; failed+=("$phase_name: $*"); }
die() { echo "FAIL ($phase_name): $*" >&2; exit 1; }

phase pack
tarballs="$work/tarballs"
mkdir -p "$tarballs"
pids=()
for package in "${packages[@]}"; do
  [ -f "$repo/packages/$package/dist/index.js" ] || die "packages/$package has no dist: run pnpm build first"
  # exec: the job's pid is pnpm's own, so cleanup can stop it.
  (cd "$repo/packages/$package" && exec pnpm pack --pack-destination "$tarballs" >"$work/pack-$package.log" 2>&1) &
  pids+=($!)
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || { cat "$work/pack-${packages[$i]}.log" >&2; die "pnpm pack of packages/${packages[$i]} failed"; }
done
pids=()
ls "$tarballs"

phase publish
cd "$tarballs"
# The file list comes from npm pack --dry-run (no registry): what npm would put in each package.
for tarball in *.tgz; do
  npm pack --dry-run --json "./$tarball" >"${tarball%.tgz}.pack.json" 2>"${tarball%.tgz}.pack.err" ||
    { cat "${tarball%.tgz}.pack.err" >&2; fail "npm pack --dry-run $tarball"; }
done
node "$here/check-tarballs.mjs" "$tarballs" || fail "the tarballs' contents (above)"
# npm publish --dry-run on its own: npm 11 refuses a version already on the registry, which main keeps
# after a release until the next bump. That one refusal is tolerated (said so), except for a release
# (PAYMUX_RELEASE=1), which must publish a new version.
already='You cannot publish over the previously published versions'
pids=()
for tarball in *.tgz; do
  # Outside the repository, so no project .npmrc applies; stderr keeps npm's notices for a failure.
  npm publish --dry-run --json "./$tarball" >"${tarball%.tgz}.publish.json" 2>"${tarball%.tgz}.publish.err" &
  pids+=("$!:$tarball")
done
for entry in "${pids[@]}"; do
  tarball=${entry#*:}
  wait "${entry%%:*}" && continue
  if grep -qs "$already" "${tarball%.tgz}.publish.err" "${tarball%.tgz}.publish.json" && [ "${PAYMUX_RELEASE:-}" != 1 ]; then
    echo "$tarball: this version is already published (npm refuses to publish over it; fine off a release)"
    continue
  fi
  grep -v '^npm notice' "${tarball%.tgz}.publish.err" >&2 || true
  fail "npm publish --dry-run $tarball"
done
pids=()

phase install
app="$work/app"
mkdir -p "$app/esm" "$app/cjs"
node - "$tarballs" "$app" <<'NODE'
const { readdirSync, writeFileSync } = require('node:fs')
const [tarballs, app] = process.argv.slice(2)
const dependencies = {
  // The newest TypeScript npm installs by default, and 5.9 under an alias (each is run by its own path:
  // both ship a bin named tsc).
  typescript: 'latest',
  ts59: 'npm:typescript@~5.9.3',
  '@types/node': '^20',
  // What a store user installs beside @paymux/store-redis and @paymux/store-postgres.
  redis: '^5',
  pg: '^8',
  '@types/pg': '^8',
}
for (const file of readdirSync(tarballs).filter((name) => name.endsWith('.tgz')))
  dependencies[`@paymux/${file.replace(/^paymux-/, '').replace(/-\d+\.\d+\.\d+.*\.tgz$/, '')}`] = `file:${tarballs}/${file}`
writeFileSync(`${app}/package.json`, JSON.stringify({ name: 'tarball-proof-app', private: true, dependencies }, null, 2))
writeFileSync(`${app}/esm/package.json`, JSON.stringify({ name: 'esm-app', private: true, type: 'module' }))
writeFileSync(`${app}/cjs/package.json`, JSON.stringify({ name: 'cjs-app', private: true, type: 'commonjs' }))
NODE
cp "$here/apps/esm/index.ts" "$app/esm/index.ts"
cp "$here/apps/cjs/index.ts" "$app/cjs/index.ts"
(cd "$app" && npm install --no-package-lock --no-audit --no-fund --loglevel=error) || die "npm install in $app failed"
# One copy of each @paymux package, the tarball's: a nested copy would mean npm fetched one from the registry.
nested=$(cd "$app" && find node_modules -mindepth 3 -path '*/node_modules/@paymux/*' -prune -print)
[ -z "$nested" ] || fail "npm installed a second copy of a paymux package: $nested"
versions=()
for package in "${packages[@]}"; do
  version=$(cd "$app" && node -p "require('./node_modules/@paymux/$package/package.json').version") ||
    die "@paymux/$package is not installed in $app"
  versions+=("@paymux/$package@$version")
done
echo "${versions[*]}"

phase types
node "$here/typecheck-matrix.mjs" "$app" || fail "the type-check matrix (above)"

phase run
for kind in esm cjs; do
  if [ -f "$app/$kind/out/index.js" ]; then
    (cd "$app/$kind" && node out/index.js) || fail "the $kind app failed against the emulator"
  else
    fail "the $kind app has no build to run (its nodenext × TS 5.9 cell failed)"
  fi
done

phase cli
# Runs under `||` below, so errexit is OFF in this function: every command that can fail is checked.
cli_proof() {
  local paymux="$app/node_modules/.bin/paymux" version
  version=$("$paymux" --version) || { echo "paymux --version failed" >&2; return 1; }
  echo "paymux --version: $version"
  "$paymux" emulate all --port-base 0 --json >"$work/ready.json" 2>"$work/emulate.err" &
  emulate_pid=$!
  local _
  for _ in $(seq 1 300); do
    [ -s "$work/ready.json" ] && break
    kill -0 "$emulate_pid" 2>/dev/null || { cat "$work/emulate.err" >&2; echo "paymux emulate exited" >&2; return 1; }
    sleep 0.1
  done
  [ -s "$work/ready.json" ] || { echo "paymux emulate printed nothing in 30 s" >&2; return 1; }
  local ready
  ready=$(cat "$work/ready.json") || return 1
  echo "emulate: $ready"
  node "$here/cli-requests.mjs" "$work/ready.json" || return 1
  local port_base trigger
  port_base=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).portBase)' "$work/ready.json") || return 1
  trigger=$("$paymux" webhooks trigger payment.succeeded --provider faststar --port-base "$port_base") || return 1
  echo "paymux webhooks trigger payment.succeeded --provider faststar:"
  echo "$trigger"
  echo "$trigger" | grep -q '^faststar_[0-9]* *payment\.succeeded' || { echo "no faststar payment.succeeded delivery" >&2; return 1; }
  kill -TERM "$emulate_pid" || { echo "paymux emulate was gone before SIGTERM" >&2; return 1; }
  local code=0
  wait "$emulate_pid" || code=$?
  emulate_pid=""
  [ "$code" -eq 0 ] || { echo "paymux emulate exited $code on SIGTERM" >&2; return 1; }
}
cli_proof || fail "the paymux command from the installed tarball"
end_phase

printf '\n== tarball proof: timings\n'
printf '%s\n' "${timings[@]}"
echo "total    $(( $(date +%s) - proof_start )) s"
if [ "${#failed[@]}" -gt 0 ]; then
  printf '\n== tarball proof: FAILED\n' >&2
  printf '  %s\n' "${failed[@]}" >&2
  exit 1
fi
printf '\n== tarball proof: OK\n'

#!/usr/bin/env bash
# The installed-package proof: `paymux` works from npm-installed tarballs, outside this repository.
# Packs core, faststar, fastaar, paystar and cli (pnpm pack turns workspace:^ into versions), installs them
# with npm into a temporary folder, serves `paymux emulate all --port-base 0 --json`, checks each emulator's
# /__paymux/info and one documented request, triggers a FastStar payment.succeeded, then stops the emulators.
# Needs the packages built (`pnpm build`; .ci/run has built them) and the npm registry (zod, ky, citty …).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
tmp=$(mktemp -d)
emulate_pid=""
cleanup() {
  if [ -n "$emulate_pid" ] && kill -0 "$emulate_pid" 2>/dev/null; then kill -TERM "$emulate_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

for package in core faststar fastaar paystar cli; do
  [ -f "$repo/packages/$package/dist/index.js" ] || { echo "packages/$package has no dist: run pnpm build first" >&2; exit 1; }
  (cd "$repo/packages/$package" && pnpm pack --pack-destination "$tmp" >/dev/null)
done
cd "$tmp"
npm init -y >/dev/null
npm install --no-audit --no-fund --no-package-lock --loglevel=error ./paymux-*.tgz >/dev/null
paymux=./node_modules/.bin/paymux
echo "installed: $(ls paymux-*.tgz | tr '\n' ' ')"
echo "paymux --version: $("$paymux" --version)"

"$paymux" emulate all --port-base 0 --json >ready.json 2>emulate.err &
emulate_pid=$!
for _ in $(seq 1 300); do
  [ -s ready.json ] && break
  kill -0 "$emulate_pid" 2>/dev/null || { echo "paymux emulate exited:" >&2; cat emulate.err >&2; exit 1; }
  sleep 0.1
done
[ -s ready.json ] || { echo "paymux emulate printed nothing in 30 s" >&2; exit 1; }
echo "emulate: $(cat ready.json)"

# Each /__paymux/info, then one documented request per emulator with the keys info publishes.
node --input-type=module - <<'NODE'
import { readFileSync } from 'node:fs'
const ready = JSON.parse(readFileSync('ready.json', 'utf8'))
const must = (condition, message) => { if (!condition) { console.error(`FAIL: ${message}`); process.exit(1) } }
const info = {}
for (const provider of ['faststar', 'fastaar', 'paystar']) {
  const response = await fetch(`${ready[provider].url}/__paymux/info`)
  info[provider] = await response.json()
  must(response.ok && info[provider].provider === provider, `${provider} /__paymux/info: ${JSON.stringify(info[provider])}`)
  must(typeof info[provider].webhookSecret === 'string', `${provider} info publishes its test webhook secret`)
  console.log(`${provider} info: ${info[provider].triggers.length} triggers at ${info[provider].baseUrl}`)
}
const post = (url, headers, body) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
const faststar = await post(`${ready.faststar.baseUrl}/public/checkout/sessions`, { 'X-API-Key': info.faststar.keys.direct }, {
  mode: 'payment', presentation: 'link', buyer_country: 'US',
  line_items: [{ ad_hoc_amount: 999, ad_hoc_currency: 'USD', description: 'Coffee', quantity: 1 }],
  success_url: 'https://shop.example/thanks', cancel_url: 'https://shop.example/cart',
})
const session = await faststar.json()
must(faststar.ok && typeof session.data?.session?.id === 'string', `FastStar checkout session: ${faststar.status} ${JSON.stringify(session)}`)
console.log(`faststar POST /public/checkout/sessions → ${faststar.status} ${session.data.session.id}`)
const fastaar = await post(`${ready.fastaar.baseUrl}/payments`, { Authorization: `Bearer ${info.fastaar.keys.apiKey}` }, {
  amount: 1079.5, currency: 'BDT', invoice_id: 'proof-1', success_url: 'https://shop.example/thanks', cancel_url: 'https://shop.example/cart',
})
const payment = await fastaar.json()
must(fastaar.ok && payment.data?.id !== undefined, `Fastaar payment: ${fastaar.status} ${JSON.stringify(payment)}`)
console.log(`fastaar POST /payments → ${fastaar.status} ${payment.data.id}`)
const paystar = await post(`${ready.paystar.baseUrl}/integrations/embedded/initiate`, { 'X-Paystar-Api-Key': info.paystar.keys.apiKey }, {
  BusinessUnitSlug: info.paystar.keys.businessUnitSlug, Channel: 'QuickPay', Charges: [{ Amount: 1079, Description: 'March water bill' }],
})
const initiated = await paystar.json()
must(paystar.ok && initiated.hasErrors === false, `Paystar initiate: ${paystar.status} ${JSON.stringify(initiated)}`)
console.log(`paystar POST /integrations/embedded/initiate → ${paystar.status} ${initiated.data.PaymentSessionIdentifier}`)
NODE

port_base=$(node -e 'console.log(JSON.parse(require("fs").readFileSync("ready.json","utf8")).portBase)')
trigger=$("$paymux" webhooks trigger payment.succeeded --provider faststar --port-base "$port_base")
echo "paymux webhooks trigger payment.succeeded --provider faststar:"
echo "$trigger"
echo "$trigger" | grep -q '^faststar_[0-9]* *payment\.succeeded' || { echo "FAIL: no faststar payment.succeeded delivery" >&2; exit 1; }

kill -TERM "$emulate_pid"
wait "$emulate_pid" || { echo "FAIL: paymux emulate exited $? on SIGTERM" >&2; exit 1; }
emulate_pid=""
echo "installed-package proof: OK"

// The buyer's browser: it opens the page a session's `url` points to and presses Pay, over HTTP.

/** Pays a FastStar hosted checkout with a card; resolves with where the page sent the buyer. */
export async function payFastStarCheckout(
  url: string,
  card: 'visa' | 'mastercard' = 'visa',
): Promise<string> {
  const html = await (await fetch(url)).text()
  const action = /action="([^"]*\/complete[^"]*)"/.exec(html)?.[1]?.replaceAll('&#38;', '&')
  if (action === undefined) throw new Error(`the FastStar checkout page ${url} has no Pay button`)
  const paid = await fetch(new URL(action, url), {
    method: 'POST',
    body: new URLSearchParams({ card }),
    redirect: 'manual',
  })
  return paid.headers.get('location') ?? `HTTP ${paid.status}`
}

/** Submits a bKash TrxID on a Fastaar checkout page, as a buyer does after paying from the wallet app. */
export async function payFastaarCheckout(url: string, trxId: string): Promise<string> {
  const paid = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ provider: 'bkash', trx_id: trxId, sender_number: '01712345678' }),
    redirect: 'manual',
  })
  return paid.headers.get('location') ?? `HTTP ${paid.status}`
}

/** Presses Pay on a Paystar embedded payment page. */
export async function payPaystarSession(url: string): Promise<string> {
  const paid = await fetch(`${url}/pay`, { method: 'POST', redirect: 'manual' })
  return paid.headers.get('location') ?? `HTTP ${paid.status}`
}

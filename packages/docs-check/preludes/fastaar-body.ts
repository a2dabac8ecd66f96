// biome-ignore-all lint/correctness/noUnusedVariables: the block compiled after this prelude uses them
// A Fastaar payment object as text, as your own code received it: here the
// `data` of a payment just created (at the emulator, in a run).
const answer = await fetch('https://fastaar.com/api/v1/payments', {
  method: 'POST',
  headers: { authorization: `Bearer ${process.env.FASTAAR_API_KEY}`, 'content-type': 'application/json' },
  body: JSON.stringify({
    amount: 500,
    invoice_id: 'ORDER-42',
    success_url: 'https://shop.example.com/thanks',
  }),
})
const body = JSON.stringify(((await answer.json()) as { data: unknown }).data)

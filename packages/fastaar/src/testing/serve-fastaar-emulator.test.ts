import { afterEach, describe, expect, it } from 'vitest'
import { createFastaar } from '../fastaar-gateway.js'
import { type ServedFastaarEmulator, serveFastaarEmulator } from './index.js'

let served: ServedFastaarEmulator | undefined
afterEach(async () => {
  await served?.close()
  served = undefined
})

describe('serveFastaarEmulator', () => {
  it('serves the API and a checkout page where a buyer submits a TrxID and is sent back', async () => {
    served = await serveFastaarEmulator({ port: 0 })
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const gateway = createFastaar({ apiKey: 'fk_test_loopback', baseUrl: served.baseUrl })
    const session = await gateway.sessions.create({
      amount: { amount: 1079, currency: 'BDT' },
      reference: 'ORDER-9',
      successUrl: 'https://shop.example.com/thanks',
    })
    expect(session.url).toBe(`${served.url}/pay/${session.id}`)

    const page = await fetch(session.url)
    const html = await page.text()
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(html).toContain('BDT 10.79')
    expect(html).toContain(`action="/pay/${session.id}"`)

    const submitted = await fetch(session.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ provider: 'nagad', trx_id: '8AB2C3D4EF', sender_number: '01712345678' }),
      redirect: 'manual',
    })
    expect(submitted.status).toBe(303)
    expect(submitted.headers.get('location')).toBe(
      `https://shop.example.com/thanks?payment_id=${session.id}&invoice_id=ORDER-9`,
    )
    expect(await gateway.payments.retrieve(session.id)).toMatchObject({ status: 'succeeded' })
    expect(served.emulator.payment(session.id)).toMatchObject({
      provider: 'nagad',
      customer_trx_id: '8AB2C3D4EF',
    })
  })

  it('refuses a malformed TrxID on the page without touching the payment', async () => {
    served = await serveFastaarEmulator()
    const gateway = createFastaar({ apiKey: 'fk_test_loopback', baseUrl: served.baseUrl })
    const session = await gateway.sessions.create({ amount: { amount: 1079, currency: 'BDT' } })
    const submitted = await fetch(session.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ trx_id: '<b>' }),
    })
    expect(submitted.status).toBe(422)
    expect(await submitted.text()).not.toContain('<b>')
    expect((await gateway.payments.retrieve(session.id)).status).toBe('pending')
  })

  it('survives a real dropped connection after creating: one payment, found again by its reference', async () => {
    served = await serveFastaarEmulator()
    const gateway = createFastaar({
      apiKey: 'fk_test_loopback',
      baseUrl: served.baseUrl,
      backoff: { initialDelayMs: 1, maxDelayMs: 1 },
    })
    served.emulator.faults.inject({ type: 'drop', when: 'after' })
    const session = await gateway.sessions.create({
      amount: { amount: 1079, currency: 'BDT' },
      reference: 'ORDER-10',
    })
    expect(served.emulator.paymentsCreated).toBe(1)
    expect(served.emulator.requests).toHaveLength(2)
    expect(session.id).toBe(served.emulator.payments()[0]?.id)
  })
})

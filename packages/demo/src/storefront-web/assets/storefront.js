// The storefront's only script: plain browser JavaScript, no framework, no build.
// The order page polls the shop's own GET /orders/:id (JSON) and opens the
// gateway's checkout; the cards page saves a card through FastStar.cards.add.
;(() => {
  const $ = (id) => document.getElementById(id)

  function showError(error) {
    const box = $('error')
    box.textContent = error instanceof Error ? error.message : String(error)
    box.hidden = false
  }

  async function getJson(url, init) {
    const response = await fetch(url, { ...init, headers: { accept: 'application/json', ...init?.headers } })
    if (!response.ok) throw new Error(`${url} answered ${response.status}`)
    return response.json()
  }

  // The status comes from the shop, which changes it only on a verified webhook.
  function pollOrder(main) {
    const status = $('status')
    const tick = async () => {
      try {
        const view = await getJson(`/orders/${encodeURIComponent(main.dataset.order)}`)
        status.textContent = view.status
        status.dataset.status = view.status
        $('confirmation').textContent = view.confirmation
        if (view.status !== 'pending') {
          $('pay').hidden = true
          return
        }
      } catch (error) {
        showError(error)
      }
      setTimeout(tick, 400)
    }
    void tick()
  }

  function thank(text) {
    const thanks = $('thanks')
    thanks.textContent = text
    thanks.hidden = false
  }

  const pay = {
    // FastStar's overlay: checkout.success is UI only; the order turns paid from payment.succeeded.
    faststar(url) {
      window.FastStar.on('checkout.success', (data) => {
        thank(
          `Thank you! Checkout ${data.checkout_session_id} is complete. The shop marks the order paid from FastStar's webhook, not from this message.`,
        )
      })
      return () => window.FastStar.checkout.open({ url })
    },
    // Fastaar: a plain redirect; the buyer comes back to this page (success_url).
    fastaar(url) {
      return () => window.location.assign(url)
    },
    // Paystar's embedded session in the loader's modal.
    paystar(url) {
      return () =>
        window.Paystar.completePayment(url, {
          closeOnComplete: true,
          onComplete(data) {
            // The loader's event data: amounts are dollar strings (Paystar's supplement).
            thank(
              `Thank you! Paystar reports ${data?.status ?? 'the payment done'}. The shop marks the order paid from Paystar's webhook, not from this message.`,
            )
          },
        })
    },
  }

  function orderPage(main) {
    const open = pay[main.dataset.flow](main.dataset.checkoutUrl)
    $('pay').addEventListener('click', () => {
      try {
        open()
      } catch (error) {
        showError(error)
      }
    })
    pollOrder(main)
  }

  function renderCards(cards) {
    const list = $('cards')
    list.replaceChildren()
    if (cards.length === 0) {
      const empty = document.createElement('li')
      empty.className = 'empty'
      empty.textContent = 'No saved card yet.'
      list.append(empty)
    }
    for (const card of cards) {
      const item = document.createElement('li')
      item.className = 'card'
      item.dataset.card = card.id
      item.textContent = `${card.brand} •••• ${card.last4}, expires ${String(card.expMonth).padStart(2, '0')}/${card.expYear}`
      list.append(item)
    }
  }

  // The server makes the SetupIntent; FastStar's card page attaches the card; the shop lists its cards.
  function cardsPage() {
    const refresh = async () => renderCards((await getJson('/cards')).cards)
    $('add-card').addEventListener('click', async () => {
      try {
        const session = await getJson('/cards/setup', { method: 'POST' })
        window.FastStar.cards.add(session, {
          onSuccess(card) {
            const result = $('card-result')
            result.textContent = `Saved ${card.brand} •••• ${card.last4} as ${card.id}.`
            result.hidden = false
            refresh().catch(showError)
          },
          onCancel() {},
          onError: showError,
        })
      } catch (error) {
        showError(error)
      }
    })
    refresh().catch(showError)
  }

  const main = $('order')
  if (main !== null) orderPage(main)
  else if ($('cards-page') !== null) cardsPage()
})()

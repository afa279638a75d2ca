import { expectStatus } from '@onewindow/e2e/flows'
import type { Page } from 'playwright-core'
import type { ConsoleWorld } from './browser.js'

// What the 12345 热线 browser tests share: waiting for the read model, and setting a ticket up through the gateway's
// API (another desk) so that a test drives only the screen it is about.

/**
 * Waits for `text` on `page`, reloading it when it does not come: the read model applies the service's event a moment
 * after the service answered, and a page read before that says the ticket is not found (yet). A page still loading
 * (正在加载…) is given up to 5 waits before it is reloaded: on a busy machine loading may take longer than one wait,
 * and reloading at once would start it over every time; a request that never answers is still retried by the reload.
 */
export async function untilShown(page: Page, text: string) {
  for (let reloads = 0, loading = 0; reloads < 15; ) {
    try {
      await page.getByText(text).first().waitFor({ state: 'visible', timeout: 3_000 })
      return
    } catch {
      const shown = await page
        .locator('main')
        .textContent({ timeout: 3_000 })
        .catch(() => '')
      if ((shown ?? '').includes(LOADING) && loading < 5) {
        loading += 1
        continue
      }
      loading = 0
      reloads += 1
      await page.reload()
    }
  }
  throw new Error(`${text} not shown; the page says: ${await page.locator('main').textContent()}`)
}

/** What a signed-in page shows while its route or its data loads (`Loading` in apps/console/src/layout.tsx). */
const LOADING = '正在加载…'

/** The gateway's hotline routes for a test: register a ticket as `token`'s caller, one act on it; each must succeed. */
export function hotlineApi(c: ConsoleWorld) {
  return {
    async register(token: string, body: Record<string, unknown>): Promise<string> {
      const answer = expectStatus(await c.world.api('POST', '/api/v1/hotline/tickets', token, body), 201)
      return answer.tickets[0].ticket.ticketId as string
    },
    async act(id: string, token: string, body: Record<string, unknown>) {
      return expectStatus(await c.world.api('POST', `/api/v1/hotline/tickets/${id}/actions`, token, body), 200)
    },
  }
}

// What a page's canvases draw as text (the owner's flow chart is a canvas: its names are in no DOM node).
import type { Page } from 'playwright-core'

type Recording = { canvasText?: string[] }

/** From the page's next load on, every text a canvas draws (`fillText`) is kept, in order. */
export async function recordCanvasText(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const drawn: string[] = []
    ;(window as Recording).canvasText = drawn
    const fill = CanvasRenderingContext2D.prototype.fillText
    CanvasRenderingContext2D.prototype.fillText = function (text: string, ...at: [number, number, number?]) {
      drawn.push(String(text))
      return fill.call(this, text, ...at)
    }
  })
}

/** The texts drawn since the page loaded, each as one call drew it (a line of a label). */
export const canvasText = (page: Page): Promise<string[]> => page.evaluate(() => (window as Recording).canvasText ?? [])

/** Of `names`, those the canvases did not draw whole (one after another, over lines, counts as whole). */
export async function namesNotDrawn(page: Page, names: readonly string[]): Promise<string[]> {
  const drawn = (await canvasText(page)).join('')
  return names.filter((n) => !drawn.includes(n))
}

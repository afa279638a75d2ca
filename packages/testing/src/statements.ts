import pg from 'pg'

/**
 * Records every transaction any pg client of this process commits, as the text of each statement (whitespace
 * collapsed; BEGIN and COMMIT included): a round trip is a query sent on a client, as `pnpm bench:stages` counts them.
 * For a test of how many round trips a service's transaction takes; `restore()` puts pg back. Install it in `beforeAll`:
 * a runner may import several files before it runs any, and a recorder installed at import would record theirs too.
 * Two recorders at once chain; restoring one that another has wrapped only turns it off, so the other keeps recording.
 */
export function recordTransactions(): { committed: string[][]; restore(): void } {
  const committed: string[][] = []
  const open = new WeakMap<object, string[]>()
  const original = pg.Client.prototype.query
  let recording = true
  const recorder = function (this: pg.Client, ...args: unknown[]) {
    if (!recording) return (original as (...a: unknown[]) => unknown).apply(this, args)
    const q = args[0]
    const text = (typeof q === 'string' ? q : ((q as { text?: string })?.text ?? '')).replace(/\s+/g, ' ').trim()
    if (/^BEGIN/i.test(text)) open.set(this, [text])
    else {
      const current = open.get(this)
      current?.push(text)
      if (current && /^(COMMIT|ROLLBACK)/i.test(text)) {
        open.delete(this)
        if (/^COMMIT/i.test(text)) committed.push(current)
      }
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args)
  } as typeof pg.Client.prototype.query
  pg.Client.prototype.query = recorder
  return {
    committed,
    restore() {
      recording = false
      if (pg.Client.prototype.query === recorder) pg.Client.prototype.query = original
    },
  }
}

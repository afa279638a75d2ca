import type pg from 'pg'

/** What a LISTEN connection tells its owner. */
export type ListenerEvents = {
  /** A notification on the channel. */
  notified(payload: string): void
  /** LISTEN has answered, on the first connection or a new one after a loss: what was told meanwhile is lost. */
  listening(client: pg.PoolClient): void
  /** The connection is lost (or could not be made); a new one is being made. */
  lost(err: unknown): void
}

export type Listener = {
  /** The connection while it listens; undefined while it is being made again. */
  client(): pg.PoolClient | undefined
  close(): void
}

/**
 * One connection that LISTENs on one channel, and is made again (backoff 100 ms doubling to 5 s) whenever it is lost —
 * the one way the gateway listens (the live stream's wake-ups, kept answers' changes). PostgreSQL keeps no
 * notification for a session that is not listening: each owner treats `listening` as "anything may have changed".
 */
export function keepListening(
  connect: () => Promise<pg.PoolClient>,
  channel: string,
  events: ListenerEvents,
): Listener {
  let closed = false
  let listener: pg.PoolClient | undefined
  /** Releases the connection in hand (listening or not yet), once. */
  let drop: ((err?: Error) => void) | undefined
  let retry: NodeJS.Timeout | undefined
  let backoff = 100

  const listen = async () => {
    if (closed) return
    let client: pg.PoolClient | undefined
    try {
      client = await connect()
      if (closed) return client.release(true)
      const made = client
      let gone = false
      const lost = (err?: Error) => {
        if (gone) return
        gone = true
        if (listener === made) listener = undefined
        made.release(err ?? true)
        if (closed) return
        events.lost(err)
        schedule()
      }
      drop = lost
      made.on('notification', (n) => events.notified(n.payload ?? ''))
      made.on('error', lost)
      made.on('end', () => lost())
      // Named by its channel (which names the schema), so an operator sees in pg_stat_activity who listens for what.
      await made.query('SELECT set_config($1, $2, false)', ['application_name', channel.slice(0, 63)])
      await made.query(`LISTEN "${channel.replaceAll('"', '""')}"`)
      if (gone) return
      if (closed) {
        lost()
        return
      }
      listener = made
      backoff = 100
      events.listening(made)
    } catch (err) {
      // Made but not listening: released once, and `lost` tells and tries again.
      if (client) return drop?.(err instanceof Error ? err : new Error(String(err)))
      if (closed) return
      events.lost(err)
      schedule()
    }
  }
  const schedule = () => {
    if (closed || retry) return
    retry = setTimeout(() => {
      retry = undefined
      void listen()
    }, backoff)
    backoff = Math.min(backoff * 2, 5_000)
  }
  void listen()

  return {
    client: () => listener,
    close() {
      closed = true
      if (retry) clearTimeout(retry)
      drop?.()
    },
  }
}

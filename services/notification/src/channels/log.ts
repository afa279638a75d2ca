import { appendFile } from 'node:fs/promises'
import type { Channel } from './channel.js'

/**
 * 站内 — the console's list is where a `log` message is read; this adapter also leaves a trace for development and
 * tests: one JSON line per message appended to `NOTIFY_FILE` when set, else a log line.
 */
export function logChannel(options: { file?: string; log?: { info(obj: object, msg: string): void } }): Channel {
  return {
    async send(m) {
      const line = { id: m.id, party: m.party, title: m.title, body: m.body }
      if (options.file) await appendFile(options.file, `${JSON.stringify(line)}\n`, 'utf8')
      else options.log?.info({ notification: line }, 'notification delivered')
    },
  }
}

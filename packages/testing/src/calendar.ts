import type { NatsConnection } from '@nats-io/transport-node'
import { CalendarPublishedV1, type EventBody } from '@onewindow/contracts'
import type { Topology } from '@onewindow/messaging'
import type pg from 'pg'
import { expect } from 'vitest'
import { publishAsRelay } from './stream.js'

/**
 * An illustrative 2027 year as the tests publish it: 元旦 Friday 01-01 to Sunday 01-03 and nothing else. 2027 is not
 * bundled, so a clock counted from late December 2026 reaches into it and its due day differs with and without the
 * schedule (20 W from Monday 2026-12-14: Mon 2027-01-11 on weekdays alone, Tue 01-12 with 元旦).
 */
export const schedule2027 = {
  year: 2027,
  source: { title: '国务院办公厅关于2027年部分节假日安排的通知', number: '国办发明电〔2026〕9号' },
  holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
  workdays: [],
}

/** Intake's `calendar.published` of {@link schedule2027}, as its relay publishes it. */
export const published2027 = (o: { version?: number; publishedAt: string }): EventBody<typeof CalendarPublishedV1> => ({
  key: 'year-2027',
  kind: 'year',
  version: o.version ?? 1,
  notice: '国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕9号',
  publishedAt: o.publishedAt,
  publishedBy: 'admin-1',
  entry: schedule2027,
})

/**
 * Publishes {@link published2027} as intake's relay does and waits until the world's service has stored it (its
 * `calendar_entry` of the year at that version): the publication's re-projection is then committed.
 */
export async function publish2027(
  w: { nc: NatsConnection; topology: Pick<Topology, 'prefix'>; db: { pool: pg.Pool } },
  o: { version?: number; publishedAt: string },
): Promise<void> {
  await publishAsRelay(w.nc, w.topology, CalendarPublishedV1, published2027(o), {
    aggregate: 'calendar:year-2027',
    source: 'intake',
  })
  const stored = async () =>
    (await w.db.pool.query<{ version: number }>(`SELECT version FROM calendar_entry WHERE key = 'year-2027'`)).rows[0]
      ?.version
  await expect.poll(stored).toBe(o.version ?? 1)
}

import { DeficiencyOverdueV1 } from '@onewindow/contracts'
import { type CalendarSource, defineConsumer } from '@onewindow/messaging'
import { recordDeficiencyOverdue } from '../commands.js'
import type { Tx } from '../db/tasks.js'

/**
 * 容缺逾期 (seeds/004:1860): intake found a material accepted as owed not submitted by its promised day; the tasks of
 * the application whose guide lists it record it, so the deciding department is told and may record its finding.
 */
export const onDeficiencyOverdue = (calendar: CalendarSource) =>
  defineConsumer<typeof DeficiencyOverdueV1, Tx>({
    durable: 'approval-deficiencies-overdue',
    event: DeficiencyOverdueV1,
    async handle({ event, tx, now, outbox }) {
      const rows = await recordDeficiencyOverdue(tx, event, now.toISOString(), calendar.current())
      if (rows.length > 0) await outbox.add(tx, rows)
    },
  })

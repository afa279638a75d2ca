import { ApplicationAcceptedV1, NATS_MAX_PAYLOAD } from '@onewindow/contracts'
import { logLines } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type IntakeWorld, intakeWorld, receivedApplication, START } from './world.js'

// The deemed-acceptance pass (受理 by law) adds one `application.accepted` per receipt due, in one transaction a
// batch. A receipt whose event NATS would refuse (its kept acceptance padded here with a field the event's schema does
// not declare and lets through) made the outbox throw for the batch on every pass: no receipt of it was accepted by
// law, ever. `sweep` now skips that receipt, names it once, and accepts the others. Monday 2 March 2026.
type LogLine = { scanner?: string; id?: string; err?: { type?: string } }
const { stream, lines } = logLines<LogLine>()
let w: IntakeWorld
beforeAll(async () => {
  w = await intakeWorld({ scanEveryMs: 3_600_000, logger: { stream }, logLevel: 'warn' })
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

describe('a receipt whose application.accepted NATS would refuse', () => {
  it('is skipped and named once by the deemed-acceptance pass; the other receipts are accepted by law', async () => {
    w.clock.set(START)
    const huge = await receivedApplication(w)
    const intact = await receivedApplication(w)
    await w.db.pool.query(
      `UPDATE application SET pending_acceptance = jsonb_set(pending_acceptance, '{padding}', to_jsonb($2::text))
        WHERE id = $1::uuid`,
      [huge, 'x'.repeat(NATS_MAX_PAYLOAD)],
    )

    // Received Monday 03-02; its fifth working day is Monday 03-09: accepted by law on Tuesday 03-10.
    w.clock.set('2026-03-10T01:00:00Z')
    expect(await w.app.receiptScanner.runOnce()).toBe(1)
    await expect
      .poll(async () => (await w.published(ApplicationAcceptedV1)).map((e) => e.applicationId))
      .toEqual([intact])
    const accepted = await w.db.pool.query<{ id: string }>(
      `SELECT id::text AS id FROM application WHERE id = ANY($1::uuid[]) AND accepted_at IS NOT NULL`,
      [[huge, intact]],
    )
    expect(accepted.rows).toEqual([{ id: intact }])
    // Still due, skipped again, named once.
    expect(await w.app.receiptScanner.runOnce()).toBe(0)
    expect(lines.filter((l) => l.scanner === 'intake-receipt-scanner').map((l) => [l.id, l.err?.type])).toEqual([
      [huge, 'EventTooLargeError'],
    ])
    expect(w.app.receiptScanner.healthy()).toBe(true)
  })
})

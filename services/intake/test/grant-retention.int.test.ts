import { readAuditEntries, verifyChain } from '@onewindow/messaging'
import { parseConfig } from '@onewindow/service-kit'
import { testCallerKeys } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IntakeConfig } from '../src/config.js'
import { createIntake } from '../src/index.js'
import { actors, caseWithApplication, type IntakeWorld, intakeWorld, START } from './world.js'

// 帮办代办 answer grants are deleted by intake-retention once they lapsed more than ANSWER_GRANT_KEEP_MS (default a
// day) ago; the clock is the test's, moved by hand (docs/assisted-service.md#retention-of-answer-grants).

const DAY = 86_400_000
const helper = { sub: 'helper-li', role: 'helper', name: '李帮办' }

let w: IntakeWorld
beforeAll(async () => {
  w = await intakeWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const grants = async () =>
  (
    await w.db.pool.query<{ id: string }>('SELECT id::text AS id FROM assisted_answer_grant ORDER BY valid_until, id')
  ).rows.map((r) => r.id)

const grantAuthority = async (applicationId: string, actor: { sub: string; role: string } = helper) =>
  w.call('POST', `/applications/${applicationId}/helper-authority`, actor)

const grantEntries = async () =>
  (await readAuditEntries(w.db.pool, { after: 0, limit: 10_000 })).filter(
    (e) => e.action === 'intake.assisted-case.grant',
  )

describe('retention of 补正 answer grants (帮办代办)', () => {
  it('deletes grants lapsed more than a day ago in batches, keeps a recent or live one and one a transaction holds, and leaves the audit chain whole', async () => {
    w.clock.set(START)
    const { caseId, applicationId } = await caseWithApplication(w, helper)

    // Granted at START: lapses 30 s later. Another helper is refused (audited, no grant).
    const old = await grantAuthority(applicationId)
    expect(old.status, JSON.stringify(old.body)).toBe(200)
    const oldGrant: string = old.body.onBehalfOf.grantId
    expect((await grantAuthority(applicationId, { sub: 'helper-zhao', role: 'helper' })).status).toBe(403)
    // A backlog of grants lapsed long ago, more than one sweep batch (100), as a busy desk would leave them.
    await w.db.pool.query(
      `INSERT INTO assisted_answer_grant (id, case_id, application_id, valid_until)
       SELECT gen_random_uuid(), $1::uuid, $2::uuid, $3::timestamptz - make_interval(secs => n)
         FROM generate_series(1, 250) AS n`,
      [caseId, applicationId, START],
    )
    // Held by another transaction (as a consumer marking it used would): skipped, not waited for.
    const heldGrant = (
      await w.db.pool.query<{ id: string }>(
        `INSERT INTO assisted_answer_grant (id, case_id, application_id, valid_until)
         VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3::timestamptz) RETURNING id::text AS id`,
        [caseId, applicationId, START],
      )
    ).rows[0]?.id as string

    // A day later: one grant lapses at START + 1 day + 30 s …
    w.clock.set(new Date(Date.parse(START) + DAY))
    const recent = await grantAuthority(applicationId)
    expect(recent.status).toBe(200)
    const recentGrant: string = recent.body.onBehalfOf.grantId
    // … and a minute after that lapse, one more is granted: live until 30 s on.
    w.clock.set(new Date(Date.parse(START) + DAY + 90_000))
    const live = await grantAuthority(applicationId)
    expect(live.status).toBe(200)
    const liveGrant: string = live.body.onBehalfOf.grantId
    expect(await grants()).toHaveLength(254)
    const entriesBefore = await grantEntries()
    expect(entriesBefore.map((e) => e.outcome)).toEqual(['done', 'refused', 'done', 'done'])

    const holder = await w.db.pool.connect()
    try {
      await holder.query('BEGIN')
      await holder.query('SELECT 1 FROM assisted_answer_grant WHERE id = $1::uuid FOR UPDATE', [heldGrant])
      // START's grant lapsed a day and 60 s ago by now: past keeping; the recent one only 60 s ago. The pass counts
      // what it deleted (the messaging tables' rows too, so at least the 251 grants).
      expect(await w.app.retention.runOnce()).toBeGreaterThanOrEqual(251)
      expect(new Set(await grants())).toEqual(new Set([heldGrant, recentGrant, liveGrant]))
    } finally {
      await holder.query('ROLLBACK')
      holder.release()
    }
    expect(await grants()).not.toContain(oldGrant)
    // Released, the held one goes with the next pass.
    expect(await w.app.retention.runOnce()).toBeGreaterThanOrEqual(1)
    expect(await grants()).toEqual([recentGrant, liveGrant])

    // The live grant still holds the close back: retention never took what a close waits for.
    const close = await w.call('POST', `/assisted-cases/${caseId}/close`, actors.clerk, { reason: '项目已办结' })
    expect(close.status, JSON.stringify(close.body)).toBe(409)
    expect(close.body.code).toBe('INTAKE_ASSIST_ANSWER_IN_FLIGHT')

    // The audit keeps every grant (who, when, which application, granted or refused), and the chain is whole: an entry
    // names the application, never the grant row, so deleting grants leaves every entry and every hash as it was.
    const entriesAfter = await grantEntries()
    expect(entriesAfter).toEqual(entriesBefore)
    expect(new Set(entriesAfter.map((e) => e.object))).toEqual(new Set([`application:${applicationId}`]))
    const chain = await readAuditEntries(w.db.pool, { after: 0, limit: 10_000 })
    expect(verifyChain(chain)).toMatchObject({ ok: true, length: chain.length })
  })

  it('refuses a keep shorter than twice the close’s 30 s margin, over 90 days or not whole, in the config and in createIntake', async () => {
    const env = { DATABASE_URL: 'postgresql://intake@127.0.0.1/test', ONEWINDOW_ASSERTION_PUBLIC_KEYS: '{}' }
    expect(parseConfig(IntakeConfig, env)).toMatchObject({ ok: true, value: { ANSWER_GRANT_KEEP_MS: DAY } })
    expect(parseConfig(IntakeConfig, { ...env, ANSWER_GRANT_KEEP_MS: '59999' })).toEqual({
      ok: false,
      message:
        'config: ANSWER_GRANT_KEEP_MS must be from 60000 (twice the close\'s margin after a grant lapses) to 90 days in ms (got "59999")',
    })
    for (const answerGrantKeepMs of [59_999, Number.NaN, 60_000.5, 90 * DAY + 1])
      await expect(
        createIntake({
          databaseUrl: w.db.url,
          nc: w.nc,
          clock: w.clock,
          callers: await testCallerKeys(),
          answerGrantKeepMs,
        }),
      ).rejects.toThrow(
        `ANSWER_GRANT_KEEP_MS must be a whole number from 60000 to 7776000000 ms, got ${answerGrantKeepMs}`,
      )
  })
})

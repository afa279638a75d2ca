import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  actors,
  applicationAwaitingContract,
  caseWithApplication,
  committedApplication,
  type IntakeWorld,
  landPlanningReceived,
  loggedIntakeWorld,
  projectWithCase,
  receivedApplication,
  START,
} from './world.js'

// PostgreSQL keeps 'infinity' and '-infinity' in a date or timestamptz column (a hand edit, a restore from another
// release), and converting one threw a RangeError: an anonymous 500 that named no row. A grant valid until 'infinity'
// still holds a close back, named; one application's damaged date fails that application's read with a code of its
// own, and is left out of the helper's list of the case's applications. The value is written by SQL, as only damage
// writes it.

type LogLine = {
  msg?: string
  unreadable?: { kind?: string; id?: string; reason?: string }
  err?: { message?: string }
}
const { lines, start } = loggedIntakeWorld<LogLine>()
let w: IntakeWorld
beforeAll(async () => {
  w = await start()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const li = actors.helperLi
const named = (kind: string) =>
  lines.filter((l) => l.unreadable?.kind === kind).map((l) => [l.unreadable?.id, l.unreadable?.reason])

describe('a 补正 answer grant valid until infinity', () => {
  it('holds the close back, refused with a code naming the grant; the close is kept requested and the row as stored', async () => {
    w.clock.set(START)
    const { projectId, caseId, applicationId } = await caseWithApplication(w, li)
    const [damaged] = (
      await w.db.pool.query<{ id: string }>(
        `INSERT INTO assisted_answer_grant (id, case_id, application_id, valid_until)
         VALUES (gen_random_uuid(), $1::uuid, $2::uuid, 'infinity') RETURNING id::text AS id`,
        [caseId, applicationId],
      )
    ).rows
    const grantId = damaged?.id as string

    // A day on, every real grant would have lapsed long ago; this one lapses at no instant, so its answer may land.
    w.clock.set(new Date(Date.parse(START) + 86_400_000))
    const close = await w.call('POST', `/assisted-cases/${caseId}/close`, actors.clerk, { reason: '项目已办结' })
    expect(close.status, JSON.stringify(close.body)).toBe(500)
    expect(close.body).toMatchObject({
      code: 'INTAKE_ASSIST_GRANT_UNREADABLE',
      caseId,
      grants: [{ grantId, validUntil: 'infinity' }],
    })
    expect(close.body.detail).toContain(grantId)
    // Logged with the grant it names, as every 500 is.
    expect(lines.filter((l) => l.err?.message?.includes(grantId))).toHaveLength(1)

    // Held back like any outstanding grant: still open, the close kept requested, so no new grant is given.
    const seen = await w.call('GET', `/projects/${projectId}/assisted-case`, actors.clerk)
    expect(seen.status, JSON.stringify(seen.body)).toBe(200)
    expect(seen.body.case).toMatchObject({ status: 'open', closeRequested: { reason: '项目已办结' } })
    const asked = await w.call('POST', `/applications/${applicationId}/helper-authority`, li)
    expect(asked.status, JSON.stringify(asked.body)).toBe(403)
    expect(asked.body).toMatchObject({ code: 'INTAKE_ASSIST_NOT_ASSIGNED', reason: 'case-closing' })
    const stored = await w.db.pool.query(
      'SELECT id::text AS id, valid_until::text AS "validUntil" FROM assisted_answer_grant WHERE case_id = $1::uuid',
      [caseId],
    )
    expect(stored.rows).toEqual([{ id: grantId, validUntil: 'infinity' }])

    // Repaired (lapsed at START), the grant holds nothing back any more: the same close goes through.
    await w.db.pool.query('UPDATE assisted_answer_grant SET valid_until = $2 WHERE id = $1::uuid', [grantId, START])
    const again = await w.call('POST', `/assisted-cases/${caseId}/close`, actors.clerk, { reason: '项目已办结' })
    expect(again.status, JSON.stringify(again.body)).toBe(200)
    expect(again.body.case).toMatchObject({ status: 'closed', closed: { reason: '项目已办结' } })
  })
})

describe('an application with a date stored as infinity', () => {
  it('answers its read 500 INTAKE_APPLICATION_UNREADABLE, named in the log with the column; the others still read', async () => {
    w.clock.set(START)
    const intact = await receivedApplication(w)
    // An instant column (Prisma reads it as an Invalid Date), a day column, and a day of one of its commitments.
    const atInfinity = await receivedApplication(w)
    await w.db.pool.query(`UPDATE application SET received_at = 'infinity' WHERE id = $1::uuid`, [atInfinity])
    const acceptedNever = await receivedApplication(w)
    await w.db.pool.query(`UPDATE application SET accepted_at = $2, accepted_on = '-infinity' WHERE id = $1::uuid`, [
      acceptedNever,
      START,
    ])
    const committed = await committedApplication(w, 'engineering-planning-permit')
    await w.db.pool.query(`UPDATE commitment SET verify_by = 'infinity' WHERE application_id = $1::uuid`, [committed])

    for (const [id, column] of [
      [atInfinity, '/receivedAt'],
      [acceptedNever, '/acceptedOn'],
      [committed, '/commitments/0/verifyBy'],
    ] as const) {
      const read = await w.call('GET', `/applications/${id}`, actors.clerk)
      expect(read.status, JSON.stringify(read.body)).toBe(500)
      expect(read.body).toMatchObject({
        code: 'INTAKE_APPLICATION_UNREADABLE',
        detail: `Application ${id} cannot be read from storage.`,
      })
      expect(
        named('application').filter(([logged]) => logged === id),
        id,
      ).toEqual([[id, expect.stringContaining(column)]])
    }
    // Read again, it fails the same way but is not named again: one line per damaged row, however often it is read.
    expect((await w.call('GET', `/applications/${atInfinity}`, actors.clerk)).status).toBe(500)
    expect(named('application')).toHaveLength(3)

    const read = await w.call('GET', `/applications/${intact}`, actors.clerk)
    expect(read.status, JSON.stringify(read.body)).toBe(200)
    expect(read.body.application).toMatchObject({
      applicationId: intact,
      receivedAt: '2026-03-02T01:00:00.000Z',
      receivedOn: '2026-03-02',
    })
    // Nothing was written over: the rows keep what they stored, for the repair.
    const stored = await w.db.pool.query(
      `SELECT received_at::text AS "receivedAt", accepted_on::text AS "acceptedOn" FROM application
        WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [[atInfinity, acceptedNever]],
    )
    expect(stored.rows).toEqual([
      { receivedAt: 'infinity', acceptedOn: null },
      { receivedAt: expect.stringMatching(/^2026-03-02/), acceptedOn: '-infinity' },
    ])
  })

  it('is left out of the helper’s list of the case’s applications and named; the case’s other application is listed', async () => {
    w.clock.set(START)
    const { projectId, caseId } = await projectWithCase(w, li)
    const receive = async () => {
      const res = await w.call('POST', `/projects/${projectId}/applications`, actors.clerk, landPlanningReceived)
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      return res.body.application.applicationId as string
    }
    // Two applications of the step: the first withdrawn, the step received again.
    const damaged = await receive()
    const withdrawn = await w.call('POST', `/applications/${damaged}/withdraw-receipt`, actors.clerk, {})
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200)
    const intact = await receive()
    await w.db.pool.query(`UPDATE application SET received_on = 'infinity' WHERE id = $1::uuid`, [damaged])

    const seen = await w.call('GET', `/assisted-cases/${caseId}/applications`, li)
    expect(seen.status, JSON.stringify(seen.body)).toBe(200)
    expect(seen.body.applications).toEqual([
      expect.objectContaining({ applicationId: intact, receivedOn: '2026-03-02', nationalCode: 1 }),
    ])
    expect(named('application').filter(([id]) => id === damaged)).toEqual([
      [damaged, expect.stringContaining('/receivedOn')],
    ])
  })
})

describe('a case whose project’s flow does not read', () => {
  it('answers both reads of the case with its acts by step code, and names the flow in the log, once', async () => {
    w.clock.set(START)
    const { projectId, caseId } = await projectWithCase(w, li)
    const applicationId = await applicationAwaitingContract(w, projectId)
    const answered = await w.call('POST', `/applications/${applicationId}/materials`, li, {
      materials: [{ code: 'land-transfer-contract', documentRef: 'doc://v2.pdf' }],
    })
    expect(answered.status, JSON.stringify(answered.body)).toBe(200)
    await w.db.pool.query(`UPDATE project SET flow = '[{"step": 1}]'::jsonb WHERE id = $1::uuid`, [projectId])

    const act = { act: 'receipt-answered', applicationId, step: 'land-planning-and-filing' }
    const one = await w.call('GET', `/projects/${projectId}/assisted-case`, actors.clerk)
    expect(one.status, JSON.stringify(one.body)).toBe(200)
    expect(one.body.case.acts).toEqual([expect.objectContaining(act)])
    expect(one.body.case.acts[0]).not.toHaveProperty('stepName')
    expect(one.body).not.toHaveProperty('unreadable')
    expect(named('project flow').filter(([id]) => id === projectId)).toHaveLength(1)

    const desk = await w.call('GET', '/assisted-cases', li)
    expect(desk.status, JSON.stringify(desk.body)).toBe(200)
    expect(desk.body.cases.find((c: { caseId: string }) => c.caseId === caseId).acts).toEqual([
      expect.objectContaining(act),
    ])
    // Both reads are one route plugin's, which names a row once however often it is read.
    expect(named('project flow').filter(([id]) => id === projectId)).toHaveLength(1)
    await w.call('GET', `/projects/${projectId}/assisted-case`, actors.clerk)
    expect(named('project flow').filter(([id]) => id === projectId)).toHaveLength(1)
  })
})

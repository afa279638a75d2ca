import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordHelperAnswer } from '../src/commands.js'
import { AnsweredEventRefused, onSupplementAnswered } from '../src/consumers/on-supplement-answered.js'
import {
  actors,
  applicationAwaitingContract,
  type IntakeWorld,
  intakeWorld,
  lowRiskFactory,
  projectWithCase,
  START,
} from './world.js'

// 帮办代办 (docs/assisted-service.md): the service centre's paged list of cases, what a case's helper works on (the
// applications it covers with what is owed on each), and the answered 补正 of an application intake does not know.

const li = actors.helperLi
const wang = { sub: 'helper-wang', role: 'helper', name: '王帮办' }

let w: IntakeWorld
beforeAll(async () => {
  w = await intakeWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

describe('帮办代办: the list, the helper’s applications, an answer for an unknown application', () => {
  it('pages every case newest change first for the service centre, by state and by helper; a helper sees its own only', async () => {
    w.clock.set(START)
    const first = await projectWithCase(w, li)
    w.clock.set('2026-03-02T02:00:00Z')
    const second = await projectWithCase(w, wang)
    w.clock.set('2026-03-02T03:00:00Z')
    const third = await projectWithCase(w, li)
    w.clock.set('2026-03-02T04:00:00Z')
    const closed = await w.call('POST', `/assisted-cases/${first.caseId}/close`, actors.clerk, { reason: '已办结' })
    expect(closed.status, JSON.stringify(closed.body)).toBe(200)

    const page1 = await w.call('GET', '/assisted-cases?limit=2', actors.clerk)
    expect(page1.status, JSON.stringify(page1.body)).toBe(200)
    // The close is the newest change.
    expect(page1.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([first.caseId, third.caseId])
    expect(page1.body.next).toEqual(expect.any(String))
    const page2 = await w.call('GET', `/assisted-cases?limit=2&cursor=${encodeURIComponent(page1.body.next)}`, {
      sub: 'sup-1',
      role: 'supervisor',
    })
    expect(page2.status, JSON.stringify(page2.body)).toBe(200)
    expect(page2.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([second.caseId])
    expect(page2.body.next).toBeUndefined()

    const open = await w.call('GET', '/assisted-cases?status=open', actors.clerk)
    expect(open.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([third.caseId, second.caseId])
    const closedOnes = await w.call('GET', '/assisted-cases?status=closed', actors.clerk)
    expect(closedOnes.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([first.caseId])
    const wangs = await w.call('GET', '/assisted-cases?helper=helper-wang', actors.clerk)
    expect(wangs.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([second.caseId])

    // A helper asking for another helper's cases still gets its own only.
    const asLi = await w.call('GET', '/assisted-cases?helper=helper-wang', li)
    expect(asLi.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([first.caseId, third.caseId])
    // A cursor that is not one is the caller's mistake, named.
    const bad = await w.call('GET', '/assisted-cases?cursor=yesterday', actors.clerk)
    expect(bad.status).toBe(400)
    // Of the right shape but no real instant: refused the same way, not a 500 from SQL nor a rolled-over day.
    for (const at of [
      '2026-03-02T01:00:00Z',
      '2026-13-01 00:00:00',
      '2026-01-01 25:00:00',
      '2026-02-30 00:00:00',
      '0000-01-01 00:00:00',
      '294277-01-01 00:00:00',
      'Infinity',
    ]) {
      const impossible = await w.call(
        'GET',
        `/assisted-cases?cursor=${encodeURIComponent(`${at}~${first.caseId}`)}`,
        actors.clerk,
      )
      expect(impossible.status, at).toBe(400)
      expect(impossible.body, at).toMatchObject({
        code: bad.body.code,
        errors: [expect.objectContaining({ field: '/querystring/cursor' })],
      })
    }
  })

  it("pages past cases whose updated_at is stored as 'infinity' or '-infinity': each case once, in order", async () => {
    w.clock.set(START)
    const zhao = { sub: 'helper-zhao', role: 'helper', name: '赵帮办' }
    const [late, readable, early] = [
      await projectWithCase(w, zhao),
      await projectWithCase(w, zhao),
      await projectWithCase(w, zhao),
    ]
    // A hand edit of the column the list is ordered by (the case's own state keeps its instant).
    await w.db.pool.query(`UPDATE assisted_case SET updated_at = 'infinity' WHERE id = $1::uuid`, [late.caseId])
    await w.db.pool.query(`UPDATE assisted_case SET updated_at = '-infinity' WHERE id = $1::uuid`, [early.caseId])
    for (const limit of [1, 2, 3]) {
      const seen: string[] = []
      let cursor: string | undefined
      let pages = 0
      do {
        const query = `helper=helper-zhao&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
        const page = await w.call('GET', `/assisted-cases?${query}`, actors.clerk)
        expect(page.status, `${query}: ${JSON.stringify(page.body)}`).toBe(200)
        seen.push(...page.body.cases.map((c: { caseId: string }) => c.caseId))
        cursor = page.body.next
        pages += 1
      } while (cursor !== undefined && pages < 10)
      expect({ limit, seen, pages }).toEqual({
        limit,
        seen: [late.caseId, readable.caseId, early.caseId],
        pages: Math.ceil(3 / limit),
      })
    }
  })

  it('reads each page of the list through an index in keyset order, for every filter, without sorting', async () => {
    // The list's statement (cases(tx).list in src/db/assisted.ts) for each filter; one simple-protocol message is one
    // transaction, so SET LOCAL holds for the EXPLAIN, and a handful of rows would otherwise be read by a seq scan.
    const keyset = `(updated_at, id) < ('2026-03-02T04:00:00Z', '0192f000-0000-7000-8000-000000000000'::uuid)`
    const filters = {
      assisted_case_updated_at_id_idx: '',
      assisted_case_helper_sub_updated_at_id_idx: `helper_sub = 'helper-li' AND`,
      assisted_case_status_updated_at_id_idx: `status = 'open' AND`,
    }
    for (const [index, where] of Object.entries(filters)) {
      const answers = await w.db.pool.query(
        `SET LOCAL enable_seqscan = off; EXPLAIN SELECT state::text AS state FROM assisted_case
          WHERE ${where} ${keyset} ORDER BY updated_at DESC, id DESC LIMIT 50`,
      )
      const explained = (answers as unknown as Array<{ rows: Array<Record<string, string>> }>).at(1)?.rows ?? []
      const plan = explained.map((r) => Object.values(r)[0]).join('\n')
      expect(plan, plan).toContain(`Index Scan Backward using ${index}`)
      expect(plan, plan).not.toMatch(/\bSort\b/)
    }
  })

  it('answers the case’s helper the applications it covers with the 一次性告知’s materials owed; another helper 404', async () => {
    w.clock.set(START)
    const { projectId, caseId } = await projectWithCase(w, li)
    const applicationId = await applicationAwaitingContract(w, projectId)

    const seen = await w.call('GET', `/assisted-cases/${caseId}/applications`, li)
    expect(seen.status, JSON.stringify(seen.body)).toBe(200)
    expect(seen.body.applications).toEqual([
      expect.objectContaining({
        applicationId,
        step: 'land-planning-and-filing',
        stage: 'land-planning',
        nationalCode: 1,
        status: 'open',
        owed: { kind: 'receipt-notice', materials: ['land-transfer-contract'], reason: '出让合同缺少附图' },
      }),
    ])
    expect((await w.call('GET', `/assisted-cases/${caseId}/applications`, wang)).status).toBe(404)

    // Answered, nothing is owed any more.
    const answered = await w.call('POST', `/applications/${applicationId}/materials`, li, {
      materials: [{ code: 'land-transfer-contract', documentRef: 'doc://v2.pdf' }],
    })
    expect(answered.status, JSON.stringify(answered.body)).toBe(200)
    const after = await w.call('GET', `/assisted-cases/${caseId}/applications`, li)
    expect(after.body.applications[0].owed).toEqual({ kind: 'none', materials: [] })

    // The act kept on the case names its step as the project's registered flow does (Shanwei's own name), in both
    // reads of the case: the desk's list and the project's case.
    const act = { act: 'receipt-answered', applicationId, step: 'land-planning-and-filing' }
    const named = { ...act, stepName: '立项用地规划许可阶段' }
    const one = await w.call('GET', `/projects/${projectId}/assisted-case`, actors.clerk)
    expect(one.body.case.acts).toEqual([expect.objectContaining(named)])
    const desk = await w.call('GET', '/assisted-cases', li)
    expect(desk.body.cases.find((c: { caseId: string }) => c.caseId === caseId).acts).toEqual([
      expect.objectContaining(named),
    ])
    // The stored case keeps the code only: the name is the flow's, read when the case is answered.
    const stored = await w.app.deps.commands.transaction(
      (tx) =>
        tx.$queryRaw<
          Array<{ acts: unknown }>
        >`SELECT state->'acts' AS acts FROM assisted_case WHERE id = ${caseId}::uuid`,
    )
    expect(stored[0]?.acts).toEqual([expect.objectContaining(act)])
    expect(stored[0]?.acts).toEqual([expect.not.objectContaining({ stepName: expect.anything() })])
  })

  it('refuses an answered 补正 of an application intake does not know, with its code, and keeps nothing on the case', async () => {
    w.clock.set(START)
    const { projectId, caseId } = await projectWithCase(w, li)
    const unknown = uuidv7()
    const event = {
      noticeId: uuidv7(),
      applicationId: unknown,
      projectId,
      version: 1,
      status: 'answered' as const,
      requests: [
        {
          taskId: uuidv7(),
          department: 'natural-resources',
          item: 'land-planning-permit',
          materials: ['land-transfer-contract'],
          reason: '出让合同缺少附图',
          requestedOn: '2026-03-02',
        },
      ],
      issuedAt: START,
      answeredAt: START,
      onBehalfOf: { caseId, helper: li.sub, helperName: '李帮办', ownerCreditCode: lowRiskFactory().owner.creditCode },
    }
    const { commands } = w.app.deps
    const done = await commands.transaction((tx) => recordHelperAnswer(commands, tx, event))
    expect(done).toEqual({ ok: false, error: expect.objectContaining({ code: 'INTAKE_ANSWERED_APPLICATION_UNKNOWN' }) })
    // The consumer throws the refusal with its code (retried, then parked), and nothing was kept on the case.
    const consumer = onSupplementAnswered(commands)
    const thrown = await commands
      .transaction((tx) =>
        consumer.handle({
          event,
          eventId: uuidv7(),
          headers: undefined as never,
          tx,
          now: w.clock.now(),
          outbox: {} as never,
        }),
      )
      .then(
        () => undefined,
        (err: unknown) => err,
      )
    expect(thrown).toBeInstanceOf(AnsweredEventRefused)
    expect((thrown as AnsweredEventRefused).code).toBe('INTAKE_ANSWERED_APPLICATION_UNKNOWN')
    const c = await w.call('GET', `/projects/${projectId}/assisted-case`, actors.clerk)
    expect(c.body.case.acts).toEqual([])
  })
})

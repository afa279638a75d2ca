import {
  StepDecidedV1,
  StepTasksAssignedV1,
  SupplementNoticeIssuedV1,
  TaskClockWarnedV1,
  TaskDecidedV1,
  TaskSupplementProvidedV1,
} from '@onewindow/contracts'
import { asCaller, schemaDifferences } from '@onewindow/testing'
import { defaultCalendar, evaluateClock } from '@onewindow/workdays'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prismaSchemaDir } from '../src/index.js'
import {
  accept,
  act,
  anAcceptance,
  answer,
  approvalWorld,
  call,
  outboxBodies,
  publishAccepted,
  published,
  scansPass,
  startAt,
  type World,
} from './helpers.js'

// Monday 2 March 2026, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'
const DEPTS = ['housing-construction', 'natural-resources', 'water-supply']

let w: World
beforeAll(async () => {
  w = await approvalWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

describe('approval tasks', () => {
  it('migrates to exactly the schema schema.prisma declares', async () => {
    expect(await schemaDifferences(prismaSchemaDir, w.db.pool, w.db.schema)).toEqual([])
  })

  it('opens one task per (item, department), 已受理, and publishes them all in one StepTasksAssignedV1', async () => {
    await startAt(w, START)
    const body = anAcceptance('2026-03-02', DEPTS)
    const tasks = await accept(w, body)
    expect(tasks.map((t) => [t.department, t.status, t.national_code])).toEqual(DEPTS.map((d) => [d, 'assigned', 3]))
    const step = await w.db.pool.query('SELECT outcome, decided_at FROM step WHERE application_id = $1', [
      body.applicationId,
    ])
    expect(step.rows).toEqual([{ outcome: null, decided_at: null }])
    await expect
      .poll(async () =>
        (await published(w.nc, w.topology, StepTasksAssignedV1))
          .filter((e) => e.applicationId === body.applicationId)
          .map((e) => e.tasks.map((t) => t.taskId).sort()),
      )
      .toEqual([tasks.map((t) => t.id).sort()])
    const got = await w.app.inject({
      method: 'GET',
      url: `/tasks/${tasks[0]?.id}`,
      headers: await asCaller('approval', undefined, w.clock),
    })
    expect(got.statusCode).toBe(200)
    expect(got.json().task).toMatchObject({
      status: 'assigned',
      nationalCode: 3,
      version: 1,
      dueOn: '2026-03-09',
      clocks: { committed: { start: '2026-03-02', limit: { value: 5, unit: 'W' } } },
    })
  })

  it('opens nothing twice for the same acceptance under another event id (the step and its tasks are one statement)', async () => {
    await startAt(w, START)
    const body = anAcceptance('2026-03-02', DEPTS)
    const first = await accept(w, body)
    const handled = async (): Promise<number> =>
      (await w.db.pool.query(`SELECT count(*)::int AS n FROM inbox_message WHERE consumer = 'approval-open-tasks'`))
        .rows[0].n
    const before = await handled()
    await publishAccepted(w, body)
    // The second copy is handled once its inbox row is in, and it wrote nothing: one step, the same N tasks.
    await expect.poll(handled).toBe(before + 1)
    const rows = await w.db.pool.query(
      `SELECT (SELECT count(*)::int FROM step WHERE application_id = $1) AS steps,
              (SELECT array_agg(id::text ORDER BY department) FROM task WHERE application_id = $1) AS tasks`,
      [body.applicationId],
    )
    expect(rows.rows[0]).toEqual({ steps: 1, tasks: first.map((t) => t.id) })
    expect(
      (await outboxBodies(w, StepTasksAssignedV1)).filter((e) => e.applicationId === body.applicationId),
    ).toHaveLength(1)
  })

  it('consolidates 补正 from two departments into ONE notice; one answer resumes both without the suspended days', async () => {
    await startAt(w, START)
    const body = anAcceptance('2026-03-02', DEPTS)
    const [housing, planning, water] = await accept(w, body)
    if (!housing || !planning || !water) throw new Error('tasks missing')
    for (const t of [housing, planning]) expect((await act(w, t, { action: 'claim' })).status).toBe(200)

    // Tuesday: both departments ask at the same instant.
    w.clock.set('2026-03-03T02:00:00Z')
    const asked = await Promise.all([
      act(w, housing, { action: 'supplement', materials: ['construction-contract'], reason: '合同未盖章' }),
      act(w, planning, { action: 'supplement', materials: ['design-scheme'], reason: '总平面图比例尺不符' }),
    ])
    for (const r of asked) {
      expect(r.status).toBe(200)
      expect(r.body.task).toMatchObject({ status: 'supplement-requested', nationalCode: 6, supplementRoundsUsed: 1 })
    }
    const issued = (await outboxBodies(w, SupplementNoticeIssuedV1)).filter(
      (n) => n.applicationId === body.applicationId,
    )
    expect(new Set(issued.map((n) => n.noticeId)).size).toBe(1)
    expect(issued.map((n) => n.version)).toEqual([1, 2])
    const notice = issued[1]
    if (!notice) throw new Error('no notice')
    expect(notice.requests.map((r) => r.department).sort()).toEqual(['housing-construction', 'natural-resources'])
    const rows = await w.db.pool.query(
      "SELECT count(*)::int AS n FROM supplement_notice WHERE status = 'open' AND application_id = $1",
      [body.applicationId],
    )
    expect(rows.rows[0].n).toBe(1)

    // An answer that leaves one material out is refused, naming it, and changes nothing.
    const partial = await answer(w, body.applicationId, {
      noticeId: notice.noticeId,
      materials: [{ code: 'design-scheme', documentRef: 'doc://a.pdf' }],
    })
    expect(partial.status).toBe(422)
    expect(partial.body.code).toBe('APPROVAL_SUPPLEMENT_INCOMPLETE')
    expect(partial.body.errors).toEqual([
      expect.objectContaining({ field: '/body/materials', message: expect.stringMatching(/construction-contract/) }),
    ])

    // Thursday: the owner answers once.
    w.clock.set('2026-03-05T02:00:00Z')
    const answered = await answer(w, body.applicationId, {
      noticeId: notice.noticeId,
      materials: [
        { code: 'design-scheme', documentRef: 'doc://design-scheme-v2.pdf' },
        { code: 'construction-contract', documentRef: 'doc://contract-signed.pdf' },
      ],
    })
    expect(answered.status).toBe(200)
    expect(answered.body.notice).toMatchObject({ noticeId: notice.noticeId, status: 'answered', version: 3 })
    expect(answered.body.tasks).toHaveLength(2)
    const calendar = defaultCalendar()
    for (const t of answered.body.tasks) {
      expect(t).toMatchObject({ status: 'claimed', nationalCode: 7 })
      expect(t.clocks.committed.suspensions).toEqual([
        expect.objectContaining({ kind: 'supplement', from: '2026-03-03', to: '2026-03-05' }),
      ])
      // 5 W from Monday 2 March is Monday 9 March; Tue–Thu suspended moves it to Thursday 12 March.
      const state = evaluateClock(calendar, t.clocks.committed, '2026-03-05')
      expect(state.due).toBe('2026-03-12')
      expect(t.dueOn).toBe('2026-03-12')
    }
    const untouched = await w.app.inject({
      method: 'GET',
      url: `/tasks/${water.id}`,
      headers: await asCaller('approval', undefined, w.clock),
    })
    expect(untouched.json().task.dueOn).toBe('2026-03-09')
    const provided = (await outboxBodies(w, TaskSupplementProvidedV1)).filter(
      (e) => e.task.applicationId === body.applicationId,
    )
    expect(provided.map((e) => e.task.department).sort()).toEqual(['housing-construction', 'natural-resources'])

    // Answering again: nobody asked for anything more.
    const again = await answer(w, body.applicationId, {
      noticeId: notice.noticeId,
      materials: [{ code: 'design-scheme', documentRef: 'doc://again.pdf' }],
    })
    expect(again.status).toBe(409)
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(again.body.code).toBe('APPROVAL_NOTICE_NOT_OPEN')
    // One round each by default.
    const second = await act(w, housing, { action: 'supplement', materials: ['x'], reason: 'again' })
    expect(second.status).toBe(409)
    expect(second.body.code).toBe('APPROVAL_SUPPLEMENT_ROUNDS_EXHAUSTED')
  })

  it('refuses a 补正 asking for a material the item’s service guide does not list (指南之外无材料), the department’s and the lead’s, writing nothing', async () => {
    await startAt(w, START)
    const accepted = anAcceptance('2026-03-02', ['housing-construction', 'natural-resources'], {
      stepLead: 'housing-construction',
    })
    const guides = [['construction-contract', 'construction-drawings'], ['design-scheme']]
    const body = { ...accepted, items: accepted.items.map((item, i) => ({ ...item, materials: guides[i] ?? [] })) }
    const [housing, planning] = await accept(w, body)
    if (!housing || !planning) throw new Error('no tasks')
    expect((await act(w, housing, { action: 'claim' })).status).toBe(200)
    const noticesBefore = (await outboxBodies(w, SupplementNoticeIssuedV1)).length

    // The guide of the housing item asks for no design scheme: refused at the field that names it.
    const outside = await act(w, housing, {
      action: 'supplement',
      materials: ['construction-drawings', 'design-scheme'],
      reason: '请补充设计方案',
    })
    expect(outside.status).toBe(422)
    expect(outside.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(outside.body.code).toBe('APPROVAL_MATERIAL_NOT_IN_GUIDE')
    expect(outside.body.errors).toEqual([{ field: '/body/materials/1', message: 'not in the service guide of item-1' }])
    // The lead may ask on the department's behalf no more than the department itself.
    const byLead = await call(
      w,
      'POST',
      `/applications/${body.applicationId}/supplement-notice`,
      { sub: 'lead-1', role: 'lead', department: 'housing-construction' },
      { requests: [{ taskId: planning.id, materials: ['construction-contract'], reason: '请补充施工合同' }] },
    )
    expect(byLead.status).toBe(422)
    expect(byLead.body.code).toBe('APPROVAL_MATERIAL_NOT_IN_GUIDE')
    expect(byLead.body.errors).toEqual([
      { field: '/body/requests/0/materials/0', message: 'not in the service guide of item-2' },
    ])
    // Nothing written: the task is still claimed, no notice.
    const rows = await w.db.pool.query('SELECT status FROM task WHERE application_id = $1 ORDER BY department', [
      body.applicationId,
    ])
    expect(rows.rows.map((r) => r.status)).toEqual(['claimed', 'assigned'])
    expect(await outboxBodies(w, SupplementNoticeIssuedV1)).toHaveLength(noticesBefore)

    // What the guide lists may be asked for; the task shows its guide.
    const inside = await act(w, housing, {
      action: 'supplement',
      materials: ['construction-drawings'],
      reason: '图纸缺签章',
    })
    expect(inside.status).toBe(200)
    expect(inside.body.task).toMatchObject({
      status: 'supplement-requested',
      guideMaterials: ['construction-contract', 'construction-drawings'],
    })
  })

  it('warns once when a 特别程序 (专家评审) overruns its own sub-limit, and keeps the task clock stopped', async () => {
    await startAt(w, START)
    const body = anAcceptance('2026-03-02', DEPTS)
    const [housing] = await accept(w, body)
    if (!housing) throw new Error('no task')
    expect((await act(w, housing, { action: 'claim' })).status).toBe(200)
    const started = await act(w, housing, {
      action: 'special-procedure-start',
      kind: 'expert-review',
      legalBasis: '专家评审',
      limit: { value: 2, unit: 'W' },
    })
    expect(started.status).toBe(200)
    expect(started.body.task.nationalCode).toBe(9)
    const mine = async () =>
      (await outboxBodies(w, TaskClockWarnedV1)).filter(
        (a) => a.task.taskId === housing.id && a.clock === 'special-procedure',
      )
    // Wednesday is the sub-limit's last day: nothing yet, however often the scanner runs.
    w.clock.set('2026-03-04T02:00:00Z')
    await scansPass(w, 2)
    expect(await mine()).toHaveLength(0)
    // Thursday: overrun.
    w.clock.set('2026-03-05T02:00:00Z')
    await expect.poll(async () => (await mine()).length).toBe(1)
    const [alert] = await mine()
    expect(alert).toMatchObject({ suspensionKind: 'expert-review', dueOn: '2026-03-04', detectedOn: '2026-03-05' })
    await scansPass(w, 2)
    expect(await mine()).toHaveLength(1)
    // The task clock itself did not warn: the procedure's days are not counted.
    expect(
      (await outboxBodies(w, TaskClockWarnedV1)).filter((a) => a.task.taskId === housing.id && a.clock === 'committed'),
    ).toHaveLength(0)
    const ended = await act(w, housing, { action: 'special-procedure-end' })
    expect(ended.body.task).toMatchObject({ status: 'claimed', nationalCode: 10 })
  })

  it('one rejection decides the step rejected at once and closes the other open tasks', async () => {
    await startAt(w, START)
    const body = anAcceptance('2026-03-02', [...DEPTS, 'zz-fire-rescue'])
    const [housing, planning, water, fire] = await accept(w, body)
    if (!housing || !planning || !water || !fire) throw new Error('tasks missing')
    for (const t of [housing, planning, fire]) expect((await act(w, t, { action: 'claim' })).status).toBe(200)
    expect((await act(w, housing, { action: 'approve', conditions: ['按图施工'] })).status).toBe(200)
    expect(
      await outboxBodies(w, StepDecidedV1).then((s) => s.filter((d) => d.applicationId === body.applicationId)),
    ).toHaveLength(0)
    const rejected = await act(w, planning, { action: 'reject', reason: '用地性质与规划不符' })
    expect(rejected.status).toBe(200)
    expect(rejected.body.task).toMatchObject({ status: 'rejected', nationalCode: 13 })

    const decisions = (await outboxBodies(w, StepDecidedV1)).filter((d) => d.applicationId === body.applicationId)
    expect(decisions).toHaveLength(1)
    expect(decisions[0]?.outcome).toBe('rejected')
    expect(new Map(decisions[0]?.tasks.map((t) => [t.department, t.outcome]))).toEqual(
      new Map([
        ['housing-construction', 'approved'],
        ['natural-resources', 'rejected'],
        ['water-supply', 'closed'],
        ['zz-fire-rescue', 'closed'],
      ]),
    )
    const closed = (
      await w.app.inject({
        method: 'GET',
        url: `/tasks/${water.id}`,
        headers: await asCaller('approval', undefined, w.clock),
      })
    ).json().task
    expect(closed).toMatchObject({ status: 'closed', nationalCode: 13, decision: { outcome: 'closed' } })
    const closedEvents = (await outboxBodies(w, TaskDecidedV1)).filter((e) => e.task.taskId === water.id)
    expect(closedEvents.map((e) => e.task.decision?.outcome)).toEqual(['closed'])

    // A decided task refuses more: 409 with its current state.
    const late = await act(w, planning, { action: 'approve' })
    expect(late.status).toBe(409)
    expect(late.body).toMatchObject({ code: 'APPROVAL_TASK_STATE_CONFLICT', taskStatus: 'rejected', nationalCode: 13 })
    const lateClosed = await act(w, water, { action: 'claim' })
    expect(lateClosed.status).toBe(409)
    expect(lateClosed.body.task).toMatchObject({ status: 'closed', nationalCode: 13 })
    // A task its reviewer held (claimed) is closed too: the decision is no longer needed.
    const held = await act(w, fire, { action: 'approve' })
    expect(held.status).toBe(409)
    expect(held.body.task).toMatchObject({ status: 'closed', nationalCode: 13 })
    expect((await outboxBodies(w, StepDecidedV1)).filter((d) => d.applicationId === body.applicationId)).toHaveLength(1)
  })

  it('refuses what it must, with problem+json naming why, and writes nothing', async () => {
    await startAt(w, START)
    const body = anAcceptance('2026-03-02', DEPTS)
    const [housing] = await accept(w, body)
    if (!housing) throw new Error('no task')
    // Events of commands only: an audit anchor (a periodic job's, after the refusals' own audit entries) says nothing here.
    const outboxBefore = (
      await w.db.pool.query(
        `SELECT count(*)::int AS n FROM outbox_message WHERE subject NOT LIKE '%.audit.anchored.v1'`,
      )
    ).rows[0].n

    const foreign = await act(
      w,
      housing,
      { action: 'claim' },
      { sub: 'x', role: 'reviewer', department: 'water-supply' },
    )
    expect([foreign.status, foreign.body.code]).toEqual([403, 'APPROVAL_NOT_YOUR_DEPARTMENT'])
    const noActor = await w.app.inject({
      method: 'POST',
      url: `/tasks/${housing.id}/actions`,
      payload: { action: 'claim' },
    })
    expect(noActor.statusCode).toBe(401)
    expect(noActor.json()).toMatchObject({
      code: 'APPROVAL_ACTOR_REQUIRED',
      errors: [{ field: '/headers/x-onewindow-assertion', message: 'is missing' }],
    })
    const unknown = await act(
      w,
      { id: '0190a000-0000-7000-8000-00000000dead', department: 'housing-construction' },
      { action: 'claim' },
    )
    expect([unknown.status, unknown.body.code]).toEqual([404, 'APPROVAL_TASK_NOT_FOUND'])
    const noReason = await act(w, housing, { action: 'reject' })
    expect(noReason.status).toBe(400)
    expect(JSON.stringify(noReason.body.errors)).toMatch(/reason/)
    const typo = await act(w, housing, { action: 'claim', colour: 'red' })
    expect(typo.status).toBe(400)
    const early = await act(w, housing, { action: 'approve' })
    expect([early.status, early.body.code, early.body.taskStatus, early.body.nationalCode]).toEqual([
      409,
      'APPROVAL_TASK_STATE_CONFLICT',
      'assigned',
      3,
    ])
    // An answer to a notice nobody asked for.
    const nobodyAsked = await answer(w, body.applicationId, {
      noticeId: '0190a000-0000-7000-8000-00000000beef',
      materials: [{ code: 'x', documentRef: 'doc://x' }],
    })
    expect([nobodyAsked.status, nobodyAsked.body.code]).toEqual([404, 'APPROVAL_NOTICE_NOT_FOUND'])
    const notOwner = await answer(
      w,
      body.applicationId,
      { noticeId: '0190a000-0000-7000-8000-00000000beef', materials: [{ code: 'x', documentRef: 'doc://x' }] },
      { sub: 'c', role: 'clerk' },
    )
    expect(notOwner.status).toBe(403)

    expect(
      (
        await w.db.pool.query(
          `SELECT count(*)::int AS n FROM outbox_message WHERE subject NOT LIKE '%.audit.anchored.v1'`,
        )
      ).rows[0].n,
    ).toBe(outboxBefore)
    expect(
      (
        await w.app.inject({
          method: 'GET',
          url: `/tasks/${housing.id}`,
          headers: await asCaller('approval', undefined, w.clock),
        })
      ).json().task.version,
    ).toBe(1)
  })
})

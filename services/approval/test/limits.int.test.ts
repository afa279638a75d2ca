import {
  FlowClockOverdueV1,
  FlowClockWarnedV1,
  StepClockOverdueV1,
  StepClockWarnedV1,
  StepExtendedV1,
  TaskClockOverdueV1,
  TaskClockWarnedV1,
  TaskExtendedV1,
  TaskSpecialProcedureStartedV1,
} from '@onewindow/contracts'
import { addDays, defaultCalendar, evaluateClock } from '@onewindow/workdays'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  accept,
  act,
  anAcceptance,
  answer,
  approvalWorld,
  call,
  outboxBodies,
  scansPass,
  startAt,
  type World,
} from './helpers.js'

// Monday 2 March 2026, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'
const calendar = defaultCalendar()

/** Working days after `from` up to and including `to`, counted day by day on the calendar: the independent check. */
const workingDaysAfter = (from: string, to: string): number => {
  let n = 0
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) n += 1
  return n
}

let w: World
beforeAll(async () => {
  w = await approvalWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const stepRow = async (applicationId: string) =>
  (await w.db.pool.query('SELECT clocks FROM step WHERE application_id = $1', [applicationId])).rows[0]?.clocks

const extendStep = (applicationId: string, body: object, actor: object = { sub: 'sup-1', role: 'supervisor' }) =>
  call(w, 'POST', `/applications/${applicationId}/step-extension`, actor, body)

describe('the law on a task (行政许可法第四十二条、第四十五条)', () => {
  it('Art. 42: an extension moves the statutory due date by exactly 10 working days, once; a second is 409', async () => {
    await startAt(w, START)
    const body = anAcceptance('2026-03-02', ['natural-resources'])
    for (const item of body.items) item.statutoryExtension = { value: 10, unit: 'W' }
    const [task] = await accept(w, body)
    if (!task) throw new Error('no task')
    w.clock.set('2026-03-20T02:00:00Z')
    const extended = await act(w, task, { action: 'extend', approvedBy: '局长 李四', reason: '需组织现场核查' })
    expect(extended.status).toBe(200)
    const statutory = extended.body.task.clocks.statutory
    expect(statutory.limit).toEqual({ value: 30, unit: 'W' })
    expect(statutory.extended).toMatchObject({
      value: 10,
      unit: 'W',
      on: '2026-03-20',
      by: 'reviewer-natural-resources',
      approvedBy: '局长 李四',
      reason: '需组织现场核查',
      dueBefore: '2026-03-30',
      dueAfter: '2026-04-14',
    })
    // Independently of workdays' walk: the calendar's working days between the two due dates are exactly ten.
    expect(workingDaysAfter(statutory.extended.dueBefore, statutory.extended.dueAfter)).toBe(10)
    expect(evaluateClock(calendar, statutory, '2026-03-20').due).toBe('2026-04-14')
    // The city's committed clock is not the law's to extend.
    expect(extended.body.task.clocks.committed.limit).toEqual({ value: 5, unit: 'W' })
    const events = (await outboxBodies(w, TaskExtendedV1)).filter((e) => e.task.taskId === task.id)
    expect(events.map((e) => [e.actor, e.note])).toEqual([['reviewer-natural-resources', '需组织现场核查']])

    const again = await act(w, task, { action: 'extend', approvedBy: '局长 李四', reason: '再延' })
    expect(again.status).toBe(409)
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(again.body).toMatchObject({ code: 'APPROVAL_ALREADY_EXTENDED', errors: [{ field: '/body/action' }] })
    expect((await outboxBodies(w, TaskExtendedV1)).filter((e) => e.task.taskId === task.id)).toHaveLength(1)
  })

  it('Art. 42: an item the catalogue gives no extension is refused (422)', async () => {
    await startAt(w, START)
    const [task] = await accept(w, anAcceptance('2026-03-02', ['water-supply']))
    if (!task) throw new Error('no task')
    const refused = await act(w, task, { action: 'extend', approvedBy: '局长', reason: '理由' })
    expect(refused.status).toBe(422)
    expect(refused.body.code).toBe('APPROVAL_EXTENSION_NOT_ALLOWED')
  })

  it('Art. 45: a special procedure of a kind the item does not allow is refused (422) and nothing is written', async () => {
    await startAt(w, START)
    const [task] = await accept(w, anAcceptance('2026-03-02', ['housing-construction']))
    if (!task) throw new Error('no task')
    expect((await act(w, task, { action: 'claim' })).status).toBe(200)
    const refused = await act(w, task, { action: 'special-procedure-start', kind: 'auction', legalBasis: '第四十五条' })
    expect(refused.status).toBe(422)
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(refused.body).toMatchObject({
      code: 'APPROVAL_SPECIAL_PROCEDURE_NOT_ALLOWED',
      kind: 'auction',
      allowed: ['expert-review'],
      errors: [{ field: '/body/kind' }],
    })
    const started = await act(w, task, {
      action: 'special-procedure-start',
      kind: 'expert-review',
      legalBasis: '行政许可法第四十五条',
    })
    expect(started.status).toBe(200)
    expect(started.body.task.clocks.statutory.suspensions).toEqual([
      expect.objectContaining({ kind: 'expert-review', legalBasis: '行政许可法第四十五条', from: '2026-03-02' }),
    ])
    expect(
      (await outboxBodies(w, TaskSpecialProcedureStartedV1)).filter((e) => e.task.taskId === task.id),
    ).toHaveLength(1)
  })
})

describe('the step clocks (行政许可法第四十二条、第二十六条)', () => {
  it('raise one yellow and one red alert, across restarts of the service', async () => {
    await startAt(w, START)
    // The city's step limit 5 W beside the law's 45 W for a joint step.
    const body = anAcceptance('2026-03-02', ['housing-construction', 'natural-resources'], {
      stepLimit: { value: 5, unit: 'W' },
      stepStatutoryLimit: { value: 45, unit: 'W' },
      stepStatutoryExtension: { value: 15, unit: 'W' },
    })
    await accept(w, body)
    expect(await stepRow(body.applicationId)).toMatchObject({
      committed: { limit: { value: 5, unit: 'W' }, start: '2026-03-02' },
      statutory: { limit: { value: 45, unit: 'W' }, extensionAllowed: { value: 15, unit: 'W' } },
    })
    const mine = async () => ({
      warned: (await outboxBodies(w, StepClockWarnedV1)).filter((a) => a.applicationId === body.applicationId),
      overdue: (await outboxBodies(w, StepClockOverdueV1)).filter((a) => a.applicationId === body.applicationId),
    })
    // Thursday: 3 of 5 used, green.
    w.clock.set('2026-03-05T02:00:00Z')
    await scansPass(w, 2)
    expect((await mine()).warned).toHaveLength(0)
    // Friday: 4 of 5 used (80%), yellow.
    w.clock.set('2026-03-06T02:00:00Z')
    await expect.poll(async () => (await mine()).warned.length).toBe(1)
    expect((await mine()).warned[0]).toMatchObject({
      clock: 'committed',
      step: 'S2',
      dueOn: '2026-03-09',
      detectedOn: '2026-03-06',
      used: 4,
      gross: 4,
      limit: 5,
    })
    await w.restart()
    await scansPass(w, 2)
    expect((await mine()).warned).toHaveLength(1)
    // Tuesday after the due Monday: red, once.
    w.clock.set('2026-03-10T02:00:00Z')
    await expect.poll(async () => (await mine()).overdue.length).toBe(1)
    expect((await mine()).overdue[0]).toMatchObject({
      clock: 'committed',
      dueOn: '2026-03-09',
      detectedOn: '2026-03-10',
    })
    await w.restart()
    await scansPass(w, 2)
    const after = await mine()
    expect(after.warned.map((a) => a.clock)).toEqual(['committed'])
    expect(after.overdue.map((a) => a.clock)).toEqual(['committed'])
    const keys = await w.db.pool.query('SELECT clock, kind FROM step_alert WHERE application_id = $1 ORDER BY kind', [
      body.applicationId,
    ])
    expect(keys.rows).toEqual([
      { clock: 'committed', kind: 'overdue' },
      { clock: 'committed', kind: 'warned' },
    ])
  })

  it('pauses while the 补正 notice is open: net days fall behind gross days', async () => {
    await startAt(w, START)
    const body = anAcceptance('2026-03-02', ['housing-construction'], { stepLimit: { value: 5, unit: 'W' } })
    const [task] = await accept(w, body)
    if (!task) throw new Error('no task')
    expect((await act(w, task, { action: 'claim' })).status).toBe(200)
    w.clock.set('2026-03-03T02:00:00Z')
    const asked = await act(w, task, { action: 'supplement', materials: ['design-scheme'], reason: '图纸不全' })
    expect(asked.status).toBe(200)
    const noticeId = (
      await w.db.pool.query('SELECT id::text FROM supplement_notice WHERE application_id = $1', [body.applicationId])
    ).rows[0]?.id
    w.clock.set('2026-03-05T02:00:00Z')
    const answered = await answer(
      w,
      body.applicationId,
      { noticeId, materials: [{ code: 'design-scheme', documentRef: 'doc://1' }] },
      { sub: 'owner-1', role: 'owner' },
    )
    expect(answered.status).toBe(200)
    const clocks = await stepRow(body.applicationId)
    expect(clocks.committed.suspensions).toEqual([
      expect.objectContaining({ id: noticeId, kind: 'supplement', from: '2026-03-03', to: '2026-03-05' }),
    ])
    // Monday 03-09: five working days on the calendar (gross), two counted (net), the notice took three.
    const state = evaluateClock(calendar, clocks.committed, '2026-03-09')
    expect({ gross: state.gross, net: state.used, due: state.due }).toEqual({ gross: 5, net: 2, due: '2026-03-12' })
  })

  it('Art. 42: a joint step extends once by 15 working days with the head recorded; a second is 409', async () => {
    await startAt(w, START)
    const body = anAcceptance('2026-03-02', ['housing-construction', 'natural-resources'], {
      stepStatutoryLimit: { value: 45, unit: 'W' },
      stepStatutoryExtension: { value: 15, unit: 'W' },
    })
    await accept(w, body)
    const reviewer = await extendStep(
      body.applicationId,
      { approvedBy: '市长', reason: '联合办理' },
      { sub: 'r', role: 'reviewer', department: 'housing-construction' },
    )
    expect(reviewer.status).toBe(403)
    w.clock.set('2026-04-20T02:00:00Z')
    const done = await extendStep(body.applicationId, { approvedBy: '副市长 王五', reason: '需补充专家论证' })
    expect(done.status).toBe(200)
    const x = done.body.clocks.statutory.extended
    expect(x).toMatchObject({ value: 15, unit: 'W', approvedBy: '副市长 王五', reason: '需补充专家论证', by: 'sup-1' })
    expect(workingDaysAfter(x.dueBefore, x.dueAfter)).toBe(15)
    expect(evaluateClock(calendar, (await stepRow(body.applicationId)).statutory, '2026-04-20').due).toBe(x.dueAfter)
    expect((await outboxBodies(w, StepExtendedV1)).filter((e) => e.applicationId === body.applicationId)).toHaveLength(
      1,
    )
    const again = await extendStep(body.applicationId, { approvedBy: '市长', reason: '再延' })
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('APPROVAL_ALREADY_EXTENDED')
  })
})

describe("a task's clocks looked at only on their day", () => {
  const lookOf = async (taskId: string) =>
    (await w.db.pool.query<{ look_on: string }>('SELECT look_on::text FROM task WHERE id = $1', [taskId])).rows[0]
      ?.look_on
  it('are not evaluated before the day the scan stored, alert when the clock reaches it, and a change sets it back', async () => {
    await startAt(w, START)
    // Accepted Monday 03-02: committed 5 W (yellow at 4 used on Friday 03-06, due Monday 03-09), statutory 20 W
    // (yellow at 16 used, due 03-30).
    const body = anAcceptance('2026-03-02', ['housing-construction'])
    const [task] = await accept(w, body)
    if (!task) throw new Error('no task')
    const alerts = async () => ({
      warned: (await outboxBodies(w, TaskClockWarnedV1)).filter((a) => a.task.taskId === task.id).map((a) => a.clock),
      overdue: (await outboxBodies(w, TaskClockOverdueV1)).filter((a) => a.task.taskId === task.id).map((a) => a.clock),
    })
    await expect.poll(() => lookOf(task.id)).toBe('2026-03-06')

    // The committed clock changed by hand to 1 W, its day left: evaluated on 03-04, it would be yellow and overdue.
    const committedLimit = (value: number) =>
      w.db.pool.query(`UPDATE task SET state = jsonb_set(state, '{clocks,committed,limit,value}', $2) WHERE id = $1`, [
        task.id,
        String(value),
      ])
    await committedLimit(1)
    w.clock.set('2026-03-04T02:00:00Z')
    await scansPass(w, 2)
    expect(await alerts()).toEqual({ warned: [], overdue: [] })
    expect(await lookOf(task.id)).toBe('2026-03-06')
    await committedLimit(5)

    // 03-06, its day: the committed clock yellow, alerted once; its overdue day (03-10) is the next to look at.
    w.clock.set('2026-03-06T02:00:00Z')
    await expect.poll(async () => (await alerts()).warned).toEqual(['committed'])
    await expect.poll(() => lookOf(task.id)).toBe('2026-03-10')
    // 03-10: overdue, alerted once; the statutory clock has 6 of 20 used, so yellow is 10 days off at the soonest.
    w.clock.set('2026-03-10T02:00:00Z')
    await expect.poll(async () => (await alerts()).overdue).toEqual(['committed'])
    await expect.poll(() => lookOf(task.id)).toBe('2026-03-20')

    // A day far off stored by hand: a change of the task (claimed) sets it back, and the scan counts it again.
    await w.db.pool.query("UPDATE task SET look_on = '2027-06-01' WHERE id = $1", [task.id])
    expect((await act(w, task, { action: 'claim' })).status).toBe(200)
    await expect.poll(() => lookOf(task.id)).toBe('2026-03-20')
    await scansPass(w, 2)
    expect(await alerts()).toEqual({ warned: ['committed'], overdue: ['committed'] })
  })
})

describe('the whole-flow clock looked at only on its day (issue 11, fifth pass)', () => {
  const flowRow = async (projectId: string) =>
    (
      await w.db.pool.query<{ look_on: string; cap: number }>(
        "SELECT look_on::text, (state->'cap'->>'value')::int AS cap FROM flow_clock WHERE project_id = $1",
        [projectId],
      )
    ).rows[0]
  it('is not evaluated before the day the scan stored, and alerts when the clock reaches it', async () => {
    await startAt(w, START)
    // A cap of 10 W from Monday 03-02: yellow (8 of 10 used) on Thursday 03-12, due Monday 03-16.
    const body = anAcceptance('2026-03-02', ['housing-construction'], { projectCap: { value: 10, unit: 'W' } })
    await accept(w, body)
    const alerts = async () => ({
      warned: (await outboxBodies(w, FlowClockWarnedV1)).filter((a) => a.projectId === body.projectId),
      overdue: (await outboxBodies(w, FlowClockOverdueV1)).filter((a) => a.projectId === body.projectId),
    })
    // On the acceptance day nothing is used: yellow is at least 8 days away, so the scan looks again on 03-10.
    await expect.poll(async () => (await flowRow(body.projectId))?.look_on).toBe('2026-03-10')

    // The clock changed by hand to a 1 W cap, its day left: evaluated, it would be yellow and overdue on 03-05.
    await w.db.pool.query(`UPDATE flow_clock SET state = jsonb_set(state, '{cap,value}', '1') WHERE project_id = $1`, [
      body.projectId,
    ])
    w.clock.set('2026-03-05T02:00:00Z')
    await scansPass(w, 2)
    expect(await alerts()).toEqual({ warned: [], overdue: [] })
    expect((await flowRow(body.projectId))?.look_on).toBe('2026-03-10')
    await w.db.pool.query(`UPDATE flow_clock SET state = jsonb_set(state, '{cap,value}', '10') WHERE project_id = $1`, [
      body.projectId,
    ])

    // 03-10: its day; 6 of 10 used, still green, so the scan looks again two days on.
    w.clock.set('2026-03-10T02:00:00Z')
    await expect.poll(async () => (await flowRow(body.projectId))?.look_on).toBe('2026-03-12')
    expect((await alerts()).warned).toHaveLength(0)

    // 03-12: yellow, alerted once; then the due date's next day is the one left to look at.
    w.clock.set('2026-03-12T02:00:00Z')
    await expect.poll(async () => (await alerts()).warned.length).toBe(1)
    expect((await alerts()).warned[0]).toMatchObject({ dueOn: '2026-03-16', detectedOn: '2026-03-12', used: 8 })
    await expect.poll(async () => (await flowRow(body.projectId))?.look_on).toBe('2026-03-17')
    w.clock.set('2026-03-17T02:00:00Z')
    await expect.poll(async () => (await alerts()).overdue.length).toBe(1)
    expect((await alerts()).overdue[0]).toMatchObject({ dueOn: '2026-03-16', detectedOn: '2026-03-17' })
    // Both alerts out: nothing left to look for until the clock changes.
    await expect.poll(async () => (await flowRow(body.projectId))?.look_on).toBe('9999-12-31')
    await scansPass(w, 2)
    expect((await alerts()).warned).toHaveLength(1)
  })

  it('is set back to the next pass when its clock changes (its step decided)', async () => {
    await startAt(w, START)
    const body = anAcceptance('2026-03-02', ['housing-construction'], { projectCap: { value: 10, unit: 'W' } })
    const [task] = await accept(w, body)
    if (!task) throw new Error('no task')
    await expect.poll(async () => (await flowRow(body.projectId))?.look_on).toBe('2026-03-10')
    // The step decided on 03-03: the flow stops (no longer scanned), and its day is set back for the next change.
    w.clock.set('2026-03-03T02:00:00Z')
    expect((await act(w, task, { action: 'claim' })).status).toBe(200)
    expect((await act(w, task, { action: 'approve' })).status).toBe(200)
    const stopped = await w.db.pool.query('SELECT running, look_on::text FROM flow_clock WHERE project_id = $1', [
      body.projectId,
    ])
    expect(stopped.rows[0]).toEqual({ running: false, look_on: '1970-01-01' })
  })
})

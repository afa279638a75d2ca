import type { Writable } from 'node:stream'
import { ApprovalDueMovedV1, type TaskSnapshot } from '@onewindow/contracts'
import { logLines, publish2027, serviceWorld } from '@onewindow/testing'
import type { Static } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApproval, migrationsDir } from '../src/index.js'
import { accept, anAcceptance } from './helpers.js'

type Task = Static<typeof TaskSnapshot>

// A publication re-projects every open clock the service holds in one transaction. One damaged stored row (a hand
// edit, a restore from another release) must not hold it back: the calendar is stored, every other clock moves, and
// the damaged row is left as it was and named in the log. The days are calendar.int's: accepted on commitment Monday
// 14 December 2026, 20 W runs to Mon 2027-01-11 on weekdays alone and to Tue 01-12 with 元旦 published.
const START = '2026-12-14T02:00:00Z'
const TODAY = '2026-12-14'
const BEFORE = '2027-01-11'
const AFTER = '2027-01-12'

type LogLine = { msg?: string; unreadable?: { kind?: string; id?: string; reason?: string } }
const { stream, lines } = logLines<LogLine>()
const world = (log: Writable = stream) =>
  serviceWorld({
    name: 'approval',
    migrationsDir,
    start: START,
    create: (wiring) =>
      createApproval({
        ...wiring,
        scanEveryMs: 3_600_000,
        logger: { stream: log },
        logLevel: 'warn',
      }),
  })
let w: Awaited<ReturnType<typeof world>>
beforeAll(async () => {
  w = await world()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const stateOf = async (taskId: string): Promise<Task> =>
  (await w.db.pool.query<{ state: Task }>('SELECT state FROM task WHERE id = $1', [taskId])).rows[0]?.state as Task

async function onCommitment(): Promise<Task> {
  const body = anAcceptance(TODAY, ['housing-construction'])
  const rows = await accept(w, {
    ...body,
    items: body.items.map((i) => ({ ...i, onCommitment: true })),
    commitments: [{ item: 'item-1', verifyBy: BEFORE, limit: { value: 20, unit: 'W' as const } }],
  })
  await expect.poll(async () => (await stateOf(rows[0]?.id ?? '')).status).toBe('approved')
  return stateOf(rows[0]?.id ?? '')
}

describe('a published calendar beside a damaged stored row', () => {
  it('is stored and moves every other clock; the damaged task is left as it was and named in the log', async () => {
    const good = await onCommitment()
    const damaged = await onCommitment()
    const clockless = await onCommitment()
    // One task's state off its schema; another's kept clock one no calendar can count (a start before 2000).
    await w.db.pool.query(`UPDATE task SET state = jsonb_set(state, '{department}', '""') WHERE id = $1`, [
      damaged.taskId,
    ])
    await w.db.pool.query(
      `UPDATE task SET state = jsonb_set(state, '{commitment,verifyClock,start}', '"1999-12-31"') WHERE id = $1`,
      [clockless.taskId],
    )
    // A step whose statutory clock moves, and whose committed clock cannot be counted: a limit of a billion working
    // days has no due date within the supported dates. The step's clocks are read back checked, so it is named there.
    const late = anAcceptance(TODAY, ['housing-construction'], { stepLimit: { value: 20, unit: 'W' } })
    await accept(w, late)
    await w.db.pool.query(
      `UPDATE step SET clocks = jsonb_set(clocks, '{committed}',
         '{"limit": {"value": 1000000000, "unit": "W"}, "start": "2026-12-14", "suspensions": []}')
        WHERE application_id = $1`,
      [late.applicationId],
    )

    await publish2027(w, { publishedAt: START })
    expect((await stateOf(good.taskId)).commitment?.verifyBy).toBe(AFTER)
    const moves = await w.db.pool.query<{ payload: Static<typeof ApprovalDueMovedV1.schema> }>(
      'SELECT payload FROM outbox_message WHERE subject = $1',
      [ApprovalDueMovedV1.subject],
    )
    const verifyBy = moves.rows.filter((r) => r.payload.clock === 'verify-by')
    expect(verifyBy.map((r) => [r.payload.subject, r.payload.to])).toEqual([[`task:${good.taskId}`, AFTER]])
    expect((await stateOf(damaged.taskId)).commitment?.verifyBy).toBe(BEFORE)
    expect((await stateOf(clockless.taskId)).commitment?.verifyBy).toBe(BEFORE)
    // Named once each, with why; no dead letter, no redelivery (the publication is applied, once).
    const named = lines.filter((l) => l.unreadable).map((l) => [l.unreadable?.kind, l.unreadable?.id])
    // The task's stored state is checked against its schema, which bounds a clock's start: both are unreadable tasks.
    expect(named).toEqual([
      ['step clocks', late.applicationId],
      ['task', damaged.taskId],
      ['task', clockless.taskId],
    ])
    // That step keeps what it stored, and none of its moves is told.
    expect(moves.rows.map((r) => r.payload.subject)).not.toContain(`step:${late.applicationId}`)
    expect(lines.find((l) => l.unreadable?.id === clockless.taskId)?.unreadable?.reason).toContain(
      '/commitment/verifyClock/start',
    )
  })
})

// A step's due date is the earliest of its clocks' (`stepDueOn`), counted again once one of its clocks moves. A step
// whose clocks read as clocks but one of which cannot be counted — its days, with a 专家评审 suspension running to the
// end of the supported dates, reach no due date within the walk's span — still has its other clock moved by the
// re-projection (`movedDues` names the uncountable one and counts the rest each on its own); the step's own due date
// then cannot be counted: the step is left as it was, none of its moves told, and it is named as a step. The same
// days on a project's whole-flow clock (a 补正 notice open to the end of the dates) leave that flow as it was.
describe("a published calendar beside a step and a flow whose clocks' days cannot be counted", () => {
  const log = logLines<LogLine>()
  let v: Awaited<ReturnType<typeof world>>
  // A joint step's 45 W (统一办理, 行政许可法第四十二条) and the city's 20 W step limit, both from the acceptance.
  const stepClocks = {
    stepStatutoryLimit: { value: 45, unit: 'W' as const },
    stepLimit: { value: 20, unit: 'W' as const },
  }
  const projectCap = { value: 20, unit: 'W' as const }
  /** A suspension from the day after acceptance to the last supported day: more days than a clock may walk. */
  const endless = { from: '2026-12-15', to: '2099-12-31' }
  const good = anAcceptance(TODAY, ['housing-construction'], { ...stepClocks, projectCap })
  const damaged = anAcceptance(TODAY, ['housing-construction'], stepClocks)
  const noticed = anAcceptance(TODAY, ['housing-construction'], { projectCap })
  let moves: Static<typeof ApprovalDueMovedV1.schema>[]

  const stepRow = async (applicationId: string) =>
    (
      await v.db.pool.query<{ due_on: string; clocks: unknown }>(
        'SELECT due_on::text, clocks FROM step WHERE application_id = $1',
        [applicationId],
      )
    ).rows[0]
  const flowRow = async (projectId: string) =>
    (
      await v.db.pool.query<{ due_on: string; state: unknown }>(
        'SELECT due_on::text, state FROM flow_clock WHERE project_id = $1',
        [projectId],
      )
    ).rows[0]
  const named = (id: string) =>
    log.lines.filter((l) => l.unreadable?.id === id || l.unreadable?.id?.endsWith(`:${id}`)).map((l) => l.unreadable)
  let storedBefore: { step?: unknown; flow?: unknown } = {}

  beforeAll(async () => {
    v = await world(log.stream)
  })
  afterAll(async () => {
    await v?.[Symbol.asyncDispose]()
  })

  it('is stored, the damaged step and flow beside the others', async () => {
    for (const body of [good, damaged, noticed]) await accept(v, body)
    // Each step's clocks and each flow stored with the weekdays' calendar: the committed 20 W due on 01-11.
    await expect.poll(async () => (await flowRow(noticed.projectId))?.due_on).toBe(BEFORE)
    expect((await stepRow(good.applicationId))?.due_on).toBe(BEFORE)
    expect((await stepRow(damaged.applicationId))?.due_on).toBe(BEFORE)
    expect((await flowRow(good.projectId))?.due_on).toBe(BEFORE)
    // The step's committed clock and the flow's notices off what can be counted, each still read as its schema.
    await v.db.pool.query(
      `UPDATE step SET clocks = jsonb_set(clocks, '{committed,suspensions}', $2::jsonb) WHERE application_id = $1`,
      [damaged.applicationId, JSON.stringify([{ kind: 'expert-review', ...endless }])],
    )
    await v.db.pool.query(
      `UPDATE flow_clock SET state = jsonb_set(state, '{notices}', $2::jsonb) WHERE project_id = $1`,
      [noticed.projectId, JSON.stringify([{ id: 'notice-1', ...endless }])],
    )
    storedBefore = { step: await stepRow(damaged.applicationId), flow: await flowRow(noticed.projectId) }

    await publish2027(v, { publishedAt: START })
    moves = (
      await v.db.pool.query<{ payload: Static<typeof ApprovalDueMovedV1.schema> }>(
        'SELECT payload FROM outbox_message WHERE subject = $1 ORDER BY position',
        [ApprovalDueMovedV1.subject],
      )
    ).rows.map((r) => r.payload)
  })

  it('moves the other step; the step whose due date cannot be counted is left as it was, untold, named once as a step', async () => {
    // The good step's clocks both move, and its due date, the earlier of theirs, follows the committed one.
    expect((await stepRow(good.applicationId))?.due_on).toBe(AFTER)
    const goodMoves = moves.filter((m) => m.subject === `step:${good.applicationId}`)
    expect(goodMoves.map((m) => m.clock).sort()).toEqual(['committed', 'statutory'])
    expect(goodMoves.find((m) => m.clock === 'committed')).toMatchObject({
      from: BEFORE,
      to: AFTER,
      subjectDueOn: AFTER,
    })
    // The damaged step's statutory clock moved, but the step's due date counts its committed clock too: left as it
    // was, its due date and its clocks, and none of its moves told.
    expect(await stepRow(damaged.applicationId)).toEqual(storedBefore.step)
    expect(moves.map((m) => m.subject)).not.toContain(`step:${damaged.applicationId}`)
    // Named once as a step, by its id, with why; its committed clock, which no count reaches, once as that clock.
    const step = named(damaged.applicationId).filter((u) => u?.kind === 'step')
    expect(step).toEqual([
      { kind: 'step', id: damaged.applicationId, reason: expect.stringContaining('no due date within') },
    ])
    expect(named(damaged.applicationId).map((u) => [u?.kind, u?.id])).toEqual([
      ['committed clock', `step:${damaged.applicationId}`],
      ['step', damaged.applicationId],
    ])
  })

  it('moves the other flow clock; the flow whose days cannot be counted is left as it was, untold, named once', async () => {
    expect((await flowRow(good.projectId))?.due_on).toBe(AFTER)
    expect(moves.filter((m) => m.subject === `project:${good.projectId}`)).toEqual([
      expect.objectContaining({ clock: 'whole-flow', from: BEFORE, to: AFTER, subjectDueOn: AFTER }),
    ])
    expect(await flowRow(noticed.projectId)).toEqual(storedBefore.flow)
    expect(moves.map((m) => m.subject)).not.toContain(`project:${noticed.projectId}`)
    expect(named(noticed.projectId)).toEqual([
      {
        kind: 'whole-flow clock',
        id: `project:${noticed.projectId}`,
        reason: expect.stringContaining('no due date within'),
      },
    ])
  })

  it("names the task's version each of its moves was computed on; a step and a flow clock, which have none, name none", async () => {
    const tasks = (
      await v.db.pool.query<{ id: string; version: number }>(
        'SELECT id::text, version FROM task WHERE application_id = $1',
        [good.applicationId],
      )
    ).rows
    const versionOf = new Map(tasks.map((t) => [`task:${t.id}`, t.version]))
    const taskMoves = moves.filter((m) => versionOf.has(m.subject))
    expect(taskMoves.length).toBeGreaterThan(0)
    // Kept: the move gives the task no new version, so the gateway sets its day on no newer snapshot.
    for (const m of taskMoves) expect(m.subjectVersion, m.clock).toBe(versionOf.get(m.subject))
    const others = moves.filter((m) => m.subject.startsWith('step:') || m.subject.startsWith('project:'))
    expect(others.length).toBeGreaterThan(0)
    for (const m of others) expect(m, m.subject).not.toHaveProperty('subjectVersion')
  })
})

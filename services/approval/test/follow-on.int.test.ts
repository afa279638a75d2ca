import { type FollowOnItem, StepDecidedV1, StepTasksAssignedV1 } from '@onewindow/contracts'
import { logLines, publishAsRelay, serviceWorld } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { onStepDecided } from '../src/consumers/on-step-decided.js'
import { itemOnlyFollowOnId } from '../src/domain/follow-on.js'
import { createApproval, migrationsDir } from '../src/index.js'
import { accept, act, anAcceptance, approvalWorld, call, outboxBodies, reviewerOf, type World } from './helpers.js'

// 后续事项 (Shanwei, simple low-risk projects): once the engineering planning permit is approved its data goes to public
// security, which issues the house number with no application (seeds/004_33317a5f04b53a73.txt:1814); the construction
// permit goes to the drainage authority instead of a temporary drainage permit (004:1806).
const TODAY = '2026-12-01'

const HOUSE_NUMBER: FollowOnItem = {
  after: 'engineering-planning-permit',
  afterName: '建设工程规划类许可证核发',
  item: 'house-number-allocation',
  itemName: '门牌号码核准发放',
  department: 'public-security',
  departmentName: '汕尾市公安局',
  source: 'seeds/004_33317a5f04b53a73.txt:1814',
}
const DRAINAGE: FollowOnItem = {
  after: 'construction-permit',
  item: 'drainage-construction-notice',
  department: 'water',
  source: 'seeds/004_33317a5f04b53a73.txt:1806',
  forInformation: true,
}

/** The six-item bundle's two permits, with the follow-ons the Shanwei catalogue pins on their acceptance. */
const bundle = () => {
  const body = anAcceptance(TODAY, ['natural-resources', 'housing-construction'], {
    step: 'six-item-bundle',
    followOns: [HOUSE_NUMBER, DRAINAGE],
  })
  const [planning, construction] = body.items
  if (!planning || !construction) throw new Error('fixture changed')
  planning.item = 'engineering-planning-permit'
  construction.item = 'construction-permit'
  return body
}

type Row = { id: string; application_id: string; item: string; department: string; status: string }
const followOnTasks = async (w: World, projectId: string, item: string) =>
  (
    await w.db.pool.query<Row>(
      'SELECT id::text, application_id::text, item, department, status FROM task WHERE project_id = $1 AND item = $2',
      [projectId, item],
    )
  ).rows

const heardFollowOns = async (w: World) =>
  Number(
    (
      await w.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM inbox_message WHERE consumer = 'approval-follow-ons'`,
      )
    ).rows[0]?.n,
  )

describe('后续事项: an approved permit opens its follow-on for the next department, with no application', () => {
  let w: World
  beforeAll(async () => {
    w = await approvalWorld(`${TODAY}T01:00:00Z`)
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  it('opens the house number for public security once the planning permit is approved, once however often the decision comes', async () => {
    const body = bundle()
    const tasks = await accept(w, body)
    const planning = tasks.find((t) => t.department === 'natural-resources')
    const construction = tasks.find((t) => t.department === 'housing-construction')
    if (!planning || !construction) throw new Error('no tasks opened')
    for (const t of [planning, construction]) {
      expect((await act(w, t, { action: 'claim' })).status).toBe(200)
    }
    // Nothing follows before the step is decided.
    expect((await act(w, planning, { action: 'approve' })).status).toBe(200)
    expect(await followOnTasks(w, body.projectId, HOUSE_NUMBER.item)).toEqual([])
    expect((await act(w, construction, { action: 'approve' })).status).toBe(200)

    await expect.poll(async () => (await followOnTasks(w, body.projectId, HOUSE_NUMBER.item)).length).toBe(1)
    await expect.poll(async () => (await followOnTasks(w, body.projectId, DRAINAGE.item)).length).toBe(1)
    const [numbers] = await followOnTasks(w, body.projectId, HOUSE_NUMBER.item)
    if (!numbers) throw new Error('no follow-on')
    expect(numbers).toMatchObject({ department: 'public-security', status: 'assigned' })
    expect(numbers.application_id).not.toBe(body.applicationId)

    // The decision delivered again, under new event ids (past the inbox): nothing more opens, nothing more is published.
    const [decided] = (await outboxBodies(w, StepDecidedV1)).filter((e) => e.applicationId === body.applicationId)
    if (!decided) throw new Error('the step was not decided')
    const assignedOnce = (await outboxBodies(w, StepTasksAssignedV1)).length
    for (let i = 0; i < 2; i++) {
      await publishAsRelay(w.nc, w.topology, StepDecidedV1, decided, {
        aggregate: body.applicationId,
        source: 'approval',
      })
    }
    await expect
      .poll(async () =>
        Number(
          (
            await w.db.pool.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM inbox_message WHERE consumer = 'approval-follow-ons'`,
            )
          ).rows[0]?.n,
        ),
      )
      .toBeGreaterThanOrEqual(3)
    expect(await followOnTasks(w, body.projectId, HOUSE_NUMBER.item)).toHaveLength(1)
    expect(await followOnTasks(w, body.projectId, DRAINAGE.item)).toHaveLength(1)
    expect((await outboxBodies(w, StepTasksAssignedV1)).length).toBe(assignedOnce)

    // Public security's reviewer has it, named as the planning permit's follow-on; it asks nothing of the owner.
    const assigned = (await outboxBodies(w, StepTasksAssignedV1)).find((e) => e.tasks[0]?.taskId === numbers.id)
    expect(assigned?.tasks).toHaveLength(1)
    expect(assigned?.tasks[0]).toMatchObject({
      projectId: body.projectId,
      item: 'house-number-allocation',
      itemName: '门牌号码核准发放',
      department: 'public-security',
      departmentName: '汕尾市公安局',
      status: 'assigned',
      nationalCode: 3,
      followOnOf: {
        applicationId: body.applicationId,
        taskId: planning.id,
        item: 'engineering-planning-permit',
        itemName: '建设工程规划类许可证核发',
        source: 'seeds/004_33317a5f04b53a73.txt:1814',
      },
    })
    // Neither seed line gives a limit: the follow-on runs no clock.
    expect(assigned?.tasks[0]?.clocks).toEqual({})
    expect(assigned?.tasks[0]).not.toHaveProperty('step')
    const seen = await call(w, 'GET', `/tasks/${numbers.id}`, reviewerOf('public-security'))
    expect(seen.status).toBe(200)
    // Public security issues the number: the follow-on's decision says what it follows, so no reader takes it for an
    // application of the owner's.
    const task = { id: numbers.id, department: 'public-security' }
    expect((await act(w, task, { action: 'claim' })).status).toBe(200)
    // No application, so nothing to ask of the owner and no application time limit to stop: 422, nothing changed.
    for (const pause of [
      { action: 'supplement', materials: ['site-plan'], reason: '请补充门牌朝向说明' },
      { action: 'special-procedure-start', kind: 'expert-review', legalBasis: '行政许可法第四十五条' },
    ]) {
      const refused = await act(w, task, pause)
      expect(refused.status).toBe(422)
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(refused.body).toMatchObject({
        code: 'APPROVAL_FOLLOW_ON_NO_APPLICATION',
        action: pause.action,
        errors: [{ field: '/body/action' }],
      })
    }
    expect((await followOnTasks(w, body.projectId, HOUSE_NUMBER.item))[0]?.status).toBe('claimed')
    expect((await act(w, task, { action: 'approve' })).status).toBe(200)
    const done = (await outboxBodies(w, StepDecidedV1)).find((e) => e.applicationId === numbers.application_id)
    expect(done).toMatchObject({
      outcome: 'approved',
      followOnOf: { applicationId: body.applicationId, item: 'engineering-planning-permit' },
      tasks: [{ item: 'house-number-allocation', department: 'public-security', outcome: 'approved' }],
    })
    expect(seen.body.task).toMatchObject({
      department: 'public-security',
      followOnOf: { item: 'engineering-planning-permit' },
    })
  })

  it('has the drainage authority receive the construction permit’s data (信息推送), never refuse it', async () => {
    const body = bundle()
    const tasks = await accept(w, body)
    for (const t of tasks) expect((await act(w, t, { action: 'claim' })).status).toBe(200)
    for (const t of tasks) expect((await act(w, t, { action: 'approve' })).status).toBe(200)
    await expect.poll(async () => (await followOnTasks(w, body.projectId, DRAINAGE.item)).length).toBe(1)
    const [row] = await followOnTasks(w, body.projectId, DRAINAGE.item)
    if (!row) throw new Error('no follow-on')
    const notice = { id: row.id, department: 'water' }
    const seen = await call(w, 'GET', `/tasks/${notice.id}`, reviewerOf('water'))
    expect(seen.body.task.followOnOf).toMatchObject({ item: 'construction-permit', forInformation: true })

    expect((await act(w, notice, { action: 'claim' })).status).toBe(200)
    const refused = await act(w, notice, { action: 'reject', reason: '不同意' })
    expect(refused.status).toBe(422)
    expect(refused.body).toMatchObject({
      code: 'APPROVAL_FOLLOW_ON_FOR_INFORMATION',
      errors: [{ field: '/body/action' }],
    })
    expect((await followOnTasks(w, body.projectId, DRAINAGE.item))[0]?.status).toBe('claimed')
    // Received: the one way it ends. Public security's 门牌 is decided, so it may be refused (不予核准).
    expect((await act(w, notice, { action: 'approve' })).status).toBe(200)
    const [numbers] = await followOnTasks(w, body.projectId, HOUSE_NUMBER.item)
    if (!numbers) throw new Error('no follow-on')
    const police = { id: numbers.id, department: 'public-security' }
    expect((await act(w, police, { action: 'claim' })).status).toBe(200)
    expect((await act(w, police, { action: 'reject', reason: '所朝向的街路巷尚未命名' })).status).toBe(200)
  })

  it('names the building or phase of the permit it follows: 1号楼’s permit tells the drainage authority of 1号楼', async () => {
    const building = { ...bundle(), part: '1号楼' }
    const phase = { code: 'foundation-pit', name: '基坑围护', number: 1, count: 4 }
    const phased = { ...bundle(), phase }
    for (const body of [building, phased]) {
      const tasks = await accept(w, body)
      for (const t of tasks) expect((await act(w, t, { action: 'claim' })).status).toBe(200)
      for (const t of tasks) expect((await act(w, t, { action: 'approve' })).status).toBe(200)
      await expect.poll(async () => (await followOnTasks(w, body.projectId, DRAINAGE.item)).length).toBe(1)
    }
    const assignedOf = async (projectId: string) => {
      const [row] = await followOnTasks(w, projectId, DRAINAGE.item)
      return (await outboxBodies(w, StepTasksAssignedV1)).find((e) => e.tasks[0]?.taskId === row?.id)?.tasks[0]
    }
    const forBuilding = await assignedOf(building.projectId)
    expect(forBuilding).toMatchObject({ part: '1号楼', followOnOf: { applicationId: building.applicationId } })
    expect(forBuilding).not.toHaveProperty('phase')
    const forPhase = await assignedOf(phased.projectId)
    expect(forPhase).toMatchObject({ phase, followOnOf: { applicationId: phased.applicationId } })
    expect(forPhase).not.toHaveProperty('part')
    // Its decision names them too, as every task's does (the gateway's timeline, acceptance's record by item).
    const [row] = await followOnTasks(w, building.projectId, DRAINAGE.item)
    if (!row) throw new Error('no follow-on')
    const notice = { id: row.id, department: 'water' }
    expect((await act(w, notice, { action: 'claim' })).status).toBe(200)
    expect((await act(w, notice, { action: 'approve' })).status).toBe(200)
    const done = (await outboxBodies(w, StepDecidedV1)).find((e) => e.applicationId === row.application_id)
    expect(done).toMatchObject({ part: '1号楼', followOnOf: { item: 'construction-permit' } })
  })

  it('opens one item followed up by two departments as two follow-ons', async () => {
    // Two departments told of one permit by the same item (a region's catalogue naming both): each has its own task.
    const body = bundle()
    body.followOns = [HOUSE_NUMBER, { ...HOUSE_NUMBER, department: 'civil-affairs', departmentName: '汕尾市民政局' }]
    const tasks = await accept(w, body)
    for (const t of tasks) expect((await act(w, t, { action: 'claim' })).status).toBe(200)
    for (const t of tasks) expect((await act(w, t, { action: 'approve' })).status).toBe(200)
    await expect
      .poll(async () => (await followOnTasks(w, body.projectId, HOUSE_NUMBER.item)).map((r) => r.department).sort())
      .toEqual(['civil-affairs', 'public-security'])
    const ids = (await followOnTasks(w, body.projectId, HOUSE_NUMBER.item)).map((r) => r.application_id)
    expect(new Set(ids).size).toBe(2)
  })

  it('keeps a follow-on opened on the id of application and item alone: a decision delivered again opens no other', async () => {
    const body = bundle()
    const tasks = await accept(w, body)
    for (const t of tasks) expect((await act(w, t, { action: 'claim' })).status).toBe(200)
    for (const t of tasks) expect((await act(w, t, { action: 'approve' })).status).toBe(200)
    await expect.poll(async () => (await followOnTasks(w, body.projectId, HOUSE_NUMBER.item)).length).toBe(1)
    await expect.poll(async () => (await followOnTasks(w, body.projectId, DRAINAGE.item)).length).toBe(1)
    // As an earlier release stored it: the follow-on's step and task on the id of the application and item alone.
    const [row] = await followOnTasks(w, body.projectId, HOUSE_NUMBER.item)
    if (!row) throw new Error('no follow-on')
    const earlier = itemOnlyFollowOnId(body.applicationId, HOUSE_NUMBER.item)
    await w.db.pool.query('UPDATE step SET application_id = $2 WHERE application_id = $1', [
      row.application_id,
      earlier,
    ])
    await w.db.pool.query(
      `UPDATE task SET application_id = $2::uuid, state = jsonb_set(state, '{applicationId}', to_jsonb($2::text))
        WHERE application_id = $1::uuid`,
      [row.application_id, earlier],
    )
    const [decided] = (await outboxBodies(w, StepDecidedV1)).filter((e) => e.applicationId === body.applicationId)
    if (!decided) throw new Error('the step was not decided')
    const heardBefore = await heardFollowOns(w)
    await publishAsRelay(w.nc, w.topology, StepDecidedV1, decided, {
      aggregate: body.applicationId,
      source: 'approval',
    })
    await expect.poll(() => heardFollowOns(w)).toBeGreaterThan(heardBefore)
    expect((await followOnTasks(w, body.projectId, HOUSE_NUMBER.item)).map((r) => r.application_id)).toEqual([earlier])
    expect(await followOnTasks(w, body.projectId, DRAINAGE.item)).toHaveLength(1)
  })

  it('opens only what the acceptance pinned: the house number withheld on the facts stated is not opened (004:1814)', async () => {
    // The owner stated the facing street not named: intake pinned the drainage notice alone and said why it left the
    // house number out; approval reads the pinned list, and nothing is shared with public security.
    const body = {
      ...bundle(),
      followOns: [DRAINAGE],
      withheldFollowOns: [
        {
          ...HOUSE_NUMBER,
          unmet: [{ rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', stated: true }],
        },
      ],
    }
    const tasks = await accept(w, body)
    for (const t of tasks) expect((await act(w, t, { action: 'claim' })).status).toBe(200)
    for (const t of tasks) expect((await act(w, t, { action: 'approve' })).status).toBe(200)
    await expect.poll(async () => (await followOnTasks(w, body.projectId, DRAINAGE.item)).length).toBe(1)
    expect(await followOnTasks(w, body.projectId, HOUSE_NUMBER.item)).toEqual([])
  })

  it('opens nothing when the step is rejected, or when the acceptance pinned no follow-on', async () => {
    const rejected = bundle()
    const [a, b] = await accept(w, rejected)
    if (!a || !b) throw new Error('no tasks opened')
    for (const t of [a, b]) expect((await act(w, t, { action: 'claim' })).status).toBe(200)
    expect((await act(w, a, { action: 'reject', reason: '不符合规划条件' })).status).toBe(200)

    const plain = anAcceptance(TODAY, ['natural-resources'], { step: 'six-item-bundle' })
    const [only] = await accept(w, plain)
    if (!only) throw new Error('no task opened')
    expect((await act(w, only, { action: 'claim' })).status).toBe(200)
    expect((await act(w, only, { action: 'approve' })).status).toBe(200)

    // Both decisions heard by the follow-on consumer, and nothing opened for either project.
    await expect
      .poll(async () =>
        Number(
          (
            await w.db.pool.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM inbox_message WHERE consumer = 'approval-follow-ons'`,
            )
          ).rows[0]?.n,
        ),
      )
      .toBeGreaterThanOrEqual(5)
    for (const projectId of [rejected.projectId, plain.projectId]) {
      const { rows } = await w.db.pool.query('SELECT 1 FROM task WHERE project_id = $1 AND item = ANY($2)', [
        projectId,
        [HOUSE_NUMBER.item, DRAINAGE.item],
      ])
      expect(rows).toEqual([])
    }
  })
})

type LogLine = { msg?: string; unreadable?: { kind?: string; id?: string; reason?: string } }

describe('后续事项 kept on a damaged step row', () => {
  const { stream, lines } = logLines<LogLine>()
  let w: World
  beforeAll(async () => {
    w = await serviceWorld({
      name: 'approval',
      migrationsDir,
      start: `${TODAY}T01:00:00Z`,
      create: (wiring) => createApproval({ ...wiring, scanEveryMs: 20, logger: { stream }, logLevel: 'warn' }),
    })
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  /** The bundle accepted, its stored follow-ons damaged by `damage` (SQL on `follow_ons`), then both permits approved. */
  const approvedAfter = async (damage: string) => {
    const body = bundle()
    const tasks = await accept(w, body)
    await w.db.pool.query(`UPDATE step SET follow_ons = ${damage} WHERE application_id = $1`, [body.applicationId])
    for (const t of tasks) expect((await act(w, t, { action: 'claim' })).status).toBe(200)
    for (const t of tasks) expect((await act(w, t, { action: 'approve' })).status).toBe(200)
    return body
  }
  const heard = async (applicationId: string) =>
    (
      await w.db.pool.query(
        `SELECT 1 FROM inbox_message i JOIN outbox_message o ON o.id = i.event_id
          WHERE i.consumer = 'approval-follow-ons' AND o.payload->>'applicationId' = $1`,
        [applicationId],
      )
    ).rowCount

  it('names the follow-on that does not read and opens the others; the step stays approved', async () => {
    // The house number's follow-on made null (a hand edit): the drainage notice still reads.
    const body = await approvedAfter(`jsonb_set(follow_ons, '{items,0}', 'null')`)
    await expect.poll(async () => (await followOnTasks(w, body.projectId, DRAINAGE.item)).length).toBe(1)
    expect(await followOnTasks(w, body.projectId, HOUSE_NUMBER.item)).toEqual([])
    await expect
      .poll(() => lines.find((l) => l.unreadable?.id === body.applicationId)?.unreadable)
      .toMatchObject({ kind: 'step follow-ons', reason: expect.stringMatching(/^\/items\/0 /) })
    // Handled, not dead-lettered: the consumer's inbox has the decision.
    await expect.poll(() => heard(body.applicationId)).toBe(1)
    const decided = (await outboxBodies(w, StepDecidedV1)).find((e) => e.applicationId === body.applicationId)
    expect(decided?.outcome).toBe('approved')
  })

  it('reports a follow-on it cannot open even when the consumer is given no log of its own', async () => {
    const body = await approvedAfter(`jsonb_set(follow_ons, '{items,0}', 'null')`)
    await expect.poll(() => heard(body.applicationId)).toBe(1)
    const decided = (await outboxBodies(w, StepDecidedV1)).find((e) => e.applicationId === body.applicationId)
    if (!decided) throw new Error('the step was not decided')
    // The handler as a worker without a log runs it (no `log` in its context): the report still reaches an operator.
    const reported: Array<{ obj: object; msg: string }> = []
    const { commands } = w.app.deps
    const consumer = onStepDecided(commands.calendar, { error: (obj, msg) => reported.push({ obj, msg }) })
    await commands.transaction((tx) =>
      consumer.handle({
        event: decided,
        eventId: uuidv7(),
        headers: {},
        tx,
        now: w.clock.now(),
        outbox: commands.outbox,
      }),
    )
    expect(reported).toEqual([
      {
        obj: expect.objectContaining({
          unreadable: expect.objectContaining({ kind: 'step follow-ons', id: body.applicationId }),
        }),
        msg: expect.stringContaining('its follow-on is not opened'),
      },
    ])
  })

  it('names the step whose follow-ons do not read at all and opens none of them', async () => {
    const body = await approvedAfter(`'{"items": "not a list"}'::jsonb`)
    await expect
      .poll(() => lines.find((l) => l.unreadable?.id === body.applicationId)?.unreadable)
      .toMatchObject({ kind: 'step follow-ons' })
    await expect.poll(() => heard(body.applicationId)).toBe(1)
    for (const item of [HOUSE_NUMBER.item, DRAINAGE.item]) {
      expect(await followOnTasks(w, body.projectId, item)).toEqual([])
    }
  })
})

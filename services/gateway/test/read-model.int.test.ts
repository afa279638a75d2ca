import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { jetstreamManager } from '@nats-io/jetstream'
import {
  ApplicationAcceptedV1,
  CertificateReleasedV1,
  DeficiencyCuredV1,
  ProjectRegisteredV1,
  StepDecidedV1,
  SupplementNoticeIssuedV1,
  TaskAssignedV1,
  TaskClaimedV1,
  TaskClockOverdueV1,
  TaskClockWarnedV1,
  TaskDecidedV1,
  TaskSupervisedV1,
} from '@onewindow/contracts'
import { deadLetterSubject } from '@onewindow/messaging'
import { schemaDifferences } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { migrationsDir, mintToken, prismaSchemaDir, READ_MODEL } from '../src/index.js'
import { applicationAccepted, notice, owners, projectRegistered, stepDecided, task, warned } from './events.js'
import { type GatewayWorld, gatewayWorld, SECRET, START } from './world.js'

let w: GatewayWorld
beforeAll(async () => {
  w = await gatewayWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})
beforeEach(() => {
  w.clock.set(START)
})

const supervisor = () => w.token({ role: 'supervisor' })
// biome-ignore lint/suspicious/noExplicitAny: status bodies are read loosely
const statusOf = async (projectId: string): Promise<any> => {
  const res = await w.api('GET', `/api/v1/projects/${projectId}/status`, supervisor())
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body
}
// biome-ignore lint/suspicious/noExplicitAny: status bodies are read loosely
const statusWhen = async (projectId: string, check: (s: any) => boolean) => {
  // biome-ignore lint/suspicious/noExplicitAny: status bodies are read loosely
  let last: any
  await expect
    .poll(async () => {
      const res = await w.api('GET', `/api/v1/projects/${projectId}/status`, supervisor())
      last = res.body
      return res.status === 200 && check(last)
    })
    .toBe(true)
  return last
}

/** The task as approval publishes it once approved on 2026-03-04. */
const decidedTask = (t: ReturnType<typeof task>) => ({
  ...t,
  status: 'approved' as const,
  nationalCode: 12,
  version: 2,
  decision: { outcome: 'approved' as const, decidedAt: '2026-03-04T02:00:00Z' },
  updatedAt: '2026-03-04T02:00:00Z',
})

/** A project with one accepted application and one task of `department`, all projected. */
async function projectWithTask(department = 'housing-construction', over: Parameters<typeof task>[2] = {}) {
  const project = projectRegistered()
  const application = applicationAccepted(project.projectId)
  const t = task(project.projectId, application.applicationId, { department, ...over })
  await w.publish(ProjectRegisteredV1, project)
  await w.publish(ApplicationAcceptedV1, application)
  await w.publish(TaskAssignedV1, { task: t })
  await statusWhen(project.projectId, (s) => s.tasks.length === 1 && s.applications.length === 1)
  return { project, application, task: t }
}

describe('read model from events', () => {
  it('keeps the newest task snapshot whatever order the events arrive in', async () => {
    const project = projectRegistered()
    await w.publish(ProjectRegisteredV1, project)
    const assigned = task(project.projectId, '01890000-0000-7000-8000-00000000aaaa')
    const claimed = {
      ...assigned,
      status: 'claimed' as const,
      nationalCode: 8,
      version: 2,
      claimedBy: 'reviewer:r1',
      updatedAt: '2026-03-02T02:00:00Z',
    }
    // The newer one first: the older must not overwrite it.
    await w.publish(TaskClaimedV1, { task: claimed, actor: 'reviewer:r1' })
    await w.publish(TaskAssignedV1, { task: assigned })
    const s = await statusWhen(
      project.projectId,
      (x) => x.timeline.filter((e: { type: string }) => e.type.startsWith('task.')).length === 2,
    )
    expect(s.tasks).toHaveLength(1)
    expect(s.tasks[0]).toMatchObject({ status: 'claimed', version: 2, nationalCode: 8, nationalName: '部门开始办理' })
    expect(s.timeline.map((e: { type: string }) => e.type)).toEqual([
      'project.registered',
      'task.assigned',
      'task.claimed',
    ])
    expect(s.timeline.find((e: { type: string }) => e.type === 'task.claimed').actor).toBe('reviewer:r1')
  })

  it('evaluates task clocks with the injected clock: green, yellow at 80 %, red past due', async () => {
    const { project, task: t } = await projectWithTask()
    const committed = async () => (await statusOf(project.projectId)).tasks[0].clocks.committed
    expect(await committed()).toMatchObject({ due: '2026-03-06', used: 0, remaining: 4, level: 'green' })
    w.clock.set('2026-03-05T02:00:00Z')
    expect(await committed()).toMatchObject({ used: 3, remaining: 1, level: 'green' })
    w.clock.set('2026-03-06T02:00:00Z')
    expect(await committed()).toMatchObject({ used: 4, level: 'yellow' })
    w.clock.set('2026-03-10T02:00:00Z')
    const red = await committed()
    expect(red).toMatchObject({ level: 'red', overdue: true, overdueBy: 2, evaluatedOn: '2026-03-10' })
    expect(red.explanation).toMatch(/4 W from 2026-03-02/)
    const statutory = (await statusOf(project.projectId)).tasks[0].clocks.statutory
    expect(statutory).toMatchObject({ limit: { value: 20, unit: 'W' }, level: 'green' })

    // Decided on Wednesday: read on the decision day ever after, so it stays green.
    await w.publish(TaskDecidedV1, {
      task: {
        ...t,
        status: 'approved',
        nationalCode: 11,
        version: 3,
        decision: { outcome: 'approved', decidedAt: '2026-03-04T03:00:00Z', decidedBy: 'reviewer:r1' },
        updatedAt: '2026-03-04T03:00:00Z',
      },
    })
    const decided = await statusWhen(project.projectId, (s) => s.tasks[0].status === 'approved')
    expect(decided.tasks[0].clocks.committed).toMatchObject({ level: 'green', used: 2, evaluatedOn: '2026-03-04' })
    expect(decided.tasks[0].nationalName).toBe('办结（通过）')
  })

  it('shows applications with 容缺, notices, the step decision, the certificate, alerts and one timeline', async () => {
    const project = projectRegistered()
    const application = applicationAccepted(project.projectId, {
      withDeficiencies: true,
      deficiencies: [{ material: 'construction-contract', name: '施工合同', promisedOn: '2026-03-20' }],
    })
    const t = task(project.projectId, application.applicationId)
    await w.publish(ProjectRegisteredV1, project)
    await w.publish(ApplicationAcceptedV1, application)
    await w.publish(TaskAssignedV1, { task: t })
    const n = notice(t)
    await w.publish(SupplementNoticeIssuedV1, n)
    await w.publish(TaskClockWarnedV1, warned(t))
    await w.publish(TaskClockOverdueV1, warned(t, { detectedAt: '2026-03-09T01:00:00Z', detectedOn: '2026-03-09' }))
    const waiting = await statusWhen(project.projectId, (x) => x.timeline.length === 6)
    expect(waiting.applications[0]).toMatchObject({ decision: null, certificate: 'pending' })
    expect(waiting.tasks[0].status).toBe('assigned')
    // In stream order, as approval publishes them: the last task decision, then the step decision.
    await w.publish(TaskDecidedV1, { task: decidedTask(t) })
    await w.publish(StepDecidedV1, stepDecided(t))
    const s = await statusWhen(project.projectId, (x) => x.timeline.length === 8)
    expect(s.tasks[0]).toMatchObject({ status: 'approved', nationalCode: 12 })
    const app = s.applications[0]
    expect(app).toMatchObject({
      applicationId: application.applicationId,
      outcome: 'accepted-with-deficiencies',
      receiptNumber: '441500-20260302-0001',
      decision: { outcome: 'approved', decidedOn: '2026-03-04' },
      // Approved while a material is owed: withheld until it is cured.
      certificate: 'withheld',
      deficiencies: [{ material: 'construction-contract', cured: false, promisedOn: '2026-03-20' }],
    })
    expect(app.notices).toEqual([expect.objectContaining({ noticeId: n.noticeId, status: 'open', version: 1 })])
    expect(s.alerts.map((a: { kind: string }) => a.kind)).toEqual(['warned', 'overdue'])
    expect(s.alerts[0]).toMatchObject({ taskId: t.taskId, clock: 'committed', dueOn: '2026-03-06' })
    expect(s.flow.map((f: { state: string }) => f.state)).toEqual(['approved', 'not-started'])
    expect(s.currentStep).toBe('joint-acceptance')
    const times = s.timeline.map((e: { occurredAt: string }) => e.occurredAt)
    expect(times).toEqual([...times].sort())
    expect(s.timeline.filter((e: { type: string }) => e.type === 'step.decided')).toHaveLength(1)

    // A newer notice version replaces the older; the cure and the release complete the application.
    await w.publish(SupplementNoticeIssuedV1, {
      ...n,
      version: 2,
      status: 'answered',
      answeredAt: '2026-03-05T02:00:00Z',
    })
    await statusWhen(project.projectId, (x) => x.applications[0].notices[0].version === 2)
    // In stream order, as intake publishes them: the cure, then the release.
    await w.publish(DeficiencyCuredV1, {
      applicationId: application.applicationId,
      projectId: project.projectId,
      material: 'construction-contract',
      curedAt: '2026-03-10T02:00:00Z',
      curedOn: '2026-03-10',
      remaining: 0,
    })
    await w.publish(CertificateReleasedV1, {
      applicationId: application.applicationId,
      projectId: project.projectId,
      step: 'six-item-bundle',
      releasedAt: '2026-03-10T02:00:01Z',
    })
    const done = await statusWhen(project.projectId, (x) => x.timeline.length === 11)
    expect(done.applications[0]).toMatchObject({
      certificate: 'released',
      deficiencies: [{ cured: true, curedOn: '2026-03-10' }],
    })
    expect(done.applications[0].notices).toEqual([expect.objectContaining({ status: 'answered', version: 2 })])
  })

  it("keeps a decision's outcome on its timeline entry from the event, not from the summary's words", async () => {
    // An item whose name reads like a decision: its summary says `…复核: rejected: approved`.
    const { project, task: t } = await projectWithTask('housing-construction', { itemName: '复核: rejected' })
    await w.publish(TaskDecidedV1, { task: { ...decidedTask(t), version: 3 } })
    const s = await statusWhen(project.projectId, (x) => x.tasks[0].status === 'approved')
    const entry = s.timeline.find((e: { type: string }) => e.type === 'task.decided')
    expect(entry.summary).toContain('复核: rejected: approved')
    expect(entry.outcome).toBe('approved')
    const stored = await w.db.pool.query('SELECT outcome FROM timeline_entry WHERE event_id = $1', [entry.eventId])
    expect(stored.rows).toEqual([{ outcome: 'approved' }])

    // An entry stored before the column was there gets its outcome from its summary once, by the migration, as the
    // status used to read it on every request.
    const backfill = readFileSync(join(migrationsDir, '20261208400100_timeline_outcome', 'migration.sql'), 'utf8')
    const update = /^UPDATE "timeline_entry"[^;]*;/m.exec(backfill)?.[0] ?? 'no UPDATE in the migration'
    await w.db.pool.query(
      `UPDATE timeline_entry SET outcome = NULL, summary = '住房城乡建设局 — 施工许可: rejected: 不符合' WHERE event_id = $1`,
      [entry.eventId],
    )
    await w.db.pool.query(update)
    const old = await w.db.pool.query('SELECT outcome FROM timeline_entry WHERE event_id = $1', [entry.eventId])
    expect(old.rows).toEqual([{ outcome: 'rejected' }])
  })

  it("keeps a closed 补正 notice's state on its timeline entry, and fills the entries stored before from their summary", async () => {
    const { project, task: t } = await projectWithTask()
    const n = notice(t)
    await w.publish(SupplementNoticeIssuedV1, n)
    await w.publish(SupplementNoticeIssuedV1, {
      ...n,
      version: 2,
      status: 'answered',
      answeredAt: '2026-03-05T02:00:00Z',
    })
    const s = await statusWhen(project.projectId, (x) => x.applications[0].notices[0]?.version === 2)
    const entries = s.timeline.filter((e: { type: string }) => e.type === 'supplement-notice.issued')
    expect(entries.map((e: { outcome?: string }) => e.outcome ?? null)).toEqual([null, 'answered'])

    const backfill = readFileSync(join(migrationsDir, '20261209600000_timeline_notice_state', 'migration.sql'), 'utf8')
    const update = /^UPDATE "timeline_entry"[^;]*;/m.exec(backfill)?.[0] ?? 'no UPDATE in the migration'
    const ids = entries.map((e: { eventId: string }) => e.eventId)
    await w.db.pool.query(
      `UPDATE timeline_entry SET outcome = NULL, summary = CASE WHEN event_id = $1 THEN summary
         ELSE '补正告知 withdrawn with its application: nothing is owed' END WHERE event_id = ANY($2::uuid[])`,
      [ids[0], ids],
    )
    await w.db.pool.query(update)
    const old = await w.db.pool.query('SELECT event_id, outcome FROM timeline_entry WHERE event_id = ANY($1::uuid[])', [
      ids,
    ])
    expect(Object.fromEntries(old.rows.map((r) => [r.event_id, r.outcome]))).toEqual({
      [ids[0]]: null,
      [ids[1]]: 'withdrawn',
    })
    // The column takes the notice's states and nothing else.
    await expect(
      w.db.pool.query(`UPDATE timeline_entry SET outcome = 'open' WHERE event_id = $1`, [ids[0]]),
    ).rejects.toThrow(/timeline_entry_outcome_check/)
  })

  it('has exactly the tables schema.prisma describes', async () => {
    expect(await schemaDifferences(prismaSchemaDir, w.db.pool, w.db.schema)).toEqual([])
  })
})

describe('authentication', () => {
  it('answers 401 problem+json without a token, with a forged or expired one, and for incomplete claims', async () => {
    const { project } = await projectWithTask()
    const url = `/api/v1/projects/${project.projectId}`
    const clerk = w.token({ role: 'clerk' })
    const refused = [
      undefined,
      `${clerk}x`,
      mintToken('another-secret-of-enough-length', { sub: 'c', role: 'clerk' }),
      mintToken(SECRET, { sub: 'c', role: 'clerk' }, '-1h'),
      w.token({ role: 'reviewer' }),
      w.token({ role: 'owner' }),
    ]
    for (const bearer of refused) {
      const res = await w.api('GET', url, bearer)
      expect(res.status, String(bearer)).toBe(401)
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
      expect(res.body.code).toBe('GATEWAY_UNAUTHENTICATED')
    }
    expect((await w.api('GET', url, clerk)).status).toBe(200)
  })
})

describe('authorisation per row', () => {
  it("lists an owner's own projects newest first, every project to a clerk or supervisor, and refuses a reviewer", async () => {
    const older = projectRegistered({ registeredAt: '2026-03-02T02:00:00Z' })
    const newer = projectRegistered({ registeredAt: '2026-03-03T02:00:00Z' })
    const foreign = projectRegistered({ owner: owners.foshan })
    for (const p of [older, newer, foreign]) await w.publish(ProjectRegisteredV1, p)
    const shanwei = w.token({ role: 'owner', creditCode: owners.shanwei.creditCode })
    type Listed = { projectId: string; owner: { creditCode: string }; registeredAt: string }
    const listed = async (bearer: string, query = '?limit=200'): Promise<Listed[]> => {
      const res = await w.api('GET', `/api/v1/projects${query}`, bearer)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body.projects
    }
    await expect
      .poll(
        async () =>
          (await listed(supervisor())).filter((p) => [older, newer, foreign].some((x) => x.projectId === p.projectId))
            .length,
      )
      .toBe(3)
    const own = await listed(shanwei)
    expect(own.every((p) => p.owner.creditCode === owners.shanwei.creditCode)).toBe(true)
    const ids = own.map((p) => p.projectId)
    expect(ids.indexOf(newer.projectId)).toBeGreaterThanOrEqual(0)
    expect(ids.indexOf(newer.projectId)).toBeLessThan(ids.indexOf(older.projectId))
    expect(ids).not.toContain(foreign.projectId)
    expect(own[ids.indexOf(newer.projectId)]).toMatchObject({ name: newer.name, projectCode: newer.projectCode })
    const sorted = [...own].sort((a, b) => b.registeredAt.localeCompare(a.registeredAt))
    expect(own.map((p) => p.registeredAt)).toEqual(sorted.map((p) => p.registeredAt))
    expect((await listed(w.token({ role: 'clerk' }))).map((p) => p.projectId)).toContain(foreign.projectId)
    expect(await listed(shanwei, '?limit=1')).toHaveLength(1)
    for (const query of ['?limit=0', '?limit=201', '?owner=x']) {
      const bad = await w.api('GET', `/api/v1/projects${query}`, shanwei)
      expect(bad.status, query).toBe(400)
      expect(bad.headers['content-type']).toMatch(/application\/problem\+json/)
    }
    const reviewer = await w.api('GET', '/api/v1/projects', w.token({ role: 'reviewer', department: 'fire' }))
    expect(reviewer).toMatchObject({ status: 403, body: { code: 'GATEWAY_FORBIDDEN' } })
  })

  it("finds an owner's projects by a part of the name or the code, as plain text; another owner's never", async () => {
    const percent = projectRegistered({ name: '达标率100%提升工程' })
    const hundred = projectRegistered({ name: '100号厂房项目' })
    const foreign = projectRegistered({ owner: owners.foshan, name: '达标率100%提升工程（佛山）' })
    for (const p of [percent, hundred, foreign]) await w.publish(ProjectRegisteredV1, p)
    const shanwei = w.token({ role: 'owner', creditCode: owners.shanwei.creditCode })
    const found = async (search: string, bearer = shanwei) => {
      const res = await w.api('GET', `/api/v1/projects?limit=200&search=${encodeURIComponent(search)}`, bearer)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return (res.body.projects as Array<{ projectId: string }>).map((p) => p.projectId)
    }
    await expect.poll(() => found('100%', supervisor())).toHaveLength(2)
    // LIKE's own characters match themselves: "100%" is not "100 and anything".
    expect(await found('100%')).toEqual([percent.projectId])
    expect(await found('00号')).toEqual([hundred.projectId])
    expect(await found(percent.projectCode.slice(-6))).toContain(percent.projectId)
    expect(await found('_')).toEqual([])
    expect(await found('（佛山）')).toEqual([])
    for (const query of ['?search=', `?search=${'长'.repeat(101)}`]) {
      const bad = await w.api('GET', `/api/v1/projects${encodeURI(query)}`, shanwei)
      expect(bad.status, query).toBe(400)
      expect(bad.body.code).toBe('VALIDATION_FAILED')
    }
  })

  it('shows a project to a clerk, its owner and its departments; another owner or department gets the unknown-id 404', async () => {
    const { project } = await projectWithTask('natural-resources')
    const url = `/api/v1/projects/${project.projectId}`
    for (const bearer of [
      w.token({ role: 'clerk' }),
      w.token({ role: 'owner', creditCode: owners.shanwei.creditCode }),
      w.token({ role: 'reviewer', department: 'natural-resources' }),
    ]) {
      const res = await w.api('GET', url, bearer)
      expect(res.status).toBe(200)
      expect(res.body.project).toMatchObject({ projectId: project.projectId, owner: owners.shanwei })
    }
    const unknown = await w.api('GET', '/api/v1/projects/01890000-0000-7000-8000-000000000000/status', supervisor())
    for (const bearer of [
      w.token({ role: 'owner', creditCode: owners.foshan.creditCode }),
      w.token({ role: 'reviewer', department: 'water-supply' }),
    ]) {
      for (const path of [url, `${url}/status`]) {
        const res = await w.api('GET', path, bearer)
        expect(res.status).toBe(404)
        expect(res.body.code).toBe(unknown.body.code)
        expect(res.body.detail).toBe(
          unknown.body.detail.replace('01890000-0000-7000-8000-000000000000', project.projectId),
        )
      }
    }
  })

  it("shows a reviewer only its own department's tasks, alerts and task entries of a project's status", async () => {
    const { project, application, task: own } = await projectWithTask('natural-resources')
    const other = task(project.projectId, application.applicationId, { department: 'power-supply' })
    await w.publish(TaskAssignedV1, { task: other })
    await w.publish(TaskClockWarnedV1, warned(other))
    await statusWhen(project.projectId, (s) => s.tasks.length === 2 && s.alerts.length === 1)
    const res = await w.api(
      'GET',
      `/api/v1/projects/${project.projectId}/status`,
      w.token({ role: 'reviewer', department: 'natural-resources' }),
    )
    expect(res.status).toBe(200)
    expect(res.body.tasks.map((t: { taskId: string }) => t.taskId)).toEqual([own.taskId])
    expect(res.body.alerts).toEqual([])
    expect(res.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'project.registered',
      'application.accepted',
      'task.assigned',
    ])
    expect(res.body.applications).toHaveLength(1)
  })

  it("lists a reviewer's own department only, soonest due first, filtered by state and due date", async () => {
    const department = `dept-${Date.now()}`
    const project = projectRegistered()
    await w.publish(ProjectRegisteredV1, project)
    const appId = '01890000-0000-7000-8000-00000000bbbb'
    const late = task(project.projectId, appId, { department, dueOn: '2026-03-20' })
    const soon = task(project.projectId, appId, { department, dueOn: '2026-03-05', status: 'claimed', nationalCode: 8 })
    const middle = task(project.projectId, appId, { department, dueOn: '2026-03-10' })
    const elsewhere = task(project.projectId, appId, { department: `${department}-other`, dueOn: '2026-03-01' })
    await w.publish(TaskAssignedV1, ...[late, soon, middle, elsewhere].map((t) => ({ task: t })))
    const reviewer = w.token({ role: 'reviewer', department })
    const ids = async (query = '') => {
      const res = await w.api('GET', `/api/v1/tasks${query}`, reviewer)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body.tasks.map((t: { taskId: string }) => t.taskId)
    }
    await expect.poll(() => ids()).toHaveLength(3)
    expect(await ids()).toEqual([soon.taskId, middle.taskId, late.taskId])
    expect(await ids('?state=assigned')).toEqual([middle.taskId, late.taskId])
    expect(await ids('?due_before=2026-03-10')).toEqual([soon.taskId])
    expect(await ids('?state=claimed&due_before=2026-03-20')).toEqual([soon.taskId])

    for (const [query, field] of [
      ['?state=sleeping', '/querystring/state'],
      ['?due_before=2026-02-30', '/querystring/due_before'],
      ['?due_before=tomorrow', '/querystring/due_before'],
      ['?colour=red', '/querystring/colour'],
    ]) {
      const res = await w.api('GET', `/api/v1/tasks${query}`, reviewer)
      expect(res.status, query).toBe(400)
      expect(
        res.body.errors.map((e: { field: string }) => e.field),
        query,
      ).toContain(field)
    }
    expect((await w.api('GET', '/api/v1/tasks', w.token({ role: 'clerk' }))).status).toBe(403)
  })

  it("forwards a task action of the reviewer's own department with the actor; another department gets 404 and nothing is sent", async () => {
    const { task: t } = await projectWithTask('civil-air-defence')
    const sent = w.approval.calls.length
    const other = w.token({ role: 'reviewer', department: 'water-supply' })
    const hidden = await w.api('POST', `/api/v1/tasks/${t.taskId}/actions`, other, { action: 'claim' })
    expect(hidden.status).toBe(404)
    expect(hidden.body.code).toBe('GATEWAY_TASK_NOT_FOUND')
    expect((await w.api('GET', '/api/v1/tasks', other)).body.tasks).toEqual([])
    for (const role of ['owner', 'supervisor', 'clerk', 'admin'] as const) {
      const bearer = w.token({ role, creditCode: owners.shanwei.creditCode })
      expect((await w.api('POST', `/api/v1/tasks/${t.taskId}/actions`, bearer, { action: 'claim' })).status).toBe(403)
    }
    expect(w.approval.calls.length).toBe(sent)

    // The owning service's problem passes through unchanged: status, content type and body.
    const conflict = { type: 'urn:x', title: 'Conflict', status: 409, detail: 'claimed', code: 'APPROVAL_TASK_CLAIMED' }
    w.approval.answer(409, conflict, 'application/problem+json')
    const own = w.token({ role: 'reviewer', department: 'civil-air-defence', sub: 'r-7' })
    const res = await w.api('POST', `/api/v1/tasks/${t.taskId}/actions`, own, { action: 'claim' })
    expect(res.status).toBe(409)
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(res.body).toEqual(conflict)
    const call = w.approval.calls.at(-1)
    expect(call).toMatchObject({ method: 'POST', url: `/tasks/${t.taskId}/actions`, body: { action: 'claim' } })
    expect(JSON.parse(call?.actor ?? '{}')).toEqual({ sub: 'r-7', role: 'reviewer', department: 'civil-air-defence' })

    // A malformed action never leaves the gateway: the missing field is named.
    const noReason = await w.api('POST', `/api/v1/tasks/${t.taskId}/actions`, own, { action: 'reject' })
    expect(noReason.status).toBe(400)
    expect(JSON.stringify(noReason.body)).toMatch(/reason/)
    expect(w.approval.calls.length).toBe(sent + 1)
  })

  it("sends an owner's materials to approval with a noticeId and to intake without; others get 404 or 403", async () => {
    const { application } = await projectWithTask()
    const url = `/api/v1/applications/${application.applicationId}/materials`
    const materials = [{ code: 'construction-contract', documentRef: 'doc://contract.pdf' }]
    const foreign = await w.api('POST', url, w.token({ role: 'owner', creditCode: owners.foshan.creditCode }), {
      materials,
    })
    expect(foreign.status).toBe(404)
    const unknown = await w.api(
      'POST',
      '/api/v1/applications/01890000-0000-7000-8000-000000000000/materials',
      w.token({ role: 'owner', creditCode: owners.shanwei.creditCode }),
      { materials },
    )
    expect(unknown.body.code).toBe(foreign.body.code)
    expect((await w.api('POST', url, w.token({ role: 'clerk' }), { materials })).status).toBe(403)

    const owner = w.token({ role: 'owner', creditCode: owners.shanwei.creditCode })
    w.intake.answer(200, { cured: ['construction-contract'], remaining: 0 })
    const cure = await w.api('POST', url, owner, { materials })
    expect(cure.status).toBe(200)
    expect(cure.body).toEqual({ cured: ['construction-contract'], remaining: 0 })
    expect(w.intake.calls.at(-1)).toMatchObject({
      url: `/applications/${application.applicationId}/materials`,
      body: { materials },
    })

    const noticeId = '01890000-0000-7000-8000-00000000cccc'
    w.approval.answer(200, { notice: { noticeId }, tasks: [] })
    expect((await w.api('POST', url, owner, { noticeId, materials })).status).toBe(200)
    expect(w.approval.calls.at(-1)).toMatchObject({
      url: `/applications/${application.applicationId}/supplement-answers`,
      body: { noticeId, materials },
    })
  })

  it('forwards registration for a clerk and refuses it to an owner or reviewer before anything is sent', async () => {
    const sent = w.intake.calls.length
    const body = {
      name: '项目',
      owner: owners.shanwei,
      projectCode: '2026-441500-47-01-999999',
      projectType: 'social-simple-low-risk',
      region: '441500',
      siteAreaM2: 1,
      floorAreaM2: 1,
      heightM: 1,
      investmentFen: 1,
      location: 'x',
    }
    for (const bearer of [
      w.token({ role: 'owner', creditCode: owners.shanwei.creditCode }),
      w.token({ role: 'reviewer', department: 'x' }),
      w.token({ role: 'supervisor' }),
    ]) {
      expect((await w.api('POST', '/api/v1/projects', bearer, body)).status).toBe(403)
    }
    expect(w.intake.calls.length).toBe(sent)
    const bad = await w.api('POST', '/api/v1/projects', w.token({ role: 'clerk' }), { ...body, colour: 'red' })
    expect(bad.status).toBe(400)
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ field: '/body/colour' }))
    w.intake.answer(201, { project: { projectId: '01890000-0000-7000-8000-00000000dddd' } })
    const ok = await w.api('POST', '/api/v1/projects', w.token({ role: 'clerk', sub: 'clerk-9' }), body)
    expect(ok.status).toBe(201)
    expect(ok.body.project.projectId).toBe('01890000-0000-7000-8000-00000000dddd')
    expect(JSON.parse(w.intake.calls.at(-1)?.actor ?? '{}')).toEqual({ sub: 'clerk-9', role: 'clerk' })

    // A service that drops the connection is a 502 problem (the outcome is unknown), not a hang or a 500.
    w.intake.hangUp()
    const down = await w.api('POST', '/api/v1/projects', w.token({ role: 'clerk' }), body)
    expect(down.status).toBe(502)
    expect(down.body.code).toBe('GATEWAY_UPSTREAM_NO_ANSWER')
    expect(down.headers['retry-after']).toBeUndefined()
    w.intake.answer(200, {})
  })
})

describe('supervision and the clock preview', () => {
  it('lists open clocks at a level for a supervisor, evaluated now; refuses a clerk', async () => {
    const { task: t } = await projectWithTask(`dept-sup-${Date.now()}`)
    const sup = supervisor()
    const mine = async (level: string) =>
      (await w.api('GET', `/api/v1/supervision/clocks?level=${level}`, sup)).body.clocks.filter(
        (c: { taskId: string }) => c.taskId === t.taskId,
      )
    expect(await mine('red')).toEqual([])
    w.clock.set('2026-03-10T02:00:00Z')
    const red = await mine('red')
    expect(red).toHaveLength(1)
    expect(red[0]).toMatchObject({
      clock: 'committed',
      department: t.department,
      item: t.item,
      state: { level: 'red' },
    })
    expect(red[0].project.projectId).toBe(t.projectId)
    expect((await w.api('GET', '/api/v1/supervision/clocks?level=red', w.token({ role: 'clerk' }))).status).toBe(403)
    expect((await w.api('GET', '/api/v1/supervision/clocks?level=blue', sup)).status).toBe(400)
  })

  it('finds every task with an overdue 督办 (supervision=overdue), green clocks too, counted on the gateway’s day', async () => {
    const long = {
      statutory: { limit: { value: 60, unit: 'W' as const }, start: '2026-03-02', suspensions: [] },
      committed: { limit: { value: 30, unit: 'W' as const }, start: '2026-03-02', suspensions: [] },
    }
    const urged = {
      id: uuidv7(),
      note: '请说明办理进度',
      openedOn: '2026-03-09',
      openedAt: '2026-03-09T02:00:00Z',
      openedBy: 'sup-1',
      deadline: {
        spec: { limit: { value: 5, unit: 'W' as const }, start: '2026-03-09', suspensions: [] },
        due: '2026-03-16',
      },
    }
    const { task: t } = await projectWithTask(`dept-urged-${Date.now()}`, { clocks: long, supervisions: [urged] })
    const sup = supervisor()
    const before = w.clock.now()
    const read = (query = '') => w.api('GET', `/api/v1/supervision/clocks${query}`, sup)
    const mine = (body: {
      clocks: { taskId: string; clock: string; state: { level: string }; supervisions?: { state: string }[] }[]
    }) =>
      body.clocks.filter((c) => c.taskId === t.taskId).map((c) => [c.clock, c.state.level, c.supervisions?.[0]?.state])
    try {
      // On its reply-by day the 督办 is open: not listed, not counted.
      w.clock.set('2026-03-16T10:00:00Z')
      const onDay = await read('?supervision=overdue')
      expect(onDay.status, JSON.stringify(onDay.body)).toBe(200)
      expect(mine(onDay.body)).toEqual([])
      const counted = onDay.body.overdueSupervisions
      // The next legal day (Shanghai: 17 March from 16:00 UTC): overdue, its green clocks listed with the 督办's state.
      w.clock.set('2026-03-16T16:30:00Z')
      const late = await read('?supervision=overdue')
      expect(mine(late.body)).toEqual([
        ['committed', 'green', 'overdue'],
        ['statutory', 'green', 'overdue'],
      ])
      expect(late.body.overdueSupervisions).toBe(counted + 1)
      expect(late.body.cases).toEqual([])
      // The red and yellow list alone does not show it (its clocks are green); the count says it is there.
      const plain = await read()
      expect(mine(plain.body)).toEqual([])
      expect(plain.body.overdueSupervisions).toBe(counted + 1)
      expect(mine((await read('?supervision=overdue&level=red')).body)).toEqual([])
      const bad = await read('?supervision=late')
      expect(bad.status).toBe(400)
      expect(bad.body.errors).toContainEqual(expect.objectContaining({ field: '/querystring/supervision' }))
    } finally {
      w.clock.set(before)
    }
  })

  it('lists and counts a decided task’s 督办 still unanswered under supervision=overdue, until it is answered', async () => {
    const urged = {
      id: uuidv7(),
      note: '请说明超期原因',
      openedOn: '2026-03-09',
      openedAt: '2026-03-09T02:00:00Z',
      openedBy: 'sup-1',
      deadline: {
        spec: { limit: { value: 5, unit: 'W' as const }, start: '2026-03-09', suspensions: [] },
        due: '2026-03-16',
      },
    }
    const { task: t } = await projectWithTask(`dept-owed-${Date.now()}`, { supervisions: [urged] })
    const decidedAt = '2026-03-12T02:00:00Z'
    const decided = {
      ...t,
      status: 'approved' as const,
      nationalCode: 11,
      version: 2,
      decision: { outcome: 'approved' as const, decidedAt },
      updatedAt: decidedAt,
    }
    await w.publish(TaskDecidedV1, { task: decided })
    await statusWhen(t.projectId, (s) => s.tasks[0]?.status === 'approved')
    const sup = supervisor()
    const before = w.clock.now()
    const read = (query = '') => w.api('GET', `/api/v1/supervision/clocks${query}`, sup)
    const mine = (body: { clocks: { taskId: string; clock: string; status: string }[] }) =>
      body.clocks.filter((c) => c.taskId === t.taskId).map((c) => [c.clock, c.status])
    try {
      w.clock.set('2026-03-16T10:00:00Z')
      expect(mine((await read('?supervision=overdue')).body)).toEqual([])
      // 17 March (Shanghai): unanswered past its day, the task approved on the 12th — still owed, listed and counted.
      w.clock.set('2026-03-16T16:30:00Z')
      const late = await read('?supervision=overdue')
      expect(mine(late.body)).toEqual([
        ['committed', 'approved'],
        ['statutory', 'approved'],
      ])
      // Not on the red and yellow list itself: its clocks stopped at the decision.
      expect(mine((await read()).body)).toEqual([])
      // Answered: off the list and out of the count.
      const answered = {
        ...decided,
        version: 3,
        updatedAt: '2026-03-17T02:00:00Z',
        supervisions: [
          {
            ...urged,
            response: '已办结，超期原因：专家评审',
            respondedAt: '2026-03-17T02:00:00Z',
            deadline: { ...urged.deadline, doneOn: '2026-03-17' },
          },
        ],
      }
      await w.publish(TaskSupervisedV1, { task: answered, note: 'answered', supervisionId: urged.id, turn: 'answered' })
      await statusWhen(t.projectId, (s) => s.timeline.some((e: { type: string }) => e.type === 'task.supervised'))
      const after = await read('?supervision=overdue')
      expect(mine(after.body)).toEqual([])
      // The count (every task's, the other tests' among them) is one less, on the same day.
      expect(after.body.overdueSupervisions).toBe(late.body.overdueSupervisions - 1)
    } finally {
      w.clock.set(before)
    }
  })

  it('lists a task with no clock under supervision=overdue when its 督办 is overdue, on a row with no clock', async () => {
    const urged = {
      id: uuidv7(),
      note: '请说明办理进度',
      openedOn: '2026-03-09',
      openedAt: '2026-03-09T02:00:00Z',
      deadline: {
        spec: { limit: { value: 5, unit: 'W' as const }, start: '2026-03-09', suspensions: [] },
        due: '2026-03-16',
      },
    }
    // An item with no time limit: neither a statutory nor a committed clock.
    const { task: t } = await projectWithTask(`dept-noclock-${Date.now()}`, { clocks: {}, supervisions: [urged] })
    const before = w.clock.now()
    const read = (query: string) => w.api('GET', `/api/v1/supervision/clocks${query}`, supervisor())
    const mine = (body: { clocks: { taskId: string }[] }) => body.clocks.filter((c) => c.taskId === t.taskId)
    try {
      w.clock.set('2026-03-16T16:30:00Z')
      const late = await read('?supervision=overdue')
      expect(late.status, JSON.stringify(late.body)).toBe(200)
      expect(mine(late.body)).toEqual([
        expect.objectContaining({
          taskId: t.taskId,
          status: 'assigned',
          supervisions: [expect.objectContaining({ state: 'overdue' })],
        }),
      ])
      expect(mine(late.body)[0]).not.toHaveProperty('clock')
      expect(mine((await read('?supervision=overdue&level=red')).body)).toEqual([])
      expect(mine((await read('')).body)).toEqual([])
    } finally {
      w.clock.set(before)
    }
  })

  it('previews a due date with its explanation; names the invalid field', async () => {
    const owner = w.token({ role: 'owner', creditCode: owners.shanwei.creditCode })
    const ok = await w.api('POST', '/api/v1/clock/preview', owner, {
      start: '2025-09-30',
      limit: { value: 20, unit: 'W' },
      suspensions: [{ kind: 'supplement', from: '2025-10-15', to: '2025-10-17' }],
    })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect(ok.body.due).toBe('2025-11-07')
    expect(ok.body.explanation).toMatch(/补正/)
    expect(ok.body.entries.at(-1)).toMatchObject({ kind: 'due', text: 'due 2025-11-07' })

    const unknownField = await w.api('POST', '/api/v1/clock/preview', owner, {
      start: '2025-09-30',
      limit: { value: 20, unit: 'X' },
      colour: 1,
    })
    expect(unknownField.status).toBe(400)
    const fields = unknownField.body.errors.map((e: { field: string }) => e.field)
    expect(fields).toContain('/body/colour')
    expect(fields.some((f: string) => f.startsWith('/body/limit'))).toBe(true)

    // A date that is not a real day (or is out of range) is the schema's to refuse: 400 naming it.
    for (const start of ['2025-02-30', '9999-01-01', '0000-00-00']) {
      const impossible = await w.api('POST', '/api/v1/clock/preview', owner, { start, limit: { value: 5, unit: 'W' } })
      expect(impossible.status).toBe(400)
      expect(impossible.body.errors.map((e: { field: string }) => e.field)).toContain('/body/start')
    }
    // A pause ending before it starts is a rule across two fields: 422 naming the end.
    const backwards = await w.api('POST', '/api/v1/clock/preview', owner, {
      start: '2025-02-28',
      limit: { value: 5, unit: 'W' },
      suspensions: [{ kind: 'hearing', from: '2025-03-10', to: '2025-03-05' }],
    })
    expect(backwards.status).toBe(422)
    expect(backwards.body.code).toBe('GATEWAY_CLOCK_INVALID')
    expect(backwards.body.errors.map((e: { field: string }) => e.field)).toEqual(['/body/suspensions/0/to'])
    expect((await w.api('POST', '/api/v1/clock/preview', undefined, { start: '2025-09-30' })).status).toBe(401)
  })

  it('documents every public route in OpenAPI at /docs/json', async () => {
    const res = await w.app.inject({ method: 'GET', url: '/docs/json' })
    expect(res.statusCode).toBe(200)
    const doc = JSON.parse(res.body) as {
      paths: Record<string, Record<string, unknown>>
      components?: { securitySchemes?: Record<string, unknown> }
    }
    const paths = doc.paths
    const routes = Object.entries(paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
    expect(routes.filter((r) => r.includes('/api/v1/')).sort()).toEqual(
      [
        'POST /api/v1/projects',
        'GET /api/v1/projects',
        'GET /api/v1/projects/{id}',
        'GET /api/v1/projects/{id}/status',
        'POST /api/v1/projects/{id}/applications',
        'POST /api/v1/applications/{id}/materials',
        'POST /api/v1/applications/{id}/accept',
        'POST /api/v1/applications/{id}/refuse',
        'POST /api/v1/applications/{id}/receipt-notice',
        'POST /api/v1/applications/{id}/withdraw-receipt',
        'GET /api/v1/receipts',
        'GET /api/v1/deliveries',
        'GET /api/v1/projects/{id}/deliveries',
        'POST /api/v1/applications/{id}/delivery',
        'POST /api/v1/projects/{id}/bookings',
        'GET /api/v1/projects/{id}/bookings',
        'GET /api/v1/bookings',
        'POST /api/v1/bookings/{id}/cancel',
        'POST /api/v1/bookings/{id}/missed',
        'GET /api/v1/tasks',
        'POST /api/v1/tasks/{id}/actions',
        'GET /api/v1/lead/tasks',
        'GET /api/v1/lead/alerts',
        'POST /api/v1/applications/{id}/supplement-notice',
        'POST /api/v1/tasks/{id}/commitment',
        'POST /api/v1/tasks/{id}/deficiency-finding',
        'POST /api/v1/tasks/{id}/rectification-report',
        'POST /api/v1/tasks/{id}/rectification-review',
        'POST /api/v1/tasks/{id}/rectification-escalation',
        'GET /api/v1/supervision/clocks',
        'GET /api/v1/supervision/stats',
        'GET /api/v1/supervision/stats/series',
        'GET /api/v1/supervision/data-quality',
        'GET /api/v1/supervision/signals',
        'GET /api/v1/stream',
        'POST /api/v1/clock/preview',
        'GET /api/v1/admin/dead-letters',
        'POST /api/v1/admin/dead-letters/{service}/{id}/replay',
        'GET /api/v1/admin/audit',
        'GET /api/v1/admin/exports',
        'GET /api/v1/admin/exports/{id}',
        'POST /api/v1/admin/exports',
        'POST /api/v1/admin/calendars',
        'GET /api/v1/admin/catalogue/versions',
        'POST /api/v1/admin/catalogue/versions',
        'POST /api/v1/admin/catalogue/versions/{region}/{version}/activate',
        'GET /api/v1/admin/dishonest-owners',
        'PUT /api/v1/admin/dishonest-owners/{creditCode}',
        'DELETE /api/v1/admin/dishonest-owners/{creditCode}',
        'POST /api/v1/applications/{id}/step-extension',
        'POST /api/v1/tasks/{id}/supervisions',
        'POST /api/v1/tasks/{id}/supervisions/{supervisionId}/response',
        'GET /api/v1/tasks/{id}/supervisions',
        'POST /api/v1/applications/{id}/withdrawal',
        'POST /api/v1/projects/{id}/acceptance',
        'POST /api/v1/acceptance/{id}/inspection',
        'POST /api/v1/acceptance/{id}/opinions',
        'GET /api/v1/acceptance/{id}/land-list',
        'POST /api/v1/acceptance/{id}/rectifications',
        'POST /api/v1/acceptance/{id}/commitments',
        'POST /api/v1/acceptance/{id}/commitment-rectification-report',
        'POST /api/v1/acceptance/{id}/commitment-rectification-review',
        'POST /api/v1/acceptance/{id}/commitment-rectification-escalation',
        'POST /api/v1/acceptance/{id}/results',
        'GET /api/v1/commitments',
        'GET /api/v1/acceptance',
        'GET /api/v1/catalogue/{region}',
        'GET /api/v1/utility-requests',
        'POST /api/v1/utility-requests/{id}/actions',
        'POST /api/v1/utility-requests/{id}/joint-survey',
        'POST /api/v1/utility-requests/{id}/joint-survey/cancellation',
        'POST /api/v1/utility-requests/{id}/joint-survey/confirmation',
        'GET /api/v1/pushed-works',
        'POST /api/v1/utility-requests/{id}/restoration-review',
        'GET /api/v1/outside-line-permits',
        'POST /api/v1/utility-requests/{id}/permit-decision',
        'GET /api/v1/registrations',
        'POST /api/v1/registrations/{id}/actions',
        'GET /api/v1/certificates/{id}',
        'POST /api/v1/certificates/{id}/revoke',
        'POST /api/v1/certificates/verify',
        'GET /api/v1/certificates/verify',
        'GET /api/v1/certificates/revocations',
        'GET /api/v1/certificates/keys',
        // 证照异议 (routes/objections.ts).
        'POST /api/v1/certificates/{id}/objections',
        'POST /api/v1/certificate-objections/{id}/answer',
        'GET /api/v1/certificate-objections',
        'GET /api/v1/projects/{id}/certificates',
        'GET /api/v1/notifications',
        'GET /api/v1/notifications/preferences',
        'PUT /api/v1/notifications/preferences',
        // 好差评 (issue 17 part 6)
        'POST /api/v1/tasks/{id}/rating',
        'POST /api/v1/ratings/{id}/reply',
        'GET /api/v1/projects/{id}/ratings',
        'GET /api/v1/ratings',
        'GET /api/v1/supervision/ratings',
        'GET /api/v1/hotline/knowledge',
        'GET /api/v1/hotline/knowledge/{id}',
        'POST /api/v1/hotline/knowledge',
        'PUT /api/v1/hotline/knowledge/{id}',
        'POST /api/v1/hotline/knowledge/{id}/retire',
        'POST /api/v1/hotline/knowledge/{id}/consultations',
        'GET /api/v1/hotline/knowledge/feedback',
        'POST /api/v1/hotline/knowledge/feedback',
        'POST /api/v1/hotline/knowledge/feedback/{id}/answer',
        // 变动通报 and 故障通报 (docs/hotline.md#notices)
        'GET /api/v1/hotline/notices',
        'POST /api/v1/hotline/notices/changes',
        'POST /api/v1/hotline/notices/changes/{id}/acknowledge',
        'POST /api/v1/hotline/notices/outages',
        'POST /api/v1/hotline/notices/outages/{id}/actions',
        'POST /api/v1/projects/{id}/drawing-review',
        'GET /api/v1/projects/{id}/drawing-review',
        'GET /api/v1/drawing-reviews',
        'POST /api/v1/drawing-reviews/{id}/answer',
        'GET /api/v1/tasks/{id}/drawing-report',
        'POST /api/v1/projects/{id}/survey-commissions',
        'GET /api/v1/projects/{id}/survey-commissions',
        'GET /api/v1/survey-commissions',
        'POST /api/v1/survey-commissions/{id}/results',
        // 工程质量安全监督 双随机、一公开 (routes/quality-supervision.ts).
        'POST /api/v1/quality-rounds',
        'GET /api/v1/quality-inspections',
        'POST /api/v1/quality-inspections/{id}/result',
        'POST /api/v1/quality-inspections/{id}/reassign',
        'GET /api/v1/projects/{id}/quality-inspections',
        'GET /api/v1/quality-inspections/published',
        // 帮办代办 and 中介服务 (docs/assisted-service.md).
        'POST /api/v1/projects/{id}/assisted-case',
        'GET /api/v1/projects/{id}/assisted-case',
        'GET /api/v1/assisted-cases',
        'GET /api/v1/assisted-cases/{id}/applications',
        'GET /api/v1/assisted-cases/{id}/notices',
        'POST /api/v1/assisted-cases/{id}/close',
        'POST /api/v1/assisted-cases/{id}/visits',
        'POST /api/v1/assisted-cases/{id}/visits/{visitId}/record',
        'GET /api/v1/intermediary-services',
        'POST /api/v1/projects/{id}/intermediaries',
        'GET /api/v1/projects/{id}/intermediaries',
        'GET /api/v1/intermediary-engagements',
        'POST /api/v1/intermediary-engagements/{id}/result',
        // 区域评估 and 用地清单 (routes/land.ts).
        'POST /api/v1/areas',
        'GET /api/v1/areas',
        'POST /api/v1/plots',
        'GET /api/v1/plots',
        'POST /api/v1/projects/{id}/area',
        'POST /api/v1/projects/{id}/plot',
        'GET /api/v1/projects/{id}/land',
        'GET /api/v1/projects/{id}/checklist',
        // 12345 tickets: the commands (routes/hotline.ts) and the reads (routes/ticket-reads.ts).
        'POST /api/v1/hotline/tickets',
        'POST /api/v1/hotline/tickets/{id}/actions',
        'GET /api/v1/hotline/tickets',
        'GET /api/v1/hotline/tickets/inbox',
        'GET /api/v1/hotline/tickets/own',
        'GET /api/v1/hotline/tickets/window',
        'GET /api/v1/hotline/tickets/{id}',
        'GET /api/v1/hotline/tickets/{id}/requester',
        'POST /api/v1/hotline/tickets/{id}/rectification-letters',
        'POST /api/v1/hotline/tickets/{id}/rectification-letters/{letterId}/reply',
        'POST /api/v1/hotline/tickets/{id}/referrals',
        'GET /api/v1/supervision/tickets',
      ].sort(),
    )
    const status = paths['/api/v1/projects/{id}/status']?.['get'] as {
      responses: Record<string, unknown>
      security?: unknown
    }
    expect(Object.keys(status.responses)).toContain('200')
    // Every route behind the token says so; verifying a certificate needs none.
    expect(status.security).toEqual([{ bearer: [] }])
    expect(doc.components?.securitySchemes?.['bearer']).toMatchObject({ type: 'http', scheme: 'bearer' })
    for (const [path, method] of [
      ['/api/v1/certificates/verify', 'post'],
      ['/api/v1/certificates/verify', 'get'],
      ['/api/v1/certificates/revocations', 'get'],
      ['/api/v1/certificates/keys', 'get'],
      ['/api/v1/quality-inspections/published', 'get'],
    ] as const) {
      const open = paths[path]?.[method] as { security?: unknown } | undefined
      expect(open, `${method} ${path}`).toBeDefined()
      expect(open?.security, `${method} ${path}`).toBeUndefined()
    }
  })

  it('lists the dead letters for an admin only', async () => {
    const admin = w.token({ role: 'admin' })
    const res = await w.api('GET', '/api/v1/admin/dead-letters', admin)
    expect(res.status).toBe(200)
    expect(res.body.deadLetters).toEqual([])
    expect((await w.api('GET', '/api/v1/admin/dead-letters', supervisor())).status).toBe(403)
  })
})

// After the admin's empty list above: these leave dead letters behind.
describe('an effect published before its cause', () => {
  it('is refused and dead-lettered with the reason, never shown; what follows it is applied; its replay applies once the cause is in', async () => {
    const project = projectRegistered()
    const application = applicationAccepted(project.projectId, {
      withDeficiencies: true,
      deficiencies: [{ material: 'construction-contract', name: '施工合同', promisedOn: '2026-03-20' }],
    })
    const t = task(project.projectId, application.applicationId)
    await w.publish(ProjectRegisteredV1, project)
    await w.publish(ApplicationAcceptedV1, application)
    await w.publish(TaskAssignedV1, { task: t })
    // A broken order: the step decision ahead of its task decision, the release ahead of its cure.
    await w.publish(StepDecidedV1, stepDecided(t))
    await w.publish(CertificateReleasedV1, {
      applicationId: application.applicationId,
      projectId: project.projectId,
      step: 'six-item-bundle',
      releasedAt: '2026-03-10T02:00:01Z',
    })
    const n = notice(t)
    await w.publish(SupplementNoticeIssuedV1, n)
    const after = await statusWhen(project.projectId, (x) => x.applications[0]?.notices.length === 1)
    expect(after.applications[0]).toMatchObject({ decision: null, certificate: 'pending' })
    expect(after.timeline.map((e: { type: string }) => e.type)).toEqual([
      'project.registered',
      'application.accepted',
      'task.assigned',
      'supplement-notice.issued',
    ])

    const admin = w.token({ role: 'admin' })
    const letters = (await w.api('GET', '/api/v1/admin/dead-letters', admin)).body.deadLetters.filter(
      (d: { consumer: string }) => d.consumer === READ_MODEL,
    )
    expect(letters).toHaveLength(2)
    const step = letters.find((d: { subject: string }) => d.subject === 'permit.approval.step.decided.v1')
    const release = letters.find(
      (d: { subject: string }) => d.subject === 'permit.intake.application.certificate-released.v1',
    )
    expect(step.error).toBe('step decision before its task decisions: 1 of its 1 task(s) not decided here')
    expect(release.error).toBe('certificate released before its cures: 1 material(s) still owed here')
    // Copied to the read model's dead-letter subject, outside what it reads: the copy is never applied.
    const jsm = await jetstreamManager(w.nc)
    const copy = await jsm.streams.getMessage(w.topology.stream, {
      last_by_subj: deadLetterSubject(w.topology, READ_MODEL),
    })
    expect(copy?.header.get('ow-dead-letter-error')).toMatch(/before its (task decisions|cures)/)
    expect((await statusOf(project.projectId)).applications[0]).toMatchObject({
      decision: null,
      certificate: 'pending',
    })

    await w.publish(TaskDecidedV1, { task: decidedTask(t) })
    await statusWhen(project.projectId, (x) => x.tasks[0].status === 'approved')
    const replayed = await w.api('POST', `/api/v1/admin/dead-letters/gateway/${step.id}/replay`, admin)
    expect(replayed.status, JSON.stringify(replayed.body)).toBe(200)
    const decided = await statusWhen(project.projectId, (x) => x.applications[0].decision !== null)
    expect(decided.applications[0]).toMatchObject({ decision: { outcome: 'approved' }, certificate: 'withheld' })

    await w.publish(DeficiencyCuredV1, {
      applicationId: application.applicationId,
      projectId: project.projectId,
      material: 'construction-contract',
      curedAt: '2026-03-10T02:00:00Z',
      curedOn: '2026-03-10',
      remaining: 0,
    })
    await statusWhen(project.projectId, (x) => x.applications[0].deficiencies[0].cured === true)
    expect((await w.api('POST', `/api/v1/admin/dead-letters/gateway/${release.id}/replay`, admin)).status).toBe(200)
    const done = await statusWhen(project.projectId, (x) => x.applications[0].certificate === 'released')
    expect(done.timeline.filter((e: { type: string }) => e.type === 'step.decided')).toHaveLength(1)
  })
})

describe('read-your-own-writes', () => {
  it('answers 200 with what is pending for a project and an application it has just answered 201 for, to their owner only, until their events are applied', async () => {
    const event = projectRegistered()
    const body = {
      name: event.name,
      owner: event.owner,
      projectCode: event.projectCode,
      projectType: event.projectType,
      region: event.region,
      siteAreaM2: 1,
      floorAreaM2: 1,
      heightM: 1,
      investmentFen: event.investmentFen,
      location: 'x',
    }
    // Intake's answer; its event is not published until later, so nothing but the promise can answer the reads.
    w.intake.answer(201, { project: { ...event, location: 'x' } })
    const clerk = w.token({ role: 'clerk' })
    expect((await w.api('POST', '/api/v1/projects', clerk, body)).status).toBe(201)
    const owner = w.token({ role: 'owner', creditCode: owners.shanwei.creditCode })
    const url = `/api/v1/projects/${event.projectId}`
    const since = new Date(START).toISOString()
    const page = await w.api('GET', url, owner)
    expect(page.status, JSON.stringify(page.body)).toBe(200)
    expect(page.body.project).toMatchObject({ projectId: event.projectId, projectCode: event.projectCode })
    expect(page.body.pending).toEqual([{ kind: 'project-registered', id: event.projectId, since }])
    const pendingStatus = await w.api('GET', `${url}/status`, owner)
    expect(pendingStatus.status).toBe(200)
    expect(pendingStatus.body).toMatchObject({ tasks: [], timeline: [], applications: [] })
    expect(pendingStatus.body.pending).toEqual([{ kind: 'project-registered', id: event.projectId, since }])
    // The same rules as for the row itself: another owner and a reviewer get the unknown-id 404.
    for (const other of [
      w.token({ role: 'owner', creditCode: owners.foshan.creditCode }),
      w.token({ role: 'reviewer', department: 'housing-construction' }),
    ]) {
      expect((await w.api('GET', url, other)).status).toBe(404)
      expect((await w.api('GET', `${url}/status`, other)).status).toBe(404)
    }

    const application = applicationAccepted(event.projectId)
    w.intake.answer(201, { application: { applicationId: application.applicationId, projectId: event.projectId } })
    const opened = await w.api('POST', `${url}/applications`, clerk, {
      step: 'six-item-bundle',
      form: {},
      materials: [],
    })
    expect(opened.status).toBe(201)
    expect((await w.api('GET', `${url}/status`, owner)).body.pending).toEqual([
      { kind: 'project-registered', id: event.projectId, since },
      { kind: 'application-accepted', id: application.applicationId, since },
    ])
    // The owner may cure at once: the application is its own before its event is in; another owner's is 404.
    const materials = [{ code: 'construction-contract', documentRef: 'doc://contract.pdf' }]
    w.intake.answer(200, { cured: [] })
    const cure = `/api/v1/applications/${application.applicationId}/materials`
    expect((await w.api('POST', cure, owner, { materials })).status).toBe(200)
    const foshan = w.token({ role: 'owner', creditCode: owners.foshan.creditCode })
    expect((await w.api('POST', cure, foshan, { materials })).status).toBe(404)

    await w.publish(ProjectRegisteredV1, event)
    const registered = await statusWhen(event.projectId, (x) => x.timeline.length === 1)
    expect(registered.pending).toEqual([{ kind: 'application-accepted', id: application.applicationId, since }])
    await w.publish(ApplicationAcceptedV1, application)
    const accepted = await statusWhen(event.projectId, (x) => x.applications.length === 1)
    expect(accepted.pending).toEqual([])
    expect((await w.api('GET', url, owner)).body.pending).toEqual([])
    // The projection settled the promises: nothing is left behind.
    expect(
      await w.db.pool.query('SELECT id FROM pending_write WHERE project_id = $1', [event.projectId]),
    ).toMatchObject({
      rowCount: 0,
    })
    w.intake.answer(200, {})
  })

  it('promises nothing for a project whose event the read model applied before intake’s answer reached it', async () => {
    const event = projectRegistered()
    await w.publish(ProjectRegisteredV1, event)
    await statusWhen(event.projectId, (x) => x.timeline.length === 1)
    w.intake.answer(201, { project: { ...event, location: 'x' } })
    const clerk = w.token({ role: 'clerk' })
    const created = await w.api('POST', '/api/v1/projects', clerk, {
      name: event.name,
      owner: event.owner,
      projectCode: event.projectCode,
      projectType: event.projectType,
      region: event.region,
      siteAreaM2: 1,
      floorAreaM2: 1,
      heightM: 1,
      investmentFen: event.investmentFen,
      location: 'x',
    })
    expect(created.status).toBe(201)
    const owner = w.token({ role: 'owner', creditCode: owners.shanwei.creditCode })
    expect((await w.api('GET', `/api/v1/projects/${event.projectId}/status`, owner)).body.pending).toEqual([])
    expect(
      await w.db.pool.query('SELECT id FROM pending_write WHERE project_id = $1', [event.projectId]),
    ).toMatchObject({ rowCount: 0 })
    w.intake.answer(200, {})
  })
})

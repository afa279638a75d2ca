import {
  ApplicationAcceptedV1,
  IntermediaryDeliveredV1,
  IntermediaryEngagedV1,
  ProjectPlotLinkedV1,
  ProjectRegisteredV1,
  TaskAssignedV1,
  TaskClaimedV1,
  TaskDecidedV1,
} from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { applicationAccepted, owners, projectRegistered, task } from './events.js'
import { projecting } from './projecting.js'
import { type GatewayWorld, gatewayWorld, START } from './world.js'

// Issue 11, the read path: a status or an inbox page the gateway built is sent again while the version of what it
// was built from (answer_version, moved by triggers in the transaction that changes the rows) is unchanged.
// Authorisation runs on every request; a change committed is in the very next answer.

type Task = ReturnType<typeof task>

let w: GatewayWorld
let project: ReturnType<typeof projecting>['project']
let projectWithTask: ReturnType<typeof projecting>['projectWithTask']

beforeAll(async () => {
  w = await gatewayWorld()
  ;({ project, projectWithTask } = projecting(w))
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})
beforeEach(() => {
  w.clock.set(START)
})

const version = async (scope: string) =>
  (
    await w.db.pool.query<{ version: string }>('SELECT version::text AS version FROM answer_version WHERE scope = $1', [
      scope,
    ])
  ).rows[0]?.version

const supervisor = () => w.token({ role: 'supervisor' })
const owner = () => w.token({ role: 'owner', creditCode: owners.shanwei.creditCode })
const status = (projectId: string, bearer: string) => w.api('GET', `/api/v1/projects/${projectId}/status`, bearer)
const taskStatus = (body: { tasks: Array<{ taskId: string; status: string }> }, taskId: string) =>
  body.tasks.find((t) => t.taskId === taskId)?.status

describe('a kept status', () => {
  it('shows a change committed by a projection on the very next read, in every view', async () => {
    const t = await projectWithTask()
    const reviewer = w.token({ role: 'reviewer', department: 'housing-construction' })
    for (const bearer of [supervisor(), owner(), reviewer]) {
      expect(taskStatus((await status(t.projectId, bearer)).body, t.taskId)).toBe('assigned')
    }
    await project(TaskClaimedV1, { task: { ...t, status: 'claimed', version: 2, claimedBy: 'reviewer:r1' } })
    for (const bearer of [supervisor(), owner(), reviewer]) {
      const res = await status(t.projectId, bearer)
      expect(res.status).toBe(200)
      expect(taskStatus(res.body, t.taskId)).toBe('claimed')
      expect(res.body.timeline.map((e: { type: string }) => e.type)).toContain('task.claimed')
    }
  })

  it('is kept from its second build, and sent again while its version is unchanged — the version alone decides', async () => {
    const t = await projectWithTask()
    const scope = `project:${t.projectId}`
    const claimed = (v: number) => ({ task: { ...t, status: 'claimed', version: v, claimedBy: 'reviewer:r1' } })
    /** A change whose version is then put back, as if it had never moved; returns the version put back. */
    const changeBehindTheVersion = async (v: number) => {
      const before = await version(scope)
      await project(TaskClaimedV1, claimed(v))
      expect(await version(scope)).not.toBe(before)
      await w.db.pool.query('UPDATE answer_version SET version = $2 WHERE scope = $1', [scope, before])
    }
    // Built once: only its key is remembered, so the next read builds it again and sees the change.
    expect((await status(t.projectId, supervisor())).body.tasks).toHaveLength(1)
    await changeBehindTheVersion(2)
    expect(taskStatus((await status(t.projectId, supervisor())).body, t.taskId)).toBe('claimed')
    // Built a second time: kept. What is sent is the kept answer, which shows that it was kept and that nothing
    // but the version is consulted. Then the version moves: built anew.
    await project(TaskAssignedV1, { task: { ...t, version: 3 } })
    expect(taskStatus((await status(t.projectId, supervisor())).body, t.taskId)).toBe('assigned')
    await changeBehindTheVersion(4)
    expect(taskStatus((await status(t.projectId, supervisor())).body, t.taskId)).toBe('assigned')
    await w.db.pool.query(`UPDATE answer_version SET version = nextval('answer_version_seq') WHERE scope = $1`, [scope])
    expect(taskStatus((await status(t.projectId, supervisor())).body, t.taskId)).toBe('claimed')
  })

  it("is confirmed only by a statement that reads the project's row, so the database's own row policy decides too", async () => {
    const t = await projectWithTask()
    const scope = `project:${t.projectId}`
    for (let i = 0; i < 2; i += 1) expect((await status(t.projectId, supervisor())).status).toBe(200)
    // The row gone from what the statement can read (as row-level security would hide it), the version put back:
    // the kept answer is not sent.
    const before = await version(scope)
    await w.db.pool.query('DELETE FROM project WHERE id = $1', [t.projectId])
    await w.db.pool.query('UPDATE answer_version SET version = $2 WHERE scope = $1', [scope, before])
    const res = await status(t.projectId, supervisor())
    expect(res.status).toBe(404)
    expect(res.body.code).toBe('GATEWAY_PROJECT_NOT_FOUND')
  })

  it('is authorised on every request: another owner and a department without a task get the unknown-id 404', async () => {
    const t = await projectWithTask()
    expect((await status(t.projectId, supervisor())).status).toBe(200)
    const foreignOwner = w.token({ role: 'owner', creditCode: owners.foshan.creditCode })
    const otherReviewer = w.token({ role: 'reviewer', department: 'fire-protection' })
    for (const bearer of [foreignOwner, otherReviewer]) {
      const res = await status(t.projectId, bearer)
      expect(res.status).toBe(404)
      expect(res.body.code).toBe('GATEWAY_PROJECT_NOT_FOUND')
    }
    expect((await status(t.projectId, w.token({ role: 'lead', department: 'housing-construction' }))).status).toBe(403)
  })

  it("never gives one view's answer to another: a reviewer sees its department's part after a supervisor's read", async () => {
    const t = await projectWithTask('housing-construction')
    const other = task(t.projectId, t.applicationId, { department: 'natural-resources', item: 'engineering-planning' })
    await project(TaskAssignedV1, { task: other })
    expect((await status(t.projectId, supervisor())).body.tasks).toHaveLength(2)
    const reviewer = w.token({ role: 'reviewer', department: 'natural-resources' })
    const part = await status(t.projectId, reviewer)
    expect(part.body.tasks.map((x: Task) => x.taskId)).toEqual([other.taskId])
    expect((await status(t.projectId, supervisor())).body.tasks).toHaveLength(2)
  })

  it("says each answer's own instant, and reads the clocks again on the next legal day", async () => {
    const t = await projectWithTask()
    const first = await status(t.projectId, supervisor())
    w.clock.set('2026-03-02T01:05:00Z')
    const later = await status(t.projectId, supervisor())
    expect(later.body.asOf).toEqual({ instant: '2026-03-02T01:05:00.000Z', today: '2026-03-02' })
    expect({ ...later.body, asOf: null }).toEqual({ ...first.body, asOf: null })
    w.clock.set('2026-03-09T01:00:00Z')
    const nextWeek = await status(t.projectId, supervisor())
    expect(nextWeek.body.asOf.today).toBe('2026-03-09')
    const used = (body: { tasks: Array<{ clocks: { committed: { used: number } } }> }) =>
      body.tasks[0]?.clocks.committed.used
    expect(used(nextWeek.body)).toBeGreaterThan(used(first.body) ?? Number.POSITIVE_INFINITY)
  })

  it('lists a promise written after the status was kept (promises are read with every status)', async () => {
    const t = await projectWithTask()
    expect((await status(t.projectId, owner())).body.pending).toEqual([])
    const applicationId = uuidv7()
    const since = '2026-03-02T01:00:00.000Z'
    await w.app.deps.commands.promiseApplication({ id: applicationId, projectId: t.projectId, since })
    const res = await status(t.projectId, owner())
    expect(res.body.pending).toEqual([{ kind: 'application-accepted', id: applicationId, since }])
  })
})

describe('shared results on the status (issue 18)', () => {
  const plot = () => ({
    plotId: uuidv7(),
    plotCode: 'A-07',
    name: '高新区A-07地块',
    region: '441500',
    soldOn: '2026-02-27',
    entries: [{ kind: 'greening', text: '绿地率不高于20%', materials: ['green-space-survey-report'] }],
    connectionPoints: [{ utility: 'water', point: '创业路 J-12', requirement: 'DN150' }],
    publishedAt: '2026-02-27T02:00:00.000Z',
    publishedOn: '2026-02-27',
    publishedBy: 'admin:city',
  })
  const engagement = (projectId: string, revision: number, extra: object = {}) => ({
    engagementId: uuidv7(),
    projectId,
    ownerCreditCode: owners.shanwei.creditCode,
    service: { code: 'environmental-impact-report', name: '环境影响报告书（表）编制', source: '004:2265' },
    intermediary: { name: '汕尾市示例环境科技有限公司', creditCode: '91441500MA51XK001N', grade: 'A' },
    feeFen: 3_000_000,
    conditions: '提供可行性研究报告',
    clock: { limit: { value: 15, unit: 'W' }, start: '2026-03-02', suspensions: [] },
    dueOn: '2026-03-20',
    status: 'engaged',
    engagedAt: '2026-03-02T01:00:00.000Z',
    engagedBy: 'owner',
    revision,
    updatedAt: '2026-03-02T01:00:00.000Z',
    ...extra,
  })

  it('moves the project version when a shared result changes, so a kept status shows it on the next read', async () => {
    const t = await projectWithTask()
    const scope = `project:${t.projectId}`
    // Built twice: kept.
    for (let i = 0; i < 2; i++) expect((await status(t.projectId, owner())).body.shared.plot).toBeNull()
    const before = await version(scope)
    const p = plot()
    await project(ProjectPlotLinkedV1, { projectId: t.projectId, plot: p, linkedAt: '2026-03-02T01:00:00.000Z' })
    expect(await version(scope)).not.toBe(before)
    const shown = (await status(t.projectId, owner())).body.shared
    expect(shown.plot).toMatchObject({ plotId: p.plotId, plotCode: 'A-07', entries: [{ text: '绿地率不高于20%' }] })

    const g = engagement(t.projectId, 1)
    await project(IntermediaryEngagedV1, { engagement: g })
    const engaged = (await status(t.projectId, owner())).body.shared.intermediaries
    expect(engaged).toHaveLength(1)
    expect(engaged[0]).toMatchObject({ status: 'engaged', dueOn: '2026-03-20', clock: { level: 'green' } })
    // A re-sent or late copy of an older revision does not replace the row (its timeline entry is new).
    await project(IntermediaryEngagedV1, { engagement: { ...g, revision: 1, dueOn: '2026-04-30' } })
    expect((await status(t.projectId, owner())).body.shared.intermediaries[0]?.dueOn).toBe('2026-03-20')
    // A department sees the land, not the owner's own choices.
    const reviewer = w.token({ role: 'reviewer', department: 'housing-construction' })
    const part = (await status(t.projectId, reviewer)).body.shared
    expect(part.plot?.plotId).toBe(p.plotId)
    expect(part.intermediaries).toEqual([])
  })

  it('shows a department the engagements whose report one of its items decides on, with the report once delivered', async () => {
    const t = await projectWithTask()
    // A second department on the same application, whose item decides on no intermediary's report.
    const other = task(t.projectId, t.applicationId, { department: 'natural-resources', item: 'land-planning-permit' })
    await project(TaskAssignedV1, { task: other })
    const g = engagement(t.projectId, 1)
    const deciding = {
      ...g,
      service: { ...g.service, decidesOn: [{ item: t.item, name: t.itemName }] },
    }
    await project(IntermediaryEngagedV1, { engagement: deciding })
    const housing = w.token({ role: 'reviewer', department: 'housing-construction' })
    const lands = w.token({ role: 'reviewer', department: 'natural-resources' })
    const engaged = (await status(t.projectId, housing)).body.shared.intermediaries
    expect(engaged).toEqual([
      expect.objectContaining({
        engagementId: g.engagementId,
        status: 'engaged',
        decidesOn: deciding.service.decidesOn,
      }),
    ])
    expect(engaged[0].documentRef).toBeUndefined()
    await project(IntermediaryDeliveredV1, {
      engagement: {
        ...deciding,
        status: 'delivered',
        delivered: { at: '2026-03-10T02:00:00.000Z', on: '2026-03-10', documentRef: 'doc://eia/report.pdf' },
        revision: 2,
        updatedAt: '2026-03-10T02:00:00.000Z',
      },
    })
    expect((await status(t.projectId, housing)).body.shared.intermediaries).toEqual([
      expect.objectContaining({ status: 'delivered', deliveredOn: '2026-03-10', documentRef: 'doc://eia/report.pdf' }),
    ])
    // The department whose item does not decide on it sees none; the owner sees it with the items it serves.
    expect((await status(t.projectId, lands)).body.shared.intermediaries).toEqual([])
    expect((await status(t.projectId, owner())).body.shared.intermediaries).toEqual([
      expect.objectContaining({ documentRef: 'doc://eia/report.pdf', decidesOn: deciding.service.decidesOn }),
    ])
  })

  it('shows a bad stored shared row as unreadable, never a 500, and the rest of the status stands', async () => {
    const t = await projectWithTask()
    await project(IntermediaryEngagedV1, { engagement: engagement(t.projectId, 1) })
    // A row written by hand with an impossible clock start: its clock cannot be read.
    await w.db.pool.query(
      `UPDATE shared_result SET body = jsonb_set(body, '{clock,start}', '"2026-02-30"'), revision = revision + 1
        WHERE project_id = $1 AND part = 'intermediary'`,
      [t.projectId],
    )
    const res = await status(t.projectId, owner())
    expect(res.status).toBe(200)
    expect(res.body.shared.intermediaries).toEqual([])
    expect(res.body.unreadable).toContainEqual(
      expect.objectContaining({ kind: 'shared-intermediary', id: 'environmental-impact-report' }),
    )
    expect(res.body.tasks).toHaveLength(1)
  })
})

describe('a kept inbox page', () => {
  const inbox = (bearer: string, ifNoneMatch?: string) =>
    w.app.inject({
      method: 'GET',
      url: '/api/v1/tasks?limit=10',
      headers: { authorization: `Bearer ${bearer}`, ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}) },
    })

  it('has an ETag; If-None-Match with it is 304 without a body until a task of the department changes', async () => {
    const d = department()
    const t = await projectWithTask(d)
    const reviewer = w.token({ role: 'reviewer', department: d })
    const first = await inbox(reviewer)
    expect(first.statusCode).toBe(200)
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/)
    expect(JSON.parse(first.body).tasks.map((x: Task) => x.taskId)).toEqual([t.taskId])

    const again = await inbox(reviewer, etag)
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    expect((await inbox(reviewer, `"other", W/${etag}`)).statusCode).toBe(304)

    // Another department's change leaves this page's version, and its tag, as they were.
    await projectWithTask(department())
    expect((await inbox(reviewer, etag)).statusCode).toBe(304)

    await project(TaskDecidedV1, {
      task: {
        ...t,
        status: 'approved',
        nationalCode: 10,
        version: 2,
        decision: { outcome: 'approved', decidedAt: '2026-03-04T03:00:00Z', decidedBy: 'reviewer:r1' },
      },
    })
    const changed = await inbox(reviewer, etag)
    expect(changed.statusCode).toBe(200)
    expect(changed.headers.etag).not.toBe(etag)
    expect(JSON.parse(changed.body).tasks.map((x: { status: string }) => x.status)).toEqual(['approved'])
  })

  it('is the same page for every reviewer of the department, and another department never reads it', async () => {
    const d = department()
    const t = await projectWithTask(d)
    const a = await inbox(w.token({ role: 'reviewer', department: d, sub: 'reviewer-a' }))
    const b = await inbox(w.token({ role: 'reviewer', department: d, sub: 'reviewer-b' }))
    expect(b.body).toBe(a.body)
    const stranger = await inbox(w.token({ role: 'reviewer', department: department() }))
    expect(JSON.parse(stranger.body).tasks).toEqual([])
    expect(JSON.parse(a.body).tasks.map((x: Task) => x.taskId)).toEqual([t.taskId])
    expect((await inbox(w.token({ role: 'owner', creditCode: owners.shanwei.creditCode }))).statusCode).toBe(403)
  })

  it("a regional reviewer's page follows the project's region: a project projected after its tasks, then moved", async () => {
    // A regional reviewer's page holds a task only while its project lies within the region (migration
    // 20270102000000_caller_region): the project row moves the department's inbox version too (20270102300200).
    const d = department()
    const registered = projectRegistered({ region: '441500' })
    const accepted = applicationAccepted(registered.projectId)
    await project(ApplicationAcceptedV1, accepted)
    const t = task(registered.projectId, accepted.applicationId, { department: d })
    await project(TaskAssignedV1, { task: t })
    const shanwei = w.token({ role: 'reviewer', department: d, region: '441500' })
    const foshan = w.token({ role: 'reviewer', department: d, region: '440600' })
    const ids = async (bearer: string) => JSON.parse((await inbox(bearer)).body).tasks.map((x: Task) => x.taskId)
    // No project yet: no region to lie within, so neither region's page holds the task; both pages are kept.
    expect(await ids(shanwei)).toEqual([])
    expect(await ids(foshan)).toEqual([])

    await project(ProjectRegisteredV1, registered)
    expect(await ids(shanwei)).toEqual([t.taskId])
    expect(await ids(foshan)).toEqual([])

    // Registered again in 佛山: the task leaves 汕尾's kept page and joins 佛山's.
    await project(ProjectRegisteredV1, { ...registered, region: '440604' })
    expect(await ids(shanwei)).toEqual([])
    expect(await ids(foshan)).toEqual([t.taskId])
  })
})

describe('answer versions', () => {
  it('every table a status reads moves its project version, and a task its department too, in the same transaction', async () => {
    // A table added to the status without the trigger would serve kept answers after its rows change.
    const { rows } = await w.db.pool.query<{ table: string; triggered: boolean }>(
      `SELECT c.table_name AS table,
              EXISTS (SELECT 1 FROM pg_trigger g JOIN pg_class r ON r.oid = g.tgrelid
                       WHERE r.relname = c.table_name AND r.relnamespace = current_schema()::regnamespace
                         AND g.tgname = 'answer_version') AS triggered
         FROM information_schema.columns c
        WHERE c.table_schema = current_schema() AND c.column_name = 'project_id' AND c.table_name <> 'pending_write'
        ORDER BY 1`,
    )
    expect(rows.length).toBeGreaterThanOrEqual(10)
    // Every table but the kept answers themselves (migration 20261202130000_status_answer), which the status is not
    // built from: writing one must move no version, or keeping an answer would make it stale at once; and the live
    // stream's changes (20261203000000_change_stream), which no answer reads and which are written with a timeline
    // entry that moves the version anyway; the supervisor's 风险信号 (20261204020000_supervision_signals) and the
    // national export's rows (20261204050000_spgl_export), which no status reads; and hotline tickets, which the ticket
    // routes read (db/tickets.ts) and no status does — a ticket linked to a project reaches it as a timeline entry, which
    // moves the version.
    expect(rows.filter((r) => !r.triggered).map((r) => r.table)).toEqual([
      'change',
      'signal',
      'spgl_row',
      'status_answer',
      'ticket',
    ])

    const d = department()
    const t = await projectWithTask(d)
    const before = [await version(`project:${t.projectId}`), await version(`inbox:${d}`)]
    const client = await w.db.pool.connect()
    try {
      await client.query('BEGIN')
      await client.query('UPDATE task SET status = status WHERE id = $1', [t.taskId])
      const inside = await client.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM answer_version WHERE scope = ANY($1) AND NOT (version::text = ANY($2))`,
        [[`project:${t.projectId}`, `inbox:${d}`], before],
      )
      expect(inside.rows[0]?.n).toBe('2')
      await client.query('ROLLBACK')
    } finally {
      client.release()
    }
    expect([await version(`project:${t.projectId}`), await version(`inbox:${d}`)]).toEqual(before)
  })
})

function department() {
  return `dept-${uuidv7()}`
}

import {
  AcceptanceStartedV1,
  ApplicationAcceptedV1,
  CertificateIssuedV1,
  ProjectRegisteredV1,
  RegistrationCaseOpenedV1,
  StepDecidedV1,
  SupplementNoticeIssuedV1,
  TaskAssignedV1,
  TaskClaimedV1,
  TaskClockWarnedV1,
  TaskDecidedV1,
  UtilityRequestOpenedV1,
} from '@onewindow/contracts'
import { createPool } from '@onewindow/db'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ProjectStatusWithRatings } from '../src/http/schemas.js'
import { checkedViewSerializer } from '../src/http/serializer.js'
import {
  acceptanceCase,
  applicationAccepted,
  notice,
  owners,
  projectRegistered,
  registrationCase,
  signedCertificate,
  stepDecided,
  task,
  utilityRequest,
  warned,
} from './events.js'
import { projecting } from './projecting.js'
import { type GatewayWorld, gatewayWorld, START } from './world.js'

// Issue 11's read-path target: a project's whole-view status is kept in the read model (`status_answer`, migration
// 20261202130000_status_answer) as the bytes the gateway sends, and sent from there — by any gateway process — while
// the project's answer version, the legal day and what it was built with are exactly those it was built at. These
// tests hold that a kept answer is byte for byte the answer built afresh after each of twelve kinds of event (the events of issue 13's
// receipts, withdrawals, step and flow clocks and issuing clock are not among them), that the kept
// answer is what is sent (not a rebuild that happens to agree), that a kept answer of another version, day or build
// is never sent, and that row-level security keeps it to whoever may read the project.

let w: GatewayWorld
let project: ReturnType<typeof projecting>['project']

beforeAll(async () => {
  w = await gatewayWorld()
  ;({ project } = projecting(w))
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})
beforeEach(() => {
  w.clock.set(START)
  w.app.deps.answers.status.clear()
})

/** A project name as long as the one the events give it (低风险厂房项目), written into a kept row by hand. */
const MARK = '读模型中的答案'
const supervisor = () => w.token({ role: 'supervisor' })
const owner = () => w.token({ role: 'owner', creditCode: owners.shanwei.creditCode })
/** The status as sent: its bytes. */
async function statusText(projectId: string, bearer: string) {
  const res = await w.app.inject({
    method: 'GET',
    url: `/api/v1/projects/${projectId}/status`,
    headers: { authorization: `Bearer ${bearer}` },
  })
  return {
    status: res.statusCode,
    body: res.body,
    type: res.headers['content-type'],
    length: Number(res.headers['content-length']),
  }
}

type Kept = { version: string; day: string; body: string }
const keptRow = async (projectId: string): Promise<Kept | undefined> =>
  (
    await w.db.pool.query<Kept>(
      `SELECT version::text AS version, to_char(day, 'YYYY-MM-DD') AS day, body FROM status_answer
        WHERE project_id = $1`,
      [projectId],
    )
  ).rows[0]
const currentVersion = async (projectId: string) =>
  (
    await w.db.pool.query<{ version: string }>(
      `SELECT coalesce((SELECT version FROM answer_version WHERE scope = 'project:' || $1), 0)::text AS version`,
      [projectId],
    )
  ).rows[0]?.version

/** Forgets what this gateway keeps in memory, so the next read goes to the read model. */
const forget = () => w.app.deps.answers.status.clear()

/**
 * Builds the status from the rows (no kept row), reads it until the read model keeps it, checks the kept row is at
 * the project's current version, reads it from there (as a supervisor and as the owner), and builds it from the rows
 * again: all the same bytes.
 */
async function keptEqualsFresh(projectId: string) {
  const drop = () => w.db.pool.query('DELETE FROM status_answer WHERE project_id = $1', [projectId])
  await drop()
  forget()
  const built = await statusText(projectId, supervisor())
  expect(built.status).toBe(200)
  forget()
  await statusText(projectId, supervisor())
  const kept = await keptRow(projectId)
  expect(kept?.version).toBe(await currentVersion(projectId))
  forget()
  const fromKept = await statusText(projectId, supervisor())
  forget()
  const ownersView = await statusText(projectId, owner())
  await drop()
  forget()
  const fresh = await statusText(projectId, supervisor())
  expect(fromKept.status).toBe(200)
  expect(fromKept.type).toBe('application/json; charset=utf-8')
  // Sent as the kept buffer's parts (http/status-answer.ts sendKept): the length given is the bytes sent.
  expect(fromKept.length).toBe(Buffer.byteLength(fromKept.body))
  expect(fromKept.body).toBe(built.body)
  expect(fromKept.body).toBe(fresh.body)
  expect(ownersView.body).toBe(fresh.body)
  return JSON.parse(fresh.body) as {
    tasks: unknown[]
    timeline: Array<{ type: string }>
    certificates: Array<{ issuer?: string }>
  }
}

describe('a status kept in the read model', () => {
  it('is byte for byte the status built afresh, after each of twelve kinds of event', async () => {
    const registered = projectRegistered()
    const projectId = registered.projectId
    await project(ProjectRegisteredV1, registered)
    await keptEqualsFresh(projectId)
    const accepted = applicationAccepted(projectId)
    await project(ApplicationAcceptedV1, accepted)
    await keptEqualsFresh(projectId)
    const t = task(projectId, accepted.applicationId)
    await project(TaskAssignedV1, { task: t })
    expect((await keptEqualsFresh(projectId)).tasks).toHaveLength(1)
    const claimed = { ...t, status: 'claimed' as const, version: 2, claimedBy: 'reviewer:r1' }
    await project(TaskClaimedV1, { task: claimed })
    await keptEqualsFresh(projectId)
    await project(TaskClockWarnedV1, warned(claimed))
    await keptEqualsFresh(projectId)
    await project(SupplementNoticeIssuedV1, notice(claimed))
    await keptEqualsFresh(projectId)
    const decided = { ...claimed, status: 'approved' as const, version: 3, decidedAt: '2026-03-04T01:00:00Z' }
    await project(TaskDecidedV1, { task: decided })
    await keptEqualsFresh(projectId)
    await project(StepDecidedV1, stepDecided(decided))
    await keptEqualsFresh(projectId)
    await project(AcceptanceStartedV1, { case: acceptanceCase(projectId) })
    await keptEqualsFresh(projectId)
    await project(UtilityRequestOpenedV1, { request: utilityRequest(projectId) })
    await keptEqualsFresh(projectId)
    await project(RegistrationCaseOpenedV1, { case: registrationCase(projectId) })
    await keptEqualsFresh(projectId)
    // A property certificate naming its 发证机关: kept and sent with it, as built.
    const certificate = signedCertificate(projectId, { issuer: '汕尾市自然资源局' })
    await project(CertificateIssuedV1, { certificate, issuedAt: '2026-03-16T08:00:00Z' })
    const last = await keptEqualsFresh(projectId)
    expect(last.certificates.map((c) => c.issuer)).toEqual(['汕尾市自然资源局'])
    await statusText(projectId, supervisor())
    expect((await keptRow(projectId))?.body).toContain('"issuer":"汕尾市自然资源局"')
    expect(last.timeline.map((e) => e.type)).toEqual(
      expect.arrayContaining(['task.claimed', 'step.decided', 'supplement-notice.issued']),
    )
  })

  /** A project with a task, its status kept in the read model (built twice), and the kept row marked. */
  async function keptAndMarked() {
    const registered = projectRegistered()
    await project(ProjectRegisteredV1, registered)
    const accepted = applicationAccepted(registered.projectId)
    await project(ApplicationAcceptedV1, accepted)
    const t = task(registered.projectId, accepted.applicationId)
    await project(TaskAssignedV1, { task: t })
    await statusText(t.projectId, supervisor())
    await statusText(t.projectId, supervisor())
    forget()
    // The kept bytes changed in place (the name the project is shown with, by one of the same length, so the
    // instant's place holds): an answer showing it came from the row.
    const marked = await w.db.pool.query(
      `UPDATE status_answer SET body = replace(body, $2, $3) WHERE project_id = $1 AND strpos(body, $2) > 0`,
      [t.projectId, JSON.stringify(registered.name), JSON.stringify(MARK)],
    )
    expect(marked.rowCount).toBe(1)
    return t
  }
  const name = (body: string) => (JSON.parse(body) as { project: { name: string } }).project.name

  it('is what is sent, to every process, while its version, day and build hold', async () => {
    const t = await keptAndMarked()
    expect(name((await statusText(t.projectId, supervisor())).body)).toBe(MARK)
    forget()
    expect(name((await statusText(t.projectId, owner())).body)).toBe(MARK)
    // Later the same legal day: the same kept answer, with this answer's own instant.
    w.clock.set('2026-03-02T09:30:00Z')
    forget()
    const later = JSON.parse((await statusText(t.projectId, supervisor())).body)
    expect(later.project.name).toBe(MARK)
    expect(later.asOf).toEqual({ instant: '2026-03-02T09:30:00.000Z', today: '2026-03-02' })
  })

  it('is never sent once the version has moved: the change is in the next answer', async () => {
    const t = await keptAndMarked()
    await project(TaskClaimedV1, { task: { ...t, status: 'claimed', version: 2, claimedBy: 'reviewer:r1' } })
    const res = JSON.parse((await statusText(t.projectId, supervisor())).body)
    expect(res.project.name).not.toBe(MARK)
    expect(res.tasks[0].status).toBe('claimed')
  })

  it('is never sent on another legal day (clocks are read again) or by another build or calendar', async () => {
    const t = await keptAndMarked()
    w.clock.set('2026-03-03T01:00:00Z')
    expect(name((await statusText(t.projectId, supervisor())).body)).not.toBe(MARK)
    w.clock.set(START)
    forget()
    await w.db.pool.query(`UPDATE status_answer SET built_with = 'another build' WHERE project_id = $1`, [t.projectId])
    expect(name((await statusText(t.projectId, supervisor())).body)).not.toBe(MARK)
  })

  it('is not a reviewer’s: a reviewer reads its department’s part, built from the rows', async () => {
    const t = await keptAndMarked()
    const reviewer = w.token({ role: 'reviewer', department: t.department })
    const res = await statusText(t.projectId, reviewer)
    expect(res.status).toBe(200)
    expect(name(res.body)).not.toBe(MARK)
  })

  it('is authorised on every request: another owner gets the unknown-id 404', async () => {
    const t = await keptAndMarked()
    const foreign = w.token({ role: 'owner', creditCode: owners.foshan.creditCode })
    const res = await statusText(t.projectId, foreign)
    expect(res.status).toBe(404)
    expect(JSON.parse(res.body).code).toBe('GATEWAY_PROJECT_NOT_FOUND')
  })

  it('lists what is still pending beside the kept bytes', async () => {
    const t = await keptAndMarked()
    const applicationId = uuidv7()
    const since = '2026-03-02T01:00:00.000Z'
    await w.app.deps.commands.promiseApplication({ id: applicationId, projectId: t.projectId, since })
    const text = (await statusText(t.projectId, owner())).body
    const res = JSON.parse(text)
    expect(res.project.name).toBe(MARK)
    expect(res.pending).toEqual([{ kind: 'application-accepted', id: applicationId, since }])
    // The spliced bytes (the kept answer, what is pending, the ratings read beside it) are exactly what the route's
    // serialiser writes for the same answer.
    expect(checkedViewSerializer({ schema: ProjectStatusWithRatings })(res)).toBe(text)
  })

  it('is read by the reader role only for whoever may read the project, and never by a reviewer', async () => {
    const t = await keptAndMarked()
    const reader = createPool(w.db.readerUrl as string)
    w.defer(() => reader.pool.end())
    const count = async (role: string, department: string | null, creditCode: string | null, named: boolean) => {
      const text = named
        ? `SELECT count(*)::int AS n FROM (SELECT set_caller($1, $2, NULL, $3, $4::uuid) OFFSET 0) c,
                  LATERAL (SELECT 1 FROM status_answer WHERE project_id = $4::uuid) s`
        : `SELECT count(*)::int AS n FROM (SELECT set_caller($1, $2, NULL, $3) AS ok OFFSET 0) c,
                  LATERAL (SELECT 1 FROM status_answer WHERE c.ok AND project_id = $4::uuid) s`
      return (await reader.pool.query<{ n: number }>(text, [role, department, creditCode, t.projectId])).rows[0]?.n
    }
    for (const named of [true, false]) {
      expect(await count('supervisor', null, null, named)).toBe(1)
      expect(await count('owner', null, owners.shanwei.creditCode, named)).toBe(1)
      expect(await count('owner', null, owners.foshan.creditCode, named)).toBe(0)
      expect(await count('reviewer', t.department, null, named)).toBe(0)
      expect(await count('lead', t.department, null, named)).toBe(0)
    }
    await expect(reader.pool.query('UPDATE status_answer SET body = body')).rejects.toMatchObject({ code: '42501' })
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  actors,
  committedApplication,
  type IntakeWorld,
  landPlanningMaterials,
  landPlanningReceived,
  loggedIntakeWorld,
  lowRiskFactory,
  owners,
  projectWithCase,
  receivedApplication,
  START,
} from './world.js'

// The commands that answer with the application's view read its row back after writing it, and read the project or
// the 帮办代办 case they act under before. A stored row that does not read (a date PostgreSQL keeps as 'infinity', a
// damaged JSON column; written here by SQL, as only damage writes it) was an anonymous 500 INTERNAL_ERROR. It is a 500
// whose code names the row, with its table and column — and, thrown inside the command's transaction, it leaves
// nothing of the command behind: no state, no event, no audit entry.

type LogLine = { unreadable?: { kind?: string; id?: string; reason?: string } }
const { lines, start } = loggedIntakeWorld<LogLine>()
let w: IntakeWorld
beforeAll(async () => {
  w = await start()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const li = actors.helperLi
const owner = actors.owner(owners.shanwei.creditCode)
const logged = (id: string) => lines.filter((l) => l.unreadable?.id === id).map((l) => l.unreadable?.kind)

/** What a refused command must leave as it was: every count it adds to, and the application's own row. */
async function stored(applicationId?: string) {
  const row = applicationId
    ? (
        await w.db.pool.query(
          `SELECT status, accepted_at::text AS "acceptedAt", receipt, pending_acceptance IS NOT NULL AS pending
             FROM application WHERE id = $1::uuid`,
          [applicationId],
        )
      ).rows[0]
    : undefined
  return {
    outbox: await w.outboxRows(),
    audit: await w.rows('audit_entry'),
    applications: await w.rows('application'),
    materials: await w.rows('submitted_material'),
    row,
  }
}

describe('a receipt decision whose application’s date is stored as infinity', () => {
  const notice = { materials: ['land-transfer-contract'], reason: '出让合同缺少附图' }
  it.each([
    { action: 'accept', body: {}, column: 'received_at', value: 'infinity' },
    {
      action: 'refuse',
      body: { ground: 'licence-not-required', reason: '该事项无需许可' },
      column: 'received_on',
      value: '-infinity',
    },
    { action: 'receipt-notice', body: notice, column: 'decided_on', value: 'infinity' },
    { action: 'withdraw-receipt', body: { reason: '建设单位撤件' }, column: 'received_at', value: '-infinity' },
  ])(
    'answers $action 500 INTAKE_APPLICATION_UNREADABLE naming $column, and keeps nothing of it',
    async ({ action, body, column, value }) => {
      w.clock.set(START)
      const applicationId = await receivedApplication(w)
      const written = (
        await w.db.pool.query(`SELECT ${column}::text AS v FROM application WHERE id = $1::uuid`, [applicationId])
      ).rows[0].v as string | null
      await w.db.pool.query(`UPDATE application SET ${column} = $2 WHERE id = $1::uuid`, [applicationId, value])
      const before = await stored(applicationId)

      const refused = await w.call('POST', `/applications/${applicationId}/${action}`, actors.clerk, body)
      expect(refused.status, JSON.stringify(refused.body)).toBe(500)
      expect(refused.body).toMatchObject({
        code: 'INTAKE_APPLICATION_UNREADABLE',
        detail: `Application ${applicationId} cannot be read from storage.`,
        applicationId,
        table: 'application',
        column,
      })
      expect(await stored(applicationId)).toEqual(before)
      expect(logged(applicationId)).toEqual(['application'])

      // Repaired, the same command goes through: the row was left as it stood before it.
      await w.db.pool.query(`UPDATE application SET ${column} = $2 WHERE id = $1::uuid`, [applicationId, written])
      const done = await w.call('POST', `/applications/${applicationId}/${action}`, actors.clerk, body)
      expect(done.status, JSON.stringify(done.body)).toBe(200)
      expect(done.body.application.applicationId).toBe(applicationId)
    },
  )
})

describe('the owner’s answer to a receipt notice on an application whose receipt day is stored as infinity', () => {
  it('is 500 INTAKE_APPLICATION_UNREADABLE naming the column; the materials are not kept and the notice stays open', async () => {
    w.clock.set(START)
    const applicationId = await receivedApplication(w)
    const noticed = await w.call('POST', `/applications/${applicationId}/receipt-notice`, actors.clerk, {
      materials: ['land-transfer-contract'],
      reason: '出让合同缺少附图',
    })
    expect(noticed.status, JSON.stringify(noticed.body)).toBe(200)
    await w.db.pool.query(`UPDATE application SET received_on = 'infinity' WHERE id = $1::uuid`, [applicationId])
    const before = await stored(applicationId)

    const answer = { materials: [{ code: 'land-transfer-contract', documentRef: 'doc://v2.pdf' }] }
    const refused = await w.call('POST', `/applications/${applicationId}/materials`, owner, answer)
    expect(refused.status, JSON.stringify(refused.body)).toBe(500)
    expect(refused.body).toMatchObject({
      code: 'INTAKE_APPLICATION_UNREADABLE',
      applicationId,
      table: 'application',
      column: 'received_on',
    })
    expect(await stored(applicationId)).toEqual(before)
  })
})

describe('reading an application whose commitment’s day is stored as infinity', () => {
  it('names the commitment’s table and column, as the commands do', async () => {
    w.clock.set(START)
    const applicationId = await committedApplication(w, 'engineering-planning-permit')
    await w.db.pool.query(`UPDATE commitment SET verify_by = 'infinity' WHERE application_id = $1::uuid`, [
      applicationId,
    ])
    const read = await w.call('GET', `/applications/${applicationId}`, actors.clerk)
    expect(read.status, JSON.stringify(read.body)).toBe(500)
    expect(read.body).toMatchObject({
      code: 'INTAKE_APPLICATION_UNREADABLE',
      applicationId,
      table: 'commitment',
      column: 'verify_by',
    })
  })
})

describe('opening an application on a project whose stored flow is damaged', () => {
  it('is 500 INTAKE_PROJECT_UNREADABLE naming the project and its flow column; no application is opened', async () => {
    w.clock.set(START)
    const registered = await w.call('POST', '/projects', actors.clerk, lowRiskFactory())
    expect(registered.status, JSON.stringify(registered.body)).toBe(201)
    const projectId: string = registered.body.project.projectId
    // Valid JSON, but a step's stage is no text.
    await w.db.pool.query(`UPDATE project SET flow = jsonb_set(flow, '{0,stage}', '7') WHERE id = $1::uuid`, [
      projectId,
    ])
    const before = await stored()

    const refused = await w.call('POST', `/projects/${projectId}/applications`, actors.clerk, {
      step: 'land-planning-and-filing',
      form: {},
      materials: landPlanningMaterials,
    })
    expect(refused.status, JSON.stringify(refused.body)).toBe(500)
    expect(refused.body).toMatchObject({
      code: 'INTAKE_PROJECT_UNREADABLE',
      detail: `Project ${projectId} cannot be read from storage.`,
      projectId,
      table: 'project',
      column: 'flow',
    })
    expect(await stored()).toEqual(before)
    expect(logged(projectId)).toEqual(['project flow'])
  })
})

describe('a helper’s act under a 帮办代办 case whose stored state is damaged', () => {
  it('is 500 INTAKE_ASSIST_CASE_UNREADABLE naming the case; the receipt is not withdrawn', async () => {
    w.clock.set(START)
    const { projectId, caseId } = await projectWithCase(w, li)
    const opened = await w.call('POST', `/projects/${projectId}/applications`, actors.clerk, landPlanningReceived)
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    const applicationId: string = opened.body.application.applicationId
    await w.db.pool.query(`UPDATE assisted_case SET state = state - 'helper' WHERE id = $1::uuid`, [caseId])
    const before = { ...(await stored(applicationId)), cases: await w.rows('assisted_case') }

    const refused = await w.call('POST', `/applications/${applicationId}/withdraw-receipt`, li, {})
    expect(refused.status, JSON.stringify(refused.body)).toBe(500)
    expect(refused.body).toMatchObject({
      code: 'INTAKE_ASSIST_CASE_UNREADABLE',
      detail: `Assisted-service case ${caseId} cannot be read from storage.`,
      caseId,
      table: 'assisted_case',
      column: 'state',
    })
    expect({ ...(await stored(applicationId)), cases: await w.rows('assisted_case') }).toEqual(before)
    expect(logged(caseId)).toEqual(['assisted case'])
  })
})

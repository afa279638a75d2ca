import {
  ApplicationAcceptedV1,
  ApplicationReceiptNoticedV1,
  ApplicationReceiptWithdrawnV1,
  ApplicationReceivedV1,
  ApplicationRefusedV1,
  type EventBody,
  ProjectRegisteredV1,
} from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { applicationAccepted, owners, projectRegistered } from './events.js'
import { type GatewayWorld, gatewayWorld } from './world.js'

// 已接件、待受理 (GET /api/v1/receipts): the received applications not yet decided, oldest receipt first, with the last
// day to decide on the gateway's calendar — read from the read model the intake events fill, over real NATS.

let w: GatewayWorld
let clerk: string
const project = projectRegistered()

type Received = EventBody<typeof ApplicationReceivedV1>
const received = (receivedOn: string, n: number): Received => ({
  applicationId: uuidv7(),
  projectId: project.projectId,
  projectCode: project.projectCode,
  stage: 'construction-permit',
  step: 'six-item-bundle',
  stepName: '六证合一',
  receiptNumber: `441500-${receivedOn.replaceAll('-', '')}-000${n}`,
  ownerCreditCode: owners.shanwei.creditCode,
  region: '441500',
  receipt: { nationalCode: 1, receivedAt: `${receivedOn}T01:00:00Z`, receivedOn, receivedBy: 'clerk-1' },
})

// Received on Friday 27 February (last day Thursday 5 March: Saturday 28 February is a 春节 make-up workday) and on
// Monday 2 March, the world's day (last day Monday 9 March).
// The older one's event predates the 收件清单 (no `materials`); the newer one's carries what the window received.
// 容缺 at 接件: the newer one, and the three decided below, owe the fire design by a promised day; the older predates it.
// 分阶段办理: the newer one is received for a phase of its step; the older one for the whole step.
const older = received('2026-02-27', 1)
const owed = (promisedOn: string) => ({ owedMaterials: [{ code: 'fire-design', promisedOn }] })
const phase = { code: 'foundation-pit', name: '基坑围护', number: 1, count: 4 }
const newer: Received = {
  ...received('2026-03-02', 2),
  phase,
  materials: [{ code: 'site-plan', documentRef: 'doc://site-plan' }, { code: 'land-certificate' }],
  ...owed('2026-03-20'),
}
const refused = { ...received('2026-02-26', 3), ...owed('2026-03-10') }
const accepted = { ...received('2026-02-26', 4), ...owed('2026-03-12') }
const withdrawn = { ...received('2026-02-26', 5), ...owed('2026-03-13') }

beforeAll(async () => {
  w = await gatewayWorld()
  clerk = w.token({ role: 'clerk' })
  await w.publish(ProjectRegisteredV1, project)
  await w.publish(ApplicationReceivedV1, newer, older, refused, accepted, withdrawn)
  await w.publish(ApplicationRefusedV1, {
    applicationId: refused.applicationId,
    projectId: project.projectId,
    step: refused.step,
    receipt: { ...refused.receipt, nationalCode: 5, ground: 'outside-competence', reason: '不属于本机关职权范围' },
  })
  await w.publish(
    ApplicationAcceptedV1,
    applicationAccepted(project.projectId, {
      applicationId: accepted.applicationId,
      receipt: { ...accepted.receipt, nationalCode: 3, acceptedBy: 'clerk' },
      // As intake builds it: the receipt's owed materials are the acceptance's deficiencies.
      withDeficiencies: true,
      deficiencies: [{ material: 'fire-design', name: '消防设计文件', promisedOn: '2026-03-12' }],
    }),
  )
  await w.publish(ApplicationReceiptWithdrawnV1, {
    applicationId: withdrawn.applicationId,
    projectId: project.projectId,
    step: withdrawn.step,
    receipt: {
      ...withdrawn.receipt,
      nationalCode: 2,
      closedAt: '2026-02-27T02:00:00Z',
      closedOn: '2026-02-27',
      closedBy: 'clerk-1',
      reason: '申请人要求撤件',
    },
  })
  await w.publish(ApplicationReceiptNoticedV1, {
    applicationId: older.applicationId,
    projectId: project.projectId,
    step: older.step,
    receipt: {
      ...older.receipt,
      notice: {
        at: '2026-03-02T02:00:00Z',
        on: '2026-03-02',
        by: 'clerk-1',
        materials: ['site-plan'],
        reason: '未盖章',
      },
    },
  })
  // Every event is projected once the notice shows and the decided two have left.
  await vi.waitFor(
    async () => {
      const r = await w.api('GET', '/api/v1/receipts', clerk)
      expect(r.body.receipts).toHaveLength(2)
      expect(r.body.receipts[0].notice).toBeDefined()
    },
    { timeout: 10_000, interval: 100 },
  )
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

describe('GET /api/v1/receipts', () => {
  it('lists the undecided receipts oldest first, each with its last day and the working days left', async () => {
    const r = await w.api('GET', '/api/v1/receipts', clerk)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.receipts).toEqual([
      expect.objectContaining({
        applicationId: older.applicationId,
        projectCode: project.projectCode,
        projectName: project.name,
        owner: owners.shanwei,
        stepName: '六证合一',
        receiptNumber: older.receiptNumber,
        receivedOn: '2026-02-27',
        lastDay: '2026-03-05',
        workingDaysLeft: 3,
        notice: { on: '2026-03-02', materials: ['site-plan'], reason: '未盖章' },
        receivedMaterials: null,
        owedMaterials: null,
      }),
      expect.objectContaining({
        applicationId: newer.applicationId,
        receivedOn: '2026-03-02',
        lastDay: '2026-03-09',
        workingDaysLeft: 5,
        receivedMaterials: [{ code: 'site-plan' }, { code: 'land-certificate' }],
        owedMaterials: [{ code: 'fire-design', promisedOn: '2026-03-20' }],
        phase,
      }),
    ])
    expect(r.body.receipts[0].phase).toBeUndefined()
    expect(r.body.receipts[1].notice).toBeUndefined()
    expect(r.body.nextCursor).toBeUndefined()
    expect(r.body.unreadable).toEqual([])
  })

  it('still lists a receipt whose stored materials are malformed, its list unknown', async () => {
    await w.db.pool.query(
      `UPDATE "${w.db.schema}".application SET received_materials = '[{"code": 7}]'::jsonb WHERE id = $1`,
      [newer.applicationId],
    )
    try {
      const r = await w.api('GET', '/api/v1/receipts', clerk)
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      expect(r.body.receipts.map((x: { applicationId: string }) => x.applicationId)).toEqual([
        older.applicationId,
        newer.applicationId,
      ])
      expect(r.body.receipts[1].receivedMaterials).toBeNull()
    } finally {
      await w.db.pool.query(`UPDATE "${w.db.schema}".application SET received_materials = $2::jsonb WHERE id = $1`, [
        newer.applicationId,
        JSON.stringify(newer.materials),
      ])
    }
  })

  it('pages with the cursor it gave', async () => {
    const first = await w.api('GET', '/api/v1/receipts?limit=1', clerk)
    expect(first.body.receipts.map((x: { applicationId: string }) => x.applicationId)).toEqual([older.applicationId])
    expect(first.body.nextCursor).toEqual(expect.any(String))
    const second = await w.api('GET', `/api/v1/receipts?limit=1&cursor=${first.body.nextCursor}`, clerk)
    expect(second.body.receipts.map((x: { applicationId: string }) => x.applicationId)).toEqual([newer.applicationId])
    expect(second.body.nextCursor).toBeUndefined()
  })

  it('refuses every role but the clerk (403), and no token (401)', async () => {
    for (const claims of [
      { role: 'owner' as const, creditCode: owners.shanwei.creditCode },
      { role: 'reviewer' as const, department: 'housing-construction' },
      { role: 'supervisor' as const },
    ]) {
      const r = await w.api('GET', '/api/v1/receipts', w.token(claims))
      expect(r.status, claims.role).toBe(403)
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/)
    }
    expect((await w.api('GET', '/api/v1/receipts')).status).toBe(401)
  })

  it.each([
    ['limit=0', '/querystring/limit'],
    ['limit=201', '/querystring/limit'],
    ['cursor=bm90LWEtY3Vyc29y', '/querystring/cursor'],
    [`cursor=${'a'.repeat(201)}`, '/querystring/cursor'],
    ['status=open', '/querystring/status'],
  ])('refuses %s with 400 problem+json naming the field', async (q, field) => {
    const r = await w.api('GET', `/api/v1/receipts?${q}`, clerk)
    expect(r.status).toBe(400)
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field)
  })
})

// 容缺 at 接件 in the owner's status: owed, each by its promised day, only while the receipt is undecided — accepted,
// the materials are its deficiencies as before; withdrawn or refused, nothing is owed. The status reads its rows
// through `project_status` (SQL); the project page through Prisma's field reads (`projectWithApplications`): both say so.
describe('容缺 at 接件', () => {
  type App = { applicationId: string; owedMaterials: unknown; deficiencies: Array<Record<string, unknown>> }
  const ownerStatus = async () => {
    const r = await w.api(
      'GET',
      `/api/v1/projects/${project.projectId}/status`,
      w.token({ role: 'owner', creditCode: owners.shanwei.creditCode }),
    )
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return new Map<string, App>(r.body.applications.map((a: App) => [a.applicationId, a]))
  }

  it('shows an undecided receipt owing its material by the promised day, before any acceptance', async () => {
    const a = (await ownerStatus()).get(newer.applicationId)
    expect(a?.owedMaterials).toEqual([{ code: 'fire-design', promisedOn: '2026-03-20' }])
    expect(a?.deficiencies).toEqual([])
    // A receipt whose event predates the field: unknown, not "nothing owed".
    expect((await ownerStatus()).get(older.applicationId)?.owedMaterials).toBeNull()
  })

  it('shows nothing owed for a refused or withdrawn receipt, and the accepted one its deficiency as before', async () => {
    const apps = await ownerStatus()
    for (const closed of [refused, withdrawn]) {
      expect(apps.get(closed.applicationId)?.owedMaterials, closed.receiptNumber).toEqual([])
      expect(apps.get(closed.applicationId)?.deficiencies, closed.receiptNumber).toEqual([])
    }
    const acceptedApp = apps.get(accepted.applicationId)
    expect(acceptedApp?.owedMaterials).toEqual([])
    expect(acceptedApp?.deficiencies).toEqual([
      expect.objectContaining({
        material: 'fire-design',
        name: '消防设计文件',
        promisedOn: '2026-03-12',
        cured: false,
      }),
    ])
  })

  it('keeps the same in the SQL status rows as in the stored rows, and no deficiency row for a closed receipt', async () => {
    const sql = await w.db.pool.query<{
      rows: { applications: Array<{ applicationId: string; owedMaterials: unknown }> }
    }>('SELECT project_status($1::uuid) AS rows', [project.projectId])
    const bySql = new Map(sql.rows[0]?.rows.applications.map((a) => [a.applicationId, a.owedMaterials ?? null]))
    const fields = await w.db.pool.query<{ id: string; owed_materials: unknown }>(
      'SELECT id, owed_materials FROM application WHERE project_id = $1',
      [project.projectId],
    )
    expect(Object.fromEntries(bySql)).toEqual(Object.fromEntries(fields.rows.map((r) => [r.id, r.owed_materials])))
    expect(bySql.get(newer.applicationId)).toEqual([{ code: 'fire-design', promisedOn: '2026-03-20' }])
    for (const decided of [refused, withdrawn, accepted]) expect(bySql.get(decided.applicationId)).toEqual([])
    const deficiencies = await w.db.pool.query<{ application_id: string }>(
      'SELECT application_id FROM deficiency WHERE project_id = $1',
      [project.projectId],
    )
    expect(deficiencies.rows.map((d) => d.application_id)).toEqual([accepted.applicationId])
  })
})

import { createPool } from '@onewindow/db'
import { createTestSchema, type TestSchema } from '@onewindow/testing'
import type pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createPrisma, type GatewayDb, legalDate } from '../src/db/client.js'
import { readModel } from '../src/db/queries.js'
import { readerDb } from '../src/db/scope.js'
import type * as Models from '../src/generated/models.js'
import { migrationsDir } from '../src/index.js'

// Issue 11: the status is read in one statement that builds its rows as JSON. These rows must be exactly the rows
// the eleven Prisma reads it replaced gave — same fields, same absent fields, same instants to the millisecond, same
// order — so every view built from them is unchanged. `byFields` below is that former read, kept as the reference.

let schema: TestSchema
let db: GatewayDb
// The statement runs as the gateway runs it: as the reader role, under row-level security, for a supervisor (who
// may read every row); `byFields` reads as the owner, which RLS does not apply to.
let readerPool: pg.Pool
let reader: GatewayDb
const supervisor = { role: 'supervisor' } as const
beforeAll(async () => {
  schema = await createTestSchema(inject('databaseUrl'), migrationsDir, 'status_query', { reader: true })
  db = createPrisma(schema.pool, schema.schema)
  readerPool = createPool(schema.readerUrl as string).pool
  reader = createPrisma(readerPool, schema.schema)
})
afterAll(async () => {
  await db?.$disconnect()
  await reader?.$disconnect()
  await readerPool?.end()
  await schema?.drop()
})

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v)
const iso = (d: Date | null) => (d === null ? undefined : d.toISOString())
const day = (d: Date | null) => (d === null ? undefined : legalDate(d))
const clean = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

/** The status rows as they were read before: one REPEATABLE READ transaction of typed Prisma reads. */
async function byFields(projectId: string) {
  return db.$transaction(
    async (tx) => {
      const p = await tx.project.findUnique({ where: { id: projectId } })
      if (!p) return undefined
      const where = { projectId }
      // The one change: where the reads stated no order (applications) or no tie-break (notices issued, alerts
      // detected at the same instant), rows fell as the heap had them; the statement breaks ties by id.
      const applications = await tx.application.findMany({ where, orderBy: { id: 'asc' } })
      const deficiencies = await tx.deficiency.findMany({ where, orderBy: { material: 'asc' } })
      const tasks = await tx.task.findMany({
        where,
        orderBy: [{ dueOn: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
      })
      const notices = await tx.supplementNotice.findMany({ where, orderBy: [{ issuedAt: 'asc' }, { id: 'asc' }] })
      const alerts = await tx.clockAlert.findMany({ where, orderBy: [{ detectedAt: 'asc' }, { eventId: 'asc' }] })
      const timeline = await tx.timelineEntry.findMany({ where, orderBy: [{ occurredAt: 'asc' }, { eventId: 'asc' }] })
      const acceptance = await tx.acceptanceCase.findMany({ where, orderBy: { id: 'asc' } })
      const utilities = await tx.utilityRequest.findMany({ where, orderBy: [{ provider: 'asc' }, { id: 'asc' }] })
      const registrations = await tx.registrationCase.findMany({ where, orderBy: { id: 'asc' } })
      const certificates = await tx.certificate.findMany({ where, orderBy: [{ issuedAt: 'asc' }, { id: 'asc' }] })
      const shared = await tx.sharedResult.findMany({ where, orderBy: [{ part: 'asc' }, { key: 'asc' }] })
      const departments = await tx.task.findMany({ where, select: { department: true }, distinct: ['department'] })
      return {
        project: clean({
          projectId: p.id,
          projectCode: p.projectCode,
          name: p.name,
          projectType: p.projectType,
          region: p.region,
          ownerName: p.ownerName,
          ownerCreditCode: p.ownerCreditCode,
          investmentFen: Number(p.investmentFen),
          location: opt(p.location),
          catalogueVersion: opt(p.catalogueVersion),
          flow: opt(p.flow),
          cap: opt(p.cap),
          registeredAt: p.registeredAt.toISOString(),
        }),
        departments: departments.map((d) => d.department).sort(),
        acceptance: acceptance.map((r) => r.snapshot),
        utilities: utilities.map((r) => r.snapshot),
        registrations: registrations.map((r) => r.snapshot),
        certificates: certificates.map((r) => r.signed),
        applications: applications.map((a: Models.ApplicationModel) =>
          clean({
            applicationId: a.id,
            projectId: a.projectId,
            step: opt(a.step),
            stepName: opt(a.stepName),
            stage: opt(a.stage),
            receiptNumber: opt(a.receiptNumber),
            withDeficiencies: opt(a.withDeficiencies),
            ownerCreditCode: opt(a.ownerCreditCode),
            items: opt(a.items),
            acceptedAt: iso(a.acceptedAt),
            acceptedOn: day(a.acceptedOn),
            decision: opt(a.decision),
            certificateReleasedAt: iso(a.certificateReleasedAt),
            receipt: opt(a.receipt),
            stepClocks: opt(a.stepClocks),
            receivedMaterials: opt(a.receivedMaterials),
            owedMaterials: opt(a.owedMaterials),
            phase: opt(a.phase),
          }),
        ),
        deficiencies: deficiencies.map((d) =>
          clean({
            applicationId: d.applicationId,
            projectId: d.projectId,
            material: d.material,
            name: opt(d.name),
            promisedOn: day(d.promisedOn),
            curedAt: iso(d.curedAt),
            curedOn: day(d.curedOn),
            overdueAt: iso(d.overdueAt),
          }),
        ),
        tasks: tasks.map((t) => t.snapshot),
        notices: notices.map((n) =>
          clean({
            noticeId: n.id,
            applicationId: n.applicationId,
            projectId: n.projectId,
            version: n.version,
            status: n.status,
            requests: n.requests,
            issuedAt: n.issuedAt.toISOString(),
            answeredAt: iso(n.answeredAt),
          }),
        ),
        alerts: alerts.map((a) =>
          clean({
            eventId: a.eventId,
            kind: a.kind,
            taskId: a.taskId,
            projectId: a.projectId,
            clock: a.clock,
            department: a.department,
            item: a.item,
            suspensionId: opt(a.suspensionId),
            suspensionKind: opt(a.suspensionKind),
            dueOn: legalDate(a.dueOn),
            detectedOn: legalDate(a.detectedOn),
            detectedAt: a.detectedAt.toISOString(),
            used: a.used,
            limit: a.limitValue,
          }),
        ),
        timeline: timeline.map((t) =>
          clean({
            eventId: t.eventId,
            projectId: t.projectId,
            occurredAt: t.occurredAt.toISOString(),
            type: t.type,
            subject: t.subject,
            summary: t.summary,
            actor: opt(t.actor),
            department: opt(t.department),
          }),
        ),
        shared: shared.map((r) => ({ part: r.part, key: r.key, body: r.body })),
      }
    },
    { isolationLevel: 'RepeatableRead' },
  )
}

const at = (s: string) => new Date(s)
const date = (d: string) => new Date(`${d}T00:00:00Z`)

/** A project with a row of every kind, some with every optional column set and some with none. */
async function fullProject() {
  const projectId = uuidv7()
  const [a1, a2, a3, t1, t2, t3] = [uuidv7(), uuidv7(), uuidv7(), uuidv7(), uuidv7(), uuidv7()]
  await db.project.create({
    data: {
      id: projectId,
      projectCode: '2026-441500-47-01-000001',
      name: '低风险厂房项目 «α»',
      projectType: 'social-simple-low-risk',
      region: '441500',
      ownerName: '汕尾市示例实业有限公司',
      ownerCreditCode: '91441500MA51XY201H',
      investmentFen: 9_007_199_254_740_000n,
      flow: [
        { step: 's', name: '六证合一', stage: 'construction-permit', items: ['a'], limit: { value: 4, unit: 'W' } },
      ],
      cap: { value: 12, unit: 'W' },
      registeredAt: at('2026-03-02T01:00:00.007Z'),
    },
  })
  await db.application.createMany({
    data: [
      {
        id: a1,
        projectId,
        step: 's',
        stepName: '六证合一',
        stage: 'construction-permit',
        receiptNumber: 'R-1',
        withDeficiencies: true,
        ownerCreditCode: '91441500MA51XY201H',
        items: [{ item: 'a', department: 'd1' }],
        acceptedAt: at('2026-03-02T01:30:00.120Z'),
        acceptedOn: date('2026-03-02'),
        decision: { outcome: 'approved', decidedAt: '2026-03-05T08:00:00Z', decidedOn: '2026-03-05', tasks: [] },
        certificateReleasedAt: at('2026-03-05T08:00:01.999Z'),
        receipt: {
          nationalCode: 3,
          receivedAt: '2026-03-02T01:30:00.120Z',
          receivedOn: '2026-03-02',
          acceptedBy: 'clerk',
        },
        // Accepted: what it owed at 接件 is its deficiencies now.
        owedMaterials: [],
        // 分阶段办理: the phase the application is for.
        phase: { code: 'foundation-pit', name: '基坑围护', number: 1, count: 4 },
      },
      // Known only from a later event: every optional column null.
      { id: a2, projectId },
      // 接件 not yet accepted, owing a material by its promised day (容缺).
      {
        id: a3,
        projectId,
        step: 'j',
        receipt: { nationalCode: 1, receivedAt: '2026-03-03T01:00:00Z', receivedOn: '2026-03-03' },
        receivedMaterials: [{ code: 'site-plan', documentRef: 'doc://site-plan' }],
        owedMaterials: [{ code: 'fire-design', promisedOn: '2026-03-20' }],
      },
    ],
  })
  await db.deficiency.createMany({
    data: [
      {
        applicationId: a1,
        material: 'z-contract',
        projectId,
        name: '施工合同',
        promisedOn: date('2026-03-12'),
        curedAt: at('2026-03-10T02:00:00Z'),
        curedOn: date('2026-03-10'),
        overdueAt: at('2026-03-13T00:00:00.5Z'),
      },
      { applicationId: a1, material: 'a-drawings', projectId },
    ],
  })
  const snapshot = (taskId: string, dueOn: string | null, extra: object = {}) => ({
    taskId,
    applicationId: a1,
    projectId,
    item: 'a',
    department: 'd1',
    status: 'assigned',
    nationalCode: 3,
    version: 1,
    supplementRoundsUsed: 0,
    clocks: { committed: { limit: { value: 4, unit: 'W' }, start: '2026-03-02', suspensions: [] } },
    ...(dueOn ? { dueOn } : {}),
    updatedAt: '2026-03-02T01:30:00Z',
    ...extra,
  })
  await db.task.createMany({
    data: [
      // Undated first by insertion, so the order is the query's, not the heap's.
      { id: t1, dueOn: null, snap: snapshot(t1, null, { note: null, deep: { n: null, f: 1.5 } }), dept: 'd2' },
      { id: t2, dueOn: '2026-03-06', snap: snapshot(t2, '2026-03-06'), dept: 'd1' },
      { id: t3, dueOn: '2026-03-04', snap: snapshot(t3, '2026-03-04'), dept: 'd1' },
    ].map((t) => ({
      id: t.id,
      applicationId: a1,
      projectId,
      department: t.dept,
      item: 'a',
      status: 'assigned',
      nationalCode: 3,
      version: 1,
      dueOn: t.dueOn ? date(t.dueOn) : null,
      snapshot: t.snap,
      updatedAt: at('2026-03-02T01:30:00Z'),
    })),
  })
  await db.supplementNotice.createMany({
    data: [
      {
        id: uuidv7(),
        applicationId: a1,
        projectId,
        version: 2,
        status: 'answered',
        requests: [
          { taskId: t2, department: 'd1', item: 'a', materials: ['m'], reason: 'r', requestedOn: '2026-03-03' },
        ],
        issuedAt: at('2026-03-03T02:00:00.001Z'),
        answeredAt: at('2026-03-04T02:00:00Z'),
      },
      {
        id: uuidv7(),
        applicationId: a1,
        projectId,
        version: 1,
        status: 'open',
        requests: [],
        issuedAt: at('2026-03-03T01:00:00Z'),
      },
    ],
  })
  await db.clockAlert.createMany({
    data: [
      {
        eventId: uuidv7(),
        taskId: t2,
        projectId,
        kind: 'warned',
        clock: 'special-procedure',
        department: 'd1',
        item: 'a',
        suspensionId: 's-1',
        suspensionKind: 'expert-review',
        dueOn: date('2026-03-06'),
        detectedOn: date('2026-03-05'),
        detectedAt: at('2026-03-05T00:00:00.010Z'),
        used: 3.5,
        limitValue: 4,
      },
      {
        eventId: uuidv7(),
        taskId: t3,
        projectId,
        kind: 'overdue',
        clock: 'committed',
        department: 'd1',
        item: 'a',
        dueOn: date('2026-03-04'),
        detectedOn: date('2026-03-05'),
        detectedAt: at('2026-03-05T00:00:00.010Z'),
        used: 0.1,
        limitValue: 4,
      },
    ],
  })
  const occurred = at('2026-03-02T01:30:00Z')
  await db.timelineEntry.createMany({
    data: [
      {
        eventId: uuidv7(),
        projectId,
        occurredAt: occurred,
        type: 'task.assigned',
        subject: 'x',
        summary: 'b',
        department: 'd1',
      },
      {
        eventId: uuidv7(),
        projectId,
        occurredAt: occurred,
        type: 'application.accepted',
        subject: 'x',
        summary: 'a',
        actor: 'clerk',
      },
      {
        eventId: uuidv7(),
        projectId,
        occurredAt: at('2026-03-01T16:00:00Z'),
        type: 'project.registered',
        subject: 'x',
        summary: '"q"\n',
      },
    ],
  })
  const updatedAt = at('2026-03-20T00:00:00Z')
  await db.acceptanceCase.createMany({
    data: [uuidv7(), uuidv7()].map((id, i) => ({
      id,
      projectId,
      lead: 'd1',
      status: 'open',
      version: 1,
      snapshot: { caseId: id, projectId, n: i, nothing: null },
      updatedAt,
    })),
  })
  await db.utilityRequest.createMany({
    data: ['water', 'power', 'power'].map((provider) => {
      const id = uuidv7()
      return { id, projectId, provider, stage: 's', version: 1, snapshot: { requestId: id, provider }, updatedAt }
    }),
  })
  const rc = uuidv7()
  await db.registrationCase.create({
    data: { id: rc, projectId, status: 'open', version: 1, snapshot: { caseId: rc }, updatedAt },
  })
  await db.certificate.createMany({
    data: [at('2026-03-21T00:00:00Z'), at('2026-03-20T00:00:00Z')].map((issuedAt) => {
      const id = uuidv7()
      return {
        id,
        projectId,
        kind: 'permit',
        number: id,
        title: 't',
        ownerCreditCode: '91441500MA51XY201H',
        signed: { body: { certificateId: id } },
        issuedAt,
      }
    }),
  })
  await db.sharedResult.createMany({
    data: [
      { part: 'plot', key: uuidv7(), body: { plotCode: 'A-07' } },
      { part: 'intermediary', key: 'lightning-risk-assessment', body: { status: 'engaged' } },
      { part: 'intermediary', key: 'environmental-impact-report', body: { status: 'delivered' } },
    ].map((r) => ({ projectId, revision: 1, updatedAt, ...r })),
  })
  return projectId
}

describe('the status read in one statement', () => {
  it('gives exactly the rows the field-by-field reads gave, in the same order, absent fields absent', async () => {
    const projectId = await fullProject()
    const expected = await byFields(projectId)
    const actual = await readModel(readerDb(readerPool, reader), supervisor).status(projectId)
    expect(actual).toStrictEqual(expected)
    // And the same key by key, so an absent field cannot pass as one set to undefined.
    expect(JSON.stringify(actual)).toBe(JSON.stringify(expected))
  })

  it('gives a project with nothing else empty lists and only the columns it has', async () => {
    const projectId = uuidv7()
    await db.project.create({
      data: {
        id: projectId,
        projectCode: 'c',
        name: 'n',
        projectType: 't',
        region: '441500',
        ownerName: 'o',
        ownerCreditCode: 'cc',
        investmentFen: 0n,
        registeredAt: at('1999-12-31T23:59:59.999Z'),
      },
    })
    const actual = await readModel(readerDb(readerPool, reader), supervisor).status(projectId)
    expect(actual).toStrictEqual(await byFields(projectId))
    expect(actual?.project).not.toHaveProperty('flow')
  })

  it('gives nothing for a project it has not seen, even when rows of it have arrived', async () => {
    const projectId = uuidv7()
    await db.timelineEntry.create({
      data: { eventId: uuidv7(), projectId, occurredAt: new Date(0), type: 't', subject: 's', summary: 's' },
    })
    expect(await readModel(readerDb(readerPool, reader), supervisor).status(projectId)).toBeUndefined()
  })
})

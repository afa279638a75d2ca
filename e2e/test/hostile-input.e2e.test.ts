import { jetstreamManager } from '@nats-io/jetstream'
import {
  AnswerDrawingReviewBody,
  ChooseIntermediaryBody,
  CloseAssistedCaseBody,
  CommissionSurveyBody,
  DeliverIntermediaryResultBody,
  DepartmentPermitDecisionBody,
  DrawQualityRoundBody,
  LegalDate,
  LinkAreaBody,
  LinkPlotBody,
  OpenAcceptanceBody,
  OpenApplicationBody,
  OpenAssistedCaseBody,
  PublishAreaBody,
  PublishPlotBody,
  ReassignQualityInspectionBody,
  RecordOpinionBody,
  RecordQualityResultBody,
  RecordResultBody,
  RecordVisitBody,
  RegisterProjectBody,
  RegistrationActionBody,
  ScheduleInspectionBody,
  ScheduleVisitBody,
  SubmitDrawingSetBody,
  SubmitMaterialsBody,
  SubmitRectificationBody,
  SurveyResultsBody,
  TaskActionBody,
  UtilityActionBody,
  VerifyCertificateBody,
  VerifyCommitmentBody,
} from '@onewindow/contracts'
import { createPool } from '@onewindow/db'
import { ClockPreviewBody } from '@onewindow/gateway'
import { INPUT_LIMITS } from '@onewindow/service-kit'
import fc from 'fast-check'
import type pg from 'pg'
import type { TSchema } from 'typebox'
import { Value } from 'typebox/value'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  applicationIn,
  approveFirstStep,
  expectStatus,
  industrialPermitMaterials,
  industrialProject,
  lowRiskFactory,
  openApplication,
  owners,
  registerProject,
  sixItemMaterials,
  statusWhen,
  taskOf,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// Issue 10, items 4 and 5: hostile input through the gateway on the real services. Every request below is invalid by
// construction, so each must answer 4xx problem+json naming the field it broke, and write no row and no event.

// Monday 2026-03-02, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'
const at = (date: string) => `${date}T01:00:00Z`

/** Impossible dates pass the `YYYY-MM-DD` pattern: `LegalDate` checks the real calendar (issue 10 item 1). */
const impossibleDates = ['2026-02-30', '2026-13-01', '0000-00-00', '2026-04-31', '2026-02-29', '9999-99-99']

let world: World
const ids = {
  project: '',
  openProject: '',
  openApplication: '',
  task: { taskId: '', department: '' },
  acceptance: '',
  lead: '',
  item: { item: '', department: '' },
  departments: [] as string[],
  utility: { requestId: '', provider: '' },
  registration: '',
  /** A signed permit certificate, for the anyone-may-verify route. */
  certificate: {} as object,
}
const owner = owners.a
const ownerToken = () => world.token('owner', { creditCode: owner.creditCode })

const permitMaterials = industrialPermitMaterials.map((code) => ({ code, documentRef: `doc://${code}.pdf` }))

// ---------------------------------------------------------------------------------------------------------------
// Counting what was written: rows in every table of the six services' schemas, messages on the test stream. A
// command refused by its service records its refusal in that service's audit chain on purpose (outcome `refused`,
// docs/security.md#audit-log), and the gateway's chain records a read of an owner's data by anyone else (outcome
// `read`, appended in the background): `audit_entry` is counted apart, and only those two may be added to it. Anchoring is
// held off (an hour), so no anchor adds outbox rows or messages while the counts are compared.

let tables: string[] = []
let auditTables: string[] = []
// The test's own identity (the run's superuser), not a service's: each service's role sees only its own schema, and
// information_schema lists only what the role may read, so counting through one service would count that one alone.
let admin: pg.Pool
async function auditNotRefused(): Promise<number> {
  const sql = auditTables
    .map((t) => `SELECT count(*)::int AS n FROM ${t} WHERE outcome NOT IN ('refused', 'read')`)
    .join(' UNION ALL ')
  const rows = (await admin.query(sql)).rows as Array<{ n: number }>
  return rows.reduce((sum, r) => sum + r.n, 0)
}
async function rowCounts(): Promise<Record<string, number>> {
  const sql = `SELECT ${tables.map((t, i) => `(SELECT count(*) FROM ${t})::int AS c${i}`).join(', ')}`
  // Named, so each connection parses and plans the hundred-odd subqueries once instead of at each of some 3,000 calls
  // (about 20 ms a call → 2–5 ms here). The same statement counts the same rows; `tables` is fixed after `beforeAll`.
  const row = (await admin.query({ name: 'hostile-input-row-counts', text: sql })).rows[0] as Record<string, number>
  return Object.fromEntries(tables.map((t, i) => [t, row[`c${i}`] as number]))
}
async function streamMessages(): Promise<number> {
  const info = await (await jetstreamManager(world.nc)).streams.info(world.topology.stream)
  return info.state.messages
}
async function written() {
  return { rows: await rowCounts(), messages: await streamMessages(), auditNotRefused: await auditNotRefused() }
}

beforeAll(async () => {
  world = await startWorld({
    natsUrl: inject('natsUrl'),
    databaseUrl: inject('databaseUrl'),
    start: START,
    auditAnchorEveryMs: 3_600_000,
  })
  admin = createPool(inject('databaseUrl'), 2).pool
  const schemas = Object.values(world.schemas).map((s) => s.schema)
  tables = (
    await admin.query(
      `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS t FROM information_schema.tables
       WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' ORDER BY 1`,
      [schemas],
    )
  ).rows.map((r: { t: string }) => r.t)
  auditTables = tables.filter((t) => t.endsWith('.audit_entry'))
  tables = tables.filter((t) => !t.endsWith('.audit_entry'))
  // Every service's schema is counted: six audit chains, one per schema.
  expect(auditTables).toHaveLength(schemas.length)

  // A project whose permits are granted: its acceptance case, utility requests and registration case.
  world.clock.set(START)
  ids.project = await registerProject(world, industrialProject())
  const utilities = [
    { provider: 'water', lengthM: 120, diameterMm: 150 },
    { provider: 'gas', lengthM: 800, diameterMm: 250 },
  ]
  const permits = expectStatus(
    await openApplication(world, ids.project, { step: 'permits', form: { utilities }, materials: permitMaterials }),
    201,
  ).application as { applicationId: string; items: unknown[] }
  const s = await statusWhen(
    world,
    ids.project,
    (x) => x.tasks.filter((t) => t.applicationId === permits.applicationId).length === permits.items.length,
  )
  for (const t of s.tasks) {
    expectStatus(await act(world, t, { action: 'claim' }), 200)
    expectStatus(await act(world, t, { action: 'approve' }), 200)
  }
  await statusWhen(world, ids.project, (x) => applicationIn(x, permits.applicationId).decision?.outcome === 'approved')
  world.clock.set(at('2026-03-04'))
  let opened = await world.api('POST', `/api/v1/projects/${ids.project}/acceptance`, ownerToken(), {})
  await until(async () => {
    if (opened.body?.code !== 'ACCEPTANCE_PERMIT_NOT_GRANTED') return true
    opened = await world.api('POST', `/api/v1/projects/${ids.project}/acceptance`, ownerToken(), {})
    return false
  })
  const acceptanceCase = expectStatus(opened, 201).case
  ids.acceptance = acceptanceCase.caseId
  ids.lead = acceptanceCase.lead
  ids.item = acceptanceCase.items[0]
  ids.departments = [...new Set<string>(acceptanceCase.items.map((i: { department: string }) => i.department))]
  await until(async () => {
    const list = (await world.api('GET', '/api/v1/registrations', world.token('registrar'))).body?.registrations ?? []
    ids.registration = list.find((r: { projectId: string }) => r.projectId === ids.project)?.caseId ?? ''
    return ids.registration !== ''
  })
  const withUtilities = await statusWhen(
    world,
    ids.project,
    (x) => (x as unknown as { utilities: unknown[] }).utilities.length === utilities.length,
  )
  const certified = await statusWhen(world, ids.project, (x) =>
    (x as unknown as { certificates: Array<{ item?: string }> }).certificates.some(
      (c) => c.item === 'construction-permit',
    ),
  )
  const permit = (
    certified as unknown as { certificates: Array<{ item?: string; certificateId: string }> }
  ).certificates.find((c) => c.item === 'construction-permit')
  ids.certificate = expectStatus(
    await world.api('GET', `/api/v1/certificates/${permit?.certificateId}`, ownerToken()),
    200,
  ).certificate
  ids.utility =
    (withUtilities as unknown as { utilities: Array<{ requestId: string; provider: string }> }).utilities[0] ??
    ids.utility

  // A second project whose application is still open, its tasks undecided.
  ids.openProject = await registerProject(world, lowRiskFactory(owners.a))
  await approveFirstStep(world, ids.openProject)
  const open = expectStatus(
    await openApplication(world, ids.openProject, {
      step: 'six-item-bundle',
      form: {},
      materials: sixItemMaterials,
    }),
    201,
  ).application
  ids.openApplication = open.applicationId
  ids.task = await taskOf(world, 'housing-construction', open.applicationId)

  // Quiet: nothing more arrives (every event projected, every consumer done) before the first count — the counts
  // unchanged for a second, four periods of the world's timers: a pass that an event's effect waits for (not a move of
  // the clock) comes within one period, and what it emits is counted before the routes are tried.
  let last = ''
  let since = performance.now()
  await until(async () => {
    const now = JSON.stringify(await written())
    if (now !== last) since = performance.now()
    last = now
    return performance.now() - since >= 1000
  }, 30_000)
}, 120_000)

afterAll(async () => {
  await admin?.end()
  await world?.[Symbol.asyncDispose]()
})

// ---------------------------------------------------------------------------------------------------------------
// The routes, each with valid bodies to corrupt and what its fields are.

type Kind = 'date' | 'int' | 'num'
type Route = {
  name: string
  path: (id: string) => string
  /** The id in the path, when it has one. */
  id?: () => string
  token: () => string
  schema: TSchema
  bases: () => object[]
  /** Fields with more to break than any field has. */
  kinds?: Record<string, Kind>
  /** Required fields (JSON pointers) that a body may not lack. */
  required?: string[]
  /**
   * Fields required of one variant of a union only, by the value of the field it is chosen by (`union`): e.g. a
   * grant's 文号, optional on a refusal. Deleted from a base of that variant only.
   */
  requiredOf?: Record<string, string[]>
  /** Free-form objects (form, facts): any key of theirs is allowed except the reserved ones. */
  free?: string[]
  /** A union chosen by `action` (true), or by the property named (`outcome`). */
  union?: true | string
  /** Text fields (JSON pointers) and the most characters each takes: one character more is refused too. */
  maxLengths?: Record<string, number>
}

/** The property a union route's body is chosen by. */
const unionBy = (route: Route) => (route.union === true ? 'action' : route.union)

const routes: Route[] = [
  {
    name: 'POST /projects',
    path: () => '/api/v1/projects',
    token: () => world.token('clerk'),
    schema: RegisterProjectBody,
    bases: () => [industrialProject()],
    kinds: { '/investmentFen': 'int', '/siteAreaM2': 'num', '/floorAreaM2': 'num', '/heightM': 'num' },
    required: ['/name', '/owner', '/owner/name', '/owner/creditCode', '/projectCode', '/region', '/investmentFen'],
    free: ['/facts'],
  },
  {
    name: 'POST /projects/:id/applications',
    path: (id) => `/api/v1/projects/${id}/applications`,
    id: () => ids.project,
    token: () => world.token('clerk'),
    schema: OpenApplicationBody,
    bases: () => [
      {
        step: 'permits',
        form: { utilities: [{ provider: 'power', lengthM: 300, voltageKv: 10 }], note: '一窗' },
        materials: permitMaterials.slice(0, 2),
        deficiencies: [{ code: 'construction-drawings', promisedOn: '2026-03-20' }],
        commitments: [{ item: 'construction-permit' }],
      },
    ],
    kinds: { '/deficiencies/0/promisedOn': 'date' },
    required: ['/step', '/form', '/materials', '/materials/0/code', '/deficiencies/0/promisedOn'],
    free: ['/form'],
  },
  {
    name: 'POST /applications/:id/materials',
    path: (id) => `/api/v1/applications/${id}/materials`,
    id: () => ids.openApplication,
    token: () => ownerToken(),
    schema: SubmitMaterialsBody,
    bases: () => [
      { materials: [{ code: 'design-scheme', documentRef: 'doc://x.pdf' }] },
      { materials: [{ code: 'design-scheme', documentRef: 'doc://x.pdf' }], noticeId: ids.openApplication },
    ],
    required: ['/materials', '/materials/0/documentRef'],
  },
  {
    name: 'POST /tasks/:id/actions',
    path: (id) => `/api/v1/tasks/${id}/actions`,
    id: () => ids.task.taskId,
    token: () => world.token('reviewer', { department: ids.task.department }),
    schema: TaskActionBody,
    union: true,
    bases: () => [
      { action: 'claim' },
      { action: 'supplement', materials: ['design-scheme'], reason: '图纸不全' },
      {
        action: 'special-procedure-start',
        kind: 'expert-review',
        legalBasis: '条例',
        note: '专家评审',
        limit: { value: 10, unit: 'W' },
      },
      { action: 'special-procedure-end' },
      { action: 'approve', conditions: ['按图施工'] },
      { action: 'reject', reason: '不符合规划' },
    ],
    kinds: { '/limit/value': 'int' },
  },
  {
    name: 'POST /projects/:id/acceptance',
    path: (id) => `/api/v1/projects/${id}/acceptance`,
    id: () => ids.project,
    token: () => ownerToken(),
    schema: OpenAcceptanceBody,
    bases: () => [{ part: '一号楼', commitments: ['urban-construction-archive-acceptance'] }],
  },
  {
    name: 'POST /acceptance/:id/inspection',
    path: (id) => `/api/v1/acceptance/${id}/inspection`,
    id: () => ids.acceptance,
    token: () => world.token('lead', { department: ids.lead }),
    schema: ScheduleInspectionBody,
    bases: () => [
      {
        date: '2026-03-16',
        place: '项目现场',
        participants: ids.departments,
        publicNotice: { from: '2026-03-17', to: '2026-03-18' },
      },
    ],
    kinds: { '/date': 'date', '/publicNotice/from': 'date', '/publicNotice/to': 'date' },
    required: ['/date', '/place', '/participants', '/publicNotice/to'],
  },
  {
    name: 'POST /acceptance/:id/opinions',
    path: (id) => `/api/v1/acceptance/${id}/opinions`,
    id: () => ids.acceptance,
    token: () => world.token('reviewer', { department: ids.item.department }),
    schema: RecordOpinionBody,
    bases: () => [
      { item: ids.item.item, opinion: 'rectify', defects: ['疏散指示标志缺失'] },
      // A defect naming the land-condition-list requirement it rests on (用地清单).
      {
        item: ids.item.item,
        opinion: 'rectify',
        defects: ['疏散指示标志缺失', { text: '补交绿地测量报告', requires: 'green-space-survey-report' }],
      },
    ],
    required: ['/item', '/opinion'],
  },
  {
    name: 'POST /acceptance/:id/rectifications',
    path: (id) => `/api/v1/acceptance/${id}/rectifications`,
    id: () => ids.acceptance,
    token: () => ownerToken(),
    schema: SubmitRectificationBody,
    bases: () => [{ items: [ids.item.item], note: '已整改' }],
    required: ['/items'],
  },
  {
    name: 'POST /acceptance/:id/commitments',
    path: (id) => `/api/v1/acceptance/${id}/commitments`,
    id: () => ids.acceptance,
    token: () => world.token('reviewer', { department: ids.item.department }),
    schema: VerifyCommitmentBody,
    bases: () => [
      {
        item: ids.item.item,
        result: 'breached',
        findings: ['与承诺不符'],
        measures: ['rectify', 'bar-commitment'],
        rectifyBy: '2026-04-01',
        barredUntil: '2026-06-30',
      },
    ],
    kinds: { '/rectifyBy': 'date', '/barredUntil': 'date' },
    required: ['/item', '/result'],
  },
  {
    name: 'POST /acceptance/:id/results',
    path: (id) => `/api/v1/acceptance/${id}/results`,
    id: () => ids.acceptance,
    token: () => world.token('reviewer', { department: ids.item.department }),
    schema: RecordResultBody,
    bases: () => [
      { item: ids.item.item, name: '规划条件核实合格证', number: '佛规核〔2026〕12号', issuedOn: '2026-03-10' },
    ],
    kinds: { '/issuedOn': 'date' },
    required: ['/item', '/name', '/number', '/issuedOn'],
  },
  {
    name: 'POST /utility-requests/:id/actions',
    path: (id) => `/api/v1/utility-requests/${id}/actions`,
    id: () => ids.utility.requestId,
    token: () => world.token('utility', { provider: ids.utility.provider }),
    schema: UtilityActionBody,
    union: true,
    bases: () => [
      { action: 'survey-done' },
      { action: 'plan-done', permits: ['road-excavation', 'green-space'] },
      {
        action: 'permit-granted',
        kind: 'road-excavation',
        department: 'urban-management',
        documentNo: '佛城管许〔2026〕12号',
        decidedOn: '2026-03-02',
      },
      {
        action: 'permit-refused',
        kind: 'road-excavation',
        department: 'urban-management',
        documentNo: '佛城管许〔2026〕12号',
        decidedOn: '2026-03-02',
        reason: '主干道禁止开挖',
      },
      { action: 'permit-reapplied', kind: 'road-excavation', change: '改走辅道，避开主干道' },
      { action: 'construction-done' },
    ],
  },
  {
    // 并联审批: the department's decision on a permit applied to it (its reviewer's; the body is refused before the
    // request is looked at, so whose request it is does not matter here).
    name: 'POST /utility-requests/:id/permit-decision',
    path: (id) => `/api/v1/utility-requests/${id}/permit-decision`,
    id: () => ids.utility.requestId,
    token: () => world.token('reviewer', { department: 'urban-management' }),
    schema: DepartmentPermitDecisionBody,
    union: 'outcome',
    bases: () => [
      { kind: 'road-excavation', outcome: 'granted', documentNo: '佛城管许〔2026〕12号' },
      {
        kind: 'green-space',
        outcome: 'refused',
        reason: '该绿地为公园绿地，不予占用',
        documentNo: '佛城管不许〔2026〕3号',
      },
    ],
    // 文号 is required of a grant (准予许可), optional on a refusal.
    required: ['/kind', '/reason'],
    requiredOf: { granted: ['/documentNo'] },
    maxLengths: { '/documentNo': 50, '/reason': 2000 },
  },
  {
    name: 'POST /registrations/:id/actions',
    path: (id) => `/api/v1/registrations/${id}/actions`,
    id: () => ids.registration,
    token: () => world.token('registrar'),
    schema: RegistrationActionBody,
    union: true,
    bases: () => [
      { action: 'pass-pre-survey' },
      { action: 'complete', unitCode: '440605001001GB00001F00010001', parcel: '南海区工业园一号地块' },
    ],
  },
  {
    // Writes nothing by design; held to the same rules. The certificate inside is an event schema (tolerant reader),
    // so only the reserved keys are unknown there.
    name: 'POST /certificates/verify',
    path: () => '/api/v1/certificates/verify',
    token: () => ownerToken(),
    schema: VerifyCertificateBody,
    bases: () => [{ certificate: ids.certificate }],
    required: ['/certificate', '/certificate/signature', '/certificate/body'],
    free: ['/certificate'],
  },
  {
    name: 'POST /clock/preview',
    path: () => '/api/v1/clock/preview',
    token: () => world.token('supervisor'),
    schema: ClockPreviewBody,
    bases: () => [
      {
        start: '2026-03-02',
        limit: { value: 20, unit: 'W' },
        region: '440600',
        suspensions: [{ kind: 'hearing', from: '2026-03-05', to: '2026-03-06' }],
      },
    ],
    kinds: { '/start': 'date', '/suspensions/0/from': 'date', '/suspensions/0/to': 'date', '/limit/value': 'int' },
    required: ['/start', '/limit', '/limit/value', '/limit/unit', '/suspensions/0/from'],
  },
  // 联合审图 and 多测合一: a broken body is refused before anything is looked up, so the review and the commission
  // need not exist (their ids are fixed UUIDs).
  {
    name: 'POST /projects/:id/drawing-review',
    path: (id) => `/api/v1/projects/${id}/drawing-review`,
    id: () => ids.project,
    token: () => ownerToken(),
    schema: SubmitDrawingSetBody,
    bases: () => [
      {
        reviewBody: { name: '施工图审查中心', creditCode: owners.c.creditCode },
        title: '施工图',
        documentRef: 'doc://d.zip',
      },
    ],
    required: ['/reviewBody', '/reviewBody/name', '/reviewBody/creditCode', '/title', '/documentRef'],
  },
  {
    name: 'POST /drawing-reviews/:id/answer',
    path: (id) => `/api/v1/drawing-reviews/${id}/answer`,
    id: () => '0192f000-0000-7000-8000-000000000018',
    token: () => world.token('review_body', { creditCode: owners.c.creditCode }),
    schema: AnswerDrawingReviewBody,
    bases: () => [
      { outcome: 'comments', comments: ['消防疏散宽度不足'] },
      { outcome: 'passed', findings: { fire: '符合', 'civil-air-defence': '符合', telecom: '符合' } },
    ],
  },
  {
    name: 'POST /projects/:id/survey-commissions',
    path: (id) => `/api/v1/projects/${id}/survey-commissions`,
    id: () => ids.project,
    token: () => ownerToken(),
    schema: CommissionSurveyBody,
    bases: () => [{ stage: 'completion', surveyor: { name: '测绘公司', creditCode: owners.c.creditCode } }],
    required: ['/stage', '/surveyor', '/surveyor/name', '/surveyor/creditCode'],
  },
  {
    name: 'POST /survey-commissions/:id/results',
    path: (id) => `/api/v1/survey-commissions/${id}/results`,
    id: () => '0192f000-0000-7000-8000-000000000019',
    token: () => world.token('surveyor', { creditCode: owners.c.creditCode }),
    schema: SurveyResultsBody,
    bases: () => [{ results: [{ item: 'floor-area-survey', documentRef: 'doc://s.pdf', areaM2: 1200.5 }] }],
    kinds: { '/results/0/areaM2': 'num' },
    required: ['/results', '/results/0/item', '/results/0/documentRef'],
  },
  // 工程质量安全监督 双随机、一公开 (004:1856): the housing department's reviewer; refused before anything is drawn or
  // looked up, so the inspection need not exist (a fixed UUID).
  {
    name: 'POST /quality-rounds',
    path: () => '/api/v1/quality-rounds',
    token: () => world.token('reviewer', { department: 'housing-construction' }),
    schema: DrawQualityRoundBody,
    bases: () => [
      {
        projects: 3,
        inspectorsPerProject: 2,
        pool: [
          { sub: 'a', name: '甲' },
          { sub: 'b', name: '乙' },
          { sub: 'c', name: '丙' },
        ],
      },
    ],
    kinds: { '/projects': 'int', '/inspectorsPerProject': 'int' },
    required: ['/projects', '/inspectorsPerProject', '/pool', '/pool/0/sub', '/pool/0/name'],
  },
  {
    name: 'POST /quality-inspections/:id/result',
    path: (id) => `/api/v1/quality-inspections/${id}/result`,
    id: () => '0192f000-0000-7000-8000-00000000001a',
    token: () => world.token('reviewer', { department: 'housing-construction' }),
    schema: RecordQualityResultBody,
    bases: () => [
      { outcome: 'pass' },
      {
        outcome: 'rectify',
        items: ['临边防护缺失'],
        note: '限期整改',
        units: [{ role: 'builder', name: '施工单位', creditCode: owners.c.creditCode }],
      },
    ],
    required: ['/outcome', '/units/0/role', '/units/0/name', '/units/0/creditCode'],
  },
  // 回避 / 改派: refused before the inspection is looked up (a fixed UUID).
  {
    name: 'POST /quality-inspections/:id/reassign',
    path: (id) => `/api/v1/quality-inspections/${id}/reassign`,
    id: () => '0192f000-0000-7000-8000-00000000001b',
    token: () => world.token('reviewer', { department: 'housing-construction' }),
    schema: ReassignQualityInspectionBody,
    bases: () => [{ inspector: 'a', reason: '回避：与施工单位存在利害关系' }],
    required: ['/inspector', '/reason'],
  },
  // 帮办代办 and 中介服务 (docs/assisted-service.md): refused before anything is looked up, so the case and the
  // engagement need not exist (fixed UUIDs).
  {
    name: 'POST /projects/:id/assisted-case',
    path: (id) => `/api/v1/projects/${id}/assisted-case`,
    id: () => ids.project,
    token: () => world.token('clerk'),
    schema: OpenAssistedCaseBody,
    bases: () => [
      {
        eligibility: { basis: 'county-key-project', documentRef: 'doc://plan.pdf', county: '440604' },
        mode: 'special-case',
        stages: ['construction-permit'],
        helper: { sub: 'helper-li', name: '李帮办' },
      },
      {
        eligibility: { basis: 'industrial-project-in-need', documentRef: 'doc://req.pdf', need: '需要帮办' },
        mode: 'pre-handle',
        stages: ['construction-permit', 'completion-acceptance'],
        helper: { sub: 'helper-li', name: '李帮办' },
      },
    ],
    required: [
      '/eligibility',
      '/eligibility/basis',
      '/eligibility/documentRef',
      '/mode',
      '/stages',
      '/helper',
      '/helper/sub',
    ],
  },
  {
    name: 'POST /assisted-cases/:id/close',
    path: (id) => `/api/v1/assisted-cases/${id}/close`,
    id: () => '0192f000-0000-7000-8000-000000000023',
    token: () => world.token('clerk'),
    schema: CloseAssistedCaseBody,
    bases: () => [{ reason: '项目已办结' }],
    required: ['/reason'],
  },
  {
    name: 'POST /assisted-cases/:id/visits',
    path: (id) => `/api/v1/assisted-cases/${id}/visits`,
    id: () => '0192f000-0000-7000-8000-000000000020',
    token: () => world.token('helper', { sub: 'helper-li' }),
    schema: ScheduleVisitBody,
    bases: () => [{ purpose: '回访', channel: 'meeting', workingDays: 5 }],
    kinds: { '/workingDays': 'int' },
    required: ['/purpose', '/channel', '/workingDays'],
  },
  {
    name: 'POST /assisted-cases/:id/visits/:visitId/record',
    path: (id) => `/api/v1/assisted-cases/${id}/visits/0192f000-0000-7000-8000-000000000022/record`,
    id: () => '0192f000-0000-7000-8000-000000000021',
    token: () => world.token('helper', { sub: 'helper-li' }),
    schema: RecordVisitBody,
    bases: () => [{ outcome: '已回访' }],
    required: ['/outcome'],
  },
  {
    name: 'POST /projects/:id/intermediaries',
    path: (id) => `/api/v1/projects/${id}/intermediaries`,
    id: () => ids.project,
    token: () => ownerToken(),
    schema: ChooseIntermediaryBody,
    bases: () => [{ service: 'environmental-impact-report', intermediary: '91441500MA51XK001N' }],
    required: ['/service', '/intermediary'],
  },
  {
    name: 'POST /intermediary-engagements/:id/result',
    path: (id) => `/api/v1/intermediary-engagements/${id}/result`,
    id: () => '0192f000-0000-7000-8000-000000000023',
    token: () => world.token('intermediary', { creditCode: owners.c.creditCode }),
    schema: DeliverIntermediaryResultBody,
    bases: () => [{ documentRef: 'doc://r.pdf' }],
    required: ['/documentRef'],
  },
  // 区域评估 and 用地清单: the city's publications and the window's links (the area and plot ids are fixed UUIDs; a
  // broken body is refused before they are looked up).
  {
    name: 'POST /areas',
    path: () => '/api/v1/areas',
    token: () => world.token('admin'),
    schema: PublishAreaBody,
    bases: () => [
      {
        code: 'fuzz-park',
        name: '产业园',
        kind: 'park',
        region: '440600',
        results: [
          { subject: 'seismic-safety', documentRef: 'doc://s.pdf', issuedOn: '2026-01-05', assessedBy: '区政府' },
        ],
        exceptions: ['cultural-relics'],
      },
    ],
    kinds: { '/results/0/issuedOn': 'date' },
    required: [
      '/code',
      '/name',
      '/kind',
      '/region',
      '/results',
      '/results/0/subject',
      '/results/0/documentRef',
      '/results/0/issuedOn',
      '/results/0/assessedBy',
      '/exceptions',
    ],
  },
  {
    name: 'POST /plots',
    path: () => '/api/v1/plots',
    token: () => world.token('admin'),
    schema: PublishPlotBody,
    bases: () => [
      {
        plotCode: 'fuzz-plot',
        name: '地块',
        region: '440600',
        areaId: '0192f000-0000-7000-8000-000000000020',
        soldOn: '2026-02-27',
        entries: [{ kind: 'planning-condition', text: '容积率≤2.0', materials: ['planning-conditions-letter'] }],
        connectionPoints: [{ utility: 'water', point: 'DN300 J-1', requirement: 'DN150' }],
      },
    ],
    kinds: { '/soldOn': 'date' },
    required: [
      '/plotCode',
      '/name',
      '/region',
      '/soldOn',
      '/entries',
      '/entries/0/kind',
      '/entries/0/text',
      '/connectionPoints',
      '/connectionPoints/0/utility',
      '/connectionPoints/0/point',
    ],
  },
  {
    name: 'POST /projects/:id/area',
    path: (id) => `/api/v1/projects/${id}/area`,
    id: () => ids.project,
    token: () => world.token('clerk'),
    schema: LinkAreaBody,
    bases: () => [{ areaId: '0192f000-0000-7000-8000-000000000020' }],
    required: ['/areaId'],
  },
  {
    name: 'POST /projects/:id/plot',
    path: (id) => `/api/v1/projects/${id}/plot`,
    id: () => ids.project,
    token: () => world.token('clerk'),
    schema: LinkPlotBody,
    bases: () => [{ plotId: '0192f000-0000-7000-8000-000000000021' }],
    required: ['/plotId'],
  },
]

// ---------------------------------------------------------------------------------------------------------------
// Hostile values. Each is invalid wherever it lands: the universal ones for any field, the others for their kind.

/** A stand-in for a value nested too deep, spliced into the JSON text (it would not survive JSON.stringify). */
const DEEP = '\u0001deep\u0001'
const deepText = (levels: number, kind: 'object' | 'array') =>
  kind === 'array' ? `${'['.repeat(levels)}${']'.repeat(levels)}` : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`

const withNul = fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })).map(([a, b]) => `${a}\u0000${b}`)
const withLoneSurrogate = fc
  .tuple(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff'),
    fc.string({ maxLength: 20 }),
  )
  .map(([a, s, b]) => `${a}${s}${b}`)
const overLong = fc
  .integer({ min: INPUT_LIMITS.maxStringLength + 1, max: INPUT_LIMITS.maxStringLength + 2000 })
  .map((n) => 'x'.repeat(n))
const hugeArray = fc
  .integer({ min: INPUT_LIMITS.maxArrayLength + 1, max: 5000 })
  .map((n) => Array.from({ length: n }, () => 'a'))
const deep = fc.record({
  levels: fc.integer({ min: 40, max: 5000 }),
  kind: fc.constantFrom('object' as const, 'array' as const),
})

const universal = fc.oneof(
  withNul,
  withLoneSurrogate,
  overLong,
  hugeArray,
  deep.map((d) => ({ [DEEP]: d })),
)
const byKind: Record<Kind, fc.Arbitrary<unknown>> = {
  int: fc.constantFrom(1e20, 2 ** 53 + 2, Number.MAX_VALUE, 1.5, -1, -1e20, '5'),
  num: fc.constantFrom(1e20, Number.MAX_VALUE, -1, -1e20, 'x', true),
  date: fc.constantFrom('2026/03/01', '26-03-01', '2026-3-1', ...impossibleDates),
}
const unknownKey = fc.oneof(
  fc.constantFrom('prototype', '__proto__', 'constructor', 'colour', 'isAdmin'),
  fc.string({ minLength: 1, maxLength: 8 }).map((s) => `x-${s}`),
)
const reservedKey = fc.constantFrom('prototype', '__proto__', 'constructor')
const wrongAction = fc.oneof(
  fc.constantFrom('delete', 'CLAIM', 'Claim', '', 'claim ', 'approve\u0000', 'prototype', '__proto__'),
  fc.constantFrom(7, null, true, [], {}),
)
// A lone surrogate cannot be percent-encoded as UTF-8 at all (`%ED%A0%80` is not UTF-8), and an id past Fastify's
// maxParamLength (100) is refused by the router before any route: both are the client-error handling of item 6.
const hostileParam = fc.constantFrom('not-a-uuid', 'a%00b', '..%2F..%2Fadmin', '0'.repeat(90), '-1', '%F0%9F%98%80')

type Mutation =
  | { type: 'replace'; path: string; value: unknown }
  | { type: 'delete'; path: string }
  | { type: 'unknown'; at: string; key: string }
  | { type: 'action'; by: string; value: unknown }
  | { type: 'param'; value: string }

/** Every JSON pointer in a value, containers included (not the root). */
function pointers(value: unknown, at = ''): string[] {
  if (value === null || typeof value !== 'object') return []
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value)
  return entries.flatMap(([k, v]) => [`${at}/${k}`, ...pointers(v, `${at}/${k}`)])
}
const objectsIn = (value: unknown): string[] =>
  ['', ...pointers(value)].filter((p) => {
    const v = get(value, p)
    return v !== null && typeof v === 'object' && !Array.isArray(v)
  })
function get(value: unknown, pointer: string): unknown {
  return pointer === ''
    ? value
    : pointer
        .slice(1)
        .split('/')
        .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value)
}
const isFree = (route: Route, pointer: string) =>
  (route.free ?? []).some((f) => pointer === f || pointer.startsWith(`${f}/`))

function mutations(route: Route, base: object): fc.Arbitrary<Mutation> {
  const by = unionBy(route)
  const paths = pointers(base).filter((p) => p !== `/${by}`)
  const options: Array<fc.Arbitrary<Mutation>> = [
    fc.tuple(fc.constantFrom(...paths, ...(by ? [`/${by}`] : [])), universal).map(([path, value]) => ({
      type: 'replace' as const,
      path,
      value,
    })),
    fc.constantFrom(...objectsIn(base)).chain((at) =>
      (isFree(route, at) && at !== '' ? reservedKey : unknownKey).map((key) => ({
        type: 'unknown' as const,
        at,
        key,
      })),
    ),
  ]
  const typed = Object.entries(route.kinds ?? {}).filter(([p]) => get(base, p) !== undefined)
  if (typed.length > 0) {
    options.push(
      fc
        .constantFrom(...typed)
        .chain(([path, kind]) => byKind[kind].map((value) => ({ type: 'replace' as const, path, value }))),
    )
  }
  const variant = by ? (route.requiredOf?.[String(get(base, `/${by}`))] ?? []) : []
  const required = [...(route.required ?? []), ...variant].filter((p) => get(base, p) !== undefined)
  if (required.length > 0) options.push(fc.constantFrom(...required).map((path) => ({ type: 'delete' as const, path })))
  const bounded = Object.entries(route.maxLengths ?? {}).filter(([p]) => get(base, p) !== undefined)
  if (bounded.length > 0) {
    options.push(
      fc
        .constantFrom(...bounded)
        .chain(([path, max]) =>
          fc
            .integer({ min: max + 1, max: max + 100 })
            .map((n) => ({ type: 'replace' as const, path, value: '文'.repeat(n) })),
        ),
    )
  }
  if (by) options.push(wrongAction.map((value) => ({ type: 'action' as const, by, value })))
  if (route.id) options.push(hostileParam.map((value) => ({ type: 'param' as const, value })))
  return fc.oneof(...options)
}

/** The body as JSON text with the mutation applied, and the pointer the answer must name. */
function apply(base: object, m: Mutation): { text: string; expected: string } {
  const body = JSON.parse(JSON.stringify(base)) as Record<string, unknown>
  const parentOf = (pointer: string) => {
    const parts = pointer.slice(1).split('/')
    const key = parts.pop() as string
    return { parent: get(body, parts.length ? `/${parts.join('/')}` : '') as Record<string, unknown>, key }
  }
  let expected = ''
  let deepSpec: { levels: number; kind: 'object' | 'array' } | undefined
  switch (m.type) {
    case 'replace': {
      const { parent, key } = parentOf(m.path)
      const v = m.value as Record<string, unknown> | undefined
      if (v && typeof v === 'object' && DEEP in v) {
        deepSpec = v[DEEP] as typeof deepSpec
        parent[key] = DEEP
      } else parent[key] = m.value
      expected = `/body${m.path}`
      break
    }
    case 'delete': {
      const { parent, key } = parentOf(m.path)
      delete parent[key]
      expected = `/body${m.path}`
      break
    }
    case 'unknown': {
      // defineProperty: a plain assignment of `__proto__` would set the prototype, not add a key.
      Object.defineProperty(get(body, m.at), m.key, {
        value: 'hostile',
        enumerable: true,
        configurable: true,
        writable: true,
      })
      expected = `/body${m.at}/${m.key.replaceAll('~', '~0').replaceAll('/', '~1')}`
      break
    }
    case 'action':
      body[m.by] = m.value
      expected = `/body/${m.by}`
      break
    case 'param':
      expected = '/params/id'
      break
  }
  let text = JSON.stringify(body)
  if (deepSpec) text = text.replace(JSON.stringify(DEEP), deepText(deepSpec.levels, deepSpec.kind))
  return { text, expected }
}

type Answer = { status: number; contentType: string; body: { errors?: Array<{ field: string; message: string }> } }
async function send(route: Route, text: string, id?: string): Promise<Answer> {
  const res = await world.gateway.inject({
    method: 'POST',
    url: route.path(id ?? route.id?.() ?? ''),
    headers: { authorization: `Bearer ${route.token()}`, 'content-type': 'application/json' },
    payload: text,
  })
  let body: Answer['body'] = {}
  try {
    body = JSON.parse(res.body)
  } catch {
    body = {}
  }
  return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body }
}

/** The answer names the field that was broken, or one inside it (a value nested too deep is named where it breaks). */
const names = (field: string, expected: string) => field === expected || field.startsWith(`${expected}/`)

describe('hostile input through the gateway: 4xx problem+json naming the field, nothing written', () => {
  it('has valid bodies to start from (so each request below breaks exactly one thing)', () => {
    for (const route of routes) {
      for (const base of route.bases()) expect([...Value.Errors(route.schema, base)], route.name).toEqual([])
    }
  })

  it('refuses every impossible date in the contract (so each one below is invalid by construction)', () => {
    for (const date of impossibleDates) expect(Value.Check(LegalDate, date), date).toBe(false)
  })

  for (const route of routes) {
    it(route.name, async () => {
      const before = await written()
      const bases = route.bases()
      const arbitrary = fc
        .integer({ min: 0, max: bases.length - 1 })
        .chain((i) => mutations(route, bases[i] as object).map((m) => ({ base: bases[i] as object, m })))
      await fc.assert(
        fc.asyncProperty(arbitrary, async ({ base, m }) => {
          const { text, expected } = apply(base, m)
          const res = await send(route, text, m.type === 'param' ? m.value : undefined)
          const what = `${route.name} ${JSON.stringify(m).slice(0, 300)} → ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`
          expect(res.status, what).toBeGreaterThanOrEqual(400)
          expect(res.status, what).toBeLessThan(500)
          expect(res.contentType, what).toMatch(/^application\/problem\+json/)
          const fields = (res.body.errors ?? []).map((e) => e.field)
          expect(fields.length, what).toBeGreaterThan(0)
          expect(
            fields.some((f) => names(f, expected)),
            `${what}\nexpected a field at ${expected}`,
          ).toBe(true)
          expect(await rowCounts(), what).toEqual(before.rows)
        }),
        { numRuns: 40 },
      )
      // The relay publishes after the commit: a request that did write would show here too.
      expect(await written()).toEqual(before)
    }, 60_000)
  }

  it('still answers the supervisors and every touched project afterwards', async () => {
    const supervisor = world.token('supervisor')
    expectStatus(await world.api('GET', '/api/v1/supervision/clocks', supervisor), 200)
    for (const id of [ids.project, ids.openProject]) {
      expectStatus(await world.api('GET', `/api/v1/projects/${id}/status`, supervisor), 200)
    }
    // And the schema's own maximum limit is one the calendar counts.
    for (const unit of ['W', 'N']) {
      expectStatus(
        await world.api('POST', '/api/v1/clock/preview', supervisor, {
          start: '2026-03-02',
          limit: { value: 3650, unit },
        }),
        200,
      )
    }
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Issue 12, "Must show": 2,000 requests generated from the gateway's own OpenAPI (GET /docs/json), so a route added
// later is fuzzed without anyone listing it here. For each operation a valid request is built from its schemas, then
// exactly one thing in it is broken — a wrong type, a missing or unknown field, a huge string, deep nesting, a
// reserved key, an impossible date, an unknown code — and the answer must be a 4xx problem+json naming that field,
// with no row written in any service's schema and no event published.

/** The JSON Schema keywords the gateway's OpenAPI uses for request parts. */
type JsonSchema = {
  type?: string
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  anyOf?: JsonSchema[]
  discriminator?: { propertyName: string }
  enum?: unknown[]
  const?: unknown
  pattern?: string
  format?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  minItems?: number
  maxItems?: number
  items?: JsonSchema
}
type Part = 'body' | 'querystring' | 'params'
type Operation = {
  name: string
  method: 'GET' | 'POST'
  /** The OpenAPI path, `{id}` style. */
  path: string
  params: Record<string, JsonSchema>
  query: Record<string, { schema: JsonSchema; required: boolean }>
  body?: JsonSchema
}

/**
 * A value for every pattern the gateway's schemas use. A new pattern fails the test here, naming it, rather than
 * going unfuzzed: add an example that matches it.
 */
const PATTERN_EXAMPLES: Record<string, string> = {
  '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$': '01890000-0000-7000-8000-0000000000f1',
  '^20\\d{2}-\\d{2}-\\d{2}$': '2026-03-16',
  '^20\\d{2}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,9})?Z$': '2026-03-16T01:00:00Z',
  '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$': owners.a.creditCode,
  '^\\d{6}$': '440600',
  '^[A-Za-z0-9_-]+$': 'abc',
  // 区域评估 and 用地清单: an area code, a plot's 宗地编号.
  '^[A-Za-z0-9-]+$': 'A-07',
  '^[A-Za-z0-9_-]{43}$': 'A'.repeat(43),
  '^\\d{12}[A-Z]{2}\\d{5}[FLQW]\\d{8}$': '440605001001GB00001F00010001',
  '^20\\d{2}(\\.[0-9A-Za-z-]{1,20}){1,3}$': '2026.1',
  // A live stream's position (GET /api/v1/stream?lastEventId=).
  '^\\d{1,15}$': '1',
  // The supervision figures' grouping (GET /api/v1/supervision/stats?groupBy=).
  '^(none|(step|department|item)(,(step|department|item)){0,2})$': 'step,department',
  // 消息通知 preferences (PUT /api/v1/notifications/preferences): quiet hours, a mobile number, an e-mail address.
  '^([01]\\d|2[0-3]):[0-5]\\d$': '22:00',
  '^1[3-9]\\d{9}$': '13800138000',
  '^[^\\s@]{1,64}@[^\\s@]+\\.[^\\s@]+$': 'owner@example.cn',
  // 风险信号's page cursor (GET /api/v1/supervision/signals?cursor=): a signal's id.
  '^[1-9][0-9]{0,17}$': '1',
  // 12345 热线 registration (POST /api/v1/hotline/tickets): a 居民身份证号码 and a phone number.
  '^\\d{17}[\\dX]$': '44060019800101001X',
  '^[0-9+\\-]{5,20}$': '13800138000',
  // 结果送达 by post (POST /api/v1/projects/:id/applications `delivery`, POST /api/v1/applications/:id/delivery): the
  // recipient's phone, a landline too, and the carrier's tracking number.
  '^\\+?[0-9][0-9 -]{4,24}$': '0660-3388123',
  '^[A-Za-z0-9-]{4,40}$': 'SF1234567890',
  // 并联审批's inbox cursor (GET /api/v1/outside-line-permits?cursor=): by due day (or earliest applied day; under
  // filter=owing the earliest 容缺通过 granted), the day and the request's id.
  '^(due|applied|granted)~20[0-9]{2}-[0-9]{2}-[0-9]{2}~[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$':
    'due~2026-03-16~01890000-0000-7000-8000-0000000000f1',
  // 帮办代办's list cursor (GET /api/v1/assisted-cases?cursor=): the last case's updated time and id.
  '^(-?infinity|(\\d{4}|[1-9]\\d{4,5})-\\d{2}-\\d{2} ([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{0,2}[1-9])?( BC)?)~[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$':
    '2026-03-16 01:00:00~01890000-0000-7000-8000-0000000000f1',
  // 网上预约's page cursor (GET /api/v1/bookings?cursor=): the last booking's slot, booked time and id.
  '^(am|pm)~(-?infinity|(\\d{4}|[1-9]\\d{4,5})-\\d{2}-\\d{2} ([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{0,2}[1-9])?( BC)?)~[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$':
    'am~2026-03-16 01:00:00~01890000-0000-7000-8000-0000000000f3',
  '^(change|outage)~[01]~(-?infinity|(\\d{4}|[1-9]\\d{4,5})-\\d{2}-\\d{2} ([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{0,2}[1-9])?( BC)?)~[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$':
    'change~1~2026-03-16 01:00:00~01890000-0000-7000-8000-0000000000f2',
  // 验收范围 (POST /api/v1/projects/:id/acceptance `part`, …/survey-commissions `part`): a building as named, no
  // whitespace at either end and no control character.
  '^[^\\s\\u0000-\\u001f\\u007f-\\u009f](?:[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?$':
    '1号厂房',
}

/** A valid value of a schema: every property (so each can be broken), one item per array, a union's given branch. */
function example(schema: JsonSchema, branch = 0): unknown {
  if (schema.anyOf) return example(schema.anyOf[branch % schema.anyOf.length] as JsonSchema)
  if (schema.enum) return schema.enum[0]
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, example(s)]))
    case 'array':
      return schema.items
        ? Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => example(schema.items as JsonSchema))
        : []
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, Math.min(schema.maximum ?? 1, 1))
    case 'boolean':
      return true
    case 'string': {
      if (schema.pattern) {
        const value = PATTERN_EXAMPLES[schema.pattern]
        if (value === undefined) throw new Error(`no example for the pattern ${schema.pattern}: add one`)
        return value
      }
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1))
    }
    default:
      return 'x'
  }
}

/** Values that break a schema, whatever else holds: each is refused by the schema or by service-kit's limits. */
function breaking(schema: JsonSchema, part: Part): fc.Arbitrary<unknown> {
  const always: Array<fc.Arbitrary<unknown>> = [withNul, overLong]
  if (part === 'body')
    always.push(
      withLoneSurrogate,
      deep.map((d) => ({ [DEEP]: d })),
    )
  const own: unknown[] = []
  // A code is a closed set: an enum, or a union whose every branch is one. A union with a free-text branch
  // (an acceptance defect is text or {text, requires}) accepts 'not-a-code' as text.
  if (schema.enum || schema.anyOf?.every((b) => b.enum !== undefined || b.const !== undefined))
    own.push('not-a-code', 'CLAIM', '__proto__')
  const type = schema.anyOf ? schema.anyOf[0]?.type : schema.type
  switch (type) {
    case 'string':
      if (schema.format === 'date' || schema.pattern === '^20\\d{2}-\\d{2}-\\d{2}$')
        own.push(...impossibleDates, '2026/03/01')
      // Values no pattern of an identifier or a number takes; a free-text pattern (a building's name) takes '!!', and
      // is broken by edge whitespace and a control character instead.
      if (schema.pattern)
        own.push(
          ...['!!', ' ', ' 1号厂房', '1号\t厂房'].filter((v) => !new RegExp(schema.pattern as string, 'u').test(v)),
        )
      if ((schema.minLength ?? 0) > 0) own.push('')
      if (schema.maxLength !== undefined) own.push('y'.repeat(schema.maxLength + 1))
      if (part === 'body') own.push(7, true, null, [], {})
      break
    case 'integer':
      own.push('abc', '2.5', '1e2', '0x10')
      if (part === 'body') own.push(1.5, true, null, [1])
      if (schema.maximum !== undefined) own.push(part === 'body' ? schema.maximum + 1 : String(schema.maximum + 1))
      if (schema.minimum !== undefined) own.push(part === 'body' ? schema.minimum - 1 : String(schema.minimum - 1))
      break
    case 'number':
      own.push(part === 'body' ? 'x' : 'abc')
      if (part === 'body') own.push(true, null, {})
      if (schema.maximum !== undefined)
        own.push(part === 'body' ? schema.maximum * 2 + 1 : String(schema.maximum * 2 + 1))
      if (schema.minimum !== undefined) own.push(part === 'body' ? schema.minimum - 1 : String(schema.minimum - 1))
      break
    case 'boolean':
      own.push('yes', 1, null)
      break
    case 'array':
      own.push('x', 7, {})
      if ((schema.minItems ?? 0) > 0) own.push([])
      own.push(
        Array.from({ length: (schema.maxItems ?? INPUT_LIMITS.maxArrayLength) + 1 }, () => example(schema.items ?? {})),
      )
      break
    case 'object':
      own.push('x', 7, [], null)
      break
  }
  // The schema's own breakages first: the universal ones are the same for every field.
  return own.length > 0
    ? fc.oneof(
        { arbitrary: fc.constantFrom(...own), weight: 3 },
        ...always.map((arbitrary) => ({ arbitrary, weight: 1 })),
      )
    : fc.oneof(...always)
}

/** The kind of a breaking value, for the tally. */
function kindOf(value: unknown): string {
  if (value && typeof value === 'object' && DEEP in value) return 'deep nesting'
  if ((typeof value === 'string' && value.length > 500) || (Array.isArray(value) && value.length > 50))
    return 'huge string or array'
  if (typeof value === 'string' && (impossibleDates.includes(value) || value === '2026/03/01')) return 'invalid date'
  if (value === 'not-a-code' || value === 'CLAIM' || value === '__proto__') return 'invalid code'
  if (typeof value === 'string' && (value.includes('\u0000') || !value.isWellFormed())) return 'NUL or lone surrogate'
  return 'wrong type or value'
}

type Slot = { pointer: string; schema: JsonSchema }
/** Every place in a body that can be broken, with its schema; a union is entered through the branch the base took. */
function slots(schema: JsonSchema, value: unknown, pointer = ''): Slot[] {
  const here = pointer === '' ? [] : [{ pointer, schema }]
  if (schema.anyOf && schema.discriminator && value && typeof value === 'object') {
    const tag = (value as Record<string, unknown>)[schema.discriminator.propertyName]
    const branch = schema.anyOf.find((b) => b.properties?.[schema.discriminator?.propertyName ?? '']?.enum?.[0] === tag)
    return branch ? [...here, ...slots(branch, value, pointer)] : here
  }
  if (schema.type === 'object' && value && typeof value === 'object') {
    return [
      ...here,
      ...Object.entries(schema.properties ?? {}).flatMap(([k, s]) =>
        k in (value as object) ? slots(s, (value as Record<string, unknown>)[k], `${pointer}/${k}`) : [],
      ),
    ]
  }
  if (schema.type === 'array' && Array.isArray(value) && schema.items && value.length > 0) {
    return [...here, ...slots(schema.items, value[0], `${pointer}/0`)]
  }
  return here
}
/** The object schemas of a body, with whether they refuse unknown keys (a free-form one refuses only reserved keys). */
const objectSlots = (schema: JsonSchema, value: unknown): Slot[] =>
  [{ pointer: '', schema }, ...slots(schema, value)].flatMap((s) => {
    if (s.schema.type === 'object') return [s]
    if (s.schema.anyOf && s.schema.discriminator) {
      const tag = (get(value, s.pointer) as Record<string, unknown>)?.[s.schema.discriminator.propertyName]
      const branch = s.schema.anyOf.find(
        (b) => b.properties?.[s.schema.discriminator?.propertyName ?? '']?.enum?.[0] === tag,
      )
      return branch ? [{ pointer: s.pointer, schema: branch }] : []
    }
    return []
  })

type Broken = {
  /** What kind of breakage, for the tally: each kind the issue names must be sent. */
  kind: string
  part: Part
  expected: string
  body?: string
  query: Record<string, string>
  params: Record<string, string>
  what: string
}

function operationsOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).flatMap(([method, op]) => {
      if (!path.startsWith('/api/v1/')) return []
      const parameters = (op['parameters'] ?? []) as Array<{
        in: string
        name: string
        required?: boolean
        schema: JsonSchema
      }>
      const body = (op['requestBody'] as { content?: Record<string, { schema: JsonSchema }> } | undefined)?.content?.[
        'application/json'
      ]?.schema
      const params = Object.fromEntries(parameters.filter((p) => p.in === 'path').map((p) => [p.name, p.schema]))
      const query = Object.fromEntries(
        parameters
          .filter((p) => p.in === 'query')
          .map((p) => [p.name, { schema: p.schema, required: p.required === true }]),
      )
      // A body that is a union without a discriminator (the calendar: a year's schedule or a region's overlay) has no
      // one field a broken copy must be named by — its own test refuses bad ones field by field
      // (e2e/test/calendar.e2e.test.ts); such an operation is fuzzed by its parameters only, when it has any.
      const fuzzedBody = body && !(body.anyOf && !body.discriminator) ? body : undefined
      if (!fuzzedBody && parameters.length === 0) return []
      return [
        {
          name: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase() as 'GET' | 'POST',
          path,
          params,
          query,
          ...(fuzzedBody ? { body: fuzzedBody } : {}),
        },
      ]
    }),
  )
}

/** One request with exactly one thing broken, and the field the answer must name. */
function brokenRequests(op: Operation): fc.Arbitrary<Broken> {
  const params = Object.fromEntries(Object.entries(op.params).map(([k, s]) => [k, String(example(s))]))
  const query = Object.fromEntries(Object.entries(op.query).map(([k, q]) => [k, String(example(q.schema))]))
  // Weighted so that a body, where most fields are, gets most requests, and a path id (the same few values on every
  // route) the fewest.
  const options: Array<{ arbitrary: fc.Arbitrary<Broken>; weight: number }> = []
  // Exactly one thing broken: a route that takes a body and a query gets a valid body beside a broken query or path
  // id (fastify checks the body before the query, so a missing body would be named instead).
  const plain = { query, params, ...(op.body ? { body: JSON.stringify(example(op.body)) } : {}) }
  for (const [name] of Object.entries(op.params)) {
    options.push({
      weight: 1,
      arbitrary: hostileParam.map((value) => ({
        ...plain,
        params: { ...params, [name]: value },
        kind: 'hostile path id',
        part: 'params' as const,
        expected: `/params/${name}`,
        what: `param ${name}=${value}`,
      })),
    })
  }
  for (const [name, q] of Object.entries(op.query)) {
    options.push({
      weight: 3,
      arbitrary: breaking(q.schema, 'querystring').map((value) => ({
        ...plain,
        query: { ...query, [name]: String(value) },
        kind: kindOf(value),
        part: 'querystring' as const,
        expected: `/querystring/${name}`,
        what: `query ${name}=${String(value).slice(0, 60)}`,
      })),
    })
    if (q.required) {
      const { [name]: _dropped, ...rest } = query
      options.push({
        weight: 1,
        arbitrary: fc.constant({
          ...plain,
          query: rest,
          kind: 'missing field',
          part: 'querystring' as const,
          expected: `/querystring/${name}`,
          what: `query ${name} missing`,
        }),
      })
    }
  }
  if (Object.keys(op.query).length > 0) {
    options.push({
      weight: 1,
      arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype').map((key) => ({
        ...plain,
        query: { ...query, [key]: '1' },
        kind: 'reserved key (__proto__…)',
        part: 'querystring' as const,
        expected: `/querystring/${key}`,
        what: `query key ${key}`,
      })),
    })
  }
  if (op.body) {
    const schema = op.body
    const branches = schema.anyOf?.length ?? 1
    options.push({
      weight: 8,
      arbitrary: fc.integer({ min: 0, max: branches - 1 }).chain((branch) => {
        const base = example(schema, branch) as object
        const leaves = slots(schema, base)
        const objects = objectSlots(schema, base)
        const required = objects.flatMap((o) => (o.schema.required ?? []).map((k) => `${o.pointer}/${k}`))
        // A body whose example has no leaf to break (a branch that is all objects) is broken by its objects alone.
        const mutation: Array<fc.Arbitrary<Mutation>> = []
        if (leaves.length > 0)
          mutation.push(
            fc
              .constantFrom(...leaves)
              .chain((s) =>
                breaking(s.schema, 'body').map((value) => ({ type: 'replace' as const, path: s.pointer, value })),
              ),
          )
        mutation.push(
          fc.constantFrom(...objects).chain((o) =>
            (o.schema.additionalProperties === false ? unknownKey : reservedKey).map((key) => ({
              type: 'unknown' as const,
              at: o.pointer,
              key,
            })),
          ),
        )
        if (required.length > 0)
          mutation.push(fc.constantFrom(...required).map((path) => ({ type: 'delete' as const, path })))
        return fc.oneof(...mutation).map((m) => {
          const { text, expected } = apply(base, m)
          return {
            ...plain,
            body: text,
            kind:
              m.type === 'delete'
                ? 'missing field'
                : m.type === 'unknown'
                  ? ['__proto__', 'constructor', 'prototype'].includes(m.key)
                    ? 'reserved key (__proto__…)'
                    : 'unknown field'
                  : m.type === 'replace'
                    ? kindOf(m.value)
                    : m.type,
            part: 'body' as const,
            expected,
            what: `body ${JSON.stringify(m).slice(0, 200)}`,
          }
        })
      }),
    })
  }
  return fc.oneof(...options)
}

describe('2,000 requests generated from the OpenAPI of the real gateway', () => {
  it('answers each with a 4xx problem+json naming the broken field; no 5xx, no row, no event', async () => {
    const doc = JSON.parse((await world.gateway.inject({ method: 'GET', url: '/docs/json' })).body)
    const operations = operationsOf(doc)
    // Every route with an input is in (the routes without one take nothing to break).
    expect(operations.length).toBeGreaterThanOrEqual(25)
    const seed = Number(process.env['FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31))
    console.info(`OpenAPI fuzz: seed ${seed} (FUZZ_SEED=${seed} repeats this run), ${operations.length} operations`)
    const before = await written()
    const token = world.token('admin')
    const hit = new Map<string, number>()
    const kinds = new Map<string, number>()
    const arbitrary = fc.constantFrom(...operations).chain((op) => brokenRequests(op).map((b) => ({ op, b })))
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ op, b }) => {
        hit.set(op.name, (hit.get(op.name) ?? 0) + 1)
        kinds.set(b.kind, (kinds.get(b.kind) ?? 0) + 1)
        const path = op.path.replace(/\{(\w+)\}/g, (_, k: string) => b.params[k] ?? '')
        const search = new URLSearchParams(b.query).toString()
        const res = await world.gateway.inject({
          method: op.method,
          url: `${path}${search ? `?${search}` : ''}`,
          headers: {
            authorization: `Bearer ${token}`,
            ...(b.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(b.body === undefined ? {} : { payload: b.body }),
        })
        let body: Answer['body'] = {}
        try {
          body = JSON.parse(res.body)
        } catch {
          body = {}
        }
        const what = `${op.name} ${b.what} → ${res.statusCode} ${res.body.slice(0, 400)}`
        expect(res.statusCode, what).toBeGreaterThanOrEqual(400)
        expect(res.statusCode, what).toBeLessThan(500)
        expect(String(res.headers['content-type']), what).toMatch(/^application\/problem\+json/)
        const fields = (body.errors ?? []).map((e) => e.field)
        expect(
          fields.some((f) => names(f, b.expected)),
          `${what}\nexpected a field at ${b.expected}`,
        ).toBe(true)
        expect(await rowCounts(), what).toEqual(before.rows)
      }),
      { seed, numRuns: 2000 },
    )
    expect(await written()).toEqual(before)
    console.info(`OpenAPI fuzz: sent ${JSON.stringify(Object.fromEntries([...kinds].sort()))}`)
    expect([...kinds.keys()].sort()).toEqual(
      [
        'deep nesting',
        'hostile path id',
        'huge string or array',
        'invalid code',
        'invalid date',
        'missing field',
        'NUL or lone surrogate',
        'reserved key (__proto__…)',
        'unknown field',
        'wrong type or value',
      ].sort(),
    )
    // Each operation was sent broken requests (2,000 spread over about 28).
    expect([...hit.keys()].sort()).toEqual(operations.map((o) => o.name).sort())
  }, 600_000)
})

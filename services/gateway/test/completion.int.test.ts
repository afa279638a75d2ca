import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  AcceptanceInspectionScheduledV1,
  AcceptanceOpinionRecordedV1,
  AcceptancePassedV1,
  AcceptanceStartedV1,
  ApplicationAcceptedV1,
  CertificateIssuedV1,
  CertificateObjectionAnsweredV1,
  CertificateObjectionRaisedV1,
  type CertificateObjectionSnapshot,
  CertificateRevokedV1,
  certificateDigest,
  ProjectRegisteredV1,
  RegistrationCaseOpenedV1,
  RegistrationCompletedV1,
  RegistrationPreSurveyStartedV1,
  StepDecidedV1,
  SurveyCompletedV1,
  TaskAssignedV1,
  TaskDecidedV1,
  TaskRevokedV1,
  UtilityRequestAdvancedV1,
  UtilityRequestOpenedV1,
} from '@onewindow/contracts'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { migrationsDir } from '../src/index.js'
import {
  acceptanceCase,
  applicationAccepted,
  owners,
  projectRegistered,
  registrationCase,
  signedCertificate,
  stepDecided,
  task,
  utilityRequest,
} from './events.js'
import { type GatewayWorld, gatewayWorld, START } from './world.js'

let w: GatewayWorld
// With a trailing slash, as an operator might write it: the QR payload must not get a double one.
const PUBLIC = 'https://permits.example.gov.cn'
beforeAll(async () => {
  w = await gatewayWorld({ publicBaseUrl: `${PUBLIC}/` })
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})
beforeEach(() => {
  w.clock.set(START)
})

const W = (value: number) => ({ value, unit: 'W' as const })
const supervisor = () => w.token({ role: 'supervisor' })
const foshanOwner = () => w.token({ role: 'owner', creditCode: owners.foshan.creditCode })
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

/** A Foshan industrial project (12 W cap) with its permits step accepted Monday 2 March and decided Tuesday. */
async function industrialProject() {
  const project = projectRegistered({
    projectType: 'industrial-land-with-scheme',
    region: '440600',
    owner: owners.foshan,
    cap: W(12),
    flow: [
      { step: 'permits', name: '施工许可', stage: 'construction-permit', items: ['construction-permit'], limit: W(1) },
      {
        step: 'joint-acceptance',
        name: '联合验收',
        stage: 'completion-acceptance',
        items: ['completion-acceptance-filing'],
        limit: W(8),
      },
      {
        step: 'first-registration',
        name: '不动产首次登记',
        stage: 'completion-acceptance',
        items: ['first-registration'],
        limit: W(3),
      },
    ],
  })
  const application = applicationAccepted(project.projectId, {
    step: 'permits',
    ownerCreditCode: owners.foshan.creditCode,
  })
  const t = task(project.projectId, application.applicationId, { step: 'permits' })
  await w.publish(ProjectRegisteredV1, project)
  await w.publish(ApplicationAcceptedV1, application)
  await w.publish(TaskAssignedV1, { task: t })
  await w.publish(TaskDecidedV1, {
    task: {
      ...t,
      status: 'approved',
      nationalCode: 12,
      version: 2,
      decision: { outcome: 'approved', decidedAt: '2026-03-03T08:00:00Z' },
      updatedAt: '2026-03-03T08:00:00Z',
    },
  })
  await w.publish(StepDecidedV1, {
    ...stepDecided(t),
    step: 'permits',
    decidedAt: '2026-03-03T08:00:01Z',
    decidedOn: '2026-03-03',
  })
  const s = await statusWhen(project.projectId, (x) => x.applications[0]?.decision?.decidedOn === '2026-03-03')
  return { project, entries: s.timeline.length as number }
}

describe('the issue-4 flow in the read model', () => {
  it('shows acceptance, utilities, registration, certificates and the whole-flow clock, with one timeline', async () => {
    const { project, entries } = await industrialProject()
    const P = project.projectId
    const opened = acceptanceCase(P, { openedAt: '2026-03-04T01:00:00Z' })
    const scheduled = {
      ...opened,
      status: 'scheduled' as const,
      inspection: {
        date: '2026-03-09',
        place: '厂区',
        participants: ['housing-construction', 'fire'],
        round: 1,
      },
      version: 2,
      updatedAt: '2026-03-05T01:00:00Z',
    }
    // The newer snapshot first: the older one must not overwrite it.
    await w.publish(AcceptanceInspectionScheduledV1, { case: scheduled, actor: 'lead:housing-construction' })
    await w.publish(AcceptanceStartedV1, { case: opened })
    const water = utilityRequest(P, { provider: 'water' })
    const power = utilityRequest(P, { provider: 'power', lowRisk: false })
    await w.publish(UtilityRequestOpenedV1, { request: water }, { request: power })
    await w.publish(UtilityRequestAdvancedV1, {
      request: {
        ...water,
        stage: 'plan',
        clock: { limit: W(3), start: '2026-03-03', suspensions: [] },
        version: 2,
        updatedAt: '2026-03-04T01:00:00Z',
      },
    })
    const reg = registrationCase(P, { acceptanceCaseId: opened.caseId })
    await w.publish(RegistrationPreSurveyStartedV1, { case: reg })

    w.clock.set('2026-03-11T02:00:00Z')
    const running = await statusWhen(
      P,
      (s) => s.timeline.length === entries + 6 && s.utilities.some((u: { stage: string }) => u.stage === 'plan'),
    )
    expect(running.acceptance).toHaveLength(1)
    expect(running.acceptance[0]).toMatchObject({
      caseId: opened.caseId,
      status: 'scheduled',
      version: 2,
      inspection: { date: '2026-03-09' },
      items: [{ item: 'completion-acceptance-filing' }, { item: 'fire-acceptance-filing', department: 'fire' }],
      // 8 W from Wednesday 4 March: due Monday 16th, 5 used on Wednesday 11th.
      clockState: { due: '2026-03-16', used: 5, remaining: 3, level: 'green' },
    })
    const byProvider = Object.fromEntries(running.utilities.map((u: { provider: string }) => [u.provider, u]))
    expect(byProvider['water']).toMatchObject({ stage: 'plan', version: 2, clockState: { due: '2026-03-06' } })
    expect(byProvider['water'].clockState.overdue).toBe(true)
    expect(byProvider['power']).toMatchObject({ stage: 'survey', lowRisk: false })
    expect(running.registration).toEqual([expect.objectContaining({ caseId: reg.caseId, status: 'pre-survey' })])
    expect(running.certificates).toEqual([])
    expect(running.wholeFlow).toMatchObject({
      allowed: W(12),
      used: 6,
      withinCap: true,
      steps: [
        { step: 'permits', used: 1, from: '2026-03-02', to: '2026-03-03' },
        { step: 'joint-acceptance', used: 5, from: '2026-03-04' },
        { step: 'first-registration', used: 0 },
      ],
    })
    const types = running.timeline.map((e: { type: string }) => e.type)
    expect(types.filter((t: string) => t.startsWith('acceptance.'))).toHaveLength(2)
    expect(types.filter((t: string) => t.startsWith('utility.'))).toHaveLength(3)
    expect(types.filter((t: string) => t.startsWith('registration.'))).toHaveLength(1)
    expect(running.timeline.find((e: { actor?: string }) => e.actor === 'lead:housing-construction')).toBeDefined()

    // Passed on Monday 16th (8 W), registration opened and completed within 3 W, the certificate issued.
    const passed = { ...scheduled, status: 'passed' as const, decidedAt: '2026-03-16T08:00:00Z', version: 3 }
    await w.publish(AcceptancePassedV1, { case: passed })
    const open = {
      ...reg,
      status: 'open' as const,
      clock: { limit: W(3), start: '2026-03-16', suspensions: [] },
      version: 3,
      updatedAt: '2026-03-16T08:00:00Z',
    }
    await w.publish(RegistrationCaseOpenedV1, { case: open })
    const certificate = signedCertificate(P, { issuedOn: '2026-03-19' })
    await w.publish(RegistrationCompletedV1, {
      case: {
        ...open,
        status: 'completed',
        completedAt: '2026-03-19T08:00:00Z',
        certificateId: certificate.body.certificateId,
        version: 4,
      },
    })
    await w.publish(CertificateIssuedV1, { certificate, issuedAt: '2026-03-19T08:00:00Z' })

    w.clock.set('2026-03-30T02:00:00Z')
    const done = await statusWhen(P, (s) => s.certificates.length === 1 && s.registration[0]?.status === 'completed')
    expect(done.acceptance[0]).toMatchObject({ status: 'passed', version: 3 })
    // Read on its decision day ever after: a passed case never turns red.
    expect(done.acceptance[0].clockState).toMatchObject({ used: 8, level: 'yellow', overdue: false })
    expect(done.registration[0].clockState).toMatchObject({ used: 3, overdue: false })
    // Issued before bodies named their 发证机关: no issuer, in the answer or the read model.
    expect(done.certificates).toEqual([
      {
        certificateId: certificate.body.certificateId,
        kind: 'property',
        number: certificate.body.number,
        title: '不动产权证书',
      },
    ])
    const row = await w.db.pool.query('SELECT issuer FROM certificate WHERE id = $1', [certificate.body.certificateId])
    expect(row.rows).toEqual([{ issuer: null }])
    expect(done.wholeFlow).toMatchObject({
      allowed: W(12),
      used: 12,
      withinCap: true,
      steps: [{ used: 1 }, { used: 8, to: '2026-03-16' }, { used: 3, from: '2026-03-16', to: '2026-03-19' }],
    })
    expect(done.timeline.map((e: { type: string }) => e.type)).toContain('certificate.issued')
    const times = done.timeline.map((e: { occurredAt: string }) => e.occurredAt)
    expect(times).toEqual([...times].sort())
  })

  it("shows a rectify opinion's defects and a permit certificate's item and issuer", async () => {
    const project = projectRegistered({ owner: owners.foshan })
    const opened = acceptanceCase(project.projectId)
    const rectify = {
      ...opened,
      status: 'rectifying' as const,
      items: opened.items.map((i) =>
        i.department === 'fire'
          ? { ...i, status: 'rectify' as const, defects: ['疏散指示标志缺失'], round: 1 }
          : { ...i, status: 'passed' as const, round: 1 },
      ),
      version: 2,
      updatedAt: '2026-03-05T02:00:00Z',
    }
    const permit = signedCertificate(project.projectId, {
      kind: 'permit',
      title: '建筑工程施工许可证',
      item: 'construction-permit',
      issuer: '佛山市住房城乡建设局',
    })
    await w.publish(ProjectRegisteredV1, project)
    await w.publish(AcceptanceOpinionRecordedV1, { case: rectify, actor: 'reviewer:fire' })
    await w.publish(CertificateIssuedV1, { certificate: permit, issuedAt: '2026-03-03T08:00:00Z' })
    const s = await statusWhen(project.projectId, (x) => x.acceptance.length === 1 && x.certificates.length === 1)
    expect(s.acceptance[0].items.find((i: { department: string }) => i.department === 'fire')).toMatchObject({
      status: 'rectify',
      defects: ['疏散指示标志缺失'],
    })
    expect(s.certificates).toEqual([
      {
        certificateId: permit.body.certificateId,
        kind: 'permit',
        number: permit.body.number,
        title: '建筑工程施工许可证',
        item: 'construction-permit',
        issuer: '佛山市住房城乡建设局',
      },
    ])
    // The owner's view says it too, and the read model keeps it beside the title.
    const mine = await w.api('GET', `/api/v1/projects/${project.projectId}/status`, foshanOwner())
    expect(mine.body.certificates[0]?.issuer).toBe('佛山市住房城乡建设局')
    const issuerOf = async () =>
      (await w.db.pool.query('SELECT issuer FROM certificate WHERE id = $1', [permit.body.certificateId])).rows
    expect(await issuerOf()).toEqual([{ issuer: '佛山市住房城乡建设局' }])

    // A row projected before the column: the migration takes it from the row's own signed body, and only from it.
    const migration = readFileSync(join(migrationsDir, '20261217000000_certificate_issuer', 'migration.sql'), 'utf8')
    const backfill = /^UPDATE "certificate"[^;]*;/m.exec(migration)?.[0] ?? 'no UPDATE in the migration'
    await w.db.pool.query('UPDATE certificate SET issuer = NULL WHERE id = $1', [permit.body.certificateId])
    await w.db.pool.query(backfill)
    expect(await issuerOf()).toEqual([{ issuer: '佛山市住房城乡建设局' }])
    const disagreeing = await w.db.pool.query(
      `SELECT count(*)::int AS n FROM certificate WHERE issuer IS DISTINCT FROM signed -> 'body' ->> 'issuer'`,
    )
    expect(disagreeing.rows).toEqual([{ n: 0 }])
  })

  it("names a building's registration, completion survey and certificate, and a phased permit's phase (登记一幢, 分阶段办理)", async () => {
    const project = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, project)
    const building = registrationCase(project.projectId, { part: '1号厂房', status: 'open', version: 2 })
    await w.publish(RegistrationCaseOpenedV1, { case: building })
    const property = signedCertificate(project.projectId, { part: '1号厂房', issuer: '佛山市不动产登记中心' })
    const phase = { code: 'foundation-pit', name: '基坑围护', number: 1, count: 4 }
    const permit = signedCertificate(project.projectId, {
      kind: 'permit',
      title: '建筑工程施工许可证',
      item: 'construction-permit',
      phase,
    })
    await w.publish(CertificateIssuedV1, { certificate: property, issuedAt: '2026-03-16T08:00:00Z' })
    await w.publish(CertificateIssuedV1, { certificate: permit, issuedAt: '2026-03-16T08:00:01Z' })
    // 竣工一幢: the building's completion survey (多测合一) names its building as the registration does.
    const survey = {
      commissionId: randomUUID(),
      projectId: project.projectId,
      ownerCreditCode: owners.foshan.creditCode,
      stage: 'completion' as const,
      part: '1号厂房',
      surveyor: { name: '佛山市示例测绘有限公司', creditCode: '91440604MA52ABC135' },
      items: [{ item: 'floor-area-survey', name: '房产测量', source: 'test' }],
      status: 'completed' as const,
      commissionedAt: '2026-03-09T02:00:00.000Z',
      commissionedOn: '2026-03-09',
      results: [{ item: 'floor-area-survey', documentRef: 'https://survey.example/r', areaM2: 8120.75 }],
      completedAt: '2026-03-11T02:00:00.000Z',
      revision: 2,
    }
    await w.publish(SurveyCompletedV1, { commission: survey })
    const s = await statusWhen(
      project.projectId,
      (x) =>
        x.certificates.length === 2 &&
        x.registration.length === 1 &&
        x.timeline.some((e: { type: string }) => e.type === 'survey.completed'),
    )
    expect(s.certificates).toEqual(
      expect.arrayContaining([
        {
          certificateId: property.body.certificateId,
          kind: 'property',
          number: property.body.number,
          title: '不动产权证书',
          part: '1号厂房',
          issuer: '佛山市不动产登记中心',
        },
        {
          certificateId: permit.body.certificateId,
          kind: 'permit',
          number: permit.body.number,
          title: '建筑工程施工许可证',
          item: 'construction-permit',
          phase,
        },
      ]),
    )
    expect(s.timeline.map((e: { summary: string }) => e.summary)).toContain(
      'Registration (1号厂房): 验登合一 — first-registration case opened',
    )
    // The building and the phase are fields of their entries too, stored in columns of their own and read back whole.
    type Entry = { type: string; part?: string; phase?: unknown }
    const entries = s.timeline as Entry[]
    expect(entries.find((e) => e.type === 'registration.opened')).toMatchObject({ part: '1号厂房' })
    expect(entries.find((e) => e.type === 'survey.completed')).toMatchObject({ part: '1号厂房' })
    const issued = entries.filter((e) => e.type === 'certificate.issued')
    expect(issued).toEqual(
      expect.arrayContaining([expect.objectContaining({ part: '1号厂房' }), expect.objectContaining({ phase })]),
    )
    expect(issued.find((e) => e.part)).not.toHaveProperty('phase')
  })

  it("lists a provider's own requests and a registrar's cases; other roles get 403", async () => {
    const project = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, project)
    const gas = utilityRequest(project.projectId, { provider: 'gas', stage: 'construction' })
    const telecom = utilityRequest(project.projectId, { provider: 'telecom' })
    await w.publish(UtilityRequestOpenedV1, { request: gas }, { request: telecom })
    const reg = registrationCase(project.projectId)
    await w.publish(RegistrationPreSurveyStartedV1, { case: reg })
    const gasCo = w.token({ role: 'utility', provider: 'gas' })
    const ids = async (query: string) => {
      const res = await w.api('GET', `/api/v1/utility-requests${query}`, gasCo)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body.requests.map((r: { requestId: string }) => r.requestId)
    }
    await expect.poll(() => ids(`?project=${project.projectId}`)).toEqual([gas.requestId])
    // The provider's list names the project its request is on; a provider with no request on it is never told it.
    expect((await w.api('GET', `/api/v1/utility-requests?project=${project.projectId}`, gasCo)).body.projects).toEqual([
      {
        projectId: project.projectId,
        name: project.name,
        projectCode: project.projectCode,
        location: project.location ?? null,
      },
    ])
    const power = w.token({ role: 'utility', provider: 'power' })
    expect((await w.api('GET', `/api/v1/utility-requests?project=${project.projectId}`, power)).body).toMatchObject({
      requests: [],
      projects: [],
    })
    expect(await ids(`?project=${project.projectId}&stage=survey`)).toEqual([])
    const badStage = await w.api('GET', '/api/v1/utility-requests?stage=dreaming', gasCo)
    expect(badStage.status).toBe(400)
    expect(badStage.body.errors.map((e: { field: string }) => e.field)).toContain('/querystring/stage')

    const registrar = w.token({ role: 'registrar' })
    await expect
      .poll(async () => (await w.api('GET', `/api/v1/registrations?project=${project.projectId}`, registrar)).body)
      .toEqual({
        registrations: [expect.objectContaining({ caseId: reg.caseId, status: 'pre-survey' })],
        // The case's project named by its title, which the registrar reads nowhere else.
        projects: [
          {
            projectId: project.projectId,
            name: project.name,
            projectCode: project.projectCode,
            location: project.location ?? null,
          },
        ],
        unreadable: [],
      })
    const none = await w.api('GET', `/api/v1/registrations?project=${project.projectId}&status=completed`, registrar)
    expect(none.body.registrations).toEqual([])

    for (const bearer of [w.token({ role: 'clerk' }), foshanOwner(), registrar]) {
      expect((await w.api('GET', '/api/v1/utility-requests', bearer)).status).toBe(403)
    }
    for (const bearer of [w.token({ role: 'clerk' }), gasCo]) {
      expect((await w.api('GET', '/api/v1/registrations', bearer)).status).toBe(403)
    }
  })
})

describe("the certificates of a registrar's case's project (证照异议 from the registration office)", () => {
  it('lists them to a registrar once a registration case is on the project; without one it is unknown, other roles 403', async () => {
    const project = projectRegistered({ owner: owners.foshan })
    const bare = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, project, bare)
    const permit = signedCertificate(project.projectId, {
      kind: 'permit',
      number: '440600202603030101',
      title: '建筑工程施工许可证',
      item: 'construction-permit',
      issuer: '佛山市住房城乡建设局',
    })
    const other = signedCertificate(bare.projectId, {
      kind: 'permit',
      number: '建字第440600202600002号',
      title: '建设工程规划许可证',
      item: 'engineering-planning-permit',
    })
    await w.publish(
      CertificateIssuedV1,
      { certificate: permit, issuedAt: '2026-03-03T08:00:00Z' },
      { certificate: other, issuedAt: '2026-03-03T08:00:00Z' },
    )
    const registrar = w.token({ role: 'registrar' })
    const list = (id: string, bearer = registrar) => w.api('GET', `/api/v1/projects/${id}/certificates`, bearer)
    // The permit is in the read model (a supervisor reads it) but no case is on the project yet: unknown to the
    // registrar, as a project that does not exist.
    await statusWhen(project.projectId, (x) => x.certificates.length === 1)
    expect(await list(project.projectId)).toMatchObject({ status: 404, body: { code: 'GATEWAY_PROJECT_NOT_FOUND' } })
    expect(await list(randomUUID())).toMatchObject({ status: 404, body: { code: 'GATEWAY_PROJECT_NOT_FOUND' } })

    await w.publish(RegistrationPreSurveyStartedV1, { case: registrationCase(project.projectId) })
    await expect.poll(async () => (await list(project.projectId)).status).toBe(200)
    // Each as the status lists it: no owner on it, and only the project's own.
    expect((await list(project.projectId)).body).toEqual({
      certificates: [
        {
          certificateId: permit.body.certificateId,
          kind: 'permit',
          number: permit.body.number,
          title: '建筑工程施工许可证',
          item: 'construction-permit',
          issuer: '佛山市住房城乡建设局',
        },
      ],
      unreadable: [],
      // The registration office issues no permit: none is its own.
      ownItems: [],
    })
    expect((await list(bare.projectId)).status).toBe(404)
    for (const bearer of [
      w.token({ role: 'clerk' }),
      supervisor(),
      foshanOwner(),
      w.token({ role: 'reviewer', department: 'housing-construction' }),
    ]) {
      expect((await list(project.projectId, bearer)).status).toBe(403)
    }
    expect((await w.api('GET', '/api/v1/projects/not-a-uuid/certificates', registrar)).status).toBe(400)
  })
})

describe('证照异议 on the timeline', () => {
  it('says who raised each objection: the owner on its own property certificate, the registration office or another department on a permit', async () => {
    const project = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, project)
    const objection = (over: Partial<CertificateObjectionSnapshot>): CertificateObjectionSnapshot => ({
      objectionId: randomUUID(),
      certificateId: randomUUID(),
      certificateNumber: '粤(2026)佛山市不动产权第0000001号',
      certificateTitle: '不动产权证书',
      projectId: project.projectId,
      issuer: 'registration-office',
      raisedBy: `owner-${owners.foshan.creditCode.toLowerCase()}`,
      raisedBySub: 'owner-1',
      reason: '证载建筑面积与房产测绘报告不一致',
      evidence: [],
      raisedAt: '2026-03-05T02:00:00Z',
      status: 'open',
      version: 1,
      ...over,
    })
    const owners_ = objection({})
    const registrars = objection({
      certificateNumber: '440600202603030101',
      certificateTitle: '建筑工程施工许可证',
      issuer: 'housing-construction',
      raisedBy: 'registration-office',
      raisedBySub: 'registrar-1',
      raisedAt: '2026-03-05T03:00:00Z',
    })
    const departments = objection({
      certificateNumber: '440600202603030102',
      certificateTitle: '建设工程规划许可证',
      issuer: 'natural-resources',
      raisedBy: 'housing-construction',
      raisedBySub: 'reviewer-1',
      raisedAt: '2026-03-05T03:30:00Z',
    })
    await w.publish(
      CertificateObjectionRaisedV1,
      { objection: owners_ },
      { objection: registrars },
      { objection: departments },
    )
    await w.publish(CertificateObjectionAnsweredV1, {
      objection: {
        ...owners_,
        status: 'upheld',
        answer: { outcome: 'upheld', finding: '面积录入有误', answeredAt: '2026-03-06T02:00:00Z', answeredBy: 'r-1' },
        version: 2,
      },
    })
    const s = await statusWhen(project.projectId, (x) => x.timeline.length >= 5)
    expect(
      s.timeline
        .filter((e: { type: string }) => e.type.startsWith('objection.'))
        .map((e: { type: string; raiser?: string }) => [e.type, e.raiser]),
    ).toEqual([
      ['objection.raised', 'owner'],
      ['objection.raised', 'registration-office'],
      ['objection.raised', 'department'],
      ['objection.answered', 'owner'],
    ])
    // No other entry carries one.
    expect(s.timeline.filter((e: { raiser?: string }) => e.raiser !== undefined)).toHaveLength(4)
  })
})

describe('first registration, one building at a time (竣工一幢、验收一幢、登记一幢)', () => {
  it("answers each case's 登记范围 in the registrar's list, and the certificate names it; a whole-project case names none", async () => {
    const project = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, project)
    const first = registrationCase(project.projectId, { part: '1号厂房' })
    const second = registrationCase(project.projectId, { part: '2号厂房', status: 'open', version: 3 })
    const whole = registrationCase(project.projectId)
    await w.publish(RegistrationPreSurveyStartedV1, { case: first }, { case: whole })
    await w.publish(RegistrationCaseOpenedV1, { case: second })
    const registrar = w.token({ role: 'registrar' })
    const listed = async () => {
      const res = await w.api('GET', `/api/v1/registrations?project=${project.projectId}`, registrar)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body.registrations as Array<{ caseId: string; part?: string }>
    }
    await expect.poll(async () => (await listed()).length).toBe(3)
    const parts = Object.fromEntries((await listed()).map((c) => [c.caseId, c]))
    expect(parts[first.caseId]).toMatchObject({ part: '1号厂房', status: 'pre-survey' })
    expect(parts[second.caseId]).toMatchObject({ part: '2号厂房', status: 'open' })
    expect(parts[whole.caseId]).not.toHaveProperty('part')

    const certificate = signedCertificate(project.projectId, { part: '2号厂房' })
    await w.publish(CertificateIssuedV1, { certificate, issuedAt: '2026-03-16T08:00:00Z' })
    const url = `/api/v1/certificates/${certificate.body.certificateId}`
    await expect.poll(async () => (await w.api('GET', url, registrar)).status).toBe(200)
    expect((await w.api('GET', url, registrar)).body.certificate.body.part).toBe('2号厂房')
  })
})

describe("a department's acceptance cases", () => {
  it('lists the cases a department leads whole and those it has an item in with its own items only, filtered by project and status; other departments see none, other roles 403', async () => {
    const project = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, project)
    const led = acceptanceCase(project.projectId)
    const otherLead = acceptanceCase(project.projectId, {
      lead: 'fire',
      part: '二期',
      items: [{ item: 'fire-acceptance-filing', department: 'fire', status: 'pending', round: 0 }],
    })
    await w.publish(AcceptanceStartedV1, { case: led }, { case: otherLead })
    type Listed = { caseId: string; items: Array<{ item: string; department: string }> }
    const list = async (bearer: string, query = '') => {
      const res = await w.api('GET', `/api/v1/acceptance?project=${project.projectId}${query}`, bearer)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      expect(res.body.unreadable).toEqual([])
      return res.body.cases as Listed[]
    }
    const ids = async (bearer: string, query = '') => (await list(bearer, query)).map((c) => c.caseId)
    const housing = w.token({ role: 'lead', department: 'housing-construction' })
    await expect.poll(async () => (await ids(housing)).length).toBe(1)
    expect(await ids(housing)).toEqual([led.caseId])
    expect(await ids(housing, '&status=open')).toEqual([led.caseId])
    expect(await ids(housing, '&status=passed')).toEqual([])
    // The cases name their project as a person knows it (项目名称, 项目代码, 建设地点), which neither the lead nor a
    // department with an item may read otherwise; and the legal day the inspection form counts from.
    const answer = (await w.api('GET', `/api/v1/acceptance?project=${project.projectId}`, housing)).body
    expect(answer.projects).toEqual([
      { projectId: project.projectId, name: project.name, projectCode: project.projectCode, location: null },
    ])
    expect(answer.today).toBe('2026-03-02')
    const fireAnswer = await w.api('GET', '/api/v1/acceptance', w.token({ role: 'reviewer', department: 'fire' }))
    expect(fireAnswer.body.projects.map((p: { projectId: string }) => p.projectId)).toContain(project.projectId)
    // The lead's own case whole: both departments' items.
    expect((await list(housing))[0]?.items.map((i) => i.department)).toEqual(['housing-construction', 'fire'])
    // Fire leads the second case and has an item in the first: both listed, the first with fire's item alone; its
    // reviewer reads the same list as its lead.
    for (const role of ['lead', 'reviewer'] as const) {
      const fire = await list(w.token({ role, department: 'fire' }))
      expect(fire.map((c) => c.caseId).sort()).toEqual([led.caseId, otherLead.caseId].sort())
      expect(fire.find((c) => c.caseId === led.caseId)?.items).toEqual([
        expect.objectContaining({ item: 'fire-acceptance-filing', department: 'fire' }),
      ])
    }
    expect(await ids(w.token({ role: 'reviewer', department: 'housing-construction' }))).toEqual([led.caseId])
    expect(await ids(w.token({ role: 'reviewer', department: 'housing-construction' }), '&status=passed')).toEqual([])
    // A department in neither case sees none.
    expect(await ids(w.token({ role: 'lead', department: 'water-supply' }))).toEqual([])
    expect(await ids(w.token({ role: 'reviewer', department: 'water-supply' }))).toEqual([])

    const badStatus = await w.api('GET', '/api/v1/acceptance?status=dreaming', housing)
    expect(badStatus.status).toBe(400)
    expect(badStatus.body.errors.map((e: { field: string }) => e.field)).toContain('/querystring/status')
    for (const bearer of [foshanOwner(), supervisor(), w.token({ role: 'registrar' }), w.token({ role: 'clerk' })]) {
      expect((await w.api('GET', '/api/v1/acceptance', bearer)).status).toBe(403)
    }
  })
})

// Acceptance learns that the construction permit was granted from approval's `step.decided`; a decision older than the
// stream keeps events it never heard would refuse the case at once. The gateway's read model holds the decision, and
// sends it with the application as it sends the project (docs/architecture.md, "A project a service never heard of").
describe('the construction permit (施工许可) the gateway sends with a joint-acceptance application', () => {
  const phased = (number: number) => ({ code: `phase-${number}`, name: `第${number}阶段`, number, count: 4 })

  /** A Foshan project in the read model; `open` applies as its owner and answers the body acceptance was sent. */
  async function aProject() {
    const project = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, project)
    await statusWhen(project.projectId, () => true)
    const url = `/api/v1/projects/${project.projectId}/acceptance`
    const open = async () => {
      w.acceptance.answer(201, { case: acceptanceCase(project.projectId) })
      const sent = w.acceptance.calls.length
      const res = await w.api('POST', url, foshanOwner(), {})
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      expect(w.acceptance.calls.length).toBe(sent + 1)
      return w.acceptance.calls.at(-1)?.body as { project?: unknown; permit?: unknown }
    }
    return { projectId: project.projectId, url, open }
  }

  /** A permit step (or phase) accepted, its task assigned and the step decided, in the read model. */
  async function decided(
    projectId: string,
    outcome: 'approved' | 'rejected',
    over: { phase?: ReturnType<typeof phased>; decidedAt?: string; item?: string } = {},
  ) {
    const accepted = applicationAccepted(projectId, over.phase ? { phase: over.phase } : {})
    const t = task(projectId, accepted.applicationId, over.item ? { item: over.item } : {})
    await w.publish(ApplicationAcceptedV1, accepted)
    await w.publish(TaskAssignedV1, { task: t })
    const decision = { ...stepDecided(t, outcome), ...(over.phase ? { phase: over.phase } : {}) }
    if (over.decidedAt) decision.decidedAt = over.decidedAt
    const decidedTask = {
      ...t,
      status: outcome,
      nationalCode: outcome === 'approved' ? 12 : 13,
      version: 2,
      decision: { outcome, decidedAt: decision.decidedAt },
      updatedAt: decision.decidedAt,
    }
    await w.publish(TaskDecidedV1, { task: decidedTask })
    await w.publish(StepDecidedV1, decision)
    await statusWhen(projectId, (s) =>
      s.applications.some(
        (a: { applicationId: string; decision?: { outcome: string } }) =>
          a.applicationId === accepted.applicationId && a.decision?.outcome === outcome,
      ),
    )
    return { applicationId: accepted.applicationId, decidedAt: decision.decidedAt, task: decidedTask }
  }

  it('sends the approval it holds, nothing when it holds none, and never a permit the caller sends', async () => {
    const { projectId, url, open } = await aProject()
    const nothing = await open()
    expect(nothing.project).toMatchObject({ owner: owners.foshan })
    expect(nothing).not.toHaveProperty('permit')
    // A rejected step and another item's approval grant no permit.
    await decided(projectId, 'rejected')
    await decided(projectId, 'approved', { item: 'fire-design-review' })
    expect(await open()).not.toHaveProperty('permit')

    const { applicationId, decidedAt } = await decided(projectId, 'approved')
    expect((await open()).permit).toEqual({ applicationId, decidedAt })

    // The caller cannot send one: the gateway's own schema closes the body, and nothing reaches acceptance.
    const sent = w.acceptance.calls.length
    const forged = await w.api('POST', url, foshanOwner(), {
      permit: { applicationId, decidedAt: '2026-01-05T01:00:00.000Z' },
    })
    expect([forged.status, forged.body.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(JSON.stringify(forged.body.errors)).toContain('/body/permit')
    expect(w.acceptance.calls.length).toBe(sent)
  })

  it('sends the furthest phase before the last, the last once it is approved, and no permit revoked since', async () => {
    const { projectId, open } = await aProject()
    const second = await decided(projectId, 'approved', { phase: phased(2), decidedAt: '2026-03-05T02:00:00Z' })
    await decided(projectId, 'approved', { phase: phased(1), decidedAt: '2026-03-04T02:00:00Z' })
    expect((await open()).permit).toEqual({
      applicationId: second.applicationId,
      decidedAt: second.decidedAt,
      phase: phased(2),
    })
    const last = await decided(projectId, 'approved', { phase: phased(4), decidedAt: '2026-03-09T02:00:00Z' })
    expect((await open()).permit).toEqual({
      applicationId: last.applicationId,
      decidedAt: last.decidedAt,
      phase: phased(4),
    })

    // 撤销: the last phase's permit revoked, the read model no longer holds it granted; the furthest phase stands.
    await w.publish(TaskRevokedV1, {
      task: {
        ...last.task,
        status: 'revoked',
        nationalCode: 15,
        version: 3,
        revocation: {
          reason: '以欺骗手段取得',
          legalBasis: '行政许可法第六十九条',
          revokedAt: '2026-03-10T02:00:00Z',
          revokedOn: '2026-03-10',
        },
      },
    })
    await statusWhen(projectId, (s) =>
      s.tasks.some((t: { taskId: string; status: string }) => t.taskId === last.task.taskId && t.status === 'revoked'),
    )
    expect((await open()).permit).toMatchObject({ applicationId: second.applicationId, phase: phased(2) })
  })
})

describe('issue-4 commands: every role and row', () => {
  it("opens acceptance for the project's owner only; another owner gets 404, other roles 403, nothing sent", async () => {
    const project = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, project)
    const url = `/api/v1/projects/${project.projectId}/acceptance`
    await expect
      .poll(async () => (await w.api('GET', `/api/v1/projects/${project.projectId}`, supervisor())).status)
      .toBe(200)
    const sent = w.acceptance.calls.length
    const stranger = await w.api('POST', url, w.token({ role: 'owner', creditCode: owners.shanwei.creditCode }), {})
    expect(stranger.status).toBe(404)
    for (const role of ['clerk', 'lead', 'reviewer', 'registrar'] as const) {
      const bearer = w.token({ role, department: 'housing-construction' })
      expect((await w.api('POST', url, bearer, {})).status, role).toBe(403)
    }
    const unknownField = await w.api('POST', url, foshanOwner(), { parts: 'A' })
    expect(unknownField.status).toBe(400)
    expect(JSON.stringify(unknownField.body)).toMatch(/parts/)
    expect(w.acceptance.calls.length).toBe(sent)

    const c = acceptanceCase(project.projectId)
    w.acceptance.answer(201, { case: c })
    const res = await w.api('POST', url, w.token({ role: 'owner', creditCode: owners.foshan.creditCode, sub: 'o-1' }), {
      part: '1号厂房',
    })
    expect(res.status).toBe(201)
    expect(res.body.case.caseId).toBe(c.caseId)
    const call = w.acceptance.calls.at(-1)
    expect(call).toMatchObject({
      method: 'POST',
      url: `/projects/${project.projectId}/acceptance`,
      body: { part: '1号厂房' },
    })
    expect(JSON.parse(call?.actor ?? '{}')).toEqual({
      sub: 'o-1',
      role: 'owner',
      creditCode: owners.foshan.creditCode,
    })
  })

  it('lets the lead inspect, a participating department give an opinion and the owner rectify; others are refused', async () => {
    const project = projectRegistered({ owner: owners.foshan })
    const c = acceptanceCase(project.projectId)
    await w.publish(ProjectRegisteredV1, project)
    await w.publish(AcceptanceStartedV1, { case: c })
    await statusWhen(project.projectId, (s) => s.acceptance.length === 1)
    const base = `/api/v1/acceptance/${c.caseId}`
    const inspection = { date: '2026-03-09', place: '厂区', participants: ['fire'] }
    const opinion = { item: 'fire-acceptance-filing', opinion: 'rectify', defects: ['疏散指示'] }
    const rectification = { items: ['fire-acceptance-filing'] }
    const sent = w.acceptance.calls.length

    const refused: Array<[string, unknown, string, number]> = [
      ['inspection', inspection, w.token({ role: 'lead', department: 'fire' }), 404],
      ['inspection', inspection, w.token({ role: 'reviewer', department: 'housing-construction' }), 403],
      ['opinions', opinion, w.token({ role: 'reviewer', department: 'water-supply' }), 404],
      ['opinions', opinion, w.token({ role: 'lead', department: 'water-supply' }), 404],
      ['opinions', opinion, foshanOwner(), 403],
      ['rectifications', rectification, w.token({ role: 'owner', creditCode: owners.shanwei.creditCode }), 404],
      ['rectifications', rectification, w.token({ role: 'lead', department: 'housing-construction' }), 403],
    ]
    for (const [path, body, bearer, status] of refused) {
      const res = await w.api('POST', `${base}/${path}`, bearer, body)
      expect(res.status, `${path} ${bearer.slice(-8)}`).toBe(status)
      if (status === 404) expect(res.body.code).toBe('ACCEPTANCE_CASE_NOT_FOUND')
    }
    expect(w.acceptance.calls.length).toBe(sent)

    w.acceptance.answer(200, { case: c })
    const allowed: Array<[string, unknown, string, Record<string, string>]> = [
      [
        'inspection',
        inspection,
        w.token({ role: 'lead', department: 'housing-construction', sub: 'l-1' }),
        { sub: 'l-1', role: 'lead', department: 'housing-construction' },
      ],
      [
        'opinions',
        opinion,
        w.token({ role: 'reviewer', department: 'fire', sub: 'r-1' }),
        { sub: 'r-1', role: 'reviewer', department: 'fire' },
      ],
      [
        'rectifications',
        rectification,
        w.token({ role: 'owner', creditCode: owners.foshan.creditCode, sub: 'o-1' }),
        { sub: 'o-1', role: 'owner', creditCode: owners.foshan.creditCode },
      ],
    ]
    for (const [path, body, bearer, actor] of allowed) {
      const res = await w.api('POST', `${base}/${path}`, bearer, body)
      expect(res.status, path).toBe(200)
      const call = w.acceptance.calls.at(-1)
      expect(call).toMatchObject({ method: 'POST', url: `/acceptance/${c.caseId}/${path}`, body })
      expect(JSON.parse(call?.actor ?? '{}')).toEqual(actor)
    }
    expect(w.acceptance.calls.length).toBe(sent + 3)

    // A bad opinion never leaves the gateway: the field is named.
    const bad = await w.api('POST', `${base}/opinions`, w.token({ role: 'reviewer', department: 'fire' }), {
      item: 'fire-acceptance-filing',
      opinion: 'maybe',
    })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toMatch(/opinion/)
    expect(w.acceptance.calls.length).toBe(sent + 3)
  })

  it("forwards a provider's action on its own request; another provider gets 404; the service's problem passes through", async () => {
    const project = projectRegistered({ owner: owners.foshan })
    const r = utilityRequest(project.projectId, { provider: 'drainage' })
    await w.publish(ProjectRegisteredV1, project)
    await w.publish(UtilityRequestOpenedV1, { request: r })
    await statusWhen(project.projectId, (s) => s.utilities.length === 1)
    const url = `/api/v1/utility-requests/${r.requestId}/actions`
    const sent = w.utility.calls.length
    const other = await w.api('POST', url, w.token({ role: 'utility', provider: 'water' }), { action: 'survey-done' })
    expect(other.status).toBe(404)
    expect(other.body.code).toBe('UTILITY_REQUEST_NOT_FOUND')
    expect((await w.api('POST', url, w.token({ role: 'clerk' }), { action: 'survey-done' })).status).toBe(403)
    const drainage = w.token({ role: 'utility', provider: 'drainage', sub: 'd-1' })
    expect((await w.api('POST', url, drainage, { action: 'fly' })).status).toBe(400)
    expect(w.utility.calls.length).toBe(sent)

    const problem = { type: 'urn:x', title: 'Conflict', status: 409, detail: 'stage', code: 'UTILITY_WRONG_STAGE' }
    w.utility.answer(409, problem, 'application/problem+json')
    const res = await w.api('POST', url, drainage, { action: 'survey-done' })
    expect(res.status).toBe(409)
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(res.body).toEqual(problem)
    const call = w.utility.calls.at(-1)
    expect(call).toMatchObject({ url: `/utility-requests/${r.requestId}/actions`, body: { action: 'survey-done' } })
    expect(JSON.parse(call?.actor ?? '{}')).toEqual({ sub: 'd-1', role: 'utility', provider: 'drainage' })
  })

  it('forwards a registrar action and refuses every other role before anything is sent', async () => {
    const id = '01890000-0000-7000-8000-0000000000d1'
    const url = `/api/v1/registrations/${id}/actions`
    const sent = w.registration.calls.length
    for (const role of ['clerk', 'owner', 'supervisor', 'lead', 'utility'] as const) {
      const bearer = w.token({ role, department: 'fire', provider: 'water', creditCode: owners.foshan.creditCode })
      expect((await w.api('POST', url, bearer, { action: 'pass-pre-survey' })).status, role).toBe(403)
    }
    expect(w.registration.calls.length).toBe(sent)
    const c = registrationCase('01890000-0000-7000-8000-0000000000d2', { caseId: id, status: 'pre-survey-passed' })
    w.registration.answer(200, { case: c })
    const res = await w.api('POST', url, w.token({ role: 'registrar', sub: 'g-1' }), { action: 'pass-pre-survey' })
    expect(res.status).toBe(200)
    expect(res.body.case.status).toBe('pre-survey-passed')
    const call = w.registration.calls.at(-1)
    expect(call).toMatchObject({ url: `/registrations/${id}/actions`, body: { action: 'pass-pre-survey' } })
    expect(JSON.parse(call?.actor ?? '{}')).toEqual({ sub: 'g-1', role: 'registrar' })
  })
})

describe('certificates: read and verify', () => {
  it('shows a certificate to the owner of the project, clerks, supervisors and registrars; others get 404 or 403', async () => {
    const project = projectRegistered({ owner: owners.foshan })
    const certificate = signedCertificate(project.projectId)
    await w.publish(ProjectRegisteredV1, project)
    await w.publish(CertificateIssuedV1, { certificate, issuedAt: '2026-03-16T08:00:00Z' })
    const url = `/api/v1/certificates/${certificate.body.certificateId}`
    await expect.poll(async () => (await w.api('GET', url, w.token({ role: 'clerk' }))).status).toBe(200)
    const digest = certificateDigest(certificate.body)
    const qr = {
      payload: `${PUBLIC}/verify?id=${certificate.body.certificateId}&d=${digest}`,
      digest,
    }
    for (const bearer of [foshanOwner(), supervisor(), w.token({ role: 'registrar' })]) {
      const res = await w.api('GET', url, bearer)
      expect(res.status).toBe(200)
      expect(res.body).toEqual({ certificate, qr })
    }
    // Short enough for a QR code of modest version (≤ 300 characters for a base URL of up to 100).
    expect(qr.payload.length).toBeLessThan(200)
    const stranger = await w.api('GET', url, w.token({ role: 'owner', creditCode: owners.shanwei.creditCode }))
    expect(stranger.status).toBe(404)
    const unknown = await w.api('GET', '/api/v1/certificates/01890000-0000-7000-8000-000000000000', supervisor())
    expect(unknown.status).toBe(404)
    expect(stranger.body.code).toBe(unknown.body.code)
    for (const bearer of [
      w.token({ role: 'reviewer', department: 'fire' }),
      w.token({ role: 'utility', provider: 'gas' }),
    ]) {
      expect((await w.api('GET', url, bearer)).status).toBe(403)
    }
  })

  it('forwards verify without a token and without an actor, and validates the certificate first', async () => {
    const certificate = signedCertificate('01890000-0000-7000-8000-0000000000e1')
    w.registration.answer(200, { genuine: false, reason: 'signature does not match' })
    const res = await w.api('POST', '/api/v1/certificates/verify', undefined, { certificate })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ genuine: false, reason: 'signature does not match' })
    const call = w.registration.calls.at(-1)
    expect(call).toMatchObject({ method: 'POST', url: '/certificates/verify', body: { certificate } })
    expect(call?.actor).toBeUndefined()
    // The CertificateIssuedV1 shape with its SM2 signature is accepted as a body too.
    const withSm2 = { ...certificate, sm2: { algorithm: 'SM2-SM3', keyId: 'k', signature: 'c2ln' } }
    expect((await w.api('POST', '/api/v1/certificates/verify', undefined, { certificate: withSm2 })).status).toBe(200)

    const sent = w.registration.calls.length
    const { signature: _, ...unsigned } = certificate
    const bad = await w.api('POST', '/api/v1/certificates/verify', undefined, { certificate: unsigned })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toMatch(/signature/)
    // A member no certificate has, anywhere in it, is named and not forwarded either.
    const padded = { ...certificate, body: { ...certificate.body, owner: { ...certificate.body.owner, extra: 'x' } } }
    const extra = await w.api('POST', '/api/v1/certificates/verify', undefined, { certificate: padded })
    expect(extra.status).toBe(400)
    expect(extra.body.errors).toEqual([expect.objectContaining({ field: '/body/certificate/body/owner/extra' })])
    expect(w.registration.calls.length).toBe(sent)
  })
})

describe('certificates: revocation, the QR form and the public keys', () => {
  it('forwards the QR form (id and digest) without a token or actor, and refuses a malformed one unforwarded', async () => {
    const id = '01890000-0000-7000-8000-0000000000e2'
    const d = 'A'.repeat(43)
    w.registration.answer(200, { status: 'invalid', genuine: false, reason: 'no certificate with this id and digest' })
    const res = await w.api('GET', `/api/v1/certificates/verify?id=${id}&d=${d}`)
    expect(res).toMatchObject({ status: 200, body: { status: 'invalid' } })
    expect(w.registration.calls.at(-1)).toMatchObject({ method: 'GET', url: `/certificates/verify?id=${id}&d=${d}` })
    expect(w.registration.calls.at(-1)?.actor).toBeUndefined()
    const sent = w.registration.calls.length
    for (const [query, field] of [
      [`id=${id}&d=${d.slice(1)}`, '/querystring/d'],
      [`id=${id}&d=${'%2F'.repeat(43)}`, '/querystring/d'],
      [`id=${id}`, '/querystring/d'],
      [`d=${d}`, '/querystring/id'],
      [`id=x&d=${d}`, '/querystring/id'],
      [`id=${id}&d=${d}&id2=1`, '/querystring/id2'],
      [`id=${id}&d=${'A'.repeat(100_000)}`, '/querystring/d'],
    ] as const) {
      const bad = await w.api('GET', `/api/v1/certificates/verify?${query}`)
      expect(bad.status, query.slice(0, 80)).toBe(400)
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(JSON.stringify(bad.body.errors)).toContain(field)
    }
    expect(w.registration.calls.length).toBe(sent)
  })

  it('forwards a revocation from a registrar or an admin with the actor; refuses other roles and bad bodies unforwarded', async () => {
    const id = '01890000-0000-7000-8000-0000000000e3'
    const url = `/api/v1/certificates/${id}/revoke`
    const body = { reason: '以欺骗手段取得许可', revokedOn: '2026-03-16' }
    w.registration.answer(200, { revocation: { certificateId: id } })
    for (const role of ['registrar', 'admin'] as const) {
      const res = await w.api('POST', url, w.token({ role }), body)
      expect(res.status).toBe(200)
      const call = w.registration.calls.at(-1)
      expect(call).toMatchObject({ method: 'POST', url: `/certificates/${id}/revoke`, body })
      expect(JSON.parse(call?.actor ?? '{}')).toMatchObject({ sub: `${role}-1`, role })
    }
    const sent = w.registration.calls.length
    for (const bearer of [
      foshanOwner(),
      supervisor(),
      w.token({ role: 'clerk' }),
      w.token({ role: 'reviewer', department: 'fire' }),
    ]) {
      const res = await w.api('POST', url, bearer, body)
      expect(res).toMatchObject({ status: 403, body: { code: 'GATEWAY_FORBIDDEN' } })
    }
    expect((await w.api('POST', url, undefined, body)).status).toBe(401)
    const registrar = w.token({ role: 'registrar' })
    for (const [bad, field] of [
      [{}, '/body/reason'],
      [{ reason: '' }, '/body/reason'],
      [{ reason: 'x'.repeat(501) }, '/body/reason'],
      [{ reason: 1 }, '/body/reason'],
      [{ reason: 'r', revokedOn: '2026-02-29' }, '/body/revokedOn'],
      [{ reason: 'r', __proto__x: 1 }, '/body/__proto__x'],
    ] as const) {
      const res = await w.api('POST', url, registrar, bad)
      expect(res.status, JSON.stringify(bad)).toBe(400)
      expect(JSON.stringify(res.body.errors)).toContain(field)
    }
    expect((await w.api('POST', '/api/v1/certificates/nope/revoke', registrar, body)).status).toBe(400)
    expect(w.registration.calls.length).toBe(sent)
  })

  it('keeps the revocation list from CertificateRevokedV1: public, paged in the order revoked, shown with the certificate', async () => {
    const project = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, project)
    const certificates = [1, 2, 3].map((n) =>
      signedCertificate(project.projectId, { number: `第44060020260000${n}号`, kind: 'permit', title: '施工许可证' }),
    )
    await w.publish(
      CertificateIssuedV1,
      ...certificates.map((certificate) => ({ certificate, issuedAt: '2026-03-16T08:00:00Z' })),
    )
    const revocation = (c: (typeof certificates)[number], day: string) => ({
      certificateId: c.body.certificateId,
      number: c.body.number,
      revokedOn: day,
      reason: `revoked ${c.body.number}`,
      revokedAt: `${day}T02:00:00.000Z`,
    })
    const [first, second, kept] = certificates
    if (!first || !second || !kept) throw new Error('three certificates')
    const revoked = [revocation(second, '2026-03-17'), revocation(first, '2026-03-18')]
    for (const r of revoked) {
      await w.publish(CertificateRevokedV1, { revocation: r, projectId: project.projectId, revokedBy: 'registrar-1' })
    }

    const list = async (query = '') => (await w.api('GET', `/api/v1/certificates/revocations${query}`)).body
    await expect.poll(async () => (await list()).revocations?.length).toBe(2)
    const all = await list()
    expect(all).toEqual({ revocations: revoked })
    const page1 = await list('?limit=1')
    expect(page1).toEqual({ revocations: [revoked[0]], next: expect.any(Number) })
    expect(await list(`?limit=1&after=${page1.next}`)).toEqual({ revocations: [revoked[1]] })
    for (const [query, field] of [
      ['?limit=0', '/querystring/limit'],
      ['?limit=1001', '/querystring/limit'],
      ['?after=-1', '/querystring/after'],
      ['?after=x', '/querystring/after'],
      ['?since=2026-01-01', '/querystring/since'],
    ] as const) {
      const res = await w.api('GET', `/api/v1/certificates/revocations${query}`)
      expect(res.status, query).toBe(400)
      expect(JSON.stringify(res.body.errors)).toContain(field)
    }

    const shown = await w.api('GET', `/api/v1/certificates/${second.body.certificateId}`, foshanOwner())
    expect(shown.body).toMatchObject({ certificate: second, revocation: revoked[0] })
    const other = await w.api('GET', `/api/v1/certificates/${kept.body.certificateId}`, foshanOwner())
    expect(other.body.revocation).toBeUndefined()
    const status = await statusWhen(project.projectId, (s) =>
      s.timeline.some((e: { type: string }) => e.type === 'certificate.revoked'),
    )
    expect(status.timeline.filter((e: { type: string }) => e.type === 'certificate.revoked')).toHaveLength(2)
  })

  it('sets a bad stored revocation aside, names it, and answers the rest of the list', async () => {
    const before = (await w.api('GET', '/api/v1/certificates/revocations')).body.revocations.length
    // Planted straight into the read model: a reason longer than a revocation may have.
    const bad = randomUUID()
    await w.db.pool.query(
      `INSERT INTO certificate_revocation (certificate_id, project_id, number, revoked_on, reason, revoked_at)
       VALUES ($1, $2, '第1号', '2026-03-19', repeat('x', 600), now())`,
      [bad, randomUUID()],
    )
    const res = await w.api('GET', '/api/v1/certificates/revocations')
    expect(res.status).toBe(200)
    expect(res.body.revocations).toHaveLength(before)
    expect(res.body.unreadable).toEqual([expect.objectContaining({ kind: 'revocation', id: bad })])
  })

  it('forwards the public keys without a token', async () => {
    const keys = { keys: [{ keyId: 'k', algorithm: 'SM2-SM3', publicKeyPem: 'pem', current: true }] }
    w.registration.answer(200, keys)
    const res = await w.api('GET', '/api/v1/certificates/keys')
    expect(res).toMatchObject({ status: 200, body: keys })
    expect(w.registration.calls.at(-1)).toMatchObject({ method: 'GET', url: '/keys' })
    expect(w.registration.calls.at(-1)?.actor).toBeUndefined()
  })
})

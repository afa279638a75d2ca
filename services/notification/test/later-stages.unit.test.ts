import type {
  AcceptanceCaseEventBody,
  CertificateBody,
  CertificateObjectionSnapshot,
  PublicRevocation,
  RegistrationCaseEventBody,
  UtilityRequestEventBody,
} from '@onewindow/contracts'
import type { Static } from 'typebox'
import { describe, expect, it } from 'vitest'
import {
  acceptanceDecided,
  acceptanceFilingIssued,
  acceptanceInspectionScheduled,
  acceptancePassRevoked,
  acceptanceRectification,
  acceptanceRectify,
  acceptanceStarted,
  certificateIssued,
  certificateRevoked,
  finishedStep,
  type KnownProject,
  objectionAnswered,
  objectionDepartments,
  objectionRaised,
  outsideLinePermitsApplied,
  registrarPassRevoked,
  registrationCaseOpened,
  registrationResultsUpdated,
  utilityConnected,
  utilityStepFinished,
} from '../src/domain/later-stages.js'
import { render } from '../src/domain/templates.js'

// The later stages' texts and recipients (docs/notifications.md#later-stages): pure, from the events' snapshots.

type Case = AcceptanceCaseEventBody['case']
type Request = UtilityRequestEventBody['request']

const project: KnownProject = { name: '标准厂房', projectCode: '2026-440600-47-01-000001', ownerCreditCode: 'OWNER' }
const owner = { kind: 'owner', id: 'OWNER' }
const dept = (id: string) => ({ kind: 'department', id })
const noNames = () => undefined
const names = (table: Record<string, string>) => (code: string) => table[code]

const aCase = (over: Partial<Case> = {}): Case => ({
  caseId: '019a0000-0000-7000-8000-000000000001',
  projectId: '019a0000-0000-7000-8000-000000000002',
  projectType: 'industrial-land-with-scheme',
  region: '440600',
  owner: { name: '佛山某制造有限公司', creditCode: 'OWNER' },
  lead: 'housing-construction',
  leadName: '佛山市住房城乡建设局',
  status: 'open',
  items: [
    {
      item: 'planning-verification',
      itemName: '规划条件核实',
      department: 'natural-resources',
      departmentName: '佛山市自然资源局',
      status: 'pending',
      round: 1,
    },
    {
      item: 'fire-acceptance',
      itemName: '消防验收',
      department: 'housing-construction',
      departmentName: '佛山市住房城乡建设局',
      status: 'pending',
      round: 1,
    },
    { item: 'archives', department: 'archives', status: 'pending', round: 1 },
  ],
  registrationWithAcceptance: false,
  openedAt: '2026-05-10T17:00:00.000Z',
  version: 1,
  updatedAt: '2026-05-10T17:00:00.000Z',
  ...over,
})

/** Every code and Latin word a person could read, but the project's code and the documents' numbers given. */
const latin = (text: string, ...allowed: string[]) =>
  allowed.reduce((t, a) => t.replaceAll(a, ''), text.replace(project.projectCode, '')).match(/[A-Za-z]{2,}/g)

describe('joint acceptance (联合验收)', () => {
  it('opened: each department with an item but the lead, with every item by its name and its department’s', () => {
    const told = acceptanceStarted(aCase(), project, names({ archives: '佛山市档案馆' }), '2026-05-11')
    expect(told.recipients).toEqual([dept('natural-resources'), dept('archives')])
    const { title, body } = render(told.kind, told.facts)
    expect(title).toBe('联合验收已受理')
    expect(body).toBe(
      '项目“标准厂房”（项目代码 2026-440600-47-01-000001）的联合验收申请已于2026年5月11日由佛山市住房城乡建设局受理，验收事项：规划条件核实（佛山市自然资源局）、消防验收（佛山市住房城乡建设局）、验收事项（佛山市档案馆）。请做好本部门事项的验收准备，按牵头部门的安排参加现场联合验收。',
    )
  })

  it('an item without names is named in words, never by its codes', () => {
    const items = aCase().items.map(({ itemName: _i, departmentName: _d, ...bare }) => bare)
    const told = acceptanceStarted(aCase({ leadName: undefined, items }), project, noNames, '2026-05-11')
    const { body } = render(told.kind, told.facts)
    expect(latin(body)).toBeNull()
    expect(body).toContain('由牵头部门受理')
  })

  it('inspection: the owner and each participant but the lead, with the day, the place and a re-inspection’s round', () => {
    const c = aCase({
      status: 'scheduled',
      part: '3号厂房',
      inspection: {
        date: '2026-05-20',
        place: '禅城区某路1号',
        participants: ['natural-resources', 'housing-construction', 'archives'],
        round: 2,
      },
    })
    const told = acceptanceInspectionScheduled(c, project, names({ archives: '佛山市档案馆' })) ?? expect.fail()
    expect(told.recipients).toEqual([owner, dept('natural-resources'), dept('archives')])
    const { title, body } = render(told.kind, told.facts)
    expect(title).toBe('联合验收复验安排')
    expect(body).toContain('（3号厂房）的联合验收复验（第2轮，仅验整改事项）定于2026年5月20日在“禅城区某路1号”进行')
    expect(body).toContain('参加部门：佛山市自然资源局、佛山市住房城乡建设局、佛山市档案馆')
    expect(acceptanceInspectionScheduled(aCase(), project, noNames)).toBeUndefined()
  })

  it('整改: only when the round left the case rectifying, the owner alone, each item with its defects', () => {
    const items = aCase().items.map((i) =>
      i.item === 'planning-verification'
        ? { ...i, status: 'rectify' as const, defects: ['绿地率不足', '退线不符'] }
        : { ...i, status: 'passed' as const },
    )
    const told = acceptanceRectify(aCase({ status: 'rectifying', items }), project, noNames, '2026-05-20')
    expect(told?.recipients).toEqual([owner])
    const { title, body } = render('acceptance-rectify', told?.facts ?? {})
    expect(title).toBe('联合验收需整改')
    expect(body).toContain('需整改的事项：规划条件核实（佛山市自然资源局）：“绿地率不足；退线不符”。')
    expect(body).not.toContain('消防验收')
    // An opinion that left the round open (scheduled) or decided it tells no one from here.
    expect(acceptanceRectify(aCase({ status: 'scheduled', items }), project, noNames, '2026-05-20')).toBeUndefined()
  })

  it('passed: the owner, every department and the lead once each, with the letter and that it is the filing', () => {
    const c = aCase({ status: 'passed', opinionNumber: 'LHYS-440600-2026-000007', opinionIsFiling: true })
    const told = acceptanceDecided(c, project, noNames, '2026-05-21', 'passed')
    expect(told.recipients).toEqual([owner, dept('natural-resources'), dept('housing-construction'), dept('archives')])
    const { title, body } = render(told.kind, told.facts)
    expect(title).toBe('联合验收已通过')
    expect(body).toContain(
      '的联合验收已于2026年5月21日通过，联合验收意见书编号 LHYS-440600-2026-000007，该意见书视为完成竣工验收备案。',
    )
    const elsewhere = render(
      'acceptance-passed',
      acceptanceDecided(aCase(), project, noNames, '2026-05-21', 'passed').facts,
    )
    expect(elsewhere.body).not.toContain('竣工验收备案')
  })

  it('failed: each failed item with its reasons, a commitment revoked before the pass with its findings', () => {
    const [planning, fire, archives] = aCase().items
    if (!planning || !fire || !archives) expect.fail('three items')
    const items = [
      { ...planning, status: 'failed' as const, defects: ['超出规划许可建设'] },
      { ...fire, status: 'passed' as const },
      {
        ...archives,
        status: 'committed' as const,
        verification: {
          result: 'breached' as const,
          on: '2026-05-19',
          department: 'archives',
          by: 'r1',
          findings: ['档案未移交'],
          measures: ['revoke' as const],
        },
      },
    ]
    const told = acceptanceDecided(aCase({ status: 'failed', items }), project, noNames, '2026-05-21', 'failed')
    expect(told.kind).toBe('acceptance-failed')
    expect(told.recipients[0]).toEqual(owner)
    const { title, body } = render(told.kind, told.facts)
    expect(title).toBe('联合验收未通过')
    expect(body).toContain(
      '结果：未通过。未通过的事项：规划条件核实（佛山市自然资源局）：“超出规划许可建设”；验收事项（验收部门）：“档案未移交”。',
    )
    expect(body).not.toContain('消防验收')
  })

  it('filing issued: the owner, with the form’s number and day', () => {
    const c = aCase({ status: 'passed', filingForm: { number: 'JGBA-440600-2026-000003', issuedOn: '2026-06-01' } })
    const told = acceptanceFilingIssued(c, project, noNames) ?? expect.fail()
    expect(told.recipients).toEqual([owner])
    expect(render(told.kind, told.facts).body).toContain(
      '竣工验收备案表（编号 JGBA-440600-2026-000003）已于2026年6月1日出具。',
    )
    expect(acceptanceFilingIssued(aCase(), project, noNames)).toBeUndefined()
  })

  it('pass revoked: the owner and the lead, the item and its department, the letter and the form withdrawn', () => {
    const c = aCase({
      status: 'passed',
      opinionNumber: 'LHYS-440600-2026-000007',
      filingForm: { number: 'JGBA-440600-2026-000003', issuedOn: '2026-06-01' },
      passRevoked: { item: 'planning-verification', department: 'natural-resources', on: '2026-06-10', by: 'r1' },
    })
    const told = acceptancePassRevoked(c, project, noNames) ?? expect.fail()
    expect(told.recipients).toEqual([owner, dept('housing-construction')])
    const { title, body } = render(told.kind, told.facts)
    expect(title).toBe('联合验收通过已撤销')
    expect(body).toContain('佛山市自然资源局核查发现“规划条件核实”的告知承诺与实际不符，已于2026年6月10日依法撤销')
    expect(body).toContain(
      '联合验收意见书（编号 LHYS-440600-2026-000007）及竣工验收备案表（编号 JGBA-440600-2026-000003）一并撤回',
    )
    expect(latin(body, 'LHYS-440600-2026-000007', 'JGBA-440600-2026-000003')).toBeNull()
  })

  it('整改 followed through: an event without the item’s ordered 整改 (or its report) throws, never told nothing', () => {
    const breach = {
      result: 'breached' as const,
      on: '2026-06-01',
      department: 'natural-resources',
      by: 'reviewer-1',
      findings: ['退线不符'],
      measures: ['rectify' as const],
      rectifyBy: '2026-06-10',
    }
    const report = {
      statement: '已整改',
      reportedOn: '2026-06-05',
      reportedAt: '2026-06-05T02:00:00.000Z',
      reportedBy: 'o',
    }
    type Item = Case['items'][number]
    const withItem = (over: Partial<Item>) =>
      aCase({
        status: 'passed',
        items: aCase().items.map((i) =>
          i.item === 'planning-verification' ? { ...i, status: 'committed' as const, ...over } : i,
        ),
      })
    const ordered = withItem({ verification: breach, rectification: { reports: [report] } })
    const told = acceptanceRectification('rectification-reported', ordered, 'planning-verification', project, noNames)
    expect(told.recipients).toEqual([dept('natural-resources')])
    expect(told.facts).toMatchObject({ dueOn: '2026-06-10', on: '2026-06-05', reason: '已整改' })
    const refused: [Parameters<typeof acceptanceRectification>[0], Case, string][] = [
      ['rectification-reported', ordered, 'no-such-item'],
      [
        'rectification-overdue',
        withItem({ verification: { ...breach, rectifyBy: undefined } }),
        'planning-verification',
      ],
      ['rectification-overdue', withItem({ verification: breach }), 'planning-verification'],
      [
        'rectification-reported',
        withItem({ verification: breach, rectification: { reports: [] } }),
        'planning-verification',
      ],
    ]
    for (const [kind, c, item] of refused) {
      expect(() => acceptanceRectification(kind, c, item, project, noNames)).toThrow(/no 整改/)
    }
    // 逾期未整改 needs no report: the day passed with none.
    const overdue = withItem({ verification: breach, rectification: { reports: [], overdueOn: '2026-06-11' } })
    expect(
      acceptanceRectification('rectification-overdue', overdue, 'planning-verification', project, noNames).kind,
    ).toBe('rectification-overdue')
  })
})

const aRequest = (over: Partial<Request> = {}): Request => ({
  requestId: '019a0000-0000-7000-8000-000000000003',
  projectId: '019a0000-0000-7000-8000-000000000002',
  applicationId: '019a0000-0000-7000-8000-000000000004',
  provider: 'power',
  stage: 'plan',
  lowRisk: false,
  line: { lengthM: 300 },
  permits: [],
  openedAt: '2026-04-01T02:00:00.000Z',
  version: 2,
  updatedAt: '2026-04-03T02:00:00.000Z',
  ...over,
})

describe('utility hookup (报装)', () => {
  it('names the step each advance finished; a permit decided while others wait finishes none', () => {
    expect(finishedStep(aRequest())).toEqual({ finished: '现场踏勘', next: '进入接入方案环节' })
    const requested = [{ kind: 'road-excavation' as const, status: 'requested' as const }]
    expect(finishedStep(aRequest({ stage: 'outside-line-permits', permits: requested }))).toEqual({
      finished: '接入方案',
      next: '进入外线工程审批环节',
    })
    const oneGranted = [...requested, { kind: 'green-space' as const, status: 'granted' as const }]
    expect(finishedStep(aRequest({ stage: 'outside-line-permits', permits: oneGranted }))).toBeUndefined()
    expect(finishedStep(aRequest({ stage: 'construction', permitsDoneAt: '2026-04-20T02:00:00.000Z' }))).toEqual({
      finished: '外线工程审批',
      next: '进入外线工程施工环节',
    })
    expect(finishedStep(aRequest({ stage: 'construction', lowRisk: true }))?.finished).toBe('接入方案')
    expect(finishedStep(aRequest({ stage: 'awaiting-acceptance' }))).toEqual({
      finished: '外线工程施工',
      next: '待联合验收通过后接入',
    })
    expect(finishedStep(aRequest({ stage: 'survey' }))).toBeUndefined()
  })

  it('a refused permit applied for again leaves every permit requested, and finishes no step', () => {
    const again = [
      {
        kind: 'road-excavation' as const,
        status: 'requested' as const,
        department: 'urban-management',
        appliedOn: '2026-04-09',
        reapplication: { change: '改线', refusedOn: '2026-04-08' },
      },
    ]
    expect(finishedStep(aRequest({ stage: 'outside-line-permits', permits: again }))).toBeUndefined()
  })

  it('tells the owner the request names, else the project’s; the provider in words', () => {
    const told = utilityStepFinished(aRequest(), project, '2026-04-03') ?? expect.fail()
    expect(told.recipients).toEqual([owner])
    expect(render(told.kind, told.facts)).toEqual({
      title: '供电报装进展',
      body: '项目“标准厂房”（项目代码 2026-440600-47-01-000001）的供电报装已于2026年4月3日完成现场踏勘，进入接入方案环节。',
    })
    const named = aRequest({ owner: { name: '佛山某制造有限公司', creditCode: 'REQUEST-OWNER' } })
    expect(utilityStepFinished(named, project, '2026-04-03')?.recipients).toEqual([
      { kind: 'owner', id: 'REQUEST-OWNER' },
    ])
  })

  it('connected: the owner', () => {
    const told = utilityConnected(aRequest({ provider: 'gas', stage: 'connected' }), project, '2026-06-02')
    expect(told.recipients).toEqual([owner])
    expect(render(told.kind, told.facts)).toEqual({
      title: '供气已接入',
      body: '项目“标准厂房”（项目代码 2026-440600-47-01-000001）的供气报装已于2026年6月2日完成接入。',
    })
  })
})

describe('first registration (不动产首次登记)', () => {
  const body: Static<typeof CertificateBody> = {
    certificateId: '019a0000-0000-7000-8000-000000000005',
    kind: 'property',
    number: '粤(2026)佛山市不动产权第0000001号',
    title: '不动产权证书',
    projectId: '019a0000-0000-7000-8000-000000000002',
    owner: { name: '佛山某制造有限公司', creditCode: 'OWNER' },
    part: '3号厂房',
    issuer: '佛山市不动产登记中心',
    issuedOn: '2026-06-05',
  }

  it('a property certificate tells its holder the first registration ended, with the building and the office', () => {
    const told = certificateIssued(body, project)
    expect(told.recipients).toEqual([owner])
    expect(render(told.kind, told.facts)).toEqual({
      title: '不动产首次登记已办结',
      body: '项目“标准厂房”（项目代码 2026-440600-47-01-000001）（3号厂房）的不动产首次登记已于2026年6月5日办结，佛山市不动产登记中心颁发的《不动产权证书》（编号 粤(2026)佛山市不动产权第0000001号）已签发。',
    })
  })

  it('a permit is still 证照已签发', () => {
    const permit = { ...body, kind: 'permit' as const, title: '建设工程规划许可证', number: '建字第1号' }
    const { title, body: text } = render('certificate-issued', certificateIssued(permit, project).facts)
    expect(title).toBe('证照已签发')
    expect(text).toBe(
      '项目“标准厂房”（项目代码 2026-440600-47-01-000001）的《建设工程规划许可证》（编号 建字第1号）已于2026年6月5日签发。',
    )
  })
})

describe('the registration office (不动产登记机构)', () => {
  const office = { kind: 'registrar', id: 'registration' }
  const aRegistration = (over: Partial<RegistrationCaseEventBody['case']> = {}): RegistrationCaseEventBody['case'] => ({
    caseId: '019a0000-0000-7000-8000-000000000006',
    projectId: '019a0000-0000-7000-8000-000000000002',
    acceptanceCaseId: '019a0000-0000-7000-8000-000000000001',
    caseNumber: 'DJ-440600-2026-000004',
    part: '3号厂房',
    status: 'open',
    clock: { limit: { value: 5, unit: 'W' }, start: '2026-06-02', region: '440600', suspensions: [] },
    acceptanceOpinion: { number: 'LHYS-440600-2026-000007', passedOn: '2026-06-01' },
    openedAt: '2026-05-10T17:00:00.000Z',
    version: 4,
    updatedAt: '2026-06-01T16:30:00.000Z',
    ...over,
  })

  it('a case opened by itself (验登合一): the office alone, with the case number, the letter and the limit', () => {
    const told = registrationCaseOpened(aRegistration(), project, '2026-06-02')
    expect(told.recipients).toEqual([office])
    expect(render(told.kind, told.facts)).toEqual({
      title: '不动产首次登记案件已受理',
      body: '项目“标准厂房”（项目代码 2026-440600-47-01-000001）（3号厂房）的联合验收已通过（联合验收意见书编号 LHYS-440600-2026-000007），不动产首次登记案件（受理编号 DJ-440600-2026-000004）已于2026年6月2日自动受理（验登合一），办理时限5个工作日。请核验在线获取的验收结果后办结登记。',
    })
  })

  it('a case without a clock or a letter still says what opened, in words', () => {
    const c = aRegistration({ part: undefined, caseNumber: undefined, acceptanceOpinion: undefined, clock: undefined })
    const { body } = render('registration-case-opened', registrationCaseOpened(c, project, '2026-06-02').facts)
    expect(body).toBe(
      '项目“标准厂房”（项目代码 2026-440600-47-01-000001）的联合验收已通过，不动产首次登记案件已于2026年6月2日自动受理（验登合一）。请核验在线获取的验收结果后办结登记。',
    )
  })

  it('results updated: the office, each result by its department’s and its own name, the filing form', () => {
    const c = aRegistration({
      acceptanceResults: {
        results: [
          {
            item: 'planning-verification',
            department: 'natural-resources',
            departmentName: '佛山市自然资源局',
            name: '建设工程规划核实意见书',
            number: 'GHHS-1',
            issuedOn: '2026-06-03',
          },
          { item: 'archives', department: 'archives', name: '档案认可意见书', number: 'DA-2', issuedOn: '2026-06-03' },
        ],
        filingForm: { number: 'JGBA-440600-2026-000003', issuedOn: '2026-06-03' },
      },
    })
    const told = registrationResultsUpdated(c, project, '2026-06-03') ?? expect.fail()
    expect(told.recipients).toEqual([office])
    const { title, body } = render(told.kind, told.facts)
    expect(title).toBe('登记所依据的验收结果已更新')
    expect(body).toBe(
      '项目“标准厂房”（项目代码 2026-440600-47-01-000001）（3号厂房）的不动产首次登记案件（受理编号 DJ-440600-2026-000004）所依据的联合验收结果已于2026年6月3日更新，已出具的结果物：佛山市自然资源局《建设工程规划核实意见书》（编号 GHHS-1）、验收部门《档案认可意见书》（编号 DA-2），竣工验收备案表（编号 JGBA-440600-2026-000003）已出具。',
    )
    expect(latin(body, 'DJ-440600-2026-000004', 'GHHS-1', 'DA-2', 'JGBA-440600-2026-000003')).toBeNull()
  })

  it('an update carrying a revoked pass, or holding nothing, tells no one: the revocation is told once, by itself', () => {
    const revoked = aRegistration({
      acceptanceResults: { results: [], passRevoked: { item: 'planning-verification', on: '2026-06-10' } },
    })
    expect(registrationResultsUpdated(revoked, project, '2026-06-10')).toBeUndefined()
    expect(
      registrationResultsUpdated(aRegistration({ acceptanceResults: { results: [] } }), project, '2026-06-10'),
    ).toBeUndefined()
    expect(registrationResultsUpdated(aRegistration(), project, '2026-06-10')).toBeUndefined()
  })

  it('the pass revoked: the office alone, in its words — the registration resting on it does not complete', () => {
    const c = aCase({
      status: 'passed',
      part: '3号厂房',
      opinionNumber: 'LHYS-440600-2026-000007',
      passRevoked: { item: 'planning-verification', department: 'natural-resources', on: '2026-06-10', by: 'r1' },
    })
    const told = registrarPassRevoked(c, project, noNames) ?? expect.fail()
    expect(told.recipients).toEqual([office])
    const { title, body } = render(told.kind, told.facts)
    expect(title).toBe('登记所依据的联合验收通过已撤销')
    expect(body).toBe(
      '佛山市自然资源局核查发现“规划条件核实”的告知承诺与实际不符，已于2026年6月10日依法撤销，项目“标准厂房”（项目代码 2026-440600-47-01-000001）（3号厂房）的联合验收通过不再有效，联合验收意见书（编号 LHYS-440600-2026-000007）一并撤回。依据该验收的不动产首次登记不得办结，其办理时限不再预警。',
    )
    expect(registrarPassRevoked(aCase(), project, noNames)).toBeUndefined()
  })
})

describe('a certificate revoked (注销)', () => {
  const revocation: Static<typeof PublicRevocation> = {
    certificateId: '019a0000-0000-7000-8000-000000000005',
    number: '建字第1号',
    revokedOn: '2026-07-01',
    reason: '申请人以欺骗手段取得许可，依法撤销',
    revokedAt: '2026-07-01T02:00:00.000Z',
  }

  it('tells its holder which certificate, from which day and why', () => {
    const told = certificateRevoked(revocation, project)
    expect(told.recipients).toEqual([owner])
    expect(render(told.kind, told.facts)).toEqual({
      title: '证照已注销',
      body: '项目“标准厂房”（项目代码 2026-440600-47-01-000001）的证照（编号 建字第1号）已注销，自2026年7月1日起不再有效，核验结果为“已注销”。注销原因：“申请人以欺骗手段取得许可，依法撤销”。',
    })
  })

  it('a long reason is quoted in part, the message within its bound', () => {
    const told = certificateRevoked({ ...revocation, reason: '理'.repeat(500) }, project)
    const { body } = render(told.kind, told.facts)
    expect(body).toContain(`注销原因：“${'理'.repeat(199)}…”`)
    expect([...body].length).toBeLessThanOrEqual(500)
  })
})

describe('证照异议 (004:1134): the issuer told of an objection, the raising department of the answer', () => {
  const office = { kind: 'registrar', id: 'registration' }
  const anObjection = (over: Partial<CertificateObjectionSnapshot> = {}): CertificateObjectionSnapshot => ({
    objectionId: '019a0000-0000-7000-8000-000000000010',
    certificateId: '019a0000-0000-7000-8000-000000000011',
    certificateNumber: '建字第440600202600001号',
    certificateTitle: '建设工程规划许可证',
    projectId: '019a0000-0000-7000-8000-000000000002',
    issuer: 'natural-resources',
    raisedBy: 'housing-construction',
    raisedBySub: 'reviewer-7',
    reason: '许可证载明的建筑面积与审定的设计方案不一致',
    evidence: ['方案审查意见 FA-2026-001'],
    raisedAt: '2026-06-02T09:30:00.000Z',
    status: 'open',
    version: 1,
    ...over,
  })
  const answered = (outcome: 'upheld' | 'rejected', over: Partial<CertificateObjectionSnapshot> = {}) =>
    anObjection({
      status: outcome,
      answer: {
        outcome,
        finding: '经核查，面积录入有误，已更正',
        answeredAt: '2026-06-05T02:00:00.000Z',
        answeredBy: 'nr-1',
      },
      version: 2,
      ...over,
    })
  const known = names({ 'housing-construction': '汕尾市住房和城乡建设局', 'natural-resources': '汕尾市自然资源局' })

  it('raised: the issuing department alone, with the certificate, the objecting department by name, the reason, the day', () => {
    const told = objectionRaised(anObjection(), project, known, '2026-06-02')
    expect(told.recipients).toEqual([dept('natural-resources')])
    expect(render(told.kind, told.facts)).toEqual({
      title: '证照异议待核查',
      body: '汕尾市住房和城乡建设局于2026年6月2日对项目“标准厂房”（项目代码 2026-440600-47-01-000001）的《建设工程规划许可证》（编号 建字第440600202600001号）提出证照异议，异议理由：“许可证载明的建筑面积与审定的设计方案不一致”。请核查后将处理结果告知使用部门。',
    })
  })

  it('raised against a property certificate tells the registration office; an unknown department is 使用部门', () => {
    const told = objectionRaised(anObjection({ issuer: 'registration-office' }), project, noNames, '2026-06-02')
    expect(told.recipients).toEqual([office])
    expect(render(told.kind, told.facts).body.startsWith('使用部门于2026年6月2日对')).toBe(true)
  })

  it('raised: the reason is quoted to its first 200 characters', () => {
    const long = `${'甲'.repeat(200)}乙`
    const { body } = render(
      'certificate-objection-raised',
      objectionRaised(anObjection({ reason: long }), project, known, '2026-06-02').facts,
    )
    expect(body).toContain('甲'.repeat(199))
    expect(body).not.toContain('乙')
  })

  it('answered: the raising department alone, upheld or rejected, with the issuer by the name the certificate prints', () => {
    const told =
      objectionAnswered(answered('upheld', { issuerName: '汕尾市自然资源局（签章）' }), project, known, '2026-06-05') ??
      expect.fail()
    expect(told.recipients).toEqual([dept('housing-construction')])
    expect(render(told.kind, told.facts)).toEqual({
      title: '证照异议已处理：异议成立',
      body: '汕尾市自然资源局（签章）已于2026年6月5日核查本单位对项目“标准厂房”（项目代码 2026-440600-47-01-000001）的《建设工程规划许可证》（编号 建字第440600202600001号）提出的证照异议，结论：异议成立。核查结论：“经核查，面积录入有误，已更正”。',
    })
    const rejected = objectionAnswered(answered('rejected'), project, known, '2026-06-05') ?? expect.fail()
    const text = render(rejected.kind, rejected.facts)
    expect(text.title).toBe('证照异议已处理：异议不成立')
    expect(text.body.startsWith('汕尾市自然资源局已于2026年6月5日')).toBe(true)
    expect(text.body).toContain('结论：异议不成立。')
  })

  it('answered to the registration office when it raised it; the finding to its first 200 characters', () => {
    const long = `${'丙'.repeat(200)}丁`
    const o = answered('rejected', { raisedBy: 'registration-office', issuer: 'natural-resources' })
    const told = objectionAnswered(
      { ...o, answer: { ...(o.answer ?? expect.fail()), finding: long } },
      project,
      noNames,
      '2026-06-05',
    )
    expect(told?.recipients).toEqual([office])
    const { body } = render('certificate-objection-answered', told?.facts ?? expect.fail())
    expect(body.startsWith('签发部门已于')).toBe(true)
    expect(body).toContain('丙'.repeat(199))
    expect(body).not.toContain('丁')
  })

  it('the registration office’s objection to a permit: the issuer is told it by its name and to tell it, never 使用部门', () => {
    const o = anObjection({ raisedBy: 'registration-office', raisedByName: '汕尾市不动产登记中心' })
    const raised = objectionRaised(o, project, known, '2026-06-02')
    expect(raised.recipients).toEqual([dept('natural-resources')])
    expect(render(raised.kind, raised.facts)).toEqual({
      title: '证照异议待核查',
      body: '汕尾市不动产登记中心于2026年6月2日对项目“标准厂房”（项目代码 2026-440600-47-01-000001）的《建设工程规划许可证》（编号 建字第440600202600001号）提出证照异议，异议理由：“许可证载明的建筑面积与审定的设计方案不一致”。请核查后将处理结果告知不动产登记机构。',
    })
    // Without the name it carried, the registration office by its generic name; a department's keeps 使用部门.
    const { raisedByName: _name, ...unnamed } = o
    const plain = render(raised.kind, objectionRaised(unnamed, project, noNames, '2026-06-02').facts).body
    expect(plain.startsWith('不动产登记机构于2026年6月2日对')).toBe(true)
    expect(plain).not.toContain('使用部门')
    expect(render(raised.kind, objectionRaised(anObjection(), project, known, '2026-06-02').facts).body).toMatch(
      /告知使用部门。$/,
    )
  })

  it('an owner’s objection to its property certificate: the registration office is told, then the owner its answer', () => {
    const o = anObjection({
      raisedBy: 'owner-91440600ma4uw8xl2k',
      raisedByName: '标准厂房有限公司',
      issuer: 'registration-office',
    })
    const raised = objectionRaised(o, project, noNames, '2026-06-02')
    expect(raised.recipients).toEqual([office])
    expect(render(raised.kind, raised.facts).body.startsWith('标准厂房有限公司于2026年6月2日')).toBe(true)
    expect(render(raised.kind, raised.facts).body.endsWith('请核查后将处理结果告知权利人。')).toBe(true)
    const told = objectionAnswered(
      answered('upheld', { raisedBy: o.raisedBy, issuer: 'registration-office' }),
      project,
      noNames,
      '2026-06-05',
    )
    expect(told?.recipients).toEqual([{ kind: 'owner', id: project.ownerCreditCode }])
    // The owner is never looked up as a department.
    expect(objectionDepartments(o)).toEqual([])
  })

  it('an objection not answered tells no one; the registration office is never looked up as a department', () => {
    expect(objectionAnswered(anObjection(), project, known, '2026-06-05')).toBeUndefined()
    expect(objectionDepartments(anObjection({ issuer: 'registration-office' }))).toEqual(['housing-construction'])
  })
})

describe('并联审批: the department told of an outside-line permit applied to it', () => {
  const P = '项目“标准厂房”（项目代码 2026-440600-47-01-000001）'
  type Permit = Request['permits'][number]
  const urban = { department: 'urban-management', departmentName: '汕尾市城市管理和综合执法局' }
  const transport = { department: 'transport', departmentName: '汕尾市交通运输局' }
  const applied = (kind: Permit['kind'], to: typeof urban, over: Partial<Permit> = {}): Permit => ({
    kind,
    status: 'requested',
    ...to,
    appliedOn: '2026-04-06',
    ...over,
  })
  const sent = (permits: Permit[], over: Partial<Request> = {}) =>
    aRequest({
      provider: 'water',
      stage: 'outside-line-permits',
      permits,
      permitsClock: { limit: { value: 3, unit: 'W' }, start: '2026-04-06', region: '441500', suspensions: [] },
      ...over,
    })

  it('plan-done: each department once, naming its own permits, the provider, the day and the limit', () => {
    const r = sent([
      applied('road-excavation', urban),
      applied('green-space', urban),
      applied('road-related', transport),
    ])
    const told = outsideLinePermitsApplied(r, ['road-excavation', 'green-space', 'road-related'], project)
    expect(told.map((t) => t.recipients)).toEqual([[dept('urban-management')], [dept('transport')]])
    expect(told.map((t) => t.kind)).toEqual(['outside-line-permit-applied', 'outside-line-permit-applied'])
    expect(told.map((t) => render(t.kind, t.facts))).toEqual([
      {
        title: '外线工程审批申请',
        body: `${P}的供水外线接入工程，供水单位已于2026年4月6日向汕尾市城市管理和综合执法局申请占用挖掘道路许可、临时占用绿地许可（并联审批）。外线工程审批时限为3个工作日（自2026年4月6日起算）。请在外线审批中作出准予许可或不予许可的决定。`,
      },
      {
        title: '外线工程审批申请',
        body: `${P}的供水外线接入工程，供水单位已于2026年4月6日向汕尾市交通运输局申请涉路施工许可（并联审批）。外线工程审批时限为3个工作日（自2026年4月6日起算）。请在外线审批中作出准予许可或不予许可的决定。`,
      },
    ])
  })

  it('占道施工交通组织方案审核 (004:1846): 公安 is told of its own review by name, apart from the other departments', () => {
    const police = { department: 'public-security', departmentName: '汕尾市公安局' }
    const r = sent([applied('road-excavation', urban), applied('traffic-organisation', police)])
    const told = outsideLinePermitsApplied(r, ['road-excavation', 'traffic-organisation'], project)
    expect(told.map((t) => t.recipients)).toEqual([[dept('urban-management')], [dept('public-security')]])
    expect(told[1] && render(told[1].kind, told[1].facts).body).toBe(
      `${P}的供水外线接入工程，供水单位已于2026年4月6日向汕尾市公安局申请占道施工交通组织方案审核（并联审批）。外线工程审批时限为3个工作日（自2026年4月6日起算）。请在外线审批中作出准予许可或不予许可的决定。`,
    )
  })

  it('a region with no permits limit (Foshan): the limit is not said, and no day is made up', () => {
    const r = sent([applied('road-excavation', urban)], { provider: 'gas' })
    const { permitsClock: _none, ...noClock } = r
    const [told] = outsideLinePermitsApplied(noClock, ['road-excavation'], project)
    expect(told && render(told.kind, told.facts).body).toBe(
      `${P}的供气外线接入工程，供气单位已于2026年4月6日向汕尾市城市管理和综合执法局申请占用挖掘道路许可（并联审批）。请在外线审批中作出准予许可或不予许可的决定。`,
    )
  })

  it('a re-application: only the permit applied for again, what changed and the refusal it answers', () => {
    const r = sent([
      applied('road-excavation', urban, {
        appliedOn: '2026-04-09',
        reapplication: { change: '改为夜间施工，缩短占道长度', refusedOn: '2026-04-08', refusalReason: '占道时段冲突' },
      }),
      // Still awaiting its department from plan-done: named in the event's snapshot, not applied in this event.
      applied('road-related', transport),
    ])
    const told = outsideLinePermitsApplied(r, ['road-excavation'], project)
    expect(told.map((t) => t.recipients)).toEqual([[dept('urban-management')]])
    // An event published before it carried the due day: the limit, and that the provider's days are not counted.
    expect(told[0] && render(told[0].kind, told[0].facts)).toEqual({
      title: '外线工程审批重新申请',
      body: `${P}的供水外线接入工程，供水单位就2026年4月8日不予许可的占用挖掘道路许可调整方案后，已于2026年4月9日向汕尾市城市管理和综合执法局重新申请，调整内容：“改为夜间施工，缩短占道长度”。外线工程审批时限为3个工作日（自2026年4月6日起算，申请人修改方案的时间不计入）。请在外线审批中作出准予许可或不予许可的决定。`,
    })
  })

  it('the due day the request carries is said: after a pause with the provider, not a day counted from the start', () => {
    // Applied 2 March, refused, applied again 11 March: due 13 March (a reader counting from the start gets 5 March).
    const r = sent(
      [
        applied('road-excavation', urban, {
          appliedOn: '2026-03-11',
          reapplication: { change: '改线', refusedOn: '2026-03-03' },
        }),
      ],
      {
        permitsClock: {
          limit: { value: 3, unit: 'W' },
          start: '2026-03-02',
          region: '441500',
          suspensions: [{ kind: 'supplement', from: '2026-03-04', to: '2026-03-11' }],
        },
        permitsDueOn: '2026-03-13',
      },
    )
    const [again] = outsideLinePermitsApplied(r, ['road-excavation'], project)
    expect(again && render(again.kind, again.facts).body).toContain(
      '外线工程审批时限为3个工作日（自2026年3月2日起算，申请人修改方案的时间不计入），审批时限至2026年3月13日。',
    )
    const first = sent([applied('road-excavation', urban)], { permitsDueOn: '2026-04-09' })
    const [told] = outsideLinePermitsApplied(first, ['road-excavation'], project)
    expect(told && render(told.kind, told.facts).body).toContain(
      '外线工程审批时限为3个工作日（自2026年4月6日起算），审批时限至2026年4月9日。',
    )
  })

  it('no department is told of a move that applied nothing, nor of a permit the provider records', () => {
    const waiting = sent([applied('road-excavation', urban), applied('road-related', transport, { status: 'granted' })])
    // A decision of another permit while this one waits: the event names no permit applied.
    expect(outsideLinePermitsApplied(waiting, undefined, project)).toEqual([])
    expect(outsideLinePermitsApplied(waiting, [], project)).toEqual([])
    // Named but decided by now, or requested with no department on the platform (the provider records it): no one.
    expect(outsideLinePermitsApplied(waiting, ['road-related'], project)).toEqual([])
    const offPlatform = sent([{ kind: 'green-space', status: 'requested' }])
    expect(outsideLinePermitsApplied(offPlatform, ['green-space'], project)).toEqual([])
  })

  it('every text keeps within the message bounds, a long project name and change cut, no code in it', () => {
    const long = { ...project, name: '厂'.repeat(500) }
    const r = sent(
      [
        applied('road-excavation', urban, { reapplication: { change: '改'.repeat(500), refusedOn: '2026-04-08' } }),
        applied('green-space', urban),
      ],
      { permitsDueOn: '2026-12-31' },
    )
    for (const t of outsideLinePermitsApplied(r, ['road-excavation', 'green-space'], long)) {
      const { title, body } = render(t.kind, t.facts)
      expect(title.length).toBeLessThanOrEqual(40)
      expect([...body].length).toBeLessThanOrEqual(500)
      expect(body).toContain('请在外线审批中作出准予许可或不予许可的决定。')
      expect(latin(body)).toBeNull()
    }
  })
})

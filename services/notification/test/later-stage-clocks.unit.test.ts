import type {
  AcceptanceCaseEventBody,
  IssueClockEventBody,
  RegistrationCaseEventBody,
  UtilityRequestEventBody,
} from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import {
  acceptanceClockAlert,
  issueClockAlert,
  type KnownProject,
  registrationClockAlert,
  utilityPermitsClockAlert,
} from '../src/domain/later-stages.js'
import { render } from '../src/domain/templates.js'

// The later stages' clock alerts (docs/notifications.md#later-stages): 预警 and 超时 of joint acceptance's case clock,
// the first registration's, the permits' issuing clock and the outside-line permits' — each told to the party whose
// clock it is and the owner, as approval's task clock alerts are. Pure, from the events' snapshots.

const project: KnownProject = { name: '标准厂房', projectCode: '2026-440600-47-01-000001', ownerCreditCode: 'OWNER' }
const owner = { kind: 'owner', id: 'OWNER' }
const office = { kind: 'registrar', id: 'registration' }
const dept = (id: string) => ({ kind: 'department', id })
const noNames = () => undefined
const P = '项目“标准厂房”（项目代码 2026-440600-47-01-000001）'

const aCase = (over: Partial<AcceptanceCaseEventBody['case']> = {}): AcceptanceCaseEventBody['case'] => ({
  caseId: '019a0000-0000-7000-8000-000000000001',
  projectId: '019a0000-0000-7000-8000-000000000002',
  projectType: 'industrial-land-with-scheme',
  region: '440600',
  owner: { name: '佛山某制造有限公司', creditCode: 'OWNER' },
  lead: 'housing-construction',
  leadName: '佛山市住房城乡建设局',
  status: 'scheduled',
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
      status: 'passed',
      round: 1,
    },
    { item: 'archives', department: 'archives', status: 'pending', round: 1 },
  ],
  clock: { limit: { value: 8, unit: 'W' }, start: '2026-05-11', region: '440600', suspensions: [] },
  clockAlerts: { warnedOn: '2026-05-19' },
  registrationWithAcceptance: false,
  openedAt: '2026-05-10T17:00:00.000Z',
  version: 6,
  updatedAt: '2026-05-19T01:00:00.000Z',
  ...over,
})

describe('joint acceptance’s case clock (联合验收)', () => {
  it('yellow: the owner, the lead and each department owing its opinion; the limit and those items', () => {
    const told = acceptanceClockAlert(aCase(), project, noNames, { alert: 'warned', dueOn: '2026-05-21' }, '2026-05-20')
    expect(told.kind).toBe('stage-clock-yellow')
    expect(told.recipients).toEqual([owner, dept('housing-construction'), dept('natural-resources'), dept('archives')])
    expect(render(told.kind, told.facts)).toEqual({
      title: '联合验收时限预警',
      body: `${P}的联合验收（牵头部门：佛山市住房城乡建设局）的办理时限（8个工作日，自2026年5月11日起算）即将届满，截止日期为2026年5月21日，尚待出具验收意见的事项：规划条件核实（佛山市自然资源局）、验收事项（验收部门）。请牵头部门组织各验收部门在时限内出具验收意见。`,
    })
  })

  it('red: the day marked overdue; a case rectifying names no item, and no department but the lead', () => {
    const rectifying = aCase({
      status: 'rectifying',
      part: '3号厂房',
      items: aCase().items.map((i) => ({ ...i, status: i.department === 'archives' ? 'rectify' : 'passed' }) as const),
      clockAlerts: { warnedOn: '2026-05-19', overdueOn: '2026-05-22' },
    })
    const told = acceptanceClockAlert(
      rectifying,
      project,
      noNames,
      { alert: 'overdue', dueOn: '2026-05-21' },
      '2026-05-25',
    )
    expect(told.kind).toBe('stage-clock-red')
    expect(told.recipients).toEqual([owner, dept('housing-construction')])
    expect(render(told.kind, told.facts)).toEqual({
      title: '联合验收已超时',
      body: `${P}（3号厂房）的联合验收（牵头部门：佛山市住房城乡建设局）的办理时限（8个工作日，自2026年5月11日起算）已届满，截止日期为2026年5月21日，截至2026年5月22日联合验收仍未办结。`,
    })
  })

  it('a snapshot that marks no day is told on the day it was written; an alert without `dueOn` names no due day', () => {
    // An alert published before the events carried the due day: the limit and its start, as before.
    const told = acceptanceClockAlert(
      aCase({ clockAlerts: undefined }),
      project,
      noNames,
      { alert: 'overdue' },
      '2026-05-25',
    )
    expect(told.facts.on).toBe('2026-05-25')
    expect(told.facts.dueOn).toBeUndefined()
    expect(render(told.kind, told.facts).body).toBe(
      `${P}的联合验收（牵头部门：佛山市住房城乡建设局）的办理时限（8个工作日，自2026年5月11日起算）已届满，截至2026年5月25日联合验收仍未办结，尚待出具验收意见的事项：规划条件核实（佛山市自然资源局）、验收事项（验收部门）。`,
    )
  })
})

describe('the first registration’s case clock (不动产首次登记)', () => {
  const aRegistration = (over: Partial<RegistrationCaseEventBody['case']> = {}): RegistrationCaseEventBody['case'] => ({
    caseId: '019a0000-0000-7000-8000-000000000006',
    projectId: '019a0000-0000-7000-8000-000000000002',
    acceptanceCaseId: '019a0000-0000-7000-8000-000000000001',
    caseNumber: 'DJ-440600-2026-000004',
    part: '3号厂房',
    status: 'open',
    clock: { limit: { value: 5, unit: 'W' }, start: '2026-06-02', region: '440600', suspensions: [] },
    clockAlerts: { warnedOn: '2026-06-08', overdueOn: '2026-06-10' },
    openedAt: '2026-05-10T17:00:00.000Z',
    version: 7,
    updatedAt: '2026-06-10T01:00:00.000Z',
    ...over,
  })

  it('yellow: the registration office and the owner, with the case number, the limit and its start', () => {
    const told = registrationClockAlert(
      aRegistration(),
      project,
      { alert: 'warned', dueOn: '2026-06-09' },
      '2026-06-10',
    )
    expect(told.recipients).toEqual([office, owner])
    expect(render(told.kind, told.facts)).toEqual({
      title: '不动产首次登记时限预警',
      body: `${P}（3号厂房）的不动产首次登记案件（受理编号 DJ-440600-2026-000004）的办理时限（5个工作日，自2026年6月2日起算）即将届满，截止日期为2026年6月9日。请登记机构在时限内核验验收结果并办结登记。`,
    })
  })

  it('red: the day it was found overdue', () => {
    const told = registrationClockAlert(
      aRegistration(),
      project,
      { alert: 'overdue', dueOn: '2026-06-09' },
      '2026-06-12',
    )
    expect(told.kind).toBe('stage-clock-red')
    expect(render(told.kind, told.facts)).toEqual({
      title: '不动产首次登记已超时',
      body: `${P}（3号厂房）的不动产首次登记案件（受理编号 DJ-440600-2026-000004）的办理时限（5个工作日，自2026年6月2日起算）已届满，截止日期为2026年6月9日，截至2026年6月10日登记仍未办结。`,
    })
  })
})

describe('the issuing clock (发证时限, 行政许可法第四十四条)', () => {
  const clock: IssueClockEventBody['issueClock'] = {
    applicationId: '019a0000-0000-7000-8000-000000000007',
    projectId: '019a0000-0000-7000-8000-000000000002',
    step: 'construction-permit',
    decidedOn: '2026-03-02',
    clock: { limit: { value: 10, unit: 'W' }, start: '2026-03-02', region: '440600', suspensions: [] },
    warnedOn: '2026-03-12',
  }

  it('yellow: the registration office, which issues the permits, and the owner; the decision day and the limit', () => {
    const told = issueClockAlert(clock, project, { alert: 'warned', dueOn: '2026-03-16' }, '2026-03-13')
    expect(told.recipients).toEqual([office, owner])
    expect(render(told.kind, told.facts)).toEqual({
      title: '发证时限预警',
      body: `${P}于2026年3月2日准予许可的证照颁发时限（自决定之日起10个工作日，行政许可法第四十四条）即将届满，截止日期为2026年3月16日。`,
    })
  })

  it('red: the permits still not issued on the day it was found', () => {
    const told = issueClockAlert(
      { ...clock, overdueOn: '2026-03-17' },
      project,
      { alert: 'overdue', dueOn: '2026-03-16' },
      '2026-03-18',
    )
    expect(render(told.kind, told.facts)).toEqual({
      title: '发证已超时',
      body: `${P}于2026年3月2日准予许可的证照颁发时限（自决定之日起10个工作日，行政许可法第四十四条）已届满，截止日期为2026年3月16日，截至2026年3月17日证照仍未颁发。`,
    })
  })
})

describe('the outside-line permits’ clock (外线工程审批)', () => {
  const aRequest = (over: Partial<UtilityRequestEventBody['request']> = {}): UtilityRequestEventBody['request'] => ({
    requestId: '019a0000-0000-7000-8000-000000000003',
    projectId: '019a0000-0000-7000-8000-000000000002',
    applicationId: '019a0000-0000-7000-8000-000000000004',
    provider: 'water',
    stage: 'outside-line-permits',
    lowRisk: false,
    line: { lengthM: 600 },
    permits: [
      { kind: 'road-excavation', status: 'granted', department: 'urban-management', documentNo: '汕城管许〔2026〕1号' },
      { kind: 'green-space', status: 'requested' },
    ],
    permitsClock: { limit: { value: 3, unit: 'W' }, start: '2026-04-06', region: '441500', suspensions: [] },
    permitsClockAlerts: { warnedOn: '2026-04-08' },
    openedAt: '2026-04-01T02:00:00.000Z',
    version: 5,
    updatedAt: '2026-04-08T01:00:00.000Z',
    ...over,
  })

  it('yellow: the provider and the owner it serves, naming the permits not granted', () => {
    const told = utilityPermitsClockAlert(aRequest(), project, { alert: 'warned', dueOn: '2026-04-09' }, '2026-04-09')
    expect(told.recipients).toEqual([
      { kind: 'provider', id: 'water' },
      { kind: 'owner', id: 'OWNER' },
    ])
    expect(render(told.kind, told.facts)).toEqual({
      title: '外线工程审批时限预警',
      body: `${P}的供水外线接入工程外线行政审批时限（3个工作日，自2026年4月6日起算）即将届满，截止日期为2026年4月9日，尚未准予的许可：临时占用绿地许可。请市政公用服务单位跟进相关部门的审批。`,
    })
  })

  it('red: the owner the request names; a refused permit is still not granted', () => {
    const refused = aRequest({
      owner: { name: '佛山某制造有限公司', creditCode: 'REQUEST-OWNER' },
      permits: [
        { kind: 'road-excavation', status: 'refused', department: 'urban-management', reason: '占道时段冲突' },
        { kind: 'green-space', status: 'requested' },
      ],
      permitsClockAlerts: { warnedOn: '2026-04-08', overdueOn: '2026-04-10' },
    })
    const told = utilityPermitsClockAlert(refused, project, { alert: 'overdue', dueOn: '2026-04-09' }, '2026-04-11')
    expect(told.recipients).toEqual([
      { kind: 'provider', id: 'water' },
      { kind: 'owner', id: 'REQUEST-OWNER' },
    ])
    expect(render(told.kind, told.facts)).toEqual({
      title: '外线工程审批已超时',
      body: `${P}的供水外线接入工程外线行政审批时限（3个工作日，自2026年4月6日起算）已届满，截止日期为2026年4月9日，截至2026年4月10日外线行政审批仍未全部办结，尚未准予的许可：占用挖掘道路许可、临时占用绿地许可。`,
    })
  })

  it('并联审批: each department whose permit still awaits its decision too, once, its permit named with it', () => {
    const urban = {
      department: 'urban-management',
      departmentName: '汕尾市城市管理和综合执法局',
      appliedOn: '2026-04-06',
    }
    const onPlatform = aRequest({
      permits: [
        { kind: 'road-excavation', status: 'requested', ...urban },
        { kind: 'green-space', status: 'requested', ...urban },
        // Refused on the platform: the provider's to apply again, not the department's to decide.
        {
          kind: 'road-related',
          status: 'refused',
          department: 'transport',
          departmentName: '汕尾市交通运输局',
          appliedOn: '2026-04-06',
          reason: '占道时段冲突',
        },
      ],
    })
    const told = utilityPermitsClockAlert(onPlatform, project, { alert: 'warned', dueOn: '2026-04-09' }, '2026-04-09')
    expect(told.recipients).toEqual([{ kind: 'provider', id: 'water' }, owner, dept('urban-management')])
    expect(render(told.kind, told.facts)).toEqual({
      title: '外线工程审批时限预警',
      body: `${P}的供水外线接入工程外线行政审批时限（3个工作日，自2026年4月6日起算）即将届满，截止日期为2026年4月9日，尚未准予的许可：占用挖掘道路许可（汕尾市城市管理和综合执法局审批中）、临时占用绿地许可（汕尾市城市管理和综合执法局审批中）、涉路施工许可。请审批部门在外线审批中及时作出决定，市政公用服务单位跟进相关部门的审批。`,
    })
    const red = utilityPermitsClockAlert(onPlatform, project, { alert: 'overdue', dueOn: '2026-04-09' }, '2026-04-10')
    expect(red.recipients).toEqual([{ kind: 'provider', id: 'water' }, owner, dept('urban-management')])
  })

  it('a permit the provider records (no appliedOn) adds no department, though it names one', () => {
    const recorded = aRequest({
      permits: [{ kind: 'green-space', status: 'requested', department: 'urban-management' }],
    })
    const told = utilityPermitsClockAlert(recorded, project, { alert: 'warned', dueOn: '2026-04-09' }, '2026-04-09')
    expect(told.recipients).toEqual([{ kind: 'provider', id: 'water' }, owner])
    expect(render(told.kind, told.facts).body).toMatch(/临时占用绿地许可。请市政公用服务单位跟进相关部门的审批。$/)
  })
})

import { projectors, ticketProjectors } from '@onewindow/gateway'
import { describe, expect, it } from 'vitest'
import { departmentName, departmentNamer } from '../src/departments.js'
import { decisionWords } from '../src/pages/reviewer/decision-words.js'
import { decisionWordsOf, timelineLine, timelineSentence } from '../src/timeline.js'

const hasHan = (s: string) => /\p{Script=Han}/u.test(s)

describe('a timeline entry in Chinese', () => {
  it('has a sentence of its own for every type the gateway’s projectors write', () => {
    const missing = projectors.map((p) => p.type).filter((type) => timelineSentence({ type }) === '办理进展')
    expect(missing).toEqual([])
    for (const p of projectors) expect(hasHan(timelineSentence({ type: p.type })), p.type).toBe(true)
  })

  it('has a sentence for every 12345 ticket event a linked project’s timeline may show', () => {
    const missing = ticketProjectors.map((p) => p.type).filter((type) => timelineSentence({ type }) === '办理进展')
    expect(missing).toEqual([])
  })

  it('calls the assisted service 无偿 as the seed documents do (无偿帮办代办), never 免费', () => {
    expect(timelineSentence({ type: 'assisted-case.opened' })).toBe('已开通帮办代办服务（无偿）')
    for (const p of projectors) expect(timelineSentence({ type: p.type }), p.type).not.toContain('免费')
  })

  it('says what 逾期未整改’s further measure did, never 违诺 (004:1860)', () => {
    const type = 'task.commitment-breached'
    const summary = 'r-1 — planning-permit: 告知承诺 breached — 整改 not confirmed by its day, further measure taken'
    expect(timelineSentence({ type, summary, outcome: 'escalated-revoke' })).toBe(
      '责令整改逾期未整改，审批部门依法撤销许可',
    )
    expect(timelineSentence({ type, summary, outcome: 'escalated-bar' })).toBe(
      '责令整改逾期未整改，审批部门禁止其再适用告知承诺',
    )
    expect(
      timelineLine(
        { type, summary, outcome: 'escalated-revoke-bar', department: 'natural-resources' },
        () => '市自然资源局',
      ),
    ).toBe('责令整改逾期未整改，审批部门依法撤销许可，并禁止其再适用告知承诺（市自然资源局）')
    for (const outcome of ['escalated-revoke', 'escalated-bar', 'escalated-revoke-bar']) {
      expect(timelineSentence({ type, summary, outcome })).not.toContain('违诺')
    }
    // The breach itself still reads as one; a 容缺 one as its own.
    expect(timelineSentence({ type })).toBe('告知承诺核查：违诺')
    expect(timelineSentence({ type, outcome: 'deficiency' })).toBe(
      '容缺材料逾期未补正，审批部门已作出处理（纳入信用监管）',
    )
  })

  it('says what a joint acceptance item’s further measure did, by the department that took it there', () => {
    const type = 'acceptance.commitment-rectification-escalated'
    expect(timelineSentence({ type, outcome: 'escalated-bar' })).toBe(
      '验收告知承诺责令整改逾期未整改，验收部门禁止其再适用告知承诺',
    )
    expect(timelineSentence({ type, outcome: 'escalated-revoke' })).toBe(
      '验收告知承诺责令整改逾期未整改，验收部门依法撤销该事项的告知承诺通过',
    )
    // Without an outcome (an entry it cannot read the measures of), the type's own sentence.
    expect(timelineSentence({ type })).toBe('验收告知承诺逾期未整改，验收部门已采取进一步措施')
    expect(timelineSentence({ type: 'acceptance.commitment-rectification-overdue' })).toBe('验收告知承诺逾期未整改')
  })

  it('says 办理进展 for a type it does not know, never the English summary', () => {
    expect(timelineSentence({ type: 'something.new', summary: 'Something new happened' })).toBe('办理进展')
  })

  it('tells a 补正 notice issued, answered and withdrawn apart', () => {
    const type = 'supplement-notice.issued'
    expect(timelineSentence({ type, summary: '补正告知 v1: housing-construction asks for a' })).toBe('补正告知已发出')
    expect(timelineSentence({ type, summary: '补正告知 answered by the owner', outcome: 'answered' })).toBe(
      '建设单位已答复补正告知',
    )
    expect(
      timelineSentence({
        type,
        summary: '补正告知 withdrawn with its application: nothing is owed',
        outcome: 'withdrawn',
      }),
    ).toBe('补正告知随申请撤回')
    // The state is the gateway's `outcome`, never read out of the English summary.
    expect(timelineSentence({ type, summary: '补正告知 answered by the owner' })).toBe('补正告知已发出')
  })

  it('says a case’s helper acted on the owner’s behalf (帮办代办), not that the owner did', () => {
    const helper = 'helper:helper-li'
    const summary =
      '补正告知 answered — by helper 李帮办 (helper-li) on behalf of 91441500MA51XY201H under case c (代办)'
    expect(timelineSentence({ type: 'supplement-notice.issued', summary, actor: helper, outcome: 'answered' })).toBe(
      '帮办人员已代建设单位答复补正告知',
    )
    expect(timelineSentence({ type: 'application.receipt-answered', actor: helper })).toBe(
      '帮办人员已代建设单位按告知补充材料，待窗口决定是否受理',
    )
    // A notice issued with a helper as actor is still issued; the owner's own answer stays the owner's.
    expect(timelineSentence({ type: 'supplement-notice.issued', summary: '补正告知 v1', actor: helper })).toBe(
      '补正告知已发出',
    )
    expect(
      timelineSentence({
        type: 'supplement-notice.issued',
        summary: '补正告知 answered by the owner',
        outcome: 'answered',
      }),
    ).toBe('建设单位已答复补正告知')
  })

  it('says what a department decided: 准予许可 or 不予许可, with the department', () => {
    const decided = { type: 'task.decided', department: 'natural-resources' }
    expect(timelineLine({ ...decided, outcome: 'approved', summary: 'approved' })).toBe(
      '部门已作出审批决定：准予许可（自然资源部门）',
    )
    expect(timelineLine({ ...decided, outcome: 'rejected', summary: 'rejected: 不符合规划条件' })).toBe(
      '部门已作出审批决定：不予许可（自然资源部门）',
    )
    // An entry without an outcome (a decision event that carried none) still reads as a decision.
    expect(timelineLine({ type: 'task.decided' })).toBe('部门已作出审批决定')
  })

  it('says a decision on a filing as one: 予以备案 or 不予备案, never 准予许可', () => {
    const decided = { type: 'task.decided', department: 'development-reform' }
    const filing = () => decisionWords({ item: 'enterprise-investment-filing', itemName: '企业投资项目备案' })
    expect(timelineLine({ ...decided, outcome: 'approved' }, undefined, filing)).toBe(
      '部门已作出备案决定：予以备案（发展改革部门）',
    )
    expect(timelineLine({ ...decided, outcome: 'rejected' }, undefined, filing)).toBe(
      '部门已作出备案决定：不予备案（发展改革部门）',
    )
    expect(timelineLine({ type: 'task.decided' }, undefined, filing)).toBe('部门已作出备案决定')
    // Only a decision is worded so: another entry of the same task reads as it did.
    expect(timelineLine({ type: 'task.claimed', department: 'development-reform' }, undefined, filing)).toBe(
      '部门已认领审批任务（发展改革部门）',
    )
  })

  it('finds the item a decision’s entry decided: its department’s task decided at the entry’s instant', () => {
    const at = '2026-03-03T02:00:00.000Z'
    const filingOf = decisionWordsOf({
      tasks: [
        {
          department: 'development-reform',
          item: 'enterprise-investment-filing',
          itemName: '企业投资项目备案',
          decision: { decidedAt: '2026-03-03T02:00:00Z' },
        },
        {
          department: 'natural-resources',
          item: 'land-planning-permit',
          itemName: '建设用地规划许可证核发',
          decision: { decidedAt: at },
        },
        // One department, two tasks decided apart: each entry is its own task's.
        {
          department: 'housing-construction',
          item: 'fire-acceptance-filing',
          itemName: '其他建设工程消防验收备案',
          decision: { decidedAt: '2026-03-04T02:00:00.000Z' },
        },
        {
          department: 'housing-construction',
          item: 'construction-permit',
          itemName: '建筑工程施工许可证核发',
          decision: { decidedAt: '2026-03-05T02:00:00.000Z' },
        },
        {
          department: 'civil-air-defence',
          item: 'civil-air-defence-permit',
          itemName: '应建或易地修建防空地下室的民用建筑项目许可',
        },
      ],
    })
    const entry = (department: string, occurredAt: string) => ({
      type: 'task.decided',
      department,
      occurredAt,
      outcome: 'approved',
    })
    // The same instant written another way is the same instant.
    expect(filingOf(entry('development-reform', at)).granted).toBe('予以备案')
    expect(filingOf(entry('natural-resources', at)).granted).toBe('准予许可')
    expect(filingOf(entry('housing-construction', '2026-03-04T02:00:00.000Z')).granted).toBe('予以备案')
    expect(filingOf(entry('housing-construction', '2026-03-05T02:00:00.000Z')).granted).toBe('准予许可')
    // No task found (an undecided one, another instant): a licence's words, as before.
    expect(filingOf(entry('civil-air-defence', at)).granted).toBe('准予许可')
    expect(filingOf(entry('development-reform', '2026-03-06T02:00:00.000Z')).granted).toBe('准予许可')
    expect(filingOf({ type: 'task.claimed', department: 'development-reform', occurredAt: at }).granted).toBe(
      '准予许可',
    )
  })

  it('keeps a licence’s words for tasks of one department decided at one instant unless all are filings', () => {
    const at = '2026-03-03T02:00:00.000Z'
    const filing = {
      department: 'housing-construction',
      item: 'fire-acceptance-filing',
      itemName: '其他建设工程消防验收备案',
      decision: { decidedAt: at },
    }
    const permit = {
      department: 'housing-construction',
      item: 'construction-permit',
      itemName: '建筑工程施工许可证核发',
      decision: { decidedAt: at },
    }
    const entry = { type: 'task.decided', department: 'housing-construction', occurredAt: at, outcome: 'approved' }
    expect(decisionWordsOf({ tasks: [filing, permit] })(entry).granted).toBe('准予许可')
    expect(
      decisionWordsOf({
        tasks: [filing, { ...filing, item: 'completion-acceptance-filing', itemName: '房屋市政工程竣工验收备案' }],
      })(entry).granted,
    ).toBe('予以备案')
  })

  it('says a revoked filing as one: 备案已撤销, found by the task revoked at the entry’s instant', () => {
    const decidedAt = '2026-03-03T02:00:00.000Z'
    const revokedAt = '2026-04-01T02:00:00.000Z'
    const filing = {
      department: 'development-reform',
      item: 'enterprise-investment-filing',
      itemName: '企业投资项目备案',
      decision: { decidedAt },
      revocation: { revokedAt },
    }
    const permit = {
      department: 'natural-resources',
      item: 'land-planning-permit',
      itemName: '建设用地规划许可证核发',
      decision: { decidedAt },
      revocation: { revokedAt },
    }
    const filingOf = decisionWordsOf({ tasks: [filing, permit] })
    const revoked = (department: string, occurredAt: string) => ({ type: 'task.revoked', department, occurredAt })
    expect(timelineLine(revoked('development-reform', revokedAt), () => '发展改革部门', filingOf)).toBe(
      '备案已撤销（发展改革部门）',
    )
    expect(timelineLine(revoked('natural-resources', revokedAt), () => '自然资源部门', filingOf)).toBe(
      '许可已撤销（自然资源部门）',
    )
    // Another instant (the decision's, not the revocation's): no task found, a licence's words as before.
    expect(filingOf(revoked('development-reform', decidedAt)).granted).toBe('准予许可')
  })

  it('names the department a task’s entry concerns, in Chinese', () => {
    expect(timelineLine({ type: 'task.claimed', department: 'natural-resources' })).toBe(
      '部门已认领审批任务（自然资源部门）',
    )
    expect(timelineLine({ type: 'project.registered' })).toBe('项目已登记')
  })

  it('names the building a registration is for and the phase a phased step is at, from their own fields', () => {
    // The gateway's summary is English and says the building too; the line takes the entry's `part` only.
    const summary = 'Registration (1号厂房): first registration completed; property certificate issued'
    expect(timelineLine({ type: 'registration.completed', summary, part: '1号厂房' })).toBe(
      '不动产首次登记已办结（1号厂房）',
    )
    expect(timelineLine({ type: 'registration.completed', summary })).toBe('不动产首次登记已办结')
    expect(timelineLine({ type: 'acceptance.passed', part: '2号厂房' })).toBe('联合验收通过（2号厂房）')
    // 竣工一幢: a building's completion survey (多测合一) names its building, as the gateway's projector gives it.
    const surveyed = projectors
      .find((p) => p.type === 'survey.completed')
      ?.project(
        {
          commission: {
            commissionId: '01890000-0000-7000-8000-0000000000cc',
            projectId: '01890000-0000-7000-8000-0000000000bb',
            ownerCreditCode: '91440600MA4UW8XL2K',
            stage: 'completion',
            part: '1号厂房',
            surveyor: { name: '佛山市示例测绘有限公司', creditCode: '91440604MA52ABC135' },
            items: [{ item: 'floor-area-survey', name: '房产测量', source: 'test' }],
            status: 'completed',
            commissionedAt: '2026-03-02T02:00:00.000Z',
            commissionedOn: '2026-03-02',
            results: [{ item: 'floor-area-survey', documentRef: 'https://survey.example/r', areaM2: 8120.75 }],
            completedAt: '2026-03-03T02:00:00.000Z',
            revision: 2,
          },
        },
        '01890000-0000-7000-8000-000000000001',
      ).timeline
    expect(surveyed && timelineLine(surveyed)).toBe('测绘成果已提交，各部门共享使用（1号厂房）')
    const phase = { code: 'foundation-pit', name: '基坑围护', number: 1, count: 4 }
    expect(timelineLine({ type: 'step.decided', phase })).toBe('本环节审批已办结（第 1 阶段 / 共 4 阶段：基坑围护）')
    // A task's entry: its department first, then its phase.
    expect(
      timelineLine(
        { type: 'task.decided', outcome: 'approved', department: 'natural-resources', phase },
        () => '钦州市住房和城乡建设局',
      ),
    ).toBe('部门已作出审批决定：准予许可（钦州市住房和城乡建设局，第 1 阶段 / 共 4 阶段：基坑围护）')
  })

  it('says a booking’s day, slot and step (网上预约), from the entry the gateway’s projector writes', () => {
    const booking = {
      bookingId: '0190a000-0000-7000-8000-000000000001',
      projectId: '0190a000-0000-7000-8000-000000000002',
      region: '441500',
      step: 'construction-permit',
      stepName: '施工许可阶段',
      day: '2026-12-09',
      slot: 'am' as const,
      at: '2026-12-04T02:00:00Z',
      by: 'owner-1',
    }
    const lineOf = (type: string, state: string, over: object = {}) => {
      const p = projectors.find((x) => x.type === type)
      if (!p) throw new Error(`no projector of ${type}`)
      return timelineLine(p.project({ booking: { ...booking, state, ...over } }, crypto.randomUUID()).timeline)
    }
    expect(lineOf('booking.booked', 'booked')).toBe('已网上预约窗口办理（2026年12月9日 上午，施工许可阶段）')
    expect(lineOf('booking.missed', 'missed', { slot: 'pm' })).toBe(
      '网上预约未到：预约时段结束时未到窗口办理（2026年12月9日 下午，施工许可阶段）',
    )
    // A step the event does not name (stepName is optional): the day and slot, never the step's English code.
    expect(lineOf('booking.cancelled', 'cancelled', { stepName: undefined })).toBe(
      '网上预约已取消（主动放弃）（2026年12月9日 上午）',
    )
  })

  it('says a utility advanced as what it did: a step moved, a permit decided, 容缺受理, 容缺后补 — from the projector’s entry', () => {
    const p = projectors.find((x) => x.type === 'utility.advanced')
    if (!p) throw new Error('no projector of utility.advanced')
    const urban = { department: 'urban-management', appliedOn: '2026-03-03' }
    const lineOf = (
      stage: string,
      permits: Array<{ kind: string; status: string; [k: string]: unknown }>,
      more: object = {},
      request: object = {},
    ) =>
      timelineLine(
        p.project(
          {
            request: {
              requestId: '0190a000-0000-7000-8000-000000000011',
              projectId: '0190a000-0000-7000-8000-000000000012',
              applicationId: '0190a000-0000-7000-8000-000000000013',
              provider: 'gas',
              stage,
              lowRisk: false,
              line: { lengthM: 800, diameterMm: 250 },
              permits,
              openedAt: '2026-03-02T01:00:00.000Z',
              version: 4,
              updatedAt: '2026-03-03T02:00:00.000Z',
              ...request,
            },
            ...more,
          },
          crypto.randomUUID(),
        ).timeline,
      )
    const owing = { ...urban, acceptedOn: '2026-03-03', deficiencies: [{ name: '管线平面图' }] }
    expect(lineOf('outside-line-permits', [{ kind: 'road-excavation', status: 'requested', ...urban }])).toBe(
      '市政公用报装进入下一阶段',
    )
    expect(
      lineOf('outside-line-permits', [{ kind: 'road-excavation', status: 'requested', ...owing }], {
        permitsDecided: [],
        permitDeficiency: { kind: 'road-excavation', act: 'accepted' },
      }),
    ).toBe('审批部门已容缺受理占用挖掘道路许可，待市政公用单位补交容缺材料')
    expect(
      lineOf(
        'construction',
        [{ kind: 'road-excavation', status: 'granted', ...owing, grantedWithDeficiencies: true }],
        {
          permitsDecided: ['road-excavation'],
        },
      ),
    ).toBe('审批部门已作出外线审批决定：占用挖掘道路许可准予许可（容缺通过）')
    // The last permit granted: the permits done with it, the request at construction.
    expect(
      lineOf(
        'construction',
        [{ kind: 'road-excavation', status: 'granted', ...urban }],
        { permitsDecided: ['road-excavation'] },
        { permitsDoneAt: '2026-03-03T02:00:00.000Z' },
      ),
    ).toBe('审批部门已作出外线审批决定：占用挖掘道路许可准予许可；外线行政审批全部办结，进入施工')
    expect(
      lineOf('outside-line-permits', [{ kind: 'traffic-organisation', status: 'refused', ...urban, reason: '高峰' }], {
        permitsDecided: ['traffic-organisation'],
      }),
    ).toBe('审批部门已作出外线审批决定：占道施工交通组织方案审核不予许可')
    // A supply at construction moved no step, whatever stage its snapshot shows.
    expect(
      lineOf('construction', [{ kind: 'road-excavation', status: 'granted', ...owing }], {
        permitsDecided: [],
        permitDeficiency: { kind: 'road-excavation', act: 'supplied' },
      }),
    ).toBe('市政公用单位已补交占用挖掘道路许可的容缺材料')
    // An event published before either field: a step, as it always read.
    expect(lineOf('construction', [{ kind: 'road-excavation', status: 'granted', ...urban }])).toBe(
      '市政公用报装进入下一阶段',
    )
    // A permit act the console does not know yet reads as the step it always did, never English.
    expect(timelineSentence({ type: 'utility.advanced', permit: { kind: 'road-excavation', act: 'revoked' } })).toBe(
      '市政公用报装进入下一阶段',
    )
  })

  it('says who raised a 证照异议: the owner on its own 不动产权证书, the registration office by its name, else a using department, from the projector’s entry', () => {
    const objection = {
      objectionId: '0190a000-0000-7000-8000-000000000011',
      certificateId: '0190a000-0000-7000-8000-000000000012',
      certificateNumber: 'BDC-2026-0001',
      certificateTitle: '不动产权证书',
      projectId: '0190a000-0000-7000-8000-000000000002',
      issuer: 'registration-office',
      raisedBy: 'owner-91441500ma4x000001',
      raisedBySub: 'owner-1',
      reason: '证载建筑面积与房产测绘报告不一致',
      evidence: [],
      raisedAt: '2026-12-04T02:00:00Z',
      status: 'open',
      version: 1,
    }
    const answered = {
      ...objection,
      status: 'upheld',
      answer: { outcome: 'upheld', finding: '已重新登记', answeredAt: '2026-12-05T02:00:00Z', answeredBy: 'r-1' },
      version: 2,
    }
    const lineOf = (type: string, o: object) => {
      const p = projectors.find((x) => x.type === type)
      if (!p) throw new Error(`no projector of ${type}`)
      return timelineLine(p.project({ objection: o }, crypto.randomUUID()).timeline)
    }
    expect(lineOf('objection.raised', objection)).toBe('建设单位对不动产权证书提出异议')
    expect(lineOf('objection.answered', answered)).toBe('不动产登记机构已答复建设单位对不动产权证书的异议')
    // A department's objection reads as before.
    const byDepartment = { issuer: 'natural-resources', raisedBy: 'housing-construction' }
    expect(lineOf('objection.raised', { ...objection, ...byDepartment })).toBe('使用部门对证照提出异议')
    expect(lineOf('objection.answered', { ...answered, ...byDepartment })).toBe('签发部门已答复证照异议')
    // The registration office's, on a permit it uses when it registers: named as itself, never 使用部门.
    const byRegistrationOffice = { ...byDepartment, raisedBy: 'registration-office' }
    expect(lineOf('objection.raised', { ...objection, ...byRegistrationOffice })).toBe('不动产登记机构对证照提出异议')
    expect(lineOf('objection.answered', { ...answered, ...byRegistrationOffice })).toBe(
      '签发部门已答复不动产登记机构的证照异议',
    )
  })

  it("names a department as the project's tasks do: the bureau a task carries, else the generic name", () => {
    const nameOf = departmentNamer({
      tasks: [
        { department: 'natural-resources', departmentName: '汕尾市自然资源局' },
        { department: 'development-reform' },
      ],
    } as unknown as Parameters<typeof departmentNamer>[0])
    expect(timelineLine({ type: 'task.assigned', department: 'natural-resources' }, nameOf)).toBe(
      '审批任务已分派至部门（汕尾市自然资源局）',
    )
    expect(timelineLine({ type: 'task.assigned', department: 'development-reform' }, nameOf)).toBe(
      `审批任务已分派至部门（${departmentName('development-reform')}）`,
    )
    expect(nameOf('housing-construction')).toBe(departmentName('housing-construction'))
  })

  it('says a follow-on’s decision as one (后续事项): 予以核准 or 不予核准, the drainage notice received, never 准予许可', () => {
    const at = '2026-03-03T02:00:00.000Z'
    const wordsOf = decisionWordsOf({
      tasks: [
        {
          department: 'public-security',
          item: 'house-number-allocation',
          itemName: '门牌号码核准发放',
          followOnOf: { item: 'engineering-planning-permit' },
          decision: { decidedAt: at },
        },
        {
          department: 'water',
          item: 'drainage-construction-notice',
          itemName: '施工许可信息推送排水主管部门（免于办理临时排水许可）',
          followOnOf: { item: 'construction-permit', forInformation: true },
          decision: { decidedAt: at },
        },
      ],
    })
    const decided = (department: string, outcome: string) => ({
      type: 'task.decided',
      department,
      occurredAt: at,
      outcome,
    })
    const line = (department: string, outcome: string) =>
      timelineLine(decided(department, outcome), () => department, wordsOf)
    expect(line('public-security', 'approved')).toBe('部门已办理后续事项：予以核准（public-security）')
    expect(line('public-security', 'rejected')).toBe('部门已办理后续事项：不予核准（public-security）')
    expect(line('water', 'approved')).toBe('部门已办理后续事项：已接收（water）')
  })
})

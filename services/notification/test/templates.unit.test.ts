import {
  NOTIFICATION_BODY_MAX,
  NOTIFICATION_MATERIALS_SHOWN,
  NOTIFICATION_TITLE_MAX,
  NotificationMessage,
  type NotificationMessageKind,
} from '@onewindow/contracts'
import fc from 'fast-check'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import {
  chineseDate,
  isToldDelivery,
  render,
  type TemplateFacts,
  TOLD_DELIVERY_STATES,
} from '../src/domain/templates.js'

// The expected date is built from a Date's own parts, not from the function under test's regex.
const expectedChinese = (d: Date) => `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
const isoDay = (d: Date) => d.toISOString().slice(0, 10)

const facts: TemplateFacts & { projectName: string; projectCode: string } = {
  projectName: '标准厂房',
  projectCode: '2026-440600-47-01-000001',
  departmentName: '市自然资源局',
  itemName: '建设工程规划许可证核发',
  on: '2026-03-02',
  dueOn: '2026-03-30',
  outcome: 'approved',
  certificateNumber: '建字第440600202600001号',
  certificateTitle: '建设工程规划许可证',
  materials: ['总平面图', '建筑设计方案'],
}

const kinds: NotificationMessageKind[] = [
  'task-assigned',
  'supplement-notice',
  'clock-yellow',
  'clock-red',
  'step-decided',
  'certificate-issued',
  'commitment-due',
  'task-supervised',
  'task-supervision-answered',
  'task-supervision-overdue',
  'works-plan-pushed',
  'restoration-declared',
  'restoration-reviewed',
  'acceptance-started',
  'acceptance-inspection-scheduled',
  'acceptance-rectify',
  'acceptance-passed',
  'acceptance-failed',
  'acceptance-filing-issued',
  'acceptance-pass-revoked',
  'utility-step-finished',
  'utility-connected',
  'outside-line-permit-applied',
  'outside-line-permit-accepted',
  'registration-case-opened',
  'registration-results-updated',
  'registration-acceptance-revoked',
  'certificate-revoked',
  'certificate-objection-raised',
  'certificate-objection-answered',
  'stage-clock-yellow',
  'stage-clock-red',
]

describe('chineseDate', () => {
  it('writes 2026-03-02 as 2026年3月2日, no leading zeros', () => {
    expect(chineseDate('2026-03-02')).toBe('2026年3月2日')
  })
  it('agrees with the calendar for every day 2000–2099', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        (d) => {
          expect(chineseDate(isoDay(d))).toBe(expectedChinese(d))
        },
      ),
    )
  })
})

describe('templates', () => {
  it.each(kinds)('%s names the project, its code and says it in Chinese', (kind) => {
    const { title, body } = render(kind, facts)
    expect(title.length).toBeGreaterThan(0)
    expect(body).toContain(facts.projectName)
    expect(body).toContain(facts.projectCode)
    // Nothing a person reads is English: no Latin words beyond the project code and the certificate number.
    const stripped = body.replace(facts.projectCode, '').replace(facts.certificateNumber as string, '')
    expect(stripped).not.toMatch(/[A-Za-z]{2,}/)
    expect(title).not.toMatch(/[A-Za-z]/)
  })

  it.each(['task-assigned', 'clock-yellow', 'clock-red', 'commitment-due'] as const)(
    '%s names the department, the item and the due day',
    (kind) => {
      const { body } = render(kind, facts)
      expect(body).toContain(facts.departmentName)
      expect(body).toContain(facts.itemName)
      expect(body).toContain(expectedChinese(new Date(`${facts.dueOn}T00:00:00Z`)))
    },
  )

  it('a 证照异议 to check says whom to tell: the 使用部门, the holder (权利人) or the registration office, by who raised it', () => {
    const told = (over: Partial<TemplateFacts>) => render('certificate-objection-raised', { ...facts, ...over }).body
    expect(told({})).toMatch(/请核查后将处理结果告知使用部门。$/)
    expect(told({ objectionByHolder: true })).toMatch(/请核查后将处理结果告知权利人。$/)
    expect(told({ objectionByRegistrationOffice: true })).toMatch(/请核查后将处理结果告知不动产登记机构。$/)
    // The raiser named by its name when the message has one, else by what it is.
    const { departmentName: _name, ...unnamed } = facts
    const byOffice = render('certificate-objection-raised', { ...unnamed, objectionByRegistrationOffice: true }).body
    expect(byOffice.startsWith('不动产登记机构于')).toBe(true)
    expect(byOffice).not.toContain('使用部门')
  })

  it('a decided step says approved or rejected, with the day', () => {
    const approved = render('step-decided', facts)
    const rejected = render('step-decided', { ...facts, outcome: 'rejected' })
    expect(approved.body).toContain('准予许可')
    expect(rejected.body).toContain('不予许可')
    expect(approved.title).not.toBe(rejected.title)
    expect(approved.body).toContain(expectedChinese(new Date(`${facts.on}T00:00:00Z`)))
  })

  it('a refused step tells each department’s reason and the right to 行政复议 or 行政诉讼; an approval neither', () => {
    const { body } = render('step-decided', {
      ...facts,
      outcome: 'rejected',
      refusals: [
        { department: '市自然资源局', reason: '建筑高度超出控制性详细规划' },
        { department: '市住房和城乡建设局' },
      ],
    })
    expect(body).toContain('市自然资源局不予许可的理由：“建筑高度超出控制性详细规划”。')
    expect(body).toContain('市住房和城乡建设局不予许可的理由：详见不予许可决定书。')
    expect(body.endsWith('如对本决定不服，可以依法申请行政复议或者提起行政诉讼。')).toBe(true)
    const approved = render('step-decided', facts).body
    expect(approved).not.toContain('理由')
    expect(approved).not.toContain('行政复议')
  })

  it('a refused step of many long reasons still says the right to appeal whole, within the bound', () => {
    const long = '理'.repeat(2000)
    const refusals = Array.from({ length: 6 }, (_, i) => ({ department: `部门${i}`, reason: long }))
    const { body } = render('step-decided', { ...facts, outcome: 'rejected', refusals })
    expect([...body].length).toBeLessThanOrEqual(NOTIFICATION_BODY_MAX)
    expect(body).toContain('部门0不予许可的理由：')
    expect(body.endsWith('如对本决定不服，可以依法申请行政复议或者提起行政诉讼。')).toBe(true)
  })

  it('a refused step of a 500-character project name still gives the reason and says the right to appeal whole', () => {
    const { body } = render('step-decided', {
      ...facts,
      projectName: '厂'.repeat(500),
      outcome: 'rejected',
      refusals: [{ department: '市自然资源局', reason: '建筑高度超出控制性详细规划' }],
    })
    expect([...body].length).toBeLessThanOrEqual(NOTIFICATION_BODY_MAX)
    expect(body).toContain('市自然资源局不予许可的理由：“建筑高度超出控制性详细规划”。')
    expect(body.endsWith('如对本决定不服，可以依法申请行政复议或者提起行政诉讼。')).toBe(true)
  })

  it('a 补正 notice lists the materials asked for', () => {
    const { body } = render('supplement-notice', facts)
    for (const m of facts.materials ?? []) expect(body).toContain(m)
  })

  it('a 补正 notice of many materials names the first ten and counts the rest, within the bound', () => {
    const materials = Array.from({ length: 200 }, (_, i) => `材料${String(i + 1).padStart(3, '0')}`)
    const { body } = render('supplement-notice', { ...facts, materials })
    for (const m of materials.slice(0, NOTIFICATION_MATERIALS_SHOWN)) expect(body).toContain(m)
    expect(body).not.toContain(materials[NOTIFICATION_MATERIALS_SHOWN])
    expect(body).toContain('等200项')
    expect(body.endsWith('补正期间审批时限暂停计算。')).toBe(true)
  })

  it('every message keeps within the contract bounds whatever the event carried', () => {
    const long = (c: string) => c.repeat(3000)
    const huge: TemplateFacts = {
      ...facts,
      projectName: long('厂'),
      departmentName: long('局'),
      itemName: long('项'),
      certificateTitle: long('证'),
      ticketTitle: long('单'),
      question: long('问'),
      clockDues: Array.from({ length: 6 }, () => long('限')),
      noticeTitle: long('通'),
      system: long('系'),
      materials: Array.from({ length: 50 }, () => long('图')),
      restorationNote: long('修'),
      reason: long('改'),
    }
    const all: NotificationMessageKind[] = [
      ...kinds,
      'ticket-dispatched',
      'ticket-yellow',
      'ticket-red',
      'ticket-replied',
      'ticket-rating-asked',
      'ticket-extended',
      'rating-fix-due',
      'ticket-due-moved',
      'change-notice-filed',
      'outage-reported',
      'outage-overdue',
    ]
    // These quote a question clipped to 60 characters: never at the bound, always within it.
    for (const kind of ['knowledge-feedback-due-moved', 'knowledge-point-expiring'] as const) {
      const { title, body } = render(kind, huge)
      expect([...title].length).toBeLessThanOrEqual(NOTIFICATION_TITLE_MAX)
      expect([...body].length).toBeLessThanOrEqual(NOTIFICATION_BODY_MAX)
      expect(body).toContain(`${'问'.repeat(59)}…`)
    }
    for (const kind of all) {
      const { title, body } = render(kind, huge)
      expect([...title].length).toBeLessThanOrEqual(NOTIFICATION_TITLE_MAX)
      expect([...body]).toHaveLength(NOTIFICATION_BODY_MAX)
      expect(body.endsWith('…')).toBe(true)
      const message = {
        id: '019a0000-0000-7000-8000-000000000000',
        kind,
        channel: 'log',
        title,
        body,
        createdAt: '2026-03-02T00:00:00.000Z',
        dueAt: '2026-03-02T00:00:00.000Z',
        status: 'pending',
        attempts: 0,
      }
      expect(Value.Check(NotificationMessage, message), kind).toBe(true)
    }
    // The schema holds the bound, so a longer body is not a message.
    expect(
      Value.Check(NotificationMessage, {
        id: '019a0000-0000-7000-8000-000000000000',
        kind: 'task-assigned',
        channel: 'log',
        title: '审批任务已分派',
        body: '材'.repeat(NOTIFICATION_BODY_MAX + 1),
        createdAt: '2026-03-02T00:00:00.000Z',
        dueAt: '2026-03-02T00:00:00.000Z',
        status: 'pending',
        attempts: 0,
      }),
    ).toBe(false)
  })

  it('a certificate names its title and number', () => {
    const { body } = render('certificate-issued', facts)
    expect(body).toContain(`《${facts.certificateTitle}》`)
    expect(body).toContain(facts.certificateNumber)
  })

  it('a raised knowledge-point feedback gives the event’s limit, and its due day survives a 500-character question', () => {
    const { body } = render('knowledge-feedback-raised', {
      question: '问'.repeat(500),
      feedbackKind: '内容错误',
      urgent: false,
      feedbackLimit: 1,
      on: '2026-03-02',
      dueOn: '2026-03-03',
    })
    expect(body).toContain('请于 1 个工作日内')
    expect(body).toContain('答复期限至2026年3月3日。')
    expect(body).toContain(`就知识点“${'问'.repeat(59)}…”`)
  })

  it('a moved feedback due day names the day it replaces and the new one', () => {
    const { title, body } = render('knowledge-feedback-due-moved', {
      question: '施工许可需要哪些材料？',
      feedbackKind: '内容过期',
      previousDueOn: '2027-01-01',
      dueOn: '2027-01-04',
    })
    expect(title).toBe('知识点反馈答复期限调整')
    expect(body).toBe(
      '节假日安排公布，热线中心就知识点“施工许可需要哪些材料？”提出的反馈（内容过期）答复期限由2027年1月1日调整为2027年1月4日。',
    )
  })

  it('an expiring point names its kind, its question and its last valid day; a long question keeps the day', () => {
    const { title, body } = render('knowledge-point-expiring', {
      question: '问'.repeat(500),
      pointKind: '具体事项答复口径',
      dueOn: '2026-12-02',
    })
    expect(title).toBe('知识点即将到期')
    expect(body).toContain(`具体事项答复口径类知识点“${'问'.repeat(59)}…”有效期至2026年12月2日`)
    expect(body).toContain('修改或审核以延续有效期，或予以下架')
  })

  it('a ticket whose due dates a calendar moved lists its running clocks’ days; a co-handler its handling day', () => {
    const { body } = render('ticket-due-moved', {
      ticketTitle: '规划许可超期未办',
      ticketType: '投诉',
      clockDues: ['办理时限至2027年1月12日'],
    })
    expect(body).toBe(
      '12345 投诉工单“规划许可超期未办”的期限已按新的节假日安排重新计算，当前期限：办理时限至2027年1月12日。',
    )
    const co = render('ticket-due-moved', {
      ticketTitle: '规划许可超期未办',
      ticketType: '投诉',
      departmentName: '住房城乡建设部门',
      coHandling: true,
      dueOn: '2027-01-12',
    })
    expect(co.body).toBe(
      '12345 投诉工单“规划许可超期未办”的期限已按新的节假日安排重新计算，当前办理期限至2027年1月12日。' +
        '本单位为协办单位，请在办理期限内向牵头单位住房城乡建设部门提交协办意见。',
    )
  })

  it('a change notice names the case, the day it takes effect and the measures; an overdue outage its clock and due day', () => {
    const change = render('change-notice-filed', {
      departmentName: '市住房公积金管理中心',
      noticeTitle: '租房提取额度调整',
      noticeKind: '业务规则变更',
      effectiveOn: '2026-12-01',
      measures: ['更新热线知识点', '培训热线话务人员'],
      on: '2026-11-02',
    }).body
    expect(change).toBe(
      '市住房公积金管理中心于2026年11月2日通报：“租房提取额度调整”（业务规则变更），自2026年12月1日起施行；联动措施：更新热线知识点、培训热线话务人员。请签收并做好应答准备。',
    )
    const overdue = render('outage-overdue', { system: '网上办事大厅', clockName: '应答口径', dueOn: '2026-11-03' })
    expect(overdue.body).toBe('审批部门通报的“网上办事大厅”故障，应答口径未在期限内提供，期限为2026年11月3日。')
    for (const kind of ['change-notice-filed', 'outage-reported', 'outage-overdue'] as const)
      expect(render(kind, {}).body).not.toContain('undefined')
  })

  it('leaves out what the event did not say rather than printing undefined', () => {
    for (const kind of kinds) {
      const { body } = render(kind, { projectName: '厂房', projectCode: '2026-000001' })
      expect(body).not.toContain('undefined')
      expect(body).toContain('厂房')
    }
  })
})

// 结果送达 (004:1076–1084; docs/intake.md#result-delivery).
describe('result delivery', () => {
  const delivery: TemplateFacts = {
    projectName: '标准厂房',
    projectCode: '2026-440600-47-01-000001',
    stepName: '施工许可',
    receiptNumber: '440600-20260302-0042',
  }

  it('awaiting collection, no region named (due before intake named it): the comprehensive window, by its 受理编号', () => {
    const { title, body } = render('result-delivery', { ...delivery, deliveryState: 'awaiting-collection' })
    expect(title).toBe('办理结果待领取')
    expect(body).toBe(
      '项目“标准厂房”（项目代码 2026-440600-47-01-000001）的审批已办结，请携带受理回执到工程建设项目审批综合服务窗口领取《施工许可》办理结果（受理编号 440600-20260302-0042）。',
    )
  })

  it('awaiting collection: the window is the region’s when the delivery names the region', () => {
    const { body } = render('result-delivery', {
      ...delivery,
      deliveryState: 'awaiting-collection',
      regionName: '佛山市',
    })
    expect(body).toBe(
      '项目“标准厂房”（项目代码 2026-440600-47-01-000001）的审批已办结，请携带受理回执到佛山市工程建设项目审批综合服务窗口领取《施工许可》办理结果（受理编号 440600-20260302-0042）。',
    )
  })

  it('delivered online: pushed through the online platform on its day (网上送达’s 短信提醒)', () => {
    const { title, body } = render('result-delivery', {
      ...delivery,
      deliveryState: 'delivered-online',
      on: '2026-03-20',
    })
    expect(title).toBe('办理结果已网上送达')
    expect(body).toContain('《施工许可》办理结果（受理编号 440600-20260302-0042）已于2026年3月20日通过网上办事平台送达')
    expect(body).not.toContain('窗口')
  })

  it('posted: the posting day and the tracking number', () => {
    const { title, body } = render('result-delivery', {
      ...delivery,
      deliveryState: 'posted',
      on: '2026-03-23',
      trackingNumber: 'SF1234567890',
    })
    expect(title).toBe('办理结果已寄出')
    expect(body).toContain('已于2026年3月23日寄出，快递单号 SF1234567890，请注意签收。')
  })

  it('tells where the result is for the applicant to take; not what it signed for itself, nor a post still to go', () => {
    expect([...TOLD_DELIVERY_STATES].sort()).toEqual(['awaiting-collection', 'delivered-online', 'posted'])
    expect(isToldDelivery('awaiting-collection')).toBe(true)
    expect(isToldDelivery('delivered-online')).toBe(true)
    expect(isToldDelivery('posted')).toBe(true)
    expect(isToldDelivery('collected')).toBe(false)
    expect(isToldDelivery('signed')).toBe(false)
    expect(isToldDelivery('awaiting-posting')).toBe(false)
  })

  it('a step name at its 200-character bound is quoted to 60, so the 受理编号 and the tracking number still fit', () => {
    const long = { ...delivery, stepName: '阶'.repeat(200), receiptNumber: 'R'.repeat(60) }
    for (const deliveryState of TOLD_DELIVERY_STATES) {
      const { title, body } = render('result-delivery', {
        ...long,
        deliveryState,
        on: '2026-03-23',
        trackingNumber: 'T'.repeat(40),
      })
      expect([...title].length).toBeLessThanOrEqual(NOTIFICATION_TITLE_MAX)
      expect([...body].length).toBeLessThanOrEqual(NOTIFICATION_BODY_MAX)
      expect(body).toContain(`《${'阶'.repeat(59)}…》`)
      expect(body).toContain(`（受理编号 ${'R'.repeat(60)}）`)
      if (deliveryState === 'posted') expect(body).toContain(`快递单号 ${'T'.repeat(40)}`)
    }
  })

  it('leaves out a step, a 受理编号, a day or a tracking number the delivery did not give', () => {
    for (const deliveryState of [...TOLD_DELIVERY_STATES, undefined]) {
      const { title, body } = render('result-delivery', {
        projectName: '厂房',
        projectCode: '2026-000001',
        ...(deliveryState ? { deliveryState } : {}),
      })
      expect(title.length).toBeGreaterThan(0)
      expect(body).toContain('厂房')
      expect(body).toContain('办理结果')
      expect(body).not.toContain('undefined')
      expect(body).not.toContain('《')
      expect(body).not.toContain('受理编号')
    }
  })
})

describe('督办 of a task', () => {
  const about: TemplateFacts = {
    projectName: '标准厂房',
    projectCode: '2026-440600-47-01-000001',
    departmentName: '市自然资源局',
    itemName: '建设工程规划许可证核发',
    dueOn: '2026-03-05',
  }

  it('the department is told the 督办意见 and the reply-by day', () => {
    const { title, body } = render('task-supervised', { ...about, on: '2026-03-02', reason: '请说明超时原因' })
    expect(title).toBe('督办通知')
    expect(body).toBe(
      '监督部门于2026年3月2日对项目“标准厂房”（项目代码 2026-440600-47-01-000001）的“建设工程规划许可证核发”' +
        '（市自然资源局办理）发出督办，督办意见：“请说明超时原因”，请于2026年3月5日前回复。',
    )
  })

  it('a long 督办意见 is quoted to its first 200 characters and the reply-by day still fits', () => {
    const { body } = render('task-supervised', { ...about, on: '2026-03-02', reason: '催'.repeat(2000) })
    expect(body).toContain(`督办意见：“${'催'.repeat(199)}…”，请于2026年3月5日前回复。`)
    expect([...body].length).toBeLessThanOrEqual(NOTIFICATION_BODY_MAX)
  })

  it('the office is told the answer, in time or marked late with the day that passed', () => {
    const inTime = render('task-supervision-answered', { ...about, on: '2026-03-04', response: '已于今日出具审查意见' })
    expect(inTime.title).toBe('督办已回复')
    expect(inTime.body).toBe(
      '市自然资源局已于2026年3月4日回复对项目“标准厂房”（项目代码 2026-440600-47-01-000001）的“建设工程规划许可证核发”' +
        '的督办：“已于今日出具审查意见”。',
    )
    const late = render('task-supervision-answered', {
      ...about,
      on: '2026-03-06',
      response: '答'.repeat(4000),
      late: true,
    })
    expect(late.title).toBe('督办已回复（逾期）')
    expect(late.body).toContain(`的督办（逾期回复，回复期限为2026年3月5日）：“${'答'.repeat(199)}…”。`)
  })

  it('the office is told a 督办 passed its reply-by day unanswered, with its 督办意见', () => {
    const { title, body } = render('task-supervision-overdue', { ...about, on: '2026-03-06', reason: '请说明超时原因' })
    expect(title).toBe('督办逾期未回复')
    expect(body).toBe(
      '市自然资源局未在2026年3月5日前回复对项目“标准厂房”（项目代码 2026-440600-47-01-000001）的“建设工程规划许可证核发”' +
        '的督办（督办意见：“请说明超时原因”），已逾期。',
    )
    const long = render('task-supervision-overdue', { ...about, on: '2026-03-06', reason: '催'.repeat(2000) })
    expect([...long.body].length).toBeLessThanOrEqual(NOTIFICATION_BODY_MAX)
  })
})

describe('an outside line’s restoration (修复完成, 修复验收)', () => {
  const about = { projectName: '标准厂房', projectCode: '2026-441500-47-01-000001', utilityName: '供水' }

  it('the departments are asked to review a declared restoration, with the provider’s note when it gave one', () => {
    const { title, body } = render('restoration-declared', { ...about, on: '2026-03-09' })
    expect(title).toBe('外线工程修复完成待验收')
    expect(body).toBe(
      '项目“标准厂房”（项目代码 2026-441500-47-01-000001）的供水外线接入工程已于2026年3月9日申报修复完成' +
        '（道路、绿化按不低于原貌标准恢复）。请进行修复质量验收：验收通过，或责令限期整改并说明理由。',
    )
    const noted = render('restoration-declared', { ...about, on: '2026-03-09', restorationNote: '记'.repeat(600) })
    expect(noted.body).toContain(`，说明：“${'记'.repeat(199)}…”。请进行修复质量验收`)
  })

  it('the provider is told a send-back with its department and reason, an acceptance plainly', () => {
    const reviewed = { ...about, on: '2026-03-10', departmentName: '汕尾市交通运输局' }
    const back = render('restoration-reviewed', { ...reviewed, restorationOutcome: 'rectify', reason: '接缝不平' })
    expect(back).toEqual({
      title: '外线工程修复需整改',
      body:
        '汕尾市交通运输局已于2026年3月10日对项目“标准厂房”（项目代码 2026-441500-47-01-000001）的供水外线接入工程' +
        '修复情况作出验收意见：责令限期整改，理由：“接缝不平”。请整改后重新申报修复完成。',
    })
    const passed = render('restoration-reviewed', { ...reviewed, restorationOutcome: 'accepted' })
    expect(passed.title).toBe('外线工程修复验收通过')
    expect(passed.body).toBe(
      '汕尾市交通运输局已于2026年3月10日对项目“标准厂房”（项目代码 2026-441500-47-01-000001）的供水外线接入工程修复情况验收通过。',
    )
    // A department whose name is known nowhere is named by its part, never by its code or as an approver.
    const { departmentName: _, ...unnamed } = reviewed
    expect(render('restoration-reviewed', { ...unnamed, restorationOutcome: 'accepted' }).body).toMatch(/^监管部门已于/)
  })
})

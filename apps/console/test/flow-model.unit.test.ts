import { describe, expect, it } from 'vitest'
import { phaseText } from '../src/format.js'
import {
  type DepartmentView,
  followOnText,
  ownerStatus,
  ownerStatusLine,
  type Status,
  type StepView,
  stepStateText,
  stepsOf,
  withheldWords,
} from '../src/pages/owner/flow-model.js'

/** A department's task as the progress page holds it, working with 3 working days left unless told otherwise. */
const dept = (d: Partial<DepartmentView> & Pick<DepartmentView, 'status' | 'nationalCode'>): DepartmentView => ({
  taskId: 't',
  department: '汕尾市自然资源局',
  item: '建设用地规划许可',
  nationalName: '—',
  decided: ['approved', 'rejected', 'closed', 'withdrawn', 'revoked'].includes(d.status),
  suspended: false,
  ...(['approved', 'rejected', 'closed', 'withdrawn', 'revoked'].includes(d.status)
    ? {}
    : { remaining: 3, overdueBy: 0, unit: 'W' as const }),
  ...d,
})

const item = '建设用地规划许可证核发'

describe("a department's status as the owner reads it", () => {
  it('says one status, in the owner’s words, for each state the task and its national code can be in', () => {
    expect(ownerStatus({ status: 'assigned', nationalCode: 3, item })).toBe('已受理')
    expect(ownerStatus({ status: 'claimed', nationalCode: 8, item })).toBe('审查中')
    expect(ownerStatus({ status: 'supplement-requested', nationalCode: 6, item })).toBe('补正中')
    expect(ownerStatus({ status: 'claimed', nationalCode: 7, item })).toBe('补正已提交，审查中')
    expect(ownerStatus({ status: 'special-procedure', nationalCode: 9, item })).toBe('特别程序中')
    expect(ownerStatus({ status: 'claimed', nationalCode: 10, item })).toBe('特别程序已结束，审查中')
    expect(ownerStatus({ status: 'approved', nationalCode: 11, item })).toBe('已办结（准予许可）')
    expect(ownerStatus({ status: 'approved', nationalCode: 12, item })).toBe('已办结（容缺准予许可）')
    expect(ownerStatus({ status: 'rejected', nationalCode: 13, item })).toBe('已办结（不予许可）')
    expect(ownerStatus({ status: 'closed', nationalCode: 13, item })).toBe('已终止（本环节未通过）')
    expect(ownerStatus({ status: 'withdrawn', nationalCode: 14, item })).toBe('已撤回')
    expect(ownerStatus({ status: 'revoked', nationalCode: 15, item })).toBe('已撤销')
  })

  it('says a filing was recorded or not, never licensed; its other states as any task’s', () => {
    const filing = '企业投资项目备案'
    expect(ownerStatus({ status: 'approved', nationalCode: 11, item: filing })).toBe('已办结（予以备案）')
    expect(ownerStatus({ status: 'approved', nationalCode: 12, item: filing })).toBe('已办结（容缺予以备案）')
    expect(ownerStatus({ status: 'rejected', nationalCode: 13, item: filing })).toBe('已办结（不予备案）')
    expect(ownerStatus({ status: 'claimed', nationalCode: 8, item: filing })).toBe('审查中')
    expect(ownerStatus({ status: 'closed', nationalCode: 13, item: filing })).toBe('已终止（本环节未通过）')
    expect(
      ownerStatusLine(dept({ status: 'approved', nationalCode: 11, nationalName: '办结（通过）', item: filing })),
    ).toBe('已办结（予以备案）')
  })

  it('adds the clock while the department works, and nothing once it has decided', () => {
    expect(ownerStatusLine(dept({ status: 'assigned', nationalCode: 3, nationalName: '已受理' }))).toBe(
      '已受理 · 剩余 3 个工作日',
    )
    expect(
      ownerStatusLine(
        dept({ status: 'supplement-requested', nationalCode: 6, nationalName: '补正（开始）', suspended: true }),
      ),
    ).toBe('补正中 · 剩余 3 个工作日（暂停计时）')
    expect(ownerStatusLine(dept({ status: 'approved', nationalCode: 11, nationalName: '办结（通过）' }))).toBe(
      '已办结（准予许可）',
    )
  })

  it('never glues two statuses together: no national name beside it, no second bracket, no second 已办结', () => {
    const cases: Array<Pick<DepartmentView, 'status' | 'nationalCode' | 'nationalName'>> = [
      { status: 'assigned', nationalCode: 3, nationalName: '已受理' },
      { status: 'claimed', nationalCode: 8, nationalName: '部门开始办理' },
      { status: 'supplement-requested', nationalCode: 6, nationalName: '补正（开始）' },
      { status: 'claimed', nationalCode: 7, nationalName: '补正（结束）' },
      { status: 'special-procedure', nationalCode: 9, nationalName: '特别程序（开始）' },
      { status: 'claimed', nationalCode: 10, nationalName: '特别程序（结束）' },
      { status: 'approved', nationalCode: 11, nationalName: '办结（通过）' },
      { status: 'approved', nationalCode: 12, nationalName: '办结（容缺通过）' },
      { status: 'rejected', nationalCode: 13, nationalName: '办结（不通过）' },
      { status: 'closed', nationalCode: 13, nationalName: '办结（不通过）' },
      { status: 'withdrawn', nationalCode: 14, nationalName: '撤回' },
      { status: 'revoked', nationalCode: 15, nationalName: '撤销' },
    ]
    for (const c of cases) {
      const line = ownerStatusLine(dept(c))
      expect(line).not.toMatch(/）（/)
      expect(line.match(/（/g)?.length ?? 0).toBeLessThanOrEqual(1 + (dept(c).suspended ? 1 : 0))
      expect(line.match(/已办结/g)?.length ?? 0).toBeLessThanOrEqual(1)
      if (c.nationalName.includes('（')) expect(line).not.toContain(c.nationalName)
    }
  })
})

describe('a step applied for in phases (分阶段办理)', () => {
  it('says its phase as 第 n 阶段 / 共 N 阶段, and that the phase passed while the next waits', () => {
    const pit = { code: 'foundation-pit', name: '基坑围护', number: 1, count: 4 }
    expect(phaseText({ ...pit, approved: 0 })).toBe('第 1 阶段 / 共 4 阶段：基坑围护')
    expect(stepStateText({ state: 'in-progress', phase: phaseText({ ...pit, approved: 1 }) })).toBe(
      '办理中 · 第 1 阶段 / 共 4 阶段：基坑围护（本阶段已通过）',
    )
    const last = { code: 'finishing-and-external', name: '装饰装修及室外附属工程', number: 4, count: 4, approved: 4 }
    expect(phaseText(last)).toBe('第 4 阶段 / 共 4 阶段：装饰装修及室外附属工程')
    expect(stepStateText({ state: 'approved' })).toBe('已通过')
  })
})

describe('a construction permit applied for per building (按照单位工程)', () => {
  it('names each building with its own state beside the step’s, which the whole project’s applications keep', () => {
    const status = {
      flow: [
        {
          step: 'construction-permit',
          name: '建筑工程施工许可',
          state: 'in-progress',
          parts: [
            { part: '1号楼', state: 'approved' },
            { part: '2号楼', state: 'in-progress' },
          ],
        },
        { step: 'completion-acceptance', name: '联合验收', state: 'not-started' },
      ],
      applications: [],
      tasks: [],
      currentStep: 'construction-permit',
    } as unknown as Status
    const [permit, acceptance] = stepsOf(status)
    expect(stepStateText(permit as StepView)).toBe('办理中 · 单位工程 1号楼（已通过）、2号楼（办理中）')
    expect(stepStateText(acceptance as StepView)).toBe('未开始')
  })

  it('shows a follow-on (后续事项) in the step of the permit it follows, named so, and done when approved', () => {
    const task = (taskId: string, applicationId: string, over: object) => ({
      taskId,
      applicationId,
      department: 'x',
      status: 'assigned',
      nationalCode: 3,
      nationalName: '',
      clocks: {},
      ...over,
    })
    const status = {
      flow: [{ step: 'six-item-bundle', name: '六项一并申请', state: 'approved' }],
      applications: [{ applicationId: 'a1', step: 'six-item-bundle' }],
      tasks: [
        task('t1', 'a1', {
          step: 'six-item-bundle',
          item: 'engineering-planning-permit',
          itemName: '建设工程规划类许可证核发',
          departmentName: '汕尾市自然资源局',
          status: 'approved',
          nationalCode: 11,
        }),
        // No step and an application of its own, which intake never saw: it follows a1's planning permit.
        task('t2', 'f1', {
          item: 'house-number-allocation',
          itemName: '门牌号码核准发放',
          departmentName: '汕尾市公安局',
          followOnOf: {
            applicationId: 'a1',
            taskId: 't1',
            item: 'engineering-planning-permit',
            itemName: '建设工程规划类许可证核发',
          },
        }),
      ],
      currentStep: null,
    } as unknown as Status
    const [bundle] = stepsOf(status)
    expect(bundle?.departments.map((d) => [d.taskId, d.department, d.item, d.followOnOf])).toEqual([
      ['t1', '汕尾市自然资源局', '建设工程规划类许可证核发', undefined],
      ['t2', '汕尾市公安局', '门牌号码核准发放', '建设工程规划类许可证核发'],
    ])
    const numbers = bundle?.departments[1]
    if (!numbers) throw new Error('no follow-on shown')
    expect(ownerStatus(numbers)).toBe('已受理')
    expect(ownerStatus({ ...numbers, status: 'approved', nationalCode: 11 })).toBe('已办结')
    // Not 核准 is said as such, never 不予许可; the drainage authority's notice (信息推送) is received.
    expect(ownerStatus({ ...numbers, status: 'rejected', nationalCode: 13 })).toBe('已办结（不予核准）')
    expect(ownerStatus({ ...numbers, forInformation: true, status: 'approved', nationalCode: 11 })).toBe('已办结')
  })

  it('keeps each building’s departments beside the next building’s, and of each only its latest round', () => {
    const application = (applicationId: string, part: string) => ({
      applicationId,
      step: 'construction-permit',
      part,
    })
    const task = (taskId: string, applicationId: string, part: string, status: string) => ({
      taskId,
      applicationId,
      step: 'construction-permit',
      part,
      item: 'construction-permit',
      department: 'housing',
      departmentName: '住房和城乡建设局',
      status,
      nationalCode: status === 'approved' ? 11 : 3,
      nationalName: '',
      clocks: {},
    })
    const status = {
      flow: [{ step: 'construction-permit', name: '建筑工程施工许可', state: 'in-progress' }],
      // 1号楼 withdrawn and applied for again, then 2号楼: 1号楼's second round stays beside 2号楼's.
      applications: [application('a1', '1号楼'), application('a2', '1号楼'), application('b1', '2号楼')],
      tasks: [
        task('t1', 'a1', '1号楼', 'withdrawn'),
        task('t2', 'a2', '1号楼', 'approved'),
        task('t3', 'b1', '2号楼', 'assigned'),
      ],
      currentStep: 'construction-permit',
    } as unknown as Status
    const [permit] = stepsOf(status)
    expect(permit?.departments.map((d) => [d.taskId, d.part, d.department])).toEqual([
      ['t2', '1号楼', '住房和城乡建设局'],
      ['t3', '2号楼', '住房和城乡建设局'],
    ])
  })

  it('carries a refusal’s reason and day to the owner, and nothing of the kind for an approval', () => {
    const task = (taskId: string, status: string, decision: object) => ({
      taskId,
      applicationId: 'a1',
      step: 'land-use-planning',
      item: 'land-use-planning-permit',
      department: 'planning',
      departmentName: '汕尾市自然资源局',
      status,
      nationalCode: status === 'approved' ? 11 : 13,
      nationalName: '',
      clocks: {},
      decision,
    })
    const status = {
      flow: [{ step: 'land-use-planning', name: '用地规划许可', state: 'rejected' }],
      applications: [{ applicationId: 'a1', step: 'land-use-planning' }],
      tasks: [
        task('t1', 'rejected', { outcome: 'rejected', reason: '用地性质不符', decidedAt: '2026-03-20T02:00:00Z' }),
        task('t2', 'approved', { outcome: 'approved', reason: '同意', decidedAt: '2026-03-19T02:00:00Z' }),
        task('t3', 'rejected', { outcome: 'rejected', decidedAt: '2026-03-18T02:00:00Z' }),
      ],
      currentStep: null,
    } as unknown as Status
    const [step] = stepsOf(status)
    expect(step?.departments.map((d) => [d.taskId, d.refusal])).toEqual([
      ['t1', { reason: '用地性质不符', decidedAt: '2026-03-20T02:00:00Z' }],
      ['t2', undefined],
      ['t3', { decidedAt: '2026-03-18T02:00:00Z' }],
    ])
  })
})

describe('followOnText — what the acceptance said of a follow-on, in the owner’s words (004:1814)', () => {
  const houseNumber = {
    item: 'house-number-allocation',
    itemName: '门牌号码核准发放',
    after: 'engineering-planning-permit',
    afterName: '建设工程规划类许可证核发',
    department: 'public-security',
    departmentName: '汕尾市公安局',
  }
  it('says a pinned one follows the permit by itself, with no application', () => {
    expect(followOnText({ ...houseNumber, opens: true })).toBe(
      '门牌号码核准发放：建设工程规划类许可证核发后，资料同时共享给汕尾市公安局办理，无需另行申请',
    )
  })
  it('says a withheld one is applied for separately, naming each condition stated as not met or not stated', () => {
    const unmet = [
      { rule: 'entrance-orientation-determined', condition: '建筑物门口朝向已确定', stated: false },
      { rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', stated: true },
    ]
    expect(followOnText({ ...houseNumber, opens: false, unmet })).toBe(
      '门牌号码核准发放需另行向汕尾市公安局申领：申请时未声明「建筑物门口朝向已确定」；申请时声明「门牌号所朝向的街路巷名称已命名」为否',
    )
  })
  it('words a failed condition from the value its rule requires: a `== false` rule failed on 是', () => {
    const unmet = [
      { rule: 'renaming-pending', condition: '街路巷正在更名', stated: true, required: false },
      { rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', stated: true, required: true },
    ]
    expect(followOnText({ ...houseNumber, opens: false, unmet })).toBe(
      '门牌号码核准发放需另行向汕尾市公安局申领：申请时声明「街路巷正在更名」为是；申请时声明「门牌号所朝向的街路巷名称已命名」为否',
    )
  })

  it('says a withheld one whole from its every rule: what was stated of each, and the route as the platform’s 说明', () => {
    const onlyIf = [
      { rule: 'entrance-orientation-determined', condition: '建筑物门口朝向已确定', required: true },
      { rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', required: true },
    ]
    const unmet = [
      { rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', stated: true, required: true },
    ]
    expect(withheldWords({ ...houseNumber, opens: false, unmet, onlyIf })).toEqual({
      stated: '申请时声明：「建筑物门口朝向已确定」为是；「门牌号所朝向的街路巷名称已命名」为否',
      explained:
        '说明：建设单位申报时，若建筑物门口朝向已确定，且门牌号所朝向的街路巷名称已命名的，建设工程规划类许可证核发后，资料同时共享给汕尾市公安局办理门牌号码核准发放。否则由建设单位另行申领。',
    })
    // Not stated at all, and a `== false` rule: each said as it is, never an assumed 是.
    const reversed = [
      { rule: 'renaming-pending', condition: '街路巷正在更名', required: false },
      { rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', required: true },
    ]
    const notStated = [
      { rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', stated: false, required: true },
    ]
    expect(withheldWords({ ...houseNumber, opens: false, unmet: notStated, onlyIf: reversed })).toEqual({
      stated: '申请时声明：「街路巷正在更名」为否；「门牌号所朝向的街路巷名称已命名」未声明',
      explained: expect.stringMatching(
        /^说明：建设单位申报时，若「街路巷正在更名」为否，且门牌号所朝向的街路巷名称已命名的，/,
      ),
    })
  })
  it('says a rule without the answer it needs, on an acceptance carrying `onlyIf`, as not met: never a guessed 否', () => {
    // `onlyIf` was carried after `required` was said: an unmet rule there without `required` is not an old `== true` one.
    const onlyIf = [
      { rule: 'entrance-orientation-determined', condition: '建筑物门口朝向已确定', required: true },
      { rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名' },
    ]
    const unmet = [{ rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', stated: true }]
    const f = { ...houseNumber, opens: false, unmet, onlyIf }
    expect(followOnText(f)).toBe(
      '门牌号码核准发放需另行向汕尾市公安局申领：申请时声明不满足「门牌号所朝向的街路巷名称已命名」',
    )
    expect(withheldWords(f).stated).toBe(
      '申请时声明：「建筑物门口朝向已确定」为是；「门牌号所朝向的街路巷名称已命名」不满足',
    )
    // Without `onlyIf` the event is from before `required` was said, whose rules were all `== true`: 为否.
    expect(followOnText({ ...houseNumber, opens: false, unmet })).toBe(
      '门牌号码核准发放需另行向汕尾市公安局申领：申请时声明「门牌号所朝向的街路巷名称已命名」为否',
    )
  })

  it('says one for information as pushed to its department to take note, not shared for it to handle (004:1806)', () => {
    const drainage = {
      item: 'drainage-construction-notice',
      itemName: '施工许可信息推送排水主管部门（免于办理临时排水许可）',
      after: 'construction-permit',
      afterName: '建筑工程施工许可证核发',
      department: 'water',
      departmentName: '汕尾市水务局',
      opens: true,
      forInformation: true as const,
    }
    expect(followOnText(drainage)).toBe(
      '施工许可信息推送排水主管部门（免于办理临时排水许可）：建筑工程施工许可证核发后，推送审批信息至汕尾市水务局（供知悉，无需办理）',
    )
  })

  it('says no more than the unmet rules of an acceptance from before every rule was carried, nor of a pinned one', () => {
    const unmet = [{ rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', stated: true }]
    expect(withheldWords({ ...houseNumber, opens: false, unmet })).toEqual({})
    expect(withheldWords({ ...houseNumber, opens: true })).toEqual({})
  })

  describe('under its step on the progress page', () => {
    const drainage = {
      item: 'drainage-construction-notice',
      itemName: '施工许可信息推送排水主管部门',
      after: 'construction-permit',
      afterName: '建筑工程施工许可证核发',
      department: 'water',
      departmentName: '汕尾市水务局',
      opens: true,
    }
    const withheld = {
      ...houseNumber,
      opens: false,
      unmet: [{ rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', stated: false }],
    }
    const statusOf = (state: string, planning: string, followOns: object[]) =>
      ({
        flow: [{ step: 'six-item-bundle', name: '六项一并申请', state }],
        applications: [{ applicationId: 'a1', step: 'six-item-bundle', followOns }],
        tasks: [
          {
            taskId: 't1',
            applicationId: 'a1',
            step: 'six-item-bundle',
            item: 'engineering-planning-permit',
            department: 'natural-resources',
            status: planning,
            nationalCode: planning === 'rejected' ? 13 : 3,
            nationalName: '',
            clocks: {},
          },
        ],
        currentStep: null,
      }) as unknown as Status
    const lines = (status: Status) => stepsOf(status)[0]?.followOns?.map((f) => f.text)

    it('says each pinned one while the step is being decided', () => {
      expect(lines(statusOf('in-progress', 'claimed', [{ ...houseNumber, opens: true }, drainage]))).toEqual([
        expect.stringMatching(/^门牌号码核准发放：.*无需另行申请$/),
        expect.stringMatching(/^施工许可信息推送排水主管部门：.*无需另行申请$/),
      ])
    })

    it('no longer says one shared once the step is refused, nor one whose permit is refused; a withheld one stays', () => {
      expect(lines(statusOf('rejected', 'rejected', [{ ...houseNumber, opens: true }, drainage]))).toBeUndefined()
      // The planning permit refused while the step is still being decided: its follow-on will not be shared.
      expect(lines(statusOf('in-progress', 'rejected', [{ ...houseNumber, opens: true }, drainage]))).toEqual([
        expect.stringMatching(/^施工许可信息推送排水主管部门：/),
      ])
      expect(lines(statusOf('rejected', 'rejected', [withheld, drainage]))).toEqual([
        '门牌号码核准发放需另行向汕尾市公安局申领：申请时未声明「门牌号所朝向的街路巷名称已命名」',
      ])
    })
  })
})

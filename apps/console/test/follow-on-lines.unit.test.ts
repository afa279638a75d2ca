import { describe, expect, it } from 'vitest'
import { followOnsAfter } from '../src/pages/reviewer/follow-on-lines.js'

// 后续事项 on the reviewer's task page (004:1814): what follows the item the task decides, from the application's
// `followOns` as its acceptance said them.
const houseNumber = {
  item: 'house-number-allocation',
  itemName: '门牌号码核准发放',
  after: 'engineering-planning-permit',
  afterName: '建设工程规划许可证核发',
  department: 'public-security',
  departmentName: '汕尾市公安局',
}
type Application = Parameters<typeof followOnsAfter>[0]
const applicationWith = (followOns: object[]) => ({ followOns }) as unknown as Application

describe('followOnsAfter — the follow-ons of the item a task decides', () => {
  it('names a withheld one and the statements that withheld it, 否 and not stated alike', () => {
    const application = applicationWith([
      {
        ...houseNumber,
        opens: false,
        unmet: [
          { rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', stated: true, required: true },
          { rule: 'entrance-orientation-determined', condition: '建筑物门口朝向已确定', stated: false },
        ],
      },
    ])
    expect(followOnsAfter(application, 'engineering-planning-permit')).toEqual([
      {
        item: 'house-number-allocation',
        opens: false,
        text: '门牌号码核准发放不随本事项共享给汕尾市公安局，建设单位需另行申领：申请时声明「门牌号所朝向的街路巷名称已命名」为否；申请时未声明「建筑物门口朝向已确定」',
      },
    ])
  })

  it('says a pinned one goes to its department once this item is approved', () => {
    expect(followOnsAfter(applicationWith([{ ...houseNumber, opens: true }]), 'engineering-planning-permit')).toEqual([
      {
        item: 'house-number-allocation',
        opens: true,
        text: '门牌号码核准发放：本事项准予后，资料同时共享给汕尾市公安局办理',
      },
    ])
  })

  it('says one for information is pushed to its department to take note, nothing for it to handle (004:1806)', () => {
    const drainage = {
      item: 'drainage-construction-notice',
      itemName: '施工许可信息推送排水主管部门（免于办理临时排水许可）',
      after: 'construction-permit',
      afterName: '建筑工程施工许可证核发',
      department: 'water',
      departmentName: '汕尾市水务局',
      opens: true,
      forInformation: true,
    }
    expect(followOnsAfter(applicationWith([drainage]), 'construction-permit')).toEqual([
      {
        item: 'drainage-construction-notice',
        opens: true,
        text: '施工许可信息推送排水主管部门（免于办理临时排水许可）：本事项准予后，推送审批信息至汕尾市水务局（供知悉，无需办理）',
      },
    ])
  })

  it('says a rule of an acceptance carrying `onlyIf` without the answer it needs as not met, never a guessed 否', () => {
    const application = applicationWith([
      {
        ...houseNumber,
        opens: false,
        unmet: [{ rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名', stated: true }],
        onlyIf: [{ rule: 'facing-street-named', condition: '门牌号所朝向的街路巷名称已命名' }],
      },
    ])
    expect(followOnsAfter(application, 'engineering-planning-permit').map((f) => f.text)).toEqual([
      '门牌号码核准发放不随本事项共享给汕尾市公安局，建设单位需另行申领：申请时声明不满足「门牌号所朝向的街路巷名称已命名」',
    ])
  })

  it("shows nothing on another item's task, nor without the application or its follow-ons", () => {
    expect(
      followOnsAfter(applicationWith([{ ...houseNumber, opens: false, unmet: [] }]), 'construction-permit'),
    ).toEqual([])
    expect(followOnsAfter(undefined, 'engineering-planning-permit')).toEqual([])
    expect(followOnsAfter(applicationWith([]), 'engineering-planning-permit')).toEqual([])
  })
})

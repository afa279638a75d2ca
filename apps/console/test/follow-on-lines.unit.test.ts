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
        text: '门牌号码核准发放不随本事项共享汕尾市公安局，建设单位需另行申领：申请时声明「门牌号所朝向的街路巷名称已命名」为否；申请时未声明「建筑物门口朝向已确定」',
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

  it("shows nothing on another item's task, nor without the application or its follow-ons", () => {
    expect(
      followOnsAfter(applicationWith([{ ...houseNumber, opens: false, unmet: [] }]), 'construction-permit'),
    ).toEqual([])
    expect(followOnsAfter(undefined, 'engineering-planning-permit')).toEqual([])
    expect(followOnsAfter(applicationWith([]), 'engineering-planning-permit')).toEqual([])
  })
})

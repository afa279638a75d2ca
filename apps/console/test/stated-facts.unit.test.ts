import { describe, expect, it } from 'vitest'
import { conditionedFollowOns, openedMessage, statedFactsOf } from '../src/pages/clerk/stated-facts-model.js'

// 后续事项 on facts stated (004:1814): what the desk asks, from the checklist's `statedFacts` (the project's pinned
// catalogue), and what it says once the application is opened.
const houseNumber = {
  item: 'house-number-allocation',
  itemName: '门牌号码核准发放',
  after: 'engineering-planning-permit',
  afterName: '建设工程规划类许可证核发',
  department: 'public-security',
  departmentName: '汕尾市公安局',
}

describe('conditionedFollowOns — the card, from the pinned catalogue’s stated facts', () => {
  it('groups the facts under their follow-on, each labelled with its rule’s words, in the order given', () => {
    expect(
      conditionedFollowOns([
        { fact: 'entranceOrientationDetermined', description: '建筑物门口朝向已确定', followOn: houseNumber },
        { fact: 'facingStreetNamed', description: '门牌号所朝向的街路巷名称已命名', followOn: houseNumber },
      ]),
    ).toEqual([
      {
        item: 'house-number-allocation',
        itemName: '门牌号码核准发放',
        afterName: '建设工程规划类许可证核发',
        departmentName: '汕尾市公安局',
        facts: [
          { fact: 'entranceOrientationDetermined', label: '建筑物门口朝向已确定' },
          { fact: 'facingStreetNamed', label: '门牌号所朝向的街路巷名称已命名' },
        ],
      },
    ])
  })

  it('asks nothing when the pinned catalogue conditions no follow-on of the step', () => {
    expect(conditionedFollowOns([])).toEqual([])
  })
})

describe('openedMessage — the desk’s word on an opening that withheld a follow-on', () => {
  it('names each withheld follow-on and whom to apply to', () => {
    expect(openedMessage(true, [houseNumber])).toBe('已受理。门牌号码核准发放需另行向汕尾市公安局申领。')
    expect(openedMessage(false, [{ item: 'x-item', department: 'public-security' }])).toMatch(
      /^已接件。x-item需另行向.+申领。$/,
    )
  })
})

describe('statedFactsOf — the answers as sent', () => {
  it('sends each fact answered, true or false, and leaves out one not answered', () => {
    expect(statedFactsOf({ a: true, b: false, c: undefined })).toEqual({ a: true, b: false })
  })
})

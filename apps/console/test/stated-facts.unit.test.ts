import { describe, expect, it } from 'vitest'
import {
  conditionedFollowOns,
  followOnOutcome,
  followOnRule,
  openedMessage,
  statedFactsOf,
} from '../src/pages/clerk/stated-facts-model.js'

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

  it('keeps the answer each fact needs, as the checklist says it', () => {
    const [f] = conditionedFollowOns([
      { fact: 'renaming', description: '街路巷正在更名', required: false, followOn: houseNumber },
    ])
    expect(f?.facts).toEqual([{ fact: 'renaming', label: '街路巷正在更名', required: false }])
  })

  it('asks nothing when the pinned catalogue conditions no follow-on of the step', () => {
    expect(conditionedFollowOns([])).toEqual([])
  })
})

const card = (facts: { fact: string; label: string; required?: boolean }[]) => ({
  item: 'house-number-allocation',
  itemName: '门牌号码核准发放',
  afterName: '建设工程规划类许可证核发',
  departmentName: '汕尾市公安局',
  facts,
})
const shanwei = card([
  { fact: 'entranceOrientationDetermined', label: '建筑物门口朝向已确定', required: true },
  { fact: 'facingStreetNamed', label: '门牌号所朝向的街路巷名称已命名', required: true },
])

describe('followOnRule — the card’s heading, worded by the answer each fact needs', () => {
  it('says 是 for a `== true` fact and 否 for a `== false` one, never assuming 是', () => {
    expect(followOnRule(shanwei)).toBe(
      '申报时声明「建筑物门口朝向已确定」为「是」、「门牌号所朝向的街路巷名称已命名」为「是」的，建设工程规划类许可证核发后，资料同时共享给汕尾市公安局办理门牌号码核准发放，建设单位无需另行申请；否则需另行向汕尾市公安局申领。',
    )
    expect(followOnRule(card([{ fact: 'renaming', label: '街路巷正在更名', required: false }]))).toMatch(
      /^申报时声明「街路巷正在更名」为「否」的，/,
    )
  })

  it('claims no answer for a fact that decides nothing alone', () => {
    expect(followOnRule(card([{ fact: 'a', label: 'A' }]))).toMatch(/^以下声明满足门牌号码核准发放的条件时，/)
  })
})

describe('followOnOutcome — what the answers chosen decide, before anything is sent', () => {
  it('says nothing until every fact is answered', () => {
    expect(followOnOutcome(shanwei, { entranceOrientationDetermined: true })).toBeUndefined()
    expect(followOnOutcome(shanwei, undefined)).toBeUndefined()
  })

  it('shares it when each answer is the one its fact needs', () => {
    expect(followOnOutcome(shanwei, { entranceOrientationDetermined: true, facingStreetNamed: true })).toEqual({
      opens: true,
      text: '按所选声明：建设工程规划类许可证核发后，资料同时共享给汕尾市公安局办理门牌号码核准发放，无需另行申请。',
    })
  })

  it('names each answer that withholds it — 否 where 是 is needed, and 是 where 否 is', () => {
    expect(followOnOutcome(shanwei, { entranceOrientationDetermined: true, facingStreetNamed: false })).toEqual({
      opens: false,
      text: '按所选声明：「门牌号所朝向的街路巷名称已命名」为「否」，资料不随建设工程规划类许可证核发共享给汕尾市公安局，门牌号码核准发放需另行向汕尾市公安局申领。',
    })
    const reversed = card([{ fact: 'renaming', label: '街路巷正在更名', required: false }])
    expect(followOnOutcome(reversed, { renaming: true })?.text).toMatch(/^按所选声明：「街路巷正在更名」为「是」，/)
    expect(followOnOutcome(reversed, { renaming: false })?.opens).toBe(true)
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

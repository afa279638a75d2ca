import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import {
  RectificationLetterBody,
  TicketEnterprise,
  TicketRectificationLetterIssuedV1,
  TicketRegisteredV1,
} from '../src/hotline/events.js'

// 广西's 优化营商环境专线 (002:340): a ticket names its region, and the centre's 整改函 is recorded on it. Both are
// optional: every ticket stored before them still reads.

/** A ticket as the hotline published it before regions and 整改函. */
const stored = {
  ticketId: '01890a5d-ac96-774b-bcce-b302099a8057',
  groupId: '01890a5d-ac96-774b-bcce-b302099a8058',
  type: 'help',
  channel: 'online',
  status: 'dispatched',
  title: '施工许可办理求助',
  content: '申请施工许可时系统无法上传材料，请求协助。',
  realName: false,
  hidden: [],
  ownerCreditCode: '91450700MA5KXXXX0X',
  department: 'housing-construction',
  coHandlers: [],
  registeredAt: '2026-03-02T01:00:00Z',
  registeredOn: '2026-03-02',
  dispatch: { spec: { limit: { value: 1, unit: 'W' }, start: '2026-03-02', suspensions: [] }, due: '2026-03-03' },
  dispatches: 1,
  originalLimit: 10,
  extensions: [],
  restarts: [],
  returns: [],
  ratings: [],
  returnVisits: [],
  rehandled: false,
  supervisions: [],
  version: 2,
  updatedAt: '2026-03-02T01:00:00Z',
}

const letter = {
  id: '01890a5d-ac96-774b-bcce-b302099a8059',
  department: 'housing-construction',
  ground: 'perfunctory',
  reason: '答复内容与诉求无关，未实际核查。',
  issuedOn: '2026-03-03',
  issuedAt: '2026-03-03T02:00:00Z',
}

describe('a ticket’s region', () => {
  it('reads a stored ticket without one, and one with six digits; nothing else', () => {
    expect(TicketRegisteredV1.validator.Check({ ticket: stored })).toBe(true)
    expect(TicketRegisteredV1.validator.Check({ ticket: { ...stored, region: '450700', originalLimit: 3 } })).toBe(true)
    for (const region of ['4507', '4507000', '45070a', ''])
      expect(TicketRegisteredV1.validator.Check({ ticket: { ...stored, region } }), region).toBe(false)
  })
})

describe('a market entity’s ticket (市场主体)', () => {
  it('reads a stored ticket without `marketEntity`, and one with it', () => {
    expect(TicketRegisteredV1.validator.Check({ ticket: { ...stored, channel: 'phone', marketEntity: true } })).toBe(
      true,
    )
    expect(TicketRegisteredV1.validator.Check({ ticket: { ...stored, marketEntity: 'yes' } })).toBe(false)
  })

  it('names its enterprise by a bounded name and an 18-character credit code of GB 32100’s characters', () => {
    const enterprise = Compile(TicketEnterprise)
    const firm = { name: '钦州市港城建材有限公司', creditCode: '91450700MA5KQY01AW' }
    expect(enterprise.Check(firm)).toBe(true)
    expect(enterprise.Check({ ...firm, name: 'x'.repeat(200) })).toBe(true)
    expect(enterprise.Check({ ...firm, name: 'x'.repeat(201) })).toBe(false)
    expect(enterprise.Check({ ...firm, name: '' })).toBe(false)
    expect(enterprise.Check({ ...firm, legalPerson: '王五' })).toBe(false)
    // I, O, Z, S and V are not of the charset; lower case neither; 17 or 19 characters neither.
    for (const creditCode of [
      '91450700MA5KQI01AW',
      '91450700MA5KQO01AW',
      '91450700MA5KQZ01AW',
      '91450700MA5KQS01AW',
      '91450700MA5KQV01AW',
      '91450700ma5kqy01aw',
      '91450700MA5KQY01A',
      '91450700MA5KQY01AW1',
    ]) {
      expect(enterprise.Check({ ...firm, creditCode }), creditCode).toBe(false)
      expect([...enterprise.Errors({ ...firm, creditCode })].map((e) => e.instancePath)).toContain('/creditCode')
    }
  })
})

describe('整改函', () => {
  it('is recorded with a ground in the seed’s words and a bounded reason, at most 10 a ticket', () => {
    const check = (letters: object[]) =>
      TicketRectificationLetterIssuedV1.validator.Check({ ticket: { ...stored, rectificationLetters: letters } })
    expect(check([letter])).toBe(true)
    expect(check([{ ...letter, ground: 'duty-not-performed' }])).toBe(true)
    expect(check([{ ...letter, ground: 'late' }])).toBe(false)
    expect(check([{ ...letter, reason: 'x'.repeat(2001) }])).toBe(false)
    expect(check([{ ...letter, reason: '' }])).toBe(false)
    expect(check(Array.from({ length: 11 }, () => letter))).toBe(false)
  })

  it('is asked for with its ground and reason only', () => {
    const body = Compile(RectificationLetterBody)
    expect(body.Check({ ground: 'perfunctory', reason: '未实际核查' })).toBe(true)
    expect(body.Check({ ground: 'perfunctory', reason: '未实际核查', department: 'housing-construction' })).toBe(false)
    expect(body.Check({ ground: 'perfunctory' })).toBe(false)
  })
})

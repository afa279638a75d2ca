import { lastDayToDecide } from '@onewindow/catalogue'
import type { ApplicationReceipt } from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import {
  decideAcceptance,
  decideReceiptAnswer,
  decideReceiptNotice,
  decideReceiptWithdrawal,
  decideRefusal,
  deemedAcceptance,
  type ReceiptState,
  receivedNow,
} from '../src/domain/receipt.js'

const calendar = defaultCalendar()
const moment = (today: string) => ({ at: new Date(`${today}T02:00:00Z`), today, by: 'clerk:window-1' })
// Monday 2026-03-02, 10:00 in Shanghai.
const received: ApplicationReceipt = receivedNow(moment('2026-03-02'), false)
const open: ReceiptState = { status: 'open', accepted: false, receipt: received }

const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code)

describe('接件 and 受理 (行政许可法第三十二条)', () => {
  it('records a receipt alone as 1, a receipt accepted at once as 3 on the same moment', () => {
    expect(received).toMatchObject({ nationalCode: 1, receivedOn: '2026-03-02', receivedBy: 'clerk:window-1' })
    expect(received.acceptedBy).toBeUndefined()
    const atOnce = receivedNow(moment('2026-03-02'), true)
    expect(atOnce).toMatchObject({ nationalCode: 3, acceptedBy: 'clerk', receivedAt: received.receivedAt })
  })

  it('accepts a received application by the clerk as of today, and refuses a second decision with 409', () => {
    const accepted = decideAcceptance(open, moment('2026-03-04'), '2026-03-09')
    if (!accepted.ok) throw new Error(accepted.error.message)
    expect(accepted.value).toEqual({
      acceptedOn: '2026-03-04',
      receipt: { ...received, nationalCode: 3, acceptedBy: 'clerk' },
    })
    const after: ReceiptState = { status: 'open', accepted: true, receipt: accepted.value.receipt }
    const again = decideAcceptance(after, moment('2026-03-05'), '2026-03-09')
    expect(codeOf(again)).toBe('INTAKE_RECEIPT_ALREADY_DECIDED')
    expect(again.ok ? undefined : again.error.details).toEqual({ nationalCode: 3 })
    expect(codeOf(decideRefusal(after, { ground: 'outside-competence', reason: 'x' }, moment('2026-03-05')))).toBe(
      'INTAKE_RECEIPT_ALREADY_DECIDED',
    )
    expect(codeOf(decideReceiptWithdrawal(after, {}, moment('2026-03-05')))).toBe('INTAKE_RECEIPT_ALREADY_DECIDED')
  })

  it('tells 不受理 (4: no licence needed) from 不予受理 (5: outside the agency’s powers, with where to apply)', () => {
    const four = decideRefusal(open, { ground: 'licence-not-required', reason: '该事项无需许可' }, moment('2026-03-03'))
    if (!four.ok) throw new Error(four.error.message)
    expect(four.value.receipt).toMatchObject({
      nationalCode: 4,
      ground: 'licence-not-required',
      closedOn: '2026-03-03',
      reason: '该事项无需许可',
    })
    const five = decideRefusal(
      open,
      { ground: 'outside-competence', reason: '不属本机关职权', referTo: '市水务局' },
      moment('2026-03-03'),
    )
    if (!five.ok) throw new Error(five.error.message)
    expect(five.value.receipt).toMatchObject({ nationalCode: 5, referTo: '市水务局', closedBy: 'clerk:window-1' })
    const refused: ReceiptState = { status: 'refused', accepted: false, receipt: five.value.receipt }
    expect(codeOf(decideAcceptance(refused, moment('2026-03-04'), '2026-03-09'))).toBe('INTAKE_RECEIPT_ALREADY_DECIDED')
  })

  it('refuses referTo on a 不受理, naming the field', () => {
    const bad = decideRefusal(
      open,
      { ground: 'licence-not-required', reason: 'x', referTo: '市水务局' },
      moment('2026-03-03'),
    )
    expect(codeOf(bad)).toBe('INTAKE_REFUSAL_INVALID')
    const errors = (bad.ok ? [] : (bad.error.details?.['errors'] ?? [])) as Array<{ field: string }>
    expect(errors.map((e) => e.field)).toEqual(['/referTo'])
  })

  it('withdraws a receipt as 2, after which nothing else can be decided on it', () => {
    const withdrawn = decideReceiptWithdrawal(open, { reason: '业主撤回' }, moment('2026-03-03'))
    if (!withdrawn.ok) throw new Error(withdrawn.error.message)
    expect(withdrawn.value.receipt).toMatchObject({ nationalCode: 2, reason: '业主撤回', closedOn: '2026-03-03' })
    const closed: ReceiptState = { status: 'withdrawn', accepted: false, receipt: withdrawn.value.receipt }
    expect(codeOf(decideAcceptance(closed, moment('2026-03-04'), '2026-03-09'))).toBe('INTAKE_RECEIPT_ALREADY_DECIDED')
    expect(deemedAcceptance(closed, '2026-04-01', calendar)).toBeUndefined()
  })
})

describe('deemed acceptance after five working days (视为受理)', () => {
  it('waits through the fifth working day and accepts on the sixth, as of the receipt day', () => {
    // Received Mon 03-02: working days 03-03, 04, 05, 06, 09 — the fifth is Mon 03-09.
    expect(lastDayToDecide(calendar, '2026-03-02')).toBe('2026-03-09')
    expect(deemedAcceptance(open, '2026-03-09', calendar)).toBeUndefined()
    expect(deemedAcceptance(open, '2026-03-10', calendar)).toEqual({
      receipt: { ...received, nationalCode: 3, acceptedBy: 'law' },
      acceptedOn: '2026-03-02',
      lastDay: '2026-03-09',
    })
  })

  it('counts working days: National Day 2026 (10-01..10-07) is not counted, Saturday 10-10 is', () => {
    const beforeHoliday: ReceiptState = { ...open, receipt: { ...received, receivedOn: '2026-09-30' } }
    // 10-08, 10-09, 10-10 (调休上班), 10-12, 10-13.
    expect(lastDayToDecide(calendar, '2026-09-30')).toBe('2026-10-13')
    expect(deemedAcceptance(beforeHoliday, '2026-10-13', calendar)).toBeUndefined()
    expect(deemedAcceptance(beforeHoliday, '2026-10-14', calendar)?.acceptedOn).toBe('2026-09-30')
  })

  it("takes a clerk's 受理 after the fifth working day, with no notice given, as the law's: as of the receipt day", () => {
    // The timer has not run yet on Tuesday 03-10; the law accepted the receipt of Monday 03-02 already.
    const late = decideAcceptance(open, moment('2026-03-10'), lastDayToDecide(calendar, '2026-03-02'))
    if (!late.ok) throw new Error(late.error.message)
    expect(late.value).toEqual({
      acceptedOn: '2026-03-02',
      receipt: { ...received, nationalCode: 3, acceptedBy: 'law' },
    })
    // On the fifth working day itself it is still the clerk's, from that day.
    const inTime = decideAcceptance(open, moment('2026-03-09'), '2026-03-09')
    expect(inTime.ok && [inTime.value.acceptedOn, inTime.value.receipt.acceptedBy]).toEqual(['2026-03-09', 'clerk'])
  })

  it('leaves alone a receipt already accepted, refused or withdrawn', () => {
    expect(deemedAcceptance({ ...open, accepted: true }, '2026-04-01', calendar)).toBeUndefined()
    expect(
      deemedAcceptance(
        { ...open, status: 'refused', receipt: { ...received, nationalCode: 4 } },
        '2026-04-01',
        calendar,
      ),
    ).toBeUndefined()
  })
})

describe('the one notice of a receipt (一次性告知, Art. 32 item 4)', () => {
  const body = { materials: ['land-transfer-contract', 'land-transfer-contract'], reason: '出让合同缺少附图' }

  it('is given once within five working days, and then the law no longer accepts the receipt', () => {
    const noticed = decideReceiptNotice(open, body, moment('2026-03-09'), '2026-03-09')
    if (!noticed.ok) throw new Error(noticed.error.message)
    expect(noticed.value.receipt).toMatchObject({
      nationalCode: 1,
      notice: { on: '2026-03-09', materials: ['land-transfer-contract'], reason: '出让合同缺少附图' },
    })
    const waiting: ReceiptState = { ...open, receipt: noticed.value.receipt }
    expect(deemedAcceptance(waiting, '2026-04-30', calendar)).toBeUndefined()
    expect(codeOf(decideReceiptNotice(waiting, body, moment('2026-03-09'), '2026-03-09'))).toBe(
      'INTAKE_RECEIPT_ALREADY_NOTIFIED',
    )
    // The clerk still decides it: accepted (item 5) or refused.
    const cured = decideAcceptance(waiting, moment('2026-03-12'), '2026-03-09')
    // Told in time, it is the clerk's 受理 on the day the materials were complete (item 5), not the law's.
    expect(cured.ok && [cured.value.acceptedOn, cured.value.receipt.acceptedBy]).toEqual(['2026-03-12', 'clerk'])
  })

  it('is refused after the fifth working day: the law has accepted the receipt by then', () => {
    const late = decideReceiptNotice(open, body, moment('2026-03-10'), lastDayToDecide(calendar, '2026-03-02'))
    expect(codeOf(late)).toBe('INTAKE_RECEIPT_NOTICE_LATE')
    expect(late.ok ? undefined : late.error.details).toEqual({ lastDay: '2026-03-09' })
  })

  it('is answered once by the owner; a receipt without a notice has nothing to answer', () => {
    expect(codeOf(decideReceiptAnswer(open, [], moment('2026-03-05')))).toBe('INTAKE_RECEIPT_NOT_NOTIFIED')
    const noticed = decideReceiptNotice(open, body, moment('2026-03-04'), '2026-03-09')
    if (!noticed.ok) throw new Error(noticed.error.message)
    const asked = noticed.value.receipt.notice?.materials ?? []
    const answered = decideReceiptAnswer({ ...open, receipt: noticed.value.receipt }, asked, moment('2026-03-11'))
    if (!answered.ok) throw new Error(answered.error.message)
    expect(answered.value.receipt.notice).toMatchObject({ on: '2026-03-04', answeredOn: '2026-03-11' })
    expect(codeOf(decideReceiptAnswer({ ...open, receipt: answered.value.receipt }, asked, moment('2026-03-12')))).toBe(
      'INTAKE_RECEIPT_NOT_NOTIFIED',
    )
  })

  it('takes only what the notice asked for, once each, naming each wrong field', () => {
    const noticed = decideReceiptNotice(open, body, moment('2026-03-04'), '2026-03-09')
    if (!noticed.ok) throw new Error(noticed.error.message)
    const waiting = { ...open, receipt: noticed.value.receipt }
    const asked = noticed.value.receipt.notice?.materials[0] ?? ''
    const refused = decideReceiptAnswer(waiting, [asked, 'site-photos', asked], moment('2026-03-05'))
    expect(codeOf(refused)).toBe('INTAKE_MATERIAL_NOT_OWED')
    expect(refused.ok ? undefined : refused.error.details).toMatchObject({
      errors: [
        { field: '/materials/1/code', code: 'INTAKE_MATERIAL_NOT_OWED' },
        { field: '/materials/2/code', code: 'INTAKE_MATERIAL_NOT_OWED' },
      ],
    })
    expect(decideReceiptAnswer(waiting, [asked], moment('2026-03-05')).ok).toBe(true)
  })
})

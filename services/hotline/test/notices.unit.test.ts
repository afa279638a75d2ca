import {
  type ChangeNoticeSnapshot,
  MAX_COUNT,
  NOTICE_LIST_MAX,
  NoticeCursor,
  NoticeListResponse,
  noticeTextBounds,
  OUTAGE_UPDATES_KEPT,
  OUTAGE_UPDATES_MAX,
  OutageNoticeOverdueV1,
  OutageNoticeRecoveredV1,
  OutageNoticeReportedV1,
  OutageNoticeUpdatedV1,
} from '@onewindow/contracts'
import { isInstantKey } from '@onewindow/db'
import { legalDateOf } from '@onewindow/workdays'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import {
  decideAcknowledge,
  decideFileChange,
  decideOverdue,
  decideRecover,
  decideReport,
  decideUpdate,
  type OutageNotice,
  outageLookOn,
  overdueOn,
} from '../src/domain/notices.js'

// 变动通报 and 故障通报 (seeds/004_33317a5f04b53a73.txt:1684–1694), pure: who files and acknowledges, the advance
// notice, the answer script's 1 natural day and the long fault's progress update counted on the legal calendar
// (Asia/Shanghai) — the boundary at Shanghai midnight — each overdue once, the recovery ending both.

const unit = { role: 'reviewer', department: 'housing', sub: 'r-1' }
const otherUnit = { role: 'lead', department: 'water', sub: 'l-1' }
const agent = { role: 'agent', sub: 'a-1' }
/** The context at an instant: its legal day is taken as the service takes it, from the instant in Shanghai. */
const at = (iso: string) => ({ at: iso, today: legalDateOf(iso) })
const ok = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.error)}`)
  return r.value
}
const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code)

const change = {
  kind: 'rule-change' as const,
  title: '公积金提取规则调整',
  content: '自12月1日起租房提取额度调整。',
  effectiveOn: '2026-12-01',
  measures: ['update-knowledge' as const, 'train-agents' as const],
}

describe('变动通报 (004:1684–1692)', () => {
  it('is filed by a department for itself, in advance: the day it takes effect is after the filing day', () => {
    // 2026-11-30 23:59 in Shanghai: the filing day is the 30th, so the 1st is in advance.
    const filed = ok(decideFileChange(unit, change, { id: 'n-1' }, at('2026-11-30T15:59:00.000Z')))
    expect(filed.notice).toMatchObject({ department: 'housing', filedOn: '2026-11-30', status: 'filed', version: 1 })
    // One minute later it is the 1st in Shanghai: the same day is not in advance.
    const sameDay = decideFileChange(unit, change, { id: 'n-2' }, at('2026-11-30T16:00:00.000Z'))
    expect(sameDay).toMatchObject({
      ok: false,
      error: { code: 'HOTLINE_NOTICE_NOT_IN_ADVANCE', details: { field: '/body/effectiveOn', after: '2026-12-01' } },
    })
    expect(codeOf(decideFileChange(agent, change, { id: 'n-3' }, at('2026-11-02T01:00:00.000Z')))).toBe(
      'HOTLINE_NOTICE_FORBIDDEN',
    )
    expect(
      codeOf(decideFileChange({ role: 'owner', sub: 'o' }, change, { id: 'n-4' }, at('2026-11-02T01:00:00.000Z'))),
    ).toBe('HOTLINE_NOTICE_FORBIDDEN')
  })

  it('is acknowledged by the centre once, and by nobody else', () => {
    const ctx = at('2026-11-02T01:00:00.000Z')
    const { notice } = ok(decideFileChange(unit, change, { id: 'n-1' }, ctx))
    expect(codeOf(decideAcknowledge(unit, notice, ctx))).toBe('HOTLINE_NOTICE_FORBIDDEN')
    const acked = ok(decideAcknowledge(agent, notice, at('2026-11-03T01:00:00.000Z'))).notice
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledged: { on: '2026-11-03', by: 'a-1' }, version: 2 })
    expect(codeOf(decideAcknowledge(agent, acked, ctx))).toBe('HOTLINE_NOTICE_ACKNOWLEDGED')
  })
})

const outage = (startedAt: string, expectedRecoveryAt = '2026-11-20T00:00:00.000Z') => ({
  system: '住房公积金网上办事大厅',
  cause: '数据库故障',
  startedAt,
  affectedScope: '公积金提取、查询',
  expectedRecoveryAt,
})

const report = (startedAt: string, reportedAt: string): OutageNotice =>
  ok(decideReport(unit, outage(startedAt), { id: 'o-1' }, at(reportedAt))).notice

describe('故障通报 (004:1694)', () => {
  it('owes the answer script within 1 natural day of the report day, counted on the Shanghai calendar', () => {
    // 23:59 on Thursday 11-05 in Shanghai (15:59 UTC): reported on the 5th, the script due on the 6th.
    const late = report('2026-11-05T10:00:00.000Z', '2026-11-05T15:59:00.000Z')
    expect(late).toMatchObject({ reportedOn: '2026-11-05', script: { dueOn: '2026-11-06' } })
    // 00:00 on the 6th in Shanghai (16:00 UTC the 5th): reported on the 6th, due on the 7th, a Saturday — natural days.
    const early = report('2026-11-05T10:00:00.000Z', '2026-11-05T16:00:00.000Z')
    expect(early).toMatchObject({ reportedOn: '2026-11-06', script: { dueOn: '2026-11-07' } })
    // Not overdue on the due day, overdue from the day after.
    expect(overdueOn(early, '2026-11-07').script).toBe(false)
    expect(overdueOn(early, '2026-11-08').script).toBe(true)
    expect(decideOverdue(early, '2026-11-07', '2026-11-06T16:00:00.000Z')).toEqual([])
    // The timer looks on the day after the earliest due day.
    expect(outageLookOn(early)).toBe('2026-11-08')
  })

  it('records an unmet script overdue once, and takes a late script', () => {
    const n = report('2026-11-06T02:00:00.000Z', '2026-11-06T03:00:00.000Z')
    const [overdue, ...rest] = decideOverdue(n, '2026-11-08', '2026-11-08T01:00:00.000Z')
    expect(rest).toEqual([])
    expect(overdue).toMatchObject({ type: 'overdue', clock: 'script', notice: { script: { overdueOn: '2026-11-08' } } })
    if (!overdue) throw new Error('no event')
    expect(decideOverdue(overdue.notice, '2026-11-08', '2026-11-08T02:00:00.000Z')).toEqual([])
    const scripted = ok(
      decideUpdate(
        unit,
        overdue.notice,
        { kind: 'script', text: '请告知诉求人系统抢修中。' },
        at('2026-11-08T03:00:00.000Z'),
      ),
    ).notice
    expect(scripted.script).toEqual({ dueOn: '2026-11-07', overdueOn: '2026-11-08', metOn: '2026-11-08' })
    expect(overdueOn(scripted, '2026-11-09').script).toBe(false)
  })

  it('owes a progress update once the fault has lasted 2 natural days unrecovered; an update before then does not meet it', () => {
    // Started 23:30 on Friday 11-06 in Shanghai (15:30 UTC): its 2 natural days are Saturday 11-07 and Sunday 11-08,
    // so it has lasted them at the end of Sunday; the update is owed from Monday 11-09, due Tuesday 11-10.
    const n = report('2026-11-06T15:30:00.000Z', '2026-11-06T15:45:00.000Z')
    expect(n.progress).toEqual({ owedFrom: '2026-11-09', dueOn: '2026-11-10' })
    const scripted = ok(
      decideUpdate(unit, n, { kind: 'script', text: '系统抢修中，请稍后再办。' }, at('2026-11-07T01:00:00.000Z')),
    ).notice
    expect(scripted.script.metOn).toBe('2026-11-07')
    expect(scripted.progress?.metOn).toBeUndefined()
    // A note at 23:59 on Sunday 11-08 (Shanghai) comes before the 2 natural days have passed: it does not meet it.
    const early = ok(
      decideUpdate(unit, scripted, { kind: 'progress', text: '正在排查。' }, at('2026-11-08T15:59:00.000Z')),
    ).notice
    expect(early.progress?.metOn).toBeUndefined()
    // Nothing more given: not overdue on the due day, overdue on the 11th, once.
    expect(decideOverdue(early, '2026-11-10', '2026-11-10T01:00:00.000Z')).toEqual([])
    expect(outageLookOn(early)).toBe('2026-11-11')
    const events = decideOverdue(early, '2026-11-11', '2026-11-11T01:00:00.000Z')
    expect(events.map((e) => (e.type === 'overdue' ? e.clock : e.type))).toEqual(['progress'])
    // A note at 00:00 on Monday 11-09 in Shanghai, the first day it is owed, meets it.
    const progressed = ok(
      decideUpdate(unit, early, { kind: 'progress', text: '已更换故障硬件。' }, at('2026-11-08T16:00:00.000Z')),
    ).notice
    expect(progressed.progress?.metOn).toBe('2026-11-09')
    expect(decideOverdue(progressed, '2026-11-20', '2026-11-20T01:00:00.000Z')).toEqual([])
  })

  it('reported late, the progress update is due 1 natural day after the report', () => {
    const n = report('2026-11-01T02:00:00.000Z', '2026-11-05T02:00:00.000Z')
    expect(n.progress).toEqual({ owedFrom: '2026-11-04', dueOn: '2026-11-06' })
    // Both clocks missed: two events, each once, versions in order.
    const events = decideOverdue(n, '2026-11-07', '2026-11-07T01:00:00.000Z')
    expect(events.map((e) => [e.type === 'overdue' && e.clock, e.notice.version])).toEqual([
      ['script', 2],
      ['progress', 3],
    ])
  })

  it('the recovery ends the progress clock; a script met before it leaves nothing owed', () => {
    const n = report('2026-11-06T02:00:00.000Z', '2026-11-06T03:00:00.000Z')
    expect(codeOf(decideRecover(unit, n, '2026-11-06T01:00:00.000Z', at('2026-11-06T04:00:00.000Z')))).toBe(
      'HOTLINE_NOTICE_TIME_INVALID',
    )
    expect(codeOf(decideRecover(unit, n, '2026-11-06T05:00:00.000Z', at('2026-11-06T04:00:00.000Z')))).toBe(
      'HOTLINE_NOTICE_TIME_INVALID',
    )
    const scripted = ok(decideUpdate(unit, n, { kind: 'script', text: '抢修中。' }, at('2026-11-06T03:10:00.000Z')))
    const recovered = ok(
      decideRecover(unit, scripted.notice, '2026-11-06T03:30:00.000Z', at('2026-11-06T04:00:00.000Z')),
    ).notice
    expect(recovered).toMatchObject({ status: 'recovered', recoveredAt: '2026-11-06T03:30:00.000Z' })
    // The progress update was never met, yet nothing is overdue: the fault did not last.
    expect(recovered.progress?.metOn).toBeUndefined()
    expect(decideOverdue(recovered, '2026-12-01', '2026-12-01T01:00:00.000Z')).toEqual([])
    expect(outageLookOn(recovered)).toBeNull()
    expect(overdueOn(recovered, '2026-12-01')).toEqual({ script: false, progress: false })
    for (const kind of ['progress', 'script'] as const)
      expect(codeOf(decideUpdate(unit, recovered, { kind, text: '…' }, at('2026-11-06T05:00:00.000Z')))).toBe(
        'HOTLINE_NOTICE_RECOVERED',
      )
    expect(codeOf(decideRecover(unit, recovered, '2026-11-06T03:40:00.000Z', at('2026-11-06T05:00:00.000Z')))).toBe(
      'HOTLINE_NOTICE_RECOVERED',
    )
  })

  it('the recovery does not end the answer script: still owed, counted, recorded overdue once, and taken late', () => {
    // Reported on Friday 11-06, recovered the same day before any script: the script is still due on the 7th.
    const n = report('2026-11-06T02:00:00.000Z', '2026-11-06T03:00:00.000Z')
    const recovered = ok(decideRecover(unit, n, '2026-11-06T03:30:00.000Z', at('2026-11-06T04:00:00.000Z'))).notice
    expect(recovered.script).toEqual({ dueOn: '2026-11-07' })
    // The timer still looks on the day after the script's due day, and only for the script.
    expect(outageLookOn(recovered)).toBe('2026-11-08')
    expect(overdueOn(recovered, '2026-11-07')).toEqual({ script: false, progress: false })
    expect(decideOverdue(recovered, '2026-11-07', '2026-11-07T01:00:00.000Z')).toEqual([])
    expect(overdueOn(recovered, '2026-11-08')).toEqual({ script: true, progress: false })
    const events = decideOverdue(recovered, '2026-11-10', '2026-11-10T01:00:00.000Z')
    expect(events.map((e) => [e.type === 'overdue' && e.clock, e.notice.version])).toEqual([['script', 3]])
    const overdue = events[0]?.notice
    if (!overdue) throw new Error('no event')
    expect(overdue).toMatchObject({ status: 'recovered', script: { overdueOn: '2026-11-10' } })
    expect(decideOverdue(overdue, '2026-11-11', '2026-11-11T01:00:00.000Z')).toEqual([])
    expect(outageLookOn(overdue)).toBeNull()
    // A progress note is refused; the late script is taken and meets the script clock only.
    expect(codeOf(decideUpdate(unit, overdue, { kind: 'progress', text: '…' }, at('2026-11-10T02:00:00.000Z')))).toBe(
      'HOTLINE_NOTICE_RECOVERED',
    )
    expect(
      codeOf(decideUpdate(otherUnit, overdue, { kind: 'script', text: '…' }, at('2026-11-10T02:00:00.000Z'))),
    ).toBe('HOTLINE_NOTICE_NOT_FOUND')
    const scripted = ok(
      decideUpdate(unit, overdue, { kind: 'script', text: '系统已恢复，可正常办理。' }, at('2026-11-10T02:00:00.000Z')),
    ).notice
    expect(scripted).toMatchObject({
      status: 'recovered',
      script: { dueOn: '2026-11-07', overdueOn: '2026-11-10', metOn: '2026-11-10' },
      version: 4,
    })
    expect(scripted.progress?.metOn).toBeUndefined()
    expect(overdueOn(scripted, '2026-11-11')).toEqual({ script: false, progress: false })
    expect(outageLookOn(scripted)).toBeNull()
  })

  it('keeps 20 plain notes, yet always takes an update that meets a clock still unmet', () => {
    // Started Friday 11-06: the script is due on the 7th, the progress update owed from the 9th.
    let n = report('2026-11-06T02:00:00.000Z', '2026-11-06T03:00:00.000Z')
    for (let i = 0; i < OUTAGE_UPDATES_MAX; i++)
      n = ok(decideUpdate(unit, n, { kind: 'progress', text: `进展 ${i}` }, at('2026-11-06T04:00:00.000Z'))).notice
    expect(n.updates).toHaveLength(20)
    expect(n.progress?.metOn).toBeUndefined()
    // A 21st plain note is refused.
    expect(codeOf(decideUpdate(unit, n, { kind: 'progress', text: '…' }, at('2026-11-06T05:00:00.000Z')))).toBe(
      'HOTLINE_NOTICE_UPDATES_FULL',
    )
    // The answer script still owed is taken and meets its clock; a second script is a plain update, refused.
    n = ok(decideUpdate(unit, n, { kind: 'script', text: '应答口径' }, at('2026-11-06T05:00:00.000Z'))).notice
    expect(n.updates).toHaveLength(21)
    expect(n.script.metOn).toBe('2026-11-06')
    expect(codeOf(decideUpdate(unit, n, { kind: 'script', text: '…' }, at('2026-11-06T06:00:00.000Z')))).toBe(
      'HOTLINE_NOTICE_UPDATES_FULL',
    )
    // Before the progress update is owed a note meets nothing: refused; once owed, the first one is taken.
    expect(codeOf(decideUpdate(unit, n, { kind: 'progress', text: '…' }, at('2026-11-08T02:00:00.000Z')))).toBe(
      'HOTLINE_NOTICE_UPDATES_FULL',
    )
    n = ok(decideUpdate(unit, n, { kind: 'progress', text: '仍在抢修' }, at('2026-11-09T02:00:00.000Z'))).notice
    expect(n.updates).toHaveLength(OUTAGE_UPDATES_KEPT)
    expect(n.progress?.metOn).toBe('2026-11-09')
    // The event still carries it: the schema holds OUTAGE_UPDATES_KEPT.
    const event = { notice: { ...n, id: '0194f3a0-0000-7000-8000-000000000000' }, actor: 'unit' }
    expect(OutageNoticeUpdatedV1.validator.Check(event)).toBe(true)
    for (const kind of ['progress', 'script'] as const)
      expect(codeOf(decideUpdate(unit, n, { kind, text: '…' }, at('2026-11-09T03:00:00.000Z')))).toBe(
        'HOTLINE_NOTICE_UPDATES_FULL',
      )
  })

  it('is reported and updated by its own unit only; times are checked', () => {
    const ctx = at('2026-11-06T03:00:00.000Z')
    expect(codeOf(decideReport(agent, outage('2026-11-06T02:00:00.000Z'), { id: 'o' }, ctx))).toBe(
      'HOTLINE_NOTICE_FORBIDDEN',
    )
    expect(decideReport(unit, outage('2026-11-06T04:00:00.000Z'), { id: 'o' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'HOTLINE_NOTICE_TIME_INVALID', details: { field: '/body/startedAt' } },
    })
    expect(
      decideReport(unit, outage('2026-11-06T02:00:00.000Z', '2026-11-06T01:00:00.000Z'), { id: 'o' }, ctx),
    ).toMatchObject({ ok: false, error: { details: { field: '/body/expectedRecoveryAt' } } })
    const n = report('2026-11-06T02:00:00.000Z', '2026-11-06T03:00:00.000Z')
    expect(codeOf(decideUpdate(otherUnit, n, { kind: 'script', text: '…' }, ctx))).toBe('HOTLINE_NOTICE_NOT_FOUND')
    expect(codeOf(decideUpdate(agent, n, { kind: 'script', text: '…' }, ctx))).toBe('HOTLINE_NOTICE_FORBIDDEN')
  })
})

// Every outage event carries the notice whole; NATS refuses a payload above its max (1 MiB by default), and a row the
// relay cannot publish holds every row after it. So the largest notice the schema lets through is built here and
// measured: every text at its bound, each character one the JSON escapes to `\uXXXX` (6 bytes, the most any counted
// character takes), every optional field present, every instant with 9 fractional digits. (Measured when written:
// about 287 KiB an event, about 6.1 MiB the largest list.)
describe('the size of a notice on the wire', () => {
  const worst = (n: number) => '\u0001'.repeat(n)
  const instant = '2026-11-06T02:00:00.123456789Z'
  const uuid = '0194f3a0-0000-7000-8000-000000000000'
  const department = worst(100)
  const largestOutage: OutageNotice = {
    id: uuid,
    department,
    system: worst(noticeTextBounds.system),
    cause: worst(noticeTextBounds.cause),
    startedAt: instant,
    affectedScope: worst(noticeTextBounds.scope),
    expectedRecoveryAt: instant,
    reportedAt: instant,
    reportedOn: '2026-11-06',
    status: 'recovered',
    script: { dueOn: '2026-11-07', metOn: '2026-11-07', overdueOn: '2026-11-08' },
    progress: { owedFrom: '2026-11-09', dueOn: '2026-11-10', metOn: '2026-11-09', overdueOn: '2026-11-11' },
    updates: Array.from({ length: OUTAGE_UPDATES_KEPT }, () => ({
      kind: 'progress' as const,
      text: worst(noticeTextBounds.text),
      on: '2026-11-06',
      at: instant,
    })),
    recoveredAt: instant,
    version: MAX_COUNT,
    createdAt: instant,
    updatedAt: instant,
  }
  const largestChange: ChangeNoticeSnapshot = {
    id: uuid,
    department,
    kind: 'specialist-information',
    title: worst(noticeTextBounds.title),
    content: worst(noticeTextBounds.content),
    effectiveOn: '2026-12-01',
    measures: ['update-knowledge', 'train-agents', 'on-site-support', 'answer-concentrated', 'publish-interpretation'],
    filedOn: '2026-11-06',
    status: 'acknowledged',
    acknowledged: { on: '2026-11-06', by: worst(255) },
    version: MAX_COUNT,
    createdAt: instant,
    updatedAt: instant,
  }
  const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8')

  it('the largest valid outage event serialises under 512 KiB, well under NATS’s 1 MiB', () => {
    const bodies = [
      [OutageNoticeReportedV1, { notice: largestOutage, actor: worst(255) }],
      [OutageNoticeUpdatedV1, { notice: largestOutage, actor: worst(255) }],
      [OutageNoticeRecoveredV1, { notice: largestOutage, actor: worst(255) }],
      [OutageNoticeOverdueV1, { notice: largestOutage, clock: 'progress' }],
    ] as const
    for (const [event, body] of bodies) {
      // It is valid: the schema lets exactly this through.
      expect([...event.validator.Errors(body)]).toEqual([])
      expect(bytes(body)).toBeLessThan(512 * 1024)
    }
    // And it is the largest: one more update, or one more character in one, is refused.
    const [first] = largestOutage.updates
    if (!first) throw new Error('no update')
    const moreUpdates = { notice: { ...largestOutage, updates: [...largestOutage.updates, first] } }
    expect(OutageNoticeUpdatedV1.validator.Check(moreUpdates)).toBe(false)
    const longer = { ...first, text: worst(noticeTextBounds.text + 1) }
    expect(OutageNoticeUpdatedV1.validator.Check({ notice: { ...largestOutage, updates: [longer] } })).toBe(false)
  })

  it('GET /notices at its largest limit answers under 8 MiB', () => {
    const largestList = {
      today: '2026-11-06',
      changes: Array.from({ length: NOTICE_LIST_MAX }, () => largestChange),
      outages: Array.from({ length: NOTICE_LIST_MAX }, () => ({
        ...largestOutage,
        overdue: { script: false, progress: false },
      })),
      // The longest cursors (a key text's longest is a BC instant to the millisecond): both kinds go on.
      next: {
        changes: `change~1~4713-12-31 23:59:59.999 BC~${largestChange.id}`,
        outages: `outage~0~4713-12-31 23:59:59.999 BC~${largestOutage.id}`,
      },
    }
    expect([...Compile(NoticeListResponse).Errors(largestList)]).toEqual([])
    expect(bytes(largestList)).toBeLessThan(8 * 1024 * 1024)
  })
})

describe('the notices cursor', () => {
  // The OpenAPI's pattern is what a client may send back: every key text the service writes for `created_at` (a
  // timestamptz(3)) must pass it, and nothing else of another shape, so the schema's 400 and the service's own
  // (`isInstantKey`) differ only in the calendar (30 February has a key text's shape) and in the microseconds
  // another column could hold.
  const cursor = Compile(NoticeCursor)
  const ID = '01890000-0000-7000-8000-0000000000f2'
  const written = [
    '2026-03-16 01:00:00',
    '2026-03-16 01:00:00.5',
    '2026-03-16 01:00:00.123',
    '0001-01-01 00:00:00',
    '0044-03-15 12:00:00 BC',
    '4714-11-24 00:00:00 BC',
    '4713-12-31 23:59:59.999 BC',
    '10000-01-01 00:00:00',
    '294276-12-31 23:59:59.999',
    'infinity',
    '-infinity',
  ]
  const otherShapes = [
    '2026-03-16T01:00:00Z',
    '2026-03-16T01:00:00.000Z',
    '2026-03-16 01:00:00.50',
    '2026-03-16 01:00:00.',
    '2026-03-16 01:00:00.1234567',
    '2026-03-16 24:00:00',
    '2026-03-16 01:00:00+00',
    '2026-03-16 01:00:00 AD',
    '02026-03-16 01:00:00',
    '1234567-01-01 00:00:00',
    '2026-03-16',
    'Infinity',
    '+infinity',
    '',
  ]

  it('admits every key text PostgreSQL writes for the column, for either kind and open or not', () => {
    for (const key of written) {
      expect(isInstantKey(key), key).toBe(true)
      for (const head of ['change~1', 'change~0', 'outage~1', 'outage~0']) {
        expect(cursor.Check(`${head}~${key}~${ID}`), key).toBe(true)
      }
    }
  })

  it('refuses a text of any other shape, and the kind, open and id parts as before', () => {
    for (const key of otherShapes) {
      expect(isInstantKey(key), key).toBe(false)
      expect(cursor.Check(`change~1~${key}~${ID}`), key).toBe(false)
    }
    for (const bad of [
      `notice~1~infinity~${ID}`,
      `change~2~infinity~${ID}`,
      'change~1~infinity~x',
      `change~1~infinity~${ID.toUpperCase()}`,
    ]) {
      expect(cursor.Check(bad), bad).toBe(false)
    }
    // Finer than the column keeps: a key text of some timestamptz, never of this one.
    for (const key of ['2026-03-16 01:00:00.1234', '2026-03-16 01:00:00.123456']) {
      expect(isInstantKey(key), key).toBe(true)
      expect(cursor.Check(`change~1~${key}~${ID}`), key).toBe(false)
    }
    // The shape only: a day no calendar has is the service's to refuse.
    expect(cursor.Check(`change~1~2026-02-30 00:00:00~${ID}`)).toBe(true)
    expect(isInstantKey('2026-02-30 00:00:00')).toBe(false)
  })
})

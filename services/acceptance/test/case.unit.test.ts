import { loadCatalogue } from '@onewindow/catalogue'
import { AcceptanceCaseSnapshot, type Actor, MAX_TEXT } from '@onewindow/contracts'
import { SUMMARY_NOTE_MAX } from '@onewindow/vocabulary'
import { defaultCalendar } from '@onewindow/workdays'
import fc from 'fast-check'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import { acceptanceConfig } from '../src/catalogue.js'
import {
  type Case,
  type Changed,
  commitmentsOverdueOn,
  type Decision,
  numberLetter,
  type OpenInput,
  openCase,
  opinionNumberOf,
  raiseClockAlerts,
  recordOpinion,
  refuseFailWithoutReasons,
  reportOverdueCommitments,
  scheduleInspection,
  statusOf,
  submitRectification,
  verifyCommitment,
} from '../src/domain/case.js'

const CASE = '0190a000-0000-7000-8000-0000000000c1'
const PROJECT = '0190a000-0000-7000-8000-000000000002'
const OWNER = { name: 'Foshan Works Ltd', creditCode: '91440600MA4UW8XL2K' }
const owner: Actor = { sub: 'owner-1', role: 'owner', creditCode: OWNER.creditCode }
const lead: Actor = { sub: 'lead-1', role: 'lead', department: 'housing-construction' }
const reviewer = (department: string): Actor => ({ sub: `reviewer-${department}`, role: 'reviewer', department })
const at = (day: string) => ({ at: `${day}T02:00:00.000Z`, today: day })
const calendar = defaultCalendar()
const checkSnapshot = Compile(AcceptanceCaseSnapshot)

const foshan = loadCatalogue('440600')
const industrial = acceptanceConfig(foshan, 'industrial-land-with-scheme')
const ALL_DEPTS = ['housing-construction', 'natural-resources', 'civil-air-defence']

const openInput = (over: Partial<OpenInput> = {}): OpenInput => ({
  caseId: CASE,
  actor: owner,
  project: { projectId: PROJECT, projectType: 'industrial-land-with-scheme', region: '440600', owner: OWNER },
  ...(industrial ? { configured: industrial } : {}),
  approvedItems: ['construction-permit', 'engineering-planning-permit'],
  ...at('2026-03-02'),
  verifyBy: '2026-03-30',
  ...over,
})

function ok(d: Decision): Changed {
  if (!d.ok) throw new Error(`refused: ${d.error.code} ${d.error.message}`)
  return d.value
}
const codeOf = (d: Decision) => (d.ok ? 'ok' : d.error.code)

const opened = () => ok(openCase(openInput())).case
const scheduled = (c: Case = opened(), day = '2026-03-03') =>
  ok(scheduleInspection(c, lead, { date: '2026-03-05', place: 'site', participants: ALL_DEPTS }, at(day))).case
const opine = (c: Case, item: string, opinion: 'pass' | 'rectify' | 'fail', department: string, defects?: string[]) =>
  recordOpinion(c, reviewer(department), { item, opinion, ...(defects ? { defects } : {}) }, at('2026-03-05'))
const itemsOf = (c: Case) => Object.fromEntries(c.items.map((i) => [i.item, [i.status, i.round]]))

const ITEMS = {
  planning: ['planning-condition-verification', 'natural-resources'],
  fire: ['fire-acceptance-filing', 'housing-construction'],
  cad: ['civil-air-defence-completion-filing', 'civil-air-defence'],
  completion: ['completion-acceptance-filing', 'housing-construction'],
} as const

/** Every item passes in the current round except those listed. */
function passAllBut(c: Case, except: readonly string[] = []): Case {
  let now = c
  for (const [item, dept] of Object.values(ITEMS)) {
    if (except.includes(item)) continue
    if (!now.items.some((i) => i.item === item && i.status === 'pending')) continue
    now = ok(opine(now, item, 'pass', dept)).case
  }
  return now
}

describe('the Foshan catalogue gives what a case needs', () => {
  it('industrial land with a scheme: lead housing-construction, 4 items, 8 W, 验收即发证', () => {
    expect(industrial).toMatchObject({
      lead: 'housing-construction',
      registrationWithAcceptance: true,
      limit: { value: 8, unit: 'W' },
    })
    expect(industrial?.items.map((i) => [i.item, i.department])).toEqual(Object.values(ITEMS))
  })

  it('pins what the letter and the clock depend on: the bureaus as Foshan names them, the letter as the filing (004:2279), no clock exclusion (004:2169)', () => {
    const c = opened()
    expect(c).toMatchObject({ leadName: '佛山市住房城乡建设局', opinionIsFiling: true })
    expect(c.clockExclusions).toBeUndefined()
    expect(c.items.find((i) => i.department === 'natural-resources')?.departmentName).toBe('佛山市自然资源局')
    expect(checkSnapshot.Check(c)).toBe(true)
  })

  it('Shanwei: the 5 W do not count 公示 (004:1816 不含公示时间) and the letter is not the filing', () => {
    const shanwei = acceptanceConfig(loadCatalogue('441500'), 'social-simple-low-risk')
    expect(shanwei).toMatchObject({ clockExclusions: ['public-notice'], leadName: '汕尾市住房城乡建设局' })
    const c = ok(
      openCase(
        openInput({
          project: { projectId: PROJECT, projectType: 'social-simple-low-risk', region: '441500', owner: OWNER },
          ...(shanwei ? { configured: shanwei } : {}),
        }),
      ),
    ).case
    expect(c.clockExclusions).toEqual(['public-notice'])
    expect(c.opinionIsFiling).toBeUndefined()
    expect(c.leadName).toBe('汕尾市住房城乡建设局')
    expect(checkSnapshot.Check(c)).toBe(true)
  })

  it('old-compound renovation: 5 W, no registration with acceptance', () => {
    expect(acceptanceConfig(foshan, 'old-compound-renovation')).toMatchObject({
      limit: { value: 5, unit: 'W' },
      registrationWithAcceptance: false,
    })
  })
})

describe('openCase (一口受理)', () => {
  it('opens every item of the joint-acceptance step pending, the lead from the catalogue, the clock from today', () => {
    const d = ok(openCase(openInput({ part: 'building 1' })))
    expect(d.events.map((e) => e.event.type)).toEqual(['started'])
    expect(d.case).toMatchObject({
      status: 'open',
      lead: 'housing-construction',
      part: 'building 1',
      version: 1,
      registrationWithAcceptance: true,
      clock: { limit: { value: 8, unit: 'W' }, start: '2026-03-02', suspensions: [] },
    })
    expect(d.case.items.every((i) => i.status === 'pending' && i.round === 0)).toBe(true)
    expect(checkSnapshot.Check(d.case)).toBe(true)
  })

  it.each([
    ['not the owner', { actor: { ...owner, creditCode: '91440600MA4UW8XL3K' } }, 'ACCEPTANCE_NOT_THE_OWNER'],
    ['a reviewer', { actor: reviewer('housing-construction') }, 'ACCEPTANCE_NOT_THE_OWNER'],
    ['no acceptance block', { configured: undefined }, 'ACCEPTANCE_NOT_CONFIGURED'],
    ['permit not granted', { approvedItems: ['land-planning-permit'] }, 'ACCEPTANCE_PERMIT_NOT_GRANTED'],
    [
      'only an earlier phase of the permit approved',
      {
        approvedItems: ['land-planning-permit'],
        permitPhase: { code: 'foundation-pit', name: '基坑围护', number: 1, count: 4 },
      },
      'ACCEPTANCE_PERMIT_PHASES_OUTSTANDING',
    ],
    [
      'the part already open',
      { liveCase: { caseId: CASE, status: 'scheduled' as const } },
      'ACCEPTANCE_CASE_ALREADY_OPEN',
    ],
    ['a commitment not allowed', { commitments: ['fire-acceptance-filing'] }, 'ACCEPTANCE_COMMITMENT_NOT_ALLOWED'],
    ['a commitment for a foreign item', { commitments: ['mailbox'] }, 'ACCEPTANCE_COMMITMENT_NOT_ALLOWED'],
  ])('refuses %s', (_name, over, code) => {
    const input = openInput(over as Partial<OpenInput>)
    if ('configured' in over && over.configured === undefined) delete input.configured
    expect(codeOf(openCase(input))).toBe(code)
  })

  // 按照单位工程办理施工许可 (seeds/000_5ff03a50698aa736.txt:125).
  it("opens a building's case on that building's own permit, and refuses one for another building, naming it", () => {
    const own = { approvedItems: ['land-planning-permit'], permitParts: ['1号楼'] }
    expect(openCase(openInput({ ...own, part: '1号楼' })).ok).toBe(true)
    const other = openCase(openInput({ ...own, part: '2号楼' }))
    expect(codeOf(other)).toBe('ACCEPTANCE_PART_PERMIT_NOT_GRANTED')
    expect(other.ok ? undefined : other.error.details).toMatchObject({ part: '2号楼' })
    expect(other.ok ? '' : other.error.message).toMatch(/2号楼/)
    // The whole project's permit grants every building's case.
    expect(openCase(openInput({ part: '2号楼', permitParts: ['1号楼'] })).ok).toBe(true)
  })

  it("refuses the whole project's case on buildings' own permits, naming those granted", () => {
    const whole = openCase(openInput({ approvedItems: ['land-planning-permit'], permitParts: ['1号楼', '2号楼'] }))
    expect(codeOf(whole)).toBe('ACCEPTANCE_PERMIT_NOT_GRANTED')
    expect(whole.ok ? undefined : whole.error.details).toMatchObject({ grantedParts: ['1号楼', '2号楼'] })
  })

  it('opens once the last phase granted the permit, though the earlier phase reached is still recorded', () => {
    const permitPhase = { code: 'decoration', name: '装饰装修及室外附属工程', number: 3, count: 4 }
    expect(openCase(openInput({ permitPhase })).ok).toBe(true)
  })

  it('names each refused commitment by its index', () => {
    const d = openCase(openInput({ commitments: ['planning-condition-verification', 'fire-acceptance-filing'] }))
    expect(d.ok).toBe(false)
    if (d.ok) return
    expect(d.error.details?.['errors']).toEqual([
      { field: '/body/commitments/0', message: expect.stringContaining('commitment') },
      { field: '/body/commitments/1', message: expect.stringContaining('commitment') },
    ])
  })

  it('passes an item allowing it on commitment, to be verified by the date given', () => {
    const configured = {
      ...(industrial as NonNullable<typeof industrial>),
      items: [
        ...(industrial?.items ?? []),
        {
          item: 'urban-construction-archive-acceptance',
          department: 'urban-construction-archive',
          commitmentAllowed: true,
        },
      ],
    }
    const d = ok(openCase(openInput({ configured, commitments: ['urban-construction-archive-acceptance'] })))
    expect(d.case.items.find((i) => i.item === 'urban-construction-archive-acceptance')).toMatchObject({
      status: 'committed',
      verifyBy: '2026-03-30',
      round: 0,
    })
    // The archive department need not come: only pending items are inspected.
    const s = ok(
      scheduleInspection(
        d.case,
        lead,
        { date: '2026-03-05', place: 'site', participants: ALL_DEPTS },
        at('2026-03-03'),
      ),
    )
    expect(s.case.status).toBe('scheduled')
    expect(passAllBut(s.case)).toMatchObject({ status: 'passed' })
  })

  it('a case wholly on commitment is started, then passed, in one application', () => {
    const configured = {
      lead: 'housing-construction',
      registrationWithAcceptance: false,
      items: [{ item: 'a', department: 'x', commitmentAllowed: true }],
    }
    const d = ok(openCase(openInput({ configured, commitments: ['a'] })))
    expect(d.events.map((e) => [e.event.type, e.case.version])).toEqual([
      ['started', 1],
      ['passed', 2],
    ])
    // The pass issues the letter; its number is the caller's to take (the region's next of the year), then filled in.
    expect(d.letter).toEqual({ region: '440600', year: '2026' })
    expect(d.case.opinionNumber).toBeUndefined()
    const numbered = numberLetter(d, 7)
    expect(numbered.letter).toBeUndefined()
    expect(numbered.case).toEqual({ ...d.case, opinionNumber: 'LHYS-440600-2026-000007' })
    expect(numbered.events.map((e) => [e.event.type, e.case.opinionNumber])).toEqual([
      ['started', undefined],
      ['passed', 'LHYS-440600-2026-000007'],
    ])
    expect(checkSnapshot.Check(numbered.case)).toBe(true)
  })
})

describe('联合验收意见书 number', () => {
  it('is LHYS, the region, the year and the running number of six digits', () => {
    expect(opinionNumberOf({ region: '440600', year: '2026' }, 123)).toBe('LHYS-440600-2026-000123')
    expect(opinionNumberOf({ region: '441500', year: '2027' }, 1)).toBe('LHYS-441500-2027-000001')
    expect(opinionNumberOf({ region: '440600', year: '2026' }, 999_999)).toBe('LHYS-440600-2026-999999')
    // Past a million the number grows a digit rather than wrap.
    expect(opinionNumberOf({ region: '440600', year: '2026' }, 1_000_000)).toBe('LHYS-440600-2026-1000000')
  })

  it('is ASCII and read out digit by digit', () => {
    expect(opinionNumberOf({ region: '440600', year: '2026' }, 42)).toMatch(/^LHYS-\d{6}-\d{4}-\d{6}$/)
  })
})

describe('scheduleInspection', () => {
  it('round 1 takes every pending item; the case is scheduled', () => {
    const c = scheduled()
    expect(c).toMatchObject({ status: 'scheduled', version: 2, inspection: { round: 1, date: '2026-03-05' } })
    expect(c.items.every((i) => i.round === 1)).toBe(true)
  })

  it.each([
    ['a reviewer', reviewer('housing-construction'), 'ACCEPTANCE_NOT_THE_LEAD'],
    ['a lead of another department', { ...lead, department: 'natural-resources' }, 'ACCEPTANCE_NOT_THE_LEAD'],
  ])('refuses %s', (_name, actor, code) => {
    expect(
      codeOf(
        scheduleInspection(
          opened(),
          actor,
          { date: '2026-03-05', place: 's', participants: ALL_DEPTS },
          at('2026-03-03'),
        ),
      ),
    ).toBe(code)
  })

  it('names the lead department to a department that is not it', () => {
    const d = scheduleInspection(
      opened(),
      { ...lead, department: 'natural-resources' },
      { date: '2026-03-05', place: 's', participants: ALL_DEPTS },
      at('2026-03-03'),
    )
    expect(d).toMatchObject({ ok: false, error: { details: { lead: opened().lead } } })
  })

  it('names every department missing from the participants, and a date in the past', () => {
    const d = scheduleInspection(
      opened(),
      lead,
      { date: '2026-03-01', place: 's', participants: ['housing-construction'] },
      at('2026-03-03'),
    )
    expect(codeOf(d)).toBe('ACCEPTANCE_INSPECTION_INVALID')
    if (d.ok) return
    expect(d.error.details?.['missingDepartments']).toEqual(['natural-resources', 'civil-air-defence'])
    expect(d.error.details?.['errors']).toEqual([
      { field: '/body/date', message: expect.any(String) },
      { field: '/body/participants', message: 'must include natural-resources' },
      { field: '/body/participants', message: 'must include civil-air-defence' },
    ])
  })

  it('a public-notice period stops the case clock where the limit does not count it (Shanwei); elsewhere refused', () => {
    const shanwei = acceptanceConfig(loadCatalogue('441500'), 'social-simple-low-risk')
    const open = ok(
      openCase(
        openInput({
          project: { projectId: PROJECT, projectType: 'social-simple-low-risk', region: '441500', owner: OWNER },
          ...(shanwei ? { configured: shanwei } : {}),
        }),
      ),
    ).case
    const participants = [...new Set(open.items.map((i) => i.department))]
    const notice = {
      date: '2026-03-05',
      place: 's',
      participants,
      publicNotice: { from: '2026-03-03', to: '2026-03-09' },
    }
    // Foshan's 8 W count every working day (004:2169): a notice there would move the legal due day.
    const foshan = scheduleInspection(opened(), lead, { ...notice, participants: ALL_DEPTS }, at('2026-03-03'))
    expect(codeOf(foshan)).toBe('ACCEPTANCE_INSPECTION_INVALID')
    expect(foshan.ok ? [] : foshan.error.details?.['errors']).toEqual([
      { field: '/body/publicNotice', message: "is not excluded from this case's clock" },
    ])
    const c = ok(scheduleInspection(open, lead, notice, at('2026-03-03'))).case
    expect(c.clock?.suspensions).toEqual([{ kind: 'public-notice', from: '2026-03-03', to: '2026-03-09' }])
  })

  it('refuses when nothing is pending (everything waits for the owner), and once decided', () => {
    const rest = passAllBut(scheduled(), [ITEMS.fire[0]])
    const waiting = ok(opine(rest, 'fire-acceptance-filing', 'rectify', 'housing-construction', ['x'])).case
    expect(waiting.status).toBe('rectifying')
    const again = { date: '2026-03-10', place: 's', participants: ALL_DEPTS }
    expect(codeOf(scheduleInspection(waiting, lead, again, at('2026-03-06')))).toBe('ACCEPTANCE_NOTHING_PENDING')
    const passed = passAllBut(scheduled())
    expect(codeOf(scheduleInspection(passed, lead, again, at('2026-03-06')))).toBe('ACCEPTANCE_CASE_DECIDED')
  })
})

describe('opinions, rectification and re-inspection', () => {
  it('消防 asks rectification → only that item is re-inspected in round 2 → passed once', () => {
    let c = passAllBut(scheduled(), [ITEMS.fire[0]])
    c = ok(opine(c, 'fire-acceptance-filing', 'rectify', 'housing-construction', ['exit signs missing'])).case
    expect(c.status).toBe('rectifying')
    expect(itemsOf(c)['fire-acceptance-filing']).toEqual(['rectify', 1])

    // Not in round 1 any more: the department cannot pass it before the owner rectifies and the lead re-inspects.
    expect(opine(c, 'fire-acceptance-filing', 'pass', 'housing-construction')).toEqual({
      ok: false,
      error: {
        code: 'ACCEPTANCE_ITEM_NOT_PENDING',
        message: expect.any(String),
        details: { item: 'fire-acceptance-filing', itemStatus: 'rectify', round: 1 },
      },
    })
    const r = ok(
      submitRectification(c, owner, { items: ['fire-acceptance-filing'], note: 'signs fitted' }, at('2026-03-06')),
    )
    expect(r.events.map((e) => e.event)).toEqual([{ type: 'rectification-submitted', note: 'signs fitted' }])
    c = r.case
    expect(c.status).toBe('rectifying')
    expect(codeOf(opine(c, 'fire-acceptance-filing', 'pass', 'housing-construction'))).toBe(
      'ACCEPTANCE_ITEM_NOT_PENDING',
    )

    // Round 2 needs only the fire department.
    c = ok(
      scheduleInspection(
        c,
        lead,
        { date: '2026-03-09', place: 'site', participants: ['housing-construction'] },
        at('2026-03-06'),
      ),
    ).case
    expect(c.inspection?.round).toBe(2)
    expect(itemsOf(c)).toEqual({
      'planning-condition-verification': ['passed', 1],
      'fire-acceptance-filing': ['pending', 2],
      'civil-air-defence-completion-filing': ['passed', 1],
      'completion-acceptance-filing': ['passed', 1],
    })
    expect(codeOf(opine(c, 'planning-condition-verification', 'pass', 'natural-resources'))).toBe(
      'ACCEPTANCE_NOT_A_PARTICIPANT',
    )
    const last = ok(opine(c, 'fire-acceptance-filing', 'pass', 'housing-construction'))
    expect(last.events.map((e) => [e.event.type, e.case.status, e.case.version])).toEqual([
      ['opinion-recorded', 'scheduled', c.version + 1],
      ['passed', 'passed', c.version + 2],
    ])
    expect(last.letter).toEqual({ region: '440600', year: '2026' })
    expect(numberLetter(last, 123).case.opinionNumber).toBe('LHYS-440600-2026-000123')
    expect(last.case.decidedAt).toBe('2026-03-05T02:00:00.000Z')
    expect(checkSnapshot.Check(last.case)).toBe(true)
    // Passed once: nothing more can be recorded.
    expect(codeOf(opine(last.case, 'fire-acceptance-filing', 'pass', 'housing-construction'))).toBe(
      'ACCEPTANCE_CASE_DECIDED',
    )
  })

  // The opinion's note joins its defects; it is a summary (the case carries each defect whole), cut to what an event
  // carries, so an opinion with the most defects a request may give is recorded, not failed on publish.
  it('records an opinion with as many defects as a request may carry, its note cut to what an event carries', () => {
    const defects = Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(2000, '缺'))
    const d = ok(opine(scheduled(), 'civil-air-defence-completion-filing', 'fail', 'civil-air-defence', defects))
    const recorded = d.events[0]?.event
    if (recorded?.type !== 'opinion-recorded') throw new Error(`no opinion recorded: ${JSON.stringify(recorded)}`)
    expect(recorded.note).toMatch(/…$/)
    expect(recorded.note).toHaveLength(MAX_TEXT)
    expect(SUMMARY_NOTE_MAX).toBe(MAX_TEXT)
    expect(d.case.items.find((i) => i.item === 'civil-air-defence-completion-filing')?.defects).toEqual(defects)
  })

  it('a fail fails the case at once', () => {
    const d = ok(opine(scheduled(), 'civil-air-defence-completion-filing', 'fail', 'civil-air-defence', ['no shelter']))
    expect(d.events.map((e) => e.event.type)).toEqual(['opinion-recorded', 'failed'])
    expect(d.case).toMatchObject({ status: 'failed', decidedAt: expect.any(String) })
    expect(d.case.opinionNumber).toBeUndefined()
    expect(d.letter).toBeUndefined()
  })

  it('an opinion that does not decide the case issues no letter', () => {
    const d = ok(opine(scheduled(), 'fire-acceptance-filing', 'rectify', 'housing-construction', ['x']))
    expect(d.letter).toBeUndefined()
    expect(ok(opine(scheduled(), 'fire-acceptance-filing', 'pass', 'housing-construction')).letter).toBeUndefined()
  })

  it("the letter's year is the year of the day it passed, in China", () => {
    const c = passAllBut(scheduled(), [ITEMS.fire[0]])
    // 00:30 on 1 January 2027 in Shanghai, still 2026 in UTC.
    const newYear = { at: '2026-12-31T16:30:00.000Z', today: '2027-01-01' }
    const d = ok(recordOpinion(c, reviewer('housing-construction'), { item: ITEMS.fire[0], opinion: 'pass' }, newYear))
    expect(d.letter).toEqual({ region: '440600', year: '2027' })
  })

  it.each([
    [
      'a department not taking part',
      scheduled(),
      'fire-acceptance-filing',
      reviewer('natural-resources'),
      'ACCEPTANCE_NOT_A_PARTICIPANT',
    ],
    [
      'a clerk',
      scheduled(),
      'fire-acceptance-filing',
      { sub: 'c', role: 'clerk', department: 'housing-construction' },
      'ACCEPTANCE_NOT_A_PARTICIPANT',
    ],
    [
      'before any inspection',
      opened(),
      'fire-acceptance-filing',
      reviewer('housing-construction'),
      'ACCEPTANCE_NOT_A_PARTICIPANT',
    ],
    ['an unknown item', scheduled(), 'mailbox', reviewer('housing-construction'), 'ACCEPTANCE_ITEM_UNKNOWN'],
  ] as const)('refuses %s', (_name, c, item, actor, code) => {
    expect(codeOf(recordOpinion(c, actor as Actor, { item, opinion: 'pass' }, at('2026-03-05')))).toBe(code)
  })

  it('the lead records its own item too, as a participant', () => {
    const d = ok(
      recordOpinion(scheduled(), lead, { item: 'fire-acceptance-filing', opinion: 'pass' }, at('2026-03-05')),
    )
    expect(itemsOf(d.case)['fire-acceptance-filing']).toEqual(['passed', 1])
  })

  it('不通过 states its reasons: a fail without any is refused naming /body/defects; with one it is recorded', () => {
    expect(refuseFailWithoutReasons({ opinion: 'fail' })).toMatchObject({
      ok: false,
      error: {
        code: 'ACCEPTANCE_FAIL_REASONS_REQUIRED',
        details: { errors: [{ field: '/body/defects', message: expect.any(String) }] },
      },
    })
    expect(refuseFailWithoutReasons({ opinion: 'fail', defects: [] }).ok).toBe(false)
    expect(refuseFailWithoutReasons({ opinion: 'fail', defects: ['人防工程未按图施工'] }).ok).toBe(true)
    expect(refuseFailWithoutReasons({ opinion: 'pass' }).ok).toBe(true)
    expect(codeOf(opine(scheduled(), 'civil-air-defence-completion-filing', 'fail', 'civil-air-defence'))).toBe(
      'ACCEPTANCE_FAIL_REASONS_REQUIRED',
    )
    const failed = ok(opine(scheduled(), 'civil-air-defence-completion-filing', 'fail', 'civil-air-defence', ['无']))
    expect(failed.case.items.find((i) => i.status === 'failed')?.defects).toEqual(['无'])
  })

  it('rectify without defects names /body/defects', () => {
    const d = opine(scheduled(), 'fire-acceptance-filing', 'rectify', 'housing-construction')
    expect(codeOf(d)).toBe('ACCEPTANCE_DEFECTS_REQUIRED')
    if (!d.ok) expect(d.error.details?.['errors']).toEqual([{ field: '/body/defects', message: expect.any(String) }])
  })

  it('rectification: only the owner, only items asked to rectify (named by index)', () => {
    const c = ok(opine(scheduled(), 'fire-acceptance-filing', 'rectify', 'housing-construction', ['x'])).case
    expect(codeOf(submitRectification(c, lead, { items: ['fire-acceptance-filing'] }, at('2026-03-06')))).toBe(
      'ACCEPTANCE_NOT_THE_OWNER',
    )
    const d = submitRectification(
      c,
      owner,
      { items: ['fire-acceptance-filing', 'completion-acceptance-filing'] },
      at('2026-03-06'),
    )
    expect(codeOf(d)).toBe('ACCEPTANCE_NOT_RECTIFYING')
    if (!d.ok) {
      expect(d.error.details?.['errors']).toEqual([
        { field: '/body/items/1', message: 'completion-acceptance-filing is pending, not asked to rectify' },
      ])
    }
  })

  it('a rectified item waits for the next round even while the current one still runs', () => {
    let c = ok(opine(scheduled(), 'fire-acceptance-filing', 'rectify', 'housing-construction', ['x'])).case
    expect(c.status).toBe('scheduled')
    c = ok(submitRectification(c, owner, { items: ['fire-acceptance-filing'] }, at('2026-03-06'))).case
    expect(itemsOf(c)['fire-acceptance-filing']).toEqual(['pending', 2])
    expect(codeOf(opine(c, 'fire-acceptance-filing', 'pass', 'housing-construction'))).toBe(
      'ACCEPTANCE_ITEM_NOT_PENDING',
    )
    c = passAllBut(c, [ITEMS.fire[0]])
    expect(c.status).toBe('rectifying')
  })
})

describe('properties', () => {
  const opinion = fc.constantFrom('pass' as const, 'rectify' as const, 'fail' as const)
  it('whatever the opinions, the version grows by one per event, passed or failed comes at most once, and every snapshot is valid', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...Object.values(ITEMS)), opinion, fc.boolean()), { maxLength: 20 }),
        (steps) => {
          let c = scheduled()
          let decided = 0
          let version = c.version
          for (const [[item, dept], op, rectifyNow] of steps) {
            const d = opine(c, item, op, dept, op === 'pass' ? undefined : ['d'])
            const next: Decision = d.ok
              ? d
              : rectifyNow && c.items.some((i) => i.status === 'rectify')
                ? submitRectification(
                    c,
                    owner,
                    { items: c.items.filter((i) => i.status === 'rectify').map((i) => i.item) },
                    at('2026-03-06'),
                  )
                : scheduleInspection(
                    c,
                    lead,
                    { date: '2026-03-09', place: 's', participants: ALL_DEPTS },
                    at('2026-03-06'),
                  )
            if (!next.ok) continue
            // A letter (and so a number taken) exactly when the change passes the case.
            expect(next.value.letter !== undefined).toBe(next.value.events.some((e) => e.event.type === 'passed'))
            for (const e of next.value.events) {
              version += 1
              expect(e.case.version).toBe(version)
              expect(checkSnapshot.Check(e.case)).toBe(true)
              if (e.event.type === 'passed' || e.event.type === 'failed') decided += 1
            }
            c = next.value.case
            expect(c.status).toBe(statusOf(c))
          }
          expect(decided).toBeLessThanOrEqual(1)
          expect(decided === 1).toBe(c.status === 'passed' || c.status === 'failed')
        },
      ),
    )
  })
})

describe('告知承诺: the later verification of an item passed on commitment', () => {
  const ARCHIVE = 'urban-construction-archive-acceptance'
  const archivist = reviewer('urban-construction-archive')
  const withArchive = {
    ...(industrial as NonNullable<typeof industrial>),
    items: [
      ...(industrial?.items ?? []),
      { item: ARCHIVE, department: 'urban-construction-archive', commitmentAllowed: true },
    ],
  }
  const committed = () => ok(openCase(openInput({ configured: withArchive, commitments: [ARCHIVE] }))).case
  const archiveOf = (c: Case) => c.items.find((i) => i.item === ARCHIVE)
  const breach = {
    item: ARCHIVE,
    result: 'breached' as const,
    findings: ['as-built drawings missing from the archive'],
    measures: ['rectify' as const, 'bar-commitment' as const],
    rectifyBy: '2026-04-10',
    barredUntil: '2026-09-30',
  }

  it('kept: recorded once, by the item department, on the day, as one event; the case stays as it was', () => {
    const c = committed()
    const d = ok(verifyCommitment(c, archivist, { item: ARCHIVE, result: 'kept' }, at('2026-03-20'), calendar))
    expect(d.events.map((e) => e.event)).toEqual([{ type: 'commitment-kept', item: ARCHIVE }])
    expect(archiveOf(d.case)).toMatchObject({
      status: 'committed',
      verification: { result: 'kept', on: '2026-03-20', department: 'urban-construction-archive', by: archivist.sub },
    })
    expect(d.case).toMatchObject({ status: c.status, version: c.version + 1 })
    expect(checkSnapshot.Check(d.case)).toBe(true)
    expect(
      codeOf(verifyCommitment(d.case, archivist, { item: ARCHIVE, result: 'kept' }, at('2026-03-21'), calendar)),
    ).toBe('ACCEPTANCE_COMMITMENT_VERIFIED')
  })

  it('breached: the findings and every measure with its day are kept on the item', () => {
    const d = ok(verifyCommitment(committed(), archivist, breach, at('2026-03-20'), calendar))
    expect(d.events).toHaveLength(1)
    expect(d.events[0]?.event).toMatchObject({ type: 'commitment-breached', item: ARCHIVE })
    expect(archiveOf(d.case)?.verification).toEqual({
      result: 'breached',
      on: '2026-03-20',
      department: 'urban-construction-archive',
      by: archivist.sub,
      findings: breach.findings,
      measures: breach.measures,
      rectifyBy: '2026-04-10',
      barredUntil: '2026-09-30',
    })
  })

  it.each([
    [
      'another department',
      reviewer('natural-resources'),
      { item: ARCHIVE, result: 'kept' },
      'ACCEPTANCE_NOT_THE_DEPARTMENT',
    ],
    ['the owner', owner, { item: ARCHIVE, result: 'kept' }, 'ACCEPTANCE_NOT_THE_DEPARTMENT'],
    ['an unknown item', archivist, { item: 'mailbox', result: 'kept' }, 'ACCEPTANCE_ITEM_UNKNOWN'],
    [
      'an item inspected, not committed',
      reviewer('natural-resources'),
      { item: ITEMS.planning[0], result: 'kept' },
      'ACCEPTANCE_NOT_COMMITTED',
    ],
  ] as const)('refuses %s', (_, actor, body, code) => {
    expect(codeOf(verifyCommitment(committed(), actor, body, at('2026-03-20'), calendar))).toBe(code)
  })

  it('names every field a breach is missing or must not carry', () => {
    const fields = (body: object) => {
      const d = verifyCommitment(
        committed(),
        archivist,
        { item: ARCHIVE, ...body } as never,
        at('2026-03-20'),
        calendar,
      )
      if (d.ok) throw new Error('accepted')
      expect(d.error.code).toBe('ACCEPTANCE_VERIFICATION_INVALID')
      const errors = (d.error.details?.['errors'] ?? []) as Array<{ field: string }>
      return errors.map((e) => e.field)
    }
    expect(fields({ result: 'breached' })).toEqual(['/body/findings', '/body/measures'])
    expect(fields({ result: 'kept', findings: ['x'], measures: ['revoke'] })).toEqual([
      '/body/findings',
      '/body/measures',
    ])
    expect(fields({ result: 'breached', findings: ['x'], measures: ['rectify', 'bar-commitment'] })).toEqual([
      '/body/rectifyBy',
      '/body/barredUntil',
    ])
    expect(fields({ result: 'breached', findings: ['x'], measures: ['revoke'], rectifyBy: '2026-04-01' })).toEqual([
      '/body/rectifyBy',
    ])
    expect(fields({ ...breach, rectifyBy: '2026-03-19' })).toEqual(['/body/rectifyBy'])
  })

  // One rule with approval's 容缺 finding: a working day after today on the region's calendar, named once.
  it.each([
    ['today', '2026-03-20'],
    ['a Saturday', '2026-03-21'],
    ['a holiday (清明节, a Monday)', '2026-04-06'],
    ['in the past', '2026-03-19'],
  ])('refuses a rectify-by day that is %s, with one error line', (_, rectifyBy) => {
    const d = verifyCommitment(committed(), archivist, { ...breach, rectifyBy }, at('2026-03-20'), calendar)
    if (d.ok) throw new Error('accepted')
    expect(d.error.details?.['errors']).toEqual([
      { field: '/body/rectifyBy', message: 'is not a working day after today (2026-03-20)' },
    ])
  })

  it("refuses a rectify-by day the case's region rests though the nation works it", () => {
    const c = committed()
    const regional = defaultCalendar({
      overlays: [
        {
          region: c.region,
          name: 'test region',
          source: { title: 'test: a local rest day' },
          restDays: [{ name: 'local rest day', from: '2026-04-10', to: '2026-04-10' }],
        },
      ],
    })
    expect(verifyCommitment(c, archivist, breach, at('2026-03-20'), calendar).ok).toBe(true)
    const d = verifyCommitment(c, archivist, breach, at('2026-03-20'), regional)
    if (d.ok) throw new Error('accepted')
    expect(d.error.details?.['errors']).toEqual([
      { field: '/body/rectifyBy', message: 'is not a working day after today (2026-03-20)' },
    ])
  })

  it('reports an unverified commitment overdue the day after its verify-by day, once', () => {
    const c = committed()
    expect(archiveOf(c)?.verifyBy).toBe('2026-03-30')
    expect(reportOverdueCommitments(c, at('2026-03-30'))).toBeUndefined()
    const d = reportOverdueCommitments(c, at('2026-03-31'))
    expect(d?.events).toEqual([{ event: { type: 'commitment-overdue', item: ARCHIVE }, case: d?.case }])
    expect(archiveOf(d?.case as Case)?.verificationOverdueOn).toBe('2026-03-31')
    expect(d?.case.version).toBe(c.version + 1)
    expect(reportOverdueCommitments(d?.case as Case, at('2026-04-01'))).toBeUndefined()
    // Verified late, it is still recorded: the overdue report does not close the item.
    const late = ok(
      verifyCommitment(d?.case as Case, archivist, { item: ARCHIVE, result: 'kept' }, at('2026-04-02'), calendar),
    )
    expect(archiveOf(late.case)).toMatchObject({
      verificationOverdueOn: '2026-03-31',
      verification: { on: '2026-04-02' },
    })
  })

  it('nothing is overdue once verified in time, nor in a failed case', () => {
    const kept = ok(
      verifyCommitment(committed(), archivist, { item: ARCHIVE, result: 'kept' }, at('2026-03-27'), calendar),
    ).case
    expect(commitmentsOverdueOn(kept, '2027-01-01')).toEqual([])
    expect(commitmentsOverdueOn({ ...committed(), status: 'failed' }, '2027-01-01')).toEqual([])
  })

  it('an owner barred from 告知承诺 may still apply, but not on commitment', () => {
    const barred = { caseId: CASE, item: ARCHIVE, until: '2026-09-30' }
    const refused = openCase(openInput({ configured: withArchive, commitments: [ARCHIVE], barred }))
    expect(codeOf(refused)).toBe('ACCEPTANCE_COMMITMENT_BARRED')
    expect(refused.ok ? undefined : refused.error.details?.['errors']).toEqual([
      { field: '/body/commitments', message: 'is barred until 2026-09-30' },
    ])
    expect(codeOf(openCase(openInput({ configured: withArchive, barred })))).toBe('ok')
  })

  it('an owner on the dishonesty list (失信, 004:2235) may still apply, but not on commitment, naming the field', () => {
    const refused = openCase(openInput({ configured: withArchive, commitments: [ARCHIVE], ownerDishonest: true }))
    expect(codeOf(refused)).toBe('ACCEPTANCE_OWNER_ON_DISHONESTY_LIST')
    expect(refused.ok ? undefined : refused.error.details?.['errors']).toEqual([
      { field: '/body/commitments', message: 'may not be chosen by an owner on the dishonesty list' },
    ])
    expect(codeOf(openCase(openInput({ configured: withArchive, ownerDishonest: true })))).toBe('ok')
    expect(
      codeOf(openCase(openInput({ configured: withArchive, commitments: [ARCHIVE], ownerDishonest: false }))),
    ).toBe('ok')
  })
})

describe('case clock alerts', () => {
  const clocks = { calendar: defaultCalendar(), yellowAt: 0.8 }
  const typesOf = (d: ReturnType<typeof raiseClockAlerts>) => d?.events.map((e) => e.event.type) ?? []

  it('raises yellow at the warning share and overdue after the due day, each once, recorded on the case', () => {
    const c = opened()
    expect(c.clock?.limit).toEqual({ value: 8, unit: 'W' })
    // 8 W from Monday 2 March: due Thursday 12 March; 7 of 8 used on Wednesday 11 March.
    expect(raiseClockAlerts(c, at('2026-03-10'), clocks)).toBeUndefined()
    const warned = raiseClockAlerts(c, at('2026-03-11'), clocks)
    expect(typesOf(warned)).toEqual(['clock-warned'])
    expect(warned?.case).toMatchObject({ clockAlerts: { warnedOn: '2026-03-11' }, version: c.version + 1 })
    expect(checkSnapshot.Check(warned?.case)).toBe(true)
    const w = warned?.case as Case
    expect(raiseClockAlerts(w, at('2026-03-12'), clocks)).toBeUndefined()
    const overdue = raiseClockAlerts(w, at('2026-03-13'), clocks)
    expect(typesOf(overdue)).toEqual(['clock-overdue'])
    expect(overdue?.events[0]?.event).toEqual({
      type: 'clock-overdue',
      note: 'due 2026-03-12, 9 of 8 W used',
      dueOn: '2026-03-12',
    })
    expect(raiseClockAlerts(overdue?.case as Case, at('2026-03-20'), clocks)).toBeUndefined()
  })

  it('found late, both are raised in order; a decided case or one without a clock raises none', () => {
    const both = raiseClockAlerts(opened(), at('2026-03-20'), clocks)
    expect(typesOf(both)).toEqual(['clock-warned', 'clock-overdue'])
    expect(both?.events.map((e) => e.case.version)).toEqual([2, 3])
    expect(raiseClockAlerts({ ...opened(), status: 'passed' }, at('2026-03-20'), clocks)).toBeUndefined()
    const { clock: _none, ...withoutClock } = opened()
    expect(raiseClockAlerts(withoutClock, at('2026-03-20'), clocks)).toBeUndefined()
  })
})

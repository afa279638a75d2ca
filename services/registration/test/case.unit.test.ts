import { type AcceptanceCaseSnapshot, type Actor, RegistrationCaseSnapshot } from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import type { Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import {
  acceptancePassed,
  type Case,
  type Ctx,
  caseNumberOf,
  complete,
  completionSurveyed,
  type Decision,
  numberCase,
  numberCertificate,
  opinionOf,
  passPreSurvey,
  raiseClockAlerts,
  snapshotOf,
  startPreSurvey,
} from '../src/domain/case.js'

const registrar: Actor = { sub: 'reg-1', role: 'registrar' }
const owner: Actor = { sub: 'owner-1', role: 'owner', creditCode: '91440600MA4UW8XL2K' }
const ctx = (today: string): Ctx => ({
  at: `${today}T02:00:00.000Z`,
  today,
  certificateId: '019a0000-0000-7000-8000-0000000000cc',
})

const acceptance = (fastTrack: boolean): Static<typeof AcceptanceCaseSnapshot> => ({
  caseId: '019a0000-0000-7000-8000-0000000000aa',
  projectId: '019a0000-0000-7000-8000-0000000000bb',
  projectType: 'industrial-land-with-scheme',
  region: '440600',
  owner: { name: 'Foshan Precision Works Ltd', creditCode: '91440600MA4UW8XL2K' },
  lead: 'housing-construction',
  status: 'open',
  items: [{ item: 'fire-acceptance-filing', department: 'housing-construction', status: 'pending', round: 0 }],
  registrationWithAcceptance: fastTrack,
  openedAt: '2026-03-02T02:00:00.000Z',
  version: 1,
  updatedAt: '2026-03-02T02:00:00.000Z',
})

const ok = (d: Decision) => {
  if (!d.ok) throw new Error(`rejected: ${d.error.code}`)
  return d.value
}
const types = (d: Decision) => (d.ok ? d.value.events.map((e) => e.event.type) : d.error.code)
const started = (fastTrack = false, passed = false): Case =>
  ok(
    startPreSurvey(
      {
        caseId: '019a0000-0000-7000-8000-0000000000dd',
        acceptance: acceptance(fastTrack),
        limit: { value: 3, unit: 'W' },
        passed,
      },
      ctx('2026-03-02'),
    ),
  ).case

describe('first registration after joint acceptance', () => {
  it('starts the pre-survey at version 1 with no clock yet', () => {
    const decision = startPreSurvey(
      { caseId: '019a0000-0000-7000-8000-0000000000dd', acceptance: acceptance(false) },
      ctx('2026-03-02'),
    )
    expect(types(decision)).toEqual(['pre-survey-started'])
    const d = ok(decision)
    expect(d.case).toMatchObject({ status: 'pre-survey', version: 1 })
    expect(d.case.clock).toBeUndefined()
  })

  it("takes its number from the caller: the region's next of the year, carried by the case and every event", () => {
    const checkSnapshot = Compile(RegistrationCaseSnapshot)
    // The completion survey's results and the pass arrived first: created, surveyed, opened and completed at once.
    const d = ok(
      startPreSurvey(
        {
          caseId: '019a0000-0000-7000-8000-0000000000dd',
          acceptance: acceptance(true),
          passed: true,
          surveys: [{ commissionId: '019a0000-0000-7000-8000-0000000000ee', results: [] }],
        },
        ctx('2026-03-02'),
      ),
    )
    expect(d.numbering).toEqual({ region: '440600', year: '2026' })
    expect(d.case.caseNumber).toBeUndefined()
    const numbered = numberCase(d, 7)
    expect(numbered.numbering).toBeUndefined()
    expect(numbered.case).toEqual({ ...d.case, caseNumber: 'DJ-440600-2026-000007' })
    expect(numbered.events.map((e) => [e.event.type, e.case.caseNumber])).toEqual([
      ['pre-survey-started', 'DJ-440600-2026-000007'],
      ['pre-survey-passed', 'DJ-440600-2026-000007'],
      ['opened', 'DJ-440600-2026-000007'],
      ['completed', 'DJ-440600-2026-000007'],
    ])
    expect(checkSnapshot.Check(snapshotOf(numbered.case))).toBe(true)
  })

  it('the pre-survey that used the completion survey names the surveying unit and when it finished, not its credit code', () => {
    const checkSnapshot = Compile(RegistrationCaseSnapshot)
    const survey = {
      commissionId: '019a0000-0000-7000-8000-0000000000ee',
      surveyor: { name: '佛山市示例测绘有限公司', creditCode: '91440604MA52ABC135' },
      completedAt: '2026-03-03T06:00:00.000Z',
      results: [{ item: 'planning-verification-survey' }, { item: 'floor-area-survey', areaM2: 15980.5 }],
    }
    const d = ok(completionSurveyed(started(), survey, ctx('2026-03-03')))
    expect(d.case.preSurveyBy).toEqual({
      commissionId: survey.commissionId,
      surveyor: '佛山市示例测绘有限公司',
      surveyedAt: '2026-03-03T06:00:00.000Z',
      floorAreaM2: 15980.5,
    })
    expect(d.events.map((e) => e.case.preSurveyBy?.surveyor)).toEqual(['佛山市示例测绘有限公司'])
    expect(checkSnapshot.Check(snapshotOf(d.case))).toBe(true)
    // A survey known before the unit was kept still names its commission and area.
    const bare = ok(
      completionSurveyed(started(), { commissionId: survey.commissionId, results: [] }, ctx('2026-03-03')),
    )
    expect(bare.case.preSurveyBy).toEqual({ commissionId: survey.commissionId })
  })

  it('竣工一幢、登记一幢: a completion survey passes the pre-survey of the building it measured, or of the whole project', () => {
    const checkSnapshot = Compile(RegistrationCaseSnapshot)
    const survey = (part?: string) => ({
      commissionId: '019a0000-0000-7000-8000-0000000000ee',
      ...(part === undefined ? {} : { part }),
      results: [{ item: 'floor-area-survey', areaM2: 8120.75 }],
    })
    const caseOf = (part?: string, carried?: ReturnType<typeof survey>) =>
      startPreSurvey(
        {
          caseId: '019a0000-0000-7000-8000-0000000000dd',
          acceptance: { ...acceptance(false), ...(part === undefined ? {} : { part }) },
          ...(carried ? { surveys: [carried] } : {}),
        },
        ctx('2026-03-02'),
      )
    const building = ok(caseOf('1号厂房')).case
    const whole = ok(caseOf()).case
    // Its own building's survey passes a building's case and names the building; another's or the whole's does not.
    const own = ok(completionSurveyed(building, survey('1号厂房'), ctx('2026-03-03')))
    expect(own.case).toMatchObject({
      status: 'pre-survey-passed',
      preSurveyBy: { part: '1号厂房', floorAreaM2: 8120.75 },
    })
    expect(checkSnapshot.Check(snapshotOf(own.case))).toBe(true)
    expect(types(completionSurveyed(building, survey('2号厂房'), ctx('2026-03-03')))).toEqual([])
    expect(types(completionSurveyed(building, survey(), ctx('2026-03-03')))).toEqual([])
    // The whole project's survey passes the whole project's case; a building's survey does not.
    expect(types(completionSurveyed(whole, survey(), ctx('2026-03-03')))).toEqual(['pre-survey-passed'])
    expect(types(completionSurveyed(whole, survey('1号厂房'), ctx('2026-03-03')))).toEqual([])
    // The survey the acceptance case carries (its building's, else the whole project's) is used on the same terms.
    expect(types(caseOf('1号厂房', survey('1号厂房')))).toEqual(['pre-survey-started', 'pre-survey-passed'])
    expect(types(caseOf('1号厂房', survey()))).toEqual(['pre-survey-started'])
    expect(types(caseOf(undefined, survey()))).toEqual(['pre-survey-started', 'pre-survey-passed'])
    // Among the surveys known when the case is created (the carried one, then those registration kept), its own
    // building's is used wherever it stands; none of its own, the case waits whatever the others measured.
    const among = (part: string | undefined, surveys: ReadonlyArray<ReturnType<typeof survey>>) =>
      ok(
        startPreSurvey(
          {
            caseId: '019a0000-0000-7000-8000-0000000000dd',
            acceptance: { ...acceptance(false), ...(part === undefined ? {} : { part }) },
            surveys,
          },
          ctx('2026-03-02'),
        ),
      ).case
    const kept = [
      survey(),
      survey('2号厂房'),
      { ...survey('1号厂房'), commissionId: '019a0000-0000-7000-8000-0000000000ef' },
    ]
    expect(among('1号厂房', kept)).toMatchObject({
      status: 'pre-survey-passed',
      preSurveyBy: { commissionId: '019a0000-0000-7000-8000-0000000000ef', part: '1号厂房' },
    })
    expect(among(undefined, kept.slice(1))).toMatchObject({ status: 'pre-survey' })
    expect(among(undefined, kept).preSurveyBy).toMatchObject({ commissionId: '019a0000-0000-7000-8000-0000000000ee' })
    expect(among('3号厂房', kept)).toMatchObject({ status: 'pre-survey' })
    expect(among('3号厂房', kept)).not.toHaveProperty('preSurveyBy')
  })

  it("the certificate's number, taken by the caller, is carried by the completed case and its completion alone", () => {
    const checkSnapshot = Compile(RegistrationCaseSnapshot)
    const number = '粤(2026)440600不动产权第0000042号'
    // 验收即发证, the pass first: the pre-survey's pass opens and completes the case in one change.
    const d = ok(passPreSurvey(started(true, true), registrar, ctx('2026-03-03')))
    expect(types({ ok: true, value: d })).toEqual(['pre-survey-passed', 'opened', 'completed'])
    const numbered = numberCertificate(d, number)
    expect(numbered.case).toEqual({ ...d.case, certificateNumber: number })
    expect(numbered.events.map((e) => [e.event.type, e.case.certificateNumber])).toEqual([
      ['pre-survey-passed', undefined],
      ['opened', undefined],
      ['completed', number],
    ])
    expect(checkSnapshot.Check(snapshotOf(numbered.case))).toBe(true)
    // A change that completes nothing takes no number.
    const passed = ok(passPreSurvey(started(), registrar, ctx('2026-03-03')))
    expect(numberCertificate(passed, number)).toBe(passed)
  })

  it("the case's year is the year of the day it was created, in China", () => {
    // 00:30 on 1 January 2027 in Shanghai, still 2026 in UTC.
    const newYear = { ...ctx('2027-01-01'), at: '2026-12-31T16:30:00.000Z' }
    const d = ok(
      startPreSurvey({ caseId: '019a0000-0000-7000-8000-0000000000dd', acceptance: acceptance(false) }, newYear),
    )
    expect(d.numbering).toEqual({ region: '440600', year: '2027' })
  })

  it('only creating the case takes a number: nothing that changes a case already numbered does', () => {
    const c = numberCase(
      ok(
        startPreSurvey(
          {
            caseId: '019a0000-0000-7000-8000-0000000000dd',
            acceptance: acceptance(false),
            limit: { value: 3, unit: 'W' },
          },
          ctx('2026-03-02'),
        ),
      ),
      1,
    ).case
    const survey = { commissionId: '019a0000-0000-7000-8000-0000000000ee', results: [] }
    const passed = ok(passPreSurvey(c, registrar, ctx('2026-03-03')))
    const opened = ok(acceptancePassed(passed.case, ctx('2026-03-04')))
    const completed = ok(complete(opened.case, registrar, {}, ctx('2026-03-05'), []))
    const alerted = raiseClockAlerts(opened.case, ctx('2026-03-20'), { calendar: defaultCalendar(), yellowAt: 0.8 })
    const changes = [ok(completionSurveyed(c, survey, ctx('2026-03-03'))), passed, opened, completed, alerted]
    expect(changes.map((d) => d?.events.length)).toEqual([1, 1, 1, 1, 2])
    for (const d of changes) {
      expect(d?.numbering).toBeUndefined()
      expect(d?.case.caseNumber).toBe('DJ-440600-2026-000001')
      expect(d?.events.every((e) => e.case.caseNumber === 'DJ-440600-2026-000001')).toBe(true)
    }
  })

  // given the pre-survey passed or not, the acceptance passed or not, and 验收即发证 or not: what follows
  it.each([
    { order: 'survey, then pass', fastTrack: false, expect: ['pre-survey-passed', 'opened'], status: 'open' },
    { order: 'pass, then survey', fastTrack: false, expect: ['pre-survey-passed', 'opened'], status: 'open' },
    {
      order: 'survey, then pass',
      fastTrack: true,
      expect: ['pre-survey-passed', 'opened', 'completed'],
      status: 'completed',
    },
    {
      order: 'pass, then survey',
      fastTrack: true,
      expect: ['pre-survey-passed', 'opened', 'completed'],
      status: 'completed',
    },
  ])('$order (fast track $fastTrack) → $status', ({ order, fastTrack, expect: events, status }) => {
    let c = started(fastTrack)
    const seen: string[] = []
    const steps =
      order === 'survey, then pass'
        ? [
            (x: Case) => passPreSurvey(x, registrar, ctx('2026-03-03')),
            (x: Case) => acceptancePassed(x, ctx('2026-03-05')),
          ]
        : [
            (x: Case) => acceptancePassed(x, ctx('2026-03-03')),
            (x: Case) => passPreSurvey(x, registrar, ctx('2026-03-05')),
          ]
    for (const step of steps) {
      const d = ok(step(c))
      seen.push(...d.events.map((e) => e.event.type))
      c = d.case
    }
    expect(seen).toEqual(events)
    expect(c.status).toBe(status)
    // The clock starts the day the case opened, with the step's limit.
    expect(c.clock).toEqual({ limit: { value: 3, unit: 'W' }, start: '2026-03-05', region: '440600', suspensions: [] })
    expect(c.version).toBe(1 + events.length)
    if (fastTrack)
      expect(c).toMatchObject({ certificateId: ctx('x').certificateId, completedAt: '2026-03-05T02:00:00.000Z' })
  })

  it('a pass that arrives before the start is kept on the new case', () => {
    const c = started(false, true)
    expect(c.acceptancePassedOn).toBe('2026-03-02')
    expect(types(passPreSurvey(c, registrar, ctx('2026-03-04')))).toEqual(['pre-survey-passed', 'opened'])
  })

  // 004:1816, 004:2169: the registrar sees which 联合验收意见书 the registration rests on, and the day it passed.
  const passedAcceptance = {
    ...acceptance(false),
    status: 'passed' as const,
    opinionNumber: 'LHYS-440600-2026-000042',
    // 2026-03-03 in China, still 03-02 in UTC: the pass day is China's.
    decidedAt: '2026-03-02T17:30:00.000Z',
  }
  it('the pass carries its opinion number and pass day onto the case and into the snapshot the next event carries', () => {
    const surveyed = ok(passPreSurvey(started(), registrar, ctx('2026-03-03'))).case
    expect(snapshotOf(surveyed).acceptanceOpinion).toBeUndefined()
    const d = ok(acceptancePassed(surveyed, ctx('2026-03-04'), opinionOf(passedAcceptance, ctx('2026-03-04'))))
    const opinion = { number: 'LHYS-440600-2026-000042', passedOn: '2026-03-03' }
    expect(d.case.acceptanceOpinion).toEqual(opinion)
    expect(d.events.map((e) => [e.event.type, snapshotOf(e.case).acceptanceOpinion])).toEqual([['opened', opinion]])
    expect(Compile(RegistrationCaseSnapshot).Check(snapshotOf(d.case))).toBe(true)
  })

  it('a pass that arrives before the start carries its opinion too; one without a number or decision day keeps the day it came', () => {
    const early = ok(
      startPreSurvey(
        { caseId: '019a0000-0000-7000-8000-0000000000dd', acceptance: passedAcceptance, passed: true },
        ctx('2026-03-04'),
      ),
    ).case
    expect(early.acceptanceOpinion).toEqual({ number: 'LHYS-440600-2026-000042', passedOn: '2026-03-03' })
    expect(opinionOf(acceptance(false), ctx('2026-03-05'))).toEqual({ passedOn: '2026-03-05' })
  })

  it('a second pass changes nothing', () => {
    const c = ok(acceptancePassed(started(), ctx('2026-03-03'))).case
    const again = ok(acceptancePassed(c, ctx('2026-03-04')))
    expect(again.events).toEqual([])
    expect(again.case).toBe(c)
  })

  it('completes an open case with the registrar’s unit code', () => {
    const open = ok(
      acceptancePassed(ok(passPreSurvey(started(), registrar, ctx('2026-03-03'))).case, ctx('2026-03-04')),
    ).case
    const d = ok(complete(open, registrar, { unitCode: '440600001001GB00001F00010001' }, ctx('2026-03-06'), []))
    expect(d.events.map((e) => e.event)).toEqual([{ type: 'completed', unitCode: '440600001001GB00001F00010001' }])
    expect(d.case.status).toBe('completed')
  })

  const open = () =>
    ok(acceptancePassed(ok(passPreSurvey(started(), registrar, ctx('2026-03-03'))).case, ctx('2026-03-04'))).case

  // 证照异议 (004:1134): an objection to a permit of the project, raised and not answered.
  const disputed = {
    objectionId: '019a0000-0000-7000-8000-0000000000f1',
    certificateId: '019a0000-0000-7000-8000-0000000000f2',
    certificateNumber: '440600-2026-SG-000001',
    certificateTitle: '建筑工程施工许可证',
    issuer: 'housing-construction',
    raisedBy: 'registration-office',
  }
  it('refuses to complete on a permit under an open objection, naming it, and completes once none is open', () => {
    const refused = complete(open(), registrar, {}, ctx('2026-03-05'), [
      disputed,
      { ...disputed, objectionId: 'x', raisedBy: 'natural-resources' },
    ])
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'REGISTRATION_CERTIFICATE_DISPUTED',
        details: {
          certificateNumbers: ['440600-2026-SG-000001'],
          objections: [
            {
              objectionId: disputed.objectionId,
              certificateNumber: '440600-2026-SG-000001',
              raisedBy: 'registration-office',
            },
            { objectionId: 'x', raisedBy: 'natural-resources' },
          ],
        },
      },
    })
    // Answered (no longer open), the permit no longer holds the case.
    expect(ok(complete(open(), registrar, {}, ctx('2026-03-05'), [])).case.status).toBe('completed')
  })
  it('weighs the objection after who acts and the case’s state: those refusals come first', () => {
    expect(types(complete(open(), owner, {}, ctx('2026-03-05'), [disputed]))).toBe('REGISTRATION_NOT_A_REGISTRAR')
    expect(types(complete(started(), registrar, {}, ctx('2026-03-03'), [disputed]))).toBe('REGISTRATION_CASE_NOT_OPEN')
  })
  it.each([
    [
      'an owner passes the pre-survey',
      () => passPreSurvey(started(), owner, ctx('2026-03-03')),
      'REGISTRATION_NOT_A_REGISTRAR',
    ],
    [
      'the pre-survey passes twice',
      () => passPreSurvey(open(), registrar, ctx('2026-03-05')),
      'REGISTRATION_PRE_SURVEY_NOT_RUNNING',
    ],
    [
      'completing during the pre-survey',
      () => complete(started(), registrar, {}, ctx('2026-03-03'), []),
      'REGISTRATION_CASE_NOT_OPEN',
    ],
    ['an owner completes', () => complete(open(), owner, {}, ctx('2026-03-05'), []), 'REGISTRATION_NOT_A_REGISTRAR'],
    [
      'a unit code of another region',
      () => complete(open(), registrar, { unitCode: '110000001001GB00001F00010001' }, ctx('2026-03-05'), []),
      'REGISTRATION_UNIT_CODE_REGION',
    ],
  ])('refuses: %s', (_name, run, code) => {
    expect(types(run())).toBe(code)
  })

  it("names the case's state when the state refuses the action (caseStatus: the problem's own status is HTTP's)", () => {
    expect(passPreSurvey(open(), registrar, ctx('2026-03-05'))).toMatchObject({
      ok: false,
      error: { code: 'REGISTRATION_PRE_SURVEY_NOT_RUNNING', details: { caseStatus: 'open' } },
    })
    expect(complete(started(), registrar, {}, ctx('2026-03-03'), [])).toMatchObject({
      ok: false,
      error: { code: 'REGISTRATION_CASE_NOT_OPEN', details: { caseStatus: 'pre-survey' } },
    })
  })

  it('registers the part joint acceptance accepted (验收一幢、登记一幢), carried by every event; none for the whole project', () => {
    const building = { ...acceptance(false), part: '1号厂房' }
    const d = ok(
      startPreSurvey(
        { caseId: '019a0000-0000-7000-8000-0000000000dd', acceptance: building, passed: true },
        ctx('2026-03-02'),
      ),
    )
    const opened = ok(passPreSurvey(d.case, registrar, ctx('2026-03-03')))
    const done = ok(complete(opened.case, registrar, {}, ctx('2026-03-04'), []))
    const events = [...d.events, ...opened.events, ...done.events]
    expect(events.map((e) => [e.event.type, snapshotOf(e.case).part])).toEqual([
      ['pre-survey-started', '1号厂房'],
      ['pre-survey-passed', '1号厂房'],
      ['opened', '1号厂房'],
      ['completed', '1号厂房'],
    ])
    for (const whole of [acceptance(true), { ...acceptance(true), part: '' }]) {
      const c = ok(
        startPreSurvey({ caseId: '019a0000-0000-7000-8000-0000000000dd', acceptance: whole }, ctx('2026-03-02')),
      )
      expect('part' in c.case).toBe(false)
    }
  })

  it('keeps its own fields out of the snapshot the events carry', () => {
    const s = snapshotOf(started(true, true))
    expect(Object.keys(s).sort()).toEqual([
      'acceptanceCaseId',
      'acceptanceOpinion',
      'caseId',
      'openedAt',
      'projectId',
      'status',
      'updatedAt',
      'version',
    ])
  })
})

describe('受理编号 (the case number)', () => {
  it('is DJ, the region, the year and the running number of six digits', () => {
    expect(caseNumberOf({ region: '440600', year: '2026' }, 123)).toBe('DJ-440600-2026-000123')
    expect(caseNumberOf({ region: '441500', year: '2027' }, 1)).toBe('DJ-441500-2027-000001')
    expect(caseNumberOf({ region: '440600', year: '2026' }, 999_999)).toBe('DJ-440600-2026-999999')
    // Past a million the number grows a digit rather than wrap.
    expect(caseNumberOf({ region: '440600', year: '2026' }, 1_000_000)).toBe('DJ-440600-2026-1000000')
  })

  it('is ASCII and read out digit by digit', () => {
    expect(caseNumberOf({ region: '440600', year: '2026' }, 42)).toMatch(/^DJ-\d{6}-\d{4}-\d{6}$/)
  })
})

describe('first-registration clock alerts', () => {
  const clocks = { calendar: defaultCalendar(), yellowAt: 0.8 }
  const checkSnapshot = Compile(RegistrationCaseSnapshot)
  const typesOf = (d: ReturnType<typeof raiseClockAlerts>) => d?.events.map((e) => e.event.type) ?? []
  /** Opened on Wednesday 4 March with 3 W: due Monday 9 March, 3 of 3 used that day (yellow), overdue the next. */
  const opened = () =>
    ok(acceptancePassed(ok(passPreSurvey(started(), registrar, ctx('2026-03-03'))).case, ctx('2026-03-04'))).case

  it('raises yellow at the warning share and overdue after the due day, each once, recorded on the case', () => {
    const c = opened()
    expect(c.clock).toMatchObject({ limit: { value: 3, unit: 'W' }, start: '2026-03-04' })
    expect(raiseClockAlerts(c, ctx('2026-03-06'), clocks)).toBeUndefined()
    const warned = raiseClockAlerts(c, ctx('2026-03-09'), clocks)
    expect(typesOf(warned)).toEqual(['clock-warned'])
    expect(warned?.case).toMatchObject({ clockAlerts: { warnedOn: '2026-03-09' }, version: c.version + 1 })
    expect(checkSnapshot.Check(snapshotOf(warned?.case as Case))).toBe(true)
    const w = warned?.case as Case
    expect(raiseClockAlerts(w, ctx('2026-03-09'), clocks)).toBeUndefined()
    const overdue = raiseClockAlerts(w, ctx('2026-03-10'), clocks)
    expect(typesOf(overdue)).toEqual(['clock-overdue'])
    expect(overdue?.events[0]?.event).toEqual({
      type: 'clock-overdue',
      note: 'due 2026-03-09, 4 of 3 W used',
      dueOn: '2026-03-09',
    })
    expect(overdue?.case.clockAlerts).toEqual({ warnedOn: '2026-03-09', overdueOn: '2026-03-10' })
    expect(raiseClockAlerts(overdue?.case as Case, ctx('2026-03-20'), clocks)).toBeUndefined()
  })

  it('a lower warning share turns it yellow earlier', () => {
    expect(typesOf(raiseClockAlerts(opened(), ctx('2026-03-06'), { ...clocks, yellowAt: 0.5 }))).toEqual([
      'clock-warned',
    ])
  })

  it('found late, both are raised in order; a completed case, or one not open yet, raises none', () => {
    const c = opened()
    const both = raiseClockAlerts(c, ctx('2026-03-20'), clocks)
    expect(typesOf(both)).toEqual(['clock-warned', 'clock-overdue'])
    expect(both?.events.map((e) => e.case.version)).toEqual([c.version + 1, c.version + 2])
    const completed = ok(complete(c, registrar, {}, ctx('2026-03-05'), [])).case
    expect(raiseClockAlerts(completed, ctx('2026-03-20'), clocks)).toBeUndefined()
    // 验收即发证: opened and completed in the same breath, its clock never ran.
    const fastTracked = ok(passPreSurvey(started(true, true), registrar, ctx('2026-03-03'))).case
    expect(fastTracked.status).toBe('completed')
    expect(raiseClockAlerts(fastTracked, ctx('2026-03-20'), clocks)).toBeUndefined()
    expect(raiseClockAlerts(started(), ctx('2026-03-20'), clocks)).toBeUndefined()
  })

  it('an open case whose acceptance pass was revoked (撤销) raises none: it completes nothing', () => {
    const c = opened()
    const revoked: Case = {
      ...c,
      acceptanceResults: { results: [], passRevoked: { item: 'fire-acceptance-filing', on: '2026-03-05' } },
    }
    expect(revoked.status).toBe('open')
    expect(raiseClockAlerts(revoked, ctx('2026-03-20'), clocks)).toBeUndefined()
  })
})

import { loadCatalogue } from '@onewindow/catalogue'
import { AcceptanceCaseSnapshot, type Actor } from '@onewindow/contracts'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import { acceptanceConfig } from '../src/catalogue.js'
import {
  type Case,
  type Changed,
  type Decision,
  filingNumberOf,
  numberFiling,
  numberLetter,
  type OpenInput,
  openCase,
  recordOpinion,
  recordResult,
  scheduleInspection,
} from '../src/domain/case.js'
import { caseEventRow } from '../src/events.js'

// 竣工验收备案表 (Foshan, 004:2279): after the on-site pass each department records its 结果物; the last one issues the
// filing form once, only where the letter is the filing.

const PROJECT = '0190a000-0000-7000-8000-000000000002'
const OWNER = { name: 'Foshan Works Ltd', creditCode: '91440600MA4UW8XL2K' }
const owner: Actor = { sub: 'owner-1', role: 'owner', creditCode: OWNER.creditCode }
const lead: Actor = { sub: 'lead-1', role: 'lead', department: 'housing-construction' }
const reviewer = (department: string): Actor => ({ sub: `reviewer-${department}`, role: 'reviewer', department })
const at = (day: string) => ({ at: `${day}T02:00:00.000Z`, today: day })
const checkSnapshot = Compile(AcceptanceCaseSnapshot)

const ITEMS = [
  ['planning-condition-verification', 'natural-resources', '规划条件核实合格证'],
  ['fire-acceptance-filing', 'housing-construction', '消防验收备案凭证'],
  ['civil-air-defence-completion-filing', 'civil-air-defence', '人防工程竣工验收备案表'],
  ['completion-acceptance-filing', 'housing-construction', '工程质量竣工验收监督报告'],
] as const

function ok(d: Decision): Changed {
  if (!d.ok) throw new Error(`refused: ${d.error.code} ${d.error.message}`)
  return d.value
}
const codeOf = (d: Decision) => (d.ok ? 'ok' : d.error.code)

/** A case of `region`'s type passed on 2026-03-05 with its letter numbered 7. */
function passed(region: '440600' | '441500', projectType: string): Case {
  const configured = acceptanceConfig(loadCatalogue(region), projectType)
  if (!configured) throw new Error(`no acceptance for ${projectType} in ${region}`)
  const input: OpenInput = {
    caseId: '0190a000-0000-7000-8000-0000000000c1',
    actor: owner,
    project: { projectId: PROJECT, projectType, region, owner: OWNER },
    configured,
    approvedItems: ['construction-permit'],
    ...at('2026-03-02'),
    verifyBy: '2026-03-30',
  }
  let c = ok(openCase(input)).case
  const participants = [...new Set(c.items.map((i) => i.department))]
  c = ok(scheduleInspection(c, lead, { date: '2026-03-05', place: 'site', participants }, at('2026-03-03'))).case
  let last: Changed | undefined
  for (const i of c.items) {
    last = ok(recordOpinion(c, reviewer(i.department), { item: i.item, opinion: 'pass' }, at('2026-03-05')))
    c = last.case
  }
  if (!last?.letter) throw new Error('the last pass issues no letter')
  return numberLetter(last, 7).case
}

const foshanPassed = () => passed('440600', 'industrial-land-with-scheme')
const result = (item: string, name: string, issuedOn = '2026-03-09') => ({
  item,
  name,
  number: `FS-${item.length}-001`,
  issuedOn,
})

/** Records every item's result but those listed, numbering each change as the service does. */
function recordAll(c: Case, except: readonly string[] = [], day = '2026-03-10'): Changed[] {
  const changes: Changed[] = []
  let now = c
  for (const [item, department, name] of ITEMS) {
    if (except.includes(item) || !now.items.some((i) => i.item === item)) continue
    const d = numberFiling(ok(recordResult(now, reviewer(department), result(item, name), at(day))), 42)
    changes.push(d)
    now = d.case
  }
  return changes
}

describe('recordResult and the 竣工验收备案表 (Foshan, 004:2279)', () => {
  it('issues the form once, with the last result: its own number, the letter it follows, every item with its result', () => {
    const c = foshanPassed()
    expect(c).toMatchObject({ status: 'passed', opinionIsFiling: true, opinionNumber: 'LHYS-440600-2026-000007' })
    const changes = recordAll(c)
    expect(changes.map((d) => d.events.map((e) => e.event.type))).toEqual([
      ['result-recorded'],
      ['result-recorded'],
      ['result-recorded'],
      ['result-recorded', 'filing-issued'],
    ])
    // Only the last change issues it, and it alone asks for a number.
    expect(changes.slice(0, 3).every((d) => d.case.filingForm === undefined)).toBe(true)
    const last = changes.at(-1) as Changed
    expect(last.filing).toBeUndefined()
    expect(last.case.filingForm).toEqual({ number: 'JGBA-440600-2026-000042', issuedOn: '2026-03-10' })
    expect(last.case.opinionNumber).toBe('LHYS-440600-2026-000007')
    expect(last.case.items.map((i) => [i.item, i.department, i.result?.name, i.result?.recordedBy])).toEqual(
      ITEMS.map(([item, department, name]) => [item, department, name, `reviewer-${department}`]),
    )
    // The result-recorded event's case has no form yet; the filing-issued event's has it.
    expect(last.events[0]?.case.filingForm).toBeUndefined()
    expect(last.events[1]?.case.filingForm?.number).toBe('JGBA-440600-2026-000042')
    expect(last.events.map((e) => e.case.version)).toEqual([c.version + 4, c.version + 5])
    for (const e of last.events) expect(checkSnapshot.Check(caseEventRow(e.event, e.case, 'x').body['case'])).toBe(true)
  })

  it('issues nothing while a result is missing', () => {
    const changes = recordAll(foshanPassed(), ['civil-air-defence-completion-filing'])
    expect(changes).toHaveLength(3)
    expect(changes.every((d) => d.filing === undefined && d.case.filingForm === undefined)).toBe(true)
    expect(changes.flatMap((d) => d.events.map((e) => e.event.type))).not.toContain('filing-issued')
  })

  it('never twice: a result is recorded once per item, and a case with its form issues no other', () => {
    const issued = (recordAll(foshanPassed()).at(-1) as Changed).case
    const again = recordResult(issued, reviewer('natural-resources'), result(ITEMS[0][0], 'x'), at('2026-03-11'))
    expect(codeOf(again)).toBe('ACCEPTANCE_RESULT_RECORDED')
    // Even a case whose items all have results issues no second form once it has one.
    const { result: _, ...bare } = issued.items[0] as Case['items'][number]
    const reopened: Case = { ...issued, items: [bare, ...issued.items.slice(1)] }
    const d = ok(recordResult(reopened, reviewer('natural-resources'), result(ITEMS[0][0], 'x'), at('2026-03-11')))
    expect(d.filing).toBeUndefined()
    expect(d.events.map((e) => e.event.type)).toEqual(['result-recorded'])
  })

  it('only where the letter is the filing: Shanwei records results and issues no form', () => {
    const c = passed('441500', 'social-simple-low-risk')
    expect(c.opinionIsFiling).toBeUndefined()
    let now = c
    for (const i of c.items) {
      const d = ok(recordResult(now, reviewer(i.department), result(i.item, 'doc'), at('2026-03-10')))
      expect(d.filing).toBeUndefined()
      expect(d.events.map((e) => e.event.type)).toEqual(['result-recorded'])
      now = d.case
    }
    expect(now.items.every((i) => i.result)).toBe(true)
    expect(now.filingForm).toBeUndefined()
  })

  it('only after the pass, by the item’s department, on a day between the pass and today', () => {
    const c = foshanPassed()
    const [item, department, name] = ITEMS[0]
    expect(
      codeOf(recordResult({ ...c, status: 'scheduled' }, reviewer(department), result(item, name), at('2026-03-10'))),
    ).toBe('ACCEPTANCE_CASE_NOT_PASSED')
    expect(codeOf(recordResult(c, reviewer('civil-air-defence'), result(item, name), at('2026-03-10')))).toBe(
      'ACCEPTANCE_NOT_THE_DEPARTMENT',
    )
    expect(codeOf(recordResult(c, owner, result(item, name), at('2026-03-10')))).toBe('ACCEPTANCE_NOT_THE_DEPARTMENT')
    expect(codeOf(recordResult(c, reviewer(department), result('no-such-item', name), at('2026-03-10')))).toBe(
      'ACCEPTANCE_ITEM_UNKNOWN',
    )
    const early = recordResult(c, reviewer(department), result(item, name, '2026-03-04'), at('2026-03-10'))
    expect(early.ok ? undefined : early.error).toMatchObject({
      code: 'ACCEPTANCE_RESULT_INVALID',
      details: { errors: [{ field: '/body/issuedOn' }] },
    })
    const future = recordResult(c, reviewer(department), result(item, name, '2026-03-11'), at('2026-03-10'))
    expect(codeOf(future)).toBe('ACCEPTANCE_RESULT_INVALID')
    expect(codeOf(recordResult(c, reviewer(department), result(item, name, '2026-03-05'), at('2026-03-05')))).toBe('ok')
  })

  it('numbers the form in its region-year sequence', () => {
    expect(filingNumberOf({ region: '440600', year: '2026' }, 123)).toBe('JGBA-440600-2026-000123')
  })
})

import { loadCatalogue } from '@onewindow/catalogue'
import { AcceptanceCaseSnapshot, type Actor } from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import { acceptanceConfig } from '../src/catalogue.js'
import {
  type Case,
  type Changed,
  type Decision,
  numberFiling,
  numberLetter,
  openCase,
  recordOpinion,
  recordResult,
  scheduleInspection,
  statusOf,
  verifyCommitment,
} from '../src/domain/case.js'

// 撤销 (004:1860 依法撤销许可): a 告知承诺 found breached after the pass, with the `revoke` measure, revokes the pass —
// and with it the letter that is the completion-acceptance filing (Foshan, 004:2279) and the 竣工验收备案表. Rectify
// and bar leave the pass standing.

const OWNER = { name: 'Foshan Works Ltd', creditCode: '91440600MA4UW8XL2K' }
const owner: Actor = { sub: 'owner-1', role: 'owner', creditCode: OWNER.creditCode }
const lead: Actor = { sub: 'lead-1', role: 'lead', department: 'housing-construction' }
const reviewer = (department: string): Actor => ({ sub: `reviewer-${department}`, role: 'reviewer', department })
const at = (day: string) => ({ at: `${day}T02:00:00.000Z`, today: day })
const calendar = defaultCalendar()
const checkSnapshot = Compile(AcceptanceCaseSnapshot)

const ARCHIVE = 'urban-construction-archive-acceptance'
const archivist = reviewer('urban-construction-archive')
const industrial = acceptanceConfig(loadCatalogue('440600'), 'industrial-land-with-scheme')
if (!industrial) throw new Error('no joint acceptance for the Foshan industrial type')
const withArchive = {
  ...industrial,
  opinionIsFiling: true,
  items: [...industrial.items, { item: ARCHIVE, department: 'urban-construction-archive', commitmentAllowed: true }],
}

function ok(d: Decision): Changed {
  if (!d.ok) throw new Error(`refused: ${d.error.code} ${d.error.message}`)
  return d.value
}

/** A Foshan case opened on 2 March, the archive item on commitment, nothing inspected yet. */
function opened(): Case {
  return ok(
    openCase({
      caseId: '0190a000-0000-7000-8000-0000000000c1',
      actor: owner,
      project: {
        projectId: '0190a000-0000-7000-8000-000000000002',
        projectType: 'industrial-land-with-scheme',
        region: '440600',
        owner: OWNER,
      },
      configured: withArchive,
      approvedItems: ['construction-permit'],
      commitments: [ARCHIVE],
      ...at('2026-03-02'),
      verifyBy: '2026-03-30',
    }),
  ).case
}

/** {@link opened}, every other item passed on 5 March: its letter numbered 7. */
function passed(): Case {
  let c = opened()
  const departments = [...new Set(c.items.filter((i) => i.status === 'pending').map((i) => i.department))]
  c = ok(
    scheduleInspection(c, lead, { date: '2026-03-05', place: 'site', participants: departments }, at('2026-03-03')),
  ).case
  for (const i of c.items.filter((x) => x.status === 'pending')) {
    const d = ok(recordOpinion(c, reviewer(i.department), { item: i.item, opinion: 'pass' }, at('2026-03-05')))
    c = numberLetter(d, 7).case
  }
  expect(c).toMatchObject({ status: 'passed', opinionNumber: 'LHYS-440600-2026-000007' })
  return c
}

/** Every item's 结果物 recorded on 6 March, the last issuing the form, numbered 3. */
function filed(c: Case, except: readonly string[] = []): Case {
  let now = c
  for (const i of c.items.filter((x) => !except.includes(x.item))) {
    const d = ok(
      recordResult(
        now,
        reviewer(i.department),
        { item: i.item, name: '结果文书', number: `R-${i.item}`, issuedOn: '2026-03-06' },
        at('2026-03-06'),
      ),
    )
    now = numberFiling(d, 3).case
  }
  return now
}

const breach = (measures: Array<'rectify' | 'revoke' | 'bar-commitment'>) => ({
  item: ARCHIVE,
  result: 'breached' as const,
  findings: ['as-built drawings missing from the archive'],
  measures,
  ...(measures.includes('rectify') ? { rectifyBy: '2026-04-10' } : {}),
  ...(measures.includes('bar-commitment') ? { barredUntil: '2026-09-30' } : {}),
})

describe('撤销: a commitment breached after the pass, with the revoke measure', () => {
  it('revokes the pass, and with it the filing letter and the 竣工验收备案表: one more event, the numbers kept for the record', () => {
    const c = filed(passed())
    expect(c.filingForm).toEqual({ number: 'JGBA-440600-2026-000003', issuedOn: '2026-03-06' })
    const d = ok(verifyCommitment(c, archivist, breach(['revoke', 'bar-commitment']), at('2026-03-20'), calendar))
    expect(d.events.map((e) => e.event.type)).toEqual(['commitment-breached', 'pass-revoked'])
    expect(d.events[1]?.event).toMatchObject({ item: ARCHIVE })
    expect(d.case).toMatchObject({
      status: 'passed',
      version: c.version + 2,
      opinionNumber: c.opinionNumber,
      filingForm: c.filingForm,
      passRevoked: { item: ARCHIVE, department: 'urban-construction-archive', on: '2026-03-20', by: archivist.sub },
    })
    expect(d.events[0]?.case.passRevoked).toBeUndefined()
    expect(checkSnapshot.Check(d.case)).toBe(true)
  })

  it('takes no more 结果物 after, so no 竣工验收备案表 is issued: ACCEPTANCE_PASS_REVOKED naming the revocation', () => {
    const c = passed()
    const partly = filed(c, [ARCHIVE])
    expect(partly.filingForm).toBeUndefined()
    const revoked = ok(verifyCommitment(partly, archivist, breach(['revoke']), at('2026-03-20'), calendar)).case
    const last = recordResult(
      revoked,
      archivist,
      { item: ARCHIVE, name: '城建档案验收意见', number: 'R-archive', issuedOn: '2026-03-20' },
      at('2026-03-20'),
    )
    expect(last).toEqual({
      ok: false,
      error: {
        code: 'ACCEPTANCE_PASS_REVOKED',
        message: expect.stringContaining('2026-03-20'),
        details: { item: ARCHIVE, passRevoked: { item: ARCHIVE, on: '2026-03-20' } },
      },
    })
  })

  it('refuses the result of an item other than the revoked one too: the whole pass is gone', () => {
    const c = passed()
    const revoked = ok(verifyCommitment(c, archivist, breach(['revoke']), at('2026-03-20'), calendar)).case
    const other = revoked.items.find((i) => i.item !== ARCHIVE)
    if (!other) throw new Error('no other item')
    const d = recordResult(
      revoked,
      reviewer(other.department),
      { item: other.item, name: '结果文书', number: 'R-other', issuedOn: '2026-03-20' },
      at('2026-03-20'),
    )
    expect(d.ok ? undefined : d.error.code).toBe('ACCEPTANCE_PASS_REVOKED')
    // The department check comes first: another department is told it is not its item, not about the case.
    const stranger = recordResult(
      revoked,
      archivist,
      { item: other.item, name: '结果文书', number: 'R-other', issuedOn: '2026-03-20' },
      at('2026-03-20'),
    )
    expect(stranger.ok ? undefined : stranger.error.code).toBe('ACCEPTANCE_NOT_THE_DEPARTMENT')
  })

  it.each([
    ['rectify', breach(['rectify'])],
    ['bar-commitment', breach(['bar-commitment'])],
  ])('leaves the pass standing with %s alone', (_, body) => {
    const c = filed(passed())
    const d = ok(verifyCommitment(c, archivist, body, at('2026-03-20'), calendar))
    expect(d.events.map((e) => e.event.type)).toEqual(['commitment-breached'])
    expect(d.case.passRevoked).toBeUndefined()
  })
})

describe('撤销 before the pass: a commitment breached with the revoke measure while the case is undecided', () => {
  it('counts the committed item as failed', () => {
    const c = opened()
    const items = c.items.map((i) =>
      i.item === ARCHIVE
        ? {
            ...i,
            verification: {
              result: 'breached' as const,
              on: '2026-03-04',
              department: 'urban-construction-archive',
              by: archivist.sub,
              findings: ['x'],
              measures: ['revoke' as const],
            },
          }
        : i,
    )
    expect(statusOf({ ...c, items })).toBe('failed')
  })

  it('fails the case at once, so no later opinion passes it and no letter is issued on the revoked item', () => {
    const c = opened()
    const departments = [...new Set(c.items.filter((i) => i.status === 'pending').map((i) => i.department))]
    const scheduled = ok(
      scheduleInspection(c, lead, { date: '2026-03-05', place: 'site', participants: departments }, at('2026-03-03')),
    ).case
    const d = ok(verifyCommitment(scheduled, archivist, breach(['revoke']), at('2026-03-04'), calendar))
    expect(d.events.map((e) => e.event.type)).toEqual(['commitment-breached', 'failed'])
    expect(d.letter).toBeUndefined()
    expect(d.case).toMatchObject({ status: 'failed', decidedAt: at('2026-03-04').at })
    expect(d.case.passRevoked).toBeUndefined()
    expect(checkSnapshot.Check(d.case)).toBe(true)
    const next = scheduled.items.find((i) => i.status === 'pending')
    if (!next) throw new Error('no pending item')
    const opinion = recordOpinion(
      d.case,
      reviewer(next.department),
      { item: next.item, opinion: 'pass' },
      at('2026-03-05'),
    )
    expect(opinion.ok).toBe(false)
  })

  it.each([
    ['rectify', breach(['rectify'])],
    ['bar-commitment', breach(['bar-commitment'])],
  ])('leaves the undecided case open with %s alone', (_, body) => {
    const c = opened()
    const d = ok(verifyCommitment(c, archivist, body, at('2026-03-04'), calendar))
    expect(d.events.map((e) => e.event.type)).toEqual(['commitment-breached'])
    expect(d.case.status).toBe(c.status)
  })
})

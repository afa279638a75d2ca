import { describe, expect, it } from 'vitest'
import { commitmentRows, commitmentsOf, taskCommitmentsOf, taskDeficienciesOf } from '../src/domain/commitments.js'
import type { AcceptanceCase, TaskSnapshot } from '../src/domain/projectors.js'

const item = (code: string, department: string, extra: Partial<AcceptanceCase['items'][number]> = {}) => ({
  item: code,
  department,
  status: 'committed' as const,
  round: 0,
  verifyBy: '2026-03-30',
  ...extra,
})

const aCase = (caseId: string, items: AcceptanceCase['items'], over: Partial<AcceptanceCase> = {}): AcceptanceCase => ({
  caseId,
  projectId: '0190a000-0000-7000-8000-000000000002',
  projectType: 'social-simple-low-risk',
  region: '441500',
  owner: { name: 'Works', creditCode: '91441500MA51XY201H' },
  lead: 'housing-construction',
  status: 'passed',
  items,
  registrationWithAcceptance: false,
  openedAt: '2026-03-02T01:00:00.000Z',
  version: 2,
  updatedAt: '2026-03-02T01:00:00.000Z',
  ...over,
})

const verified = (result: 'kept' | 'breached') => ({
  verification: { result, on: '2026-03-20', department: 'archive', by: 'r' },
})

const cases = [
  aCase('c-2', [
    item('archive-2', 'archive', { verifyBy: '2026-03-20' }),
    { item: 'fire', department: 'fire', status: 'passed', round: 1 },
  ]),
  aCase('c-1', [item('archive-1', 'archive'), item('telecom', 'telecom', verified('breached'))]),
  aCase('c-3', [item('archive-3', 'archive', verified('kept'))]),
  aCase('c-4', [item('archive-4', 'archive', { verifyBy: '2026-01-01' })], { status: 'failed' }),
]

describe('commitmentsOf', () => {
  it('states each committed item on a day: due through its verify-by day, overdue after, or as verified', () => {
    const on = (today: string) => commitmentsOf(cases, today).map((c) => [c.item, c.state])
    expect(on('2026-03-20')).toEqual([
      ['archive-2', 'due'],
      ['archive-1', 'due'],
      ['telecom', 'breached'],
      ['archive-3', 'kept'],
    ])
    expect(on('2026-03-21')[0]).toEqual(['archive-2', 'overdue'])
    expect(
      on('2026-03-31')
        .filter(([, s]) => s === 'overdue')
        .map(([i]) => i),
    ).toEqual(['archive-2', 'archive-1'])
  })

  it('filters by department and state; a failed case has nothing left to verify', () => {
    expect(commitmentsOf(cases, '2026-03-21', { department: 'telecom' }).map((c) => c.item)).toEqual(['telecom'])
    expect(commitmentsOf(cases, '2026-03-21', { state: 'overdue' }).map((c) => c.caseId)).toEqual(['c-2'])
    expect(commitmentsOf(cases, '2027-01-01').some((c) => c.caseId === 'c-4')).toBe(false)
  })
})

describe('commitmentRows', () => {
  const id = (n: number) => `0190a000-0000-7000-8000-00000000010${n}`
  const readable = [
    aCase(id(2), [item('archive-2', 'archive', { verifyBy: '2026-03-20' })]),
    aCase(id(1), [item('archive-1', 'archive'), item('archive-0', 'archive', { verifyBy: '2026-03-10' })]),
  ]
  const bad = aCase(id(3), [item('archive-3', 'archive', { verifyBy: '2026-02-30' })])

  it('answers as commitmentsOf does, soonest verify-by day first across cases', () => {
    const rows = commitmentRows(readable, '2026-03-01')
    expect(rows.unreadable).toEqual([])
    expect(rows.views).toEqual(commitmentsOf(readable, '2026-03-01'))
    expect(rows.views.map((c) => c.item)).toEqual(['archive-0', 'archive-2', 'archive-1'])
  })

  it("sets a case it cannot read aside, named with the reader's department; the other cases answer", () => {
    const rows = commitmentRows([readable[0] as AcceptanceCase, bad, readable[1] as AcceptanceCase], '2026-03-01', {
      department: 'archive',
    })
    expect(rows.views.map((c) => c.item)).toEqual(['archive-0', 'archive-2', 'archive-1'])
    expect(rows.unreadable).toEqual([
      { kind: 'acceptance', id: id(3), reason: expect.stringContaining('/verifyBy'), department: 'archive' },
    ])
  })
})

describe('the provisional mark of a verify-by day', () => {
  const later = [aCase('c-5', [item('archive-5', 'archive', { verifyBy: '2027-01-11' })])]
  const task = {
    taskId: '0190a000-0000-7000-8000-000000000009',
    applicationId: '0190a000-0000-7000-8000-000000000008',
    projectId: '0190a000-0000-7000-8000-000000000002',
    item: 'engineering-planning-permit',
    department: 'natural-resources',
    commitment: { verifyBy: '2027-01-11' },
  } as TaskSnapshot

  it('is set while the day falls in a year with no published schedule, and lifted once the year is published', () => {
    const bundled = new Set([2024, 2025, 2026])
    expect(
      commitmentsOf([...cases, ...later], '2026-03-01', { years: bundled }).map((c) => [c.item, c.verifyByProvisional]),
    ).toEqual([
      ['archive-2', false],
      ['archive-1', false],
      ['telecom', false],
      ['archive-3', false],
      ['archive-5', true],
    ])
    expect(commitmentsOf(later, '2026-03-01', { years: new Set([...bundled, 2027]) })[0]?.verifyByProvisional).toBe(
      false,
    )
    expect(taskCommitmentsOf([task], '2026-12-14', { years: bundled }).views[0]?.verifyByProvisional).toBe(true)
    expect(taskCommitmentsOf([task], '2026-12-14', { years: new Set([2027]) }).views[0]?.verifyByProvisional).toBe(
      false,
    )
  })

  it("sets aside a task whose stored commitment cannot be read, and answers the others (approval's 告知承诺)", () => {
    const bad = {
      ...task,
      taskId: '0190a000-0000-7000-8000-00000000000a',
      department: 'housing-construction',
      commitment: { verifyBy: '2027-02-30' },
    } as TaskSnapshot
    const broken = { ...task, taskId: '0190a000-0000-7000-8000-00000000000b', commitment: { verifyBy: 42 } }
    const rows = taskCommitmentsOf([bad, task, broken as unknown as TaskSnapshot], '2026-12-14')
    expect(rows.views.map((v) => v.taskId)).toEqual([task.taskId])
    expect(rows.unreadable).toEqual([
      { kind: 'task', id: bad.taskId, reason: expect.any(String), department: 'housing-construction' },
      { kind: 'task', id: broken.taskId, reason: expect.any(String), department: 'natural-resources' },
    ])
  })

  it('is left out when no calendar is given', () => {
    expect(commitmentsOf(later, '2026-03-01')[0]).not.toHaveProperty('verifyByProvisional')
  })
})

describe('the approval stage’s 容缺后补 (004:1860)', () => {
  const owed = (material: string, promisedOn: string, finding?: object) => ({
    material,
    promisedOn,
    overdueOn: '2026-03-12',
    ...(finding ? { finding } : {}),
  })
  const task = {
    taskId: '0190a000-0000-7000-8000-000000000019',
    applicationId: '0190a000-0000-7000-8000-000000000018',
    projectId: '0190a000-0000-7000-8000-000000000002',
    item: 'planning-permit',
    department: 'natural-resources',
    status: 'revoked',
    deficiencies: [
      owed('site-plan', '2026-03-10', {
        result: 'breached',
        on: '2026-03-12',
        department: 'natural-resources',
        by: 'r',
        measures: ['revoke'],
      }),
      owed('land-deed', '2026-03-09'),
    ],
  } as unknown as TaskSnapshot

  it('lists each overdue material, oldest promised day first: overdue until found, breached with its finding', () => {
    const rows = taskDeficienciesOf([task], '2026-03-13')
    expect(rows.views.map((v) => [v.material, v.state, v.taskStatus])).toEqual([
      ['land-deed', 'overdue', 'revoked'],
      ['site-plan', 'breached', 'revoked'],
    ])
    expect(rows.views[1]?.finding?.measures).toEqual(['revoke'])
  })

  it('filters by the commitments’ state: overdue or breached; due and kept keep none', () => {
    expect(taskDeficienciesOf([task], '2026-03-13', { state: 'breached' }).views.map((v) => v.material)).toEqual([
      'site-plan',
    ])
    expect(taskDeficienciesOf([task], '2026-03-13', { state: 'overdue' }).views.map((v) => v.material)).toEqual([
      'land-deed',
    ])
    expect(taskDeficienciesOf([task], '2026-03-13', { state: 'kept' }).views).toEqual([])
  })

  it('sets aside a task whose stored deficiency cannot be read', () => {
    const bad = { ...task, taskId: '0190a000-0000-7000-8000-00000000001a', deficiencies: [owed('x', '2026-02-30')] }
    const rows = taskDeficienciesOf([bad as TaskSnapshot, task], '2026-03-13')
    expect(rows.views.map((v) => v.taskId)).toEqual([task.taskId, task.taskId])
    expect(rows.unreadable).toEqual([
      { kind: 'task', id: bad.taskId, reason: expect.any(String), department: 'natural-resources' },
    ])
  })
})

describe('整改 on the lists of findings (责令限期整改, 004:1860)', () => {
  const finding = {
    result: 'breached' as const,
    on: '2026-03-12',
    department: 'natural-resources',
    by: 'r',
    findings: ['退线不符'],
    measures: ['rectify' as const],
    rectifyBy: '2026-03-20',
  }
  const reported = {
    statement: '已整改',
    reportedOn: '2026-03-19',
    reportedAt: '2026-03-19T02:00:00.000Z',
    reportedBy: 'owner-1',
  }
  const committed = (rectification?: object) =>
    ({
      taskId: '0190a000-0000-7000-8000-000000000029',
      applicationId: '0190a000-0000-7000-8000-000000000028',
      projectId: '0190a000-0000-7000-8000-000000000002',
      item: 'planning-permit',
      department: 'natural-resources',
      status: 'approved',
      commitment: { verifyBy: '2026-03-30', verification: finding, ...(rectification ? { rectification } : {}) },
    }) as unknown as TaskSnapshot
  const rectificationOn = (t: TaskSnapshot, today: string) => taskCommitmentsOf([t], today).views[0]?.rectification

  it('says where a breach’s 整改 stands today, with its days, on the 告知承诺 list', () => {
    expect(rectificationOn(committed(), '2026-03-16')).toEqual({ state: 'owed', rectifyBy: '2026-03-20', reports: 0 })
    // Reported by the day and not yet reviewed: held off 逾期未整改 past it.
    expect(rectificationOn(committed({ reports: [reported] }), '2026-03-23')).toEqual({
      state: 'reported',
      rectifyBy: '2026-03-20',
      reports: 1,
    })
    const wanting = { ...reported, review: { result: 'not-done', on: '2026-03-23', by: 'r', note: '仍不符' } }
    expect(rectificationOn(committed({ reports: [wanting], overdueOn: '2026-03-23' }), '2026-03-24')).toEqual({
      state: 'overdue',
      rectifyBy: '2026-03-20',
      reports: 1,
      overdueOn: '2026-03-23',
    })
    const escalation = { on: '2026-03-25', by: 'r', measures: ['revoke'] }
    expect(
      rectificationOn(committed({ reports: [wanting], overdueOn: '2026-03-23', escalation }), '2026-03-25'),
    ).toMatchObject({ state: 'overdue', escalation })
    const done = { ...reported, review: { result: 'done', on: '2026-03-24', by: 'r' } }
    expect(rectificationOn(committed({ reports: [done], doneOn: '2026-03-24' }), '2026-03-25')).toMatchObject({
      state: 'done',
      doneOn: '2026-03-24',
    })
    // A breach that ordered no 整改, and a commitment kept, carry none.
    const barred = committed()
    const noRectify = {
      ...barred,
      commitment: { verifyBy: '2026-03-30', verification: { ...finding, measures: ['revoke'], rectifyBy: undefined } },
    } as unknown as TaskSnapshot
    expect(taskCommitmentsOf([noRectify], '2026-03-25').views[0]).not.toHaveProperty('rectification')
  })

  it('says the same of a joint acceptance item’s 整改 on its 告知承诺 list, read on the same day', () => {
    const wanting = { ...reported, review: { result: 'not-done', on: '2026-03-23', by: 'r', note: '仍不符' } }
    const breachedItem = (rectification?: object) =>
      aCase('0190a000-0000-7000-8000-0000000000c9', [
        item('archive-9', 'archive', {
          verification: { ...finding, department: 'archive' },
          ...(rectification ? { rectification } : {}),
        } as Partial<AcceptanceCase['items'][number]>),
      ])
    const on = (c: AcceptanceCase, today: string) => commitmentsOf([c], today)[0]?.rectification
    expect(on(breachedItem(), '2026-03-16')).toEqual({ state: 'owed', rectifyBy: '2026-03-20', reports: 0 })
    expect(on(breachedItem({ reports: [reported] }), '2026-03-23')).toMatchObject({ state: 'reported', reports: 1 })
    expect(on(breachedItem({ reports: [wanting], overdueOn: '2026-03-23' }), '2026-03-24')).toEqual({
      state: 'overdue',
      rectifyBy: '2026-03-20',
      reports: 1,
      overdueOn: '2026-03-23',
    })
    // commitmentRows checks each view against its schema: the rectification is a field CommitmentView has.
    expect(commitmentRows([breachedItem({ reports: [reported] })], '2026-03-23').views[0]?.rectification?.state).toBe(
      'reported',
    )
    expect(
      commitmentsOf([aCase('c-8', [item('archive-8', 'archive', verified('breached'))])], '2026-03-25')[0],
    ).not.toHaveProperty('rectification')
  })

  it('says the same of a 容缺 finding’s 整改 on the 容缺后补 list', () => {
    const owedTask = {
      ...committed(),
      commitment: undefined,
      deficiencies: [
        { material: 'site-plan', promisedOn: '2026-03-10', overdueOn: '2026-03-11', finding },
        { material: 'land-deed', promisedOn: '2026-03-09', overdueOn: '2026-03-10' },
      ],
    } as unknown as TaskSnapshot
    const views = taskDeficienciesOf([owedTask], '2026-03-21').views
    expect(views.map((v) => [v.material, v.rectification?.state])).toEqual([
      ['land-deed', undefined],
      ['site-plan', 'overdue'],
    ])
  })
})

import { type ApplicationAcceptedV1, MAX_LIST, StepDecidedV1, TaskSnapshot } from '@onewindow/contracts'
import { defaultCalendar, evaluateClock } from '@onewindow/workdays'
import fc from 'fast-check'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { alertsDue } from '../src/domain/alerts.js'
import { answerNotice, joinNotice, withdrawNotice } from '../src/domain/notice.js'
import { closesOnRejection, decideWithdrawal, stepOutcome } from '../src/domain/step.js'
import {
  type Actor,
  decide,
  evolve,
  nationalStates,
  openTasks,
  type Task,
  type TaskCommand,
  type TaskEvent,
  type TaskStatus,
  toSnapshot,
} from '../src/domain/task.js'
import { stepDecidedRow } from '../src/events.js'

const APP = '0190a000-0000-7000-8000-000000000001'
const PROJECT = '0190a000-0000-7000-8000-000000000002'
const ids = ['0190a000-0000-7000-8000-0000000000a1', '0190a000-0000-7000-8000-0000000000a2']

const accepted = (over: Partial<ApplicationAcceptedV1> = {}): ApplicationAcceptedV1 => ({
  applicationId: APP,
  projectId: PROJECT,
  projectCode: '2026-441500-47-01-000001',
  stage: 'construction-permit',
  catalogueVersion: 'test',
  acceptedAt: '2026-03-02T01:00:00.000Z',
  acceptedOn: '2026-03-02',
  withDeficiencies: false,
  step: 'S2',
  region: '441500',
  items: [
    {
      item: 'planning-permit',
      department: 'natural-resources',
      statutoryLimit: { value: 20, unit: 'W' },
      committedLimit: { value: 5, unit: 'W' },
      specialProcedures: [{ kind: 'expert-review', limit: { value: 10, unit: 'W' } }],
    },
    { item: 'fire-review', department: 'housing-construction', committedLimit: { value: 4, unit: 'W' } },
  ],
  ...over,
})

// The bundled calendar: these cases are counted by hand on the published 2026 schedule.
const calendar = defaultCalendar()
const evolveOn = (task: Task, event: TaskEvent) => evolve(task, event, calendar)
const fresh = (over: Partial<ApplicationAcceptedV1> = {}) =>
  openTasks(accepted(over), ids, '2026-03-02T01:00:00.000Z', calendar)
const reviewer: Actor = { sub: 'r-1', role: 'reviewer', department: 'natural-resources' }
const opts = { at: '2026-03-03T02:00:00.000Z', today: '2026-03-03', supplementRounds: 1, calendar }

const commands: Record<string, TaskCommand> = {
  claim: { type: 'Claim', actor: reviewer },
  supplement: { type: 'RequestSupplement', actor: reviewer, materials: ['m1'], reason: 'r', suspensionId: 's-1' },
  provide: { type: 'ProvideSupplement', actor: 'owner-1' },
  spStart: { type: 'StartSpecialProcedure', actor: reviewer, kind: 'expert-review', suspensionId: 's-2' },
  spEnd: { type: 'EndSpecialProcedure', actor: reviewer },
  approve: { type: 'Approve', actor: reviewer, conditions: ['c'] },
  reject: { type: 'Reject', actor: reviewer, reason: 'no' },
  close: { type: 'Close', reason: 'another rejected' },
  withdraw: { type: 'Withdraw', reason: 'the owner changed the design', by: 'owner-1' },
  revoke: { type: 'Revoke', actor: reviewer, reason: 'false commitment', legalBasis: '行政许可法第六十九条' },
}

/** Applies commands in order, failing the test when one is refused. */
const run = (task: Task, names: string[], o = opts): Task =>
  names.reduce((t, name) => {
    const d = decide(t, commands[name] as TaskCommand, o)
    if (!d.ok) throw new Error(`${name} refused: ${d.error.code}`)
    return d.value.reduce(evolveOn, t)
  }, task)

const base = () => fresh().tasks[0] as Task
const inState: Record<TaskStatus, () => Task> = {
  assigned: base,
  claimed: () => run(base(), ['claim']),
  'supplement-requested': () => run(base(), ['claim', 'supplement']),
  'special-procedure': () => run(base(), ['claim', 'spStart']),
  approved: () => run(base(), ['claim', 'approve']),
  rejected: () => run(base(), ['claim', 'reject']),
  closed: () => run(base(), ['close']),
  withdrawn: () => run(base(), ['claim', 'withdraw']),
  revoked: () => run(base(), ['claim', 'approve', 'revoke']),
}

// From each state, the commands it allows and the state and national code they lead to.
const allowed: Record<TaskStatus, Record<string, [TaskStatus, number]>> = {
  assigned: { claim: ['claimed', 8], close: ['closed', 13], withdraw: ['withdrawn', 14] },
  claimed: {
    supplement: ['supplement-requested', 6],
    spStart: ['special-procedure', 9],
    approve: ['approved', 11],
    reject: ['rejected', 13],
    close: ['closed', 13],
    withdraw: ['withdrawn', 14],
  },
  'supplement-requested': { provide: ['claimed', 7], close: ['closed', 13], withdraw: ['withdrawn', 14] },
  'special-procedure': { spEnd: ['claimed', 10], close: ['closed', 13], withdraw: ['withdrawn', 14] },
  approved: { revoke: ['revoked', 15] },
  rejected: {},
  closed: {},
  withdrawn: {},
  revoked: {},
}

// The refusals that are not a plain state conflict: a withdrawn application refuses everything with its own code,
// and a revoked permit is not revoked twice.
const refusalOf = (from: TaskStatus, cmd: string): string =>
  from === 'withdrawn'
    ? 'APPROVAL_APPLICATION_WITHDRAWN'
    : from === 'revoked' && cmd === 'revoke'
      ? 'APPROVAL_ALREADY_REVOKED'
      : 'APPROVAL_TASK_STATE_CONFLICT'

describe('the national state table', () => {
  it('has all fifteen 办理状态 codes with their Chinese names', () => {
    expect(Object.keys(nationalStates).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15])
    expect(nationalStates[3].zh).toBe('已受理')
    expect(nationalStates[12].zh).toBe('办结（容缺通过）')
  })
})

describe('openTasks', () => {
  it('opens one task per item, assigned with code 3, clocks from the acceptance day', () => {
    const { tasks, step } = fresh()
    expect(tasks.map((t) => [t.taskId, t.department, t.status, t.nationalCode, t.version])).toEqual([
      [ids[0], 'natural-resources', 'assigned', 3, 1],
      [ids[1], 'housing-construction', 'assigned', 3, 1],
    ])
    expect(tasks[0]?.clocks).toEqual({
      statutory: { limit: { value: 20, unit: 'W' }, start: '2026-03-02', region: '441500', suspensions: [] },
      committed: { limit: { value: 5, unit: 'W' }, start: '2026-03-02', region: '441500', suspensions: [] },
    })
    expect(tasks[1]?.clocks.statutory).toBeUndefined()
    expect(tasks[0]?.dueOn).toBe('2026-03-09')
    expect(step).toMatchObject({ applicationId: APP, step: 'S2', withDeficiencies: false })
  })

  it("names a phase's tasks and its step decision after the phase (分阶段办理); a whole-step one names none", () => {
    const phase = { code: 'foundation-pit', name: '基坑围护', number: 1, count: 4 }
    const { tasks, step } = fresh({ phase })
    expect(tasks.map((t) => t.phase)).toEqual([phase, phase])
    expect(Value.Check(TaskSnapshot, toSnapshot(tasks[0] as Task))).toBe(true)
    const decided = tasks.map((t) => ({ ...t, decision: { outcome: 'approved' as const, decidedAt: opts.at } }))
    const row = stepDecidedRow(step, 'approved', decided as Task[], opts.at, opts.today)
    expect(row.body).toMatchObject({ step: 'S2', phase, outcome: 'approved' })
    const whole = fresh()
    expect(whole.tasks.every((t) => t.phase === undefined)).toBe(true)
    expect(stepDecidedRow(whole.step, 'approved', whole.tasks, opts.at, opts.today).body).not.toHaveProperty('phase')
  })

  it("names a unit work's tasks and its step decision after the building (按照单位工程); a whole-project one names none", () => {
    const { tasks, step } = fresh({ part: '1号楼' })
    expect(tasks.map((t) => t.part)).toEqual(['1号楼', '1号楼'])
    expect(Value.Check(TaskSnapshot, toSnapshot(tasks[0] as Task))).toBe(true)
    const decided = tasks.map((t) => ({ ...t, decision: { outcome: 'approved' as const, decidedAt: opts.at } }))
    expect(stepDecidedRow(step, 'approved', decided as Task[], opts.at, opts.today).body).toMatchObject({
      part: '1号楼',
      outcome: 'approved',
    })
    const whole = fresh()
    expect(whole.tasks.every((t) => t.part === undefined)).toBe(true)
    expect(stepDecidedRow(whole.step, 'approved', whole.tasks, opts.at, opts.today).body).not.toHaveProperty('part')
  })

  it('carries a rejected task’s reason on the step decision, so the owner is told it (行政许可法第三十八条第二款)', () => {
    const { tasks, step } = fresh()
    const [refused, approved] = tasks as [Task, Task]
    const decided = [
      { ...refused, decision: { outcome: 'rejected' as const, reason: '用地性质不符', decidedAt: opts.at } },
      { ...approved, decision: { outcome: 'approved' as const, reason: '同意', decidedAt: opts.at } },
    ]
    const row = stepDecidedRow(step, 'rejected', decided as Task[], opts.at, opts.today)
    expect(Value.Check(StepDecidedV1.schema, row.body)).toBe(true)
    expect((row.body as StepDecidedV1).tasks.map((t) => [t.outcome, t.reason])).toEqual([
      ['rejected', '用地性质不符'],
      ['approved', undefined],
    ])
  })
})

describe('decide/evolve', () => {
  const cases = (Object.keys(allowed) as TaskStatus[]).flatMap((from) =>
    Object.keys(commands).map((cmd) => ({ from, cmd, to: allowed[from][cmd] })),
  )
  it.each(cases)('$from + $cmd → $to', ({ from, cmd, to }) => {
    const task = inState[from]()
    const d = decide(task, commands[cmd] as TaskCommand, opts)
    if (!to) {
      expect(d.ok).toBe(false)
      if (!d.ok) {
        expect(d.error.code).toBe(refusalOf(from, cmd))
        if (d.error.code !== 'APPROVAL_ALREADY_REVOKED') {
          expect(d.error.details).toMatchObject({ taskStatus: from, nationalCode: task.nationalCode })
        }
      }
      return
    }
    expect(d.ok).toBe(true)
    if (!d.ok) return
    const next = d.value.reduce(evolveOn, task)
    expect([next.status, next.nationalCode]).toEqual(to)
    expect(next.version).toBe(task.version + 1)
  })

  it('approves as 办结（容缺通过）(12) when the application was accepted with deficiencies', () => {
    const task = run(fresh({ withDeficiencies: true }).tasks[0] as Task, ['claim', 'approve'])
    expect(task.nationalCode).toBe(12)
    expect(task.decision).toMatchObject({ outcome: 'approved', conditions: ['c'], decidedBy: 'r-1' })
  })

  it('refuses a reviewer of another department, or someone who is no reviewer', () => {
    for (const actor of [
      { sub: 'x', role: 'reviewer', department: 'water-supply' },
      { sub: 'x', role: 'clerk', department: 'natural-resources' },
    ]) {
      const d = decide(base(), { type: 'Claim', actor }, opts)
      expect(d.ok ? 'ok' : d.error.code).toBe('APPROVAL_NOT_YOUR_DEPARTMENT')
    }
  })

  it('records the claimant', () => {
    expect(inState.claimed().claimedBy).toBe('r-1')
  })

  it('stops every task clock for 补正 and resumes them without the suspended days', () => {
    const asked = run(base(), ['claim', 'supplement'], { ...opts, today: '2026-03-03' })
    expect(asked.clocks.committed?.suspensions).toEqual([{ id: 's-1', kind: 'supplement', from: '2026-03-03' }])
    expect(asked.clocks.statutory?.suspensions).toHaveLength(1)
    const answered = run(asked, ['provide'], { ...opts, today: '2026-03-05' })
    expect(answered.clocks.committed?.suspensions).toEqual([
      { id: 's-1', kind: 'supplement', from: '2026-03-03', to: '2026-03-05' },
    ])
    // 5 W from Monday 2 March is Monday 9 March; Tue–Thu not counted moves it three working days on.
    expect(answered.dueOn).toBe('2026-03-12')
    expect(answered.openSuspension).toBeUndefined()
  })

  // Each pause stays on the clock and the task's events carry at most MAX_LIST of them: one more is refused clearly,
  // where its event would have failed the command on publish (a 500). Only the kinds the item allows count here.
  it('refuses to pause a clock already paused as often as its events carry, and pauses one paused once fewer', () => {
    const claimed = run(base(), ['claim'])
    const pausedTimes = (n: number): Task => ({
      ...claimed,
      clocks: Object.fromEntries(
        Object.entries(claimed.clocks).map(([k, c]) => [
          k,
          c && {
            ...c,
            suspensions: Array.from({ length: n }, (_, i) => ({
              id: `p-${i}`,
              kind: 'expert-review' as const,
              from: '2026-03-02',
              to: '2026-03-02',
            })),
          },
        ]),
      ) as Task['clocks'],
    })
    for (const name of ['spStart', 'supplement']) {
      const full = decide(pausedTimes(MAX_LIST), commands[name] as TaskCommand, { ...opts, supplementRounds: 2 })
      expect(full.ok ? 'ok' : full.error.code).toBe('APPROVAL_TASK_PAUSES_EXHAUSTED')
      const room = pausedTimes(MAX_LIST - 1)
      const d = decide(room, commands[name] as TaskCommand, { ...opts, supplementRounds: 2 })
      if (!d.ok) throw new Error(`refused: ${d.error.code}`)
      const after = d.value.reduce(evolveOn, room)
      expect(after.clocks.committed?.suspensions).toHaveLength(MAX_LIST)
      expect([...Value.Errors(TaskSnapshot, toSnapshot(after))].map((e) => e.instancePath)).toEqual([])
    }
  })

  it('allows one 补正 round per task by default, and more when configured', () => {
    const back = run(base(), ['claim', 'supplement', 'provide'])
    const d = decide(back, commands['supplement'] as TaskCommand, opts)
    expect(d.ok ? 'ok' : d.error.code).toBe('APPROVAL_SUPPLEMENT_ROUNDS_EXHAUSTED')
    expect(decide(back, commands['supplement'] as TaskCommand, { ...opts, supplementRounds: 2 }).ok).toBe(true)
  })

  it('gives a special procedure the item’s own sub-limit unless the reviewer sets one', () => {
    const fromItem = run(base(), ['claim', 'spStart'])
    expect(fromItem.clocks.committed?.suspensions[0]).toMatchObject({
      kind: 'expert-review',
      limit: { value: 10, unit: 'W' },
    })
    const claimed = inState.claimed()
    const d = decide(
      claimed,
      { ...(commands['spStart'] as TaskCommand & { type: 'StartSpecialProcedure' }), limit: { value: 2, unit: 'W' } },
      opts,
    )
    expect(d.ok).toBe(true)
    if (d.ok)
      expect(d.value.reduce(evolveOn, claimed).clocks.committed?.suspensions[0]?.limit).toEqual({ value: 2, unit: 'W' })
  })

  // 后续事项 (004:1814, 004:1806): opened on the approved item's data with no application.
  it('refuses a follow-on a 补正 and a 特别程序, whatever its item allows, and decides it', () => {
    const followOnOf = { applicationId: APP, taskId: ids[0] as string, item: 'engineering-planning-permit' }
    const followOn = () =>
      run(openTasks(accepted(), ids, '2026-03-02T01:00:00.000Z', calendar, followOnOf).tasks[0] as Task, ['claim'])
    for (const [name, action] of [
      ['supplement', 'supplement'],
      ['spStart', 'special-procedure-start'],
    ] as const) {
      const d = decide(followOn(), commands[name] as TaskCommand, opts)
      expect(d.ok ? 'ok' : d.error).toMatchObject({
        code: 'APPROVAL_FOLLOW_ON_NO_APPLICATION',
        details: { action, errors: [{ field: '/body/action' }] },
      })
    }
    // Before it is claimed too: the reason is what the task is, not where it stands.
    const assigned = openTasks(accepted(), ids, '2026-03-02T01:00:00.000Z', calendar, followOnOf).tasks[0] as Task
    const early = decide(assigned, commands['supplement'] as TaskCommand, opts)
    expect(early.ok ? 'ok' : early.error.code).toBe('APPROVAL_FOLLOW_ON_NO_APPLICATION')
    expect(run(followOn(), ['approve']).status).toBe('approved')
    expect(run(followOn(), ['reject']).status).toBe('rejected')
  })

  it('a task closed by another department’s rejection is 办结（不通过）(13), not 撤回 (14)', () => {
    const closed = inState.closed()
    expect([closed.status, closed.nationalCode, closed.decision?.outcome]).toEqual(['closed', 13, 'closed'])
  })

  it('withdrawal (撤回, 14) stops the clocks on its day: an open 补正 or 特别程序 ends, the due date freezes', () => {
    const withdrawOn = { ...opts, at: '2026-03-05T02:00:00.000Z', today: '2026-03-05' }
    for (const path of [
      ['claim', 'supplement'],
      ['claim', 'spStart'],
    ]) {
      const open = run(base(), path)
      const withdrawn = run(open, ['withdraw'], withdrawOn)
      expect([withdrawn.status, withdrawn.nationalCode]).toEqual(['withdrawn', 14])
      expect(withdrawn.openSuspension).toBeUndefined()
      expect(withdrawn.clocks.committed?.suspensions.map((x) => x.to)).toEqual(['2026-03-05'])
      expect(withdrawn.clocks.statutory?.suspensions.map((x) => x.to)).toEqual(['2026-03-05'])
      expect(withdrawn.decision).toEqual({
        outcome: 'withdrawn',
        reason: 'the owner changed the design',
        decidedAt: '2026-03-05T02:00:00.000Z',
        decidedBy: 'owner-1',
      })
    }
    // Nothing more can be done on it, whoever asks.
    const withdrawn = inState.withdrawn()
    for (const name of Object.keys(commands)) {
      const d = decide(withdrawn, commands[name] as TaskCommand, opts)
      expect(d.ok ? 'ok' : d.error.code).toBe('APPROVAL_APPLICATION_WITHDRAWN')
    }
  })

  it('revocation (撤销, 15) keeps the approval it revokes and records why, on what basis, by whom and when', () => {
    const approved = run(base(), ['claim', 'approve'])
    const revoked = run(approved, ['revoke'], { ...opts, at: '2026-04-01T03:00:00.000Z', today: '2026-04-01' })
    expect([revoked.status, revoked.nationalCode]).toEqual(['revoked', 15])
    expect(revoked.decision).toEqual(approved.decision)
    expect(revoked.revocation).toEqual({
      reason: 'false commitment',
      legalBasis: '行政许可法第六十九条',
      revokedAt: '2026-04-01T03:00:00.000Z',
      revokedOn: '2026-04-01',
      revokedBy: 'r-1',
    })
    // Only the approving department revokes: another department's reviewer, or a clerk, is refused.
    for (const actor of [
      { sub: 'x', role: 'reviewer', department: 'water-supply' },
      { sub: 'x', role: 'supervisor' },
    ]) {
      const d = decide(approved, { ...(commands['revoke'] as TaskCommand & { type: 'Revoke' }), actor }, opts)
      expect(d.ok ? 'ok' : d.error.code).toBe('APPROVAL_NOT_YOUR_DEPARTMENT')
    }
  })

  it('closing a task in 补正 ends its suspension', () => {
    const closed = run(base(), ['claim', 'supplement', 'close'])
    expect(closed.clocks.committed?.suspensions[0]?.to).toBe(opts.today)
    expect(closed.decision?.outcome).toBe('closed')
  })

  it('property: the version grows by one per accepted command, whatever the sequence', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...Object.keys(commands)), { maxLength: 12 }), (names) => {
        let task = base()
        let accepted = 0
        for (const name of names) {
          const d = decide(task, commands[name] as TaskCommand, { ...opts, supplementRounds: 3 })
          if (!d.ok) continue
          task = d.value.reduce(evolveOn, task)
          accepted += 1
        }
        expect(task.version).toBe(1 + accepted)
        expect(nationalStates[task.nationalCode as keyof typeof nationalStates]).toBeDefined()
      }),
    )
  })
})

describe('补正 consolidation', () => {
  const fresh1 = { noticeId: '0190a000-0000-7000-8000-0000000000f1', applicationId: APP, projectId: PROJECT }
  const fresh2 = { ...fresh1, noticeId: '0190a000-0000-7000-8000-0000000000f2' }
  const request = (taskId: string, department: string, materials: string[]) => ({
    taskId,
    department,
    item: 'i',
    materials,
    reason: 'why',
    requestedOn: '2026-03-03',
  })

  it('joins a second department’s request into the open notice: one notice, version 2', () => {
    const first = joinNotice(undefined, request(ids[0] as string, 'a', ['m1']), fresh1, 't1')
    const second = joinNotice(first, request(ids[1] as string, 'b', ['m2']), fresh2, 't2')
    expect(second.noticeId).toBe(fresh1.noticeId)
    expect(second.version).toBe(2)
    expect(second.requests.map((r) => r.department)).toEqual(['a', 'b'])
  })

  it('opens a new notice once the last one was answered', () => {
    const first = joinNotice(undefined, request(ids[0] as string, 'a', ['m1']), fresh1, 't1')
    const answered = answerNotice(first, APP, [{ code: 'm1' }], 't2')
    expect(answered.ok).toBe(true)
    if (!answered.ok) return
    const next = joinNotice(answered.value, request(ids[1] as string, 'b', ['m2']), fresh2, 't3')
    expect([next.noticeId, next.version, next.status]).toEqual([fresh2.noticeId, 1, 'open'])
  })

  it('refuses an answer to another application’s notice, an answered notice, and an incomplete answer', () => {
    const notice = joinNotice(
      joinNotice(undefined, request(ids[0] as string, 'a', ['m1']), fresh1, 't1'),
      request(ids[1] as string, 'b', ['m2', 'm3']),
      fresh2,
      't2',
    )
    const code = (r: ReturnType<typeof answerNotice>) => (r.ok ? 'ok' : r.error.code)
    expect(code(answerNotice(undefined, APP, [{ code: 'm1' }], 't'))).toBe('APPROVAL_NOTICE_NOT_FOUND')
    expect(code(answerNotice(notice, PROJECT, [{ code: 'm1' }], 't'))).toBe('APPROVAL_NOTICE_NOT_FOUND')
    const incomplete = answerNotice(notice, APP, [{ code: 'm2' }], 't')
    expect(code(incomplete)).toBe('APPROVAL_SUPPLEMENT_INCOMPLETE')
    if (!incomplete.ok) expect(JSON.stringify(incomplete.error.details)).toMatch(/m1.*m3/)
    const done = answerNotice(notice, APP, [{ code: 'm1' }, { code: 'm2' }, { code: 'm3' }], 't')
    expect(done.ok && [done.value.status, done.value.version]).toEqual(['answered', 3])
    if (done.ok) expect(code(answerNotice(done.value, APP, [{ code: 'm1' }], 't'))).toBe('APPROVAL_NOTICE_NOT_OPEN')
  })

  it('ends an open notice with its withdrawn application (撤回), once; an answered one stays answered', () => {
    const notice = joinNotice(undefined, request(ids[0] as string, 'a', ['m1']), fresh1, 't1')
    const ended = withdrawNotice(notice, 't2')
    expect([ended.status, ended.version, ended.closedAt]).toEqual(['withdrawn', 2, 't2'])
    expect(withdrawNotice(ended, 't3')).toBe(ended)
    const refused = answerNotice(ended, APP, [{ code: 'm1' }], 't3')
    expect(refused.ok ? undefined : [refused.error.code, refused.error.message]).toEqual([
      'APPROVAL_NOTICE_NOT_OPEN',
      expect.stringContaining('withdrawn'),
    ])
    const answered = answerNotice(notice, APP, [{ code: 'm1' }], 't2')
    if (!answered.ok) throw new Error(answered.error.message)
    expect(withdrawNotice(answered.value, 't3')).toBe(answered.value)
  })
})

describe('fan-in', () => {
  const s = (...statuses: TaskStatus[]) => statuses.map((status) => ({ status }))
  it.each([
    { tasks: s('approved', 'approved'), outcome: 'approved' },
    { tasks: s('approved', 'rejected', 'closed'), outcome: 'rejected' },
    { tasks: s('rejected', 'closed'), outcome: 'rejected' },
    { tasks: s('approved', 'claimed'), outcome: undefined },
    { tasks: s('supplement-requested'), outcome: undefined },
    { tasks: s(), outcome: undefined },
  ])('$tasks.length tasks → $outcome', ({ tasks, outcome }) => {
    expect(stepOutcome(tasks)).toBe(outcome)
  })

  it('a rejection closes every open task, a claimed one included', () => {
    const statuses: TaskStatus[] = [
      'assigned',
      'claimed',
      'supplement-requested',
      'special-procedure',
      'approved',
      'rejected',
      'closed',
      'withdrawn',
      'revoked',
    ]
    expect(statuses.filter(closesOnRejection)).toEqual([
      'assigned',
      'claimed',
      'supplement-requested',
      'special-procedure',
    ])
  })
})

describe('withdrawal of the application (撤回)', () => {
  const OWNER = '91441500MA51XY201H'
  const open = { applicationId: APP, ownerCreditCode: OWNER }
  const code = (r: ReturnType<typeof decideWithdrawal>) => (r.ok ? r.value : r.error.code)
  it.each([
    { who: 'the owner', step: open, actor: { sub: 'o', role: 'owner', creditCode: OWNER }, answer: 'owner' },
    { who: 'a clerk for the owner', step: open, actor: { sub: 'c', role: 'clerk' }, answer: 'clerk' },
    {
      who: 'another owner',
      step: open,
      actor: { sub: 'o2', role: 'owner', creditCode: '91440300MA5FXXXX1X' },
      answer: 'APPROVAL_NOT_THE_OWNER',
    },
    { who: 'a reviewer', step: open, actor: { sub: 'r', role: 'reviewer' }, answer: 'APPROVAL_WITHDRAWAL_FORBIDDEN' },
    {
      who: 'a supervisor',
      step: open,
      actor: { sub: 's', role: 'supervisor' },
      answer: 'APPROVAL_WITHDRAWAL_FORBIDDEN',
    },
    {
      who: 'the owner, a second time',
      step: { ...open, outcome: 'withdrawn', decidedAt: '2026-03-05T02:00:00.000Z' },
      actor: { sub: 'o', role: 'owner', creditCode: OWNER },
      answer: 'APPROVAL_APPLICATION_WITHDRAWN',
    },
    {
      who: 'a clerk, once the step is decided',
      step: { ...open, outcome: 'approved', decidedAt: '2026-03-05T02:00:00.000Z' },
      actor: { sub: 'c', role: 'clerk' },
      answer: 'APPROVAL_STEP_DECIDED',
    },
  ])('$who → $answer', ({ step, actor, answer }) => {
    expect(code(decideWithdrawal(step, actor))).toBe(answer)
  })
})

describe('clock alerts', () => {
  const calendar = defaultCalendar()
  it('warns at 80% and is overdue past the due date, per clock', () => {
    const task = base()
    // committed 5 W from Mon 2 March: Thu 5 March is 60%, Fri 6 March 80%, Tue 10 March past the due date.
    const keys = (today: string) => alertsDue(task, today, 0.8, calendar).map((a) => `${a.clock}/${a.kind}`)
    expect(keys('2026-03-05')).toEqual([])
    expect(keys('2026-03-06')).toEqual(['committed/warned'])
    expect(keys('2026-03-10')).toEqual(['committed/warned', 'committed/overdue'])
    expect(evaluateClock(calendar, task.clocks.committed as never, '2026-03-10').level).toBe('red')
  })

  it('warns once per open special procedure that overran its own limit', () => {
    const claimed = inState.claimed()
    const d = decide(
      claimed,
      { ...(commands['spStart'] as TaskCommand & { type: 'StartSpecialProcedure' }), limit: { value: 2, unit: 'W' } },
      { ...opts, today: '2026-03-02' },
    )
    if (!d.ok) throw new Error('refused')
    const task = d.value.reduce(evolveOn, claimed)
    expect(alertsDue(task, '2026-03-04', 0.8, calendar)).toEqual([])
    const alerts = alertsDue(task, '2026-03-05', 0.8, calendar)
    expect(alerts).toEqual([
      expect.objectContaining({
        clock: 'special-procedure',
        kind: 'warned',
        suspensionId: 's-2',
        suspensionKind: 'expert-review',
        dueOn: '2026-03-04',
      }),
    ])
  })
})

describe('the law on a task (行政许可法)', () => {
  const withExtension = () =>
    openTasks(
      accepted({
        items: [
          {
            item: 'planning-permit',
            department: 'natural-resources',
            statutoryLimit: { value: 20, unit: 'W' },
            statutoryExtension: { value: 10, unit: 'W' },
            committedLimit: { value: 5, unit: 'W' },
            specialProcedures: [{ kind: 'expert-review' }],
          },
        ],
      }),
      ids,
      '2026-03-02T01:00:00.000Z',
      calendar,
    ).tasks[0] as Task
  const extend: TaskCommand = { type: 'Extend', actor: reviewer, approvedBy: '局长 张三', reason: '需现场核查' }

  it('Art. 42: one extension moves the statutory due date by the pinned 10 W and records who approved and why', () => {
    const task = withExtension()
    expect(task.clocks.statutory?.extensionAllowed).toEqual({ value: 10, unit: 'W' })
    const d = decide(task, extend, opts)
    if (!d.ok) throw new Error(d.error.code)
    const next = d.value.reduce(evolveOn, task)
    const statutory = next.clocks.statutory
    if (!statutory || !task.clocks.statutory) throw new Error('no statutory clock')
    // Mon 2026-03-02 + 20 W = 2026-03-30; + 30 W = 2026-04-14 (清明 04-04..04-06 is Sat–Mon, so 04-06 is not counted).
    expect(evaluateClock(calendar, task.clocks.statutory, opts.today).due).toBe('2026-03-30')
    expect(evaluateClock(calendar, statutory, opts.today).due).toBe('2026-04-14')
    expect(statutory.limit).toEqual({ value: 30, unit: 'W' })
    expect(statutory.extended).toEqual({
      value: 10,
      unit: 'W',
      on: '2026-03-03',
      by: 'r-1',
      approvedBy: '局长 张三',
      reason: '需现场核查',
      dueBefore: '2026-03-30',
      dueAfter: '2026-04-14',
    })
    // The committed clock is the city's promise; the law's extension does not move it.
    expect(next.clocks.committed).toEqual(task.clocks.committed)
    expect(next.version).toBe(task.version + 1)
  })

  it('Art. 42: a second extension is refused', () => {
    const task = run(withExtension(), [])
    const first = decide(task, extend, opts)
    if (!first.ok) throw new Error(first.error.code)
    const once = first.value.reduce(evolveOn, task)
    const second = decide(once, extend, opts)
    expect(second.ok ? 'ok' : second.error.code).toBe('APPROVAL_ALREADY_EXTENDED')
  })

  it('refuses an extension where the catalogue pinned none, and on a decided task', () => {
    const none = decide(base(), extend, opts)
    expect(none.ok ? 'ok' : none.error.code).toBe('APPROVAL_EXTENSION_NOT_ALLOWED')
    const approved = run(withExtension(), ['claim', 'approve'])
    const late = decide(approved, extend, opts)
    expect(late.ok ? 'ok' : late.error.code).toBe('APPROVAL_TASK_STATE_CONFLICT')
  })

  it('Art. 45: refuses a special procedure of a kind the item does not allow, naming the field', () => {
    const claimed = run(base(), ['claim'])
    const hearing = decide(
      claimed,
      { type: 'StartSpecialProcedure', actor: reviewer, kind: 'hearing', suspensionId: 's-9' },
      opts,
    )
    expect(hearing.ok).toBe(false)
    if (hearing.ok) return
    expect(hearing.error.code).toBe('APPROVAL_SPECIAL_PROCEDURE_NOT_ALLOWED')
    expect(hearing.error.details).toMatchObject({
      kind: 'hearing',
      allowed: ['expert-review'],
      errors: [{ field: '/body/kind' }],
    })
  })

  it('Art. 45: a special procedure carries its kind and legal basis on every clock it stops', () => {
    const claimed = run(base(), ['claim'])
    const d = decide(
      claimed,
      {
        type: 'StartSpecialProcedure',
        actor: reviewer,
        kind: 'expert-review',
        legalBasis: '行政许可法第四十五条',
        suspensionId: 's-3',
      },
      opts,
    )
    if (!d.ok) throw new Error(d.error.code)
    const next = d.value.reduce(evolveOn, claimed)
    for (const clock of [next.clocks.statutory, next.clocks.committed]) {
      expect(clock?.suspensions.at(-1)).toMatchObject({ kind: 'expert-review', legalBasis: '行政许可法第四十五条' })
    }
  })
})

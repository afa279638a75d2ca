import {
  AreaPublishedV1,
  auditAnchoredEvents,
  CalendarPublishedV1,
  CatalogueActivatedV1,
  dishonestOwnerEvents,
  type EventDefinition,
  hotlineEvents,
  knowledgeEvents,
  noticeEvents,
  PlotPublishedV1,
  QualityInspectionAssignedV1,
  QualityInspectionReassignedV1,
  registry,
  StepTasksAssignedV1,
} from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import fc from 'fast-check'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { readModelDefinition } from '../src/commands.js'
import { type Projection, projectors, supersedes, type TaskSnapshot, type Write } from '../src/domain/projectors.js'
import {
  certificateOf,
  certificateSummary,
  clockDayOf,
  owedOf,
  statusTask,
  timelineEntryView,
} from '../src/domain/status.js'
import { ticketProjectors } from '../src/domain/tickets.js'
import { CertificateSummary, TimelineView } from '../src/http/schemas.js'
import {
  applicationAccepted,
  notice,
  projectRegistered,
  signedCertificate,
  stepDecided,
  task,
  utilityRequest,
} from './events.js'

const byType = (type: string) => {
  const p = projectors.find((x) => x.type === type)
  if (!p) throw new Error(`no projector for ${type}`)
  return p
}
const EVENT = '01890000-0000-7000-8000-000000000001'

describe('the projector table', () => {
  it('covers every event of the registry once, each with its own durable slug', () => {
    // Audit anchors fill the audit copy, not the timeline: the read model handles them beside the projectors.
    // Anchors copy audit entries and a published calendar is stored: neither is a project's timeline entry.
    const anchors = new Set<EventDefinition>([...auditAnchoredEvents, CalendarPublishedV1])
    // Hotline tickets have projectors of their own (domain/tickets.ts): a ticket row and its history, beside the
    // project's timeline.
    const tickets = new Set<EventDefinition>(hotlineEvents)
    // A step's assignments are projected as its tasks' task.assigned (`projectionsOf`), not by a projector of their own.
    const asAssignments = new Set<EventDefinition>([StepTasksAssignedV1])
    // The events the gateway does not read: it resolves no catalogue, so an activated version is skipped past; the
    // knowledge base and the units' notices are asked of the hotline, which owns them (routes/knowledge.ts and
    // routes/notices.ts forward), so their events are too; and
    // published areas and plots are read from intake (routes/land.ts) — only a project's links reach its timeline; the
    // dishonesty list (失信) is an owner's, not a project's, and read from intake (/admin/dishonest-owners forwards); a
    // quality inspection's assignment (双随机) and reassignment (回避 / 改派) are the supervision body's worklist, asked of
    // acceptance, and not announced on the owner's timeline — only its recorded result is.
    const unread = new Set<EventDefinition>([
      CatalogueActivatedV1,
      ...dishonestOwnerEvents,
      ...knowledgeEvents,
      ...noticeEvents,
      AreaPublishedV1,
      PlotPublishedV1,
      QualityInspectionAssignedV1,
      QualityInspectionReassignedV1,
    ])
    expect(ticketProjectors.map((p) => p.event.subject).sort()).toEqual(hotlineEvents.map((e) => e.subject).sort())
    expect(projectors.map((p) => p.event.subject).sort()).toEqual(
      registry
        .filter((e) => !anchors.has(e) && !unread.has(e) && !tickets.has(e) && !asAssignments.has(e))
        .map((e) => e.subject)
        .sort(),
    )
    expect(
      readModelDefinition({ current: defaultCalendar })
        .handlers.map((h) => h.event.subject)
        .sort(),
    ).toEqual(
      registry
        .filter((e) => !unread.has(e))
        .map((e) => e.subject)
        .sort(),
    )
    expect(new Set(projectors.map((p) => p.slug)).size).toBe(projectors.length)
    expect(byType('step.decided').slug).toBe('step-decided')
    expect(byType('application.certificate-released').slug).toBe('application-certificate-released')
  })

  it('puts a certificate objection (证照异议) on the timeline naming both departments and no free text', () => {
    const objection = {
      objectionId: '01890000-0000-7000-8000-0000000000a1',
      certificateId: '01890000-0000-7000-8000-0000000000a2',
      certificateNumber: '第4406002026000012号',
      certificateTitle: '建筑工程施工许可证',
      projectId: '01890000-0000-7000-8000-0000000000a3',
      issuer: 'housing-construction',
      raisedBy: 'natural-resources',
      raisedBySub: 'planner-1',
      reason: '证载面积与规划许可不符 fire',
      evidence: ['JGBA-1'],
      raisedAt: '2026-03-10T02:00:00.000Z',
      status: 'open' as const,
      version: 1,
    }
    const raised = byType('objection.raised').project({ objection }, EVENT)
    expect(raised.writes).toEqual([])
    expect(raised.timeline).toMatchObject({
      projectId: objection.projectId,
      occurredAt: objection.raisedAt,
      actor: 'planner-1',
      summary:
        'Objection by natural-resources to certificate 第4406002026000012号 «建筑工程施工许可证», for housing-construction to check',
    })
    const answer = {
      outcome: 'upheld' as const,
      finding: 'fire',
      answeredAt: '2026-03-11T02:00:00.000Z',
      answeredBy: 'h-1',
    }
    const answered = byType('objection.answered').project(
      { objection: { ...objection, status: 'upheld', answer, version: 2 } },
      EVENT,
    )
    expect(answered.timeline).toMatchObject({
      occurredAt: answer.answeredAt,
      actor: 'h-1',
      summary:
        'Objection by natural-resources to certificate 第4406002026000012号 answered by housing-construction: upheld',
    })
  })

  it('projects a registration into a project row and one timeline entry keyed by the event id', () => {
    const e = projectRegistered()
    const p = byType('project.registered').project(e, EVENT)
    expect(p.writes).toEqual([
      {
        kind: 'project',
        row: expect.objectContaining({
          projectId: e.projectId,
          ownerCreditCode: e.owner.creditCode,
          flow: e.flow,
          registeredAt: e.registeredAt,
        }),
      },
      // What the gateway promised when it answered 201 is settled by the real row.
      { kind: 'settle-pending', id: e.projectId },
    ])
    expect(p.timeline).toMatchObject({
      eventId: EVENT,
      projectId: e.projectId,
      occurredAt: e.registeredAt,
      type: 'project.registered',
      subject: 'permit.intake.project.registered.v1',
    })
    expect(p.timeline.summary).toContain(e.projectCode)
  })

  it('projects the registration and permits clock alerts onto their rows and the timeline, with their note', () => {
    const projectId = '01890000-0000-7000-8000-0000000000bb'
    const at = '2026-03-10T02:00:00.000Z'
    const registration = {
      caseId: '01890000-0000-7000-8000-0000000000cc',
      projectId,
      acceptanceCaseId: '01890000-0000-7000-8000-0000000000dd',
      status: 'open' as const,
      clock: { limit: { value: 3, unit: 'W' as const }, start: '2026-03-04', suspensions: [] },
      clockAlerts: { warnedOn: '2026-03-09', overdueOn: '2026-03-10' },
      openedAt: '2026-03-02T02:00:00.000Z',
      version: 5,
      updatedAt: at,
    }
    const note = 'due 2026-03-09, 4 of 3 W used'
    const r = byType('registration.clock-overdue').project({ case: registration, note }, EVENT)
    expect(r.writes).toEqual([{ kind: 'registration', row: registration }])
    expect(r.timeline).toMatchObject({
      eventId: EVENT,
      projectId,
      occurredAt: at,
      subject: 'permit.registration.case.clock-overdue.v1',
      summary: `Registration: clock overdue (${note})`,
    })
    expect(byType('registration.clock-warned').project({ case: registration, note }, EVENT).timeline.summary).toBe(
      `Registration: clock yellow (${note})`,
    )
    // 登记一幢: a building's own case names its building on every line, so two buildings' lines are told apart.
    const building = { ...registration, part: '1号厂房', status: 'completed' as const }
    expect(byType('registration.completed').project({ case: building }, EVENT).timeline.summary).toBe(
      'Registration (1号厂房): first registration completed; property certificate issued',
    )
    expect(byType('registration.clock-overdue').project({ case: building, note }, EVENT).timeline.summary).toBe(
      `Registration (1号厂房): clock overdue (${note})`,
    )
    // …and in a field of its own, so a screen names the building in its language without reading the summary.
    const completed = timelineEntryView(byType('registration.completed').project({ case: building }, EVENT).timeline)
    expect(completed.part).toBe('1号厂房')
    expect(Value.Check(TimelineView, completed)).toBe(true)
    expect(timelineEntryView(r.timeline)).not.toHaveProperty('part')
    const request = {
      requestId: '01890000-0000-7000-8000-0000000000ee',
      projectId,
      applicationId: '01890000-0000-7000-8000-0000000000ff',
      provider: 'gas' as const,
      stage: 'outside-line-permits' as const,
      lowRisk: false,
      line: { lengthM: 800 },
      permits: [{ kind: 'road-excavation' as const, status: 'requested' as const }],
      permitsClock: { limit: { value: 3, unit: 'W' as const }, start: '2026-03-03', suspensions: [] },
      permitsClockAlerts: { warnedOn: '2026-03-06' },
      openedAt: '2026-03-02T02:00:00.000Z',
      version: 4,
      updatedAt: at,
    }
    const u = byType('utility.permits-clock-warned').project({ request, note: 'due 2026-03-06, 3 of 3 W used' }, EVENT)
    expect(u.writes).toEqual([{ kind: 'utility', row: request }])
    expect(u.timeline).toMatchObject({
      type: 'utility.permits-clock-warned',
      subject: 'permit.utility.request.permits-clock-warned.v1',
      summary: 'Utility gas: outside-line permits clock yellow (due 2026-03-06, 3 of 3 W used)',
    })
    expect(byType('utility.permits-clock-overdue').slug).toBe('utility-permits-clock-overdue')
    // Opened needing no permit: the summary says whether the line's measures or the project's type decided it.
    const opened = { ...request, stage: 'survey' as const, lowRisk: true, permits: [], version: 1 }
    const exemption = {
      projectType: 'social-simple-low-risk',
      projectTypeName: '社会投资简易低风险工程建设项目',
      source: 'seeds/004_33317a5f04b53a73.txt:2159',
    }
    expect(byType('utility.opened').project({ request: opened }, EVENT).timeline.summary).toBe(
      'Utility gas: 报装 opened (low risk: filing, no permit)',
    )
    expect(
      byType('utility.opened').project({ request: { ...opened, permitsExemption: exemption } }, EVENT).timeline.summary,
    ).toBe('Utility gas: 报装 opened (非禁免批 of social-simple-low-risk: filing, no permit whatever its measures)')
  })

  it('names the building a completion survey measured on its lines, as registration’s name the case’s (竣工一幢)', () => {
    const projectId = '01890000-0000-7000-8000-0000000000bb'
    const commission = {
      commissionId: '01890000-0000-7000-8000-0000000000cc',
      projectId,
      ownerCreditCode: '91440600MA4UW8XL2K',
      stage: 'completion' as const,
      part: '1号厂房',
      surveyor: { name: '佛山市示例测绘有限公司', creditCode: '91440604MA52ABC135' },
      items: [{ item: 'floor-area-survey', name: '房产测量', source: 'test' }],
      status: 'commissioned' as const,
      commissionedAt: '2026-03-02T02:00:00.000Z',
      commissionedOn: '2026-03-02',
      revision: 1,
    }
    const completed = {
      ...commission,
      status: 'completed' as const,
      results: [{ item: 'floor-area-survey', documentRef: 'https://survey.example/r', areaM2: 8120.75 }],
      completedAt: '2026-03-03T02:00:00.000Z',
      revision: 2,
    }
    const done = byType('survey.completed').project({ commission: completed }, EVENT).timeline
    expect(done).toMatchObject({
      projectId,
      occurredAt: '2026-03-03T02:00:00.000Z',
      summary: '多测合一: completion survey (1号厂房) results recorded by 佛山市示例测绘有限公司 (1 items, shared)',
      part: '1号厂房',
    })
    const view = timelineEntryView(done)
    expect(view.part).toBe('1号厂房')
    expect(Value.Check(TimelineView, view)).toBe(true)
    expect(byType('survey.commissioned').project({ commission }, EVENT).timeline).toMatchObject({
      summary: '多测合一: completion survey (1号厂房) commissioned to 佛山市示例测绘有限公司 (1 items merged)',
      part: '1号厂房',
    })
    // The whole project's survey, and any earlier stage's, names no building.
    const { part: _, ...whole } = completed
    const wholeEntry = byType('survey.completed').project({ commission: whole }, EVENT).timeline
    expect(wholeEntry.summary).toBe(
      '多测合一: completion survey results recorded by 佛山市示例测绘有限公司 (1 items, shared)',
    )
    expect(timelineEntryView(wholeEntry)).not.toHaveProperty('part')
  })

  it('projects an acceptance with its 容缺 materials as deficiency rows', () => {
    const e = applicationAccepted('01890000-0000-7000-8000-0000000000aa', {
      withDeficiencies: true,
      deficiencies: [{ material: 'contract', name: '合同', promisedOn: '2026-03-20' }],
    })
    const p = byType('application.accepted').project(e, EVENT)
    expect(p.writes.map((w) => w.kind)).toEqual(['application', 'deficiency', 'settle-pending'])
    expect(p.writes[2]).toEqual({ kind: 'settle-pending', id: e.applicationId })
    expect(p.writes[1]).toEqual({
      kind: 'deficiency',
      row: {
        applicationId: e.applicationId,
        projectId: e.projectId,
        material: 'contract',
        name: '合同',
        promisedOn: '2026-03-20',
      },
    })
    expect(p.timeline.summary).toMatch(/容缺受理/)
  })

  it.each([
    ['task.claimed', { status: 'claimed', claimedBy: 'reviewer:r1' }, 'reviewer:r1', /claimed by reviewer:r1/],
    ['task.supplement-requested', { status: 'supplement-requested' }, undefined, /补正 requested/],
    [
      'task.decided',
      { status: 'rejected', decision: { outcome: 'rejected', reason: '不符合', decidedAt: '2026-03-04T02:00:00Z' } },
      undefined,
      /rejected: 不符合/,
    ],
  ] as const)('projects %s into the whole task and a summary', (type, over, actor, summary) => {
    const t = task('01890000-0000-7000-8000-0000000000aa', '01890000-0000-7000-8000-0000000000bb', over as object)
    const p = byType(type).project({ task: t, ...(actor ? { actor } : {}) }, EVENT)
    expect(p.writes).toEqual([{ kind: 'task', row: t }])
    expect(p.timeline.summary).toMatch(summary)
    expect(p.timeline.actor).toBe(actor)
    expect(p.timeline.occurredAt).toBe(t.updatedAt)
  })

  it('gives a decision’s timeline entry its outcome from the event’s decision, whatever its summary says', () => {
    const t = task('01890000-0000-7000-8000-0000000000aa', '01890000-0000-7000-8000-0000000000bb')
    const decision = (outcome: 'approved' | 'rejected' | 'closed', more: object, over: object = {}) => ({
      task: { ...t, ...over, status: outcome, decision: { outcome, decidedAt: '2026-03-04T02:00:00Z', ...more } },
    })
    const approved = byType('task.decided').project(
      decision('approved', { conditions: ['rejected 字样不作数'] }),
      EVENT,
    )
    const rejected = byType('task.decided').project(decision('rejected', { reason: '不符合' }), EVENT)
    expect(approved.timeline.outcome).toBe('approved')
    expect(timelineEntryView(approved.timeline).outcome).toBe('approved')
    expect(timelineEntryView(rejected.timeline).outcome).toBe('rejected')
    expect(Value.Check(TimelineView, timelineEntryView(rejected.timeline))).toBe(true)
    // An item named as a decision would read, in the summary, as one: the entry's outcome is the event's.
    const misleading = byType('task.decided').project(decision('approved', {}, { itemName: '复核: rejected' }), EVENT)
    expect(misleading.timeline.summary).toContain('复核: rejected: approved')
    expect(timelineEntryView(misleading.timeline).outcome).toBe('approved')
    // Only a decision's entry has one, and a decision that approved or rejected nothing has none.
    const claimed = byType('task.claimed').project({ task: { ...t, status: 'claimed' }, actor: 'reviewer:r1' }, EVENT)
    expect(timelineEntryView(claimed.timeline)).not.toHaveProperty('outcome')
    const closed = byType('task.decided').project(decision('closed', { reason: 'rejected elsewhere' }), EVENT)
    expect(timelineEntryView(closed.timeline)).not.toHaveProperty('outcome')
    const undecided = byType('task.decided').project({ task: { ...t, status: 'approved' } }, EVENT)
    expect(undecided.timeline.summary).toMatch(/: decided$/)
    expect(timelineEntryView(undecided.timeline)).not.toHaveProperty('outcome')
  })

  it('checks a step decision against its decided tasks, and a release against its cures, before anything is written', () => {
    const t = task('01890000-0000-7000-8000-0000000000aa', '01890000-0000-7000-8000-0000000000bb')
    expect(byType('step.decided').project(stepDecided(t), EVENT).writes[0]).toEqual({
      kind: 'check-decided-tasks',
      taskIds: [t.taskId],
    })
    const released = { applicationId: t.applicationId, projectId: t.projectId, step: 's', releasedAt: t.updatedAt }
    expect(byType('application.certificate-released').project(released, EVENT).writes[0]).toEqual({
      kind: 'check-cured-deficiencies',
      applicationId: t.applicationId,
    })
  })

  it('projects a notice whole, dated by its answer once answered', () => {
    const t = task('01890000-0000-7000-8000-0000000000aa', '01890000-0000-7000-8000-0000000000bb')
    const n = notice(t, { status: 'answered', version: 2, answeredAt: '2026-03-05T02:00:00Z' })
    const p = byType('supplement-notice.issued').project(n, EVENT)
    expect(p.writes).toContainEqual({ kind: 'notice', row: n })
    expect(p.timeline.occurredAt).toBe('2026-03-05T02:00:00Z')
  })

  it("keeps a notice entry's state in `outcome` once it is answered or withdrawn, so no screen reads the summary", () => {
    const t = task('01890000-0000-7000-8000-0000000000aa', '01890000-0000-7000-8000-0000000000bb')
    const outcomes = (['open', 'answered', 'withdrawn'] as const).map((status) =>
      timelineEntryView(byType('supplement-notice.issued').project(notice(t, { status }), EVENT).timeline),
    )
    expect(outcomes.map((v) => v.outcome)).toEqual([undefined, 'answered', 'withdrawn'])
    for (const v of outcomes) expect(Value.Check(TimelineView, v)).toBe(true)
  })
})

describe('容缺 at 接件', () => {
  const ids = {
    applicationId: '01890000-0000-7000-8000-0000000000a1',
    projectId: '01890000-0000-7000-8000-0000000000b1',
  }
  const receipt = { nationalCode: 1 as const, receivedAt: '2026-03-02T01:00:00Z', receivedOn: '2026-03-02' }
  const owedMaterials = [{ code: 'fire-design', promisedOn: '2026-03-20' }]
  const applicationRow = (p: Projection) =>
    p.writes.find((w): w is Extract<Write, { kind: 'application' }> => w.kind === 'application')?.row

  it('keeps what a receipt owes, by its promised day, on its application row', () => {
    const received = {
      ...ids,
      projectCode: '2026-441500-47-01-000001',
      stage: 'construction-permit',
      step: 'six-item-bundle',
      receiptNumber: '441500-20260302-0001',
      ownerCreditCode: '91441500MA51XY201H',
      receipt,
    }
    expect(applicationRow(byType('application.received').project({ ...received, owedMaterials }, EVENT))).toMatchObject(
      {
        owedMaterials,
      },
    )
    // An event written before the field says nothing of it: the row keeps what it had (NULL: unknown).
    expect(applicationRow(byType('application.received').project(received, EVENT))).not.toHaveProperty('owedMaterials')
  })

  it('keeps the phase a receipt is for on its application row, and says it on the timeline (分阶段办理)', () => {
    const received = {
      ...ids,
      projectCode: '2026-441500-47-01-000001',
      stage: 'construction-permit',
      step: 'construction-permit',
      stepName: '施工许可',
      receiptNumber: '441500-20260302-0002',
      ownerCreditCode: '91441500MA51XY201H',
      receipt,
    }
    const phase = { code: 'foundation-pit', name: '基坑围护', number: 1, count: 4 }
    const phased = byType('application.received').project({ ...received, phase }, EVENT)
    expect(applicationRow(phased)).toMatchObject({ phase })
    expect(phased.timeline.summary).toBe(
      'Application 441500-20260302-0002 for 施工许可, phase 1 of 4 (基坑围护) received (接件), not yet accepted',
    )
    expect(timelineEntryView(phased.timeline).phase).toEqual(phase)
    expect(Value.Check(TimelineView, timelineEntryView(phased.timeline))).toBe(true)
    // A phase's tasks and its step decision carry it on their entries too.
    const t = task('01890000-0000-7000-8000-0000000000aa', '01890000-0000-7000-8000-0000000000bb', { phase })
    expect(timelineEntryView(byType('task.claimed').project({ task: t }, EVENT).timeline).phase).toEqual(phase)
    const decided = { ...ids, step: 'construction-permit', phase, outcome: 'approved', tasks: [] }
    const step = byType('step.decided').project(
      { ...decided, decidedAt: receipt.receivedAt, decidedOn: '2026-03-02' },
      EVENT,
    )
    expect(timelineEntryView(step.timeline).phase).toEqual(phase)
    // The whole step, or an event written before it carried one: no phase written, the row keeps what it had.
    const whole = byType('application.received').project(received, EVENT)
    expect(applicationRow(whole)).not.toHaveProperty('phase')
    expect(whole.timeline.summary).toBe(
      'Application 441500-20260302-0002 for 施工许可 received (接件), not yet accepted',
    )
    expect(timelineEntryView(whole.timeline)).not.toHaveProperty('phase')
  })

  it('owes nothing once the receipt is decided: accepted (its deficiencies instead), withdrawn or refused', () => {
    const closed = (nationalCode: 2 | 5) => ({ ...ids, step: 'six-item-bundle', receipt: { ...receipt, nationalCode } })
    const accepted = applicationAccepted(ids.projectId, {
      applicationId: ids.applicationId,
      receipt: { ...receipt, nationalCode: 3, acceptedBy: 'clerk' },
      withDeficiencies: true,
      deficiencies: [{ material: 'fire-design', name: '消防设计文件', promisedOn: '2026-03-20' }],
    })
    const acceptedWrites = byType('application.accepted').project(accepted, EVENT)
    expect(applicationRow(acceptedWrites)).toMatchObject({ owedMaterials: [] })
    expect(acceptedWrites.writes.filter((w) => w.kind === 'deficiency')).toEqual([
      expect.objectContaining({ row: expect.objectContaining({ material: 'fire-design', promisedOn: '2026-03-20' }) }),
    ])
    expect(applicationRow(byType('application.receipt-withdrawn').project(closed(2), EVENT))).toMatchObject({
      owedMaterials: [],
    })
    const refused = byType('application.refused').project(closed(5), EVENT)
    expect(applicationRow(refused)).toMatchObject({ owedMaterials: [] })
    expect(refused.writes.filter((w) => w.kind === 'deficiency')).toEqual([])
  })

  it('reads a stored list that is not one as unknown, so the receipt is still shown', () => {
    expect(owedOf([{ code: 'fire-design', promisedOn: '2026-03-20' }])).toEqual(owedMaterials)
    expect(owedOf([])).toEqual([])
    expect(owedOf(null)).toBeNull()
    expect(owedOf([{ code: 'fire-design', promisedOn: 'Friday' }])).toBeNull()
    expect(owedOf([{ code: 7 }])).toBeNull()
  })
})

describe('versioned upserts', () => {
  it('keep the newest snapshot whatever order the versions arrive in', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 12 }), (versions) => {
        // The same rule the repository applies under a row lock, folded over one arrival order.
        let stored: number | undefined
        for (const v of versions) if (supersedes(stored, v)) stored = v
        expect(stored).toBe(Math.max(...versions))
      }),
    )
  })

  it('never replaces a version with itself or an older one', () => {
    expect([supersedes(undefined, 1), supersedes(1, 2), supersedes(2, 2), supersedes(3, 2)]).toEqual([
      true,
      true,
      false,
      false,
    ])
  })
})

describe('status views', () => {
  const calendar = defaultCalendar()
  const t = task('01890000-0000-7000-8000-0000000000aa', '01890000-0000-7000-8000-0000000000bb')
  const decided = (day: string): TaskSnapshot => ({
    ...t,
    status: 'approved',
    nationalCode: 11,
    decision: { outcome: 'approved', decidedAt: `${day}T02:00:00Z` },
  })

  it.each([
    ['an open task on today', t, '2026-03-20', '2026-03-20'],
    ['a decided task on its decision day', decided('2026-03-04'), '2026-03-20', '2026-03-04'],
    // 23:30 Shanghai on the 4th is still the 4th there, though the 5th has begun nowhere yet in UTC.
    [
      'a decision late in the Shanghai evening',
      { ...decided('2026-03-04'), decision: { outcome: 'approved', decidedAt: '2026-03-04T15:30:00Z' } },
      '2026-03-20',
      '2026-03-04',
    ],
  ] as const)('reads the clock of %s', (_name, snapshot, today, day) => {
    expect(clockDayOf(snapshot as TaskSnapshot, today)).toBe(day)
  })

  it('keeps a task decided in time green weeks later, while an open one turns red', () => {
    const ev = { calendar, today: '2026-03-20', yellowAt: 0.8 }
    expect(statusTask(decided('2026-03-04'), ev).clocks.committed?.level).toBe('green')
    expect(statusTask(t, ev).clocks.committed).toMatchObject({ level: 'red', overdue: true, due: '2026-03-06' })
    expect(statusTask(t, ev).nationalName).toBe('已受理')
  })

  const approved = { outcome: 'approved' as const, decidedAt: 'x', decidedOn: 'x', tasks: [] }
  it.each([
    ['pending before the decision', {}, [], 'pending'],
    ['released when intake released it', { certificateReleasedAt: '2026-03-05T00:00:00Z' }, [], 'released'],
    ['released on approval with nothing owed', { decision: approved }, [{ curedAt: 'x' }], 'released'],
    ['withheld on approval while a material is owed', { decision: approved }, [{}], 'withheld'],
    ['withheld after a rejection', { decision: { ...approved, outcome: 'rejected' as const } }, [], 'withheld'],
  ] as const)('certificate is %s', (_name, app, deficiencies, expected) => {
    expect(certificateOf(app, deficiencies)).toBe(expected)
  })

  it('lists a certificate with the 发证机关 its body names, and none for one issued before bodies named it', () => {
    const projectId = '01890000-0000-7000-8000-0000000000aa'
    const permit = signedCertificate(projectId, {
      kind: 'permit',
      title: '建设工程规划许可证',
      item: 'planning-permit',
      issuer: '佛山市自然资源局',
    })
    expect(certificateSummary(permit)).toEqual({
      certificateId: permit.body.certificateId,
      kind: 'permit',
      number: permit.body.number,
      title: '建设工程规划许可证',
      item: 'planning-permit',
      issuer: '佛山市自然资源局',
    })
    const before = certificateSummary(signedCertificate(projectId))
    expect(before).not.toHaveProperty('issuer')
    expect(Value.Check(CertificateSummary, certificateSummary(permit))).toBe(true)
    expect(Value.Check(CertificateSummary, before)).toBe(true)
    // Bounded as the signed body bounds it: one the body could not carry is not shown as an issuer.
    for (const issuer of ['', '局'.repeat(501)]) {
      expect(Value.Check(CertificateSummary, { ...before, issuer }), `${issuer.length}`).toBe(false)
    }
  })

  it("lists a property certificate's building and a permit's phase, as their bodies name them (登记一幢, 分阶段办理)", () => {
    const projectId = '01890000-0000-7000-8000-0000000000aa'
    const property = signedCertificate(projectId, { part: '1号厂房' })
    expect(certificateSummary(property)).toEqual({
      certificateId: property.body.certificateId,
      kind: 'property',
      number: property.body.number,
      title: '不动产权证书',
      part: '1号厂房',
    })
    const phase = { code: 'foundation-pit', name: '基坑围护', number: 1, count: 4 }
    const permit = signedCertificate(projectId, { kind: 'permit', title: '建筑工程施工许可证', phase })
    expect(certificateSummary(permit)).toMatchObject({ kind: 'permit', phase })
    expect(certificateSummary(permit)).not.toHaveProperty('part')
    const whole = certificateSummary(signedCertificate(projectId))
    expect(whole).not.toHaveProperty('part')
    expect(whole).not.toHaveProperty('phase')
    for (const summary of [certificateSummary(property), certificateSummary(permit), whole]) {
      expect(Value.Check(CertificateSummary, summary)).toBe(true)
    }
    // Bounded as the signed body bounds it.
    for (const part of ['', '幢'.repeat(501)]) {
      expect(Value.Check(CertificateSummary, { ...whole, part }), `${part.length}`).toBe(false)
    }
    expect(Value.Check(CertificateSummary, { ...whole, phase: { ...phase, number: 0 } })).toBe(false)
  })
})

describe('好差评 projectors', () => {
  const rating = {
    ratingId: '01890000-0000-7000-8000-0000000000c1',
    taskId: '01890000-0000-7000-8000-0000000000c2',
    applicationId: '01890000-0000-7000-8000-0000000000c3',
    projectId: '01890000-0000-7000-8000-0000000000c4',
    item: 'planning-permit',
    department: 'natural-resources',
    first: {
      level: 'dissatisfied' as const,
      comment: '材料重复提交',
      ratedAt: '2026-03-04T03:00:00.000Z',
      ratedOn: '2026-03-04',
      ratedBy: 'owner-1',
    },
    fix: {
      limit: { value: 10, unit: 'W' as const },
      start: '2026-03-04',
      dueOn: '2026-03-18',
      status: 'open' as const,
    },
    version: 1,
    updatedAt: '2026-03-04T03:00:00.000Z',
  }

  it('writes the rating and one timeline entry of its department, naming the option and the due date', () => {
    const p = byType('rating.given').project({ rating, actor: 'owner-1' }, EVENT)
    expect(p.writes).toEqual([{ kind: 'rating', row: rating }])
    expect(p.timeline).toMatchObject({
      projectId: rating.projectId,
      department: 'natural-resources',
      type: 'rating.given',
      actor: 'owner-1',
    })
    expect(p.timeline.summary).toContain('不满意')
    expect(p.timeline.summary).toContain('2026-03-18')
  })

  it('moves an open loop’s due date on a published calendar (subject rating:<id>)', () => {
    const p = byType('approval.due-moved').project(
      {
        projectId: rating.projectId,
        subject: `rating:${rating.ratingId}`,
        clock: 'fix',
        department: 'natural-resources',
        from: '2027-01-11',
        to: '2027-01-12',
        subjectDueOn: '2027-01-12',
        provisionalBefore: true,
        provisionalAfter: false,
        calendar: { key: 'year-2027', version: 1, notice: '' },
        movedAt: '2026-12-14T02:00:00.000Z',
      },
      EVENT,
    )
    expect(p.writes).toEqual([
      { kind: 'rating-due', ratingId: rating.ratingId, dueOn: '2027-01-12', from: '2027-01-11' },
    ])
  })

  it('moves a utility request’s permits clock only when its subject names a UUID (the free-text subject)', () => {
    const moved = (subject: string, subjectVersion?: number) =>
      byType('approval.due-moved').project(
        {
          projectId: rating.projectId,
          subject,
          clock: 'permits',
          from: '2027-01-11',
          to: '2027-01-12',
          provisionalBefore: true,
          provisionalAfter: false,
          calendar: { key: 'year-2027', version: 1, notice: '' },
          movedAt: '2026-12-14T02:00:00.000Z',
          ...(subjectVersion === undefined ? {} : { subjectVersion }),
        },
        EVENT,
      )
    const requestId = '01890000-0000-7000-8000-0000000000c9'
    // The day it moved from and the request's version it was computed on go with the write: the read model's guard
    // against a newer snapshot reads them (db/projection.ts); a legacy move carries no version.
    expect(moved(`utility-request:${requestId}`).writes).toEqual([
      { kind: 'utility-permits-due', requestId, dueOn: '2027-01-12', from: '2027-01-11' },
    ])
    expect(moved(`utility-request:${requestId}`, 4).writes).toEqual([
      { kind: 'utility-permits-due', requestId, dueOn: '2027-01-12', from: '2027-01-11', version: 4 },
    ])
    // A malformed id would fail the batch's `::uuid` casts (the row's update and its change): it moves nothing.
    expect(moved('utility-request:not-a-uuid').writes).toEqual([])
    expect(moved(`utility-request:${requestId}x`).writes).toEqual([])
  })

  it('moves no task, rating, 督办 or 告知承诺 day whose subject names no UUID, and each whose subject does', () => {
    const moved = (subject: string, clock: string, subjectVersion?: number) =>
      byType('approval.due-moved').project(
        {
          projectId: rating.projectId,
          subject,
          clock,
          ...(subjectVersion === undefined ? {} : { subjectVersion }),
          from: '2027-01-11',
          to: '2027-01-12',
          subjectDueOn: '2027-01-12',
          provisionalBefore: true,
          provisionalAfter: false,
          calendar: { key: 'year-2027', version: 1, notice: '' },
          movedAt: '2026-12-14T02:00:00.000Z',
        },
        EVENT,
      ).writes
    const id = '01890000-0000-7000-8000-0000000000ca'
    // Each names the day it moved from (a move without a version is set only on a row still holding it).
    const from = '2027-01-11'
    expect(moved(`task:${id}`, 'committed')).toEqual([{ kind: 'task-due', taskId: id, dueOn: '2027-01-12', from }])
    expect(moved(`rating:${id}`, 'fix')).toEqual([{ kind: 'rating-due', ratingId: id, dueOn: '2027-01-12', from }])
    expect(moved(`task:${id}/s1`, 'reply-by')).toEqual([
      { kind: 'task-supervision-due', taskId: id, supervisionId: 's1', due: '2027-01-12', from },
    ])
    expect(moved(`acceptance-case:${id}/fire`, 'verify-by')).toEqual([
      { kind: 'case-verify-by', caseId: id, item: 'fire', verifyBy: '2027-01-12', from },
    ])
    // The subject's version the move was computed on: each row is moved only at that version or older.
    expect(moved(`task:${id}`, 'committed', 3)).toEqual([
      { kind: 'task-due', taskId: id, dueOn: '2027-01-12', from, version: 3 },
    ])
    // (This one carries a `subjectDueOn`, which approval's verify-by moves do not: the task's day is set with it.)
    expect(moved(`task:${id}`, 'verify-by', 3)).toEqual([
      { kind: 'task-due', taskId: id, dueOn: '2027-01-12', from, version: 3 },
      { kind: 'task-verify-by', taskId: id, verifyBy: '2027-01-12', from, version: 3 },
    ])
    expect(moved(`rating:${id}`, 'fix', 2)).toEqual([
      { kind: 'rating-due', ratingId: id, dueOn: '2027-01-12', from, version: 2 },
    ])
    expect(moved(`task:${id}/s1`, 'reply-by', 4)).toEqual([
      { kind: 'task-supervision-due', taskId: id, supervisionId: 's1', due: '2027-01-12', from, version: 4 },
    ])
    expect(moved(`acceptance-case:${id}/fire`, 'verify-by', 5)).toEqual([
      { kind: 'case-verify-by', caseId: id, item: 'fire', verifyBy: '2027-01-12', from, version: 5 },
    ])
    expect(moved(`utility-request:${id}`, 'permits', 6)).toEqual([
      { kind: 'utility-permits-due', requestId: id, dueOn: '2027-01-12', from, version: 6 },
    ])
    for (const [subject, clock] of [
      ['task:t-1', 'committed'],
      ['rating:r-1', 'fix'],
      ['task:t-1/s1', 'reply-by'],
      ['task:t-1', 'verify-by'],
      ['acceptance-case:c-1/fire', 'verify-by'],
    ] as const) {
      // A malformed id would fail the batch's `::uuid` casts: it moves nothing (the timeline still says it moved).
      expect(moved(subject, clock), subject).toEqual([])
    }
  })
})

describe('容缺后补 on the timeline (004:1860)', () => {
  const projectId = '01890000-0000-7000-8000-0000000000cc'
  const owed = task(projectId, '01890000-0000-7000-8000-0000000000cd', {
    deficiencies: [{ material: 'construction-contract', promisedOn: '2026-03-04', overdueOn: '2026-03-05' }],
  })

  it('says the material and its day when the department is told', () => {
    const p = byType('task.deficiency-overdue').project(
      { task: owed, material: 'construction-contract', promisedOn: '2026-03-04' },
      EVENT,
    )
    expect(p.timeline.summary).toContain('容缺 construction-contract not submitted by 2026-03-04: overdue')
    expect(p.writes).toEqual([{ kind: 'task', row: owed }])
  })

  it('keeps a 容缺 breach as outcome deficiency, a 告知承诺 breach as none', () => {
    const breach = byType('task.commitment-breached')
    const deficiency = breach.project({ task: owed, deficiency: { material: 'construction-contract' } }, EVENT)
    expect(deficiency.timeline).toMatchObject({ outcome: 'deficiency' })
    expect(deficiency.timeline.summary).toContain('容缺 not made good')
    expect(Value.Check(TimelineView, { ...deficiency.timeline, eventId: EVENT })).toBe(true)
    const commitment = breach.project({ task: owed }, EVENT)
    expect(commitment.timeline).not.toHaveProperty('outcome')
    expect(commitment.timeline.summary).toContain('告知承诺 breached')
  })

  it('keeps 逾期未整改’s further measure as the measures it took, not as a breach (004:1860)', () => {
    const breach = byType('task.commitment-breached')
    const escalation = (measures: Array<'revoke' | 'bar-commitment'>) => ({
      on: '2026-03-25',
      by: 'r-1',
      measures,
      ...(measures.includes('bar-commitment') ? { barredUntil: '2027-03-24' } : {}),
    })
    const finding = {
      result: 'breached' as const,
      on: '2026-03-12',
      department: 'natural-resources',
      by: 'r-1',
      findings: ['退线不符'],
      measures: ['rectify' as const],
      rectifyBy: '2026-03-20',
    }
    const told = (measures: Array<'revoke' | 'bar-commitment'>) =>
      breach.project(
        {
          task: {
            ...owed,
            commitment: {
              verifyBy: '2026-03-30',
              verification: finding,
              rectification: { reports: [], overdueOn: '2026-03-21', escalation: escalation(measures) },
            },
          },
          rectification: { escalated: true },
        },
        EVENT,
      ).timeline
    expect(told(['revoke'])).toMatchObject({ outcome: 'escalated-revoke' })
    expect(told(['bar-commitment'])).toMatchObject({ outcome: 'escalated-bar' })
    const both = told(['revoke', 'bar-commitment'])
    expect(both).toMatchObject({ outcome: 'escalated-revoke-bar' })
    expect(Value.Check(TimelineView, { ...both, eventId: EVENT })).toBe(true)
    // A 容缺 finding's further measure is the measure too, not the 容缺 promise broken.
    const deficiency = breach.project(
      {
        task: {
          ...owed,
          deficiencies: [
            {
              material: 'construction-contract',
              promisedOn: '2026-03-04',
              overdueOn: '2026-03-05',
              finding,
              rectification: { reports: [], escalation: escalation(['revoke']) },
            },
          ],
        },
        deficiency: { material: 'construction-contract' },
        rectification: { escalated: true },
      },
      EVENT,
    )
    expect(deficiency.timeline).toMatchObject({ outcome: 'escalated-revoke' })
  })

  it('says each 整改 act of a joint acceptance item, and keeps its further measure as the measures it took', () => {
    const ARCHIVE = 'urban-construction-archive-acceptance'
    const caseWith = (rectification: object) => ({
      caseId: '01890000-0000-7000-8000-0000000000c1',
      projectId: '01890000-0000-7000-8000-0000000000c2',
      projectType: 'social-simple-low-risk',
      region: '441500',
      owner: { name: 'Works', creditCode: '91441500MA51XY201H' },
      lead: 'housing-construction',
      status: 'passed' as const,
      items: [
        {
          item: ARCHIVE,
          department: 'urban-construction-archive',
          status: 'committed' as const,
          round: 0,
          verifyBy: '2026-03-30',
          verification: {
            result: 'breached' as const,
            on: '2026-03-10',
            department: 'urban-construction-archive',
            by: 'r-1',
            findings: ['竣工档案缺少竣工图'],
            measures: ['rectify' as const],
            rectifyBy: '2026-03-20',
          },
          rectification,
        },
      ],
      registrationWithAcceptance: false,
      openedAt: '2026-03-02T02:00:00.000Z',
      version: 4,
      updatedAt: '2026-03-23T02:00:00.000Z',
    })
    const project = (type: string, rectification: object) =>
      byType(type).project({ case: caseWith(rectification), item: ARCHIVE, actor: 'r-1' }, EVENT)
    const reported = project('acceptance.commitment-rectification-reported', {
      reports: [
        { statement: '已补齐', reportedOn: '2026-03-16', reportedAt: '2026-03-16T02:00:00.000Z', reportedBy: 'o-1' },
      ],
    })
    expect(reported.timeline.summary).toContain('整改 reported by the owner (due 2026-03-20)')
    expect(reported.timeline).not.toHaveProperty('outcome')
    expect(reported.writes).toEqual([{ kind: 'acceptance', row: expect.objectContaining({ version: 4 }) }])
    expect(
      project('acceptance.commitment-rectification-overdue', { reports: [], overdueOn: '2026-03-21' }).timeline.summary,
    ).toContain('overdue (逾期未整改)')
    const escalated = project('acceptance.commitment-rectification-escalated', {
      reports: [],
      overdueOn: '2026-03-21',
      escalation: { on: '2026-03-23', by: 'r-1', measures: ['revoke', 'bar-commitment'], barredUntil: '2026-09-30' },
    }).timeline
    expect(escalated).toMatchObject({ outcome: 'escalated-revoke-bar' })
    expect(escalated.summary).toContain('barred until 2026-09-30')
    expect(Value.Check(TimelineView, { ...escalated, eventId: EVENT })).toBe(true)
    // …and the owner's status shows it, as approval's further measure's.
    expect(timelineEntryView(escalated)).toMatchObject({ outcome: 'escalated-revoke-bar' })
  })
})

describe('the issuing clock’s alerts on the timeline (发证时限)', () => {
  const issueClock = {
    applicationId: '01890000-0000-7000-8000-0000000000aa',
    projectId: '01890000-0000-7000-8000-0000000000bb',
    step: 'land',
    decidedOn: '2026-03-02',
    clock: { limit: { value: 10, unit: 'W' as const }, start: '2026-03-02', suspensions: [] },
    warnedOn: '2026-03-12',
    overdueOn: '2026-03-17',
  }
  const at = '2026-03-17T02:00:00.000Z'
  const summaryOf = (type: string, body: object) =>
    byType(type).project({ issueClock, at, ...body }, EVENT).timeline.summary

  it('names the due day the alert carries; an alert published before it was carried names none', () => {
    expect(summaryOf('issue-clock.warned', { dueOn: '2026-03-16' })).toBe(
      'Step land issuing clock (行政许可法第四十四条) warned on 2026-03-12: permits not issued yet, due 2026-03-16',
    )
    expect(summaryOf('issue-clock.overdue', { dueOn: '2026-03-16' })).toBe(
      'Step land issuing clock (行政许可法第四十四条) overdue on 2026-03-17: permits not issued, due 2026-03-16',
    )
    expect(summaryOf('issue-clock.overdue', {})).toBe(
      'Step land issuing clock (行政许可法第四十四条) overdue on 2026-03-17: permits not issued',
    )
  })
})

describe('a utility request’s advanced on the timeline: a step moved, or what it did to one permit', () => {
  const projectId = '01890000-0000-7000-8000-0000000000dd'
  const urban = { department: 'urban-management', appliedOn: '2026-03-03' }
  const owing = {
    kind: 'road-excavation' as const,
    ...urban,
    acceptedOn: '2026-03-03',
    deficiencies: [{ name: '管线平面图', suppliedOn: '2026-03-04' }, { name: '施工围蔽方案' }],
  }
  const advanced = (
    stage: ReturnType<typeof utilityRequest>['stage'],
    permits: ReturnType<typeof utilityRequest>['permits'],
    more: Record<string, unknown> = {},
    request: Partial<ReturnType<typeof utilityRequest>> = {},
  ) =>
    byType('utility.advanced').project(
      { request: utilityRequest(projectId, { provider: 'gas', stage, permits, ...request }), ...more },
      EVENT,
    ).timeline

  it('keeps a department’s decision, 容缺受理 and 容缺后补 as {kind, act}, and says each in its summary', () => {
    // One permit granted while another waits: the step stays.
    const granted = advanced(
      'outside-line-permits',
      [
        { ...owing, status: 'granted', grantedWithDeficiencies: true },
        { kind: 'green-space', status: 'requested', ...urban },
      ],
      { permitsDecided: ['road-excavation'] },
    )
    // Granted while 施工围蔽方案 is still owed: 办结（容缺通过）.
    expect(granted.permit).toEqual({ kind: 'road-excavation', act: 'granted', withDeficiencies: true })
    expect(granted.summary).toBe(
      'Utility gas: outside-line permit road-excavation granted with materials owed (容缺通过) by urban-management',
    )
    // The last one granted: the permits clock stopped with it (permitsDoneAt its instant), the step moved.
    const last = advanced(
      'construction',
      [{ ...owing, status: 'granted' }],
      { permitsDecided: ['road-excavation'] },
      {
        permitsDoneAt: '2026-03-03T01:00:00Z',
        updatedAt: '2026-03-03T01:00:00Z',
      },
    )
    expect(last.permit).toEqual({ kind: 'road-excavation', act: 'granted', permitsDone: true })
    expect(last.summary).toBe(
      'Utility gas: outside-line permit road-excavation granted by urban-management; permits done, now at construction',
    )
    const refused = advanced(
      'outside-line-permits',
      [{ kind: 'green-space', status: 'refused', ...urban, reason: '绿地保护' }],
      { permitsDecided: ['green-space'] },
    )
    expect(refused.permit).toEqual({ kind: 'green-space', act: 'refused' })
    expect(refused.summary).toBe('Utility gas: outside-line permit green-space refused by urban-management')

    const accepted = advanced('outside-line-permits', [{ ...owing, status: 'requested' }], {
      permitsDecided: [],
      permitDeficiency: { kind: 'road-excavation', act: 'accepted' },
    })
    expect(accepted.permit).toEqual({ kind: 'road-excavation', act: 'accepted' })
    expect(accepted.summary).toBe(
      'Utility gas: outside-line permit road-excavation accepted by urban-management with materials owed (容缺受理): 施工围蔽方案',
    )
    // A supply at construction: its snapshot stands at construction, but it moved no step.
    const supplied = advanced('construction', [{ ...owing, status: 'granted' }], {
      permitsDecided: [],
      permitDeficiency: { kind: 'road-excavation', act: 'supplied' },
    })
    expect(supplied.permit).toEqual({ kind: 'road-excavation', act: 'supplied' })
    expect(supplied.summary).toBe(
      'Utility gas: materials supplied for outside-line permit road-excavation (容缺后补); still owed: 施工围蔽方案',
    )
    for (const t of [granted, last, refused, accepted, supplied]) {
      const view = timelineEntryView(t)
      expect(view.permit).toEqual(t.permit)
      expect(Value.Check(TimelineView, view)).toBe(true)
    }
  })

  it('says a step moved as before: a move deciding nothing, a paper decision, and an event without the fields', () => {
    const requested = [{ kind: 'road-excavation' as const, status: 'requested' as const, ...urban }]
    for (const more of [{ permitsApplied: ['road-excavation'], permitsDecided: [] }, { permitsDecided: [] }, {}]) {
      const t = advanced('outside-line-permits', requested, more)
      expect(t).not.toHaveProperty('permit')
      expect(t.summary).toBe('Utility gas: now at outside-line-permits')
    }
    // An event published before `permitsDecided` reads as a step, even with a permit decided in its snapshot.
    const legacy = advanced('construction', [{ kind: 'road-excavation', status: 'granted', ...urban }])
    expect(legacy).not.toHaveProperty('permit')
    expect(legacy.summary).toBe('Utility gas: now at construction')
    // Another entry's stored permit is not shown.
    expect(
      timelineEntryView({ ...legacy, type: 'utility.connected', permit: { kind: 'road-excavation', act: 'granted' } }),
    ).not.toHaveProperty('permit')
  })
})

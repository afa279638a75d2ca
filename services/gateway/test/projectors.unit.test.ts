import {
  auditAnchoredEvents,
  CalendarPublishedV1,
  CatalogueActivatedV1,
  type EventDefinition,
  registry,
} from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readModelDefinition } from '../src/commands.js'
import { projectors, supersedes, type TaskSnapshot } from '../src/domain/projectors.js'
import { certificateOf, clockDayOf, statusTask } from '../src/domain/status.js'
import { applicationAccepted, notice, projectRegistered, stepDecided, task } from './events.js'

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
    // The one event the gateway does not read: it resolves no catalogue, so an activated version is skipped past.
    const unread = new Set<EventDefinition>([CatalogueActivatedV1])
    expect(projectors.map((p) => p.event.subject).sort()).toEqual(
      registry
        .filter((e) => !anchors.has(e) && !unread.has(e))
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
})

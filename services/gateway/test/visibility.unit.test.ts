import type { Actor } from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import type { TimelineRow } from '../src/domain/projectors.js'
import { NO_SHARED_RESULTS } from '../src/domain/shared-results.js'
import { visibilityOf, visibleStatus } from '../src/domain/visibility.js'
import type { ProjectStatus } from '../src/http/schemas.js'

// One project worked by two departments (housing leads the joint acceptance, fire has an item in it), with a
// consolidated 补正 notice asking for both, a utility request, a registration case and two certificates.

const P = '01900000-0000-7000-8000-000000000001'
const A = '01900000-0000-7000-8000-0000000000a1'
const T = { housing: '01900000-0000-7000-8000-0000000000b1', fire: '01900000-0000-7000-8000-0000000000b2' }
const CASE = '01900000-0000-7000-8000-0000000000c1'
const ev = (n: number) => `01900000-0000-7000-8000-0000000001${String(n).padStart(2, '0')}`

const request = (department: 'housing' | 'fire') => ({
  taskId: T[department],
  department,
  item: `${department}-permit`,
  materials: [`${department}-drawing`],
  reason: `${department} needs it`,
  requestedOn: '2026-03-03',
})

const task = (department: 'housing' | 'fire') => ({ taskId: T[department], department, item: `${department}-permit` })

const timelineRows: Array<TimelineRow & { department?: string }> = [
  ['project.registered', 'Project registered'],
  ['application.accepted', 'Application accepted'],
  ['task.assigned', 'housing task', 'housing'],
  ['task.assigned', 'fire task', 'fire'],
  ['task.clock-warned', 'fire clock yellow', 'fire'],
  ['supplement-notice.issued', '补正告知 v1: housing asks for housing-drawing; fire asks for fire-drawing'],
  ['step.decided', 'Step s approved (2 department decision(s))'],
  ['acceptance.started', 'Joint acceptance: 联合验收 application taken by housing: 2 item(s)'],
  ['acceptance.opinion-recorded', 'Joint acceptance: opinion recorded; 0 passed, rectify 消防 fire-permit'],
  ['acceptance.commitment-kept', 'Commitment: kept, verified by fire on 2026-04-01'],
  ['acceptance.commitment-breached', 'Commitment: not kept (x); housing: rectify by 2026-05-01'],
  ['utility.opened', 'Utility water: 报装 opened'],
  ['registration.case-opened', 'Registration: case opened'],
  ['certificate.issued', 'Certificate FIRE-1 «Fire permit» issued (permit)'],
  ['certificate.issued', 'Certificate PROP-1 «Property» issued (property)'],
  ['certificate.revoked', 'Certificate FIRE-1 revoked from 2026-04-02: obtained by deception'],
  ['certificate.revoked', 'Certificate PROP-1 revoked from 2026-04-02: obtained by deception'],
  // 证照异议: housing disputes fire's permit, fire answers; the registration office disputes housing's.
  ['objection.raised', 'Objection by housing to certificate FIRE-1 «Fire permit», for fire to check'],
  ['objection.answered', 'Objection by housing to certificate FIRE-1 answered by fire: upheld'],
  [
    'objection.raised',
    'Objection by registration-office to certificate HOUSING-1 «Housing permit», for housing to check',
  ],
].map(([type, summary, department], n) => ({
  eventId: ev(n),
  projectId: P,
  occurredAt: `2026-03-02T0${Math.floor(n / 10)}:${String(n % 10).padStart(2, '0')}:00.000Z`,
  type: type as string,
  subject: `permit.x.${type}.v1`,
  summary: summary as string,
  ...(department ? { department } : {}),
}))

const status = {
  project: { projectId: P },
  flow: [],
  currentStep: null,
  applications: [
    {
      applicationId: A,
      deficiencies: [{ material: 'm' }],
      decision: {
        outcome: 'approved',
        decidedAt: '2026-03-10T01:00:00Z',
        decidedOn: '2026-03-10',
        tasks: [
          { ...task('housing'), outcome: 'approved' },
          { ...task('fire'), outcome: 'approved' },
        ],
      },
      notices: [
        {
          noticeId: '01900000-0000-7000-8000-0000000000d1',
          version: 1,
          status: 'open',
          requests: [request('housing'), request('fire')],
          issuedAt: '2026-03-03T01:00:00Z',
        },
        {
          noticeId: '01900000-0000-7000-8000-0000000000d2',
          version: 1,
          status: 'open',
          requests: [request('fire')],
          issuedAt: '2026-03-03T01:00:00Z',
        },
      ],
    },
  ],
  tasks: [task('housing'), task('fire')],
  alerts: [{ alertId: ev(4), department: 'fire', taskId: T.fire }],
  timeline: timelineRows.map(({ eventId, occurredAt, type, summary }) => ({ eventId, occurredAt, type, summary })),
  acceptance: [
    {
      caseId: CASE,
      lead: 'housing',
      items: [
        { item: 'housing-permit', department: 'housing', status: 'committed' },
        { item: 'fire-permit', department: 'fire', status: 'rectify' },
      ],
    },
  ],
  utilities: [{ requestId: 'u1', provider: 'water' }],
  registration: [{ caseId: 'r1' }],
  certificates: [
    { certificateId: 'c1', kind: 'permit', number: 'FIRE-1', title: 'Fire permit', item: 'fire-permit' },
    { certificateId: 'c2', kind: 'property', number: 'PROP-1', title: 'Property' },
  ],
  wholeFlow: { allowed: null, steps: [], used: 0, withinCap: true },
  asOf: { instant: '2026-03-02T01:00:00Z', today: '2026-03-02' },
  shared: NO_SHARED_RESULTS,
  unreadable: [
    { kind: 'task', id: 'bad-housing', reason: 'x', department: 'housing' },
    { kind: 'acceptance', id: 'bad-case', reason: 'x' },
    { kind: 'project-flow', id: 'bad-flow', reason: 'x' },
  ],
} as unknown as ProjectStatus

const actors = {
  clerk: { sub: 'c', role: 'clerk' },
  supervisor: { sub: 's', role: 'supervisor' },
  admin: { sub: 'a', role: 'admin' },
  owner: { sub: 'o', role: 'owner', creditCode: 'A' },
  housing: { sub: 'r', role: 'reviewer', department: 'housing' },
  fire: { sub: 'r', role: 'reviewer', department: 'fire' },
  water: { sub: 'r', role: 'reviewer', department: 'water' },
  lead: { sub: 'l', role: 'lead', department: 'housing' },
  utility: { sub: 'u', role: 'utility', provider: 'water' },
  registrar: { sub: 'g', role: 'registrar' },
} as const satisfies Record<string, Actor>

/** What of the status a caller sees, reduced to names a row can be told by. */
function seen(actor: Actor) {
  const s = visibleStatus(status, timelineRows, actor)
  return {
    tasks: s.tasks.map((t) => t.department),
    alerts: s.alerts.map((a) => a.department),
    requests: s.applications.flatMap((a) => a.notices.flatMap((n) => n.requests.map((r) => r.department))),
    decisions: s.applications.flatMap((a) => a.decision?.tasks.map((t) => t.department) ?? []),
    acceptanceItems: s.acceptance.flatMap((c) => c.items.map((i) => i.department)),
    utilities: s.utilities.length,
    registration: s.registration.length,
    certificates: s.certificates.map((c) => c.number),
    timeline: s.timeline.map((e) => e.summary),
    unreadable: s.unreadable.map((u) => u.id),
    wholeFlow: s.wholeFlow !== null,
  }
}

const everything = seen(actors.clerk)

describe('what each role sees of a project', () => {
  it('the whole status for clerk, supervisor, admin and the owner', () => {
    expect(everything.tasks).toEqual(['housing', 'fire'])
    expect(everything.timeline).toHaveLength(timelineRows.length)
    for (const who of ['supervisor', 'admin', 'owner'] as const) {
      expect(visibleStatus(status, timelineRows, actors[who])).toBe(status)
    }
    expect(visibleStatus(status, timelineRows, actors.clerk)).toBe(status)
  })

  const table: Array<[keyof typeof actors, ReturnType<typeof seen>]> = [
    [
      'housing',
      {
        tasks: ['housing'],
        alerts: [],
        requests: ['housing'],
        decisions: ['housing'],
        // housing leads the case: it sees every item of it.
        acceptanceItems: ['housing', 'fire'],
        utilities: 0,
        registration: 0,
        // Every permit of a project it works on (004:1132), its own items' or not — never the property certificate.
        certificates: ['FIRE-1'],
        timeline: [
          'Project registered',
          'Application accepted',
          'housing task',
          '补正告知 v1: housing asks for housing-drawing',
          'Step s approved (2 department decision(s))',
          'Joint acceptance: 联合验收 application taken by housing: 2 item(s)',
          'Joint acceptance: opinion recorded; 0 passed, rectify 消防 fire-permit',
          'Commitment: not kept (x); housing: rectify by 2026-05-01',
          'Certificate FIRE-1 «Fire permit» issued (permit)',
          'Certificate FIRE-1 revoked from 2026-04-02: obtained by deception',
          // The objections it raised and the one it is to answer.
          'Objection by housing to certificate FIRE-1 «Fire permit», for fire to check',
          'Objection by housing to certificate FIRE-1 answered by fire: upheld',
          'Objection by registration-office to certificate HOUSING-1 «Housing permit», for housing to check',
        ],
        unreadable: ['bad-housing', 'bad-flow'],
        wholeFlow: true,
      },
    ],
    [
      'fire',
      {
        tasks: ['fire'],
        alerts: ['fire'],
        requests: ['fire', 'fire'],
        decisions: ['fire'],
        acceptanceItems: ['fire'],
        utilities: 0,
        registration: 0,
        certificates: ['FIRE-1'],
        timeline: [
          'Project registered',
          'Application accepted',
          'fire task',
          'fire clock yellow',
          '补正告知 v1: fire asks for fire-drawing; fire asks for fire-drawing',
          'Step s approved (2 department decision(s))',
          'Joint acceptance: 联合验收 application taken by housing: 2 item(s)',
          // Not the lead: the opinion's item names are left out.
          'Joint acceptance: opinion recorded',
          'Commitment: kept, verified by fire on 2026-04-01',
          'Certificate FIRE-1 «Fire permit» issued (permit)',
          'Certificate FIRE-1 revoked from 2026-04-02: obtained by deception',
          // The objection it is to answer, not the registration office's to housing.
          'Objection by housing to certificate FIRE-1 «Fire permit», for fire to check',
          'Objection by housing to certificate FIRE-1 answered by fire: upheld',
        ],
        unreadable: ['bad-flow'],
        wholeFlow: true,
      },
    ],
    [
      // A department with neither a task nor an item (the route lets it in only with a task; the rule holds anyway).
      'water',
      {
        tasks: [],
        alerts: [],
        requests: [],
        decisions: [],
        acceptanceItems: [],
        utilities: 0,
        registration: 0,
        certificates: [],
        timeline: [
          'Project registered',
          'Application accepted',
          '补正告知 v1',
          'Step s approved (2 department decision(s))',
        ],
        unreadable: ['bad-flow'],
        wholeFlow: true,
      },
    ],
    ...(['lead', 'utility', 'registrar'] as const).map(
      (who) =>
        [
          who,
          {
            tasks: [],
            alerts: [],
            requests: [],
            decisions: [],
            acceptanceItems: [],
            utilities: 0,
            registration: 0,
            certificates: [],
            timeline: [],
            unreadable: [],
            wholeFlow: false,
          },
        ] as [keyof typeof actors, ReturnType<typeof seen>],
    ),
  ]

  it.each(table)('%s', (who, expected) => {
    expect(seen(actors[who])).toEqual(expected)
  })

  it('names one rule per role', () => {
    expect(Object.fromEntries(Object.entries(actors).map(([k, a]) => [k, visibilityOf(a).kind]))).toEqual({
      clerk: 'whole',
      supervisor: 'whole',
      admin: 'whole',
      owner: 'whole',
      housing: 'department',
      fire: 'department',
      water: 'department',
      lead: 'none',
      utility: 'none',
      registrar: 'none',
    })
  })
})

describe("entries about the project as a whole reach every department's reviewer", () => {
  it('shows a reviewer the receipt, refusal, withdrawal and whole-flow alert entries, as it shows the acceptance', () => {
    const wide = [
      'application.received',
      'application.refused',
      'application.withdrawn',
      'flow.clock-warned',
      'flow.clock-overdue',
    ]
    const rows = wide.map((type, n) => ({
      eventId: ev(90 + n),
      projectId: P,
      occurredAt: `2026-03-03T00:0${n}:00.000Z`,
      type,
      subject: `permit.x.${type}.v1`,
      summary: type,
    }))
    const withWide = {
      ...status,
      timeline: [
        ...status.timeline,
        ...rows.map(({ eventId, occurredAt, type, summary }) => ({ eventId, occurredAt, type, summary })),
      ],
    }
    const s = visibleStatus(withWide, [...timelineRows, ...rows], actors.housing)
    expect(s.timeline.map((e) => e.summary).filter((x) => wide.includes(x))).toEqual(wide)
  })
})

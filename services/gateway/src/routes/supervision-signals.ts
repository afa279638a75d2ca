import { DepartmentCode, Instant, LegalDate } from '@onewindow/contracts'
import { ProblemError, unreadableLog } from '@onewindow/service-kit'
import { type Static, Type } from 'typebox'
import { Value } from 'typebox/value'
import type { StoredSignal } from '../db/signals.js'
import { conforming, eachRow, ViewMismatch } from '../domain/rows.js'
import { Unreadable } from '../http/schemas.js'
import { rangeProblem, regionPrefix } from '../http/stats-format.js'
import { authorised, type RoutePlugin } from './plugin.js'

/** Rows per page at most, and by default. */
export const MAX_SIGNALS_PAGE = 200
const DEFAULT_SIGNALS_PAGE = 50
/** Department figures answered at most (every department × item of a city is far fewer). */
const MAX_DEPARTMENT_FIGURES = 500

/** The per-period signal: not stored, computed over [from, to] at query time. */
const DEPARTMENT_KIND = 'department-over-limit' as const

/** Each stored kind as its own literal (domain/signals.ts `SIGNAL_KINDS`; the unit test checks they are the same). */
export const StoredKind = Type.Union([
  Type.Literal('late-acceptance'),
  Type.Literal('late-supplement'),
  Type.Literal('repeated-supplement'),
  Type.Literal('late-special-procedure'),
  Type.Literal('special-procedure-overrun'),
  Type.Literal('decided-overdue'),
])

const SignalsQuerystring = Type.Object(
  {
    kind: Type.Optional(Type.Union([StoredKind, Type.Literal(DEPARTMENT_KIND)])),
    department: Type.Optional(DepartmentCode),
    region: Type.Optional(
      Type.String({
        pattern: '^\\d{6}$',
        description: 'six-digit division code: a province (440000) or city (441500) includes the regions under it',
      }),
    ),
    /** First and last day raised (Asia/Shanghai), both included; with both, the department figures of the period too. */
    from: Type.Optional(LegalDate),
    to: Type.Optional(LegalDate),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SIGNALS_PAGE })),
    cursor: Type.Optional(
      Type.String({ pattern: '^[1-9][0-9]{0,17}$', description: 'the `next` of the previous page, as given' }),
    ),
  },
  { additionalProperties: false },
)

const Limit = Type.Object({ value: Type.Number(), unit: Type.Union([Type.Literal('W'), Type.Literal('N')]) })
const Evidence = Type.Object(
  {
    step: Type.Optional(Type.String()),
    itemName: Type.Optional(Type.String({ description: 'the item’s name, as approval published it' })),
    receivedOn: Type.Optional(Type.String({ description: '接件 day' })),
    acceptedOn: Type.Optional(Type.String({ description: '受理 day' })),
    workingDays: Type.Optional(Type.Integer({ description: 'working days after the receipt day to the acceptance' })),
    acceptedBy: Type.Optional(Type.Union([Type.Literal('clerk'), Type.Literal('law')])),
    clock: Type.Optional(
      Type.Union([Type.Literal('statutory'), Type.Literal('committed'), Type.Literal('special-procedure')]),
    ),
    limit: Type.Optional(Limit),
    used: Type.Optional(Type.Number({ description: 'units of the clock used when it happened' })),
    share: Type.Optional(Type.Number({ description: 'used ÷ limit' })),
    dueOn: Type.Optional(Type.String()),
    on: Type.Optional(Type.String({ description: 'the day it happened' })),
    rounds: Type.Optional(Type.Integer({ description: '补正 rounds used on the task' })),
    procedure: Type.Optional(Type.String({ description: '特别程序 kind' })),
    overdueBy: Type.Optional(Type.Number({ description: 'units past the due date on the decision day' })),
  },
  { additionalProperties: false },
)
const Signal = Type.Object({
  id: Type.String(),
  kind: StoredKind,
  ordinal: Type.Integer({ minimum: 1, description: 'which occurrence on the task or application (the 补正 round…)' }),
  projectId: Type.String(),
  projectCode: Type.Union([Type.String(), Type.Null()]),
  projectName: Type.Union([Type.String(), Type.Null()]),
  region: Type.Union([Type.String(), Type.Null()]),
  applicationId: Type.String(),
  taskId: Type.Union([Type.String(), Type.Null()]),
  department: Type.Union([Type.String(), Type.Null()]),
  item: Type.Union([Type.String(), Type.Null()]),
  raisedOn: LegalDate,
  raisedAt: Instant,
  evidence: Evidence,
})
const DepartmentFigure = Type.Object({
  kind: Type.Literal(DEPARTMENT_KIND),
  department: Type.String(),
  item: Type.String(),
  itemName: Type.Union([Type.String(), Type.Null()]),
  decided: Type.Integer({ description: 'tasks approved or rejected in the period with their working days counted' }),
  medianNet: Type.Number({ description: 'median working days used, pauses left out (as GET /supervision/stats)' }),
  committedLimit: Type.Number({ description: 'the committed limit (承诺时限) in working days' }),
})
const SignalsAnswer = Type.Object({
  signals: Type.Array(Signal),
  next: Type.Optional(Type.String({ description: 'cursor of the next page, when more follow' })),
  departments: Type.Array(DepartmentFigure, {
    description: 'departments (per item) whose median is above the committed limit over [from, to]: first page only',
  }),
  unreadable: Type.Array(Unreadable, {
    description: 'stored signals that could not be shown (`kind: signal`), left out of `signals`; the page goes on',
  }),
})

type Query = Static<typeof SignalsQuerystring>

const checkedSignal = conforming(Signal)

/**
 * A stored signal as the list answers it. A row this gateway cannot show — a kind it does not know (retired,
 * renamed, written by hand), a day or instant that is no legal one — throws `ViewMismatch` naming the field, and the
 * list leaves it out and names it (`eachRow`), as a bad stored row never breaks a list. Evidence fields that are not
 * what the schema says are left out, the rest shown; the row is still a signal of its kind.
 */
export function signalView(row: StoredSignal): Static<typeof Signal> {
  if (!Value.Check(StoredKind, row.kind)) {
    throw new ViewMismatch(`/kind ${JSON.stringify(row.kind).slice(0, 80)} is no signal kind this gateway knows`)
  }
  const given: Record<string, unknown> =
    row.evidence !== null && typeof row.evidence === 'object' && !Array.isArray(row.evidence) ? row.evidence : {}
  const evidence = Object.fromEntries(
    Object.entries(Evidence.properties).flatMap(([key, schema]) =>
      key in given && Value.Check(schema, given[key]) ? [[key, given[key]]] : [],
    ),
  )
  return checkedSignal({ ...row, kind: row.kind, evidence })
}

/**
 * 风险信号 (issue 15, deliverable 2): the clock-gaming signals the read model raised, newest first, with their
 * evidence, and the per-period department figure computed at query time — supervisor.
 */
export const supervisionSignalsRoutes: RoutePlugin = async (app, { deps }) => {
  const logUnreadable = unreadableLog()
  app.get(
    '/supervision/signals',
    {
      schema: {
        summary:
          'Clock-gaming signals with their evidence, newest first (cursor paging): late 受理, 补正 in the last fifth of a clock, a second 补正 round, 特别程序 late or overrunning, decided overdue without extension; with `from` and `to`, the departments whose median is above the committed limit over the period — supervisor',
        tags: ['queries'],
        querystring: SignalsQuerystring,
        response: { 200: SignalsAnswer },
      },
    },
    async (request) => {
      authorised(request, { action: 'supervision.stats' })
      const q: Query = request.query
      if (q.from !== undefined && q.to !== undefined) {
        const problem = rangeProblem(q.from, q.to)
        if (problem) {
          const errors = [{ field: '/querystring/to', message: problem }]
          throw new ProblemError(400, 'GATEWAY_SIGNALS_RANGE_INVALID', `to (${q.to}) ${problem}.`, { errors })
        }
      }
      const region = q.region === undefined ? {} : { regionPrefix: regionPrefix(q.region) }
      const department = q.department === undefined ? {} : { department: q.department }
      const limit = q.limit ?? DEFAULT_SIGNALS_PAGE
      const stored = q.kind === DEPARTMENT_KIND
      const rows = stored
        ? []
        : await deps.signals.list(request.actor, {
            ...region,
            ...department,
            ...(q.kind === undefined || q.kind === DEPARTMENT_KIND ? {} : { kind: q.kind }),
            ...(q.from === undefined ? {} : { from: q.from }),
            ...(q.to === undefined ? {} : { to: q.to }),
            ...(q.cursor === undefined ? {} : { before: BigInt(q.cursor) }),
            limit,
          })
      const page = rows.slice(0, limit)
      const last = page.at(-1)
      const periodic = q.from !== undefined && q.to !== undefined && q.cursor === undefined && (stored || !q.kind)
      const departments = periodic
        ? await deps.signals.departmentsOverLimit(request.actor, {
            from: q.from as string,
            to: q.to as string,
            ...region,
            ...department,
            limit: MAX_DEPARTMENT_FIGURES,
          })
        : []
      const shown = eachRow(
        page,
        'signal',
        (row) => row.id,
        signalView,
        (row) => row.department,
      )
      logUnreadable(request.log, shown.unreadable)
      return {
        signals: shown.views,
        ...(rows.length > limit && last ? { next: last.id } : {}),
        departments: departments.map((d) => ({ kind: DEPARTMENT_KIND, ...d })),
        unreadable: shown.unreadable,
      }
    },
  )
}

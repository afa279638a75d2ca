import { DepartmentCode, ItemCode, LegalDate } from '@onewindow/contracts'
import { ProblemError } from '@onewindow/service-kit'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import type { StatsBucket } from '../db/stats.js'
import { STAGES } from '../domain/stage-figures.js'
import {
  catalogueNames,
  groupKeysOf,
  prefersCsv,
  rangeProblem,
  regionPrefix,
  statsCsv,
  statsGroup,
  withProviderNames,
} from '../http/stats-format.js'
import { authorised, type RoutePlugin } from './plugin.js'

/** Groups answered at most: every step × department × item of a city is far fewer. */
export const MAX_STATS_GROUPS = 2000

const Filters = {
  /** First and last day of decision (Asia/Shanghai), both included; at most three years. */
  from: LegalDate,
  to: LegalDate,
  region: Type.Optional(
    Type.String({
      pattern: '^\\d{6}$',
      description: 'six-digit division code: a province (440000) or city (441500) includes the regions under it',
    }),
  ),
  stage: Type.Optional(
    Type.Union(
      STAGES.map((s) => Type.Literal(s)),
      {
        description:
          'whose figures: `approval` (the departments’ tasks, the default), or the cases of a later stage — `joint-acceptance` (联合验收, department = the lead), `first-registration` (不动产首次登记, no department), `utility-connection` (报装接入, department = the provider); a later stage has no step and no item',
      },
    ),
  ),
  step: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'flow step code' })),
  department: Type.Optional(DepartmentCode),
  item: Type.Optional(ItemCode),
  groupBy: Type.Optional(
    Type.String({
      pattern: '^(none|(step|department|item)(,(step|department|item)){0,2})$',
      maxLength: 30,
      description: '`none`, or group keys joined by commas (step, department, item)',
    }),
  ),
}
const StatsQuerystring = Type.Object(Filters, { additionalProperties: false })
const SeriesQuerystring = Type.Object(
  {
    ...Filters,
    bucket: Type.Union([Type.Literal('quarter'), Type.Literal('month'), Type.Literal('week')], {
      description: 'calendar quarter (季度), calendar month, or ISO week from Monday',
    }),
  },
  { additionalProperties: false },
)

const Share = Type.Number({ minimum: 0, maximum: 1 })
const OrNull = <T extends ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()])
// A catalogue code (at most 100 characters, as the catalogue's and the query's) and its Chinese name (at most 200, as
// the catalogue's `name.zh`), or the code again where no bundled catalogue names it.
const Key = (description: string) =>
  Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description }))
const KeyName = (description: string) => Type.Optional(Type.String({ maxLength: 200, description }))
const Group = Type.Object({
  period: Type.Optional(
    Type.String({
      maxLength: 10,
      description:
        'the bucket’s first day: the 1st of the quarter (1 January, April, July or October) or of the month, or a Monday',
    }),
  ),
  step: Key('present when grouped by step; null for tasks of no step'),
  stepName: KeyName(
    'present when grouped by step: its Chinese name (环节名称) in the catalogue of `region` (else the national one, else another region’s), the code itself where none names it, 未分环节 for tasks of no step — the CSV’s words',
  ),
  department: Key('present when grouped by department'),
  departmentName: KeyName(
    'present when grouped by department: its Chinese name as `stepName` is found (汕尾市住房城乡建设局 for region 441500, 住房城乡建设部门 for none) — the CSV’s words',
  ),
  item: Key('present when grouped by item'),
  itemName: KeyName('present when grouped by item: its Chinese name as `stepName` is found — the CSV’s words'),
  decided: Type.Integer({
    minimum: 1,
    description:
      'tasks approved or rejected in the range (a grant revoked since too: revokedShare); for a later stage, its cases that ended (acceptance passed or failed, registration completed, line connected)',
  }),
  measured: Type.Integer({ minimum: 0, description: 'of them, those whose working days were counted' }),
  medianNet: OrNull(Type.Number({ description: 'median working days used, pauses left out' })),
  p90Net: OrNull(Type.Number({ description: '90th percentile (interpolated) working days used, pauses left out' })),
  medianGross: OrNull(Type.Number({ description: 'median working days from acceptance to decision, pauses counted' })),
  p90Gross: OrNull(Type.Number()),
  overdueRate: OrNull(Type.Number({ minimum: 0, maximum: 1, description: 'share of measured decided after due' })),
  supplementRoundsPerTask: OrNull(
    Type.Number({ minimum: 0, description: 'mean 补正 rounds per decided task; null for a later stage' }),
  ),
  specialProcedureShare: OrNull(
    Type.Number({ minimum: 0, maximum: 1, description: 'working days in 特别程序 over gross working days' }),
  ),
  approvedShare: Share,
  rejectedShare: Share,
  revokedShare: Type.Number({
    minimum: 0,
    maximum: 1,
    description:
      'share decided and revoked since (撤销: a permit granted on a task, a joint acceptance’s pass), in neither approvedShare nor rejectedShare',
  }),
  commitmentShare: Type.Number({
    minimum: 0,
    maximum: 1,
    description:
      'share approved on commitment (告知承诺), whether revoked since or not: how the decision was made, beside approvedShare/rejectedShare/revokedShare, not a part of them',
  }),
})
const StatsAnswer = Type.Object({
  from: Type.String({ maxLength: 10 }),
  to: Type.String({ maxLength: 10 }),
  groupBy: Type.Array(Type.String({ maxLength: 10 }), { maxItems: 3 }),
  bucket: Type.Optional(Type.String({ maxLength: 7 })),
  stage: Type.Optional(Type.String({ maxLength: 20, description: 'the stage asked for, when one was' })),
  groups: Type.Array(Group, { maxItems: MAX_STATS_GROUPS }),
  truncated: Type.Boolean({ description: `more than ${MAX_STATS_GROUPS} groups: the first ones only` }),
})

// Both media types in OpenAPI; the CSV is written by `statsCsv` (its own serializer), not from a schema.
const Answered = {
  content: {
    'application/json': { schema: StatsAnswer },
    'text/csv': {
      schema: Type.String({
        description:
          'UTF-8 with a BOM; a Chinese header row; each key grouped by as its code and its Chinese name; CRLF rows',
      }),
    },
  },
}

type Filters = Static<typeof StatsQuerystring> & { bucket?: StatsBucket }

/**
 * Supervision figures (issue 15 deliverable 1, the dashboard of issue 14 screen 6) over the decided tasks of the read
 * model, computed by PostgreSQL (db/stats.ts), as JSON or, for `Accept: text/csv`, as CSV with a UTF-8 BOM.
 */
export const supervisionStatsRoutes: RoutePlugin = async (app, { deps }) => {
  const answer = async (request: FastifyRequest, reply: FastifyReply, q: Filters, defaultGroupBy: string) => {
    authorised(request, { action: 'supervision.stats' })
    const problem = rangeProblem(q.from, q.to)
    if (problem) {
      const errors = [{ field: '/querystring/to', message: problem }]
      throw new ProblemError(400, 'GATEWAY_STATS_RANGE_INVALID', `to (${q.to}) ${problem}.`, { errors })
    }
    const keys = groupKeysOf(q.groupBy ?? defaultGroupBy)
    const series = q.bucket !== undefined
    const rows = await deps.stats(request.actor, {
      from: q.from,
      to: q.to,
      ...(q.region === undefined ? {} : { regionPrefix: regionPrefix(q.region) }),
      ...(q.stage === undefined ? {} : { stage: q.stage }),
      ...(q.step === undefined ? {} : { step: q.step }),
      ...(q.department === undefined ? {} : { department: q.department }),
      ...(q.item === undefined ? {} : { item: q.item }),
      ...(q.bucket === undefined ? {} : { bucket: q.bucket }),
      groupBy: keys,
      limit: MAX_STATS_GROUPS,
    })
    const truncated = rows.length > MAX_STATS_GROUPS
    const shown = rows.slice(0, MAX_STATS_GROUPS)
    // One table of names for both media types: the dashboard shows the JSON's, and must say what its CSV says.
    const regionNames = catalogueNames(q.region)
    const names = q.stage === 'utility-connection' ? withProviderNames(regionNames) : regionNames
    reply.header('vary', 'Accept')
    if (prefersCsv(request.headers.accept)) {
      const name = `supervision-stats-${q.from}-${q.to}${q.stage ? `-${q.stage}` : ''}${series ? `-${q.bucket}` : ''}.csv`
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('x-truncated', String(truncated))
        .serializer((payload: unknown) => payload as string)
        .send(statsCsv(shown, keys, series, names))
    }
    return {
      from: q.from,
      to: q.to,
      groupBy: keys,
      ...(series ? { bucket: q.bucket } : {}),
      ...(q.stage === undefined ? {} : { stage: q.stage }),
      groups: shown.map((r) => statsGroup(r, keys, series, names)),
      truncated,
    }
  }

  app.get(
    '/supervision/stats',
    {
      schema: {
        summary:
          'Supervision figures per step, department and item over the tasks decided in [from, to]: count, median and 90th percentile working days used (net and gross), overdue rate, 补正 rounds per task, share of time in 特别程序, shares approved / rejected / on commitment — supervisor; CSV for `Accept: text/csv`',
        tags: ['queries'],
        querystring: StatsQuerystring,
        response: { 200: Answered },
      },
    },
    (request, reply) => answer(request, reply, request.query, 'step,department,item'),
  )

  app.get(
    '/supervision/stats/series',
    {
      schema: {
        summary:
          'The same figures per calendar quarter, month or ISO week of decision (`bucket`), for the dashboard’s charts; not grouped unless `groupBy` says so — supervisor; CSV for `Accept: text/csv`',
        tags: ['queries'],
        querystring: SeriesQuerystring,
        response: { 200: Answered },
      },
    },
    (request, reply) => answer(request, reply, request.query, 'none'),
  )
}

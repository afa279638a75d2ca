import { LegalDate } from '@onewindow/contracts'
import { ProblemError } from '@onewindow/service-kit'
import { Type } from 'typebox'
import { MAX_PARALLEL_REGIONS } from '../db/data-quality.js'
import { SHARED_IN_MINUTES, SHARED_IN_WORKING_DAYS } from '../domain/data-quality.js'
import { rangeProblem, regionPrefix } from '../http/stats-format.js'
import { authorised, type RoutePlugin } from './plugin.js'

const Share = (description: string) =>
  Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description })
const Count = (description: string) => Type.Integer({ minimum: 0, description })
const Source = Type.String({ maxLength: 100, description: 'the seed line that sets it (file:line)' })

const timeliness = (what: string) => ({
  inTime: Count(`rows shared ${what}`),
  late: Count(`rows shared later, or not shared and already past ${what}`),
  open: Count('rows not shared yet and still inside their time: not counted in the share'),
  measured: Count('inTime + late'),
  share: Share('inTime ÷ measured; null with nothing measured'),
})

const Region = Type.Object({
  region: Type.String({
    maxLength: 6,
    description: 'six-digit division code: a city, or a district with its own target',
  }),
  name: Type.Union([Type.String({ maxLength: 50 }), Type.Null()]),
  decided: Count('tasks approved or rejected, and outside-line permits decided on the platform, in the range'),
  parallel: Count('of them, handled in parallel'),
  rate: Share('parallel ÷ decided'),
  target: Share('the plan’s 并联审批率 for the region; null where no seed sets one'),
  source: Type.Union([Source, Type.Null()]),
  met: Type.Union([Type.Boolean(), Type.Null()], { description: 'rate ≥ target; null without both' }),
})

const Answer = Type.Object({
  from: Type.String({ maxLength: 10 }),
  to: Type.String({ maxLength: 10 }),
  region: Type.Optional(Type.String({ maxLength: 6 })),
  parallel: Type.Object({
    decided: Count(
      'tasks approved or rejected in the range (as 办理效能’s 办结件数), and outside-line permits decided on the platform',
    ),
    parallel: Count('of them, handled in parallel: docs/spgl.md, "Data-quality figures"'),
    rate: Share('并联审批率 of every region asked for together'),
    regions: Type.Array(Region, { maxItems: MAX_PARALLEL_REGIONS }),
    truncated: Type.Boolean({ description: `more than ${MAX_PARALLEL_REGIONS} project regions: the first ones only` }),
  }),
  sharedInMinutes: Type.Object({
    ...timeliness(`within ${SHARED_IN_MINUTES.minutes} minutes of their event`),
    minutes: Type.Integer({ const: SHARED_IN_MINUTES.minutes }),
    target: Type.Number({ const: SHARED_IN_MINUTES.target, description: '10分钟内共享比例 to reach' }),
    source: Source,
  }),
  sharedInWorkingDays: Type.Object({
    ...timeliness(`by the ${SHARED_IN_WORKING_DAYS.workingDays}th working day after their event’s day`),
    workingDays: Type.Integer({ const: SHARED_IN_WORKING_DAYS.workingDays }),
    source: Source,
  }),
})

/**
 * 数据质量 — the 监督看板's data-quality card (docs/spgl.md, "Data-quality figures"): 并联审批率 per region beside its
 * target, and how much of the data reached the national data-sharing tables in time (10 minutes; 7 working days for
 * licences and filings). Supervisor.
 */
export const dataQualityRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/supervision/data-quality',
    {
      schema: {
        summary:
          '并联审批率 per region against its target, and the share of the data-sharing rows shared within 10 minutes of their event (and, of licences and filings, within 7 working days), over [from, to] — supervisor',
        tags: ['queries'],
        querystring: Type.Object(
          {
            from: LegalDate,
            to: LegalDate,
            region: Type.Optional(
              Type.String({
                pattern: '^\\d{6}$',
                description: 'six-digit division code: a province or city includes the regions under it',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Answer },
      },
    },
    async (request) => {
      authorised(request, { action: 'supervision.stats' })
      const q = request.query
      const problem = rangeProblem(q.from, q.to)
      if (problem) {
        const errors = [{ field: '/querystring/to', message: problem }]
        throw new ProblemError(400, 'GATEWAY_STATS_RANGE_INVALID', `to (${q.to}) ${problem}.`, { errors })
      }
      const figures = await deps.dataQuality(request.actor, {
        from: q.from,
        to: q.to,
        ...(q.region === undefined ? {} : { regionPrefix: regionPrefix(q.region) }),
        now: deps.clock.now(),
      })
      return {
        from: q.from,
        to: q.to,
        ...(q.region === undefined ? {} : { region: q.region }),
        parallel: { ...figures.parallel, truncated: figures.truncated },
        sharedInMinutes: { ...figures.sharedInMinutes, ...SHARED_IN_MINUTES },
        sharedInWorkingDays: { ...figures.sharedInWorkingDays, ...SHARED_IN_WORKING_DAYS },
      }
    },
  )
}

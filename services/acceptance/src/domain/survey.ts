import type { Actor, CommissionSurveyBody, SurveyCommissionSnapshot, SurveyResultsBody } from '@onewindow/contracts'
import { ok, type Result, refuse } from '@onewindow/vocabulary'
import { SURVEY_EXEMPT_TYPES, SURVEY_ITEMS, SURVEY_SOURCE } from '../survey-catalogue.js'

/** 多测合一 — one commission as the service keeps it: exactly its snapshot. */
export type Commission = SurveyCommissionSnapshot

export type SurveyEvent = 'commissioned' | 'completed'
export type SurveyChange = { commission: Commission; event: SurveyEvent }

export type CommissionInput = {
  commissionId: string
  project: { projectId: string; projectType: string; owner: { creditCode: string } }
  /** The project's commissions: one per stage, at the completion stage one per building and one for the whole. */
  commissions: readonly Commission[]
  actor: Actor
  body: CommissionSurveyBody
  at: string
  today: string
}

const field = (path: string, message: string) => ({ errors: [{ field: path, message }] })

/**
 * The owner commissions one surveying unit for one stage; the stage's survey items are merged into it. A project kind
 * needing no local surveying has nothing to commission; a stage already commissioned is not commissioned twice. At the
 * completion stage a building (`part`, 竣工一幢、验收一幢、登记一幢) is surveyed on its own: one commission per
 * building, besides at most one for the whole project; the earlier stages survey the whole project only.
 */
export function commissionSurvey(input: CommissionInput): Result<SurveyChange> {
  const { project, actor, body } = input
  if (actor.role !== 'owner' || actor.creditCode !== project.owner.creditCode) {
    return refuse({ code: 'ACCEPTANCE_NOT_THE_OWNER', message: "Only the project's owner commissions its surveys." })
  }
  const exempt = SURVEY_EXEMPT_TYPES[project.projectType]
  if (exempt) {
    return refuse({
      code: 'ACCEPTANCE_SURVEY_EXEMPT',
      message: `${exempt} needs no local surveying service: 多测合一 does not apply (${SURVEY_SOURCE}).`,
      details: { projectType: project.projectType, source: SURVEY_SOURCE },
    })
  }
  if (body.part !== undefined && body.stage !== 'completion') {
    return refuse({
      code: 'ACCEPTANCE_SURVEY_PART_NOT_COMPLETION',
      message: `Only the completion stage is surveyed building by building; the ${body.stage} stage covers the whole project.`,
      details: { stage: body.stage, ...field('/body/part', 'is for the completion stage only') },
    })
  }
  const existing = input.commissions.find((c) => c.stage === body.stage && c.part === body.part)
  if (existing && body.part !== undefined) {
    return refuse({
      code: 'ACCEPTANCE_SURVEY_PART_ALREADY_COMMISSIONED',
      message: `The completion survey of ${body.part} is commissioned already (${existing.commissionId}): one commission per building, results shared.`,
      details: {
        commissionId: existing.commissionId,
        part: body.part,
        ...field('/body/part', 'is commissioned already'),
      },
    })
  }
  if (existing) {
    return refuse({
      code: 'ACCEPTANCE_SURVEY_ALREADY_COMMISSIONED',
      message: `The ${body.stage} stage is commissioned already (${existing.commissionId}): one commission per stage, results shared.`,
      details: { commissionId: existing.commissionId, ...field('/body/stage', 'is commissioned already') },
    })
  }
  return ok({
    event: 'commissioned',
    commission: {
      commissionId: input.commissionId,
      projectId: project.projectId,
      ownerCreditCode: project.owner.creditCode,
      stage: body.stage,
      ...(body.part === undefined ? {} : { part: body.part }),
      surveyor: body.surveyor,
      items: SURVEY_ITEMS[body.stage].map(({ item, name, source }) => ({ item, name, source })),
      status: 'commissioned',
      commissionedAt: input.at,
      commissionedOn: input.today,
      revision: 1,
    },
  })
}

/** The surveying unit named on the commission: any other caller is told it does not exist. */
export const isSurveyorOf = (c: Commission, actor: Actor): boolean =>
  actor.role === 'surveyor' && actor.creditCode === c.surveyor.creditCode

/**
 * The surveying unit records the results of every merged item, once: each result is stored once and read by every
 * user of it. A result for an item outside the commission, a missing item or an item given twice is refused.
 */
export function recordResults(c: Commission, body: SurveyResultsBody, at: string): Result<SurveyChange> {
  if (c.status !== 'commissioned') {
    return refuse({
      code: 'ACCEPTANCE_SURVEY_COMPLETED',
      message: `The commission's results are recorded already (${c.completedAt}); they are shared, never surveyed again.`,
      details: { commissionId: c.commissionId },
    })
  }
  const merged = new Set(c.items.map((i) => i.item))
  const errors = body.results.flatMap((r, i) => {
    if (!merged.has(r.item))
      return [{ field: `/body/results/${i}/item`, message: `${r.item} is not an item of this commission` }]
    if (body.results.findIndex((o) => o.item === r.item) !== i)
      return [{ field: `/body/results/${i}/item`, message: `${r.item} is given twice` }]
    return []
  })
  const given = new Set(body.results.map((r) => r.item))
  const missing = c.items.filter((i) => !given.has(i.item)).map((i) => i.item)
  if (missing.length > 0) errors.push({ field: '/body/results', message: `misses ${missing.join(', ')}` })
  if (errors.length > 0) {
    return refuse({
      code: 'ACCEPTANCE_SURVEY_RESULTS_INVALID',
      message: 'The results must cover every merged item of the commission once, and nothing else.',
      details: { errors, ...(missing.length ? { missing } : {}) },
    })
  }
  return ok({
    event: 'completed',
    commission: { ...c, status: 'completed', results: body.results, completedAt: at, revision: c.revision + 1 },
  })
}

/**
 * The completed completion-stage survey a joint-acceptance case of `part` uses: its building's own, else the whole
 * project's; the survey names the building it measured, so registration passes only that building's pre-survey.
 */
export function completionSurveyOf(commissions: readonly Commission[], part?: string) {
  const completed = (p: string | undefined) =>
    commissions.find((x) => x.stage === 'completion' && x.status === 'completed' && x.part === p)
  const c = (part ? completed(part) : undefined) ?? completed(undefined)
  if (!c?.results || !c.completedAt) return undefined
  return {
    commissionId: c.commissionId,
    ...(c.part === undefined ? {} : { part: c.part }),
    surveyor: c.surveyor,
    completedAt: c.completedAt,
    results: c.results,
  }
}

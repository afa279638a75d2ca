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
  /** The project's commission for the same stage, when there is one: one per stage. */
  existing?: Commission
  actor: Actor
  body: CommissionSurveyBody
  at: string
  today: string
}

const field = (path: string, message: string) => ({ errors: [{ field: path, message }] })

/**
 * The owner commissions one surveying unit for one stage; the stage's survey items are merged into it. A project kind
 * needing no local surveying has nothing to commission; a stage already commissioned is not commissioned twice.
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
  if (input.existing) {
    return refuse({
      code: 'ACCEPTANCE_SURVEY_ALREADY_COMMISSIONED',
      message: `The ${body.stage} stage is commissioned already (${input.existing.commissionId}): one commission per stage, results shared.`,
      details: { commissionId: input.existing.commissionId, ...field('/body/stage', 'is commissioned already') },
    })
  }
  return ok({
    event: 'commissioned',
    commission: {
      commissionId: input.commissionId,
      projectId: project.projectId,
      ownerCreditCode: project.owner.creditCode,
      stage: body.stage,
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

/** The completed completion-stage commission's results, as a joint-acceptance case carries them; else undefined. */
export function completionSurveyOf(commissions: readonly Commission[]) {
  const c = commissions.find((x) => x.stage === 'completion' && x.status === 'completed')
  if (!c?.results || !c.completedAt) return undefined
  return { commissionId: c.commissionId, surveyor: c.surveyor, completedAt: c.completedAt, results: c.results }
}

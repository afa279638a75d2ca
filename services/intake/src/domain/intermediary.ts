import type {
  Actor,
  AssessedAreaSnapshot,
  ChooseIntermediaryBody,
  DeliverIntermediaryResultBody,
  IntermediaryEngagementSnapshot,
  IntermediaryService,
} from '@onewindow/contracts'
import { ok, type Result, refuse } from '@onewindow/vocabulary'
import { type Calendar, dueDate } from '@onewindow/workdays'
import { areaResultFor, type IntermediaryReport } from './land.js'
import { refusal } from './problems.js'

/** 中介服务 — one chosen intermediary's engagement, as intake keeps it: exactly its snapshot. */
export type Engagement = IntermediaryEngagementSnapshot

export type Moment = { at: string; today: string; by: string }

/**
 * The owner chooses, freely, one intermediary on the published list for one service of its project (004:1333: firms
 * may not be forced to use a particular intermediary — so only the owner chooses, never a department). Its clock is
 * the intermediary's own published limit in working days from today (its work inside the flow, 004:1792).
 */
export function chooseIntermediary(
  existing: Engagement | undefined,
  input: {
    engagementId: string
    project: { projectId: string; ownerCreditCode: string; region: string }
    actor: Actor
    body: ChooseIntermediaryBody
    list: readonly IntermediaryService[]
    calendar: Calendar
    /** Whether the project's catalogue has an item: another region's item is not on its flow. */
    catalogueHas: (item: string) => boolean
    /** The assessed area (区域评估) the project stands in, if any. */
    area?: AssessedAreaSnapshot
  },
  moment: Moment,
): Result<Engagement> {
  const { actor, body, project } = input
  if (actor.role !== 'owner' || actor.creditCode !== project.ownerCreditCode) {
    return refuse({ code: 'INTAKE_NOT_YOUR_PROJECT', message: "Only the project's owner chooses its intermediaries." })
  }
  const service = input.list.find((s) => s.code === body.service)
  if (!service) {
    const message = `${body.service} is not on the published list of mandatory intermediary services.`
    return refuse(
      refusal('INTAKE_INTERMEDIARY_UNKNOWN', message, [{ field: '/body/service', code: 'unknown', message }]),
    )
  }
  // 区域评估: the area's published result stands for the project's own report (004:2265), so no firm is engaged for it.
  const covering = service.assessment ? areaResultFor(input.area, service.assessment) : undefined
  if (covering && input.area) {
    const message = `${service.name} is covered by the regional assessment of ${input.area.name}: its result ${covering.documentRef} (${covering.issuedOn}) stands for the project's own report.`
    return refuse(
      refusal('INTAKE_INTERMEDIARY_COVERED_BY_AREA', message, [{ field: '/body/service', code: 'covered', message }], {
        areaId: input.area.areaId,
        areaName: input.area.name,
        subject: service.assessment,
        documentRef: covering.documentRef,
        issuedOn: covering.issuedOn,
      }),
    )
  }
  const offer = service.offers.find((o) => o.creditCode === body.intermediary)
  if (!offer) {
    const message = `${body.intermediary} does not offer ${service.code} on the published list.`
    return refuse(
      refusal('INTAKE_INTERMEDIARY_UNKNOWN', message, [{ field: '/body/intermediary', code: 'unknown', message }]),
    )
  }
  if (existing) {
    return refuse({
      code: 'INTAKE_INTERMEDIARY_ALREADY_CHOSEN',
      message: `The project has chosen ${existing.intermediary.name} for ${service.name} already.`,
      details: { engagementId: existing.engagementId },
    })
  }
  const limit = { value: offer.limitW, unit: 'W' as const }
  const clock = { limit, start: moment.today, suspensions: [], region: project.region }
  return ok({
    engagementId: input.engagementId,
    projectId: project.projectId,
    ownerCreditCode: project.ownerCreditCode,
    service: {
      code: service.code,
      name: service.name,
      source: service.source,
      decidesOn: service.decidesOn.filter((d) => input.catalogueHas(d.item)),
    },
    intermediary: { name: offer.name, creditCode: offer.creditCode, grade: offer.grade },
    feeFen: offer.feeFen,
    conditions: offer.conditions,
    clock,
    dueOn: dueDate(input.calendar, { start: moment.today, limit, region: project.region }),
    status: 'engaged',
    engagedAt: moment.at,
    engagedBy: moment.by,
    revision: 1,
    updatedAt: moment.at,
  })
}

/** Whether the actor is the intermediary the engagement names. */
export const isEngaged = (e: Engagement, actor: Actor): boolean =>
  actor.role === 'intermediary' && actor.creditCode === e.intermediary.creditCode

/** The chosen intermediary delivers its result, once; its clock stops. */
export function deliver(
  e: Engagement,
  actor: Actor,
  body: DeliverIntermediaryResultBody,
  moment: Moment,
): Result<Engagement> {
  if (!isEngaged(e, actor)) {
    return refuse({ code: 'INTAKE_INTERMEDIARY_NOT_FOUND', message: `No engagement ${e.engagementId}.` })
  }
  if (e.status === 'delivered') {
    return refuse({ code: 'INTAKE_INTERMEDIARY_DELIVERED', message: 'The result is delivered already.' })
  }
  return ok({
    ...e,
    status: 'delivered',
    delivered: { at: moment.at, on: moment.today, documentRef: body.documentRef },
    revision: e.revision + 1,
    updatedAt: moment.at,
  })
}

/** Overdue the day after its due date with nothing delivered: raised once (undefined when not, or already). */
export function overdue(e: Engagement, today: string, at: string): Engagement | undefined {
  if (e.status !== 'engaged' || e.overdueAt !== undefined || today <= e.dueOn) return undefined
  return { ...e, overdueAt: at, revision: e.revision + 1, updatedAt: at }
}

/**
 * The assessment reports a project's intermediaries have delivered, for the window's checklist: a delivered
 * engagement whose listed service is the report of an assessment subject. Undelivered work is still the owner's to
 * bring (or to wait for): the window asks for it as before.
 */
export function deliveredReports(
  engagements: readonly Engagement[],
  list: readonly IntermediaryService[],
): IntermediaryReport[] {
  return engagements.flatMap((e) => {
    const subject = list.find((s) => s.code === e.service.code)?.assessment
    if (e.status !== 'delivered' || !e.delivered || !subject) return []
    return [
      {
        subject,
        engagementId: e.engagementId,
        serviceName: e.service.name,
        intermediaryName: e.intermediary.name,
        documentRef: e.delivered.documentRef,
        deliveredOn: e.delivered.on,
      },
    ]
  })
}

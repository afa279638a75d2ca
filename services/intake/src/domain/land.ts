import type {
  ApplicationLandList,
  AssessedAreaSnapshot,
  CoveredAssessment,
  DeliveredReport,
  LandPlotSnapshot,
  PublishAreaBody,
  PublishPlotBody,
} from '@onewindow/contracts'
import { ok, type Result, refuse } from '@onewindow/vocabulary'
import { isLegalDate, type LegalDate } from '@onewindow/workdays'
import { ASSESSED_STEPS, ASSESSMENTS } from '../assessment-catalogue.js'
import type { StepMaterial } from './application.js'
import { type NoticeLine, refusal } from './problems.js'

/** `at` the instant, `today` its legal date, `by` who publishes: arguments, never read here. */
export type PublishCtx = { id: string; at: string; today: LegalDate; by: string }

/**
 * 区域评估 published (004:2265): one result per subject, issued on a real day not after today; the exception list
 * (例外清单) names each subject once. A subject both assessed and excepted is kept as excepted: its projects are
 * assessed one by one regardless.
 */
export function decideAreaPublication(body: PublishAreaBody, ctx: PublishCtx): Result<AssessedAreaSnapshot> {
  const lines: NoticeLine[] = []
  const seen = new Set<string>()
  body.results.forEach((r, i) => {
    if (seen.has(r.subject)) {
      lines.push({ field: `/results/${i}/subject`, code: 'INTAKE_AREA_INVALID', message: `${r.subject} twice` })
    }
    seen.add(r.subject)
    if (!isLegalDate(r.issuedOn) || r.issuedOn > ctx.today) {
      lines.push({
        field: `/results/${i}/issuedOn`,
        code: 'INTAKE_AREA_INVALID',
        message: `${r.issuedOn} is not a day on or before today (${ctx.today})`,
      })
    }
  })
  if (lines.length > 0) {
    return refuse(refusal('INTAKE_AREA_INVALID', 'The area cannot be published as given.', lines))
  }
  return ok({
    areaId: ctx.id,
    code: body.code,
    name: body.name,
    kind: body.kind,
    region: body.region,
    results: body.results,
    exceptions: body.exceptions,
    publishedAt: ctx.at,
    publishedOn: ctx.today,
    publishedBy: ctx.by,
  })
}

/**
 * The most distinct materials a plot's land-condition list may name across its entries. Every accepted item's pinned
 * guide takes them beside its own (at most `MAX_ITEM_MATERIALS` of @onewindow/catalogue) and the step's assessment
 * reports, and the task holds the three to `MAX_GUIDE_MATERIALS` of @onewindow/contracts; a test keeps the sum so.
 */
export const MAX_PLOT_MATERIALS = 80

/**
 * 用地清单 published at the land sale (004:2263): the sale is a real day not after today, the plot lies in an area of
 * its own region when it names one, each utility has at most one connection point, and the entries name at most
 * {@link MAX_PLOT_MATERIALS} materials between them.
 */
export function decidePlotPublication(
  body: PublishPlotBody,
  area: AssessedAreaSnapshot | undefined,
  ctx: PublishCtx,
): Result<LandPlotSnapshot> {
  const lines: NoticeLine[] = []
  if (!isLegalDate(body.soldOn) || body.soldOn > ctx.today) {
    lines.push({
      field: '/soldOn',
      code: 'INTAKE_PLOT_INVALID',
      message: `${body.soldOn} is not a day on or before today (${ctx.today})`,
    })
  }
  if (body.areaId && (!area || area.region !== body.region)) {
    lines.push({
      field: '/areaId',
      code: 'INTAKE_PLOT_INVALID',
      message: area ? `area ${area.code} is in region ${area.region}` : `no area ${body.areaId}`,
    })
  }
  const utilities = new Set<string>()
  body.connectionPoints.forEach((c, i) => {
    if (utilities.has(c.utility)) {
      lines.push({
        field: `/connectionPoints/${i}/utility`,
        code: 'INTAKE_PLOT_INVALID',
        message: `${c.utility} has a connection point already`,
      })
    }
    utilities.add(c.utility)
  })
  const materials = new Set(body.entries.flatMap((e) => e.materials ?? []))
  if (materials.size > MAX_PLOT_MATERIALS) {
    lines.push({
      field: '/entries',
      code: 'INTAKE_PLOT_INVALID',
      message: `the entries name ${materials.size} materials between them; at most ${MAX_PLOT_MATERIALS}`,
    })
  }
  if (lines.length > 0) {
    return refuse(refusal('INTAKE_PLOT_INVALID', 'The plot cannot be published as given.', lines))
  }
  return ok({
    plotId: ctx.id,
    plotCode: body.plotCode,
    name: body.name,
    region: body.region,
    ...(body.areaId ? { areaId: body.areaId } : {}),
    soldOn: body.soldOn,
    entries: body.entries,
    connectionPoints: body.connectionPoints,
    publishedAt: ctx.at,
    publishedOn: ctx.today,
    publishedBy: ctx.by,
  })
}

/** An area or plot of another region cannot hold a project of this one. */
export function decideLink(
  project: { region: string },
  land: { region: string; kind: 'area' | 'plot'; code: string },
): Result<void> {
  if (land.region === project.region) return ok(undefined)
  return refuse({
    code: 'INTAKE_LAND_REGION_MISMATCH',
    message: `The ${land.kind} ${land.code} is in region ${land.region}, the project in ${project.region}.`,
    details: { errors: [{ field: land.kind === 'area' ? '/areaId' : '/plotId', message: 'another region' }] },
  })
}

export type StepAssessments = {
  /** The reports the step asks this project for: it is in no area, or the area does not cover them. */
  asked: StepMaterial[]
  /** The reports the area's results stand for, with the citation. */
  covered: CoveredAssessment[]
  /** The reports the project's intermediaries delivered (中介服务): taken from the engagement, not from the owner. */
  delivered: DeliveredReport[]
}

/** A delivered intermediary report as the checklist cites it, before it is matched to the step's material. */
export type IntermediaryReport = Omit<DeliveredReport, 'material' | 'name'>

/** Whether a step asks for assessment reports at all: only then are the project's area and reports read. */
export const isAssessedStep = (step: string) => ASSESSED_STEPS.some((s) => s.step === step)

/**
 * The assessments a step asks for (`ASSESSED_STEPS`): a project in an assessed area is not assessed again for what
 * the area's results cover (004:2265, 004:3452), except for subjects on the area's exception list; a report the
 * project's chosen intermediary has delivered is not asked of the owner again (004:1792) — the area first, since no
 * intermediary is engaged for what it covers.
 */
export function stepAssessments(
  step: string,
  area: AssessedAreaSnapshot | undefined,
  reports: readonly IntermediaryReport[] = [],
): StepAssessments {
  if (!isAssessedStep(step)) return { asked: [], covered: [], delivered: [] }
  const asked: StepMaterial[] = []
  const covered: CoveredAssessment[] = []
  const delivered: DeliveredReport[] = []
  for (const a of ASSESSMENTS) {
    const result = areaResultFor(area, a.subject)
    const report = reports.find((r) => r.subject === a.subject)
    if (area && result) {
      covered.push({
        subject: a.subject,
        name: a.name,
        material: a.material.code,
        areaId: area.areaId,
        areaName: area.name,
        documentRef: result.documentRef,
        issuedOn: result.issuedOn,
        source: a.source,
      })
    } else if (report) {
      delivered.push({ ...report, material: a.material.code, name: a.material.name })
    } else {
      asked.push({ code: a.material.code, name: a.material.name, required: true, deficiencyAllowed: false })
    }
  }
  return { asked, covered, delivered }
}

/**
 * The area's result that stands for a project's own assessment of `subject`: the area has one and does not list the
 * subject as an exception (例外清单, 004:2265). One rule for the checklist and for the intermediaries it spares.
 */
export function areaResultFor(area: AssessedAreaSnapshot | undefined, subject: string) {
  if (!area || area.exceptions.some((e) => e === subject)) return undefined
  return area.results.find((r) => r.subject === subject)
}

/** The subject a material code is the report of. */
export const assessmentOf = (material: string) => ASSESSMENTS.find((a) => a.material.code === material)?.subject

/**
 * The land-condition list as approval enforces it on an application: the step's checklist (asked at the window)
 * and the materials the list's entries name are all a department may ask for (004:2263 不得擅自增加清单外的要求).
 */
export function applicationLandList(plot: LandPlotSnapshot, checklist: readonly string[]): ApplicationLandList {
  const materials = new Set(checklist)
  for (const e of plot.entries) for (const m of e.materials ?? []) materials.add(m)
  return {
    plotId: plot.plotId,
    plotCode: plot.plotCode,
    name: plot.name,
    publishedOn: plot.publishedOn,
    materials: [...materials],
  }
}

/**
 * 用地清单: the requirements the plot's list names are asked by every department of the project (004:2263), beside
 * what each item's service guide asks: each accepted item's `materials` takes the list's entries' materials too.
 */
export function withPlotAsks<I extends { materials?: string[] }>(items: readonly I[], plot: LandPlotSnapshot): I[] {
  const entries = plot.entries.flatMap((e) => e.materials ?? [])
  return items.map((item) =>
    item.materials === undefined ? item : { ...item, materials: [...new Set([...item.materials, ...entries])] },
  )
}

type Hookup = { provider: string; connectionPoint?: { plotCode: string; point: string; requirement: string } }

/**
 * 用地清单: each hookup the form names takes its connection point and requirement from the plot's list (宗地周边供水、
 * 供电、供气、通讯连接点和接驳要求, 004:2263), so the provider works from the list and the owner files nothing more. A
 * utility the list has no point for (drainage) is left as the form gave it.
 */
export function withConnectionPoints<H extends Hookup>(
  utilities: readonly H[],
  plot: LandPlotSnapshot | undefined,
): H[] {
  if (!plot) return [...utilities]
  return utilities.map((u) => {
    const c = plot.connectionPoints.find((p) => p.utility === u.provider)
    return c ? { ...u, connectionPoint: { plotCode: plot.plotCode, point: c.point, requirement: c.requirement } } : u
  })
}

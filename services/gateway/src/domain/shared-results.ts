import type {
  AssessedAreaSnapshot,
  AssistedCaseSnapshot,
  IntermediaryEngagementSnapshot,
  LandPlotSnapshot,
} from '@onewindow/contracts'
import {
  SharedAreaView,
  SharedAssistedCaseView,
  SharedIntermediaryView,
  SharedPlotView,
  type SharedResultsView,
  type Unreadable,
} from '../http/schemas.js'
import { ASSISTED_MODE_NAMES } from './projectors.js'
import { conforming, eachRow } from './rows.js'

// The shared results a project uses (issue 18: docs/shared-results.md, docs/assisted-service.md), from the read
// model's `shared_result` rows: each row is turned into its view on its own, so one bad row is an `unreadable` entry
// of its kind and the rest of the status stands, as the forecast and every other part do.

/** One `shared_result` row as `project_status` reads it: its part, its key and the snapshot as intake sent it. */
export type SharedStatusRow = { part: string; key: string; body: unknown }

const checkArea = conforming(SharedAreaView)
const checkPlot = conforming(SharedPlotView)
const checkCase = conforming(SharedAssistedCaseView)
const checkIntermediary = conforming(SharedIntermediaryView)

export function areaView(a: AssessedAreaSnapshot) {
  const exceptions = new Set(a.exceptions)
  return checkArea({
    areaId: a.areaId,
    code: a.code,
    name: a.name,
    kind: a.kind,
    covered: a.results
      .filter((r) => !exceptions.has(r.subject))
      .map((r) => ({ subject: r.subject, documentRef: r.documentRef, issuedOn: r.issuedOn, assessedBy: r.assessedBy })),
    exceptions: [...a.exceptions],
    publishedOn: a.publishedOn,
  })
}

export function plotView(p: LandPlotSnapshot) {
  return checkPlot({
    plotId: p.plotId,
    plotCode: p.plotCode,
    name: p.name,
    soldOn: p.soldOn,
    publishedOn: p.publishedOn,
    entries: p.entries.map((e) => ({ kind: e.kind, text: e.text, materials: [...(e.materials ?? [])] })),
    connectionPoints: p.connectionPoints.map((c) => ({
      utility: c.utility,
      point: c.point,
      requirement: c.requirement,
    })),
  })
}

export function assistedCaseView(c: AssistedCaseSnapshot) {
  const next = c.visits
    .filter((v) => v.status === 'scheduled' || v.status === 'due')
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.visitId.localeCompare(b.visitId))[0]
  // A stored row is not trusted to carry a mode the contract knows: an unknown one makes this row unreadable.
  const modeName = (ASSISTED_MODE_NAMES as Record<string, string | undefined>)[c.mode]
  if (modeName === undefined) throw new RangeError(`/mode ${String(c.mode)} is not a mode of 帮办代办`)
  return checkCase({
    caseId: c.caseId,
    status: c.status,
    mode: c.mode,
    modeName,
    helper: { sub: c.helper.sub, name: c.helper.name },
    stages: [...c.stages],
    freeOfCharge: c.freeOfCharge,
    nextVisit: next
      ? {
          visitId: next.visitId,
          purpose: next.purpose,
          channel: next.channel,
          dueOn: next.dueOn,
          status: next.status === 'due' ? ('due' as const) : ('scheduled' as const),
        }
      : null,
    visitsRecorded: c.visits.filter((v) => v.status === 'recorded').length,
    actsOnBehalf: c.acts.length,
  })
}

/**
 * An engagement with its clock: read today while the intermediary works, on the day it delivered once it has (the
 * clock stopped then), as a decided task keeps the level it finished with.
 */
export function intermediaryView<C>(
  g: IntermediaryEngagementSnapshot,
  today: string,
  clockOn: (spec: IntermediaryEngagementSnapshot['clock'], day: string) => C,
) {
  const deliveredOn = g.delivered?.on
  const day = deliveredOn !== undefined && deliveredOn < today ? deliveredOn : today
  return checkIntermediary({
    engagementId: g.engagementId,
    service: { code: g.service.code, name: g.service.name },
    intermediary: { name: g.intermediary.name, creditCode: g.intermediary.creditCode, grade: g.intermediary.grade },
    status: g.status,
    dueOn: g.dueOn,
    ...(deliveredOn === undefined ? {} : { deliveredOn }),
    ...(g.delivered ? { documentRef: g.delivered.documentRef } : {}),
    decidesOn: (g.service.decidesOn ?? []).map((d) => ({ item: d.item, name: d.name })),
    clock: clockOn(g.clock, day),
  })
}

const keyOf = (r: SharedStatusRow) => r.key
const ofPart = (rows: readonly SharedStatusRow[], part: string) => rows.filter((r) => r.part === part)

/** The project's shared results, each row on its own; the bad ones as `unreadable` (`shared-<part>`, its key). */
export function sharedResults<C>(
  rows: readonly SharedStatusRow[],
  today: string,
  clockOn: (spec: IntermediaryEngagementSnapshot['clock'], day: string) => C,
): { shared: SharedResultsView; unreadable: Unreadable[] } {
  const area = eachRow(ofPart(rows, 'area'), 'shared-area', keyOf, (r) => areaView(r.body as AssessedAreaSnapshot))
  const plot = eachRow(ofPart(rows, 'plot'), 'shared-plot', keyOf, (r) => plotView(r.body as LandPlotSnapshot))
  const assisted = eachRow(ofPart(rows, 'assisted-case'), 'shared-assisted-case', keyOf, (r) =>
    assistedCaseView(r.body as AssistedCaseSnapshot),
  )
  const intermediaries = eachRow(ofPart(rows, 'intermediary'), 'shared-intermediary', keyOf, (r) =>
    intermediaryView(r.body as IntermediaryEngagementSnapshot, today, clockOn),
  )
  return {
    shared: {
      area: area.views[0] ?? null,
      plot: plot.views[0] ?? null,
      assistedCase: assisted.views[0] ?? null,
      intermediaries: intermediaries.views.slice(0, 20) as SharedResultsView['intermediaries'],
    },
    unreadable: [...area.unreadable, ...plot.unreadable, ...assisted.unreadable, ...intermediaries.unreadable],
  }
}

/** A status with no shared results (a project the read model has only as promised, or a view that shows none). */
export const NO_SHARED_RESULTS: SharedResultsView = { area: null, plot: null, assistedCase: null, intermediaries: [] }

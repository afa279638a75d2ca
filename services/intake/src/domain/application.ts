import type { Catalogue, FlowStep } from '@onewindow/catalogue'
import type { AcceptedItem, CoveredAssessment, DeliveredReport, OpenApplicationBody } from '@onewindow/contracts'
import { type Limit, ok, type Result, refuse } from '@onewindow/vocabulary'
import { type Calendar, dueDate, isLegalDate, type LegalDate, parseLegalDate } from '@onewindow/workdays'
import type { Static } from 'typebox'
import { decideFollowOns, type FollowOnDecision, readStatedFacts } from './follow-ons.js'
import type { StepAssessments } from './land.js'
import { type NoticeLine, refusal } from './problems.js'
import { deliveryChoiceLines } from './result-delivery.js'
import { readContact, readUtilities } from './utilities.js'

const limitOf = (l: Limit | undefined): Limit | undefined => (l ? { value: l.value, unit: l.unit } : undefined)

/**
 * When an item taken on commitment has no committed limit, its verification is due within 20 working days:
 * the general limit for deciding an administrative licence (行政许可法 第四十二条), the longest a department may
 * take anyway, so verification never outlasts the decision it checks.
 */
export const DEFAULT_VERIFY_LIMIT: Limit = { value: 20, unit: 'W' }

/** What the step asks for: one entry per material code, merged over the step's items. */
export type StepMaterial = { code: string; name: string; required: boolean; deficiencyAllowed: boolean }

export type AcceptedApplication = {
  outcome: 'accepted' | 'accepted-with-deficiencies'
  items: Array<Static<typeof AcceptedItem>>
  deficiencies: Array<{ material: string; name: string; promisedOn: LegalDate }>
  /** 告知承诺 items: verified by `verifyBy`, counted `limit` from the acceptance day (kept for re-projection). */
  commitments: Array<{ item: string; verifyBy: LegalDate; limit: Limit }>
  /** The hookups named in `form.utilities`, for the utility service. */
  utilities: ReturnType<typeof readUtilities>['utilities']
  /** 申请联系人/联系电话 for the hookups' providers: read only when `utilities` names any. */
  contact?: ReturnType<typeof readContact>['contact']
  /** 区域评估: the assessment reports not asked, each with the area's result it stands on. */
  coveredAssessments: CoveredAssessment[]
  /** 中介服务: the assessment reports taken from the project's intermediaries, each with its engagement. */
  deliveredReports: DeliveredReport[]
  /** The material codes the window asked for (the checklist), for the land-condition list's rule in approval. */
  checklist: string[]
  /** 后续事项 of the step: those pinned, and those withheld because a fact stated in the form fails their `onlyIf`. */
  followOns: FollowOnDecision
}

export type OpeningContext = {
  catalogue: Catalogue
  step: FlowStep
  region: string
  today: LegalDate
  calendar: Calendar
  /**
   * 失信: the owner is on the dishonesty list, so nothing may be accepted as owed (容缺) nor approved on commitment
   * (告知承诺) — 004:2235 不允许其通过告知承诺、容缺受理等方式办理有关手续.
   */
  ownerDishonest: boolean
  /**
   * 告知承诺 bar (004:1860 禁止选择告知承诺): the owner's longest bar, from a commitment an approving department found not
   * kept; it bars commitments through `until` (inclusive), read against `today`.
   */
  commitmentBar?: { until: string; item: string; department: string }
  /** The assessment reports the step asks of this project, those its area covers and those delivered (land.ts). */
  assessments?: StepAssessments
}

/** The step's items that the project needs: those no `exemptIf` rule exempts (the catalogue judged it on its facts). */
export const neededItems = (step: FlowStep) =>
  step.items.filter((item) => !step.exemptItems?.some((e) => e.item === item.code))

/** The union of the step's items' materials; a material is required if any item requires it, owed only if all allow. */
export function stepMaterials(step: FlowStep): StepMaterial[] {
  const byCode = new Map<string, StepMaterial>()
  for (const item of neededItems(step)) {
    for (const m of item.materials) {
      const known = byCode.get(m.code)
      byCode.set(
        m.code,
        known
          ? {
              ...known,
              required: known.required || m.required,
              deficiencyAllowed: known.deficiencyAllowed && m.deficiencyAllowed,
            }
          : { code: m.code, name: m.name.zh, required: m.required, deficiencyAllowed: m.deficiencyAllowed },
      )
    }
  }
  return [...byCode.values()]
}

/**
 * 一窗受理: accept the application, with deficiencies (容缺) and commitments (告知承诺) where the catalogue allows
 * them, or refuse it with one complete notice (一次性告知) listing every problem at once.
 */
export function decideOpening(body: OpenApplicationBody, ctx: OpeningContext): Result<AcceptedApplication> {
  const { catalogue, step, today } = ctx
  const materials = new Map([...stepMaterials(step), ...(ctx.assessments?.asked ?? [])].map((m) => [m.code, m]))
  const covered = new Map((ctx.assessments?.covered ?? []).map((c) => [c.material, c]))
  const delivered = new Map((ctx.assessments?.delivered ?? []).map((d) => [d.material, d]))
  const lines: NoticeLine[] = []
  const line = (field: string, code: string, message: string) => lines.push({ field, code, message })

  const submitted = new Set<string>()
  body.materials.forEach((m, i) => {
    const byArea = covered.get(m.code)
    const byIntermediary = delivered.get(m.code)
    if (byArea) {
      line(
        `/materials/${i}/code`,
        'INTAKE_MATERIAL_COVERED_BY_AREA',
        `"${m.code}" is not asked: area ${byArea.areaName}'s ${byArea.name} result (${byArea.documentRef}, ${byArea.issuedOn}) stands for it`,
      )
    } else if (byIntermediary) {
      // One report, kept once: the engagement's is the one departments read, so a second copy is not taken.
      line(
        `/materials/${i}/code`,
        'INTAKE_MATERIAL_DELIVERED_BY_INTERMEDIARY',
        `"${m.code}" is not asked: ${byIntermediary.intermediaryName} delivered it (${byIntermediary.documentRef}, ${byIntermediary.deliveredOn}) for ${byIntermediary.serviceName}`,
      )
    } else if (!materials.has(m.code)) {
      line(`/materials/${i}/code`, 'INTAKE_MATERIAL_UNKNOWN', `"${m.code}" is not a material of step ${step.step.code}`)
    } else if (submitted.has(m.code)) {
      line(`/materials/${i}/code`, 'INTAKE_MATERIAL_DUPLICATE', `"${m.code}" is submitted more than once`)
    }
    submitted.add(m.code)
  })

  const owed = new Map<string, LegalDate>()
  const deficiencies = body.deficiencies ?? []
  deficiencies.forEach((d, i) => {
    const material = materials.get(d.code)
    if (!material) {
      line(
        `/deficiencies/${i}/code`,
        'INTAKE_MATERIAL_UNKNOWN',
        `"${d.code}" is not a material of step ${step.step.code}`,
      )
      return
    }
    if (submitted.has(d.code) || owed.has(d.code)) {
      line(
        `/deficiencies/${i}/code`,
        'INTAKE_MATERIAL_DUPLICATE',
        `"${d.code}" is both submitted and owed, or owed twice`,
      )
      return
    }
    let ok = true
    if (!material.deficiencyAllowed) {
      ok = false
      line(
        `/deficiencies/${i}`,
        'INTAKE_DEFICIENCY_NOT_ALLOWED',
        `"${d.code}" (${material.name}) may not be owed (容缺 is not allowed for it); it must be submitted`,
      )
    }
    if (!isLegalDate(d.promisedOn) || d.promisedOn <= today) {
      ok = false
      line(
        `/deficiencies/${i}/promisedOn`,
        'INTAKE_PROMISED_DATE_NOT_FUTURE',
        `"${d.code}" is promised on ${d.promisedOn}, which must be a date after today (${today})`,
      )
    }
    // A deficiency refused above still counts as named, so its material is not reported missing a second time.
    owed.set(d.code, ok ? d.promisedOn : '')
  })
  if (ctx.ownerDishonest && deficiencies.length > 0) {
    line(
      '/deficiencies',
      'INTAKE_OWNER_ON_DISHONESTY_LIST',
      'the owner is on the dishonesty list (失信); every material must be submitted, none may be owed',
    )
  }

  for (const m of materials.values()) {
    if (m.required && !submitted.has(m.code) && !owed.has(m.code)) {
      line(
        `/materials/${m.code}`,
        'INTAKE_MATERIAL_MISSING',
        `"${m.code}" (${m.name}) is required and was not submitted`,
      )
    }
  }

  const stepItems = new Map(neededItems(step).map((item) => [item.code, item]))
  const committed = new Set<string>()
  ;(body.commitments ?? []).forEach((c, i) => {
    const item = stepItems.get(c.item)
    if (!item) {
      line(
        `/commitments/${i}/item`,
        'INTAKE_COMMITMENT_ITEM_NOT_IN_STEP',
        `"${c.item}" is not an item of step ${step.step.code}`,
      )
    } else if (!item.commitmentAllowed) {
      line(
        `/commitments/${i}/item`,
        'INTAKE_COMMITMENT_NOT_ALLOWED',
        `"${c.item}" (${item.name.zh}) may not be approved on commitment (告知承诺)`,
      )
    } else if (committed.has(c.item)) {
      line(`/commitments/${i}/item`, 'INTAKE_COMMITMENT_DUPLICATE', `"${c.item}" is committed more than once`)
    }
    committed.add(c.item)
  })
  if (ctx.ownerDishonest && (body.commitments ?? []).length > 0) {
    line(
      '/commitments',
      'INTAKE_OWNER_ON_DISHONESTY_LIST',
      'the owner is on the dishonesty list (失信); no item may be approved on commitment (告知承诺), each is examined in full',
    )
  }
  const bar = ctx.commitmentBar
  if (bar && bar.until >= ctx.today && (body.commitments ?? []).length > 0) {
    line(
      '/commitments',
      'INTAKE_OWNER_BARRED_FROM_COMMITMENT',
      `the owner may not choose 告知承诺 until ${bar.until}: its commitment on ${bar.item} was found not kept (${bar.department}); each item is examined in full`,
    )
  }

  const { utilities, lines: utilityLines } = readUtilities(body.form)
  lines.push(...utilityLines)
  const { contact, lines: contactLines } = utilities.length > 0 ? readContact(body.form) : { lines: [] }
  lines.push(...contactLines)
  lines.push(...deliveryChoiceLines(body.delivery))
  const stated = readStatedFacts(body.form, step.followOns ?? [])
  lines.push(...stated.lines)

  if (lines.length > 0) {
    return refuse(
      refusal(
        'INTAKE_APPLICATION_INCOMPLETE',
        `The application cannot be accepted; every problem is listed (一次性告知): ${lines
          .map((l) => `${l.field} ${l.message}`)
          .join('; ')}.`,
        lines,
      ),
    )
  }

  const stepLimit = limitOf(step.limit)
  // The step's assessment reports are asked by its guide, of no one item: each item may ask for them. One the area
  // covers or an intermediary delivered is not asked (collected upstream, 004:1070), so no item may ask for it.
  const assessed = (ctx.assessments?.asked ?? []).map((m) => m.code)
  // An item the catalogue lists no materials for has no guide in it to bound a 补正 by: nothing is pinned.
  const guideAsks = (item: (typeof step.items)[number]) => {
    const asks = [...new Set([...item.materials.map((m) => m.code), ...assessed])]
    return asks.length > 0 ? { materials: asks } : {}
  }
  const items = neededItems(step).map((item) => {
    const statutoryLimit = limitOf(item.statutoryLimit)
    const statutoryExtension = statutoryLimit ? limitOf(item.statutoryExtension) : undefined
    const committedLimit = limitOf(item.committedLimit) ?? stepLimit
    const department = catalogue.department(item.department)
    return {
      item: item.code,
      department: item.department,
      itemName: item.name.zh,
      departmentName: department?.name.zh ?? item.department,
      ...(statutoryLimit ? { statutoryLimit } : {}),
      ...(statutoryExtension ? { statutoryExtension } : {}),
      ...(committedLimit ? { committedLimit } : {}),
      specialProcedures: item.specialProcedures.map((p) => {
        const limit = limitOf(p.limit)
        return { kind: p.kind, ...(limit ? { limit } : {}) }
      }),
      onCommitment: committed.has(item.code),
      // 指南之外无材料: what the guide asks of the owner goes with the item, so its department's 补正 is bound by it.
      ...guideAsks(item),
    }
  })
  const accepted = [...owed].map(([code, promisedOn]) => ({
    material: code,
    name: materials.get(code)?.name ?? code,
    promisedOn,
  }))
  const commitments = [...committed].map((code) => {
    const limit = limitOf(stepItems.get(code)?.committedLimit) ?? DEFAULT_VERIFY_LIMIT
    return { item: code, verifyBy: dueDate(ctx.calendar, { start: today, limit, region: ctx.region }), limit }
  })
  return ok({
    outcome: accepted.length > 0 ? 'accepted-with-deficiencies' : 'accepted',
    items,
    deficiencies: accepted,
    commitments,
    utilities,
    ...(contact ? { contact } : {}),
    coveredAssessments: [...covered.values()],
    deliveredReports: [...delivered.values()],
    checklist: [...materials.keys()],
    followOns: decideFollowOns(step.followOns ?? [], stated.facts),
  })
}

/** The state of an application that curing and the step decision change. */
export type ApplicationState = {
  /**
   * `withdrawn`: its receipt was withdrawn (撤件) or, accepted, the applicant withdrew it in approval (撤回); `refused`:
   * not accepted (不受理 / 不予受理) — docs/legal-time.md. Like a rejection, none of them owes or releases anything.
   */
  status: 'open' | 'approved' | 'rejected' | 'withdrawn' | 'refused'
  certificate: 'none' | 'withheld' | 'released'
  /** Materials still owed (容缺 not yet cured). */
  owed: string[]
}

export type CureResult = { cured: string[]; remaining: string[]; release: boolean }

/** 容缺 cured: the owner hands in owed materials; the certificate is released when the last one arrives after approval. */
export function decideCure(state: ApplicationState, codes: readonly string[]): Result<CureResult> {
  if (state.status !== 'open' && state.status !== 'approved') {
    return refuse({
      code: 'INTAKE_APPLICATION_CLOSED',
      message: `The application was ${state.status}; nothing can be cured.`,
    })
  }
  if (state.owed.length === 0) {
    return refuse({ code: 'INTAKE_NOTHING_OWED', message: 'No material of this application is owed.' })
  }
  const lines: NoticeLine[] = []
  const seen = new Set<string>()
  codes.forEach((code, i) => {
    if (!state.owed.includes(code)) {
      lines.push({ field: `/materials/${i}/code`, code: 'INTAKE_MATERIAL_NOT_OWED', message: `"${code}" is not owed` })
    } else if (seen.has(code)) {
      lines.push({
        field: `/materials/${i}/code`,
        code: 'INTAKE_MATERIAL_NOT_OWED',
        message: `"${code}" is handed in twice`,
      })
    }
    seen.add(code)
  })
  if (lines.length > 0) {
    return refuse(
      refusal('INTAKE_MATERIAL_NOT_OWED', `Materials not owed: ${lines.map((l) => l.field).join(', ')}.`, lines, {
        owed: state.owed,
      }),
    )
  }
  const cured = [...seen]
  const remaining = state.owed.filter((c) => !seen.has(c))
  return ok({ cured, remaining, release: state.status === 'approved' && remaining.length === 0 })
}

export type StepOutcome = {
  status: ApplicationState['status']
  certificate: ApplicationState['certificate']
  release: boolean
}

/**
 * The step was decided by approval: approved releases the certificate unless materials are still owed (then it is
 * withheld until the last cure); rejected closes the application. A second decision changes nothing.
 */
export function evolveOnStepDecided(
  state: ApplicationState,
  outcome: 'approved' | 'rejected',
): StepOutcome | undefined {
  if (state.status !== 'open') return undefined
  if (outcome === 'rejected') return { status: 'rejected', certificate: 'none', release: false }
  const release = state.owed.length === 0
  return { status: 'approved', certificate: release ? 'released' : 'withheld', release }
}

/**
 * 撤回: approval closed the application's tasks at the applicant's request. An application still open ends
 * `withdrawn` — it owes nothing more, and its step may be applied for again; a decided one keeps its decision.
 */
export function evolveOnWithdrawn(state: ApplicationState): StepOutcome | undefined {
  if (state.status !== 'open') return undefined
  return { status: 'withdrawn', certificate: 'none', release: false }
}

/** An application's materials owed and not yet reported overdue, each with the day the owner promised it. */
export type OwingApplication = {
  status: ApplicationState['status']
  owed: Array<{ material: string; promisedOn: string }>
}

/**
 * 容缺 overdue: the owed materials whose promised day is before `today`. A rejected, withdrawn or refused
 * application owes nothing any more. A promised day that is no legal date (a row stored before dates were checked) cannot be judged, and throws.
 */
export function overdueMaterials(
  app: OwingApplication,
  today: LegalDate,
): Array<{ material: string; promisedOn: LegalDate }> {
  if (app.status !== 'open' && app.status !== 'approved') return []
  return app.owed.flatMap((d) => {
    const promised = parseLegalDate(d.promisedOn)
    if (!promised.ok) throw promised.error
    return promised.value < today ? [{ material: d.material, promisedOn: promised.value }] : []
  })
}

import {
  type Actor,
  type DrawQualityRoundBody,
  type PublishedQualityInspection,
  QUALITY_SUPERVISION_DEPARTMENT,
  type QualityInspectionSnapshot,
  type QualityInspector,
  type QualityRiskGrade,
  type ReassignQualityInspectionBody,
  type RecordQualityResultBody,
} from '@onewindow/contracts'
import { ok, type Result, refuse } from '@onewindow/vocabulary'

/**
 * 工程质量安全监督 "双随机、一公开" (004:1856): the supervision body draws random projects from those under supervision
 * and random inspectors from its pool; an assigned inspector records the result, which is public. Pure: the random
 * source comes in as a function (a seeded one, `seededRandom`), never `Math.random`, so a round is a function of its seed and inputs.
 */
export type Inspection = QualityInspectionSnapshot

export const QUALITY_SOURCE = '004:1856'

/**
 * 社会投资简易低风险项目 and 城镇老旧小区及既有建筑改造项目: "原则上只开展一次工程质量安全监督检查" (004:1856).
 * Both are graded low: the seed gives them the lightest supervision of all.
 */
const ONCE_ONLY_TYPES: ReadonlySet<string> = new Set(['social-simple-low-risk', 'old-compound-renovation'])

/** The catalogue's other types it names low-risk (low-risk fit-out, low-risk outside lines): low, inspected as needed. */
const LOW_RISK_TYPES: ReadonlySet<string> = new Set([
  ...ONCE_ONLY_TYPES,
  'office-fit-out-low-risk',
  'utility-outside-line-low-risk',
])

/** A project's quality-safety risk grade (质量安全风险等级), from its type alone: what every project carries. */
export const riskGradeOf = (projectType: string): QualityRiskGrade =>
  LOW_RISK_TYPES.has(projectType) ? 'low' : 'ordinary'

/** Whether a project of this type is inspected, in principle, only once (原则上只开展一次). */
export const isOnceOnly = (projectType: string): boolean => ONCE_ONLY_TYPES.has(projectType)

/**
 * 差别化监管: an ordinary-grade project is three times as likely to be drawn as a low-grade one. Weighted, not always
 * included: 双随机 means any supervised project may be drawn, and "always include the riskier ones" would make the
 * draw predictable; the weight points the body's limited inspections at the higher grade (004:1856 根据质量安全风险等级
 * 情况…开展差别化监管).
 */
export const DRAW_WEIGHT: Readonly<Record<QualityRiskGrade, number>> = { low: 1, ordinary: 3 }

/**
 * A seeded random source in [0, 1): mulberry32, 32-bit state. The same seed gives the same sequence; the service
 * draws the seed itself and records it on the round, so nobody picks a favourable draw. Repeating a round takes its
 * candidates and pool as well, which are not kept (docs/quality-supervision.md "Repeating a round").
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A project under supervision, as the draw needs it: its construction permit is granted. */
export type SupervisedProject = {
  projectId: string
  projectType: string
  ownerCreditCode: string
  name?: string | undefined
  projectCode?: string | undefined
  /** How many times it was drawn before (any round, recorded or not). */
  inspections: number
  /** Whether a drawn inspection of it waits for its result. */
  open: boolean
  /**
   * Whether its works are finished: its joint completion acceptance (联合验收) passed and the pass stands — the whole
   * project's, or, built under unit-work permits alone, every permitted unit work's.
   */
  finished: boolean
}

/**
 * Whether a project may be drawn: its works are not finished (supervision runs 在施工过程中, 004:1856: a passed joint
 * acceptance ends it), none of its inspections is open, and a once-only project was never drawn.
 */
export const isDrawable = (p: SupervisedProject): boolean =>
  !p.finished && !p.open && !(isOnceOnly(p.projectType) && p.inspections > 0)

export type DrawInput = {
  roundId: string
  seed: number
  /** The random source of the round, seeded with `seed`. */
  random: () => number
  /** Mints one id per drawn inspection. */
  newId: () => string
  actor: Actor
  body: DrawQualityRoundBody
  supervised: readonly SupervisedProject[]
  at: string
  today: string
}

const field = (path: string, message: string) => ({ errors: [{ field: path, message }] })

/** The supervision body is a reviewer of the housing department: any other caller may not draw. */
export const isSupervisionBody = (actor: Actor): boolean =>
  actor.role === 'reviewer' && actor.department === QUALITY_SUPERVISION_DEPARTMENT

export const notTheBody = () =>
  refuse({
    code: 'ACCEPTANCE_NOT_THE_SUPERVISION_BODY',
    message: `Only the quality-safety supervision body (a reviewer of ${QUALITY_SUPERVISION_DEPARTMENT}) does this (${QUALITY_SOURCE}).`,
    details: { department: QUALITY_SUPERVISION_DEPARTMENT },
  })

/** A pool in account order: the order every draw from it takes, whatever order the body listed it in. */
export const inAccountOrder = (pool: readonly QualityInspector[]): QualityInspector[] =>
  [...pool].sort((a, b) => (a.sub < b.sub ? -1 : a.sub > b.sub ? 1 : 0))

/** Index drawn from `weights` (all > 0) by one value of `random`. */
function pickWeighted(weights: readonly number[], random: () => number): number {
  const total = weights.reduce((a, w) => a + w, 0)
  let r = random() * total
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i] ?? 0
    if (r < 0) return i
  }
  return weights.length - 1
}

/** `k` distinct members of `pool`, uniformly (a partial Fisher–Yates shuffle of a copy). */
function pickDistinct<T>(pool: readonly T[], k: number, random: () => number): T[] {
  const copy = [...pool]
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (copy.length - i))
    const a = copy[i] as T
    copy[i] = copy[j] as T
    copy[j] = a
  }
  return copy.slice(0, k)
}

/**
 * 抽查 — one round: up to `projects` drawable projects, weighted by grade (`DRAW_WEIGHT`), without replacement; for
 * each, `inspectorsPerProject` distinct inspectors from the pool (of one more at least). The candidates are taken in
 * project-id order and the pool in account order, so a seed gives the same draw whatever order they came in. Fewer
 * drawable projects than asked: all of them.
 */
export function drawRound(input: DrawInput): Result<Inspection[]> {
  const { actor, body } = input
  if (!isSupervisionBody(actor)) return notTheBody()
  const subs = body.pool.map((i) => i.sub)
  const twice = subs.findIndex((s, i) => subs.indexOf(s) !== i)
  if (twice >= 0) {
    return refuse({
      code: 'ACCEPTANCE_QUALITY_POOL_INVALID',
      message: `The pool names ${subs[twice]} twice: each inspector once.`,
      details: field(`/body/pool/${twice}/sub`, 'is in the pool already'),
    })
  }
  // The published name is the inspector's name: an account standing in for it would publish the account (一公开
  // publishes names, never accounts).
  const unnamed = body.pool.findIndex((i) => i.name.trim() === i.sub.trim())
  if (unnamed >= 0) {
    return refuse({
      code: 'ACCEPTANCE_QUALITY_POOL_INVALID',
      message: `The pool's inspector ${unnamed + 1} has its account as its name: give the name to publish.`,
      details: field(`/body/pool/${unnamed}/name`, 'is the account, not a name'),
    })
  }
  // One more inspector than each project needs at least: a pool of exactly K would pick its inspectors outright, and
  // 随机选派 is a choice.
  const needed = body.inspectorsPerProject + 1
  if (body.pool.length < needed) {
    return refuse({
      code: 'ACCEPTANCE_QUALITY_POOL_INVALID',
      message: `The pool has ${body.pool.length} inspector(s); drawing ${body.inspectorsPerProject} for each project at random needs ${needed} at least — one more than inspectorsPerProject, as a pool of exactly ${body.inspectorsPerProject} would pick its inspectors outright.`,
      details: field('/body/pool', `needs at least ${needed} inspectors (inspectorsPerProject + 1)`),
    })
  }
  // In account order, so a round depends on its seed and inputs, not on the order the caller listed its pool.
  const pool = inAccountOrder(body.pool)
  const candidates = input.supervised
    .filter(isDrawable)
    .sort((a, b) => (a.projectId < b.projectId ? -1 : a.projectId > b.projectId ? 1 : 0))
  if (candidates.length === 0) {
    return refuse({
      code: 'ACCEPTANCE_QUALITY_NOTHING_TO_DRAW',
      message:
        'No project under supervision can be drawn: none has its construction permit, or each has passed its joint acceptance, is being inspected or was inspected its one time.',
    })
  }
  const drawn: Inspection[] = []
  const left = [...candidates]
  while (drawn.length < body.projects && left.length > 0) {
    const i = pickWeighted(
      left.map((p) => DRAW_WEIGHT[riskGradeOf(p.projectType)]),
      input.random,
    )
    const [p] = left.splice(i, 1)
    if (!p) break
    const inspectors: QualityInspector[] = pickDistinct(pool, body.inspectorsPerProject, input.random)
    drawn.push({
      inspectionId: input.newId(),
      roundId: input.roundId,
      seed: input.seed,
      projectId: p.projectId,
      ...(p.name ? { projectName: p.name } : {}),
      ...(p.projectCode ? { projectCode: p.projectCode } : {}),
      projectType: p.projectType,
      ownerCreditCode: p.ownerCreditCode,
      riskGrade: riskGradeOf(p.projectType),
      onceOnly: isOnceOnly(p.projectType),
      inspectors,
      drawnBy: actor.sub,
      drawnAt: input.at,
      drawnOn: input.today,
      status: 'assigned',
      revision: 1,
    })
  }
  return ok(drawn)
}

/** Whether the caller is one of the inspectors the round assigned to this inspection. */
export const isAssignedInspector = (i: Inspection, actor: Actor): boolean =>
  isSupervisionBody(actor) && i.inspectors.some((x) => x.sub === actor.sub)

/**
 * An assigned inspector records the result, once: 合格 with no items, or 责令整改 with one item at least. Anyone else
 * — another reviewer of the body included — is refused: the draw decided who inspects.
 */
export function recordInspection(
  i: Inspection,
  actor: Actor,
  body: RecordQualityResultBody,
  ctx: { at: string; today: string },
): Result<Inspection> {
  if (!isAssignedInspector(i, actor)) {
    return refuse({
      code: 'ACCEPTANCE_NOT_AN_ASSIGNED_INSPECTOR',
      message: `Only an inspector the round drew for this inspection records its result (${i.inspectors.map((x) => x.name).join('、')}).`,
      details: { inspectionId: i.inspectionId },
    })
  }
  if (i.status !== 'assigned') {
    return refuse({
      code: 'ACCEPTANCE_QUALITY_INSPECTION_RECORDED',
      message: `The result is recorded already (${i.recordedAt}); a published result is not changed.`,
      details: { inspectionId: i.inspectionId },
    })
  }
  const items = body.items ?? []
  if (body.outcome === 'rectify' && items.length === 0) {
    return refuse({
      code: 'ACCEPTANCE_QUALITY_RESULT_INVALID',
      message: '责令整改 names the items to rectify: one at least.',
      details: field('/body/items', 'needs one item at least for rectify'),
    })
  }
  if (body.outcome === 'pass' && items.length > 0) {
    return refuse({
      code: 'ACCEPTANCE_QUALITY_RESULT_INVALID',
      message: '合格 has nothing to rectify: give no items.',
      details: field('/body/items', 'must be empty for pass'),
    })
  }
  return ok({
    ...i,
    status: 'recorded',
    result: {
      outcome: body.outcome,
      items,
      ...(body.note ? { note: body.note } : {}),
      units: body.units ?? [],
    },
    recordedBy: actor.sub,
    recordedAt: ctx.at,
    recordedOn: ctx.today,
    revision: i.revision + 1,
  })
}

export type ReassignInput = {
  actor: Actor
  body: ReassignQualityInspectionBody
  /** The round's pool as kept (`quality_round`); undefined for a round drawn before pools were kept. */
  pool: readonly QualityInspector[] | undefined
  seed: number
  /** The random source of this draw, seeded with `seed`. */
  random: () => number
  at: string
  today: string
}

/**
 * 回避 / 改派 — the supervision body replaces one inspector of an inspection waiting for its result (recused, mistyped,
 * departed) with one drawn uniformly from the rest of the round's pool: not the inspection's inspectors and not anyone
 * replaced on it before, so a recused inspector is never drawn back. The body names whom it replaces and why; the
 * draw, with its own recorded seed, names the replacement — 随机选派 stays random.
 *
 * Each drawn seat is reassigned once at most: were the one just drawn replaceable in turn, a reviewer could repeat
 * the reassignment, each call taking the drawn one out of later draws, until the inspector it wants came up. For the
 * same reason an inspector of the inspection may ask for its own 回避 only, never replace a co-inspector.
 */
export function reassignInspection(i: Inspection, input: ReassignInput): Result<Inspection> {
  const { actor, body } = input
  if (!isSupervisionBody(actor)) return notTheBody()
  if (i.status !== 'assigned') {
    return refuse({
      code: 'ACCEPTANCE_QUALITY_INSPECTION_RECORDED',
      message: `The result is recorded already (${i.recordedAt}): its inspectors are not changed.`,
      details: { inspectionId: i.inspectionId },
    })
  }
  const at = i.inspectors.findIndex((x) => x.sub === body.inspector)
  if (at < 0) {
    return refuse({
      code: 'ACCEPTANCE_QUALITY_REASSIGNMENT_INVALID',
      message: `${body.inspector} is not an inspector of this inspection (${i.inspectors.map((x) => x.sub).join(', ')}).`,
      details: field('/body/inspector', 'is not one of the inspection’s inspectors'),
    })
  }
  if ((i.reassignments ?? []).some((r) => r.drawn.sub === body.inspector)) {
    return refuse({
      code: 'ACCEPTANCE_QUALITY_SEAT_REASSIGNED',
      message: `${body.inspector} was drawn by a reassignment already: a seat is reassigned once, its replacement is not replaced again.`,
      details: { inspectionId: i.inspectionId, inspector: body.inspector },
    })
  }
  if (actor.sub !== body.inspector && i.inspectors.some((x) => x.sub === actor.sub)) {
    return refuse({
      code: 'ACCEPTANCE_QUALITY_NOT_OWN_SEAT',
      message: 'An inspector of this inspection may ask for its own 回避 only, not replace a co-inspector.',
      details: { inspectionId: i.inspectionId, inspector: body.inspector },
    })
  }
  if (body.reason.trim() === '') {
    return refuse({
      code: 'ACCEPTANCE_QUALITY_REASSIGNMENT_INVALID',
      message: 'Give the reason the inspector is replaced (回避, 调离…): it is kept with the reassignment.',
      details: field('/body/reason', 'is blank'),
    })
  }
  if (!input.pool) {
    return refuse({
      code: 'ACCEPTANCE_QUALITY_POOL_NOT_KEPT',
      message:
        'The round was drawn before its pool was kept: there is nothing to draw a replacement from, and the body may not pick one.',
      details: { inspectionId: i.inspectionId, roundId: i.roundId },
    })
  }
  const taken = new Set([...i.inspectors, ...(i.reassignments ?? []).map((r) => r.replaced)].map((x) => x.sub))
  const rest = inAccountOrder(input.pool).filter((x) => !taken.has(x.sub))
  const drawn = rest[Math.floor(input.random() * rest.length)]
  if (!drawn) {
    return refuse({
      code: 'ACCEPTANCE_QUALITY_POOL_EXHAUSTED',
      message: `Every inspector of the round's pool (${input.pool.length}) is on this inspection or was replaced on it: none is left to draw.`,
      details: { inspectionId: i.inspectionId, roundId: i.roundId },
    })
  }
  const replaced = i.inspectors[at] as QualityInspector
  return ok({
    ...i,
    inspectors: i.inspectors.map((x, n) => (n === at ? drawn : x)),
    reassignments: [
      ...(i.reassignments ?? []),
      {
        replaced,
        drawn,
        reason: body.reason,
        seed: input.seed,
        among: rest.length,
        by: actor.sub,
        at: input.at,
        on: input.today,
      },
    ],
    revision: i.revision + 1,
  })
}

/** The body's own worklist and history: the supervision body only. */
export const mayReadInspections = (actor: Actor): boolean => isSupervisionBody(actor)

/**
 * A recorded inspection as the public reads it (一公开): the project, its grade, the inspectors' names, the days and
 * the result with its units by role and name. Not the inspectors' accounts, any unit's or the owner's credit code, or the
 * seed (the body's). Undefined until recorded.
 */
export function publishedOf(i: Inspection): PublishedQualityInspection | undefined {
  if (i.status !== 'recorded' || !i.result || !i.recordedOn) return undefined
  return {
    inspectionId: i.inspectionId,
    projectId: i.projectId,
    ...(i.projectName ? { projectName: i.projectName } : {}),
    ...(i.projectCode ? { projectCode: i.projectCode } : {}),
    riskGrade: i.riskGrade,
    inspectors: i.inspectors.map((x) => x.name),
    drawnOn: i.drawnOn,
    recordedOn: i.recordedOn,
    // Role and name only: a unit's 统一社会信用代码 — the owner's among them — is not published (no token here).
    result: {
      outcome: i.result.outcome,
      items: i.result.items,
      ...(i.result.note ? { note: i.result.note } : {}),
      units: i.result.units.map((u) => ({ role: u.role, name: u.name })),
    },
  }
}

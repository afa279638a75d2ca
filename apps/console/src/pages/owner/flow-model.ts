import { departmentName } from '../../departments'
import { phaseText } from '../../format'
import type { paths } from '../../generated/api'
import { decisionWords } from '../reviewer/decision-words'

/** The project's status as the gateway answers it (`GET /api/v1/projects/:id/status`). */
export type Status = paths['/api/v1/projects/{id}/status']['get']['responses'][200]['content']['application/json']
type Task = Status['tasks'][number]
type StepState = Status['flow'][number]['state']

/** One department's task in a step, as the flow picture and the table beside it show it. */
export type DepartmentView = {
  taskId: string
  department: string
  /** 按照单位工程办理施工许可: the building whose permit the task decides; absent for the whole project. */
  part?: string
  item: string
  /** 后续事项: the name of the approved item this task follows with no application (门牌 after 建设工程规划许可). */
  followOnOf?: string
  /** 信息推送: the follow-on tells the department, which records receipt (the drainage authority, 004:1806). */
  forInformation?: true
  /** The national 办理状态 (BLZT) the platform reports: its code (3 已受理, 7 补正（结束）, 11 办结（通过）…) and name. */
  nationalCode: number
  nationalName: string
  /** The task's state at the department: what {@link ownerStatus} says to the owner, in one status. */
  status: Task['status']
  decided: boolean
  /** The clock the owner is promised (committed, else statutory): what is left of it, its due day, its level. */
  remaining?: number
  overdueBy?: number
  unit?: 'W' | 'N'
  due?: string
  level?: 'green' | 'yellow' | 'red'
  suspended: boolean
  /**
   * A refusal (不予许可, 不予备案, 不予核准): the department's reason as its reviewer gave it (absent on a decision
   * stored before a reason was required) and the instant decided — what the owner is told with the right to appeal,
   * and what its written decision (不予许可决定书) prints.
   */
  refusal?: { reason?: string; decidedAt: string }
}

/**
 * One step of the flow with the departments working on it in parallel; `phase`, for a step applied for in phases
 * (分阶段办理), says which (第 n 阶段 / 共 N 阶段); `parts`, for a construction permit applied for per building
 * (按照单位工程), each building with its own state: 单位工程 1号楼（已通过）、2号楼（办理中）.
 */
export type StepView = {
  step: string
  name: string
  state: StepState
  current: boolean
  departments: DepartmentView[]
  phase?: string
  parts?: string
  /** 后续事项 of the step's latest application, each in words: follows by itself, or to be applied for, and why. */
  followOns?: FollowOnWords[]
}

/**
 * A follow-on in the owner's words: `text` what becomes of it; on a withheld one whose acceptance named its every rule,
 * `stated` what the application stated of each and `explained` the platform's own account of the route (若…且…的) —
 * from the catalogue's words of each rule, not the seed's sentence, so it is said as 说明, never as 依据.
 */
export type FollowOnWords = { text: string; stated?: string; explained?: string }

type FollowOn = NonNullable<Status['applications'][number]['followOns']>[number]

/**
 * A follow-on as its acceptance said it, in the owner's words: shared with its department once the item it follows is
 * issued (no application); one for information pushed to its department, which only takes note (004:1806:
 * 免于办理…推送施工许可信息); or — a condition on what the application stated not met (004:1814) — to be applied for
 * separately, naming each condition and whether it was stated as not met or not stated at all.
 */
export function followOnText(f: FollowOn): string {
  const item = f.itemName ?? f.item
  const department = f.departmentName ?? departmentName(f.department)
  const after = f.afterName ?? f.after
  if (f.opens && f.forInformation) return `${item}：${after}后，推送审批信息至${department}（供知悉，无需办理）`
  if (f.opens) return `${item}：${after}后，资料同时共享给${department}办理，无需另行申请`
  return `${item}需另行向${department}申领：${(f.unmet ?? []).map((u) => unmetText(u, f)).join('；')}`
}

const yesNo = (v: boolean) => (v ? '是' : '否')

/**
 * A withheld follow-on said whole, from every rule of its `onlyIf` (absent on acceptances from before it was carried:
 * then only `followOnText`'s unmet rules are known): what the application stated of each — an unmet rule as
 * `unmetText` says it, a held one as the answer it needs — and the platform's account of the route those rules make
 * (若…，且…的，…核发后，资料同时共享给…), so the owner reads why it applies for the house number itself. The account is
 * labelled 说明: it is built from the catalogue's words of each rule, not quoted from the seed, and its last sentence
 * (否则由建设单位另行申领) is the platform's, which the seed does not say.
 */
export function withheldWords(f: FollowOn): Omit<FollowOnWords, 'text'> {
  if (f.opens || !f.onlyIf?.length) return {}
  const unmet = new Map((f.unmet ?? []).map((u) => [u.rule, u]))
  const stated = f.onlyIf.map((r) => {
    const u = unmet.get(r.rule)
    if (u) return statedOf(u, f)
    return r.required === undefined ? `「${r.condition}」已满足` : `「${r.condition}」为${yesNo(r.required)}`
  })
  const conditions = f.onlyIf.map((r) =>
    r.required === true ? r.condition : r.required === false ? `「${r.condition}」为否` : `「${r.condition}」`,
  )
  const department = f.departmentName ?? departmentName(f.department)
  return {
    stated: `申请时声明：${stated.join('；')}`,
    explained: `说明：建设单位申报时，若${conditions.join('，且')}的，${f.afterName ?? f.after}后，资料同时共享给${department}办理${f.itemName ?? f.item}。否则由建设单位另行申领。`,
  }
}

type Unmet = NonNullable<FollowOn['unmet']>[number]

/**
 * The answer a rule needs, as the acceptance said it: its `required`; absent, an event from before `required` was said
 * (only `== true` rules, and no `onlyIf` carried) needs 是. An event carrying `onlyIf` is newer, so an absent
 * `required` there is not guessed: undefined.
 */
function requiredOf(u: Unmet, f: Pick<FollowOn, 'onlyIf'>): boolean | undefined {
  return u.required ?? (f.onlyIf === undefined ? true : undefined)
}

/** One unmet rule as what was stated of it, without the 申请时声明 the line begins with. */
function statedOf(u: Unmet, f: Pick<FollowOn, 'onlyIf'>): string {
  if (!u.stated) return `「${u.condition}」未声明`
  const required = requiredOf(u, f)
  return required === undefined ? `「${u.condition}」不满足` : `「${u.condition}」为${yesNo(!required)}`
}

/**
 * One rule of a withheld follow-on that did not hold, as what the application stated: the answer given was the other
 * one than the rule's (`== false` rules fail on 是), or none; a rule whose answer the event does not say, stated as
 * not meeting it (不满足), never a guessed 是 or 否.
 */
export function unmetText(u: Unmet, f: Pick<FollowOn, 'onlyIf'>): string {
  if (!u.stated) return `申请时未声明「${u.condition}」`
  const required = requiredOf(u, f)
  return required === undefined
    ? `申请时声明不满足「${u.condition}」`
    : `申请时声明「${u.condition}」为${yesNo(!required)}`
}

export const STEP_STATE_NAMES: Record<StepState, string> = {
  'not-started': '未开始',
  'in-progress': '办理中',
  approved: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回',
  skipped: '无需办理',
  exempt: '免于办理',
}

/**
 * A department's task as the owner reads it: one status, in the owner's words. The task's state says where the
 * department is; the national code adds only what that state leaves out — a 补正 answered (7), a 特别程序 ended (10), a
 * 容缺 approval (12) — so nothing is said twice (not 已受理（待受理）, not 办结（通过）（准予）· 已办结). A filing's decision
 * is said as one (`item`, by its name): recorded or not, never licensed.
 */
export function ownerStatus(
  d: Pick<DepartmentView, 'status' | 'nationalCode' | 'item' | 'followOnOf' | 'forInformation'>,
): string {
  // `item` is the name the page shows; a follow-on is worded as one (核准 or received), never licensed.
  const words = decisionWords({
    item: d.item,
    ...(d.followOnOf === undefined ? {} : { followOnOf: { item: d.followOnOf, forInformation: d.forInformation } }),
  })
  switch (d.status) {
    case 'assigned':
      return '已受理'
    case 'claimed':
      return d.nationalCode === 7 ? '补正已提交，审查中' : d.nationalCode === 10 ? '特别程序已结束，审查中' : '审查中'
    case 'supplement-requested':
      return '补正中'
    case 'special-procedure':
      return '特别程序中'
    case 'approved': {
      // A follow-on is no licence the owner applied for: the department has done it (门牌 issued, drainage told).
      if (words.granted === undefined) return '已办结'
      return d.nationalCode === 12 ? `已办结（容缺${words.granted}）` : `已办结（${words.granted}）`
    }
    case 'rejected':
      return `已办结（${words.refused}）`
    // Another department's rejection concluded the step as not passed (national 13): this task ended with it.
    case 'closed':
      return '已终止（本环节未通过）'
    case 'withdrawn':
      return '已撤回'
    case 'revoked':
      return '已撤销'
  }
}

/** A department's line: its one status, and while it works, what is left of its clock (剩余 3 个工作日). */
export function ownerStatusLine(d: DepartmentView): string {
  const left = d.decided || d.remaining === undefined ? '' : ` · ${remainingText(d)}`
  return `${ownerStatus(d)}${left}`
}

const DECIDED: ReadonlySet<Task['status']> = new Set(['approved', 'rejected', 'closed', 'withdrawn', 'revoked'])

function departmentOf(t: Task): DepartmentView {
  const clock = t.clocks.committed ?? t.clocks.statutory
  const decided = DECIDED.has(t.status)
  return {
    taskId: t.taskId,
    department: t.departmentName ?? departmentName(t.department),
    ...(t.part ? { part: t.part } : {}),
    item: t.itemName ?? t.item,
    ...(t.followOnOf ? { followOnOf: t.followOnOf.itemName ?? t.followOnOf.item } : {}),
    ...(t.followOnOf?.forInformation ? { forInformation: true as const } : {}),
    nationalCode: t.nationalCode,
    nationalName: t.nationalName,
    status: t.status,
    decided,
    ...(clock && !decided
      ? {
          remaining: clock.remaining,
          overdueBy: clock.overdueBy,
          unit: clock.limit.unit,
          due: clock.due,
          level: clock.level,
        }
      : {}),
    suspended: clock?.suspended ?? false,
    ...(t.status === 'rejected' && t.decision
      ? {
          refusal: {
            ...(t.decision.reason ? { reason: t.decision.reason } : {}),
            decidedAt: t.decision.decidedAt,
          },
        }
      : {}),
  }
}

/**
 * The flow as steps, each with its departments in parallel. A task names its step; an older one only its
 * application, whose step it takes; a follow-on (后续事项) the step of the application it follows. Only the latest application of a step is shown (a step applied for again after a
 * withdrawal shows the new round) — of each building, for a construction permit applied for per building (按照单位工程):
 * 1号楼's departments stay beside 2号楼's, applied for after.
 */
export function stepsOf(status: Status): StepView[] {
  const applicationOf = new Map(status.applications.map((a) => [a.applicationId, a]))
  const round = (step: string | null | undefined, part: string | undefined) => `${step ?? ''}\u0000${part ?? ''}`
  const latest = new Map<string, string>()
  for (const a of status.applications) if (a.step) latest.set(round(a.step, a.part), a.applicationId)
  // A follow-on (后续事项) is on no step of its own: it is shown in the step of the application whose item it follows.
  const origin = (t: Task) => t.followOnOf?.applicationId ?? t.applicationId
  const stepOf = (t: Task) => t.step ?? applicationOf.get(origin(t))?.step
  const partOf = (t: Task) => t.part ?? applicationOf.get(origin(t))?.part
  const shown = (t: Task) => {
    const key = round(stepOf(t), partOf(t))
    return !latest.has(key) || latest.get(key) === origin(t)
  }
  return status.flow.map((s) => ({
    step: s.step,
    name: s.name,
    state: s.state,
    ...(s.phase ? { phase: phaseText(s.phase) } : {}),
    ...(s.parts?.length
      ? { parts: `单位工程 ${s.parts.map((p) => `${p.part}（${STEP_STATE_NAMES[p.state]}）`).join('、')}` }
      : {}),
    current: s.step === status.currentStep,
    ...followOnsOf(applicationOf.get(latest.get(round(s.step, undefined)) ?? ''), s.state, status.tasks),
    departments: status.tasks
      .filter((t) => stepOf(t) === s.step)
      .filter(shown)
      .map(departmentOf),
  }))
}

/**
 * The step's follow-ons as its latest application's acceptance said them. A pinned one ("…核发后，资料同时共享…") is
 * no longer so once the step is refused, or the item it follows is (its task of the application refused or closed):
 * nothing will be shared, so it is not said.
 */
function followOnsOf(
  a: Status['applications'][number] | undefined,
  state: StepState,
  tasks: Status['tasks'],
): { followOns?: FollowOnWords[] } {
  if (!a?.followOns) return {}
  const refused = (after: string) =>
    state === 'rejected' ||
    tasks.some(
      (t) =>
        t.applicationId === a.applicationId && t.item === after && (t.status === 'rejected' || t.status === 'closed'),
    )
  const said = a.followOns
    .filter((f) => !(f.opens && refused(f.after)))
    .map((f) => ({ text: followOnText(f), ...withheldWords(f) }))
  return said.length > 0 ? { followOns: said } : {}
}

/**
 * A step's state in words, with its phase when it is applied for in phases (办理中 · 第 1 阶段 / 共 4 阶段：基坑围护) and
 * its buildings when applied for per building (办理中 · 单位工程 1号楼（已通过）).
 */
export const stepStateText = (s: Pick<StepView, 'state' | 'phase' | 'parts'>): string =>
  [STEP_STATE_NAMES[s.state], s.phase, s.parts].filter(Boolean).join(' · ')

/** What is left of a department's clock, in words: 剩余 3 个工作日, 已超期 2 个工作日, 已办结. */
export function remainingText(d: DepartmentView): string {
  if (d.decided) return '已办结'
  if (d.remaining === undefined) return '—'
  const unit = d.unit === 'N' ? '自然日' : '工作日'
  const paused = d.suspended ? '（暂停计时）' : ''
  return (d.overdueBy ?? 0) > 0 ? `已超期 ${d.overdueBy} 个${unit}${paused}` : `剩余 ${d.remaining} 个${unit}${paused}`
}

/**
 * Whether the project has a shared result to show (区域评估, 用地清单, 帮办代办, 中介服务): the progress page fetches
 * the 共享成果 card's chunk only then, and the card draws nothing without one.
 */
export const hasSharedResults = ({ shared }: Pick<Status, 'shared'>): boolean =>
  Boolean(shared.area || shared.plot || shared.assistedCase || shared.intermediaries.length > 0)

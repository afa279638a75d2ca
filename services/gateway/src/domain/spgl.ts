import {
  type AcceptanceCaseEventBody,
  assignmentsOf,
  type CertificateIssuedV1,
  failsAcceptance,
  OUTSIDE_LINE_PERMIT_ITEMS,
  type ProjectRegisteredV1,
  type StepPhase,
  type StepTasksAssignedV1,
  type TaskEventBody,
  type UtilityRequestAdvancedBody,
} from '@onewindow/contracts'
import { legalDateOf } from '@onewindow/workdays'

/**
 * 数据共享 — the national data-sharing standard's tables (工程建设项目审批管理系统数据共享标准), mapped from our events by
 * pure functions. Field names are the standard's where docs/spgl.md cites one; a field whose standard name we could
 * not find is written with an `X_` prefix (ours, never sent as the standard's) and listed there.
 */
export const SPGL_TABLES = [
  'SPGL_DFXMSPLCXXB',
  'SPGL_DFXMSPLCJDXXB',
  'SPGL_DFXMSPLCJDSXXXB',
  'SPGL_XMJBXXB',
  'SPGL_XMDWXXB',
  'SPGL_XMSPSXBLXXB',
  'SPGL_XMSPSXBLXXXXB',
  'SPGL_XMSPSXPFWJXXB',
] as const
export type SpglTable = (typeof SPGL_TABLES)[number]

export type SpglValue = string | number | null
/**
 * One row of a standard table. `key` is the row's identity (地方数据主键 DFSJZJ): writing a row whose key is already
 * there changes nothing, so a re-delivered event adds no row.
 */
export type SpglRow = { table: SpglTable; key: string; projectId?: string; fields: Record<string, SpglValue> }

/** The project a task or certificate belongs to, as its registration row gave it (the events do not repeat it). */
export type SpglProjectContext = { region: string; projectCode: string; flowCode: string; flowVersion: string }

/** The flow's code: the region's flow for one project type (审批流程编码 SPLCBM), versioned by the catalogue. */
export const flowCode = (region: string, projectType: string) => `${region}-${projectType}`

/** 数据有效标识 1 (valid): we never write an invalid row — a correction is a later event, hence a later row. */
const VALID = { SJYXBS: 1 } as const

/** Fen to 万元 (the standard's 总投资额 unit), to two places: 1 万元 = 1,000,000 fen. */
export const fenToWanYuan = (fen: number) => Math.round(fen / 10_000) / 100

/**
 * A registration gives the flow the project is pinned to (its catalogue version) and the project with its owner:
 * 地方项目审批流程 (flow, stages in flow order, items per stage), 项目基本信息 and 项目单位 (the owner, 建设单位).
 */
export function rowsOfProjectRegistered(e: ProjectRegisteredV1): SpglRow[] {
  const splcbm = flowCode(e.region, e.projectType)
  const splcbbh = e.catalogueVersion ?? ''
  const flowKey = `${splcbm}@${splcbbh}`
  const rows: SpglRow[] = []
  if (e.flow && e.catalogueVersion) {
    rows.push({
      table: 'SPGL_DFXMSPLCXXB',
      key: flowKey,
      fields: { DFSJZJ: flowKey, XZQHDM: e.region, SPLCBM: splcbm, SPLCMC: e.projectType, SPLCBBH: splcbbh, ...VALID },
    })
    // A stage (审批阶段) in the order its first step appears in the flow; its items in the order of their steps. The
    // joint acceptance step's own item 竣工联合验收 first, before the items it joins: a case is exported as an instance
    // of that one item (rowsOfAcceptanceEvent), so the flow lists it among its items as it lists every task's.
    const stages: string[] = []
    const itemsOf = new Map<string, string[]>()
    for (const step of e.flow) {
      if (!itemsOf.has(step.stage)) {
        stages.push(step.stage)
        itemsOf.set(step.stage, [])
      }
      const items = itemsOf.get(step.stage) ?? []
      const joint = step.step === JOINT_ACCEPTANCE_ITEM.code ? [JOINT_ACCEPTANCE_ITEM.code] : []
      for (const item of [...joint, ...step.items]) if (!items.includes(item)) items.push(item)
    }
    stages.forEach((stage, i) => {
      const stageKey = `${flowKey}/${stage}`
      const fields = { XZQHDM: e.region, SPLCBM: splcbm, SPLCBBH: splcbbh, SPJDXH: i + 1 }
      rows.push({
        table: 'SPGL_DFXMSPLCJDXXB',
        key: stageKey,
        fields: { DFSJZJ: stageKey, ...fields, SPJDBM: stage, ...VALID },
      })
      for (const item of itemsOf.get(stage) ?? []) {
        const itemKey = `${stageKey}/${item}`
        rows.push({
          table: 'SPGL_DFXMSPLCJDSXXXB',
          key: itemKey,
          fields: { DFSJZJ: itemKey, ...fields, SPSXBM: item, SPSXBBH: splcbbh, ...VALID },
        })
      }
    })
  }
  rows.push({
    table: 'SPGL_XMJBXXB',
    key: e.projectId,
    projectId: e.projectId,
    fields: {
      DFSJZJ: e.projectId,
      XZQHDM: e.region,
      XMDM: e.projectCode,
      XMMC: e.name,
      GCDM: e.projectCode,
      ZTZE: fenToWanYuan(e.investmentFen),
      JSDD: e.location ?? null,
      YDMJ: e.siteAreaM2 ?? null,
      JZMJ: e.floorAreaM2 ?? null,
      SBSJ: e.registeredAt,
      SPLCBM: splcbm,
      SPLCBBH: splcbbh,
      ...VALID,
    },
  })
  rows.push({
    table: 'SPGL_XMDWXXB',
    key: `${e.projectId}/owner`,
    projectId: e.projectId,
    fields: {
      DFSJZJ: `${e.projectId}/owner`,
      XZQHDM: e.region,
      XMDM: e.projectCode,
      GCDM: e.projectCode,
      DWMC: e.owner.name,
      DWTYSHXYDM: e.owner.creditCode,
      // The owner is the only unit our events name; 1 as the reference code writes it for the 法人单位 (docs/spgl.md).
      DWLX: 1,
      ...VALID,
    },
  })
  return rows
}

/**
 * 分阶段办理: the phase of the step a task decides or a permit is for (null for the whole step). The standard's tables,
 * as far as we could find them (docs/spgl.md), have no field for it: each phase is an application of its own, so its
 * tasks are item instances (审批事项实例) of their own and its permit an approval document (批复文件) of its own, and
 * the phase is written in `X_` columns beside them.
 */
export const phaseFields = (phase: StepPhase | undefined): Record<string, SpglValue> => ({
  X_PHASE_CODE: phase?.code ?? null,
  X_PHASE_NAME: phase?.name ?? null,
  X_PHASE_NUMBER: phase?.number ?? null,
  X_PHASE_COUNT: phase?.count ?? null,
})

/**
 * A phase's permit's 批复文件标题: the document's title with its phase — 建筑工程施工许可证（第 1 阶段 / 共 4 阶段：基坑围护） —
 * so the one free-text field the standard sends tells a project's phase permits apart; the title alone for the whole.
 */
export const documentTitle = (title: string, phase: StepPhase | undefined) =>
  phase ? `${title}（第 ${phase.number} 阶段 / 共 ${phase.count} 阶段：${phase.name}）` : title

/** The task events that change its 办理状态; the others (clock pauses, extensions, commitments) leave it as it was. */
export const STATE_CHANGING_TASK_EVENTS = [
  'permit.approval.task.assigned.v1',
  'permit.approval.task.claimed.v1',
  'permit.approval.task.supplement-requested.v1',
  'permit.approval.task.supplement-provided.v1',
  'permit.approval.task.special-procedure-started.v1',
  'permit.approval.task.special-procedure-ended.v1',
  'permit.approval.task.decided.v1',
  'permit.approval.task.withdrawn.v1',
  'permit.approval.task.revoked.v1',
] as const

/** The 特别程序 a task event started or ended: the newest non-补正 suspension of its governing clock. */
export function specialProcedureOf(task: TaskEventBody['task']) {
  const clock = task.clocks.committed ?? task.clocks.statutory
  const procedures = (clock?.suspensions ?? []).filter((s) => s.kind !== 'supplement')
  return procedures.at(-1)
}

/**
 * A task event: its first (assigned) makes the item-handling row (项目审批事项办理信息, one per task: 审批事项实例编码
 * SPSXSLBM is the task id); every state-changing one a handling-detail row (办理详细信息) with its 办理状态 BLZT 1–15 as
 * approval computed it, and for 特别程序 (BLZT 9/10) the procedure's kind, limit and unit W/N.
 */
export function rowsOfTaskEvent(
  subject: string,
  eventId: string,
  body: TaskEventBody,
  project: SpglProjectContext,
): SpglRow[] {
  if (!(STATE_CHANGING_TASK_EVENTS as readonly string[]).includes(subject)) return []
  const t = body.task
  const rows: SpglRow[] = []
  if (subject === 'permit.approval.task.assigned.v1') {
    rows.push(
      itemHandlingRow(project, {
        instance: t.taskId,
        projectId: t.projectId,
        item: t.item,
        itemName: t.itemName ?? null,
        department: t.department,
        departmentName: t.departmentName ?? null,
        phase: t.phase,
      }),
    )
  }
  const special = t.nationalCode === 9 || t.nationalCode === 10 ? specialProcedureOf(t) : undefined
  rows.push(
    handlingDetailRow(project, {
      key: eventId,
      instance: t.taskId,
      projectId: t.projectId,
      office: t.departmentName ?? t.department,
      by: body.actor ?? t.decision?.decidedBy ?? t.claimedBy ?? null,
      state: t.nationalCode,
      opinion: t.decision?.reason ?? body.note ?? null,
      at: t.updatedAt,
      special,
    }),
  )
  return rows
}

/**
 * 项目审批事项办理信息: one item instance (审批事项实例, `instance` its 编码 SPSXSLBM) — a task, or an outside-line permit
 * applied to its department on the platform — of the item at the department; the phase it decides, if any.
 */
function itemHandlingRow(
  project: SpglProjectContext,
  r: {
    instance: string
    projectId: string
    item: string
    itemName: string | null
    department: string
    departmentName: string | null
    phase?: StepPhase | undefined
  },
): SpglRow {
  return {
    table: 'SPGL_XMSPSXBLXXB',
    key: r.instance,
    projectId: r.projectId,
    fields: {
      DFSJZJ: r.instance,
      XZQHDM: project.region,
      GCDM: project.projectCode,
      SPSXSLBM: r.instance,
      SPSXBM: r.item,
      SPSXMC: r.itemName,
      SPBMBM: r.department,
      SPBMMC: r.departmentName,
      SPLCBM: project.flowCode,
      SPLCBBH: project.flowVersion,
      ...phaseFields(r.phase),
      ...VALID,
    },
  }
}

/** 办理详细信息: one change of an item instance's 办理状态, by whom, with what opinion, when; a 特别程序's kind and limit. */
function handlingDetailRow(
  project: SpglProjectContext,
  r: {
    key: string
    instance: string
    projectId: string
    office: string
    by: string | null
    state: number
    opinion: string | null
    at: string
    special?: ReturnType<typeof specialProcedureOf>
  },
): SpglRow {
  return {
    table: 'SPGL_XMSPSXBLXXXXB',
    key: r.key,
    projectId: r.projectId,
    fields: {
      DFSJZJ: r.key,
      XZQHDM: project.region,
      GCDM: project.projectCode,
      SPSXSLBM: r.instance,
      BLCS: r.office,
      BLR: r.by,
      BLZT: r.state,
      BLYJ: r.opinion,
      BLSJ: r.at,
      X_TBCX_KIND: r.special?.kind ?? null,
      X_TBCX_LIMIT: r.special?.limit?.value ?? null,
      X_TBCX_UNIT: r.special?.limit?.unit ?? null,
      ...VALID,
    },
  }
}

/**
 * 批复文件: a document a decision issued — its instance (none for a property certificate), day, 文号 and title; `kind`
 * ours (`X_KIND`: permit, property, outside-line-permit), the phase it is for, if any.
 */
function approvalDocumentRow(
  project: SpglProjectContext,
  r: {
    key: string
    projectId: string
    instance: string | null
    issuedOn: string
    number: string
    title: string
    kind: string
    phase?: StepPhase | undefined
  },
): SpglRow {
  return {
    table: 'SPGL_XMSPSXPFWJXXB',
    key: r.key,
    projectId: r.projectId,
    fields: {
      DFSJZJ: r.key,
      XZQHDM: project.region,
      GCDM: project.projectCode,
      SPSXSLBM: r.instance,
      PFRQ: r.issuedOn,
      PFWH: r.number,
      PFWJBT: documentTitle(r.title, r.phase),
      // Our documents carry no expiry; the reference code writes 9999-01-01 for "no limit".
      PFWJYXQX: '9999-01-01',
      X_KIND: r.kind,
      ...phaseFields(r.phase),
      ...VALID,
    },
  }
}

/**
 * A step's assignments (`StepTasksAssignedV1`): each task's rows as its `task.assigned` makes them, its detail row
 * keyed by the task (contracts' `assignmentsOf`) where a `task.assigned`'s is keyed by the event.
 */
export function rowsOfTasksAssigned(body: StepTasksAssignedV1, project: SpglProjectContext): SpglRow[] {
  return assignmentsOf(body).flatMap((a) => rowsOfTaskEvent('permit.approval.task.assigned.v1', a.id, a.body, project))
}

/**
 * An issued certificate is the approval document (批复文件) of its item: a permit's 审批事项实例编码 is the task that
 * approved its item (`taskId`, found by the reader; a phase's permit, its phase's task); a property certificate has no
 * task and keeps it empty. A phase's permit names its phase in its title and in the `X_PHASE_*` columns.
 */
export function rowsOfCertificateIssued(
  e: CertificateIssuedV1,
  project: SpglProjectContext,
  taskId: string | undefined,
): SpglRow[] {
  const c = e.certificate.body
  return [
    approvalDocumentRow(project, {
      key: c.certificateId,
      projectId: c.projectId,
      instance: taskId ?? null,
      issuedOn: c.issuedOn,
      number: c.number,
      title: c.title,
      kind: c.kind,
      phase: c.phase,
    }),
  ]
}

type OutsideLinePermit = UtilityRequestAdvancedBody['request']['permits'][number]
type PermitKind = OutsideLinePermit['kind']

/**
 * 外线工程行政审批: the 审批事项实例编码 of an outside-line permit applied to its department on the platform — the request,
 * the permit's kind and the request's version at the application (one per round: `plan-done`, then each
 * re-application after a refusal). A refusal (不予许可) concludes its instance (办结, BLZT 13), so applying again is a
 * new instance, as an application made again after a rejected task is a new task. The version, not a count of
 * earlier rounds, so the id is read off the event alone: a re-sent copy or a replay names the same instance.
 */
export const permitInstance = (requestId: string, kind: PermitKind, appliedAtVersion: number) =>
  `${requestId}/${kind}/${appliedAtVersion}`

/** A permit its department decides on the platform: applied for there (`appliedOn`) to a department. */
export const decidedOnPlatform = (p: OutsideLinePermit) => p.appliedOn !== undefined && p.department !== undefined

/** The permits an `advanced` applies for on the platform (`permitsApplied`) that its snapshot shows awaiting a decision. */
const appliedIn = (body: UtilityRequestAdvancedBody) =>
  body.request.permits.filter(
    (p) => decidedOnPlatform(p) && p.status === 'requested' && (body.permitsApplied ?? []).includes(p.kind),
  )

/**
 * An `advanced` published before `permitsDecided` and `appliedAtVersion` were carried: it names no permit applied for
 * or decided, and none of its permits carries a round. Every `advanced` published since carries `permitsDecided`,
 * empty when it decides nothing, so none of them reads as legacy — a move of a request applied for before rounds were
 * carried included.
 */
const legacy = (body: UtilityRequestAdvancedBody) =>
  body.permitsApplied === undefined &&
  body.permitsDecided === undefined &&
  body.request.permits.every((p) => p.appliedAtVersion === undefined)

/**
 * The permits an `advanced` is its department's decision on (`permitsDecided`) that its snapshot shows decided on the
 * platform. The event's word: a decided permit stays decided in every later snapshot of the request, so reading the
 * snapshot would take a later event (construction-done) for the decision, with its actor and time. A legacy event
 * has no word: as before `permitsDecided`, every permit its snapshot shows decided on the platform — the first such
 * event, the decision's own, writes the rows, and a later one adds nothing (the same keys; the reader finds no open
 * round for a concluded one).
 */
const decidedIn = (body: UtilityRequestAdvancedBody) =>
  body.request.permits.filter(
    (p) =>
      decidedOnPlatform(p) &&
      (p.status === 'granted' || p.status === 'refused') &&
      (legacy(body) || (body.permitsDecided ?? []).includes(p.kind)),
  )

/**
 * Whether a request's `advanced` may write rows: it names a permit it applies for or one its department decides on
 * the platform, or it is a legacy event showing a permit decided on the platform. Anything else: nothing.
 */
export const permitsAdvancedRows = (body: UtilityRequestAdvancedBody) =>
  appliedIn(body).length > 0 || decidedIn(body).length > 0

/**
 * The decisions an `advanced` names whose permit's snapshot carries no round (`appliedAtVersion`: applied before it
 * was carried): their instances are found by the reader from the stored rows.
 */
export const decisionsWithoutRound = (body: UtilityRequestAdvancedBody): PermitKind[] =>
  decidedIn(body)
    .filter((p) => p.appliedAtVersion === undefined)
    .map((p) => p.kind)

/**
 * A request's `advanced` as the data-sharing export reads it: each outside-line permit applied to its department on
 * the platform is an item instance of the permit's national item (`OUTSIDE_LINE_PERMIT_ITEMS`) at that department —
 * its 事项办理 row and 已受理 (BLZT 3) when the event applies for it (`permitsApplied`: the department receives it ready
 * to decide, as a task's first row is its assignment's 3); 办结 when the event is its department's decision
 * (`permitsDecided`; a legacy event: each it shows decided) — 准予许可 11 (12 granted while a 容缺 material was owed:
 * `grantedWithDeficiencies`) with the decision's 文号 as its 批复文件, 不予许可 13 with the reason as 办理意见 — by
 * the event's actor at its time. The instance is the round the snapshot gives the permit (`appliedAtVersion`), read off
 * the event, so a decision read before its round's application (that event dead-lettered and replayed later) still
 * lands on its own round; for a permit applied before the snapshot carried it, `appliedAt` gives the version (found by
 * the reader: the newest instance of the kind applied before this event, none when that one is concluded already). A
 * permit the provider records (no `appliedOn`: decided off the platform) is not the platform's handling: no row.
 */
export function rowsOfPermitsAdvanced(
  body: UtilityRequestAdvancedBody,
  project: SpglProjectContext,
  appliedAt: Readonly<Partial<Record<PermitKind, number>>> = {},
): SpglRow[] {
  const r = body.request
  const rows: SpglRow[] = []
  const applied = appliedIn(body)
  const decided = decidedIn(body)
  for (const p of r.permits) {
    const department = p.department
    if (department === undefined) continue
    const isApplied = applied.includes(p)
    if (!isApplied && !decided.includes(p)) continue
    const version = p.appliedAtVersion ?? (isApplied ? r.version : appliedAt[p.kind])
    // Decided in a round this reader cannot name (applied before either was carried, or concluded already): nothing.
    if (version === undefined) continue
    const instance = permitInstance(r.requestId, p.kind, version)
    const item = OUTSIDE_LINE_PERMIT_ITEMS[p.kind]
    const detail = (state: number, opinion: string | null) =>
      handlingDetailRow(project, {
        key: `${instance}/${state}`,
        instance,
        projectId: r.projectId,
        office: p.departmentName ?? department,
        by: body.actor ?? null,
        state,
        opinion,
        at: r.updatedAt,
      })
    if (isApplied) {
      rows.push(
        itemHandlingRow(project, {
          instance,
          projectId: r.projectId,
          item: item.code,
          itemName: item.name,
          department,
          departmentName: p.departmentName ?? null,
        }),
        detail(3, null),
      )
    } else if (p.status === 'granted') {
      // 办结（容缺通过）12: granted while a material it was accepted without (容缺受理) was still owed.
      rows.push(detail(p.grantedWithDeficiencies ? 12 : 11, null))
      if (p.documentNo && p.decidedOn) {
        rows.push(
          approvalDocumentRow(project, {
            key: instance,
            projectId: r.projectId,
            instance,
            issuedOn: p.decidedOn,
            number: p.documentNo,
            title: `${item.name}准予许可决定书`,
            kind: 'outside-line-permit',
          }),
        )
      }
    } else if (p.status === 'refused') rows.push(detail(13, p.reason ?? null))
  }
  return rows
}

/**
 * 竣工联合验收 — the one item joint acceptance is handled as: 将建设工程规划条件核实合格证核发、其他建设工程消防验收备案、
 * …等事项整合为一个竣工联合验收事项办理 (seeds/004_33317a5f04b53a73.txt:1816), taken by the lead alone (一口受理, 004:2299).
 * Its code is the catalogue's joint-acceptance step's (`joint-acceptance`) and its name the seed's; the case's
 * events carry neither (docs/spgl.md).
 */
export const JOINT_ACCEPTANCE_ITEM = { code: 'joint-acceptance', name: '竣工联合验收' } as const

/** The joint acceptance events that change the case's 办理状态, each with the BLZT it writes (docs/spgl.md). */
export const ACCEPTANCE_STATES = {
  'permit.acceptance.case.started.v1': 3,
  'permit.acceptance.case.inspection-scheduled.v1': 8,
  'permit.acceptance.case.passed.v1': 11,
  'permit.acceptance.case.failed.v1': 13,
  'permit.acceptance.case.pass-revoked.v1': 15,
} as const
export type AcceptanceStateSubject = keyof typeof ACCEPTANCE_STATES

/**
 * The joint acceptance events that issue a document of the case without changing its 办理状态: a department's 结果物
 * (规划条件核实合格证…, after the pass) and the 竣工验收备案表 (where the letter is the filing, 004:2279).
 */
export const ACCEPTANCE_DOCUMENT_EVENTS: readonly string[] = [
  'permit.acceptance.case.result-recorded.v1',
  'permit.acceptance.case.filing-issued.v1',
]

/** What a joint acceptance event carries that the export reads: the case after it, who, a note, the item it names. */
export type AcceptanceEventBody = Pick<AcceptanceCaseEventBody, 'case' | 'actor' | 'note'> & { item?: string }

/**
 * Whether a joint acceptance event writes rows: each state-changing one does, but a re-inspection (round 2 on) is no
 * new 部门开始办理 — the joint inspection's scheduling (round 1) is; and each that issues a document.
 */
export const acceptanceRows = (subject: string, body: AcceptanceEventBody): boolean =>
  ACCEPTANCE_DOCUMENT_EVENTS.includes(subject) ||
  (subject in ACCEPTANCE_STATES &&
    (subject !== 'permit.acceptance.case.inspection-scheduled.v1' || body.case.inspection?.round === 1))

/** Why a failed case failed, when its event names no note: the items that fail it (contracts' `failsAcceptance`). */
const failedItemsOf = (c: AcceptanceEventBody['case']) =>
  c.items
    .filter(failsAcceptance)
    .map((i) => i.itemName ?? i.item)
    .join('、') || null

/**
 * 批复文件 of a case's document: what the event issued — the named item's 结果物, or the 竣工验收备案表 — under the case's
 * instance (the item the documents' departments handled jointly). None when the snapshot does not hold it.
 */
function acceptanceDocumentRows(subject: string, body: AcceptanceEventBody, project: SpglProjectContext): SpglRow[] {
  const c = body.case
  const document = (key: string, d: { issuedOn: string; number: string; title: string; kind: string }) =>
    approvalDocumentRow(project, { key, projectId: c.projectId, instance: c.caseId, ...d })
  if (subject === 'permit.acceptance.case.filing-issued.v1') {
    if (!c.filingForm) return []
    const { number, issuedOn } = c.filingForm
    return [document(`${c.caseId}/filing`, { number, issuedOn, title: '竣工验收备案表', kind: 'completion-filing' })]
  }
  const result = c.items.find((i) => i.item === body.item)?.result
  if (!result) return []
  const { number, issuedOn, name } = result
  return [document(`${c.caseId}/${body.item}`, { number, issuedOn, title: name, kind: 'joint-acceptance-result' })]
}

/** What the reader knows of a case from the rows it stored: whether it wrote the case's 办结（通过）11. */
export type AcceptanceStored = { passed: boolean }

/** The case's 事项办理 row: the one instance of 竣工联合验收 at the lead, the same row whichever event writes it. */
const acceptanceInstanceRow = (c: AcceptanceEventBody['case'], project: SpglProjectContext): SpglRow =>
  itemHandlingRow(project, {
    instance: c.caseId,
    projectId: c.projectId,
    item: JOINT_ACCEPTANCE_ITEM.code,
    itemName: JOINT_ACCEPTANCE_ITEM.name,
    department: c.lead,
    departmentName: c.leadName ?? null,
  })

/**
 * A joint acceptance case as the data-sharing export reads it: one instance of the item 竣工联合验收
 * ({@link JOINT_ACCEPTANCE_ITEM}, 审批事项实例编码 the case id) at the lead (牵头部门) — 已受理 (BLZT 3) when the lead takes
 * the application (`started`); 部门开始办理 (8) when the joint inspection is scheduled (round 1); 办结 when the case is
 * decided — 通过 (11) with the 联合验收意见书 as its 批复文件, 不通过 (13) with why as 办理意见; 撤销 (15) when the pass is
 * revoked. Each keyed `<case>/<BLZT>`: once per case, whichever copy of the event comes. Each department's 结果物 and the
 * 竣工验收备案表 are 批复文件 of the instance too. A department's opinion changes no 办理状态 of the item and writes no row
 * (docs/spgl.md says why).
 *
 * Every event that writes a row writes the instance's 事项办理 row first (its key the case id, so only the first such
 * event the reader reads adds it): a case already open when this mapping was deployed — its `started` behind the
 * reader's cursor — still has its instance beside each later row, never a detail or a document naming an instance
 * upstream never saw. Its 3 is `started`'s alone (its actor and time are that event's). A pass revoked whose pass the
 * export never wrote (`stored.passed` false: passed before the deploy) writes nothing — no 撤销 of a 办结 never sent
 * upstream.
 */
export function rowsOfAcceptanceEvent(
  subject: string,
  body: AcceptanceEventBody,
  project: SpglProjectContext,
  stored: AcceptanceStored = { passed: false },
): SpglRow[] {
  const own = acceptanceEventRows(subject, body, project, stored)
  return own.length === 0 ? [] : [acceptanceInstanceRow(body.case, project), ...own]
}

/** The rows an acceptance event writes besides its instance's 事项办理 row ({@link rowsOfAcceptanceEvent}). */
function acceptanceEventRows(
  subject: string,
  body: AcceptanceEventBody,
  project: SpglProjectContext,
  stored: AcceptanceStored,
): SpglRow[] {
  if (!acceptanceRows(subject, body)) return []
  if (ACCEPTANCE_DOCUMENT_EVENTS.includes(subject)) return acceptanceDocumentRows(subject, body, project)
  const state = ACCEPTANCE_STATES[subject as AcceptanceStateSubject]
  if (state === 15 && !stored.passed) return []
  const c = body.case
  const rows: SpglRow[] = []
  const opinion = state === 13 ? (body.note ?? failedItemsOf(c)) : state === 15 ? (body.note ?? null) : null
  rows.push(
    handlingDetailRow(project, {
      key: `${c.caseId}/${state}`,
      instance: c.caseId,
      projectId: c.projectId,
      office: c.leadName ?? c.lead,
      by: body.actor ?? null,
      state,
      opinion,
      at: c.updatedAt,
    }),
  )
  // 联合验收意见书: the joint decision's written document, numbered once on the pass (none on a pass before numbers).
  if (state === 11 && c.opinionNumber) {
    rows.push(
      approvalDocumentRow(project, {
        key: c.caseId,
        projectId: c.projectId,
        instance: c.caseId,
        issuedOn: legalDateOf(c.decidedAt ?? c.updatedAt),
        number: c.opinionNumber,
        title: c.part ? `竣工联合验收意见书（${c.part}）` : '竣工联合验收意见书',
        kind: 'joint-acceptance',
      }),
    )
  }
  return rows
}

/** Whether the reader must read what it stored of the case before the event's rows: a pass revoked (its 11 written?). */
export const acceptanceReadsStored = (subject: string): boolean => subject === 'permit.acceptance.case.pass-revoked.v1'

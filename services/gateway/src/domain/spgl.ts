import {
  assignmentsOf,
  type CertificateIssuedV1,
  type ProjectRegisteredV1,
  type StepPhase,
  type StepTasksAssignedV1,
  type TaskEventBody,
} from '@onewindow/contracts'

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
    // A stage (审批阶段) in the order its first step appears in the flow; its items in the order of their steps.
    const stages: string[] = []
    const itemsOf = new Map<string, string[]>()
    for (const step of e.flow) {
      if (!itemsOf.has(step.stage)) {
        stages.push(step.stage)
        itemsOf.set(step.stage, [])
      }
      const items = itemsOf.get(step.stage) ?? []
      for (const item of step.items) if (!items.includes(item)) items.push(item)
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
    rows.push({
      table: 'SPGL_XMSPSXBLXXB',
      key: t.taskId,
      projectId: t.projectId,
      fields: {
        DFSJZJ: t.taskId,
        XZQHDM: project.region,
        GCDM: project.projectCode,
        SPSXSLBM: t.taskId,
        SPSXBM: t.item,
        SPSXMC: t.itemName ?? null,
        SPBMBM: t.department,
        SPBMMC: t.departmentName ?? null,
        SPLCBM: project.flowCode,
        SPLCBBH: project.flowVersion,
        ...phaseFields(t.phase),
        ...VALID,
      },
    })
  }
  const special = t.nationalCode === 9 || t.nationalCode === 10 ? specialProcedureOf(t) : undefined
  rows.push({
    table: 'SPGL_XMSPSXBLXXXXB',
    key: eventId,
    projectId: t.projectId,
    fields: {
      DFSJZJ: eventId,
      XZQHDM: project.region,
      GCDM: project.projectCode,
      SPSXSLBM: t.taskId,
      BLCS: t.departmentName ?? t.department,
      BLR: body.actor ?? t.decision?.decidedBy ?? t.claimedBy ?? null,
      BLZT: t.nationalCode,
      BLYJ: t.decision?.reason ?? body.note ?? null,
      BLSJ: t.updatedAt,
      X_TBCX_KIND: special?.kind ?? null,
      X_TBCX_LIMIT: special?.limit?.value ?? null,
      X_TBCX_UNIT: special?.limit?.unit ?? null,
      ...VALID,
    },
  })
  return rows
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
    {
      table: 'SPGL_XMSPSXPFWJXXB',
      key: c.certificateId,
      projectId: c.projectId,
      fields: {
        DFSJZJ: c.certificateId,
        XZQHDM: project.region,
        GCDM: project.projectCode,
        SPSXSLBM: taskId ?? null,
        PFRQ: c.issuedOn,
        PFWH: c.number,
        PFWJBT: documentTitle(c.title, c.phase),
        // Our certificates carry no expiry; the reference code writes 9999-01-01 for "no limit".
        PFWJYXQX: '9999-01-01',
        X_KIND: c.kind,
        ...phaseFields(c.phase),
        ...VALID,
      },
    },
  ]
}

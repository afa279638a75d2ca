import type { Rectification } from '../../rectification'
import type { Status } from './flow-model'

/** A department's verification of a promise, as the status carries it (contracts' `CommitmentVerification`). */
export type Verification = NonNullable<NonNullable<Status['tasks'][number]['commitment']>['verification']>

/**
 * 核查结论: one finding that the owner did not keep a promise (seeds 004:1860) — a 告知承诺 of the approval stage
 * (`commitment`) or of joint acceptance (`acceptance`) found not kept, or a 容缺 material not made good by its promised
 * day (`deficiency`) — with what the department found and the measures it took.
 */
export type Finding = {
  key: string
  kind: 'commitment' | 'deficiency' | 'acceptance'
  /** The item's name (its code where the status names none). */
  item: string
  /** `deficiency`: the owed material's code. */
  material?: string
  /** `acceptance`: the building or section the case is for, absent for the whole project. */
  part?: string
  /**
   * `acceptance`: where the case stands — `failed` when the breach was found before the pass (a revoked item fails the
   * undecided case: services/acceptance domain/case.ts `verifyCommitment`), `revoked` when its pass was revoked.
   */
  caseState?: 'failed' | 'revoked' | 'other'
  verification: Verification
  /** An approval task's finding: its task, to which the owner reports its 整改 (`rectification`, once any is kept). */
  taskId?: string
  /** A joint acceptance item's breach: its case and item, to which the owner reports its 整改. */
  acceptance?: { caseId: string; item: string }
  rectification?: Rectification
}

/**
 * Every breach the project's status records, newest finding first: the tasks' 告知承诺 verifications and 容缺 findings
 * (`tasks[].commitment.verification`, `tasks[].deficiencies[].finding`) and joint acceptance's items
 * (`acceptance[].items[].verification`). A kept commitment is no finding; the 告知承诺 card says it was kept.
 */
export function findingsOf(status: Pick<Status, 'tasks' | 'acceptance'>): Finding[] {
  const out: Finding[] = []
  for (const t of status.tasks) {
    const item = t.itemName ?? t.item
    const v = t.commitment?.verification
    if (v?.result === 'breached') {
      const r = t.commitment?.rectification
      out.push({
        key: `${t.taskId}/commitment`,
        kind: 'commitment',
        item,
        verification: v,
        taskId: t.taskId,
        ...(r ? { rectification: r } : {}),
      })
    }
    for (const d of t.deficiencies ?? []) {
      if (d.finding?.result !== 'breached') continue
      out.push({
        key: `${t.taskId}/${d.material}`,
        kind: 'deficiency',
        item,
        material: d.material,
        verification: d.finding,
        taskId: t.taskId,
        ...(d.rectification ? { rectification: d.rectification } : {}),
      })
    }
  }
  for (const c of status.acceptance) {
    for (const i of c.items) {
      if (i.verification?.result !== 'breached') continue
      out.push({
        key: `${c.caseId}/${i.item}`,
        kind: 'acceptance',
        item: i.itemName ?? i.item,
        ...(c.part === undefined ? {} : { part: c.part }),
        caseState: c.status === 'failed' ? 'failed' : c.passRevoked ? 'revoked' : 'other',
        verification: i.verification,
        acceptance: { caseId: c.caseId, item: i.item },
        ...(i.rectification ? { rectification: i.rectification } : {}),
      })
    }
  }
  // Newest first; the same day in the order above (the approval stage before joint acceptance).
  return out
    .map((f, n) => ({ f, n }))
    .sort((a, b) => b.f.verification.on.localeCompare(a.f.verification.on) || a.n - b.n)
    .map(({ f }) => f)
}

/** What the `revoke` measure did to a joint acceptance case, in the owner's words. */
const ACCEPTANCE_REVOKED: Record<NonNullable<Finding['caseState']>, string> = {
  // Found before the pass: no pass existed to revoke; the revoked item failed the case.
  failed: '本次联合验收不予通过，需重新申请联合验收',
  revoked: '联合验收通过已依法撤销，需重新申请联合验收',
  other: '联合验收通过已依法撤销，需重新申请联合验收',
}

/**
 * What the owner must do, or may no longer do, under a finding's measures, in its own words: 整改 by its day (the
 * last day allowed: `rectifyBy` is a working day after the finding, packages/vocabulary commitment.ts), the permit
 * revoked (or the acceptance's pass, or the case failed when found before the pass), 告知承诺 barred through its day.
 * Dates are the status's `YYYY-MM-DD`, `date` says them.
 */
export function dutiesOf(
  f: Pick<Finding, 'kind' | 'verification' | 'caseState'>,
  date: (day: string) => string,
): string[] {
  const v = f.verification
  const measures = v.measures ?? []
  const out: string[] = []
  if (measures.includes('rectify'))
    out.push(v.rectifyBy ? `请于${date(v.rectifyBy)}（含当日）前完成整改` : '请按要求完成整改')
  if (measures.includes('revoke'))
    out.push(
      f.kind === 'acceptance' ? ACCEPTANCE_REVOKED[f.caseState ?? 'other'] : '该事项的许可已依法撤销，需重新申请',
    )
  if (measures.includes('bar-commitment'))
    out.push(v.barredUntil ? `${date(v.barredUntil)}前（含当日）不得选择告知承诺` : '不得选择告知承诺，直至解除')
  return out
}

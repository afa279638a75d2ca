import { AcceptancePermitCopy, type StepPhase } from '@onewindow/contracts'
import { Compile } from 'typebox/compile'

/**
 * One approval of an item as the read model holds it: the application, when its step was decided, its phase, and
 * its building (按照单位工程办理施工许可) when it was applied for one unit work on its own.
 */
export type ItemApproval = { applicationId: string; decidedAt: string; phase?: StepPhase; part?: string }

const check = Compile(AcceptancePermitCopy)
const copyOf = ({ applicationId, decidedAt, phase, part }: ItemApproval): AcceptancePermitCopy => ({
  applicationId,
  decidedAt,
  ...(phase === undefined ? {} : { phase }),
  ...(part === undefined ? {} : { part }),
})
/** The whole step, or its last phase (分阶段办理): what grants the permit. */
const whole = (a: AcceptancePermitCopy) => a.phase === undefined || a.phase.number >= a.phase.count

/**
 * What the gateway sends acceptance of the construction permit (`AcceptancePermitCopy`), from the approvals its read
 * model holds (oldest first): the first that granted it for the whole project (what acceptance would have recorded
 * first on hearing them), else — a case for one unit work (`part`, 按照单位工程) — the approval of that building's own
 * permit, else the furthest phase before the last (how far the step has come, which acceptance refuses naming the
 * phase). Another building's permit grants nothing here and is not sent. None when nothing approved it: acceptance
 * then refuses as ever. A stored row that is no copy (a hand edit) is not sent, so it vouches for nothing.
 */
export function permitCopyOf(
  approvals: readonly ItemApproval[],
  part?: string | undefined,
): AcceptancePermitCopy | undefined {
  const copies = approvals.map(copyOf).filter((c) => check.Check(c))
  const project = copies.filter((c) => c.part === undefined)
  const granted = project.find(whole) ?? (part === undefined ? undefined : copies.find((c) => c.part === part))
  if (granted) return granted
  const phaseOf = (c: AcceptancePermitCopy) => c.phase?.number ?? 0
  return project.reduce<AcceptancePermitCopy | undefined>(
    (furthest, c) => (furthest && phaseOf(furthest) >= phaseOf(c) ? furthest : c),
    undefined,
  )
}

import { AcceptancePermitCopy, type StepPhase } from '@onewindow/contracts'
import { Compile } from 'typebox/compile'

/** One approval of an item as the read model holds it: the application, when its step was decided, its phase. */
export type ItemApproval = { applicationId: string; decidedAt: string; phase?: StepPhase }

const check = Compile(AcceptancePermitCopy)
const copyOf = ({ applicationId, decidedAt, phase }: ItemApproval): AcceptancePermitCopy => ({
  applicationId,
  decidedAt,
  ...(phase === undefined ? {} : { phase }),
})
/** The whole step, or its last phase (分阶段办理): what grants the permit. */
const whole = (a: ItemApproval) => a.phase === undefined || a.phase.number >= a.phase.count

/**
 * What the gateway sends acceptance of the construction permit (`AcceptancePermitCopy`), from the approvals its read
 * model holds (oldest first): the first that granted it whole (what acceptance would have recorded first on hearing
 * them), else the furthest phase before the last (how far the step has come, which acceptance refuses naming the
 * phase). None when nothing approved it: acceptance then refuses as ever. A stored row that is no copy (a hand edit)
 * is not sent, so it vouches for nothing.
 */
export function permitCopyOf(approvals: readonly ItemApproval[]): AcceptancePermitCopy | undefined {
  const copies = approvals.map(copyOf).filter((c) => check.Check(c))
  const granted = copies.find(whole)
  if (granted) return granted
  const phaseOf = (c: AcceptancePermitCopy) => c.phase?.number ?? 0
  return copies.reduce<AcceptancePermitCopy | undefined>(
    (furthest, c) => (furthest && phaseOf(furthest) >= phaseOf(c) ? furthest : c),
    undefined,
  )
}

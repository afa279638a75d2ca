import { phaseText } from '../../format'

/**
 * What a certificate covers, as its signed body names it: 登记范围, the building a property certificate registers (none
 * for the whole project), and 许可阶段, the phase a phased permit is for (one permit per phase). Shown on the full card
 * and on the summary other roles see alike.
 */
export function CertificateScope({
  part,
  phase,
}: {
  part?: string | undefined
  phase?: Parameters<typeof phaseText>[0] | undefined
}) {
  return (
    <>
      {part && <div>登记范围：{part}</div>}
      {phase && <div>许可阶段：{phaseText(phase)}</div>}
    </>
  )
}

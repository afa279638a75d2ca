import { phaseText } from '../../format'

/**
 * What a certificate covers, as its signed body names it: 登记范围, the building a property certificate registers (none
 * for the whole project); 许可范围, the unit work (单位工程) a permit was granted for on its own (按照单位工程办理施工许可);
 * and 许可阶段, the phase a phased permit is for (one permit per phase). Shown on the full card and on the summary
 * other roles see alike.
 */
export function CertificateScope({
  kind,
  part,
  phase,
}: {
  kind?: string | undefined
  part?: string | undefined
  phase?: Parameters<typeof phaseText>[0] | undefined
}) {
  return (
    <>
      {part && (kind === 'permit' ? <div>许可范围：单位工程 {part}</div> : <div>登记范围：{part}</div>)}
      {phase && <div>许可阶段：{phaseText(phase)}</div>}
    </>
  )
}

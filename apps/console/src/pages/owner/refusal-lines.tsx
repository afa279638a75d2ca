import { Link } from 'react-router'
import { chineseDate } from '../../format'
import { APPEAL_LINE, refusalReasonLine } from '../../refusal-words'
import { shanghaiDay } from '../../wall-clock'
import type { DepartmentView } from './flow-model'

/**
 * A refusal as the owner is told it (行政许可法第三十八条第二款): the department's reason, the right to 行政复议 or
 * 行政诉讼 (004:3235), and the written decision to print (refusal.tsx).
 */
export function RefusalLines({ refusal, href }: { refusal: NonNullable<DepartmentView['refusal']>; href: string }) {
  return (
    <div data-refusal>
      <div style={{ overflowWrap: 'anywhere' }}>
        {refusalReasonLine(refusal.reason)}（{chineseDate(shanghaiDay(refusal.decidedAt))}决定）
      </div>
      <div>
        {APPEAL_LINE} <Link to={href}>查看并打印决定书</Link>
      </div>
    </div>
  )
}

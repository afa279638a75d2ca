import { Card } from 'antd'
import { FindingsList, measuresText } from '../../components/breach'
import { departmentNamer } from '../../departments'
import { chineseDate } from '../../format'
import { materialName } from '../../materials'
import { boxedItem, boxedList } from './boxed-list'
import { dutiesOf, type Finding, findingsOf } from './findings-model'
import type { Status } from './flow-model'
import { RectificationPart } from './rectification-report'

const WHAT: Record<Finding['kind'], (f: Finding) => string> = {
  commitment: () => '告知承诺核查：未按承诺履行',
  acceptance: (f) => `联合验收告知承诺核查（${f.part ?? '整个项目'}）：未按承诺履行`,
  deficiency: (f) => `容缺后补核查：${materialName(f.material ?? '')}逾期未补交`,
}

/** Each finding's name for a screen reader: its item, and the material or the building, so two never share one. */
const LABEL: Record<Finding['kind'], (f: Finding) => string> = {
  commitment: (f) => `${f.item} 告知承诺核查结论`,
  acceptance: (f) => `${f.item}（${f.part ?? '整个项目'}）告知承诺核查结论`,
  deficiency: (f) => `${f.item} ${materialName(f.material ?? '')} 容缺后补核查结论`,
}

/**
 * 核查结论 on the project's page: each promise of the owner a department found not kept (seeds 004:1860) — a 告知承诺
 * of the approval stage or of joint acceptance, a 容缺 material not made good — with what it found, the measures it
 * took and what the owner must do by when (整改 by a day, the permit revoked, 告知承诺 barred through a day) — to the
 * owner 需要您做的, to any other reader of the project (a department, the supervisor) 建设单位需.
 */
export function FindingsCard({ status, owner }: { status: Status; owner: boolean }) {
  const findings = findingsOf(status)
  if (findings.length === 0) return null
  const nameOf = departmentNamer(status)
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>核查结论</h2>} size="small" style={{ marginBottom: 16 }}>
      <ul style={boxedList}>
        {findings.map((f) => {
          const v = f.verification
          const duties = dutiesOf(f, chineseDate)
          return (
            <li key={f.key} style={boxedItem}>
              <section aria-label={LABEL[f.kind](f)} data-finding={f.kind}>
                <div>
                  <strong>{f.item}</strong> · {WHAT[f.kind](f)}
                </div>
                <div>
                  核查部门 {nameOf(v.department)} · 核查日期 {chineseDate(v.on)}
                  {v.measures?.length ? ` · 惩戒措施 ${measuresText(v.measures)}` : ''}
                </div>
                {v.findings?.length ? (
                  <div>
                    与承诺不符的情况：
                    <FindingsList findings={v.findings} />
                  </div>
                ) : null}
                {duties.length > 0 && (
                  <div>
                    <strong>{owner ? '需要您做的：' : '建设单位需：'}</strong>
                    {duties.join('；')}
                  </div>
                )}
                <RectificationPart
                  finding={f}
                  projectId={status.project.projectId}
                  today={status.asOf.today}
                  owner={owner}
                />
              </section>
            </li>
          )
        })}
      </ul>
    </Card>
  )
}

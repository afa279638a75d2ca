import { describe, expect, it } from 'vitest'
import { evidenceText, type Signal } from '../src/pages/supervisor/signal-text.js'

const lateAcceptance = (evidence: Signal['evidence']): Signal => ({
  id: 's1',
  kind: 'late-acceptance',
  ordinal: 1,
  projectId: 'p1',
  projectCode: null,
  projectName: null,
  region: null,
  applicationId: 'a1',
  taskId: null,
  department: null,
  item: null,
  raisedOn: evidence.acceptedOn ?? '2026-03-10',
  raisedAt: '2026-03-10T02:00:00Z',
  evidence,
})

// 行政许可法第三十二条 (packages/catalogue/data/law/xingzheng-xuke-fa.txt:8): "当场或者在五日内一次告知……逾期不告知的，
// 自收到申请材料之日起即为受理". The five days bound the one notice, not the acceptance; docs/legal-time.md, Art. 32:
// received Monday 2026-03-02, accepted by law on 03-10, as of 03-02.
describe('a late acceptance, as the law counts it', () => {
  it('accepted by law: counts from the receipt day; the day after the fifth is only when the platform recorded it', () => {
    const text = evidenceText(
      lateAcceptance({ receivedOn: '2026-03-02', acceptedOn: '2026-03-10', workingDays: 6, acceptedBy: 'law' }),
    )
    expect(text).toBe(
      '2026年3月2日接件，5 个工作日内未受理也未一次性告知补正，依法自接件之日（2026年3月2日）起视为受理；' +
        '平台于2026年3月10日记录受理，相隔 6 个工作日',
    )
    expect(text).not.toContain('2026年3月10日依法视为受理')
    expect(text).not.toContain('5 个工作日内受理')
  })

  it("the window's own late acceptance names the rule: five days for the one notice, else accepted from receipt", () => {
    const text = evidenceText(
      lateAcceptance({ receivedOn: '2026-03-02', acceptedOn: '2026-03-10', workingDays: 6, acceptedBy: 'clerk' }),
    )
    expect(text).toBe(
      '2026年3月2日接件，2026年3月10日受理，相隔 6 个工作日（法定：当场或 5 个工作日内一次性告知需补正的全部内容，' +
        '逾期不告知的，自收到申请材料之日起即为受理）',
    )
  })
})

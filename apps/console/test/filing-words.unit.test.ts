import { isFiling } from '@onewindow/vocabulary'
import { describe, expect, it } from 'vitest'
import { actionName } from '../src/pages/admin/audit-text.js'
import {
  FILING_WORDS,
  isFilingStep,
  LICENCE_WORDS,
  MIXED_WORDS,
  outcomeWords,
  type StatsGroup,
  sharesTitle,
} from '../src/pages/supervisor/figures.js'

/** A group of the figures with only the key the helpers read. */
const group = (over: Partial<StatsGroup>) => ({ decided: 1, ...over }) as StatsGroup

describe('the audit log’s words for a task’s decision', () => {
  // An entry names its task by id alone: its words must hold whether the task decided a licence or a filing.
  it('name a filing’s decision as well as a licence’s', () => {
    expect(actionName('approval.task.approve')).toContain(LICENCE_WORDS.granted)
    expect(actionName('approval.task.approve')).toContain(FILING_WORDS.granted)
    expect(actionName('approval.task.reject')).toContain(LICENCE_WORDS.refused)
    expect(actionName('approval.task.reject')).toContain(FILING_WORDS.refused)
    expect(actionName('approval.task.revoke')).toContain('备案')
  })

  it('never call a decision an approval alone (审批通过, 审批不予许可)', () => {
    for (const action of ['approval.task.approve', 'approval.task.reject']) {
      expect(actionName(action)).not.toMatch(/^审批/)
    }
  })
})

describe('the supervisor’s figures’ words for the decided shares', () => {
  it('say a filing’s words where every group is a step that is a filing alone', () => {
    const filings = [group({ step: '企业投资项目备案' }), group({ step: '房屋市政工程竣工验收备案' })]
    expect(outcomeWords(filings, 'step')).toEqual(FILING_WORDS)
    expect(sharesTitle(filings, 'step')).toBe('予以备案 / 不予备案 / 告知承诺')
  })

  it('name both where a figure counts licences and filings, or may', () => {
    const mixed = [group({ step: '企业投资项目备案' }), group({ step: 'construction-permit' })]
    expect(outcomeWords(mixed, 'step')).toEqual(MIXED_WORDS)
    // A department decides both, and its name does not say which.
    expect(outcomeWords([group({ department: 'development-reform' })], 'department')).toEqual(MIXED_WORDS)
    expect(outcomeWords([], 'step')).toEqual(MIXED_WORDS)
    const title = sharesTitle(mixed, 'step')
    for (const word of [LICENCE_WORDS.granted, LICENCE_WORDS.refused, FILING_WORDS.granted, FILING_WORDS.refused]) {
      expect(title).toContain(word)
    }
    expect(title).not.toContain('批准')
  })

  it('take a step that names a licence beside its filing, or bundles one, for both', () => {
    // Both end in 备案 or name it, as a filing's name does; neither is a filing alone.
    expect(isFiling('建设用地规划许可与项目备案')).toBe(true)
    expect(isFilingStep('建设用地规划许可与项目备案')).toBe(false)
    expect(isFilingStep('备案、用地规划、人防、工程规划、环评、施工许可、供水供电报装一并申请')).toBe(false)
    expect(isFilingStep('企业投资项目备案')).toBe(true)
    expect(outcomeWords([group({ step: 'land-planning-and-filing' })], 'step')).toEqual(MIXED_WORDS)
  })
})

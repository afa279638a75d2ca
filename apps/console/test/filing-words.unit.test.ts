import { describe, expect, it } from 'vitest'
import { actionName } from '../src/pages/admin/audit-text.js'
import { LICENCE_WORDS, MIXED_WORDS, SHARES_TITLE } from '../src/pages/supervisor/figures.js'

/** A filing's two results: accepted for the record (予以备案) or not (不予备案). */
const FILING_WORDS = { granted: '予以备案', refused: '不予备案' }

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
  // Every group may count licences and filings both (no bundled step is of filings alone:
  // packages/catalogue/test/filing.unit.test.ts), and its name does not say which: the figures name both.
  it('name both a licence’s and a filing’s results', () => {
    for (const word of [LICENCE_WORDS.granted, LICENCE_WORDS.refused, FILING_WORDS.granted, FILING_WORDS.refused]) {
      expect(SHARES_TITLE).toContain(word)
      expect(`${MIXED_WORDS.granted} ${MIXED_WORDS.refused}`).toContain(word)
    }
    expect(SHARES_TITLE).toBe('准予许可或予以备案 / 不予许可或不予备案 / 告知承诺')
    expect(SHARES_TITLE).not.toContain('批准')
  })
})

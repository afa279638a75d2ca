import { describe, expect, it } from 'vitest'
import { chineseDate } from '../src/format.js'
import { dutiesOf, findingsOf } from '../src/pages/owner/findings-model.js'
import type { Status } from '../src/pages/owner/flow-model.js'

// 核查结论 on the owner's progress page (seeds 004:1860): which breaches the status records, and what each asks of
// the owner by when.

type Task = Status['tasks'][number]
type Case = Status['acceptance'][number]

const breached = (on: string, more: object = {}) => ({
  result: 'breached' as const,
  on,
  department: 'housing-construction',
  by: 'reviewer-1',
  findings: ['施工图未按承诺上传'],
  ...more,
})
const task = (t: Partial<Task>) => ({ taskId: 't1', item: 'construction-permit', itemName: '施工许可', ...t }) as Task
const acceptanceCase = (c: Partial<Case>) => ({ caseId: 'c1', items: [], ...c }) as unknown as Case

describe('findingsOf', () => {
  it('lists the approval stage’s 告知承诺 and 容缺 breaches and joint acceptance’s, newest first; kept ones not', () => {
    const status = {
      tasks: [
        task({
          commitment: { verifyBy: '2026-04-01', verification: breached('2026-03-05', { measures: ['rectify'] }) },
          deficiencies: [
            { material: 'construction-contract', promisedOn: '2026-03-06', overdueOn: '2026-03-09' },
            {
              material: 'works-plan',
              promisedOn: '2026-03-06',
              overdueOn: '2026-03-09',
              finding: breached('2026-03-10', { measures: ['revoke'] }),
            },
          ],
        }),
        task({
          taskId: 't2',
          item: 'engineering-planning-permit',
          itemName: undefined,
          commitment: { verifyBy: '2026-04-01', verification: { ...breached('2026-03-20'), result: 'kept' } },
        }),
      ],
      acceptance: [
        acceptanceCase({
          part: '1号厂房',
          items: [
            { item: 'archive', itemName: '城建档案验收', verification: breached('2026-03-07') },
            { item: 'fire', verification: undefined },
          ] as unknown as Case['items'],
        }),
      ],
    }
    expect(findingsOf(status).map((f) => [f.kind, f.item, f.material ?? f.part ?? null, f.verification.on])).toEqual([
      ['deficiency', '施工许可', 'works-plan', '2026-03-10'],
      ['acceptance', '城建档案验收', '1号厂房', '2026-03-07'],
      ['commitment', '施工许可', null, '2026-03-05'],
    ])
    expect(findingsOf(status).find((f) => f.kind === 'acceptance')?.caseState).toBe('other')
    // Its 整改 is reported to its case and item, and read from the item as an approval finding's from its task.
    expect(findingsOf(status).find((f) => f.kind === 'acceptance')?.acceptance).toEqual({
      caseId: 'c1',
      item: 'archive',
    })
    const rectification = { reports: [], overdueOn: '2026-03-21' }
    const rectifying = {
      tasks: [],
      acceptance: [
        acceptanceCase({
          items: [{ item: 'archive', verification: breached('2026-03-07'), rectification }] as unknown as Case['items'],
        }),
      ],
    }
    expect(findingsOf(rectifying)[0]).toMatchObject({ acceptance: { caseId: 'c1', item: 'archive' }, rectification })
    const failed = { tasks: [], acceptance: [{ ...status.acceptance[0], status: 'failed' } as Case] }
    expect(findingsOf(failed)[0]?.caseState).toBe('failed')
    const revoked = {
      tasks: [],
      acceptance: [{ ...status.acceptance[0], status: 'passed', passRevoked: { item: 'archive', on: '2026-03-07' } }],
    } as unknown as Pick<Status, 'tasks' | 'acceptance'>
    expect(findingsOf(revoked)[0]?.caseState).toBe('revoked')
    expect(findingsOf({ tasks: [], acceptance: [] })).toEqual([])
  })
})

describe('dutiesOf', () => {
  const date = chineseDate
  it('says 整改 by its day, the revocation, and the bar through its day, in the owner’s words', () => {
    const v = breached('2026-03-05', {
      measures: ['rectify', 'revoke', 'bar-commitment'],
      rectifyBy: '2026-03-20',
      barredUntil: '2026-06-30',
    })
    expect(dutiesOf({ kind: 'commitment', verification: v }, date)).toEqual([
      '请于2026年3月20日（含当日）前完成整改',
      '该事项的许可已依法撤销，需重新申请',
      '2026年6月30日前（含当日）不得选择告知承诺',
    ])
    expect(dutiesOf({ kind: 'acceptance', verification: v, caseState: 'revoked' }, date)[1]).toBe(
      '联合验收通过已依法撤销，需重新申请联合验收',
    )
    // Found before the pass, the revoked item failed the case: there was no pass to revoke.
    expect(dutiesOf({ kind: 'acceptance', verification: v, caseState: 'failed' }, date)[1]).toBe(
      '本次联合验收不予通过，需重新申请联合验收',
    )
    // A bar with no end day lasts until it is lifted.
    expect(
      dutiesOf({ kind: 'deficiency', verification: breached('2026-03-05', { measures: ['bar-commitment'] }) }, date),
    ).toEqual(['不得选择告知承诺，直至解除'])
    expect(dutiesOf({ kind: 'commitment', verification: breached('2026-03-05') }, date)).toEqual([])
  })
})

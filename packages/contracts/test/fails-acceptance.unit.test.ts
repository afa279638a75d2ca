import { describe, expect, it } from 'vitest'
import { type AcceptanceCaseEventBody, failsAcceptance } from '../src/index.js'

// Which items fail a joint acceptance (`permit.acceptance.case.failed.v1`), as acceptance decides the case and the
// notifier names what failed it: a failed item, or a 告知承诺 found breached with the `revoke` measure (依法撤销许可).

type Item = AcceptanceCaseEventBody['case']['items'][number]
const item = (over: Partial<Item>): Item => ({
  item: 'archives-acceptance',
  department: 'archives',
  status: 'pending',
  round: 1,
  ...over,
})
const breached = (measures: Array<'rectify' | 'revoke' | 'bar-commitment'>) =>
  item({
    status: 'committed',
    verification: { result: 'breached', on: '2026-03-04', department: 'archives', by: 'a-1', measures },
  })

describe('failsAcceptance', () => {
  it('a failed item fails the case; pending, passed, rectify and an unverified commitment do not', () => {
    expect(failsAcceptance(item({ status: 'failed', defects: ['超出规划许可建设'] }))).toBe(true)
    for (const status of ['pending', 'passed', 'rectify', 'committed'] as const)
      expect(failsAcceptance(item({ status })), status).toBe(false)
  })

  it('a commitment found breached fails it only with `revoke`; kept, or breached to rectify or bar, does not', () => {
    expect(failsAcceptance(breached(['revoke']))).toBe(true)
    expect(failsAcceptance(breached(['rectify', 'bar-commitment', 'revoke']))).toBe(true)
    expect(failsAcceptance(breached(['rectify', 'bar-commitment']))).toBe(false)
    expect(failsAcceptance(breached([]))).toBe(false)
    const kept = item({
      status: 'committed',
      verification: { result: 'kept', on: '2026-03-04', department: 'archives', by: 'a-1', measures: ['revoke'] },
    })
    expect(failsAcceptance(kept)).toBe(false)
    // `revoke` on an item no longer `committed` (an opinion after it) is not this rule's.
    expect(failsAcceptance({ ...breached(['revoke']), status: 'passed' })).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { ApprovalAuditAnchoredV1, auditAnchoredEvents } from '../src/index.js'

const hash = 'a'.repeat(64)
const anchor = (chain: string) => ({ chain, position: 1, hash, anchoredAt: '2026-03-02T01:00:00.000Z', entries: [] })

describe('an audit anchor names its own chain only', () => {
  it("accepts each service's anchor of its own chain", () => {
    for (const event of auditAnchoredEvents) {
      const service = event.subject.split('.')[1] ?? ''
      expect(event.validator.Check(anchor(service)), event.subject).toBe(true)
    }
  })

  it("refuses an anchor on approval's subject that claims intake's chain (it would write intake's copy)", () => {
    expect(ApprovalAuditAnchoredV1.validator.Check(anchor('approval'))).toBe(true)
    expect(ApprovalAuditAnchoredV1.validator.Check(anchor('intake'))).toBe(false)
  })
})

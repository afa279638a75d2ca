import { describe, expect, it } from 'vitest'
import { permitCopyOf } from '../src/domain/permit-copy.js'

// What the gateway sends acceptance of the construction permit (施工许可) from the approvals its read model holds,
// oldest first (docs/architecture.md, "A project a service never heard of").

const A = '0190a5a0-0000-7000-8000-00000000000a'
const B = '0190a5a0-0000-7000-8000-00000000000b'
const C = '0190a5a0-0000-7000-8000-00000000000c'
const phase = (number: number, count = 3) => ({ code: `phase-${number}`, name: `第${number}阶段`, number, count })

describe('permitCopyOf', () => {
  it('sends nothing when nothing approved the permit', () => {
    expect(permitCopyOf([])).toBeUndefined()
  })

  it('sends the first approval that granted it whole: the whole step, or its last phase', () => {
    expect(
      permitCopyOf([
        { applicationId: A, decidedAt: '2026-03-02T01:00:00Z', phase: phase(1) },
        { applicationId: B, decidedAt: '2026-03-03T01:00:00Z', phase: phase(3) },
        { applicationId: C, decidedAt: '2026-03-04T01:00:00Z' },
      ]),
    ).toEqual({ applicationId: B, decidedAt: '2026-03-03T01:00:00Z', phase: phase(3) })
    expect(permitCopyOf([{ applicationId: C, decidedAt: '2026-03-04T01:00:00Z' }])).toEqual({
      applicationId: C,
      decidedAt: '2026-03-04T01:00:00Z',
    })
  })

  it('else the furthest phase before the last, whatever order the phases were decided in', () => {
    expect(
      permitCopyOf([
        { applicationId: A, decidedAt: '2026-03-02T01:00:00Z', phase: phase(2) },
        { applicationId: B, decidedAt: '2026-03-03T01:00:00Z', phase: phase(1) },
      ]),
    ).toEqual({ applicationId: A, decidedAt: '2026-03-02T01:00:00Z', phase: phase(2) })
  })

  it('sends no stored row that is not a copy (a hand edit), so it vouches for nothing it cannot state', () => {
    expect(permitCopyOf([{ applicationId: A, decidedAt: 'yesterday' }])).toBeUndefined()
    expect(
      permitCopyOf([
        { applicationId: A, decidedAt: 'yesterday' },
        { applicationId: B, decidedAt: '2026-03-03T01:00:00Z', phase: phase(1) },
      ]),
    ).toEqual({ applicationId: B, decidedAt: '2026-03-03T01:00:00Z', phase: phase(1) })
  })

  // 按照单位工程办理施工许可: a building's own permit grants that building's case only.
  it("sends a building's own permit for that building's case only; the whole project's wins over it", () => {
    const one = { applicationId: A, decidedAt: '2026-03-02T01:00:00Z', part: '1号楼' }
    expect(permitCopyOf([one], '1号楼')).toEqual(one)
    expect(permitCopyOf([one], '2号楼')).toBeUndefined()
    expect(permitCopyOf([one])).toBeUndefined()
    const whole = { applicationId: B, decidedAt: '2026-03-03T01:00:00Z' }
    expect(permitCopyOf([one, whole], '1号楼')).toEqual(whole)
    expect(permitCopyOf([one, whole])).toEqual(whole)
    // A phase of the whole project's is sent over another building's permit: it is how far the project has come.
    const phased = { applicationId: C, decidedAt: '2026-03-04T01:00:00Z', phase: phase(1) }
    expect(permitCopyOf([one, phased], '2号楼')).toEqual(phased)
  })
})

import type { Actor, DrawQualityRoundBody, QualityInspector } from '@onewindow/contracts'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DRAW_WEIGHT,
  drawRound,
  type Inspection,
  isDrawable,
  publishedOf,
  reassignInspection,
  recordInspection,
  riskGradeOf,
  type SupervisedProject,
  seededRandom,
} from '../src/domain/quality-inspection.js'

const body: Actor = { sub: 'officer', role: 'reviewer', department: 'housing-construction' }
const pool: QualityInspector[] = Array.from({ length: 6 }, (_, i) => ({ sub: `insp-${i}`, name: `检查员${i}` }))
const pid = (n: number) => `01890000-0000-7000-8000-${String(n).padStart(12, '0')}`
const project = (
  n: number,
  projectType = 'general',
  inspections = 0,
  open = false,
  finished = false,
): SupervisedProject => ({
  projectId: pid(n),
  projectType,
  ownerCreditCode: '91440600MA4UJ2K7X6',
  name: `项目${n}`,
  inspections,
  open,
  finished,
})

let ids = 0
const draw = (
  supervised: readonly SupervisedProject[],
  seed: number,
  b: Partial<DrawQualityRoundBody> = {},
  actor: Actor = body,
) =>
  drawRound({
    roundId: pid(9000),
    seed,
    random: seededRandom(seed),
    newId: () => pid(10_000 + ids++),
    actor,
    body: { projects: 3, inspectorsPerProject: 2, pool, ...b },
    supervised,
    at: '2026-12-07T01:00:00.000Z',
    today: '2026-12-07',
  })
const drawn = (r: ReturnType<typeof draw>): Inspection[] => {
  if (!r.ok) throw new Error(r.error.code)
  return r.value
}

/** What the store would hold after `inspections`: each drawn project counted, a recorded one no longer open. */
const after = (supervised: readonly SupervisedProject[], inspections: readonly Inspection[]) =>
  supervised.map((p) => {
    const mine = inspections.filter((i) => i.projectId === p.projectId)
    return { ...p, inspections: p.inspections + mine.length, open: p.open || mine.some((i) => i.status === 'assigned') }
  })

describe('双随机、一公开 — the risk grade (004:1856)', () => {
  it('grades the simple low-risk and renovation types low, once-only; every other type ordinary', () => {
    expect(riskGradeOf('social-simple-low-risk')).toBe('low')
    expect(riskGradeOf('old-compound-renovation')).toBe('low')
    expect(riskGradeOf('office-fit-out-low-risk')).toBe('low')
    expect(riskGradeOf('general')).toBe('ordinary')
    expect(riskGradeOf('industrial-land-start-on-acquisition')).toBe('ordinary')
    expect(isDrawable(project(1, 'social-simple-low-risk', 1))).toBe(false)
    expect(isDrawable(project(1, 'office-fit-out-low-risk', 1))).toBe(true)
    expect(isDrawable(project(1, 'general', 3))).toBe(true)
    expect(isDrawable(project(1, 'general', 1, true))).toBe(false)
  })

  it('weights an ordinary project three times a low one over many seeds', () => {
    const supervised = [project(1, 'general'), project(2, 'social-simple-low-risk')]
    let ordinaryFirst = 0
    for (let seed = 0; seed < 2000; seed++) {
      if (drawn(draw(supervised, seed, { projects: 1 }))[0]?.projectId === pid(1)) ordinaryFirst++
    }
    // Expected 3/4 of the draws; 2000 draws put it within a few points.
    expect(ordinaryFirst / 2000).toBeGreaterThan(0.7)
    expect(ordinaryFirst / 2000).toBeLessThan(0.8)
    expect(DRAW_WEIGHT).toEqual({ low: 1, ordinary: 3 })
  })
})

describe('双随机 — a round', () => {
  const supervisedArb = fc
    .array(
      fc.record({
        n: fc.integer({ min: 1, max: 500 }),
        type: fc.constantFrom(
          'general',
          'social-simple-low-risk',
          'old-compound-renovation',
          'office-fit-out-low-risk',
        ),
      }),
      { minLength: 1, maxLength: 30 },
    )
    .map((rows) => [...new Map(rows.map((r) => [r.n, project(r.n, r.type)])).values()])

  it('gives the same draw for the same seed, whatever order the projects were read in', () => {
    fc.assert(
      fc.property(supervisedArb, fc.nat({ max: 2 ** 32 - 1 }), (supervised, seed) => {
        const a = drawn(draw(supervised, seed)).map((i) => [i.projectId, i.inspectors.map((x) => x.sub)])
        const b = drawn(draw([...supervised].reverse(), seed)).map((i) => [i.projectId, i.inspectors.map((x) => x.sub)])
        expect(b).toEqual(a)
      }),
    )
  })

  it('draws distinct supervised projects and distinct inspectors from the pool, as many as asked or drawable', () => {
    fc.assert(
      fc.property(
        supervisedArb,
        fc.nat({ max: 2 ** 32 - 1 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 5 }),
        (supervised, seed, projects, k) => {
          const round = drawn(draw(supervised, seed, { projects, inspectorsPerProject: k }))
          const ids = round.map((i) => i.projectId)
          expect(new Set(ids).size).toBe(ids.length)
          expect(ids.every((id) => supervised.some((p) => p.projectId === id))).toBe(true)
          expect(round).toHaveLength(Math.min(projects, supervised.length))
          for (const i of round) {
            expect(i.inspectors).toHaveLength(k)
            expect(new Set(i.inspectors.map((x) => x.sub)).size).toBe(k)
            expect(i.inspectors.every((x) => pool.some((p) => p.sub === x.sub))).toBe(true)
          }
        },
      ),
    )
  })

  it('never draws a once-only project twice over any number of rounds, results recorded in between', () => {
    fc.assert(
      fc.property(supervisedArb, fc.array(fc.nat({ max: 2 ** 32 - 1 }), { minLength: 1, maxLength: 8 }), (s, seeds) => {
        let supervised = s
        const all: Inspection[] = []
        for (const seed of seeds) {
          const r = draw(supervised, seed, { projects: 5 })
          if (!r.ok) {
            expect(r.error.code).toBe('ACCEPTANCE_QUALITY_NOTHING_TO_DRAW')
            continue
          }
          // Every inspection of the round recorded before the next, so only the once-only rule keeps a project out.
          const recorded = r.value.map((i) => ({ ...i, status: 'recorded' as const }))
          all.push(...recorded)
          supervised = after(supervised, recorded)
        }
        for (const p of s.filter(
          (x) => x.projectType === 'social-simple-low-risk' || x.projectType === 'old-compound-renovation',
        )) {
          expect(all.filter((i) => i.projectId === p.projectId).length).toBeLessThanOrEqual(1)
        }
      }),
    )
  })

  it('draws no project whose inspection waits for its result', () => {
    const r = drawn(draw([project(1, 'general', 1, true), project(2)], 7, { projects: 5 }))
    expect(r.map((i) => i.projectId)).toEqual([pid(2)])
  })

  it('draws no project whose works are finished (joint acceptance passed): supervision runs during construction', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 32 - 1 }), (seed) => {
        const r = drawn(
          draw([project(1, 'general', 0, false, true), project(2), project(3, 'general', 2, false, true)], seed, {
            projects: 5,
          }),
        )
        expect(r.map((i) => i.projectId)).toEqual([pid(2)])
      }),
    )
    expect(isDrawable(project(1, 'general', 0, false, true))).toBe(false)
    const none = draw([project(1, 'general', 1, false, true)], 1)
    expect(none.ok ? undefined : none.error.code).toBe('ACCEPTANCE_QUALITY_NOTHING_TO_DRAW')
  })

  it('refuses a caller that is not the supervision body, a pool naming someone twice or too small, nothing to draw', () => {
    const refusal = (r: ReturnType<typeof draw>) => (r.ok ? undefined : r.error)
    expect(
      refusal(draw([project(1)], 1, {}, { sub: 'x', role: 'reviewer', department: 'natural-resources' }))?.code,
    ).toBe('ACCEPTANCE_NOT_THE_SUPERVISION_BODY')
    expect(refusal(draw([project(1)], 1, {}, { sub: 'x', role: 'supervisor' }))?.code).toBe(
      'ACCEPTANCE_NOT_THE_SUPERVISION_BODY',
    )
    const twice = refusal(draw([project(1)], 1, { pool: [pool[0] as QualityInspector, pool[0] as QualityInspector] }))
    expect(twice).toMatchObject({
      code: 'ACCEPTANCE_QUALITY_POOL_INVALID',
      details: { errors: [{ field: '/body/pool/1/sub' }] },
    })
    const small = refusal(draw([project(1)], 1, { pool: pool.slice(0, 2), inspectorsPerProject: 3 }))
    expect(small).toMatchObject({
      code: 'ACCEPTANCE_QUALITY_POOL_INVALID',
      details: { errors: [{ field: '/body/pool' }] },
    })
    expect(refusal(draw([project(1, 'social-simple-low-risk', 1)], 1))?.code).toBe('ACCEPTANCE_QUALITY_NOTHING_TO_DRAW')
  })

  it('needs one inspector more than each project takes: a pool of K would pick its inspectors outright', () => {
    const one = draw([project(1)], 1, { pool: pool.slice(0, 1), inspectorsPerProject: 1 })
    expect(one.ok ? undefined : one.error).toMatchObject({
      code: 'ACCEPTANCE_QUALITY_POOL_INVALID',
      details: { errors: [{ field: '/body/pool', message: 'needs at least 2 inspectors (inspectorsPerProject + 1)' }] },
    })
    // The schema's own bound is one inspector: the refusal states the rule, K + 1, not just a number.
    expect(one.ok ? '' : one.error.message).toMatch(/needs 2 at least — one more than inspectorsPerProject/)
    expect(draw([project(1)], 1, { pool: pool.slice(0, 3), inspectorsPerProject: 3 }).ok).toBe(false)
    expect(draw([project(1)], 1, { pool: pool.slice(0, 2), inspectorsPerProject: 1 }).ok).toBe(true)
  })

  it('refuses a pool line whose name is its account, naming the line', () => {
    const named = [...pool.slice(0, 3), { sub: 'insp-x', name: 'insp-x' }]
    const r = draw([project(1)], 1, { pool: named, inspectorsPerProject: 1 })
    expect(r.ok ? undefined : r.error).toMatchObject({
      code: 'ACCEPTANCE_QUALITY_POOL_INVALID',
      details: { errors: [{ field: '/body/pool/3/name' }] },
    })
  })

  it('draws the same round whatever order the pool is listed in', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 32 - 1 }), fc.shuffledSubarray(pool, { minLength: 6 }), (seed, shuffled) => {
        const a = drawn(draw([project(1), project(2), project(3)], seed, { pool }))
        const b = drawn(draw([project(1), project(2), project(3)], seed, { pool: shuffled }))
        expect(b.map((i) => [i.projectId, i.inspectors])).toEqual(a.map((i) => [i.projectId, i.inspectors]))
      }),
    )
  })
})

describe('一公开 — a result', () => {
  const [inspection] = drawn(draw([project(1)], 42, { projects: 1 }))
  if (!inspection) throw new Error('nothing drawn')
  const assigned = inspection.inspectors[0] as QualityInspector
  const inspector: Actor = { sub: assigned.sub, role: 'reviewer', department: 'housing-construction' }
  const ctx = { at: '2026-12-08T02:00:00.000Z', today: '2026-12-08' }

  it('is recorded by an assigned inspector only, once', () => {
    const other: Actor = { sub: 'someone-else', role: 'reviewer', department: 'housing-construction' }
    const refused = recordInspection(inspection, other, { outcome: 'pass' }, ctx)
    expect(refused.ok ? undefined : refused.error.code).toBe('ACCEPTANCE_NOT_AN_ASSIGNED_INSPECTOR')
    // The same `sub` in another department is not the body's inspector.
    const elsewhere = recordInspection(inspection, { ...inspector, department: 'water' }, { outcome: 'pass' }, ctx)
    expect(elsewhere.ok ? undefined : elsewhere.error.code).toBe('ACCEPTANCE_NOT_AN_ASSIGNED_INSPECTOR')
    const r = recordInspection(inspection, inspector, { outcome: 'rectify', items: ['脚手架连墙件缺失'] }, ctx)
    if (!r.ok) throw new Error(r.error.code)
    expect(r.value).toMatchObject({
      status: 'recorded',
      recordedBy: inspector.sub,
      recordedOn: '2026-12-08',
      revision: 2,
    })
    const again = recordInspection(r.value, inspector, { outcome: 'pass' }, ctx)
    expect(again.ok ? undefined : again.error.code).toBe('ACCEPTANCE_QUALITY_INSPECTION_RECORDED')
    expect(publishedOf(r.value)).toMatchObject({
      projectId: pid(1),
      inspectors: inspection.inspectors.map((x) => x.name),
      result: { outcome: 'rectify', items: ['脚手架连墙件缺失'], units: [] },
    })
    expect(JSON.stringify(publishedOf(r.value))).not.toContain(inspector.sub)
    expect(publishedOf(inspection)).toBeUndefined()
  })

  it('publishes each unit by role and name, never its credit code (the owner’s included)', () => {
    const units = [
      { role: 'owner' as const, name: '佛山精工有限公司', creditCode: '91440600MA4UJ2K7X6' },
      { role: 'builder' as const, name: '汕尾建工集团', creditCode: '91441500MA4UW8XL3H' },
    ]
    const r = recordInspection(inspection, inspector, { outcome: 'pass', units }, ctx)
    if (!r.ok) throw new Error(r.error.code)
    const published = publishedOf(r.value)
    expect(published?.result.units).toEqual(units.map(({ role, name }) => ({ role, name })))
    for (const u of units) expect(JSON.stringify(published)).not.toContain(u.creditCode)
  })

  it('names the items of 责令整改 and none for 合格', () => {
    const none = recordInspection(inspection, inspector, { outcome: 'rectify' }, ctx)
    expect(none.ok ? undefined : none.error).toMatchObject({
      code: 'ACCEPTANCE_QUALITY_RESULT_INVALID',
      details: { errors: [{ field: '/body/items' }] },
    })
    const some = recordInspection(inspection, inspector, { outcome: 'pass', items: ['x'] }, ctx)
    expect(some.ok ? undefined : some.error.code).toBe('ACCEPTANCE_QUALITY_RESULT_INVALID')
  })
})

describe('回避 / 改派 — reassigning a drawn inspector', () => {
  const [inspection] = drawn(draw([project(1)], 42, { projects: 1, inspectorsPerProject: 2 }))
  if (!inspection) throw new Error('nothing drawn')
  const first = inspection.inspectors[0] as QualityInspector
  const reason = '回避：与施工单位存在利害关系'
  const reassign = (i: Inspection, seed: number, over: Partial<Parameters<typeof reassignInspection>[1]> = {}) =>
    reassignInspection(i, {
      actor: body,
      body: { inspector: first.sub, reason },
      pool,
      seed,
      random: seededRandom(seed),
      at: '2026-12-08T02:00:00.000Z',
      today: '2026-12-08',
      ...over,
    })
  const value = (r: ReturnType<typeof reassign>) => {
    if (!r.ok) throw new Error(r.error.code)
    return r.value
  }

  it('draws the replacement from the rest of the pool, keeps the other inspector in place, records seed and reason', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 32 - 1 }), (seed) => {
        const r = value(reassign(inspection, seed))
        const [drawnOne, kept] = r.inspectors
        expect(kept).toEqual(inspection.inspectors[1])
        expect(inspection.inspectors.map((x) => x.sub)).not.toContain(drawnOne?.sub)
        expect(pool.map((x) => x.sub)).toContain(drawnOne?.sub)
        expect(r.reassignments).toEqual([
          {
            replaced: first,
            drawn: drawnOne,
            reason,
            seed,
            among: 4,
            by: 'officer',
            at: '2026-12-08T02:00:00.000Z',
            on: '2026-12-08',
          },
        ])
        expect(r).toMatchObject({ status: 'assigned', revision: inspection.revision + 1 })
        // The same seed, the same replacement, whatever order the pool was kept in: a function of seed and pool.
        const again = value(reassign(inspection, seed, { pool: [...pool].reverse() }))
        expect(again.inspectors).toEqual(r.inspectors)
      }),
    )
  })

  it('reaches every inspector of the rest over seeds: random, not picked', () => {
    const reached = new Set<string>()
    for (let seed = 0; seed < 200; seed++) reached.add(value(reassign(inspection, seed)).inspectors[0]?.sub as string)
    expect([...reached].sort()).toEqual(
      pool.map((x) => x.sub).filter((s) => !inspection.inspectors.some((x) => x.sub === s)),
    )
  })

  it('never draws back an inspector replaced before, and says so when none is left', () => {
    const [one, two] = inspection.inspectors as [QualityInspector, QualityInspector]
    // Pool of 6, two on the inspection: each seat reassigned once, the second drawn among the three left.
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 32 - 1 }), (seed) => {
        const i = value(reassign(value(reassign(inspection, seed)), seed + 1, { body: { inspector: two.sub, reason } }))
        const subs = i.inspectors.map((x) => x.sub)
        expect(subs).not.toContain(one.sub)
        expect(subs).not.toContain(two.sub)
        expect(new Set(subs).size).toBe(2)
        expect(i.inspectors[0]).toEqual(i.reassignments?.[0]?.drawn)
        expect(i.reassignments?.map((r) => [r.replaced, r.among])).toEqual([
          [one, 4],
          [two, 3],
        ])
      }),
    )
    // A pool of three: the first seat's reassignment draws the one left; none is left for the second seat.
    const other = pool.find((x) => x.sub !== one.sub && x.sub !== two.sub) as QualityInspector
    const three = [one, two, other]
    const once = value(reassign(inspection, 9, { pool: three }))
    expect(once.inspectors).toEqual([other, two])
    const none = reassign(once, 7, { body: { inspector: two.sub, reason }, pool: three })
    expect(none.ok ? undefined : none.error.code).toBe('ACCEPTANCE_QUALITY_POOL_EXHAUSTED')
  })

  it('reassigns a seat once: its replacement, or anyone drawn by a reassignment, is not replaced again', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 32 - 1 }), (seed) => {
        const once = value(reassign(inspection, seed))
        const replacement = once.inspectors[0] as QualityInspector
        for (const actor of [body, { ...body, sub: replacement.sub }]) {
          const again = reassign(once, seed + 1, { actor, body: { inspector: replacement.sub, reason } })
          expect(again.ok ? undefined : again.error).toMatchObject({
            code: 'ACCEPTANCE_QUALITY_SEAT_REASSIGNED',
            details: { inspectionId: inspection.inspectionId, inspector: replacement.sub },
          })
        }
        // The other seat keeps its own one reassignment.
        const other = value(
          reassign(once, seed + 1, { body: { inspector: inspection.inspectors[1]?.sub as string, reason } }),
        )
        expect(other.reassignments).toHaveLength(2)
      }),
    )
  })

  it('lets an inspector of the inspection ask for its own 回避, never replace a co-inspector', () => {
    const [one, two] = inspection.inspectors as [QualityInspector, QualityInspector]
    const as = (sub: string) => ({ ...body, sub })
    const co = reassign(inspection, 5, { actor: as(two.sub), body: { inspector: one.sub, reason } })
    expect(co.ok ? undefined : co.error).toMatchObject({
      code: 'ACCEPTANCE_QUALITY_NOT_OWN_SEAT',
      details: { inspectionId: inspection.inspectionId, inspector: one.sub },
    })
    const own = value(reassign(inspection, 5, { actor: as(one.sub), body: { inspector: one.sub, reason } }))
    expect(own.inspectors[0]?.sub).not.toBe(one.sub)
    expect(own.reassignments?.[0]?.by).toBe(one.sub)
    // The body's officer not on the inspection replaces either seat.
    expect(value(reassign(inspection, 5, { body: { inspector: two.sub, reason } })).inspectors[1]?.sub).not.toBe(
      two.sub,
    )
    // One replaced before and no longer an inspector of it is not a co-inspector.
    const after = reassign(own, 6, { actor: as(one.sub), body: { inspector: two.sub, reason } })
    expect(after.ok).toBe(true)
  })

  it('refuses another department, a recorded inspection, an inspector not on it, a blank reason, a pool not kept', () => {
    const code = (r: ReturnType<typeof reassign>) => (r.ok ? undefined : r.error.code)
    expect(code(reassign(inspection, 1, { actor: { ...body, department: 'water' } }))).toBe(
      'ACCEPTANCE_NOT_THE_SUPERVISION_BODY',
    )
    const recorded = recordInspection(
      inspection,
      { sub: first.sub, role: 'reviewer', department: 'housing-construction' },
      { outcome: 'pass' },
      { at: '2026-12-08T01:00:00.000Z', today: '2026-12-08' },
    )
    if (!recorded.ok) throw new Error(recorded.error.code)
    expect(code(reassign(recorded.value, 1))).toBe('ACCEPTANCE_QUALITY_INSPECTION_RECORDED')
    const stranger = reassign(inspection, 1, { body: { inspector: 'nobody', reason } })
    expect(stranger.ok ? undefined : stranger.error).toMatchObject({
      code: 'ACCEPTANCE_QUALITY_REASSIGNMENT_INVALID',
      details: { errors: [{ field: '/body/inspector' }] },
    })
    const blank = reassign(inspection, 1, { body: { inspector: first.sub, reason: '   ' } })
    expect(blank.ok ? undefined : blank.error).toMatchObject({
      code: 'ACCEPTANCE_QUALITY_REASSIGNMENT_INVALID',
      details: { errors: [{ field: '/body/reason' }] },
    })
    expect(code(reassign(inspection, 1, { pool: undefined }))).toBe('ACCEPTANCE_QUALITY_POOL_NOT_KEPT')
  })

  it('publishes the inspectors who inspect, not those replaced', () => {
    const r = value(reassign(inspection, 3))
    const now = r.inspectors[0] as QualityInspector
    const rec = recordInspection(
      r,
      { sub: now.sub, role: 'reviewer', department: 'housing-construction' },
      { outcome: 'pass' },
      { at: '2026-12-09T01:00:00.000Z', today: '2026-12-09' },
    )
    if (!rec.ok) throw new Error(rec.error.code)
    expect(publishedOf(rec.value)?.inspectors).toEqual(r.inspectors.map((x) => x.name))
    expect(publishedOf(rec.value)?.inspectors).not.toContain(first.name)
    // The one replaced may no longer record.
    const old = recordInspection(
      r,
      { sub: first.sub, role: 'reviewer', department: 'housing-construction' },
      { outcome: 'pass' },
      { at: '2026-12-09T01:00:00.000Z', today: '2026-12-09' },
    )
    expect(old.ok ? undefined : old.error.code).toBe('ACCEPTANCE_NOT_AN_ASSIGNED_INSPECTOR')
  })
})

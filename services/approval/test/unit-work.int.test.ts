import { StepDecidedV1, StepTasksAssignedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accept, act, anAcceptance, approvalWorld, outboxBodies, type World } from './helpers.js'

// 按照单位工程办理施工许可 (seeds/000_5ff03a50698aa736.txt:125): the application of one building's construction permit
// opens tasks that name the building, and the step's decision names it, so acceptance grants that building only.
const TODAY = '2026-12-01'

describe("a unit work's (单位工程) construction permit through approval", () => {
  let w: World
  beforeAll(async () => {
    w = await approvalWorld(`${TODAY}T01:00:00Z`)
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  it('carries the building on every task and on step.decided; a whole-project application names none', async () => {
    const body = anAcceptance(TODAY, ['housing-construction', 'fire'], { step: 'construction-permit', part: '1号楼' })
    const tasks = await accept(w, body)
    await expect
      .poll(async () =>
        (await outboxBodies(w, StepTasksAssignedV1)).find((e) => e.applicationId === body.applicationId),
      )
      .toBeDefined()
    const assigned = (await outboxBodies(w, StepTasksAssignedV1)).find((e) => e.applicationId === body.applicationId)
    expect(assigned?.tasks.map((t) => t.part)).toEqual(['1号楼', '1号楼'])
    for (const t of tasks) {
      expect((await act(w, t, { action: 'claim' })).status).toBe(200)
      expect((await act(w, t, { action: 'approve' })).status).toBe(200)
    }
    const decided = (await outboxBodies(w, StepDecidedV1)).filter((e) => e.applicationId === body.applicationId)
    expect(decided).toHaveLength(1)
    expect(decided[0]).toMatchObject({ step: 'construction-permit', part: '1号楼', outcome: 'approved' })
    expect(decided[0]).not.toHaveProperty('phase')

    const whole = anAcceptance(TODAY, ['housing-construction'], { step: 'construction-permit' })
    const [task] = await accept(w, whole)
    if (!task) throw new Error('no task opened')
    expect((await act(w, task, { action: 'claim' })).status).toBe(200)
    expect((await act(w, task, { action: 'approve' })).status).toBe(200)
    const wholeDecided = (await outboxBodies(w, StepDecidedV1)).find((e) => e.applicationId === whole.applicationId)
    expect(wholeDecided).toMatchObject({ outcome: 'approved' })
    expect(wholeDecided).not.toHaveProperty('part')
  })
})

import type { ApplicationAcceptedV1 } from '@onewindow/contracts'
import { prismaAdapter } from '@onewindow/db'
import { defaultCalendar } from '@onewindow/workdays'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stepOpened } from '../src/commands.js'
import { type Tx, taskRepository } from '../src/db/tasks.js'
import { stepDueOn } from '../src/domain/step-clock.js'
import { openTasks } from '../src/domain/task.js'
import { PrismaClient } from '../src/generated/client.js'
import { anAcceptance, approvalWorld, type World } from './helpers.js'

const TODAY = '2026-12-01'
const AT = `${TODAY}T01:00:00.000Z`

describe("a project's whole-flow clock opened by two of its applications side by side", () => {
  let w: World
  let prisma: PrismaClient
  beforeAll(async () => {
    w = await approvalWorld(`${TODAY}T01:00:00Z`)
    prisma = new PrismaClient({ adapter: prismaAdapter(w.db.pool, w.db.schema) })
    w.defer(() => prisma.$disconnect())
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  /**
   * The consumer's transaction for `event` (consumers/on-application-accepted.ts), held open after `openStep` read the
   * project's flow clock until `go` resolves: resolves `read` with what it read.
   */
  const acceptance = (event: ApplicationAcceptedV1, go: Promise<void>) => {
    const read = Promise.withResolvers<unknown>()
    const done = prisma.$transaction(
      async (tx: Tx) => {
        const calendar = defaultCalendar()
        const opened = openTasks(
          event,
          event.items.map(() => uuidv7()),
          AT,
          calendar,
        )
        const dueOn = stepDueOn(opened.step.clocks, event.acceptedOn, calendar)
        const written = await taskRepository(tx).openStep(opened.step, opened.tasks, { dueOn, at: AT })
        read.resolve(written?.flow)
        await go
        const step = { step: opened.step, dueOn, flow: written?.flow, decidedAtOnce: false }
        return stepOpened(tx, event, step, AT, calendar)
      },
      { timeout: 30_000 },
    )
    return { read: read.promise, done }
  }

  it('counts both steps: the second opening counts on the first one’s row, not over it', async () => {
    const projectId = uuidv7()
    const cap = { projectId, projectCap: { value: 60, unit: 'W' as const } }
    const first = anAcceptance(TODAY, ['fire'], { ...cap, step: 'S1' })
    const second = anAcceptance(TODAY, ['water'], { ...cap, step: 'S1' })
    const goFirst = Promise.withResolvers<void>()
    const goSecond = Promise.withResolvers<void>()
    const a = acceptance(first, goFirst.promise)
    const b = acceptance(second, goSecond.promise)
    // Both have read the project's flow clock before either stores it: neither found a row.
    expect(await a.read).toBeUndefined()
    expect(await b.read).toBeUndefined()
    // The first opens the flow and commits; only then does the second, still holding what it read, store its own.
    goFirst.resolve()
    const firstRows = await a.done
    goSecond.resolve()
    const secondRows = await b.done
    const flow = await w.db.pool.query<{ state: { steps: Array<{ id: string }> } }>(
      'SELECT state FROM flow_clock WHERE project_id = $1',
      [projectId],
    )
    expect(flow.rows.map((r) => r.state.steps.map((s) => s.id))).toEqual([[first.applicationId, second.applicationId]])
    // Each transaction published the flow clock as it left it: the second's with both steps.
    expect(firstRows.at(-1)?.body).toMatchObject({ steps: [{ id: first.applicationId }] })
    expect(secondRows.at(-1)?.body).toMatchObject({
      steps: [{ id: first.applicationId }, { id: second.applicationId }],
    })
  })
})

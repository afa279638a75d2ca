import { type EventDefinition, ProjectRegisteredV1, TaskAssignedV1, TaskDecidedV1 } from '@onewindow/contracts'
import { defaultCalendar } from '@onewindow/workdays'
import fc from 'fast-check'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createPrisma } from '../src/db/client.js'
import { applyProjection } from '../src/db/projection.js'
import { decodeCursor, encodeCursor } from '../src/http/inbox-cursor.js'
import { projectors } from '../src/index.js'
import { projectRegistered, task } from './events.js'
import { type GatewayWorld, gatewayWorld, START } from './world.js'

// Issue 11, item 4: GET /api/v1/tasks pages by (due date, task id), keyset, with an opaque cursor.

type Task = ReturnType<typeof task>
type Page = { tasks: Task[]; nextCursor?: string; unreadable: Array<{ id: string }> }

let w: GatewayWorld
let db: ReturnType<typeof createPrisma>
let projectId: string
const APP = '01890000-0000-7000-8000-00000000cccc'

beforeAll(async () => {
  w = await gatewayWorld()
  db = createPrisma(w.db.pool, w.db.schema)
  w.defer(() => db.$disconnect())
  const project = projectRegistered()
  projectId = project.projectId
  await w.publish(ProjectRegisteredV1, project)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})
beforeEach(() => {
  w.clock.set(START)
})

const department = () => `dept-${uuidv7()}`
const reviewerOf = (d: string) => w.token({ role: 'reviewer', department: d })

/** The inbox order: due date (undated last), then task id. */
const byDue = (a: Pick<Task, 'dueOn' | 'taskId'>, b: Pick<Task, 'dueOn' | 'taskId'>) =>
  (a.dueOn ?? '\uffff').localeCompare(b.dueOn ?? '\uffff') || a.taskId.localeCompare(b.taskId)

async function page(bearer: string, query: string): Promise<Page> {
  const res = await w.api('GET', `/api/v1/tasks?${query}`, bearer)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body
}

/** Every page from the first, with `query` besides the cursor; returns the pages. */
async function allPages(bearer: string, query = ''): Promise<Page[]> {
  const pages: Page[] = []
  let cursor: string | undefined
  do {
    const p = await page(bearer, [query, cursor ? `cursor=${cursor}` : ''].filter(Boolean).join('&'))
    pages.push(p)
    cursor = p.nextCursor
  } while (cursor !== undefined && pages.length < 1000)
  return pages
}

/** Writes a task event's projection as the gateway's consumer does, without the trip through NATS. */
async function project(event: EventDefinition, t: Task) {
  const projector = projectors.find((p) => p.event === event)
  if (!projector) throw new Error(`no projector for ${event.subject}`)
  await db.$transaction((tx) => applyProjection(tx, projector.project({ task: t }, uuidv7()), defaultCalendar()))
}

const decided = (t: Task): Task => ({
  ...t,
  status: 'approved',
  nationalCode: 10,
  version: t.version + 1,
  decision: { outcome: 'approved', decidedAt: '2026-03-04T03:00:00Z', decidedBy: 'reviewer:r1' },
  updatedAt: '2026-03-04T03:00:00Z',
})

const DAYS = ['2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09', '2026-03-10']

describe('GET /api/v1/tasks, paged', () => {
  it('pages through a long inbox (230 tasks) giving every task once, soonest due first, undated last', async () => {
    const d = department()
    const tasks = Array.from({ length: 230 }, (_, i): Task => {
      const { dueOn: _due, ...rest } = task(projectId, APP, { department: d })
      // Many tasks share a day, so the task id decides within it; every 23rd has no due date.
      return i % 23 === 0 ? rest : { ...rest, dueOn: DAYS[i % DAYS.length] as string }
    })
    const others = [task(projectId, APP, { department: `${d}-other`, dueOn: '2026-03-02' })]
    await w.publish(TaskAssignedV1, ...[...tasks, ...others].map((t) => ({ task: t })))
    const reviewer = reviewerOf(d)
    await expect.poll(async () => (await allPages(reviewer, 'limit=200')).flatMap((p) => p.tasks).length).toBe(230)

    const expected = [...tasks].sort(byDue).map((t) => t.taskId)
    const byDefault = await allPages(reviewer)
    expect(byDefault.map((p) => p.tasks.length)).toEqual([50, 50, 50, 50, 30])
    expect(byDefault.flatMap((p) => p.tasks.map((t) => t.taskId))).toEqual(expected)
    expect(byDefault.at(-1)?.nextCursor).toBeUndefined()

    const bySeven = await allPages(reviewer, 'limit=7')
    expect(bySeven).toHaveLength(Math.ceil(230 / 7))
    expect(bySeven.flatMap((p) => p.tasks.map((t) => t.taskId))).toEqual(expected)

    // An exact multiple: the last full page says there is no more, rather than leading to an empty one.
    const byTen = await allPages(reviewer, 'limit=10')
    expect(byTen).toHaveLength(23)
    expect(byTen.every((p) => p.tasks.length === 10)).toBe(true)

    // The filters hold on every page.
    const dueBefore = await allPages(reviewer, 'limit=9&due_before=2026-03-06')
    expect(dueBefore.flatMap((p) => p.tasks.map((t) => t.taskId))).toEqual(
      [...tasks]
        .filter((t) => t.dueOn !== undefined && t.dueOn < '2026-03-06')
        .sort(byDue)
        .map((t) => t.taskId),
    )
    const none = await allPages(reviewer, 'limit=9&state=claimed')
    expect(none).toEqual([{ tasks: [], unreadable: [] }])

    // Another department's reviewer sees only its own.
    const other = await allPages(reviewerOf(`${d}-other`), 'limit=1')
    expect(other.flatMap((p) => p.tasks.map((t) => t.taskId))).toEqual([others[0]?.taskId])
  })

  it('filters by state on every page, and another department never appears', async () => {
    const d = department()
    const open = DAYS.map((dueOn) => task(projectId, APP, { department: d, dueOn }))
    const claimed = DAYS.map((dueOn) =>
      task(projectId, APP, { department: d, dueOn, status: 'claimed', nationalCode: 8 }),
    )
    const foreign = DAYS.map((dueOn) => task(projectId, APP, { department: `${d}-x`, dueOn }))
    for (const t of [...open, ...claimed, ...foreign]) await project(TaskAssignedV1, t)
    const reviewer = reviewerOf(d)
    const ids = async (query: string) => (await allPages(reviewer, query)).flatMap((p) => p.tasks.map((t) => t.taskId))
    expect(await ids('limit=2&state=claimed')).toEqual([...claimed].sort(byDue).map((t) => t.taskId))
    expect(await ids('limit=4&state=assigned')).toEqual([...open].sort(byDue).map((t) => t.taskId))
    const all = await ids('limit=5')
    expect(all).toEqual([...open, ...claimed].sort(byDue).map((t) => t.taskId))
    expect(all.filter((id) => foreign.some((f) => f.taskId === id))).toEqual([])
  })

  it('bounds limit in the schema and answers 400 naming /querystring/cursor for a malformed or edited cursor', async () => {
    const d = department()
    for (const dueOn of DAYS) await project(TaskAssignedV1, task(projectId, APP, { department: d, dueOn }))
    const reviewer = reviewerOf(d)
    const first = await page(reviewer, 'limit=2')
    const cursor = first.nextCursor as string
    expect(decodeCursor(cursor)).toEqual({ dueOn: first.tasks[1]?.dueOn, taskId: first.tasks[1]?.taskId })

    const refused = async (query: string, field: string) => {
      const res = await w.api('GET', `/api/v1/tasks?${query}`, reviewer)
      expect(res.status, query).toBe(400)
      expect(res.headers['content-type'], query).toContain('application/problem+json')
      expect(res.body.code, query).toBe('VALIDATION_FAILED')
      expect(
        res.body.errors.map((e: { field: string }) => e.field),
        query,
      ).toEqual([field])
    }
    for (const limit of ['0', '201', '-1', 'ten', '', '2.5']) await refused(`limit=${limit}`, '/querystring/limit')
    expect((await page(reviewer, 'limit=200')).tasks).toHaveLength(DAYS.length)
    expect((await page(reviewer, 'limit=1')).tasks).toHaveLength(1)

    const b64 = (s: string) => Buffer.from(s).toString('base64url')
    const taskId = first.tasks[1]?.taskId as string
    for (const bad of [
      'not+base64/',
      '%3D%3D',
      'x'.repeat(201),
      'AAAA',
      b64('{"dueOn":"2026-03-04"}'),
      b64('["2026-03-04"]'),
      b64(`["2026-02-30","${taskId}"]`),
      b64(`["2026-4-1","${taskId}"]`),
      b64('["2026-03-04","not-a-task-id"]'),
      b64(`[20260304,"${taskId}"]`),
      b64(`["2026-03-04","${taskId}",1]`),
      b64(`[ "2026-03-04","${taskId}"]`), // another spelling of a real key
      `${cursor}A`,
      cursor.slice(0, -2),
    ]) {
      await refused(`cursor=${bad}`, '/querystring/cursor')
    }
    // A cursor this route wrote is taken, also for the undated tail.
    expect((await page(reviewer, `cursor=${encodeCursor({ dueOn: null, taskId })}`)).tasks).toEqual([])
    expect((await page(reviewer, `cursor=${encodeCursor({ dueOn: '9999-12-31', taskId })}`)).tasks).toEqual([])
    expect((await page(reviewer, `cursor=${cursor}`)).tasks.map((t) => t.dueOn)).toEqual(DAYS.slice(2))
  })

  it('skips and names an unreadable row on its own page and moves the cursor past it', async () => {
    const d = department()
    const tasks = DAYS.map((dueOn) => task(projectId, APP, { department: d, dueOn }))
    for (const t of tasks) await project(TaskAssignedV1, t)
    const bad = tasks[2] as Task
    await w.db.pool.query(
      `UPDATE "${w.db.schema}".task SET snapshot = jsonb_set(snapshot, '{status}', '"sleeping"') WHERE id = $1`,
      [bad.taskId],
    )
    const pages = await allPages(reviewerOf(d), 'limit=2')
    expect(pages.map((p) => p.tasks.length)).toEqual([2, 1, 2])
    expect(pages.map((p) => p.unreadable.map((u) => u.id))).toEqual([[], [bad.taskId], []])
    expect(pages.flatMap((p) => p.tasks.map((t) => t.taskId))).toEqual(
      tasks.filter((t) => t !== bad).map((t) => t.taskId),
    )
  })

  it("goes on past a task whose stored due date is '-infinity' or 'infinity', into the rest and the undated tail", async () => {
    const d = department()
    const tasks = DAYS.map((dueOn) => task(projectId, APP, { department: d, dueOn }))
    const { dueOn: _due, ...undated } = task(projectId, APP, { department: d })
    for (const t of [...tasks, undated]) await project(TaskAssignedV1, t)
    // The order is by the stored column, which PostgreSQL sorts 'infinity' by like any day: first and last dated.
    const [low, high] = [tasks[3] as Task, tasks[1] as Task]
    await w.db.pool.query(`UPDATE "${w.db.schema}".task SET due_on = '-infinity' WHERE id = $1`, [low.taskId])
    await w.db.pool.query(`UPDATE "${w.db.schema}".task SET due_on = 'infinity' WHERE id = $1`, [high.taskId])
    const expected = [low, ...tasks.filter((t) => t !== low && t !== high), high, undated].map((t) => t.taskId)
    for (const limit of [1, 2, 3]) {
      const pages = await allPages(reviewerOf(d), `limit=${limit}`)
      expect({ limit, ids: pages.flatMap((p) => p.tasks.map((t) => t.taskId)) }).toEqual({ limit, ids: expected })
    }
  })

  it('never skips or repeats a task that is there throughout, while tasks are added and decided between pages', async () => {
    const due = fc.option(fc.constantFrom(...DAYS), { nil: undefined })
    const step = fc.record({
      limit: fc.integer({ min: 1, max: 6 }),
      added: fc.array(due, { maxLength: 3 }),
      decided: fc.array(fc.nat(), { maxLength: 2 }),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.array(due, { minLength: 1, maxLength: 25 }),
        fc.array(step, { minLength: 1, maxLength: 12 }),
        fc.constantFrom(undefined, 'assigned'),
        async (initial, steps, state) => {
          const d = department()
          const make = (dueOn: string | undefined): Task => {
            const { dueOn: _due, ...rest } = task(projectId, APP, { department: d })
            return dueOn === undefined ? rest : { ...rest, dueOn }
          }
          const before = initial.map(make)
          for (const t of before) await project(TaskAssignedV1, t)
          const live = [...before]
          const everDecided = new Set<string>()
          const seen: Task[] = []
          const reviewer = reviewerOf(d)
          let cursor: string | undefined
          // Changes between the first steps.length pages, then reads to the end; at most 1,000 pages.
          for (let i = 0; i < 1000; i++) {
            const s = steps[i % steps.length] as (typeof steps)[number]
            const query = [`limit=${s.limit}`, state ? `state=${state}` : '', cursor ? `cursor=${cursor}` : '']
            const p = await page(reviewer, query.filter(Boolean).join('&'))
            expect(p.unreadable).toEqual([])
            seen.push(...p.tasks)
            cursor = p.nextCursor
            if (cursor === undefined) break
            if (i >= steps.length) continue
            // Between two pages: new tasks anywhere in the order, and decisions of tasks read or not yet read.
            for (const dueOn of s.added) {
              const t = make(dueOn)
              live.push(t)
              await project(TaskAssignedV1, t)
            }
            for (const n of s.decided) {
              const t = live[n % live.length] as Task
              if (t.status !== 'assigned') continue
              const done = decided(t)
              live[live.indexOf(t)] = done
              everDecided.add(t.taskId)
              await project(TaskDecidedV1, done)
            }
          }
          expect(cursor, 'still paging after 1,000 pages').toBeUndefined()
          const ids = seen.map((t) => t.taskId)
          expect(new Set(ids).size).toBe(ids.length)
          // In order across pages, by the key each task had when read.
          expect([...seen].sort(byDue)).toEqual(seen)
          // Every task there from the first page to the last (and, with state=assigned, open throughout) was read.
          const throughout = before.filter((t) => !(state === 'assigned' && everDecided.has(t.taskId)))
          expect(throughout.filter((t) => !ids.includes(t.taskId)).map((t) => t.taskId)).toEqual([])
          if (state === 'assigned') expect(seen.every((t) => t.status === 'assigned')).toBe(true)
        },
      ),
      { numRuns: 40 },
    )
  })
})

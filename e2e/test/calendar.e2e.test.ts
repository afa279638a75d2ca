import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '@onewindow/cli/cli'
import type { ProjectStatus } from '@onewindow/gateway'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  approveFirstStep,
  expectStatus,
  inbox,
  lowRiskFactory,
  openApplication,
  registerProject,
  sixItemDepartments,
  sixItemMaterials,
  status,
  statusWhen,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// Monday 2026-12-28, 09:00 in Shanghai: a clock opened today that runs into 2027, whose schedule is not bundled, has a
// provisional due date (weekdays alone) until an administrator publishes the 2027 schedule.
const START = '2026-12-28T01:00:00Z'
const TODAY = '2026-12-28'

/**
 * An illustrative 2027 schedule (not the real notice): 元旦 on Friday 01-01 to Sunday 01-03, 春节 02-06..02-13 with
 * make-up workdays on Sunday 01-31 and Saturday 02-20.
 */
const schedule2027 = {
  year: 2027,
  source: {
    title: '国务院办公厅关于2027年部分节假日安排的通知',
    number: '国办发明电〔2026〕9号',
    issued: '2026-11-20',
  },
  holidays: [
    { name: '元旦', nameEn: "New Year's Day", from: '2027-01-01', to: '2027-01-03' },
    { name: '春节', nameEn: 'Spring Festival', from: '2027-02-06', to: '2027-02-13' },
  ],
  workdays: [
    { date: '2027-01-31', for: '春节' },
    { date: '2027-02-20', for: '春节' },
  ],
}

// The independent computation: the days as the notices state them (the bundled 2026 file read as data, the 2027
// schedule above), counted here by the rules of docs/legal-time.md without @onewindow/workdays.
type Schedule = { holidays: Array<{ from: string; to: string }>; workdays: Array<{ date: string }> }
const bundled2026: Schedule = JSON.parse(
  readFileSync(new URL('../../packages/workdays/data/2026.json', import.meta.url), 'utf8'),
)
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
function daysOf(schedules: Schedule[]) {
  const rest = new Set<string>()
  const work = new Set<string>()
  for (const s of schedules) {
    for (const h of s.holidays) for (let d = h.from; d <= h.to; d = nextDay(d)) rest.add(d)
    for (const w of s.workdays) work.add(w.date)
  }
  return (d: string) => {
    if (work.has(d)) return true
    if (rest.has(d)) return false
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay()
    return weekday !== 0 && weekday !== 6
  }
}
const before = daysOf([bundled2026])
const after = daysOf([bundled2026, schedule2027])
function expectedDue(working: (d: string) => boolean, start: string, limit: { value: number; unit: 'W' | 'N' }) {
  let day = start
  let counted = 0
  while (counted < limit.value) {
    day = nextDay(day)
    if (limit.unit === 'N' || working(day)) counted++
  }
  while (limit.unit === 'N' && limit.value > 0 && !working(day)) day = nextDay(day)
  return day
}

let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

const admin = () => world.token('admin')
/** The first step's applications, approved before each bundle could open: closed, so no clock of theirs runs. */
const firstSteps = new Set<string>()
const bundleTasks = (s: ProjectStatus) => s.tasks.filter((t) => !firstSteps.has(t.applicationId))
const clocksOf = (s: ProjectStatus) =>
  bundleTasks(s).flatMap((t) =>
    (['statutory', 'committed'] as const).flatMap((name) => {
      const clock = t.clocks[name]
      return clock ? [{ task: t, name, clock }] : []
    }),
  )

/** The bundles' own step clocks (statutory 45 W for a joint step, the catalogue's committed 4 W), as the status shows them. */
const stepClocksOf = (s: ProjectStatus) =>
  s.applications
    .filter((a) => !firstSteps.has(a.applicationId))
    .flatMap((a) =>
      (['statutory', 'committed'] as const).flatMap((name) => {
        const clock = a.clocks?.[name]
        return clock ? [{ applicationId: a.applicationId, projectId: s.project.projectId, name, clock }] : []
      }),
    )

describe('publishing a calendar (issue 13)', () => {
  it('refuses a caller who is not an admin, and a schedule that does not validate, naming the field', async () => {
    const refused = await world.api('POST', '/api/v1/admin/calendars', world.token('supervisor'), schedule2027)
    expect(refused.status).toBe(403)
    const bad = { ...schedule2027, workdays: [{ date: '2027-01-05', for: '元旦' }] } // a Tuesday is no make-up day
    const invalid = await world.api('POST', '/api/v1/admin/calendars', admin(), bad)
    expect(invalid.status, JSON.stringify(invalid.body)).toBe(422)
    expect(invalid.body.code).toBe('INTAKE_CALENDAR_INVALID')
    expect(invalid.body.errors[0].field).toBe('/workdays/0/date')
  })

  it('moves exactly the due dates the 2027 schedule moves, in every open clock, one timeline entry per moved date; provisional dates become final', async () => {
    // Five projects, each with the six-item bundle open: 30 tasks, each with its statutory and committed clock.
    const projects: string[] = []
    for (let i = 0; i < 5; i++) {
      const projectId = await registerProject(world, lowRiskFactory())
      firstSteps.add(await approveFirstStep(world, projectId))
      expectStatus(
        await openApplication(world, projectId, { step: 'six-item-bundle', form: {}, materials: sixItemMaterials }),
        201,
      )
      projects.push(projectId)
    }
    const opened = await Promise.all(
      projects.map((p) =>
        statusWhen(
          world,
          p,
          (s) =>
            bundleTasks(s).length === sixItemDepartments.length &&
            stepClocksOf(s).length === 2 &&
            s.wholeFlow?.counted?.length === 2,
        ),
      ),
    )
    const clocks = opened.flatMap(clocksOf)
    expect(clocks.length).toBeGreaterThanOrEqual(30)
    // Before: counted on weekdays alone past 2026, and marked so.
    for (const { clock } of clocks) {
      expect(clock.start).toBe(TODAY)
      expect(clock.due).toBe(expectedDue(before, clock.start, clock.limit))
      expect(clock.provisional).toBe(clock.due > '2026-12-31')
    }
    expect(clocks.filter(({ clock }) => clock.provisional).length).toBeGreaterThanOrEqual(30)
    const moving = clocks.filter(
      ({ clock }) => expectedDue(before, clock.start, clock.limit) !== expectedDue(after, clock.start, clock.limit),
    )
    expect(moving.length).toBeGreaterThan(0)
    // The steps' own clocks and each project's whole-flow cap clock (8 W from today: step 1 was accepted and approved
    // today and the bundle accepted today, so no day lies between them) are counted the same way, and move too.
    const stepClocks = opened.flatMap(stepClocksOf)
    const flowClocks = opened.map((s) => ({ projectId: s.project.projectId, clock: s.wholeFlow?.clock }))
    for (const { clock } of [...stepClocks, ...flowClocks]) {
      if (!clock) throw new Error('a clock is missing from the status')
      expect(clock.start).toBe(TODAY)
      expect(clock.due).toBe(expectedDue(before, clock.start, clock.limit))
      expect(clock.provisional).toBe(clock.due > '2026-12-31')
    }
    const moves = (clock: { start: string; limit: { value: number; unit: 'W' | 'N' } }) => ({
      from: expectedDue(before, clock.start, clock.limit),
      to: expectedDue(after, clock.start, clock.limit),
    })
    const movingSteps = stepClocks.filter(({ clock }) => moves(clock).from !== moves(clock).to)
    const movingFlows = flowClocks.filter(({ clock }) => clock && moves(clock).from !== moves(clock).to)
    expect(movingSteps.filter((m) => m.name === 'committed')).toHaveLength(projects.length)
    expect(movingFlows).toHaveLength(projects.length)

    const published = expectStatus(await world.api('POST', '/api/v1/admin/calendars', admin(), schedule2027), 201)
    expect(published.publication).toMatchObject({
      key: 'year-2027',
      kind: 'year',
      version: 1,
      notice: '国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕9号',
    })

    const movedEntries = (s: ProjectStatus) =>
      s.timeline.filter((e) => e.type === 'approval.due-moved' && e.summary.startsWith('task:'))
    const movedStepEntries = (s: ProjectStatus) =>
      s.timeline.filter((e) => e.type === 'approval.due-moved' && !e.summary.startsWith('task:'))
    const final = await Promise.all(
      projects.map((p) =>
        statusWhen(world, p, (s) => {
          const expected = moving.filter((m) => m.task.projectId === p).length
          const expectedSteps =
            movingSteps.filter((m) => m.projectId === p).length + movingFlows.filter((m) => m.projectId === p).length
          return (
            movedEntries(s).length === expected &&
            movedStepEntries(s).length === expectedSteps &&
            clocksOf(s).every(({ clock }) => !clock.provisional) &&
            stepClocksOf(s).every(({ clock }) => !clock.provisional) &&
            s.wholeFlow?.clock?.provisional === false
          )
        }),
      ),
    )
    // The step and whole-flow clocks: their due dates are the independent count, final, one entry per moved date.
    for (const s of final) {
      for (const { clock } of [...stepClocksOf(s), { clock: s.wholeFlow?.clock }]) {
        if (!clock) throw new Error('a clock is missing from the status')
        expect(clock.due).toBe(expectedDue(after, clock.start, clock.limit))
        expect(clock.provisional).toBe(false)
      }
    }
    const notice = '2027 calendar published (国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕9号)'
    const stepEntries = final.flatMap(movedStepEntries).map((e) => e.summary)
    expect(stepEntries).toHaveLength(movingSteps.length + movingFlows.length)
    for (const m of movingSteps) {
      const { from, to } = moves(m.clock)
      expect(stepEntries).toContain(
        `step:${m.applicationId} ${m.name} clock: due date moved from ${from} to ${to}: ${notice}`,
      )
    }
    for (const m of movingFlows) {
      if (!m.clock) continue
      const { from, to } = moves(m.clock)
      expect(stepEntries).toContain(
        `project:${m.projectId} whole-flow clock: due date moved from ${from} to ${to}: ${notice}`,
      )
    }
    // After: every clock's due date is the independent count on the published schedule, and final.
    for (const { clock } of final.flatMap(clocksOf)) {
      expect(clock.due).toBe(expectedDue(after, clock.start, clock.limit))
      expect(clock.provisional).toBe(false)
    }
    // One entry per moved date, saying from what to what and why.
    const entries = final.flatMap(movedEntries).map((e) => e.summary)
    expect(entries).toHaveLength(moving.length)
    for (const m of moving) {
      const from = expectedDue(before, m.clock.start, m.clock.limit)
      const to = expectedDue(after, m.clock.start, m.clock.limit)
      expect(entries).toContain(
        `task:${m.task.taskId} ${m.name} clock: due date moved from ${from} to ${to}: 2027 calendar published (国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕9号)`,
      )
    }
    // The inbox orders by the moved date: each task's due date is its committed clock's, else its statutory one's.
    for (const department of sixItemDepartments) {
      const tasks = (await inbox(world, department)).filter(
        (t) => projects.includes(t.projectId) && !firstSteps.has(t.applicationId),
      )
      expect(tasks).toHaveLength(projects.length)
      for (const t of tasks) {
        const shown = final.flatMap((s) => s.tasks).find((x) => x.taskId === t.taskId)
        const clock = shown?.clocks.committed ?? shown?.clocks.statutory
        expect(t.dueOn).toBe(clock && expectedDue(after, clock.start, clock.limit))
      }
    }
    // Publishing the same schedule again, from the CLI this time, is a correction (version 2) that moves nothing more.
    const dir = mkdtempSync(join(tmpdir(), 'calendar-'))
    writeFileSync(join(dir, '2027.json'), JSON.stringify(schedule2027))
    const gatewayUrl = await world.gateway.listen({ host: '127.0.0.1', port: 0 })
    const out: string[] = []
    const err: string[] = []
    const code = await runCli(['calendar', 'publish', '2027.json', '--gateway', gatewayUrl, '--token', admin()], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: {},
      cwd: dir,
    })
    rmSync(dir, { recursive: true })
    expect({ code, err }).toEqual({ code: 0, err: [] })
    expect(JSON.parse(out[0] ?? '{}').publication).toMatchObject({ key: 'year-2027', version: 2 })
    await until(async () => {
      const { rows } = await world.schemas.approval.pool.query('SELECT version FROM calendar_entry')
      return rows[0]?.version === 2
    })
    for (const p of projects) {
      const s = await status(world, p)
      expect(movedEntries(s)).toHaveLength(moving.filter((m) => m.task.projectId === p).length)
      expect(movedStepEntries(s)).toHaveLength(
        movingSteps.filter((m) => m.projectId === p).length + movingFlows.filter((m) => m.projectId === p).length,
      )
    }
    // Five projects through two steps each, then every clock of every kind checked twice: more than the default minute
    // on a loaded machine.
  }, 180_000)
})

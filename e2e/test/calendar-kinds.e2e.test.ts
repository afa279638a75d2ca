import { readFileSync } from 'node:fs'
import type { ProjectStatus } from '@onewindow/gateway'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  approveFirstStep,
  expectStatus,
  inbox,
  industrialPermitMaterials,
  industrialProject,
  lowRiskFactory,
  openApplication,
  owners,
  registerProject,
  sixItemDepartments,
  sixItemMaterials,
  status,
  statusWhen,
  taskOf,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// Issue 13: a calendar published while clocks of every kind are open — task statutory and committed clocks, a joint
// acceptance case, outside-line utility permits, a registration case, 告知承诺 verify-by days in the approval stage and
// in joint acceptance — moves exactly the due dates the test's own count says, one timeline entry per moved date, and
// lifts every provisional mark. Everything opens on Thursday 2026-12-31, 09:00 in Shanghai: every clock
// runs into 2027, not bundled, and is provisional until the 2027 schedule is published.
const START = '2026-12-31T01:00:00Z'
const TODAY = '2026-12-31'
const ARCHIVE = 'urban-construction-archive-acceptance'
const NOTICE = '国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕9号'

/** Illustrative (not the real notice): 元旦 Friday 01-01 to Sunday 01-03, so Friday 01-01 stops being a working day. */
const schedule2027 = {
  year: 2027,
  source: {
    title: '国务院办公厅关于2027年部分节假日安排的通知',
    number: '国办发明电〔2026〕9号',
    issued: '2026-11-20',
  },
  holidays: [{ name: '元旦', nameEn: "New Year's Day", from: '2027-01-01', to: '2027-01-03' }],
  workdays: [],
}

// The independent count (docs/legal-time.md's rules, without @onewindow/workdays), over the notices as data.
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
  return (d: string) => work.has(d) || (!rest.has(d) && ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))
}
const before = daysOf([bundled2026])
const after = daysOf([bundled2026, schedule2027])
type Limit = { value: number; unit: 'W' | 'N' }
function expectedDue(working: (d: string) => boolean, start: string, limit: Limit) {
  let day = start
  let counted = 0
  while (counted < limit.value) {
    day = nextDay(day)
    if (limit.unit === 'N' || working(day)) counted++
  }
  while (limit.unit === 'N' && limit.value > 0 && !working(day)) day = nextDay(day)
  return day
}
const VERIFY_WITHIN: Limit = { value: 20, unit: 'W' }

let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

type Owner = { name: string; creditCode: string }
type ClockShown = { start: string; limit: Limit; due: string; provisional: boolean }
type Item = { item: string; status: string; verifyBy?: string }
type Loose = {
  acceptance: Array<{ caseId: string; clockState?: ClockShown; items: Item[] }>
  utilities: Array<{ requestId: string; permitsClockState?: ClockShown; permitsDoneAt?: string }>
  registration: Array<{ caseId: string; clockState?: ClockShown }>
}
const loose = (s: ProjectStatus) => s as unknown as Loose
const ownerToken = (owner: Owner) => world.token('owner', { creditCode: owner.creditCode })

/**
 * Every task of the application claimed and approved by its department, now. An item taken on commitment (告知承诺) is
 * approved by approval in the transaction that opens it, in an event after the step's assignments: the status may
 * show it assigned for a moment, so this waits for it approved rather than claim it.
 */
async function approveAll(projectId: string, applicationId: string, count: number, onCommitment: string[] = []) {
  const s = await statusWhen(world, projectId, (x) => {
    const tasks = x.tasks.filter((t) => t.applicationId === applicationId)
    return (
      tasks.length === count &&
      onCommitment.every((item) => tasks.some((t) => t.item === item && t.status === 'approved'))
    )
  })
  for (const t of s.tasks.filter((x) => x.applicationId === applicationId && x.status === 'assigned')) {
    expectStatus(await act(world, t, { action: 'claim' }), 200)
    expectStatus(await act(world, t, { action: 'approve' }), 200)
  }
}

/** The owner's one acceptance application, once acceptance has learned the permit was granted. */
async function applyForAcceptance(owner: Owner, projectId: string, body: object) {
  let res = await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, ownerToken(owner), body)
  await until(async () => {
    if (res.body?.code !== 'ACCEPTANCE_PERMIT_NOT_GRANTED') return true
    res = await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, ownerToken(owner), body)
    return false
  })
  return expectStatus(res, 201).case as { caseId: string }
}

/** One open clock as the test knows it: what it is, the timeline's name of it, and where its due date is shown. */
type Open = {
  projectId: string
  name: string
  start: string
  limit: Limit
  shown: () => Promise<{ due: string; provisional: boolean | undefined } | undefined>
}

describe('publishing a calendar while clocks of every kind are open (issue 13)', () => {
  it('moves exactly the due dates it should in every service, one timeline entry each; provisional dates become final', async () => {
    // 1. Foshan industrial: permits approved today; then joint acceptance, its case clock (8 W) running.
    const industrialOwner = owners.a
    const industrial = await registerProject(world, industrialProject(industrialOwner))
    const permits = expectStatus(
      await openApplication(world, industrial, {
        step: 'permits',
        form: {},
        materials: industrialPermitMaterials.map((code) => ({ code, documentRef: `doc://${code}.pdf` })),
      }),
      201,
    ).application as { applicationId: string; items: unknown[] }
    await approveAll(industrial, permits.applicationId, permits.items.length)
    const industrialCase = await applyForAcceptance(industrialOwner, industrial, {})

    // 2. Shanwei low-risk: the six-item bundle with 工程规划许可 on commitment (approved at once, verified within 20 W),
    //    the other five approved; joint acceptance with the archive item on commitment (20 W), passed today by every
    //    other department after the registrar passed the pre-survey, so registration's case opens with its clock.
    const committingOwner = owners.c
    const committing = await registerProject(world, lowRiskFactory(committingOwner))
    await approveFirstStep(world, committing)
    const bundle = expectStatus(
      await openApplication(world, committing, {
        step: 'six-item-bundle',
        form: {},
        materials: sixItemMaterials,
        commitments: [{ item: 'engineering-planning-permit' }],
      }),
      201,
    ).application as { applicationId: string }
    await approveAll(committing, bundle.applicationId, sixItemDepartments.length, ['engineering-planning-permit'])
    const committedCase = (await applyForAcceptance(committingOwner, committing, { commitments: [ARCHIVE] })) as {
      caseId: string
      lead: string
      items: Array<{ item: string; department: string; status: string }>
    }
    const registrar = world.token('registrar')
    let registrationId = ''
    await until(async () => {
      const list = (await world.api('GET', '/api/v1/registrations', registrar)).body?.registrations ?? []
      registrationId = list.find((r: { projectId: string }) => r.projectId === committing)?.caseId ?? ''
      return registrationId !== ''
    })
    expectStatus(
      await world.api('POST', `/api/v1/registrations/${registrationId}/actions`, registrar, {
        action: 'pass-pre-survey',
      }),
      200,
    )
    const pending = committedCase.items.filter((i) => i.status === 'pending')
    expectStatus(
      await world.api(
        'POST',
        `/api/v1/acceptance/${committedCase.caseId}/inspection`,
        world.token('lead', { department: committedCase.lead }),
        {
          date: TODAY,
          place: '项目现场',
          participants: [...new Set(pending.map((i) => i.department))],
        },
      ),
      200,
    )
    for (const i of pending) {
      expectStatus(
        await world.api(
          'POST',
          `/api/v1/acceptance/${committedCase.caseId}/opinions`,
          world.token('reviewer', { department: i.department }),
          {
            item: i.item,
            opinion: 'pass',
          },
        ),
        200,
      )
    }

    // 3. Shanwei low-risk: the six-item bundle open, its tasks' statutory and committed clocks running, with a gas
    //    line named on the form; the provider surveys and plans it, so its outside-line permits clock runs — Shanwei's
    //    3 W (004:1774). (Foshan's outside-line permits have no limit, so no clock: 004:2197.)
    const open = await registerProject(world, lowRiskFactory(owners.b))
    await approveFirstStep(world, open)
    const openBundle = expectStatus(
      await openApplication(world, open, {
        step: 'six-item-bundle',
        form: { utilities: [{ provider: 'gas', lengthM: 800, diameterMm: 250 }] },
        materials: sixItemMaterials,
      }),
      201,
    ).application as { applicationId: string }
    for (const department of sixItemDepartments) await taskOf(world, department, openBundle.applicationId)
    const withRequest = await statusWhen(world, open, (s) => loose(s).utilities.length === 1)
    const gas = loose(withRequest).utilities[0] as { requestId: string }
    const provider = world.token('utility', { provider: 'gas' })
    for (const action of ['survey-done', 'plan-done']) {
      expectStatus(
        await world.api('POST', `/api/v1/utility-requests/${gas.requestId}/actions`, provider, { action }),
        200,
      )
    }

    // Every clock as the views show it, waited for until each service has told the gateway.
    const industrialNow = await statusWhen(
      world,
      industrial,
      (s) => loose(s).acceptance.find((c) => c.caseId === industrialCase.caseId)?.clockState !== undefined,
    )
    const committingNow = await statusWhen(world, committing, (s) => loose(s).registration[0]?.clockState !== undefined)
    const supervisor = world.token('supervisor')
    const caseCommitments = async () =>
      expectStatus(await world.api('GET', '/api/v1/commitments', supervisor), 200).commitments as Array<{
        caseId: string
        item: string
        verifyBy: string
        verifyByProvisional?: boolean
      }>
    const taskCommitments = async () =>
      expectStatus(await world.api('GET', '/api/v1/commitments', supervisor), 200).taskCommitments as Array<{
        taskId: string
        projectId: string
        verifyBy: string
        verifyByProvisional?: boolean
      }>
    await until(async () => (await taskCommitments()).some((c) => c.projectId === committing))
    const committedTask = (await taskCommitments()).find((c) => c.projectId === committing)
    if (!committedTask) throw new Error('unreachable: waited for it')

    const clocks: Open[] = []
    const viewClock = (
      projectId: string,
      name: string,
      pick: (s: ProjectStatus) => ClockShown | undefined,
      s: ProjectStatus,
    ) => {
      const c = pick(s)
      if (!c) return
      clocks.push({
        projectId,
        name,
        start: c.start,
        limit: c.limit,
        shown: async () => {
          const shown = pick(await status(world, projectId))
          return shown && { due: shown.due, provisional: shown.provisional }
        },
      })
    }
    viewClock(
      industrial,
      `acceptance-case:${industrialCase.caseId} case`,
      (s) => loose(s).acceptance.find((c) => c.caseId === industrialCase.caseId)?.clockState,
      industrialNow,
    )
    viewClock(
      committing,
      `registration-case:${registrationId} case`,
      (s) => loose(s).registration.find((c) => c.caseId === registrationId)?.clockState,
      committingNow,
    )
    const openNow = await statusWhen(world, open, (s) => loose(s).utilities[0]?.permitsClockState !== undefined)
    viewClock(
      open,
      `utility-request:${gas.requestId} permits`,
      (s) => loose(s).utilities.find((x) => x.requestId === gas.requestId)?.permitsClockState,
      openNow,
    )
    for (const t of openNow.tasks.filter((x) => x.applicationId === openBundle.applicationId)) {
      for (const name of ['statutory', 'committed'] as const) {
        viewClock(
          open,
          `task:${t.taskId} ${name}`,
          (s) => s.tasks.find((x) => x.taskId === t.taskId)?.clocks[name],
          openNow,
        )
      }
    }
    // The 告知承诺 verify-by days: 20 W from the day of the commitment, shown as a date.
    clocks.push({
      projectId: committing,
      name: `task:${committedTask.taskId} verify-by`,
      start: TODAY,
      limit: VERIFY_WITHIN,
      shown: async () => {
        const c = (await taskCommitments()).find((x) => x.taskId === committedTask.taskId)
        return c && { due: c.verifyBy, provisional: c.verifyByProvisional }
      },
    })
    clocks.push({
      projectId: committing,
      name: `acceptance-case:${committedCase.caseId}/${ARCHIVE} verify-by`,
      start: TODAY,
      limit: VERIFY_WITHIN,
      shown: async () => {
        // The case keeps the day too (the status shows it); the commitments list marks it provisional.
        const s = await status(world, committing)
        const kept = loose(s)
          .acceptance.find((c) => c.caseId === committedCase.caseId)
          ?.items.find((i) => i.item === ARCHIVE)?.verifyBy
        const listed = (await caseCommitments()).find((c) => c.caseId === committedCase.caseId && c.item === ARCHIVE)
        return listed && kept === listed.verifyBy
          ? { due: listed.verifyBy, provisional: listed.verifyByProvisional }
          : undefined
      },
    })
    // Every kind is there: the six tasks' clocks (statutory, committed or both), an acceptance case, a registration
    // case, permits, two commitments.
    const taskClocks = clocks.filter((c) => c.name.startsWith('task:') && !c.name.endsWith('verify-by'))
    expect(new Set(taskClocks.map((c) => c.name.split(' ')[0])).size).toBe(sixItemDepartments.length)
    for (const kind of ['acceptance-case:', 'registration-case:', 'utility-request:']) {
      expect(
        clocks.some((c) => c.name.startsWith(kind) && !c.name.endsWith('verify-by')),
        kind,
      ).toBe(true)
    }

    // Before: each due date is the count on weekdays past 2026, provisional past 2026.
    for (const c of clocks) {
      expect(c.start, c.name).toBe(TODAY)
      const shown = await c.shown()
      expect(shown, c.name).toEqual({
        due: expectedDue(before, c.start, c.limit),
        provisional: expectedDue(before, c.start, c.limit) > '2026-12-31',
      })
    }
    const moving = clocks.filter((c) => expectedDue(before, c.start, c.limit) !== expectedDue(after, c.start, c.limit))
    const staying = clocks.filter((c) => !moving.includes(c))
    expect(moving.length).toBeGreaterThan(0)
    const inboxBefore = (await inbox(world, 'housing-construction')).filter(
      (t) => t.applicationId === openBundle.applicationId,
    )
    expect(inboxBefore).toHaveLength(1)
    expect(inboxBefore[0]?.dueProvisional).toBe((inboxBefore[0]?.dueOn ?? '') > '2026-12-31')

    expectStatus(await world.api('POST', '/api/v1/admin/calendars', world.token('admin'), schedule2027), 201)

    const projects = [industrial, committing, open]
    // The step clocks' and the whole-flow cap clock's moves (`step:…`, `project:…`) are counted and checked by
    // calendar.e2e.test.ts; this test counts every other kind.
    const movedEntries = (s: ProjectStatus) =>
      s.timeline.filter((e) => e.type.endsWith('.due-moved') && !/^(step|project):/.test(e.summary))
    for (const p of projects) {
      await statusWhen(world, p, (s) => movedEntries(s).length >= moving.filter((m) => m.projectId === p).length)
    }
    // After: each due date is the count on the published schedule, and final, wherever it is shown.
    await until(async () => {
      for (const c of clocks) {
        const shown = await c.shown()
        if (shown?.due !== expectedDue(after, c.start, c.limit)) return false
      }
      return true
    })
    for (const c of clocks) {
      expect(await c.shown(), c.name).toMatchObject({ due: expectedDue(after, c.start, c.limit), provisional: false })
    }
    // Exactly one entry per moved date, naming it, from what to what and why; none for a date that stayed.
    const entries = (await Promise.all(projects.map((p) => status(world, p))))
      .flatMap(movedEntries)
      .map((e) => e.summary)
    expect(entries).toHaveLength(moving.length)
    for (const m of moving) {
      expect(entries).toContain(
        `${m.name} clock: due date moved from ${expectedDue(before, m.start, m.limit)} to ${expectedDue(after, m.start, m.limit)}: 2027 calendar published (${NOTICE})`,
      )
    }
    for (const s of staying)
      expect(
        entries.some((e) => e.startsWith(`${s.name} clock:`)),
        s.name,
      ).toBe(false)
    // The inbox: the moved date, final.
    const inboxAfter = (await inbox(world, 'housing-construction')).filter(
      (t) => t.applicationId === openBundle.applicationId,
    )
    expect(inboxAfter[0]?.dueProvisional).toBe(false)
  }, 300_000)
})

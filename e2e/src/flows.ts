import { randomUUID } from 'node:crypto'
import { jetstream } from '@nats-io/jetstream'
import { headers as natsHeaders } from '@nats-io/transport-node'
import { type EventBody, type EventDefinition, StepDecidedV1 } from '@onewindow/contracts'
import type { InboxTask, ProjectStatusAnswer as ProjectStatus, StatusTask } from '@onewindow/gateway'
import { wireSubject } from '@onewindow/messaging'
import { published as publishedOn } from '@onewindow/testing'
import { addDays, defaultCalendar } from '@onewindow/workdays'
import { expect, vi } from 'vitest'
import type { Response, World, worldToken } from './world.js'

/** Valid 统一社会信用代码 (GB 32100 check characters computed), one per test owner. */
export const owners = {
  a: { name: '佛山市示例制造有限公司', creditCode: '91440600MA4UJ2K7X6' },
  b: { name: '汕尾市示例实业有限公司', creditCode: '91441500MA51XY201H' },
  c: { name: '佛山市禅城示例科技有限公司', creditCode: '91440604MA52ABC127' },
} as const

/** A small factory in Shanwei (441500) that qualifies as 社会投资简易低风险. */
export const lowRiskFactory = (owner: { name: string; creditCode: string } = owners.b, code = uniqueCode()) => ({
  name: '低风险厂房项目',
  owner,
  projectCode: code,
  projectType: 'social-simple-low-risk',
  region: '441500',
  siteAreaM2: 6000,
  floorAreaM2: 4200,
  heightM: 15,
  investmentFen: 1_200_000_000,
  location: '汕尾市城区工业园',
  facts: {
    publicFunds: false,
    use: 'factory',
    singleBuildingAreaM2: 4200,
    simpleStructure: true,
    singleFunction: true,
  },
})

/** A Foshan (440600) industrial project on land sold with its scheme reviewed: the 1 + 8 + 3 W whole flow. */
export const industrialProject = (owner: { name: string; creditCode: string } = owners.a) => ({
  name: '带方案出让工业用地项目',
  owner,
  projectCode: uniqueCode(),
  projectType: 'industrial-land-with-scheme',
  region: '440600',
  siteAreaM2: 20000,
  floorAreaM2: 16000,
  heightM: 18,
  investmentFen: 8_000_000_000,
  location: '佛山市南海区工业园',
  facts: { landUse: 'industrial', schemeReviewedBeforeSale: true },
})

/**
 * A Qinzhou (450700) general project, one 建设工程规划许可 covering several unit works: its construction permit may be
 * applied for in the four phases of seeds/000_5ff03a50698aa736.txt:166 (分阶段办理, docs/catalogue.md#phases-分阶段办理).
 */
export const qinzhouProject = (owner: { name: string; creditCode: string } = owners.a) => ({
  name: '钦州市分阶段施工许可项目',
  owner,
  projectCode: uniqueCode(),
  projectType: 'general',
  region: '450700',
  siteAreaM2: 12000,
  floorAreaM2: 36000,
  heightM: 60,
  investmentFen: 20_000_000_000,
  location: '钦州市钦南区',
})

/** The material codes of each step of that project opened at the window, all of them. */
export const qinzhouMaterials: Readonly<Record<string, readonly string[]>> = {
  'land-planning': ['land-sale-confirmation', 'land-transfer-contract', 'land-price-commitment'],
  'engineering-permit': ['design-scheme'],
  'construction-permit': ['construction-contract', 'construction-drawings'],
}

/** A Shanwei 拿地即开工 project on industrial land: its one construction step is the eight-item bundle (004:1782). */
export const industrialShanwei = (owner: { name: string; creditCode: string } = owners.b) => ({
  name: '拿地即开工工业项目',
  owner,
  projectCode: uniqueCode(),
  projectType: 'industrial-land-start-on-acquisition',
  region: '441500',
  siteAreaM2: 30000,
  floorAreaM2: 24000,
  heightM: 20,
  investmentFen: 9_000_000_000,
  location: '汕尾市城区产业园',
  facts: { landUse: 'industrial', schemeReviewedBeforeSale: true },
})

/** The material codes of that project's permits step, all of them. */
export const industrialPermitMaterials = [
  'land-sale-confirmation',
  'land-transfer-contract',
  'land-price-commitment',
  'design-scheme',
  'construction-contract',
  'construction-drawings',
]

/** Every material of the Shanwei first step (用地规划许可 and 企业投资项目备案), submitted in full. */
export const landPlanningMaterials = [
  { code: 'land-sale-confirmation', documentRef: 'doc://land-sale-confirmation.pdf' },
  { code: 'land-transfer-contract', documentRef: 'doc://land-transfer-contract.pdf' },
  { code: 'land-price-commitment', documentRef: 'doc://land-price-commitment.pdf' },
]

/** The two departments of that first step. */
export const landPlanningDepartments = ['natural-resources', 'development-reform'] as const

/** Every material of the Shanwei six-item bundle (施工许可 among them), submitted in full. */
export const sixItemMaterials = [
  { code: 'design-scheme', documentRef: 'doc://design-scheme.pdf' },
  { code: 'construction-contract', documentRef: 'doc://construction-contract.pdf' },
  { code: 'construction-drawings-uploaded', documentRef: 'doc://drawings.zip' },
]

/** The six departments of that bundle. */
export const sixItemDepartments = [
  'civil-air-defence',
  'natural-resources',
  'housing-construction',
  'development-reform',
  'water-supply',
  'power-supply',
] as const

let counter = 0
export function uniqueCode(): string {
  counter += 1
  return `2026-441500-47-01-${String(Date.now() % 1_000_000).padStart(6, '0')}${String(counter).padStart(3, '0')}`
}

/**
 * Waits until `check` holds: events travel asynchronously from one service to the next. Usable in hooks too
 * (`expect.poll` is not), and bounded, so a flow that never completes fails instead of hanging.
 */
export async function until(
  check: () => Promise<boolean>,
  timeout = 15_000,
  describe: () => string = () => '',
): Promise<void> {
  await vi.waitFor(
    async () => {
      if (!(await check())) throw new Error(`not yet ${describe()}`)
    },
    { timeout, interval: 20 },
  )
}

export const expectStatus = (res: Pick<Response, 'status' | 'body'>, status: number) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  return res.body
}

/** Registers a project through the gateway; it reads 200 at once (pending until its event is applied). */
export async function registerProject(world: World, body: object): Promise<string> {
  const clerk = world.token('clerk')
  const created = expectStatus(await world.api('POST', '/api/v1/projects', clerk, body), 201)
  const projectId: string = created.project.projectId
  // Read-your-own-writes: at once, not eventually.
  expectStatus(await world.api('GET', `/api/v1/projects/${projectId}`, clerk), 200)
  return projectId
}

/** Opens an application for a step through the gateway (a clerk at the window). */
export async function openApplication(world: World, projectId: string, body: object) {
  const clerk = world.token('clerk')
  return world.api('POST', `/api/v1/projects/${projectId}/applications`, clerk, body)
}

/** Opens `step` at the window with every material the project's checklist asks for (201), and returns the application. */
export async function openWithWholeChecklist(
  world: World,
  projectId: string,
  step: string,
): Promise<{ applicationId: string }> {
  const checklist = expectStatus(
    await world.api('GET', `/api/v1/projects/${projectId}/checklist?step=${step}`, world.token('clerk')),
    200,
  ) as { materials: Array<{ code: string }> }
  const materials = checklist.materials.map((m) => ({ code: m.code, documentRef: `doc://${m.code}.pdf` }))
  return expectStatus(await openApplication(world, projectId, { step, form: {}, materials }), 201).application
}

/**
 * Step order: a Shanwei low-risk project's first step (`land-planning-and-filing`) opened at the window, its two
 * tasks claimed and approved by their departments, and waited for until intake has recorded the approval (its
 * CertificateReleasedV1 for that application is in the status's timeline), so the six-item bundle may follow.
 */
export async function approveFirstStep(world: World, projectId: string): Promise<string> {
  const application = expectStatus(
    await openApplication(world, projectId, {
      step: 'land-planning-and-filing',
      form: {},
      materials: landPlanningMaterials,
    }),
    201,
  ).application
  for (const department of landPlanningDepartments) {
    const task = await taskOf(world, department, application.applicationId)
    expectStatus(await act(world, task, { action: 'claim' }), 200)
    expectStatus(await act(world, task, { action: 'approve' }), 200)
  }
  await statusWhen(world, projectId, (s) =>
    s.timeline.some(
      (e) => e.type === 'application.certificate-released' && e.summary.includes('land-planning-and-filing'),
    ),
  )
  return application.applicationId
}

type StepOptions = {
  form?: object
  documentRef?: (code: string) => string
  /** 分阶段办理: the phase of a step applied for in phases; absent for the whole step at once. */
  phase?: string
  /** 按照单位工程办理施工许可: the unit work whose construction permit is applied for; absent for the whole project. */
  part?: string
}

/**
 * Opens one approval step (or one `phase` of it) at the window with `materials` (each held at `documentRef(code)`),
 * accepted now, and waits until the status shows every task of the application (they arrive with the step's event);
 * answers the application's id and those tasks, in the status's order.
 */
export async function openStep(
  world: World,
  projectId: string,
  step: string,
  materials: readonly string[],
  { form = {}, documentRef = (code) => `doc://${code}.pdf`, phase, part }: StepOptions = {},
): Promise<Opened> {
  const body = expectStatus(
    await openApplication(world, projectId, {
      step,
      ...(phase ? { phase } : {}),
      ...(part ? { part } : {}),
      form,
      materials: materials.map((code) => ({ code, documentRef: documentRef(code) })),
    }),
    201,
  )
  const { applicationId, items } = body.application as {
    applicationId: string
    items: Array<{ item: string; department: string }>
  }
  const s = await statusWhen(
    world,
    projectId,
    (x) => x.tasks.filter((t) => t.applicationId === applicationId).length === items.length,
  )
  return {
    applicationId,
    tasks: s.tasks.filter((t) => t.applicationId === applicationId),
    ...(body.withheldFollowOns === undefined ? {} : { withheldFollowOns: body.withheldFollowOns }),
  }
}

/** A step opened through the gateway: its application, its tasks, and the 201's `withheldFollowOns` when it has any. */
export type Opened = { applicationId: string; tasks: StatusTask[]; withheldFollowOns?: unknown[] }

/**
 * Runs one approval step through the gateway: opened (`openStep`), every task claimed and approved by its department
 * on `decideAt` (default: at once); answers what `openStep` did once the status shows the application approved.
 */
export async function approveStep(
  world: World,
  projectId: string,
  step: string,
  materials: readonly string[],
  { decideAt, ...options }: StepOptions & { decideAt?: string } = {},
): Promise<Opened> {
  const opened = await openStep(world, projectId, step, materials, options)
  if (decideAt) world.clock.set(decideAt)
  for (const t of opened.tasks) {
    expectStatus(await act(world, t, { action: 'claim' }), 200)
    expectStatus(await act(world, t, { action: 'approve' }), 200)
  }
  await statusWhen(world, projectId, (x) => applicationIn(x, opened.applicationId).decision?.outcome === 'approved')
  return opened
}

/**
 * A Qinzhou step (one phase of it, or one building's permit, when `options` names it) opened with its materials and
 * approved by every department; the status once intake has released the application's certificate, which it does on
 * recording the approval.
 */
export async function approveQinzhouStep(world: World, projectId: string, step: string, options: StepOptions = {}) {
  const { applicationId } = await approveStep(world, projectId, step, qinzhouMaterials[step] ?? [], options)
  return statusWhen(world, projectId, (s) => applicationIn(s, applicationId).certificate === 'released')
}

/**
 * The reviewer's whole inbox for one department, as that department's reviewer sees it: every page, followed by
 * `nextCursor` (`query` is `?state=…&due_before=…`, the same on every page).
 */
export async function inbox(world: World, department: string, query = ''): Promise<InboxTask[]> {
  const bearer = world.token('reviewer', { department })
  const filters = query.replace(/^\?/, '')
  const tasks: InboxTask[] = []
  let cursor: string | undefined
  do {
    const params = ['limit=200', filters, cursor ? `cursor=${cursor}` : ''].filter(Boolean).join('&')
    const page = expectStatus(await world.api('GET', `/api/v1/tasks?${params}`, bearer), 200)
    tasks.push(...page.tasks)
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return tasks
}

/** Waits until the department's inbox holds the task of this application and returns it. */
export async function taskOf(world: World, department: string, applicationId: string): Promise<InboxTask> {
  let found: InboxTask | undefined
  await until(async () => {
    found = (await inbox(world, department)).find((t) => t.applicationId === applicationId)
    return found !== undefined
  })
  if (!found) throw new Error('unreachable: waited for the task')
  return found
}

/** One reviewer action through the gateway, by a reviewer of the task's department. */
export async function act(world: World, task: { taskId: string; department: string }, body: object) {
  return world.api(
    'POST',
    `/api/v1/tasks/${task.taskId}/actions`,
    world.token('reviewer', { department: task.department }),
    body,
  )
}

export async function status(
  world: World,
  projectId: string,
  bearer = world.token('supervisor'),
): Promise<ProjectStatus> {
  return expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/status`, bearer), 200)
}

/** Polls the project's status until `check` holds, and returns that status. */
export async function statusWhen(
  world: World,
  projectId: string,
  check: (s: ProjectStatus) => boolean,
): Promise<ProjectStatus> {
  let last: ProjectStatus | undefined
  await until(
    async () => {
      last = await status(world, projectId)
      return check(last)
    },
    15_000,
    // What the status held at the last try, so a flow that stalls says where.
    () =>
      JSON.stringify({
        applications: last?.applications.map((a) => [a.step, a.decision?.outcome ?? null]),
        tasks: last?.tasks.map((t) => [t.item, t.status]),
        timeline: last?.timeline.map((e) => e.type),
      }),
  )
  if (!last) throw new Error('unreachable: waited for the status')
  return last
}

/** Every body published so far on one event's subject in the world's stream: what the services emitted. */
export const published = <E extends EventDefinition>(world: World, event: E): Promise<Array<EventBody<E>>> =>
  publishedOn(world.nc, world.topology, event)

/** The one element `pred` picks, or a failure naming what was missing. */
export function one<T>(items: readonly T[], pred: (t: T) => boolean, what: string): T {
  const found = items.find(pred)
  if (found === undefined) throw new Error(`${what} not found`)
  return found
}

export const applicationIn = (s: ProjectStatus, applicationId: string) =>
  one(s.applications, (a) => a.applicationId === applicationId, `application ${applicationId}`)
export const taskIn = (s: ProjectStatus, taskId: string) => one(s.tasks, (t) => t.taskId === taskId, `task ${taskId}`)
export const ofDepartment = (tasks: readonly InboxTask[], department: string) =>
  one(tasks, (t) => t.department === department, `task of ${department}`)

/** A task's committed clock as the status shows it (every task of these flows has one). */
export function committedClock(t: StatusTask) {
  if (!t.clocks.committed) throw new Error(`task ${t.taskId} shows no committed clock`)
  return t.clocks.committed
}

/** The bundled calendar, as the tests count on it (no year published). */
const bundledCalendar = defaultCalendar()

/** The `n`-th working day after `from`, day by day on the calendar: independent of workdays' due-date walk. */
export const nthWorkingDayAfter = (from: string, n: number): string => {
  let d = from
  for (let counted = 0; counted < n; ) {
    d = addDays(d, 1)
    if (bundledCalendar.isWorkingDay(d)) counted += 1
  }
  return d
}

/** Working days after `from` through `to`, day by day on the calendar: independent of workdays' due-date walk. */
export const workingDaysAfter = (from: string, to: string): number => {
  let n = 0
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (bundledCalendar.isWorkingDay(d)) n += 1
  return n
}

/**
 * A step decision no schema accepts, published as a relay would: every consumer of the subject refuses it, and each
 * keeps it as a dead letter (acceptance's `acceptance-approved-steps`, the gateway's projection). Returns its event id.
 */
export async function publishPoison(world: World): Promise<string> {
  const id = randomUUID()
  const h = natsHeaders()
  h.set('ce-specversion', '1.0')
  h.set('ce-id', id)
  h.set('ce-type', StepDecidedV1.subject)
  h.set('ce-source', 'test')
  h.set('ce-time', new Date().toISOString())
  await jetstream(world.nc).publish(
    wireSubject(world.topology, StepDecidedV1.subject),
    JSON.stringify({ applicationId: 'not-a-uuid', outcome: 'maybe' }),
    { headers: h, msgID: id },
  )
  return id
}

/**
 * What a phone asks when it scans a certificate's QR code: the payload opens the console's `/verify?id=&d=` page,
 * which asks the API with the same query; a test asks the API directly (the path and query, for the gateway under
 * test rather than the public address in the payload).
 */
export const verifyPathOf = (qrPayload: string) => {
  const url = new URL(qrPayload)
  if (url.pathname !== '/verify') throw new Error(`a QR payload opens /verify, not ${url.pathname}`)
  return `/api/v1/certificates/verify${url.search}`
}

/**
 * What walks a flow through the gateway: the e2e world's `api` and `token`, or the fault suite's load over HTTP
 * (`e2e/faults/load.ts`), which counts every answer and retries a 503.
 */
export type GatewayCaller = {
  api(
    method: 'GET' | 'POST',
    url: string,
    bearer?: string,
    payload?: unknown,
  ): Promise<Pick<Response, 'status' | 'body'>>
  token: typeof worldToken
}

/** An acceptance case as opening it answers: who leads it and which department passes which item. */
export type OpenedAcceptanceCase = {
  caseId: string
  lead: string
  items: Array<{ item: string; department: string }>
  clock?: { start: string }
}

/**
 * Joint completion acceptance (联合验收) through to first registration (验登合一), request by request as each party
 * makes it: the owner applies once (一口受理), the lead schedules the inspection with every department of the case,
 * each department gives its item's opinion, the registrar passes the pre-survey (权籍调查). Each answers as the gateway
 * did, so a test checks it and the fault suite's load counts it.
 */
export const completionCalls = (g: GatewayCaller) => ({
  applyForAcceptance: (projectId: string, owner: { creditCode: string }, body: object = {}) =>
    g.api('POST', `/api/v1/projects/${projectId}/acceptance`, g.token('owner', { creditCode: owner.creditCode }), body),
  scheduleInspection: (c: OpenedAcceptanceCase, date: string, participants = departmentsOf(c)) =>
    g.api('POST', `/api/v1/acceptance/${c.caseId}/inspection`, g.token('lead', { department: c.lead }), {
      date,
      place: '项目现场',
      participants,
    }),
  recordOpinion: (c: OpenedAcceptanceCase, item: { item: string; department: string }, body: object) =>
    g.api('POST', `/api/v1/acceptance/${c.caseId}/opinions`, g.token('reviewer', { department: item.department }), {
      item: item.item,
      ...body,
    }),
  /** The project's first-registration case, once the read model has it (it opens as acceptance starts). */
  async registrationOf(projectId: string): Promise<string | undefined> {
    const r = await g.api('GET', `/api/v1/registrations?project=${projectId}`, g.token('registrar'))
    return r.status === 200 ? r.body?.registrations?.[0]?.caseId : undefined
  },
  passPreSurvey: (registrationId: string) =>
    g.api('POST', `/api/v1/registrations/${registrationId}/actions`, g.token('registrar'), {
      action: 'pass-pre-survey',
    }),
})

/** Every department with an item in the case: the inspection's participants. */
export const departmentsOf = (c: OpenedAcceptanceCase) => [...new Set(c.items.map((i) => i.department))]

// The steady load the faults land on: clerks registering projects and opening applications, reviewers of each
// department claiming and approving the tasks, and for one flow in four of the first clerk the owner's joint
// completion acceptance through to the property certificate (验登合一) — all over HTTP through the gateway's address
// (its two replicas behind one balancer), with the development tokens the e2e world's gateway accepts. Every answer is
// counted, and what was answered 2xx is remembered for the invariant checker.

import {
  completionCalls,
  departmentsOf,
  type GatewayCaller,
  industrialPermitMaterials,
  industrialProject,
  type OpenedAcceptanceCase,
  owners,
} from '../src/flows.js'
import { parallelStep, parallelType, syntheticDepartment } from '../src/synthetic-catalogue.js'
import { worldToken } from '../src/world.js'

/** Of this many flows of the first clerk, one goes on past its approval to the property certificate. */
export const CERTIFICATE_EVERY = 4
/** How long a certificate flow waits for what the platform does by itself (a case projected, a certificate issued). */
const ASYNC_WAIT_MS = 30_000

/** A request that has not answered within this time counts as a hang (the gateway's own timeouts are shorter). */
export const REQUEST_TIMEOUT_MS = 20_000

export type Tally = {
  requests: number
  ok: number
  client: number
  server: number
  /**
   * 502 `GATEWAY_UPSTREAM_NO_ANSWER`: a call the upstream dropped (killed mid-request), whose outcome is unknown — the
   * gateway rightly does not invite a retry. Not retried here either; what it did is judged by the checker.
   */
  unknown: number
  /** Requests whose connection was cut (a gateway replica killed under them): no answer, as from any balancer. */
  dropped: number
  /** 5xx answers that were not 503 problem+json with `retry-after`, or requests that hung or found no socket. */
  bad: string[]
  /** Property certificates the owner's status showed for a certificate flow: the load reached the end of the line. */
  certificates: number
}

export const emptyTally = (): Tally => ({
  requests: 0,
  ok: 0,
  client: 0,
  server: 0,
  unknown: 0,
  dropped: 0,
  bad: [],
  certificates: 0,
})

type Answer = { status: number; body: unknown }

export type Load = ReturnType<typeof createLoad>

export function createLoad(baseUrl: string, departments: number) {
  let tally = emptyTally()
  const answeredApplications: Array<{ applicationId: string; tasks: number }> = []
  const answeredDecisions: Array<{ taskId: string }> = []
  /** Each joint acceptance answered 201: the project and the case. */
  const answeredAcceptances: Array<{ projectId: string; caseId: string }> = []
  /** Each project whose property certificate the owner's status showed. */
  const certified: string[] = []
  let serial = 0
  /** The first clerk's flows so far, over every start: one in CERTIFICATE_EVERY goes on to the certificate. */
  let firstClerkFlows = 0
  let running = false
  const workers: Array<Promise<void>> = []

  const request = async (method: 'GET' | 'POST', path: string, bearer: string, payload?: unknown): Promise<Answer> => {
    tally.requests += 1
    const t = tally
    try {
      const res = await fetch(new URL(path, baseUrl), {
        method,
        headers: {
          authorization: `Bearer ${bearer}`,
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      })
      const text = await res.text()
      let body: unknown
      try {
        body = text ? JSON.parse(text) : undefined
      } catch {
        body = text
      }
      if (res.status < 300) t.ok += 1
      else if (res.status < 500) t.client += 1
      else {
        t.server += 1
        const type = res.headers.get('content-type') ?? ''
        if (
          res.status === 502 &&
          type.startsWith('application/problem+json') &&
          text.includes('GATEWAY_UPSTREAM_NO_ANSWER')
        )
          t.unknown += 1
        else if (res.status !== 503 || !type.startsWith('application/problem+json') || !res.headers.get('retry-after'))
          t.bad.push(
            `${method} ${path}: ${res.status} ${type} retry-after=${res.headers.get('retry-after')} ${text.slice(0, 200)}`,
          )
        else if (/\n\s+at /.test(text)) t.bad.push(`${method} ${path}: 503 with a stack: ${text.slice(0, 200)}`)
      }
      return { status: res.status, body }
    } catch (err) {
      // A cut connection is a TypeError from fetch ("fetch failed", its cause the socket's); a timeout is a hang.
      if (err instanceof TypeError) t.dropped += 1
      else t.bad.push(`${method} ${path}: no answer (${err instanceof Error ? err.name : String(err)})`)
      return { status: 0, body: undefined }
    }
  }

  const clerk = worldToken('clerk')
  const reviewer = (department: string) => worldToken('reviewer', { department })
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

  /**
   * Retries a write answered 503 (the client's side of `retry-after`), a bounded number of times; never one whose
   * outcome is unknown (a 502, a cut connection): it may have been carried out.
   */
  const persist = async (attempt: () => Promise<Answer>, tries = 20): Promise<Answer> => {
    let a = await attempt()
    for (let i = 1; i < tries && a.status === 503; i++) {
      await pause(500)
      a = await attempt()
    }
    return a
  }

  /** The department's inbox of assigned tasks, page after page, searched for the application's task of the item. */
  const findAssigned = async (
    department: string,
    applicationId: string,
    item?: string,
  ): Promise<string | undefined> => {
    let cursor: string | undefined
    for (let pages = 0; pages < 20; pages++) {
      const page = await request(
        'GET',
        `/api/v1/tasks?state=assigned&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        reviewer(department),
      )
      // biome-ignore lint/suspicious/noExplicitAny: a JSON answer, its fields read where they are known
      const body = page.body as any
      const found = (body?.tasks ?? []).find(
        (t: { applicationId: string; item: string }) =>
          t.applicationId === applicationId && (item === undefined || t.item === item),
      )
      if (found) return found.taskId
      cursor = body?.nextCursor
      if (!cursor) return undefined
    }
    return undefined
  }

  /**
   * Claims and approves the application's task of each department (and item, where a department has several), as the
   * department's reviewer finds it; answers how many were approved.
   */
  const review = async (applicationId: string, tasks: ReadonlyArray<{ department: string; item?: string }>) => {
    let approved = 0
    for (const { department, item } of tasks) {
      let taskId: string | undefined
      const until = Date.now() + 30_000
      while (!taskId && Date.now() < until) {
        taskId = await findAssigned(department, applicationId, item)
        if (!taskId) await pause(200)
      }
      if (!taskId) continue
      const path = `/api/v1/tasks/${taskId}/actions`
      const claimed = await persist(() => request('POST', path, reviewer(department), { action: 'claim' }))
      if (claimed.status !== 200) continue
      const decided = await persist(() => request('POST', path, reviewer(department), { action: 'approve' }))
      if (decided.status === 200) {
        answeredDecisions.push({ taskId })
        approved += 1
      }
    }
    return approved
  }

  /** One application's whole approval: registered, opened, each department's task claimed and approved. */
  const flow = async ({ review: reviewing = true } = {}) => {
    serial += 1
    const code = `2026-441500-47-03-${String(process.pid % 10_000).padStart(4, '0')}${String(serial).padStart(5, '0')}`
    const registered = await persist(() =>
      request('POST', '/api/v1/projects', clerk, {
        name: `faults ${serial}`,
        owner: owners.b,
        projectCode: code,
        projectType: parallelType(departments),
        region: '441500',
        siteAreaM2: 1000,
        floorAreaM2: 800,
        heightM: 10,
        investmentFen: 100_000_000,
        location: 'faults',
      }),
    )
    // A 409 after a 503: the first try was committed after all (its answer lost), the project exists under its code.
    if (registered.status !== 201) return
    // biome-ignore lint/suspicious/noExplicitAny: a JSON answer, its fields read where they are known
    const projectId: string = (registered.body as any).project.projectId
    const opened = await persist(() =>
      request('POST', `/api/v1/projects/${projectId}/applications`, clerk, {
        step: parallelStep(departments),
        form: {},
        materials: [],
      }),
    )
    if (opened.status !== 201) return
    // biome-ignore lint/suspicious/noExplicitAny: as above
    const applicationId: string = (opened.body as any).application.applicationId
    answeredApplications.push({ applicationId, tasks: departments })
    if (!reviewing) return
    await review(
      applicationId,
      Array.from({ length: departments }, (_, d) => ({ department: syntheticDepartment(d + 1) })),
    )
  }

  /** The gateway as the e2e flows call it (`e2e/src/flows.ts`), each answer counted and a 503 retried. */
  const caller: GatewayCaller = {
    api: (method, url, bearer, payload) => persist(() => request(method, url, bearer ?? '', payload)),
    token: worldToken,
  }
  const completion = completionCalls(caller)
  /** Asks until `get` yields something or the wait is over (what the platform does by itself, asynchronously). */
  const awaitValue = async <T>(get: () => Promise<T | undefined>): Promise<T | undefined> => {
    const until = Date.now() + ASYNC_WAIT_MS
    for (;;) {
      const v = await get()
      if (v !== undefined || Date.now() > until) return v
      await pause(500)
    }
  }

  /**
   * A Foshan industrial project on land sold with its scheme (`industrialProject`, as `whole-flow.e2e.test.ts` takes
   * it) from registration to its property certificate: the permits step (the construction permit among its five
   * items) approved by each department, then the owner's joint acceptance, the registrar's pre-survey, the lead's
   * inspection and every department's pass — 验收即发证, the certificate follows by itself.
   */
  const certificateFlow = async () => {
    const project = industrialProject(owners.a)
    const registered = await caller.api('POST', '/api/v1/projects', clerk, project)
    if (registered.status !== 201) return
    // biome-ignore lint/suspicious/noExplicitAny: a JSON answer, its fields read where they are known
    const projectId: string = (registered.body as any).project.projectId
    const opened = await caller.api('POST', `/api/v1/projects/${projectId}/applications`, clerk, {
      step: 'permits',
      form: {},
      materials: industrialPermitMaterials.map((c) => ({ code: c, documentRef: `doc://${c}.pdf` })),
    })
    if (opened.status !== 201) return
    const application = (
      opened.body as { application: { applicationId: string; items: OpenedAcceptanceCase['items'] } }
    ).application
    answeredApplications.push({ applicationId: application.applicationId, tasks: application.items.length })
    if ((await review(application.applicationId, application.items)) < application.items.length) return
    // Acceptance learns of the construction permit from the step's decision, a moment after the last approval.
    const applied = await awaitValue(async () => {
      const a = await completion.applyForAcceptance(projectId, owners.a)
      const refusedForNow = a.status === 409 && JSON.stringify(a.body).includes('ACCEPTANCE_PERMIT_NOT_GRANTED')
      return refusedForNow ? undefined : a
    })
    if (applied?.status !== 201) return
    const acceptanceCase = (applied.body as { case: OpenedAcceptanceCase }).case
    answeredAcceptances.push({ projectId, caseId: acceptanceCase.caseId })
    // 权籍调查 starts as the case does: the registrar passes it (as whole-flow.e2e.test.ts does, before the pass).
    const registrationId = await awaitValue(() => completion.registrationOf(projectId))
    if (!registrationId) return
    if ((await completion.passPreSurvey(registrationId)).status !== 200) return
    // Inspected the day the case opened (its clock's start day; the clocks stand still unless a fault moves them).
    const today = acceptanceCase.clock?.start
    if (!today) return
    const scheduled = await completion.scheduleInspection(acceptanceCase, today, departmentsOf(acceptanceCase))
    if (scheduled.status !== 200) return
    for (const item of acceptanceCase.items)
      if ((await completion.recordOpinion(acceptanceCase, item, { opinion: 'pass' })).status !== 200) return
    // Registration completes the case and issues the certificate by itself; the registrar's list shows the case
    // completed (a cheap read, asked every half second), then the owner reads the certificate it names.
    const certificateId = await awaitValue(async () => {
      const r = await request('GET', `/api/v1/registrations?project=${projectId}`, worldToken('registrar'))
      // biome-ignore lint/suspicious/noExplicitAny: as above
      const c = (r.body as any)?.registrations?.find((x: { caseId: string }) => x.caseId === registrationId)
      return c?.status === 'completed' && typeof c.certificateId === 'string' ? (c.certificateId as string) : undefined
    })
    if (!certificateId) return
    const owner = worldToken('owner', { creditCode: owners.a.creditCode })
    const read = await request('GET', `/api/v1/certificates/${certificateId}`, owner)
    // biome-ignore lint/suspicious/noExplicitAny: as above
    if (read.status === 200 && (read.body as any)?.certificate?.body?.kind === 'property') {
      tally.certificates += 1
      certified.push(projectId)
    }
  }

  return {
    answeredApplications,
    answeredDecisions,
    answeredAcceptances,
    certified,
    /** The counts since the last call, and a fresh tally from now. */
    take(): Tally {
      const t = tally
      tally = emptyTally()
      return t
    },
    start(clerks: number) {
      running = true
      for (let i = 0; i < clerks; i++)
        workers.push(
          (async () => {
            while (running) {
              const t = Date.now()
              if (i === 0) firstClerkFlows += 1
              // Its 1st, 5th, 9th, … flow: a short run (one fault) reaches a certificate too.
              const next = i === 0 && firstClerkFlows % CERTIFICATE_EVERY === 1 ? certificateFlow : flow
              await next().catch((err) => tally.bad.push(`flow: ${String(err)}`))
              // A flow that ended at once (its first write refused or dropped) does not turn into a busy loop.
              if (Date.now() - t < 200) await pause(200)
            }
          })(),
        )
    },
    /** Stops starting flows and waits for the ones under way. */
    async stop() {
      running = false
      await Promise.all(workers.splice(0))
    },
    request,
    flow,
    certificateFlow,
  }
}

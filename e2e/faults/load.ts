// The steady load the faults land on: clerks registering projects and opening applications, reviewers of each
// department claiming and approving the tasks, all over HTTP through the gateway's address (its two replicas behind
// one balancer), with the development tokens the e2e world's gateway accepts. Every answer is counted, and what was
// answered 2xx is remembered for the invariant checker.

import { owners } from '../src/flows.js'
import { parallelStep, parallelType, syntheticDepartment } from '../src/synthetic-catalogue.js'
import { worldToken } from '../src/world.js'

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
}

export const emptyTally = (): Tally => ({ requests: 0, ok: 0, client: 0, server: 0, unknown: 0, dropped: 0, bad: [] })

type Answer = { status: number; body: unknown }

export type Load = ReturnType<typeof createLoad>

export function createLoad(baseUrl: string, departments: number) {
  let tally = emptyTally()
  const answeredApplications: Array<{ applicationId: string; tasks: number }> = []
  const answeredDecisions: Array<{ taskId: string }> = []
  let serial = 0
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

  /** The department's inbox of assigned tasks, page after page, searched for the application's task. */
  const findAssigned = async (department: string, applicationId: string): Promise<string | undefined> => {
    let cursor: string | undefined
    for (let pages = 0; pages < 20; pages++) {
      const page = await request(
        'GET',
        `/api/v1/tasks?state=assigned&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        reviewer(department),
      )
      // biome-ignore lint/suspicious/noExplicitAny: a JSON answer, its fields read where they are known
      const body = page.body as any
      const found = (body?.tasks ?? []).find((t: { applicationId: string }) => t.applicationId === applicationId)
      if (found) return found.taskId
      cursor = body?.nextCursor
      if (!cursor) return undefined
    }
    return undefined
  }

  /** One application's whole approval: registered, opened, each department's task claimed and approved. */
  const flow = async ({ review = true } = {}) => {
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
    if (!review) return
    for (let d = 1; d <= departments; d++) {
      const department = syntheticDepartment(d)
      let taskId: string | undefined
      const until = Date.now() + 30_000
      while (!taskId && Date.now() < until) {
        taskId = await findAssigned(department, applicationId)
        if (!taskId) await pause(200)
      }
      if (!taskId) continue
      const path = `/api/v1/tasks/${taskId}/actions`
      const claimed = await persist(() => request('POST', path, reviewer(department), { action: 'claim' }))
      if (claimed.status !== 200) continue
      const approved = await persist(() => request('POST', path, reviewer(department), { action: 'approve' }))
      if (approved.status === 200) answeredDecisions.push({ taskId })
    }
  }

  return {
    answeredApplications,
    answeredDecisions,
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
              await flow().catch((err) => tally.bad.push(`flow: ${String(err)}`))
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
  }
}

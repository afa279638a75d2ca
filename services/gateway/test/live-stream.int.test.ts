import type { AddressInfo } from 'node:net'
import {
  AcceptanceOpinionRecordedV1,
  AcceptanceStartedV1,
  ApplicationAcceptedV1,
  ApplicationReceiptAnsweredV1,
  ApplicationReceiptNoticedV1,
  ApplicationReceiptWithdrawnV1,
  ApplicationReceivedV1,
  ApplicationRefusedV1,
  CertificateObjectionAnsweredV1,
  CertificateObjectionRaisedV1,
  type CertificateObjectionSnapshot,
  type EventBody,
  ProjectRegisteredV1,
  RegistrationCaseOpenedV1,
  StepTasksAssignedV1,
  TaskAssignedV1,
  TaskClaimedV1,
  TaskClockWarnedV1,
  TicketDispatchedV1,
  TicketRegisteredV1,
  UtilityDueMovedV1,
  UtilityRequestAdvancedV1,
  UtilityRequestOpenedV1,
  UtilityRestorationDeclaredV1,
  UtilityRestorationReviewedV1,
  UtilityWorksPlanPushedV1,
} from '@onewindow/contracts'
import { redactUrl } from '@onewindow/service-kit'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  acceptanceCase,
  applicationAccepted,
  owners,
  projectRegistered,
  registrationCase,
  task,
  ticketDispatched,
  ticketRegistered,
  utilityRequest,
  warned,
} from './events.js'
import { cancelled, confirmed, proposed, waterAndPower } from './joint-survey.js'
import { type GatewayWorld, gatewayWorld } from './world.js'

// GET /api/v1/stream (issue 14, "Live updates"): every change a caller may see, as server-sent events, resumable with
// Last-Event-ID, over a real read model (PostgreSQL, NATS) and a real socket. Waiting is for what arrives, never for
// a duration: each "nothing of X" is checked once a later event the same caller does see has arrived, since ids
// follow the stream's order.

type Message = {
  id?: string
  event?: string
  data?: { projectId?: string; taskId?: string; ticketId?: string; kind?: string }
}

let w: GatewayWorld
let base: string

beforeAll(async () => {
  w = await gatewayWorld({
    // A heartbeat in milliseconds so one arrives in a test; pruning only when the test asks.
    live: { heartbeatMs: 50, retryMs: 1_234, perSubject: 2, windowRows: 2, pruneEveryMs: 3_600_000 },
  })
  await w.app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(w.app.server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

/** A stream opened for `token`, read up to its `ready`. */
async function listening(token: Parameters<typeof w.token>[0]) {
  const s = await stream(w.token(token))
  await s.until((m) => m.event === 'ready')
  return s
}

/** A reviewer or lead of `department` (of `region` when given), listening. */
const departmentListener = (role: 'reviewer' | 'lead', department: string, region?: string) =>
  listening({ role, sub: `${role}-${department}-${region ?? 'all'}`, department, ...(region ? { region } : {}) })

/** A department code of the project's own, so that no other test's events reach its listeners. */
const departmentOf = (p: { projectId: string }) => (name: string) => `${name}-${p.projectId.slice(-8)}`

/** A stream read with fetch, as the console reads it: every message and comment, parsed as they come. */
async function stream(token: string | undefined, options: { lastEventId?: string; query?: string } = {}) {
  const ac = new AbortController()
  const headers: Record<string, string> = {}
  if (token) headers['authorization'] = `Bearer ${token}`
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId
  const res = await fetch(`${base}/api/v1/stream${options.query ?? ''}`, { headers, signal: ac.signal })
  const messages: Message[] = []
  const comments: string[] = []
  let retry: string | undefined
  if (res.ok && res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
    void (async () => {
      let buffer = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        buffer += value
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const m: Message = {}
          for (const line of block.split('\n')) {
            const [field, ...rest] = line.split(':')
            const value = rest.join(':').replace(/^ /, '')
            if (field === '') comments.push(value)
            else if (field === 'retry') retry = value
            else if (field === 'id') m.id = value
            else if (field === 'event') m.event = value
            else if (field === 'data') m.data = JSON.parse(value)
          }
          if (m.event) messages.push(m)
        }
      }
    })().catch(() => undefined)
  }
  const until = async (found: (m: Message) => boolean) => {
    await expect.poll(() => messages.some(found), { timeout: 15_000 }).toBe(true)
    return messages.find(found) as Message
  }
  return { res, messages, comments, retry: () => retry, until, close: () => ac.abort() }
}

const ofTask = (taskId: string, kind?: string) => (m: Message) =>
  m.data?.taskId === taskId && (kind === undefined || m.data?.kind === kind)

describe('GET /api/v1/stream', () => {
  const project = projectRegistered()
  const application = applicationAccepted(project.projectId)
  const department = (name: string) => `${name}-${project.projectId.slice(-8)}`
  const taskA = task(project.projectId, application.applicationId, { department: department('a') })
  const taskB = task(project.projectId, application.applicationId, { department: department('b') })
  let supervisorSaw: Message[] = []

  it('tells each caller what its reads show: its department, its projects, every alert', async () => {
    const reviewerA = await stream(w.token({ role: 'reviewer', sub: 'reviewer-a', department: department('a') }))
    const owner = await stream(w.token({ role: 'owner', sub: 'owner-1', creditCode: owners.shanwei.creditCode }))
    const other = await stream(w.token({ role: 'owner', sub: 'owner-2', creditCode: owners.foshan.creditCode }))
    const supervisor = await stream(w.token({ role: 'supervisor', sub: 'supervisor-1' }))
    for (const s of [reviewerA, owner, other, supervisor]) {
      expect(s.res.status).toBe(200)
      expect(s.res.headers.get('content-type')).toMatch(/^text\/event-stream/)
      await s.until((m) => m.event === 'ready')
    }
    expect(supervisor.retry()).toBe('1234')

    await w.publish(ProjectRegisteredV1, project)
    await w.publish(ApplicationAcceptedV1, application)
    // Department B's task before A's: once A's has reached A's reviewer, B's would have come first.
    await w.publish(TaskAssignedV1, { task: taskB })
    await w.publish(TaskAssignedV1, { task: taskA })
    await w.publish(TaskClockWarnedV1, warned(taskA))
    // Another owner's project after all of it: its arrival on that owner's stream closes the window for a leak.
    const elsewhere = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, elsewhere)

    const assigned = await reviewerA.until(ofTask(taskA.taskId, 'task.assigned'))
    expect(assigned).toMatchObject({
      event: 'task',
      data: { projectId: project.projectId, taskId: taskA.taskId, kind: 'task.assigned' },
    })
    await reviewerA.until((m) => m.event === 'alert' && m.data?.taskId === taskA.taskId)
    expect(reviewerA.messages.filter(ofTask(taskB.taskId))).toEqual([])
    expect(reviewerA.messages.filter((m) => m.data?.kind === 'project.registered')).toHaveLength(1)

    const alert = await supervisor.until((m) => m.event === 'alert')
    expect(alert.data).toEqual({ projectId: project.projectId, taskId: taskA.taskId, kind: 'task.clock-warned' })
    await supervisor.until((m) => m.data?.projectId === elsewhere.projectId)
    await supervisor.until(ofTask(taskB.taskId))

    await owner.until(ofTask(taskB.taskId))
    await owner.until((m) => m.event === 'alert')

    await other.until((m) => m.data?.projectId === elsewhere.projectId)
    expect(other.messages.filter((m) => m.data?.projectId === project.projectId)).toEqual([])
    expect(owner.messages.filter((m) => m.data?.projectId === elsewhere.projectId)).toEqual([])

    // Ids increase with the stream, and no message is sent twice.
    const ids = supervisor.messages.filter((m) => m.event !== 'ready').map((m) => Number(m.id))
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(new Set(ids).size).toBe(ids.length)
    supervisorSaw = supervisor.messages
    for (const s of [reviewerA, owner, other, supervisor]) s.close()
  })

  it('resumes after Last-Event-ID with exactly what was missed, then goes on live', async () => {
    const token = w.token({ role: 'supervisor', sub: 'supervisor-2' })
    const last = supervisorSaw.at(-1)?.id as string
    const claimedA = { ...taskA, status: 'claimed' as const, version: 2 }
    const claimedB = { ...taskB, status: 'claimed' as const, version: 2 }
    await w.publish(TaskClaimedV1, { task: claimedA, actor: 'reviewer:a' })
    await w.publish(TaskClaimedV1, { task: claimedB, actor: 'reviewer:b' })
    // The read model has applied both once the status shows them.
    await expect
      .poll(async () => {
        const res = await w.api('GET', `/api/v1/projects/${project.projectId}/status`, token)
        return res.body?.tasks?.filter((t: { status: string }) => t.status === 'claimed').length
      })
      .toBe(2)

    const resumed = await stream(token, { lastEventId: last })
    await resumed.until(ofTask(taskB.taskId, 'task.claimed'))
    const missed = resumed.messages.filter((m) => m.event !== 'ready')
    expect(missed.map((m) => [m.data?.taskId, m.data?.kind])).toEqual([
      [taskA.taskId, 'task.claimed'],
      [taskB.taskId, 'task.claimed'],
    ])
    expect(Number(missed[0]?.id)).toBeGreaterThan(Number(last))

    // Live after the replay, with no gap: the next change follows on the same stream.
    await w.publish(TaskClockWarnedV1, warned(claimedB))
    await resumed.until((m) => m.event === 'alert' && m.data?.taskId === taskB.taskId)
    resumed.close()

    // `?lastEventId=` does the same for an EventSource's first connection.
    const byQuery = await stream(token, { query: `?lastEventId=${last}` })
    await byQuery.until(ofTask(taskB.taskId, 'task.clock-warned'))
    expect(byQuery.messages.filter((m) => m.event !== 'ready').map((m) => m.data?.kind)).toEqual([
      'task.claimed',
      'task.claimed',
      'task.clock-warned',
    ])
    byQuery.close()
  })

  it('says reset to a client resuming from before the window, and sends a heartbeat', async () => {
    const token = w.token({ role: 'supervisor', sub: 'supervisor-3' })
    const first = supervisorSaw.find((m) => m.event !== 'ready')?.id as string
    // The window is two rows in this world: the first change is gone.
    expect(await w.app.deps.live.prune()).toBeGreaterThan(0)
    const late = await stream(token, { lastEventId: first })
    const reset = await late.until((m) => m.event === 'reset')
    expect(late.messages[0]).toBe(reset)
    expect(Number(reset.id)).toBeGreaterThan(Number(first))
    await expect.poll(() => late.comments.includes('heartbeat')).toBe(true)
    late.close()

    // An id this database never gave (a rebuilt read model) is reset too.
    const ahead = await stream(token, { lastEventId: '999999999' })
    await ahead.until((m) => m.event === 'reset')
    ahead.close()
  })

  it('answers 401 problem+json without a token, and takes ?access_token= on this route only', async () => {
    const anonymous = await w.api('GET', '/api/v1/stream')
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(anonymous.body.code).toBe('GATEWAY_UNAUTHENTICATED')

    const token = w.token({ role: 'owner', sub: 'owner-query', creditCode: owners.shanwei.creditCode })
    const byQuery = await stream(undefined, { query: `?access_token=${token}` })
    expect(byQuery.res.status).toBe(200)
    await byQuery.until((m) => m.event === 'ready')
    byQuery.close()

    const elsewhere = await w.api('GET', `/api/v1/projects/${project.projectId}/status?access_token=${token}`)
    expect(elsewhere.status).toBe(401)
    const forged = await w.api('GET', '/api/v1/stream?access_token=not-a-jwt')
    expect(forged.status).toBe(401)

    expect(redactUrl(`/api/v1/stream?lastEventId=3&access_token=${token}`)).toBe(
      '/api/v1/stream?lastEventId=3&access_token=[Redacted]',
    )
  })

  it('refuses a position that is not one, and caps the streams of one user (429)', async () => {
    const token = w.token({ role: 'clerk', sub: 'clerk-cap' })
    const bad = await w.api('GET', '/api/v1/stream?lastEventId=abc', token)
    expect(bad.status).toBe(400)
    const badHeader = await fetch(`${base}/api/v1/stream`, {
      headers: { authorization: `Bearer ${token}`, 'last-event-id': '12x' },
    })
    expect(badHeader.status).toBe(400)
    expect(((await badHeader.json()) as { code: string }).code).toBe('GATEWAY_STREAM_POSITION_INVALID')

    const open = [await stream(token), await stream(token)]
    for (const s of open) await s.until((m) => m.event === 'ready')
    const third = await fetch(`${base}/api/v1/stream`, { headers: { authorization: `Bearer ${token}` } })
    expect(third.status).toBe(429)
    expect(((await third.json()) as { code: string }).code).toBe('GATEWAY_STREAM_LIMIT')
    open[0]?.close()
    // A closed stream gives its place back.
    await expect
      .poll(async () => {
        const again = await stream(token)
        again.close()
        return again.res.status
      })
      .toBe(200)
    open[1]?.close()
  })
  it("tells every department with a part in a joint acceptance case of its changes, not only the case's lead", async () => {
    const p = projectRegistered({ owner: owners.foshan })
    const dept = departmentOf(p)
    const joint = acceptanceCase(p.projectId, {
      owner: owners.foshan,
      lead: dept('housing'),
      items: [
        { item: 'completion-acceptance-filing', department: dept('housing'), status: 'pending', round: 0 },
        { item: 'fire-acceptance-filing', department: dept('fire'), status: 'pending', round: 0 },
      ],
    })
    // A case of another department's, after it: its arrival closes the window in which a leak would have come.
    const later = acceptanceCase(p.projectId, {
      owner: owners.foshan,
      lead: dept('planning'),
      items: [{ item: 'planning-acceptance', department: dept('planning'), status: 'pending', round: 0 }],
    })
    const as = (role: 'reviewer' | 'lead', name: string) =>
      stream(w.token({ role, sub: `${role}-${dept(name)}`, department: dept(name) }))
    const fireReviewer = await as('reviewer', 'fire')
    const fireLead = await as('lead', 'fire')
    const housingLead = await as('lead', 'housing')
    const planningReviewer = await as('reviewer', 'planning')
    const planningLead = await as('lead', 'planning')
    const all = [fireReviewer, fireLead, housingLead, planningReviewer, planningLead]
    for (const s of all) await s.until((m) => m.event === 'ready')

    await w.publish(ProjectRegisteredV1, p)
    await w.publish(AcceptanceStartedV1, { case: joint })
    // The fire department's opinion: the lead's page and the other party's follow it as well.
    const opined = { ...joint, items: joint.items.map((i) => ({ ...i, status: 'passed' as const })), version: 2 }
    await w.publish(AcceptanceOpinionRecordedV1, { case: opined })
    await w.publish(AcceptanceStartedV1, { case: later })

    const ofCase = (kind: string) => (m: Message) =>
      m.event === 'acceptance' && m.data?.projectId === p.projectId && m.data?.kind === kind
    for (const s of [fireReviewer, fireLead, housingLead]) {
      await s.until(ofCase('acceptance.started'))
      await s.until(ofCase('acceptance.opinion-recorded'))
    }
    for (const s of [planningReviewer, planningLead]) {
      await s.until(ofCase('acceptance.started'))
      // Only the later case's start: nothing of the case the planning department has no part in.
      expect(s.messages.filter((m) => m.event === 'acceptance')).toHaveLength(1)
    }
    for (const s of all) s.close()
  })

  it("tells a step's assignments, one event, to the reviewers of each department with a task in it and its owner", async () => {
    const p = projectRegistered({ owner: owners.foshan })
    const accepted = applicationAccepted(p.projectId)
    const dept = departmentOf(p)
    const tasks = ['fire', 'water'].map((name) =>
      task(p.projectId, accepted.applicationId, { department: dept(name), lead: dept('fire') }),
    )
    const reviewer = (name: string) =>
      stream(w.token({ role: 'reviewer', sub: `reviewer-${dept(name)}`, department: dept(name) }))
    const fire = await reviewer('fire')
    const water = await reviewer('water')
    const owner = await stream(w.token({ role: 'owner', sub: 'owner-f', creditCode: owners.foshan.creditCode }))
    for (const s of [fire, water, owner]) await s.until((m) => m.event === 'ready')

    await w.publish(ProjectRegisteredV1, p)
    await w.publish(ApplicationAcceptedV1, accepted)
    await w.publish(StepTasksAssignedV1, { applicationId: accepted.applicationId, projectId: p.projectId, tasks })
    // One message, at the event's place in the order: the task list changed (no one task), each page refetches it.
    for (const s of [fire, water, owner]) {
      const m = await s.until((x) => x.data?.projectId === p.projectId && x.data?.kind === 'task.assigned')
      expect(m).toMatchObject({ event: 'task', data: { projectId: p.projectId, kind: 'task.assigned' } })
      expect(m.data?.taskId).toBeUndefined()
      expect(
        s.messages.filter((x) => x.data?.kind === 'task.assigned' && x.data?.projectId === p.projectId),
      ).toHaveLength(1)
    }
    for (const s of [fire, water, owner]) s.close()
  })

  it("tells a clerk of each receipt's arrival and decision, so the list of receipts follows the stream", async () => {
    const p = projectRegistered({ owner: owners.foshan })
    const received = (n: number): EventBody<typeof ApplicationReceivedV1> => ({
      applicationId: uuidv7(),
      projectId: p.projectId,
      projectCode: p.projectCode,
      stage: 'construction-permit',
      step: 'six-item-bundle',
      stepName: '六证合一',
      receiptNumber: `441500-20260302-100${n}`,
      ownerCreditCode: owners.foshan.creditCode,
      region: '441500',
      receipt: { nationalCode: 1, receivedAt: '2026-03-02T01:00:00Z', receivedOn: '2026-03-02', receivedBy: 'clerk-1' },
    })
    const [refused, noticed, withdrawn, accepted] = [1, 2, 3, 4].map(received) as [
      ReturnType<typeof received>,
      ReturnType<typeof received>,
      ReturnType<typeof received>,
      ReturnType<typeof received>,
    ]
    const closed = { closedAt: '2026-03-03T02:00:00Z', closedOn: '2026-03-03', closedBy: 'clerk-2' }
    const notice = {
      at: '2026-03-03T02:00:00Z',
      on: '2026-03-03',
      by: 'clerk-2',
      materials: ['site-plan'],
      reason: '未盖章',
    }
    const ofReceipt = { projectId: p.projectId, step: 'six-item-bundle' }
    // A clerk of another window: told every change, the receipts among them.
    const clerk = await stream(w.token({ role: 'clerk', sub: 'clerk-window-2' }))
    await clerk.until((m) => m.event === 'ready')

    await w.publish(ProjectRegisteredV1, p)
    await w.publish(ApplicationReceivedV1, refused, noticed, withdrawn, accepted)
    await w.publish(ApplicationRefusedV1, {
      ...ofReceipt,
      applicationId: refused.applicationId,
      receipt: {
        ...refused.receipt,
        ...closed,
        nationalCode: 5,
        ground: 'outside-competence',
        reason: '不属于本机关职权',
      },
    })
    await w.publish(ApplicationReceiptNoticedV1, {
      ...ofReceipt,
      applicationId: noticed.applicationId,
      receipt: { ...noticed.receipt, notice },
    })
    await w.publish(ApplicationReceiptAnsweredV1, {
      ...ofReceipt,
      applicationId: noticed.applicationId,
      receipt: {
        ...noticed.receipt,
        notice: { ...notice, answeredAt: '2026-03-04T02:00:00Z', answeredOn: '2026-03-04' },
      },
    })
    await w.publish(ApplicationReceiptWithdrawnV1, {
      ...ofReceipt,
      applicationId: withdrawn.applicationId,
      receipt: { ...withdrawn.receipt, ...closed, nationalCode: 2, reason: '申请人要求撤件' },
    })
    // Accepted by the law: five working days passed with no decision (行政许可法第三十二条).
    await w.publish(
      ApplicationAcceptedV1,
      applicationAccepted(p.projectId, {
        applicationId: accepted.applicationId,
        acceptedOn: '2026-03-02',
        receipt: { ...accepted.receipt, nationalCode: 3, acceptedBy: 'law' },
      }),
    )

    const about = (kind: string) => (m: Message) => m.data?.projectId === p.projectId && m.data?.kind === kind
    await clerk.until(about('application.accepted'))
    const told = clerk.messages.filter((m) => m.data?.projectId === p.projectId && m.event !== 'ready')
    expect(told.map((m) => [m.event, m.data?.kind])).toEqual([
      ['project', 'project.registered'],
      ...[refused, noticed, withdrawn, accepted].map(() => ['application', 'application.received']),
      ['application', 'application.refused'],
      ['application', 'application.receipt-noticed'],
      ['application', 'application.receipt-answered'],
      ['application', 'application.receipt-withdrawn'],
      ['application', 'application.accepted'],
    ])
    clerk.close()
  })

  it('a joint survey proposed, confirmed or cancelled for several providers’ requests is told to each of those providers, and to no other', async () => {
    const streams = Object.fromEntries(
      (['water', 'power', 'gas'] as const).map((provider) => [
        provider,
        stream(w.token({ role: 'utility', sub: `staff-${provider}`, provider })),
      ]),
    )
    const water = await streams['water']
    const power = await streams['power']
    const gas = await streams['gas']
    for (const s of [water, power, gas]) await s?.until((m) => m.event === 'ready')
    const { project: p, water: waterRequest, power: powerRequest } = await waterAndPower(w)
    const rows = await proposed(w, p.projectId, [waterRequest, powerRequest])
    const about = (kind: string) => (m: Message) => m.data?.projectId === p.projectId && m.data?.kind === kind
    // Both providers whose requests it rewrote, not only the one its last request names.
    expect((await water?.until(about('joint-survey.proposed')))?.event).toBe('utility')
    expect((await power?.until(about('joint-survey.proposed')))?.event).toBe('utility')
    // Power's confirmation reaches water, the proposer, whose list shows who is coming; the cancellation reaches both.
    const { rows: confirmedRows } = await confirmed(w, p.projectId, rows, powerRequest)
    expect((await water?.until(about('joint-survey.confirmed')))?.event).toBe('utility')
    expect((await power?.until(about('joint-survey.confirmed')))?.event).toBe('utility')
    await cancelled(w, p.projectId, confirmedRows, '现场尚未平整')
    expect((await water?.until(about('joint-survey.cancelled')))?.event).toBe('utility')
    expect((await power?.until(about('joint-survey.cancelled')))?.event).toBe('utility')
    // Gas has no request in it: a later change of its own arrives, and none of the three ever did.
    const other = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, other)
    await w.publish(UtilityRequestOpenedV1, { request: utilityRequest(other.projectId, { provider: 'gas' }) })
    await gas?.until((m) => m.data?.projectId === other.projectId)
    expect(gas?.messages.filter((m) => m.data?.projectId === p.projectId)).toEqual([])
    for (const s of [water, power, gas]) s?.close()
  })

  it('tells the registration office of a 证照异议 raised or answered on a project it has a registration case on, of no other project’s', async () => {
    const registrar = await stream(w.token({ role: 'registrar', sub: 'registrar-objections' }))
    await registrar.until((m) => m.event === 'ready')
    const withCase = projectRegistered()
    const without = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, withCase, without)
    await w.publish(RegistrationCaseOpenedV1, { case: registrationCase(withCase.projectId) })
    // The registrar disputes a permit of each project (registration refuses nothing here: the read model only logs it).
    const objection = (projectId: string): CertificateObjectionSnapshot => ({
      objectionId: uuidv7(),
      certificateId: uuidv7(),
      certificateNumber: `SG-${projectId.slice(-6)}`,
      certificateTitle: '建筑工程施工许可证',
      projectId,
      issuer: 'housing-construction',
      raisedBy: 'registration-office',
      raisedBySub: 'registrar-objections',
      reason: '证载建设规模与竣工测绘面积不一致',
      evidence: [],
      raisedAt: '2026-03-05T02:00:00Z',
      status: 'open',
      version: 1,
    })
    const answered = (o: CertificateObjectionSnapshot): CertificateObjectionSnapshot => ({
      ...o,
      status: 'upheld',
      answer: {
        outcome: 'upheld',
        finding: '已注销原证并重新核发',
        answeredAt: '2026-03-06T02:00:00Z',
        answeredBy: 'h-1',
      },
      version: 2,
    })
    const elsewhere = objection(without.projectId)
    const mine = objection(withCase.projectId)
    // The project without a case first each time: once the other's change has arrived, it was weighed and not told.
    await w.publish(CertificateObjectionRaisedV1, { objection: elsewhere })
    await w.publish(CertificateObjectionRaisedV1, { objection: mine })
    await w.publish(CertificateObjectionAnsweredV1, { objection: answered(elsewhere) })
    await w.publish(CertificateObjectionAnsweredV1, { objection: answered(mine) })
    const told = await registrar.until(
      (m) => m.data?.projectId === withCase.projectId && m.data?.kind === 'objection.answered',
    )
    expect(told).toMatchObject({ event: 'timeline', data: { projectId: withCase.projectId } })
    expect(
      registrar.messages
        .filter((m) => m.data?.kind?.startsWith('objection.'))
        .map((m) => [m.data?.projectId, m.data?.kind]),
    ).toEqual([
      [withCase.projectId, 'objection.raised'],
      [withCase.projectId, 'objection.answered'],
    ])
    expect(registrar.messages.some((m) => m.data?.projectId === without.projectId)).toBe(false)
    registrar.close()
  })

  it('tells the issuing department of a 证照异议 raised on its permit and the raising one of the answer, within their regions, and no other department', async () => {
    const p = projectRegistered({ owner: owners.foshan })
    const listen = departmentListener
    // The issuer's reviewer (its region covers the project's, 汕尾), the raiser's lead, and two told nothing: the
    // issuer's reviewer of 佛山, and a department that is neither party.
    const issuer = await listen('reviewer', 'natural-resources', '441500')
    const raiser = await listen('lead', 'housing-construction')
    const outOfRegion = await listen('reviewer', 'natural-resources', '440600')
    const bystander = await listen('reviewer', 'fire-protection')
    await w.publish(ProjectRegisteredV1, p)
    const raised: CertificateObjectionSnapshot = {
      objectionId: uuidv7(),
      certificateId: uuidv7(),
      certificateNumber: `GH-${p.projectId.slice(-6)}`,
      certificateTitle: '建设用地规划许可证',
      projectId: p.projectId,
      issuer: 'natural-resources',
      raisedBy: 'housing-construction',
      raisedBySub: 'lead-housing',
      reason: '证载用地面积与出让合同不一致',
      evidence: [],
      raisedAt: '2026-03-05T02:00:00Z',
      status: 'open',
      version: 1,
    }
    await w.publish(CertificateObjectionRaisedV1, { objection: raised })
    const about = (kind: string) => (m: Message) => m.data?.projectId === p.projectId && m.data?.kind === kind
    // The issuer hears of the objection to answer: its 证照异议 page reads the list again.
    expect(await issuer.until(about('objection.raised'))).toMatchObject({ event: 'timeline' })
    await w.publish(CertificateObjectionAnsweredV1, {
      objection: {
        ...raised,
        status: 'rejected',
        answer: {
          outcome: 'rejected',
          finding: '证载信息准确',
          answeredAt: '2026-03-06T02:00:00Z',
          answeredBy: 'nr-1',
        },
        version: 2,
      },
    })
    // The raiser hears of the answer (and of its own objection), the issuer of its own answer.
    await raiser.until(about('objection.answered'))
    await issuer.until(about('objection.answered'))
    const kinds = (s: typeof issuer) =>
      s.messages.filter((m) => m.data?.projectId === p.projectId).map((m) => m.data?.kind)
    expect(kinds(raiser)).toEqual(['objection.raised', 'objection.answered'])
    expect(kinds(issuer)).toEqual(['objection.raised', 'objection.answered'])
    // The others: a later change each of them is told of arrives, and neither objection change ever did.
    const later = projectRegistered({ owner: owners.foshan, region: '440600' })
    await w.publish(ProjectRegisteredV1, later)
    await w.publish(TaskAssignedV1, { task: task(later.projectId, uuidv7(), { department: 'natural-resources' }) })
    await w.publish(TaskAssignedV1, { task: task(p.projectId, uuidv7(), { department: 'fire-protection' }) })
    await outOfRegion.until((m) => m.data?.projectId === later.projectId)
    await bystander.until((m) => m.data?.projectId === p.projectId && m.data?.kind === 'task.assigned')
    expect(kinds(outOfRegion)).toEqual([])
    expect(kinds(bystander).filter((k) => k?.startsWith('objection.'))).toEqual([])
    for (const s of [issuer, raiser, outOfRegion, bystander]) s.close()
  })

  it("tells a regional reviewer of the handling unit of its region's tickets' changes, of no other region's nor of one with none", async () => {
    const department = `housing-${uuidv7().slice(-8)}`
    // 佛山's reviewer of the unit, 汕尾's, and one of no region (every region's, as before).
    const foshan = await stream(w.token({ role: 'reviewer', sub: 'reviewer-foshan', department, region: '440600' }))
    const shanwei = await stream(w.token({ role: 'reviewer', sub: 'reviewer-shanwei', department, region: '441500' }))
    const everywhere = await stream(w.token({ role: 'reviewer', sub: 'reviewer-everywhere', department }))
    for (const s of [foshan, shanwei, everywhere]) await s.until((m) => m.event === 'ready')
    // A 佛山 district's ticket (禅城, 440604: within 佛山), a 汕尾 one and one about no region, all dispatched to the unit.
    const inFoshan = ticketRegistered({ region: '440604' })
    const inShanwei = ticketRegistered({ region: '441500' })
    const noRegion = ticketRegistered()
    await w.publish(TicketRegisteredV1, { ticket: inFoshan }, { ticket: inShanwei }, { ticket: noRegion })
    const dispatch = (t: typeof inFoshan) =>
      w.publish(TicketDispatchedV1, {
        ticket: ticketDispatched(t, department, '2026-03-02', '2026-03-04', '2026-03-16'),
      })
    // 佛山's last: once it has reached 佛山's reviewer, every change before it was weighed for that stream.
    await dispatch(inShanwei)
    await dispatch(noRegion)
    await dispatch(inFoshan)
    const ofTicket = (id: string, kind: string) => (m: Message) => m.data?.ticketId === id && m.data?.kind === kind
    const told = (s: typeof foshan) =>
      s.messages.filter((m) => m.event === 'ticket').map((m) => [m.data?.ticketId, m.data?.kind])
    await foshan.until(ofTicket(inFoshan.ticketId, 'ticket.dispatched'))
    expect(told(foshan)).toEqual([[inFoshan.ticketId, 'ticket.dispatched']])
    // The reviewer of no region is told of all three, in the stream's order.
    await everywhere.until(ofTicket(inFoshan.ticketId, 'ticket.dispatched'))
    expect(told(everywhere)).toEqual([
      [inShanwei.ticketId, 'ticket.dispatched'],
      [noRegion.ticketId, 'ticket.dispatched'],
      [inFoshan.ticketId, 'ticket.dispatched'],
    ])
    // A later 汕尾 ticket reaches 汕尾's reviewer after 佛山's dispatch was recorded: 佛山's never came.
    const later = ticketRegistered({ region: '441500' })
    await w.publish(TicketRegisteredV1, { ticket: later })
    await dispatch(later)
    await shanwei.until(ofTicket(later.ticketId, 'ticket.dispatched'))
    expect(told(shanwei)).toEqual([
      [inShanwei.ticketId, 'ticket.dispatched'],
      [later.ticketId, 'ticket.dispatched'],
    ])
    for (const s of [foshan, shanwei, everywhere]) s.close()
  })

  it('tells a window clerk of the changes of the 办不成事 tickets she registered, and of no other clerk’s ticket nor any other', async () => {
    const [a, b] = ['a', 'b'].map((k) => `clerk-window-${k}-${uuidv7()}`) as [string, string]
    const atWindow = (clerk: string) => {
      const { ownerCreditCode: _online, ...t } = ticketRegistered({ channel: 'window', windowClerk: clerk })
      return t
    }
    const hers = atWindow(a)
    const colleagues = atWindow(b)
    const online = ticketRegistered()
    const clerkA = await stream(w.token({ role: 'clerk', sub: a }))
    const clerkB = await stream(w.token({ role: 'clerk', sub: b }))
    // A role `ticket.read` does not name (a utility provider's staff): told of no ticket at all.
    const water = await stream(w.token({ role: 'utility', sub: 'utility-window', provider: 'water' }))
    for (const s of [clerkA, clerkB, water]) await s.until((m) => m.event === 'ready')

    await w.publish(TicketRegisteredV1, { ticket: hers }, { ticket: colleagues }, { ticket: online })
    await w.publish(TicketDispatchedV1, {
      ticket: ticketDispatched(colleagues, 'housing-construction', '2026-03-02', '2026-03-04', '2026-03-16'),
    })
    await w.publish(TicketDispatchedV1, {
      ticket: ticketDispatched(online, 'housing-construction', '2026-03-02', '2026-03-04', '2026-03-16'),
    })
    // Her own ticket's dispatch last: once it has reached her, every change before it was weighed for her stream.
    await w.publish(TicketDispatchedV1, {
      ticket: ticketDispatched(hers, 'housing-construction', '2026-03-02', '2026-03-04', '2026-03-16'),
    })
    const ofTicket = (id: string, kind: string) => (m: Message) => m.data?.ticketId === id && m.data?.kind === kind
    await clerkA.until(ofTicket(hers.ticketId, 'ticket.dispatched'))
    expect(clerkA.messages.filter((m) => m.event === 'ticket').map((m) => [m.data?.ticketId, m.data?.kind])).toEqual([
      [hers.ticketId, 'ticket.registered'],
      [hers.ticketId, 'ticket.dispatched'],
    ])
    expect(clerkA.messages.find((m) => m.data?.ticketId === hers.ticketId)?.data).toEqual({
      ticketId: hers.ticketId,
      kind: 'ticket.registered',
    })
    // Her colleague is told of her own, and not of the one before her in the stream's order that is not hers.
    await clerkB.until(ofTicket(colleagues.ticketId, 'ticket.dispatched'))
    expect(
      clerkB.messages.some((m) => m.data?.ticketId === hers.ticketId && m.data?.kind === 'ticket.registered'),
    ).toBe(false)
    expect(clerkB.messages.some((m) => m.data?.ticketId === online.ticketId)).toBe(false)
    // A water request after every ticket: once it has reached the provider, every ticket was weighed for it too.
    const p = projectRegistered()
    await w.publish(ProjectRegisteredV1, p)
    await w.publish(UtilityRequestOpenedV1, { request: utilityRequest(p.projectId, { provider: 'water' }) })
    await water.until((m) => m.data?.projectId === p.projectId)
    expect(water.messages.filter((m) => m.event === 'ticket')).toEqual([])
    for (const s of [clerkA, clerkB, water]) s.close()
  })

  it('tells the reviewers of the department a permit is applied to of its application, its decision and its re-application, within their region; no other department, region or lead', async () => {
    const p = projectRegistered({ owner: owners.foshan })
    const dept = departmentOf(p)
    const listen = departmentListener
    // 城管's reviewers of every region and of 汕尾 (the project's) are told; its 佛山 reviewer, its lead (no route shows
    // a lead a utility request) and 交通运输's reviewer (whose permit the request does not ask) are not.
    const urban = await listen('reviewer', dept('urban'))
    const urbanShanwei = await listen('reviewer', dept('urban'), '441500')
    const urbanFoshan = await listen('reviewer', dept('urban'), '440600')
    const urbanLead = await listen('lead', dept('urban'))
    const transport = await listen('reviewer', dept('transport'))
    await w.publish(ProjectRegisteredV1, p)
    const applied = {
      kind: 'road-excavation' as const,
      status: 'requested' as const,
      department: dept('urban'),
      appliedOn: '2026-03-03',
    }
    const request = utilityRequest(p.projectId, {
      provider: 'gas',
      lowRisk: false,
      stage: 'outside-line-permits',
      line: { lengthM: 800, diameterMm: 250 },
      permits: [applied],
      version: 3,
    })
    // Applied for at the plan; refused by one of 城管's reviewers; applied for again by the provider.
    await w.publish(UtilityRequestAdvancedV1, { request, actor: 'staff', permitsApplied: ['road-excavation'] })
    const refused = { ...applied, status: 'refused' as const, reason: '主干道禁止开挖', decidedOn: '2026-03-04' }
    await w.publish(UtilityRequestAdvancedV1, { request: { ...request, permits: [refused], version: 4 }, actor: 'r-1' })
    const again = {
      ...applied,
      appliedOn: '2026-03-05',
      reapplication: { change: '改走辅道', refusedOn: '2026-03-04', refusalReason: '主干道禁止开挖' },
    }
    await w.publish(UtilityRequestAdvancedV1, {
      request: { ...request, permits: [again], version: 5 },
      actor: 'staff',
      permitsApplied: ['road-excavation'],
    })
    const ofRequest = (s: typeof urban) =>
      s.messages.filter((m) => m.event === 'utility' && m.data?.projectId === p.projectId).map((m) => m.data?.kind)
    for (const s of [urban, urbanShanwei]) {
      await expect.poll(() => ofRequest(s).length, { timeout: 15_000 }).toBe(3)
      expect(ofRequest(s)).toEqual(['utility.advanced', 'utility.advanced', 'utility.advanced'])
      // Which request, not what it says: the page reads its list again.
      expect(s.messages.find((m) => m.event === 'utility')?.data).toEqual({
        projectId: p.projectId,
        kind: 'utility.advanced',
      })
    }
    // The others: a later change each of them is told of arrives, and none of the request's ever did.
    const later = projectRegistered({ owner: owners.foshan, region: '440600' })
    await w.publish(ProjectRegisteredV1, later)
    await w.publish(TaskAssignedV1, { task: task(later.projectId, uuidv7(), { department: dept('urban') }) })
    await w.publish(TaskAssignedV1, {
      task: task(p.projectId, uuidv7(), { department: dept('transport'), lead: dept('urban') }),
    })
    await urbanFoshan.until((m) => m.data?.projectId === later.projectId && m.data?.kind === 'task.assigned')
    await urbanLead.until((m) => m.data?.projectId === p.projectId && m.data?.kind === 'task.assigned')
    await transport.until((m) => m.data?.projectId === p.projectId && m.data?.kind === 'task.assigned')
    for (const s of [urbanFoshan, urbanLead, transport]) {
      expect(s.messages.filter((m) => m.event === 'utility')).toEqual([])
    }
    for (const s of [urban, urbanShanwei, urbanFoshan, urbanLead, transport]) s.close()
  })

  it('tells the reviewers of the departments a low-risk line’s works plan was pushed to (告知承诺免审批) of its restoration, within their region; no other department, region or lead', async () => {
    const p = projectRegistered({ owner: owners.shanwei })
    const dept = departmentOf(p)
    const listen = departmentListener
    // 交通运输 and 水务 were pushed the plan: their reviewers of every region and of 汕尾 (the project's) are told, and
    // each hears the other's review (外线施工监管 reads its list again); 交通运输's 佛山 reviewer, its lead (no route shows
    // a lead a utility request) and 城管's reviewer (not pushed to) are not.
    const transport = await listen('reviewer', dept('transport'))
    const transportShanwei = await listen('reviewer', dept('transport'), '441500')
    const water = await listen('reviewer', dept('water'))
    const transportFoshan = await listen('reviewer', dept('transport'), '440600')
    const transportLead = await listen('lead', dept('transport'))
    const urban = await listen('reviewer', dept('urban'))
    await w.publish(ProjectRegisteredV1, p)
    const pushed = utilityRequest(p.projectId, {
      provider: 'water',
      stage: 'construction',
      lowRisk: true,
      permits: [{ kind: 'road-excavation', status: 'filed', filedOn: '2026-03-03' }],
      worksPlanPush: {
        commitment: '按不低于原貌标准恢复道路和绿化',
        plans: [{ kind: 'works-plan', reference: 'SW-施工-001', description: '沿人民路东侧人行道开挖埋管120米' }],
        departments: [
          { code: dept('transport'), name: '汕尾市交通运输局' },
          { code: dept('water'), name: '汕尾市水务局' },
        ],
        pushedOn: '2026-03-03',
        pushedAt: '2026-03-03T02:00:00Z',
        source: 'seeds/004_33317a5f04b53a73.txt:1852',
      },
      version: 3,
    })
    await w.publish(UtilityWorksPlanPushedV1, { request: pushed, actor: 'staff-water' })
    const declared = {
      ...pushed,
      stage: 'awaiting-acceptance' as const,
      restoration: { status: 'declared' as const, declaredAt: '2026-03-09T02:00:00Z', reviews: [] },
      version: 4,
    }
    // 修复完成, then 水务 sends it back (限期整改).
    await w.publish(UtilityRestorationDeclaredV1, { request: declared, actor: 'staff-water' })
    const review = {
      department: dept('water'),
      outcome: 'rectify' as const,
      reason: '人行道砖未按原样铺设',
      reviewedAt: '2026-03-10T02:00:00Z',
      reviewedBy: 'reviewer-water',
    }
    await w.publish(UtilityRestorationReviewedV1, {
      request: {
        ...declared,
        restoration: { ...declared.restoration, status: 'rectify', reviews: [review] },
        version: 5,
      },
      actor: 'reviewer-water',
    })
    const ofRequest = (s: typeof transport) =>
      s.messages.filter((m) => m.event === 'utility' && m.data?.projectId === p.projectId).map((m) => m.data?.kind)
    for (const s of [transport, transportShanwei, water]) {
      await expect.poll(() => ofRequest(s).length, { timeout: 15_000 }).toBe(3)
      expect(ofRequest(s)).toEqual([
        'utility.works-plan-pushed',
        'utility.restoration-declared',
        'utility.restoration-reviewed',
      ])
    }
    // The others: a later change each of them is told of arrives, and none of the request's ever did.
    const later = projectRegistered({ owner: owners.foshan, region: '440600' })
    await w.publish(ProjectRegisteredV1, later)
    await w.publish(TaskAssignedV1, { task: task(later.projectId, uuidv7(), { department: dept('transport') }) })
    await w.publish(TaskAssignedV1, {
      task: task(p.projectId, uuidv7(), { department: dept('urban'), lead: dept('transport') }),
    })
    await transportFoshan.until((m) => m.data?.projectId === later.projectId && m.data?.kind === 'task.assigned')
    await transportLead.until((m) => m.data?.projectId === p.projectId && m.data?.kind === 'task.assigned')
    await urban.until((m) => m.data?.projectId === p.projectId && m.data?.kind === 'task.assigned')
    for (const s of [transportFoshan, transportLead, urban]) {
      expect(s.messages.filter((m) => m.event === 'utility')).toEqual([])
    }
    for (const s of [transport, transportShanwei, water, transportFoshan, transportLead, urban]) s.close()
  })

  it('tells of a published calendar moving a request’s permits due day as a utility change, to its provider and the reviewers of the departments its permits were applied to; no other department, region or lead', async () => {
    const p = projectRegistered({ owner: owners.shanwei })
    const dept = departmentOf(p)
    const listen = listening
    const urban = await listen({ role: 'reviewer', sub: 'r-urban', department: dept('urban') })
    const urbanShanwei = await listen({
      role: 'reviewer',
      sub: 'r-urban-sw',
      department: dept('urban'),
      region: '441500',
    })
    const gas = await listen({ role: 'utility', sub: 'gas-1', provider: 'gas' })
    const urbanFoshan = await listen({
      role: 'reviewer',
      sub: 'r-urban-fs',
      department: dept('urban'),
      region: '440600',
    })
    const urbanLead = await listen({ role: 'lead', sub: 'l-urban', department: dept('urban') })
    const transport = await listen({ role: 'reviewer', sub: 'r-transport', department: dept('transport') })
    await w.publish(ProjectRegisteredV1, p)
    const request = utilityRequest(p.projectId, {
      provider: 'gas',
      lowRisk: false,
      stage: 'outside-line-permits',
      line: { lengthM: 800, diameterMm: 250 },
      permits: [{ kind: 'road-excavation', status: 'requested', department: dept('urban'), appliedOn: '2026-03-10' }],
      permitsClock: { limit: { value: 3, unit: 'W' }, start: '2026-03-10', suspensions: [] },
      version: 3,
    })
    await w.publish(UtilityRequestAdvancedV1, { request, actor: 'staff', permitsApplied: ['road-excavation'] })
    // The request's row is in before the calendar moves its day: the moved day's change reads whom to tell from it.
    await urban.until((m) => m.data?.projectId === p.projectId && m.data?.kind === 'utility.advanced')
    await w.publish(UtilityDueMovedV1, {
      projectId: p.projectId,
      subject: `utility-request:${request.requestId}`,
      clock: 'permits',
      from: '2026-03-19',
      to: '2026-03-23',
      provisionalBefore: true,
      provisionalAfter: false,
      calendar: { key: 'year-2026', version: 2, notice: '' },
      changes: '2026-03-19 working day → holiday',
      movedAt: '2026-03-14T02:00:00.000Z',
    })
    for (const s of [urban, urbanShanwei, gas]) {
      const moved = await s.until((m) => m.data?.projectId === p.projectId && m.data?.kind === 'utility.due-moved')
      // A utility change: the 外线审批 list (and the provider's 报装申请) read again, in its new order.
      expect(moved.event).toBe('utility')
    }
    const later = projectRegistered({ owner: owners.foshan, region: '440600' })
    await w.publish(ProjectRegisteredV1, later)
    await w.publish(TaskAssignedV1, { task: task(later.projectId, uuidv7(), { department: dept('urban') }) })
    await w.publish(TaskAssignedV1, {
      task: task(p.projectId, uuidv7(), { department: dept('transport'), lead: dept('urban') }),
    })
    await urbanFoshan.until((m) => m.data?.projectId === later.projectId && m.data?.kind === 'task.assigned')
    await urbanLead.until((m) => m.data?.projectId === p.projectId && m.data?.kind === 'task.assigned')
    await transport.until((m) => m.data?.projectId === p.projectId && m.data?.kind === 'task.assigned')
    for (const s of [urbanFoshan, urbanLead, transport]) {
      expect(s.messages.filter((m) => m.data?.kind === 'utility.due-moved')).toEqual([])
    }
    for (const s of [urban, urbanShanwei, gas, urbanFoshan, urbanLead, transport]) s.close()
  })

  it('tells no extra department of a moved permits due day when the request’s stored row is malformed (an array department, a lone works-plan object), and still records the change', async () => {
    const p = projectRegistered({ owner: owners.shanwei })
    const dept = departmentOf(p)
    const listen = listening
    const urban = await listen({ role: 'reviewer', sub: 'r-urban-m', department: dept('urban') })
    const transport = await listen({ role: 'reviewer', sub: 'r-transport-m', department: dept('transport') })
    const water = await listen({ role: 'reviewer', sub: 'r-water-m', department: dept('water') })
    const gas = await listen({ role: 'utility', sub: 'gas-m', provider: 'gas' })
    await w.publish(ProjectRegisteredV1, p)
    const request = utilityRequest(p.projectId, {
      provider: 'gas',
      lowRisk: false,
      stage: 'outside-line-permits',
      line: { lengthM: 800, diameterMm: 250 },
      permits: [{ kind: 'road-excavation', status: 'requested', department: dept('urban'), appliedOn: '2026-03-10' }],
      permitsClock: { limit: { value: 3, unit: 'W' }, start: '2026-03-10', suspensions: [] },
      version: 3,
    })
    await w.publish(UtilityRequestAdvancedV1, { request, actor: 'staff', permitsApplied: ['road-excavation'] })
    await urban.until((m) => m.data?.projectId === p.projectId && m.data?.kind === 'utility.advanced')
    // A row of another shape than the snapshot's: lax paths would read two parties off the array and one off the
    // object wrapped as a list.
    await w.db.pool.query(
      `UPDATE "${w.db.schema}".utility_request
          SET snapshot = jsonb_set(jsonb_set(snapshot, '{permits,0,department}', $2::jsonb), '{worksPlanPush}', $3::jsonb)
        WHERE id = $1`,
      [
        request.requestId,
        JSON.stringify([dept('transport'), dept('water')]),
        JSON.stringify({ departments: { code: dept('water') } }),
      ],
    )
    await w.publish(UtilityDueMovedV1, {
      projectId: p.projectId,
      subject: `utility-request:${request.requestId}`,
      clock: 'permits',
      from: '2026-03-19',
      to: '2026-03-23',
      provisionalBefore: true,
      provisionalAfter: false,
      calendar: { key: 'year-2026', version: 2, notice: '' },
      changes: '2026-03-19 working day → holiday',
      movedAt: '2026-03-14T02:00:00.000Z',
    })
    // The batch is not failed: the provider is told.
    await gas.until((m) => m.data?.projectId === p.projectId && m.data?.kind === 'utility.due-moved')
    await w.publish(TaskAssignedV1, { task: task(p.projectId, uuidv7(), { department: dept('transport') }) })
    await w.publish(TaskAssignedV1, { task: task(p.projectId, uuidv7(), { department: dept('water') }) })
    await transport.until((m) => m.data?.projectId === p.projectId && m.data?.kind === 'task.assigned')
    await water.until((m) => m.data?.projectId === p.projectId && m.data?.kind === 'task.assigned')
    for (const s of [transport, water, urban]) {
      expect(s.messages.filter((m) => m.data?.kind === 'utility.due-moved')).toEqual([])
    }
    for (const s of [urban, transport, water, gas]) s.close()
  })
})

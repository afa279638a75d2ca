import { jetstream } from '@nats-io/jetstream'
import { type EventBody, type EventDefinition, StepDecidedV1 } from '@onewindow/contracts'
import { createOutbox, createRelay } from '@onewindow/messaging'
import { asCaller, createTestSchema, logLines, published as publishedOn, serviceWorld } from '@onewindow/testing'
import { legalDateOf } from '@onewindow/workdays'
import { expect, inject, vi } from 'vitest'
import { createPrisma } from '../src/db/client.js'
import { createIntake, type IntakeOptions, migrationsDir } from '../src/index.js'

// Monday 2026-03-02, 09:00 in Shanghai: an ordinary working week.
export const START = '2026-03-02T01:00:00Z'

export const actors = {
  clerk: { sub: 'clerk-1', role: 'clerk' },
  admin: { sub: 'admin-1', role: 'admin' },
  owner: (creditCode: string) => ({ sub: `owner-${creditCode}`, role: 'owner', creditCode }),
  /** 帮办代办员 李帮办, the helper the tests' cases are given. */
  helperLi: { sub: 'helper-li', role: 'helper', name: '李帮办' },
} as const

/** A world whose warnings and errors are kept as parsed lines (`lines`), for tests of what a route logged. */
export function loggedIntakeWorld<L extends object>() {
  const { stream, lines } = logLines<L>()
  return { lines, start: () => intakeWorld({ logger: { stream }, logLevel: 'warn' }) }
}

/**
 * Intake on a fresh schema and a test stream of its own, with a test clock, plus a second schema acting as the
 * approval service: events "from approval" are written through an outbox there and relayed, as in production.
 */
export async function intakeWorld(extra: Partial<IntakeOptions> = {}) {
  const world = await serviceWorld({
    name: 'intake',
    migrationsDir,
    start: START,
    create: (wiring) => createIntake({ ...wiring, scanEveryMs: 50, ...extra }),
  })
  const { clock, db, nc, topology } = world
  const peerDb = await createTestSchema(inject('databaseUrl'), migrationsDir, 'peer')
  world.defer(peerDb.drop)
  const peer = createPrisma(peerDb.pool, peerDb.schema)
  world.defer(() => peer.$disconnect())
  const peerOutbox = createOutbox({ source: 'approval', now: () => clock.now() })
  const peerRelay = createRelay({ pool: peerDb.pool, schema: peerDb.schema, js: jetstream(nc), topology })

  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, actor?: object, payload?: unknown) => {
    const res = await world.app.inject({
      method,
      url,
      headers: await asCaller('intake', actor, clock),
      ...(payload === undefined ? {} : { payload: payload as object }),
    })
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers }
  }

  /** Every body on one event's subject in this test's stream so far: what intake published. */
  const published = <E extends EventDefinition>(event: E): Promise<Array<EventBody<E>>> =>
    publishedOn(nc, topology, event)

  /** What is in intake's outbox, sent or not: a refused command must have written nothing here. */
  // The events of commands, not the audit anchors a periodic job writes beside them (every 5 s, when the chain grew —
  // a refused command is audited too, so an anchor may follow a refusal and say nothing about it).
  const outboxRows = async () =>
    Number(
      (await db.pool.query(`SELECT count(*) AS n FROM outbox_message WHERE subject NOT LIKE '%.audit.anchored.v1'`))
        .rows[0].n,
    )
  const rows = async (table: string) => Number((await db.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n)

  /** Publishes a StepDecidedV1 the way approval would: outbox in its schema, then the relay. */
  const decideStep = async (body: EventBody<typeof StepDecidedV1>) => {
    await peer.$transaction((tx) => peerOutbox.add(tx, { event: StepDecidedV1, body, aggregateId: body.applicationId }))
    await peerRelay.flush()
  }

  /**
   * Step order: a Shanwei low-risk project's first step (立项用地规划许可, `land-planning-and-filing`) opened at the
   * window and approved by "approval", waited for until intake has recorded it, so the six-item bundle may follow.
   */
  const approveFirstStep = (projectId: string) =>
    approveApplication(projectId, { step: 'land-planning-and-filing', form: {}, materials: landPlanningMaterials })

  /** An application (`body`, its `step` and any `phase`) opened at the window and approved, as `approveFirstStep`. */
  const approveApplication = async (
    projectId: string,
    body: { step: string; phase?: string; [field: string]: unknown },
  ) => {
    const res = await call('POST', `/projects/${projectId}/applications`, actors.clerk, body)
    if (res.status !== 201) throw new Error(`${body.step} not accepted: ${JSON.stringify(res.body)}`)
    const applicationId: string = res.body.application.applicationId
    const now = clock.now()
    await decideStep({
      applicationId,
      projectId,
      step: body.step,
      outcome: 'approved',
      decidedAt: now.toISOString(),
      decidedOn: legalDateOf(now),
      tasks: [],
    })
    await vi.waitFor(
      async () => {
        const app = await call('GET', `/applications/${applicationId}`)
        if (app.body?.application?.status !== 'approved') throw new Error(`${body.step} not yet recorded as approved`)
      },
      { timeout: 10_000, interval: 20 },
    )
    return applicationId
  }

  // Merged into the world itself, not copied out of it: `app` stays the world's own getter.
  return Object.assign(world, { call, published, outboxRows, rows, decideStep, approveFirstStep, approveApplication })
}

export type IntakeWorld = Awaited<ReturnType<typeof intakeWorld>>

/** Valid 统一社会信用代码 (check characters computed). */
export const owners = {
  shanwei: { name: '汕尾市示例实业有限公司', creditCode: '91441500MA51XY201H' },
  foshan: { name: '佛山市示例制造有限公司', creditCode: '91440600MA4UJ2K7X6' },
} as const

let counter = 0
export const uniqueCode = (region = '441500') => {
  counter += 1
  return `2026-${region}-47-01-${process.pid}${String(counter).padStart(4, '0')}`
}

/** A small factory in Shanwei that qualifies as 社会投资简易低风险. */
export const lowRiskFactory = (overrides: Record<string, unknown> = {}) => ({
  name: '低风险厂房项目',
  owner: owners.shanwei,
  projectCode: uniqueCode(),
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
  ...overrides,
})

/** An industrial plot in Foshan sold with its design scheme (带方案出让). */
export const foshanIndustrial = (overrides: Record<string, unknown> = {}) => ({
  name: '带方案出让工业项目',
  owner: owners.foshan,
  projectCode: uniqueCode('440600'),
  projectType: 'industrial-land-with-scheme',
  region: '440600',
  siteAreaM2: 20000,
  floorAreaM2: 30000,
  heightM: 30,
  investmentFen: 5_000_000_000,
  location: '佛山市顺德区',
  facts: { landUse: 'industrial', schemeReviewedBeforeSale: true },
  ...overrides,
})

/** Every material of the Shanwei first step (用地规划许可 and 备案), submitted in full. */
export const landPlanningMaterials = [
  { code: 'land-sale-confirmation', documentRef: 'doc://land-sale-confirmation.pdf' },
  { code: 'land-transfer-contract', documentRef: 'doc://land-transfer-contract.pdf' },
  { code: 'land-price-commitment', documentRef: 'doc://land-price-commitment.pdf' },
]

/** 接件 of the land-planning step with every material, its 受理 left for later (the clerk's, or by law). */
export const landPlanningReceived = {
  step: 'land-planning-and-filing',
  form: {},
  materials: landPlanningMaterials,
  acceptance: 'later' as const,
}

export const sixItemMaterials = [
  { code: 'design-scheme', documentRef: 'doc://design-scheme.pdf' },
  { code: 'construction-contract', documentRef: 'doc://construction-contract.pdf' },
  { code: 'construction-drawings-uploaded', documentRef: 'doc://drawings.zip' },
]

/**
 * A project registered and its first step approved, then the six-item bundle opened with `item` on 告知承诺; the
 * application's id. Its verify-by day is checked when `verifyBy` is given.
 */
export async function committedApplication(w: IntakeWorld, item: string, verifyBy?: string): Promise<string> {
  const created = await w.call('POST', '/projects', actors.clerk, lowRiskFactory())
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  const projectId: string = created.body.project.projectId
  await w.approveFirstStep(projectId)
  const res = await w.call('POST', `/projects/${projectId}/applications`, actors.clerk, {
    step: 'six-item-bundle',
    form: {},
    materials: sixItemMaterials,
    commitments: [{ item }],
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  if (verifyBy !== undefined) expect(res.body.application.commitments).toEqual([{ item, verifyBy }])
  return res.body.application.applicationId
}

/** A new project's land-planning application, 接件 only (受理 later): its id. */
export async function receivedApplication(w: IntakeWorld): Promise<string> {
  const project = await w.call('POST', '/projects', actors.clerk, lowRiskFactory())
  expect(project.status, JSON.stringify(project.body)).toBe(201)
  const res = await w.call(
    'POST',
    `/projects/${project.body.project.projectId}/applications`,
    actors.clerk,
    landPlanningReceived,
  )
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.application.applicationId
}

/** A Shanwei project with a 帮办代办 case over its land-planning stage, helped by `helper` (a helper's claims will do). */
export async function projectWithCase(
  w: IntakeWorld,
  helper: { sub: string; name: string },
): Promise<{ projectId: string; caseId: string }> {
  const registered = await w.call('POST', '/projects', actors.clerk, lowRiskFactory())
  expect(registered.status, JSON.stringify(registered.body)).toBe(201)
  const projectId: string = registered.body.project.projectId
  const opened = await w.call('POST', `/projects/${projectId}/assisted-case`, actors.clerk, {
    eligibility: { basis: 'city-key-project', documentRef: 'doc://plan-2026.pdf' },
    mode: 'whole-process',
    stages: ['land-planning'],
    helper: { sub: helper.sub, name: helper.name },
  })
  expect(opened.status, JSON.stringify(opened.body)).toBe(201)
  return { projectId, caseId: opened.body.case.caseId }
}

/** {@link projectWithCase} and the project's land-planning application opened with every material (受理 at once). */
export async function caseWithApplication(
  w: IntakeWorld,
  helper: { sub: string; name: string },
): Promise<{ projectId: string; caseId: string; applicationId: string }> {
  const { projectId, caseId } = await projectWithCase(w, helper)
  const opened = await w.call('POST', `/projects/${projectId}/applications`, actors.clerk, {
    step: 'land-planning-and-filing',
    form: {},
    materials: landPlanningMaterials,
  })
  expect(opened.status, JSON.stringify(opened.body)).toBe(201)
  return { projectId, caseId, applicationId: opened.body.application.applicationId }
}

/**
 * The project's land-planning application received without the land transfer contract, and the clerk's 一次性告知
 * asking for it: an application whose receipt notice waits on the owner (or the case's helper) to answer.
 */
export async function applicationAwaitingContract(w: IntakeWorld, projectId: string): Promise<string> {
  const opened = await w.call('POST', `/projects/${projectId}/applications`, actors.clerk, landPlanningReceived)
  expect(opened.status, JSON.stringify(opened.body)).toBe(201)
  const applicationId: string = opened.body.application.applicationId
  const noticed = await w.call('POST', `/applications/${applicationId}/receipt-notice`, actors.clerk, {
    materials: ['land-transfer-contract'],
    reason: '出让合同缺少附图',
  })
  expect(noticed.status, JSON.stringify(noticed.body)).toBe(200)
  return applicationId
}

const TITLES: Record<number, string> = {
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
}

/** A whole problem+json body as intake answers it: what the gateway relays and docs/api.md describes. */
export const problem = (status: number, code: string, detail: string, extra: Record<string, unknown> = {}) => ({
  ...extra,
  type: `urn:onewindow:problem:${code}`,
  title: TITLES[status],
  status,
  detail,
  code,
})

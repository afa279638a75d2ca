import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { type NatsConnection, headers as natsHeaders, PermissionViolationError } from '@nats-io/transport-node'
import { runCli } from '@onewindow/cli/cli'
import { CertificateIssuedV1, StepDecidedV1 } from '@onewindow/contracts'
import { defaultTopology } from '@onewindow/messaging'
import { type BrokerUnderAuthorization, startNatsUnderAuthorization } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  applicationIn,
  approveFirstStep,
  approveStep,
  expectStatus,
  industrialPermitMaterials,
  industrialProject,
  lowRiskFactory,
  openApplication,
  owners,
  published,
  registerProject,
  sixItemDepartments,
  sixItemMaterials,
  statusWhen,
  taskOf,
  until,
} from '../src/flows.js'
import { type Service, startWorld, type World } from '../src/world.js'

// The committed file, exactly as docker-compose's server includes it; only the passwords are this run's own.
const AUTHORIZATION = fileURLToPath(new URL('../../infra/nats/authorization.conf', import.meta.url))
const SERVICES: readonly Service[] = ['intake', 'approval', 'acceptance', 'utility', 'registration', 'gateway']
const START = '2026-03-02T01:00:00Z'
const { stream } = defaultTopology

let broker: BrokerUnderAuthorization
let world: World
beforeAll(async () => {
  const started = await startNatsUnderAuthorization(AUTHORIZATION, ['admin', ...SERVICES, 'notification', 'hotline'])
  if (!started) throw new Error('no nats-server binary: install nats-server (apt-get install nats-server)')
  broker = started
  world = await startWorld({
    natsUrl: broker.server.url,
    databaseUrl: inject('databaseUrl'),
    start: START,
    connectAs: (identity) => broker.connectAs(identity),
    // The notifier too, under its own user: the whole flow below must leave no permission violation of its either.
    notification: true,
    // The hotline too: its calendar consumer and its relay under its own user.
    hotline: true,
  })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
  await broker?.[Symbol.asyncDispose]()
})

/** How many messages the stream holds on `subject`, read as the admin. */
async function stored(subject: string): Promise<number> {
  const info = await (await jetstreamManager(world.nc)).streams.info(stream, { subjects_filter: subject })
  return info.state.subjects?.[subject] ?? 0
}

/** A probe connection as `service` (its user and inbox prefix), closed afterwards. */
async function as<T>(service: Service, fn: (nc: NatsConnection) => Promise<T>): Promise<T> {
  const nc = await broker.connectAs(service)
  try {
    return await fn(nc)
  } finally {
    await nc.close()
  }
}

const refusal = (operation: 'publish' | 'subscription', subject: string) =>
  expect.objectContaining({ name: 'PermissionViolationError', operation, subject })

/**
 * The server's permission refusal behind a failed request (a JetStream publish, an API call, a core request): the
 * client rejects with a RequestError whose cause it is. Anything else (a timeout) is returned unchanged and fails the
 * assertions; a request that succeeds returns 'not refused'.
 */
async function refused(call: Promise<unknown>): Promise<unknown> {
  try {
    await call
  } catch (err) {
    return err instanceof Error && err.cause instanceof PermissionViolationError ? err.cause : err
  }
  return 'not refused'
}

describe('NATS least privilege (infra/nats/authorization.conf)', () => {
  it('runs one application from intake through approval to the gateway with every service under its own user', async () => {
    const projectId = await registerProject(world, lowRiskFactory())
    await approveFirstStep(world, projectId)
    const application = expectStatus(
      await openApplication(world, projectId, {
        step: 'six-item-bundle',
        form: { builder: '示例建设工程有限公司' },
        materials: sixItemMaterials,
      }),
      201,
    ).application
    // approval consumed application.accepted as `approval`; the gateway read the step's tasks-assigned as `gateway`.
    const tasks = await Promise.all(sixItemDepartments.map((d) => taskOf(world, d, application.applicationId)))
    expect(tasks.map((t) => t.department).sort()).toEqual([...sixItemDepartments].sort())
    for (const task of tasks) {
      expectStatus(await act(world, task, { action: 'claim' }), 200)
      expectStatus(await act(world, task, { action: 'approve' }), 200)
    }
    // step.decided (approval) → intake releases the certificate → the gateway shows the step approved.
    const status = await statusWhen(world, projectId, (s) =>
      s.applications.some((a) => a.applicationId === application.applicationId && a.decision?.outcome),
    )
    const decided = applicationIn(status, application.applicationId)
    expect(decided.decision?.outcome).toBe('approved')
    expect(decided.certificate).toBe('released')
    expect(status.tasks.filter((t) => t.applicationId === application.applicationId).map((t) => t.status)).toEqual(
      sixItemDepartments.map(() => 'approved'),
    )
    // certificate-released (intake) → registration signs the permits, as `registration`.
    await until(async () =>
      (await published(world, CertificateIssuedV1)).some((c) => c.certificate.body.projectId === projectId),
    )
    // Nothing any service did, from its start to here, was refused (the flows run first in the file: the probes
    // below are refused on purpose).
    expect(broker.violations).toEqual([])
  })

  it('runs a whole flow under the same users: permits, joint acceptance, utility hookup and 验登合一, every durable used', async () => {
    const at = (date: string) => `${date}T01:00:00Z`
    world.clock.set(START)
    const owner = owners.a
    const projectId = await registerProject(world, industrialProject(owner))
    // Permits with one hookup named on the combined form (utility-open-requests); decided on Tuesday.
    await approveStep(world, projectId, 'permits', industrialPermitMaterials, {
      form: { utilities: [{ provider: 'water', lengthM: 120, diameterMm: 150 }] },
      decideAt: at('2026-03-03'),
    })
    // registration-permits: the construction permit is signed.
    await statusWhen(world, projectId, (x) =>
      (x as unknown as { certificates: Array<{ item?: string }> }).certificates.some(
        (c) => c.item === 'construction-permit',
      ),
    )

    // acceptance-approved-steps and acceptance-projects let the owner ask; registration-acceptance-started opens the
    // pre-survey by itself.
    world.clock.set(at('2026-03-04'))
    const ownerToken = world.token('owner', { creditCode: owner.creditCode })
    const acceptanceCase = expectStatus(
      await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, ownerToken, {}),
      201,
    ).case as { caseId: string; lead: string; items: Array<{ item: string; department: string }> }
    const registrar = world.token('registrar')
    let registrationId = ''
    await until(async () => {
      const list = (await world.api('GET', '/api/v1/registrations', registrar)).body?.registrations ?? []
      registrationId = list.find((r: { projectId: string }) => r.projectId === projectId)?.caseId ?? ''
      return registrationId !== ''
    })
    expectStatus(
      await world.api('POST', `/api/v1/registrations/${registrationId}/actions`, registrar, {
        action: 'pass-pre-survey',
      }),
      200,
    )
    world.clock.set(at('2026-03-13'))
    const departments = [...new Set(acceptanceCase.items.map((i) => i.department))]
    expectStatus(
      await world.api(
        'POST',
        `/api/v1/acceptance/${acceptanceCase.caseId}/inspection`,
        world.token('lead', { department: acceptanceCase.lead }),
        { date: '2026-03-16', place: '项目现场', participants: departments },
      ),
      200,
    )
    world.clock.set(at('2026-03-16'))
    for (const item of acceptanceCase.items) {
      const reviewer = world.token('reviewer', { department: item.department })
      const body = { item: item.item, opinion: 'pass' }
      expectStatus(await world.api('POST', `/api/v1/acceptance/${acceptanceCase.caseId}/opinions`, reviewer, body), 200)
    }
    // registration-acceptance-passed: 验收即发证, the property certificate comes with the pass.
    const passed = await statusWhen(world, projectId, (x) =>
      (x as unknown as { certificates: Array<{ kind: string }> }).certificates.some((c) => c.kind === 'property'),
    )
    // utility-connect-on-acceptance: the low-risk water line, filed rather than permitted, connects when built.
    const [water] = (passed as unknown as { utilities: Array<{ requestId: string; provider: string }> }).utilities
    if (!water) throw new Error('no utility request for the water hookup')
    const step = (action: string) =>
      world.api('POST', `/api/v1/utility-requests/${water.requestId}/actions`, world.token('utility', water), {
        action,
      })
    for (const action of ['survey-done', 'plan-done', 'construction-done']) expectStatus(await step(action), 200)
    await statusWhen(world, projectId, (x) =>
      (x as unknown as { utilities: Array<{ stage: string }> }).utilities.every((u) => u.stage === 'connected'),
    )
    expect(broker.violations).toEqual([])
  })

  it.each([
    ['intake', 'permit.approval.step.decided.v1'],
    ['approval', 'permit.intake.application.accepted.v1'],
    ['acceptance', 'permit.utility.request.connected.v1'],
    ['utility', 'permit.acceptance.case.passed.v1'],
    ['registration', 'permit.intake.project.registered.v1'],
    ['gateway', 'permit.intake.project.registered.v1'],
    ['approval', 'dead-letter.intake-step-decided'],
  ] as const)('refuses %s publishing %s, and the stream stores nothing', async (service, subject) => {
    const before = await stored(subject)
    const err = await as(service, (nc) => refused(jetstream(nc).publish(subject, '{}', { timeout: 5_000 })))
    expect(err).toEqual(refusal('publish', subject))
    expect(await stored(subject)).toBe(before)
  })

  it('lets a service publish its own subjects (the refusals above are the permissions, not the probe)', async () => {
    const subject = 'permit.intake.probe.v1'
    const ack = await as('intake', (nc) => jetstream(nc).publish(subject, '{}'))
    expect(ack.stream).toBe(stream)
    expect(await stored(subject)).toBe(1)
  })

  it("refuses a service creating a consumer on what it does not consume, or pulling another's durable", async () => {
    await as('intake', async (nc) => {
      const jsm = await jetstreamManager(nc)
      const spy = { durable_name: 'intake-spy', filter_subject: 'permit.intake.application.accepted.v1' }
      expect(await refused(jsm.consumers.add(stream, spy))).toEqual(
        refusal('publish', `$JS.API.CONSUMER.CREATE.${stream}.intake-spy.permit.intake.application.accepted.v1`),
      )
      // Its own durable name with another filter: the permission pins the filter too.
      const wider = { durable_name: 'intake-step-decided', filter_subject: 'permit.>' }
      expect(await refused(jsm.consumers.add(stream, wider))).toEqual(
        refusal('publish', `$JS.API.CONSUMER.CREATE.${stream}.intake-step-decided.permit.>`),
      )
      expect(await refused(jetstream(nc).consumers.get(stream, 'approval-open-tasks'))).toEqual(
        refusal('publish', `$JS.API.CONSUMER.INFO.${stream}.approval-open-tasks`),
      )
      const pull = `$JS.API.CONSUMER.MSG.NEXT.${stream}.approval-open-tasks`
      expect(await refused(nc.request(pull, JSON.stringify({ batch: 1 })))).toEqual(refusal('publish', pull))
    })
    // The gateway reads the whole stream through consumers of its own, never through another service's durable.
    await as('gateway', async (nc) => {
      const pull = `$JS.API.CONSUMER.MSG.NEXT.${stream}.approval-open-tasks`
      expect(await refused(nc.request(pull, JSON.stringify({ batch: 1 })))).toEqual(refusal('publish', pull))
      const del = `$JS.API.CONSUMER.DELETE.${stream}.intake-step-decided`
      expect(await refused(nc.request(del))).toEqual(refusal('publish', del))
    })
  })

  it('keeps every durable the services run to its own service: no other user may read, pull or delete it', async () => {
    // The durables as the running services report them (their readiness checks), not as this test lists them, so a
    // consumer added later is covered, or refused here until authorization.conf keeps it to its service.
    const apps = {
      intake: world.intake,
      approval: world.approval,
      acceptance: world.acceptance,
      utility: world.utility,
      registration: world.registration,
      gateway: world.gateway,
    }
    const durables: Array<{ owner: Service; durable: string }> = []
    for (const [owner, app] of Object.entries(apps)) {
      const checks = (await app.inject({ method: 'GET', url: '/readyz' })).json().checks as Record<string, string>
      for (const name of Object.keys(checks))
        if (name.startsWith('worker:consumer:')) durables.push({ owner: owner as Service, durable: name.slice(16) })
    }
    expect(durables.length).toBeGreaterThanOrEqual(11)
    for (const { owner, durable } of durables) {
      for (const other of SERVICES.filter((s) => s !== owner)) {
        await as(other, async (nc) => {
          for (const api of ['INFO', 'MSG.NEXT', 'DELETE']) {
            const subject = `$JS.API.CONSUMER.${api}.${stream}.${durable}`
            expect(await refused(nc.request(subject, '', { timeout: 5_000 })), `${other} on ${subject}`).toEqual(
              refusal('publish', subject),
            )
          }
        })
      }
    }
  })

  it.each([
    ['intake', 'permit.approval.>'],
    ['approval', '_INBOX_intake.>'],
    ['gateway', 'permit.>'],
  ] as const)('refuses %s subscribing to %s', async (service, subject) => {
    const err = await as(
      service,
      (nc) =>
        new Promise((resolve) => {
          nc.subscribe(subject, {
            callback: (e) => {
              if (e) resolve(e)
            },
          })
          void nc.flush()
        }),
    )
    expect(err).toEqual(refusal('subscription', subject))
  })

  it('refuses a service creating or changing the stream: only the admin provisions it', async () => {
    await as('approval', async (nc) => {
      const jsm = await jetstreamManager(nc)
      expect(await refused(jsm.streams.add({ name: 'APPROVAL_OWN', subjects: ['x.>'] }))).toEqual(
        refusal('publish', '$JS.API.STREAM.CREATE.APPROVAL_OWN'),
      )
      expect(await refused(jsm.streams.update(stream, { max_age: 0 }))).toEqual(
        refusal('publish', `$JS.API.STREAM.UPDATE.${stream}`),
      )
    })
  })

  it("refuses a service replaying another service's event (403); the NATS admin replays it from that service's dead letters", async () => {
    // A step decision no schema accepts, published as approval's relay would: acceptance dead-letters it, as itself.
    const eventId = randomUUID()
    const h = natsHeaders()
    for (const [k, v] of Object.entries({ 'ce-specversion': '1.0', 'ce-id': eventId, 'ce-source': 'approval' }))
      h.set(k, v)
    h.set('ce-type', StepDecidedV1.subject)
    const poison = JSON.stringify({ applicationId: 'not-a-uuid', outcome: 'maybe' })
    await jetstream(world.nc).publish(StepDecidedV1.subject, poison, { headers: h, msgID: eventId })
    const admin = world.token('admin')
    type Listed = { id: string; eventId: string; replayedAt: string | null }
    const listed = async (): Promise<Listed[]> =>
      (await world.api('GET', '/api/v1/admin/dead-letters?service=acceptance', admin)).body.deadLetters
    const deadLetterOf = async () => (await listed()).find((d) => d.eventId === eventId)
    await until(async () => (await deadLetterOf()) !== undefined)
    const id = (await deadLetterOf())?.id ?? ''
    expect(await stored('dead-letter.acceptance-approved-steps')).toBeGreaterThan(0)

    const before = await stored(StepDecidedV1.subject)
    const refused = await world.api('POST', `/api/v1/admin/dead-letters/acceptance/${id}/replay`, admin)
    expect([refused.status, refused.body.code]).toEqual([403, 'DEAD_LETTER_REPLAY_REFUSED'])
    expect(refused.body.detail).toContain('pnpm onewindow dead-letters replay')
    expect(await stored(StepDecidedV1.subject)).toBe(before)

    const out: string[] = []
    const err: string[] = []
    const code = await runCli(['dead-letters', 'replay', id], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: {
        DATABASE_URL: world.schemas.acceptance.url,
        NATS_URL: broker.server.url,
        NATS_USER: 'admin',
        NATS_PASSWORD: broker.passwordOf('admin'),
      },
      cwd: process.cwd(),
    })
    expect({ code, err }).toEqual({ code: 0, err: [] })
    expect(out[0]).toMatch(new RegExp(`^replayed dead letter ${id} of \\S+ as stream sequence \\d+$`))
    expect(await stored(StepDecidedV1.subject)).toBe(before + 1)
    expect((await listed()).find((d) => d.id === id)?.replayedAt).toEqual(expect.any(String))
  })
})

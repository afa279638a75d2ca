import { randomUUID } from 'node:crypto'
import { jetstreamManager } from '@nats-io/jetstream'
import { ProjectRegisteredV1, StepDecidedV1 } from '@onewindow/contracts'
import { connectNats } from '@onewindow/messaging'
import {
  asCaller,
  createTestSchema,
  createTestTopology,
  logLines,
  natsServerBinary,
  postgresBinDir,
  publishAsRelay,
  startPrivateNatsServer,
  startPrivatePostgres,
  testCallerKeys,
  testClock,
} from '@onewindow/testing'
import { describe, expect, inject, it } from 'vitest'
import { createIntake, type IntakeApp, migrationsDir } from '../src/index.js'
import { actors, lowRiskFactory, START } from './world.js'

/**
 * Intake, built with its real `createIntake`, on a dependency the test may stop: a private PostgreSQL cluster or a
 * private nats-server (never the machine's, which other test files share). Log lines are captured to show that each
 * failure is logged with its cause; publication times are the outbox rows' `sent_at` (same machine clock); timings are printed, never asserted (2 busy cores): bounded polls assert that
 * recovery came at all.
 */
async function intakeOn(databaseUrl: string, natsUrl: string) {
  const cleanups: Array<() => unknown> = []
  const nc = await connectNats(natsUrl, 'intake-outage-test')
  cleanups.push(() => nc.close())
  const topo = await createTestTopology(nc)
  cleanups.push(topo.delete)
  const db = await createTestSchema(databaseUrl, migrationsDir, 'intake')
  cleanups.push(() => db.drop().catch(() => {}))
  const { stream, lines } = logLines()
  const clock = testClock(START)
  const app: IntakeApp = await createIntake({
    databaseUrl: db.url,
    nc,
    topology: topo.topology,
    clock,
    callers: await testCallerKeys(),
    logger: { stream },
    logLevel: 'info',
    scanEveryMs: 200,
  })
  await app.ready()
  cleanups.push(() => app.close())

  const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await app.inject({
      method,
      url,
      headers: await asCaller('intake', actors.clerk, clock),
      ...(payload ? { payload } : {}),
    })
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers }
  }
  const register = async () => {
    const res = await call('POST', '/projects', lowRiskFactory())
    return { ...res, at: Date.now(), projectId: res.body?.project?.projectId as string | undefined }
  }
  /** Polls `/readyz` every 25 ms until 200; resolves to when it first answered 200. */
  const readyAt = async (timeoutMs = 30_000) => {
    const until = Date.now() + timeoutMs
    while (Date.now() < until) {
      if ((await app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200) return Date.now()
      await new Promise((r) => setTimeout(r, 25))
    }
    throw new Error(`not ready within ${timeoutMs} ms`)
  }
  /**
   * When the relay published a project's ProjectRegisteredV1: the row's `sent_at`, written once JetStream acked it
   * (a plain subscription would miss what is published while the watcher itself reconnects).
   */
  const publishedAt = async (projectId: string) => {
    const { rows } = await db.pool.query<{ sent_at: Date | null }>(
      'SELECT sent_at FROM outbox_message WHERE aggregate_id = $1 AND subject = $2',
      [projectId, ProjectRegisteredV1.subject],
    )
    return rows[0]?.sent_at?.getTime()
  }
  const arrivedAt = async (projectId: string, timeoutMs = 30_000) => {
    await expect
      .poll(() => publishedAt(projectId).catch(() => undefined), { timeout: timeoutMs, interval: 10 })
      .toBeDefined()
    return (await publishedAt(projectId)) ?? 0
  }
  const logged = (pattern: RegExp) => lines.filter((l) => pattern.test(String(l['msg'])))
  return {
    app,
    nc,
    db,
    topology: topo.topology,
    call,
    register,
    readyAt,
    arrivedAt,
    logged,
    lines,
    async [Symbol.asyncDispose]() {
      for (const c of cleanups.reverse()) await c()
    },
  }
}

const expectUnavailable = (res: { status: number; headers: Record<string, unknown>; body: unknown }) => {
  expect(res.status, JSON.stringify(res.body)).toBe(503)
  expect(String(res.headers['content-type'])).toMatch(/application\/problem\+json/)
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
  expect(res.body).toMatchObject({ status: 503, code: 'DEPENDENCY_UNAVAILABLE' })
}

describe.skipIf(!postgresBinDir())('intake while PostgreSQL is stopped', () => {
  it('answers 503 with retry-after, logs the relay failure once with its cause, is ready and publishes soon after the return', async () => {
    const pgServer = await startPrivatePostgres()
    if (!pgServer) return
    await using pgs = pgServer
    await using w = await intakeOn(pgs.url, inject('natsUrl'))
    const before = await w.register()
    expect(before.status, JSON.stringify(before.body)).toBe(201)
    await w.arrivedAt(before.projectId ?? '')

    await pgs.stop('fast')
    const down = Date.now()
    // An event arrives for intake's consumer while its database is down: kept and retried, not nak'd with backoff.
    const eventId = await publishAsRelay(w.nc, w.topology, StepDecidedV1, {
      applicationId: randomUUID(),
      projectId: before.projectId ?? randomUUID(),
      step: 'six-item-bundle',
      outcome: 'approved',
      decidedAt: '2026-03-05T02:00:00Z',
      decidedOn: '2026-03-05',
      tasks: [],
    })
    expectUnavailable(await w.register())
    expectUnavailable(await w.call('GET', `/projects/${before.projectId}`))
    expect((await w.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503)
    // The relay and the 容缺 scanner fail while it is down, and say so once, with the cause.
    await expect.poll(() => w.logged(/outbox relay failed/).length, { timeout: 20_000 }).toBeGreaterThan(0)
    await expect.poll(() => w.logged(/deficiency.*failed; retrying/).length, { timeout: 20_000 }).toBeGreaterThan(0)
    await new Promise((r) => setTimeout(r, 3000)) // a few seconds of outage: many retries, few lines

    await pgs.start()
    const back = Date.now()
    const ready = await w.readyAt()
    const after = await w.register()
    expect(after.status, JSON.stringify(after.body)).toBe(201)
    const arrived = await w.arrivedAt(after.projectId ?? '')

    // The consumer handled that event once the database answered, without spending deliveries on the outage.
    const handled = async () =>
      Number(
        (await w.db.pool.query('SELECT count(*) AS n FROM inbox_message WHERE event_id = $1::uuid', [eventId])).rows[0]
          .n,
      )
    await expect.poll(handled, { timeout: 30_000, interval: 10 }).toBe(1)
    const consumedAfter = Date.now() - back
    const info = await (await jetstreamManager(w.nc)).consumers.info(w.topology.stream, 'intake-step-decided')
    expect(info.num_redelivered).toBe(0)
    expect(w.logged(/handler cannot reach a dependency/).length).toBeGreaterThan(0)

    const relayFailures = w.logged(/outbox relay failed/)
    // The cause as the outage shows it, whichever the relay meets first: the server's shutdown message (57P01), the
    // socket it reset as it went, or the refused reconnect — never pg's bare "not queryable".
    expect(String(relayFailures[0]?.['msg'])).toMatch(/ECONNREFUSED|ECONNRESET|57P0\d|terminat|shutting down/i)
    expect(String(relayFailures[0]?.['msg'])).not.toMatch(/not queryable/)
    expect(w.logged(/outbox relay recovered/).length).toBeGreaterThan(0)
    console.log(
      `[postgres outage] down ${back - down} ms; ready ${ready - back} ms after the return; ` +
        `event of a write committed after the return published in ${arrived - after.at} ms (` +
        `${arrived - back} ms after the return); an event delivered during the outage handled by ${consumedAfter} ms ` +
        `after the return (0 redeliveries); relay failure lines: ${relayFailures.length}, ` +
        `scanner failure lines: ${w.logged(/deficiency.*failed; retrying/).length}`,
    )
    // Every worker recovered: readiness came, and the same failure was not logged on every retry.
    expect(relayFailures.length).toBeLessThan(5)
    expect(new Set(relayFailures.map((l) => l['msg'])).size).toBe(relayFailures.length)
  }, 90_000)
})

describe.skipIf(!natsServerBinary())('intake while NATS is stopped', () => {
  it('keeps taking writes into the outbox, is not ready, logs the relay failure, and publishes them soon after the return', async () => {
    const natsServer = await startPrivateNatsServer()
    if (!natsServer) return
    await using nats = natsServer
    await using w = await intakeOn(inject('databaseUrl'), nats.url)
    const before = await w.register()
    expect(before.status, JSON.stringify(before.body)).toBe(201)
    await w.arrivedAt(before.projectId ?? '')

    await nats.stop('SIGKILL')
    const down = Date.now()
    await expect
      .poll(async () => (await w.app.inject({ method: 'GET', url: '/readyz' })).json().checks?.nats, {
        timeout: 20_000,
      })
      .toBe('failing')
    // Writes do not need the broker: they commit with their events in the outbox.
    const during = [await w.register(), await w.register()]
    for (const r of during) expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect((await w.call('GET', `/projects/${during[0]?.projectId}`)).status).toBe(200)
    await expect.poll(() => w.logged(/outbox relay failed/).length, { timeout: 30_000 }).toBeGreaterThan(0)
    await new Promise((r) => setTimeout(r, 3000)) // a few seconds of outage: many retries, few lines

    await nats.start()
    const back = Date.now()
    const ready = await w.readyAt()
    const arrived = await Promise.all(during.map((r) => w.arrivedAt(r.projectId ?? '')))
    const relayFailures = w.logged(/outbox relay failed/)
    console.log(
      `[nats outage] down ${back - down} ms; ready ${ready - back} ms after the return; events committed ` +
        `meanwhile published ${Math.max(...arrived) - back} ms after the return; relay failure lines: ` +
        `${relayFailures.length} (${String(relayFailures[0]?.['msg'])})`,
    )
    expect(w.logged(/outbox relay recovered/).length).toBeGreaterThan(0)
    expect(relayFailures.length).toBeLessThan(5)
  }, 90_000)
})

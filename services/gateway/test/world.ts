import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { jetstream } from '@nats-io/jetstream'
import type { Actor, EventBody, EventDefinition } from '@onewindow/contracts'
import { createOutbox, createRelay } from '@onewindow/messaging'
import { assertedCaller, createTestSchema, serviceWorld, testAssertionKey } from '@onewindow/testing'
import type { TimeSource } from '@onewindow/vocabulary'
import { v7 as uuidv7 } from 'uuid'
import { inject } from 'vitest'
import { createPrisma } from '../src/db/client.js'
import {
  createGateway,
  DEFAULT_BODY_LIMIT,
  type GatewayOptions,
  migrationsDir,
  mintToken,
  type TokenClaims,
} from '../src/index.js'

// Monday 2026-03-02, 09:00 in Shanghai: an ordinary working week.
export const START = '2026-03-02T01:00:00Z'
export const SECRET = 'gateway-test-secret-0123456789abcdef'

/** What a stand-in received: the actor is the JSON of the one its verified assertion names (none: anonymous). */
export type Recorded = { method: string; url: string; actor: string | undefined; body: unknown }

/**
 * A stand-in for an owning service (`name`) on a real socket: it verifies the gateway's assertion as that service would
 * (addressed to `name`, at `clock`; a refused one fails the test, as it would be a 401 there), records what the gateway
 * sent (path, asserted actor, body) and answers what the test tells it to. The real services are exercised together
 * in the e2e suite.
 */
export async function upstream(name: string, clock: TimeSource) {
  const calls: Recorded[] = []
  let hangUp = false
  let answer: { status: number; type: string; body: string; headers?: Record<string, string> } = {
    status: 200,
    type: 'application/json',
    body: '{"ok":true}',
  }
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = ''
      req.on('data', (c) => {
        text += c
      })
      req.on('end', () => resolve(text))
    })
  const server: Server = createServer(async (req, res) => {
    const text = await read(req)
    let actor: Actor | undefined
    try {
      ;({ actor } = await assertedCaller(req.headers['x-onewindow-assertion'], name, clock))
    } catch (err) {
      res.writeHead(401, { 'content-type': 'application/problem+json' })
      res.end(JSON.stringify({ status: 401, code: 'STAND_IN_ASSERTION_REFUSED', detail: String(err) }))
      return
    }
    calls.push({
      method: req.method ?? '',
      url: req.url ?? '',
      actor: actor ? JSON.stringify(actor) : undefined,
      body: text ? JSON.parse(text) : undefined,
    })
    if (hangUp) {
      req.socket.destroy()
      return
    }
    res.writeHead(answer.status, { ...answer.headers, 'content-type': answer.type })
    res.end(answer.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    answer(status: number, body: unknown, type = 'application/json', headers: Record<string, string> = {}) {
      hangUp = false
      answer = { status, type, body: JSON.stringify(body), headers }
    },
    /** From now on, drop every connection without an answer, as a crashed service would. */
    hangUp() {
      hangUp = true
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/**
 * The gateway on a fresh schema and test stream, with a test clock, plus a producer schema whose outbox and relay
 * publish contract events exactly as intake and approval do in production.
 */
export async function gatewayWorld(extra: Partial<GatewayOptions> = {}) {
  // The stand-ins verify at the world's clock, which exists only once the world does.
  let worldClock: TimeSource | undefined
  const clock: TimeSource = { now: () => (worldClock ?? { now: () => new Date(START) }).now() }
  const intake = await upstream('intake', clock)
  const approval = await upstream('approval', clock)
  const acceptance = await upstream('acceptance', clock)
  const utility = await upstream('utility', clock)
  const registration = await upstream('registration', clock)
  const world = await serviceWorld({
    name: 'gateway',
    migrationsDir,
    reader: true,
    start: START,
    create: ({ readerDatabaseUrl, ...wiring }) => {
      // Asked for above (`reader: true`): the routes query as the reader role, under row-level security.
      if (!readerDatabaseUrl) throw new Error('gatewayWorld: the world made no reader role')
      return createGateway({
        ...wiring,
        readerDatabaseUrl,
        intakeUrl: intake.url,
        approvalUrl: approval.url,
        acceptanceUrl: acceptance.url,
        utilityUrl: utility.url,
        registrationUrl: registration.url,
        auth: { secret: SECRET },
        // These tests send many requests from one address; the limits have their own test (edges.int.test.ts).
        edges: { rateLimits: 'off', corsOrigins: [], bodyLimit: DEFAULT_BODY_LIMIT },
        assertionKey: testAssertionKey,
        ...extra,
      })
    },
  })
  worldClock = world.clock
  for (const stub of [intake, approval, acceptance, utility, registration]) world.defer(stub.close)
  const { nc, topology } = world
  const producerDb = await createTestSchema(inject('databaseUrl'), migrationsDir, 'producer')
  world.defer(producerDb.drop)
  const producer = createPrisma(producerDb.pool, producerDb.schema)
  world.defer(() => producer.$disconnect())
  const outboxes = new Map(
    // hotline: the 12345 tickets (issue 17).
    ['intake', 'approval', 'acceptance', 'utility', 'registration', 'hotline'].map((source) => [
      source,
      createOutbox({ source, now: () => clock.now() }),
    ]),
  )
  const relay = createRelay({ pool: producerDb.pool, schema: producerDb.schema, js: jetstream(nc), topology })

  /** Publishes events through the producer's outbox and relay; returns their event ids. */
  const publish = async <E extends EventDefinition>(event: E, ...bodies: Array<EventBody<E>>) => {
    // permit.<service>.…: each event goes out through its own service's outbox, as in production.
    const source = outboxes.get(event.subject.split('.')[1] ?? '')
    if (!source) throw new Error(`no producer for ${event.subject}`)
    await producer.$transaction((tx) =>
      source.add(
        tx,
        bodies.map((body) => ({ event, body, aggregateId: uuidv7() })),
      ),
    )
    await relay.flush()
  }

  const token = (claims: Partial<TokenClaims> & Pick<TokenClaims, 'role'>) =>
    mintToken(SECRET, { sub: `${claims.role}-1`, ...claims })

  const api = async (method: 'GET' | 'POST', url: string, bearer?: string, payload?: unknown) => {
    const res = await world.app.inject({
      method,
      url,
      headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
      ...(payload === undefined ? {} : { payload: payload as object }),
    })
    // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely
    const body: any = res.body ? JSON.parse(res.body) : undefined
    return { status: res.statusCode, body, headers: res.headers }
  }

  // Merged into the world itself, not copied out of it: `app` stays the world's own getter.
  return Object.assign(world, { intake, approval, acceptance, utility, registration, publish, token, api })
}
export type GatewayWorld = Awaited<ReturnType<typeof gatewayWorld>>

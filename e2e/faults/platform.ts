// The platform the fault suite breaks: a PostgreSQL and a nats-server of its own (free ports, temporary directories),
// and each service in a Node process of its own (`e2e/bench/service-process.ts`, as the benchmark runs them), approval
// and the gateway `replicas` times each on the same schema. Each service's replicas sit behind one address, a
// round-robin TCP balancer here, as a Kubernetes Service puts them: a replica that refuses connections (killed) is
// skipped, and a restarted one joins on whatever port it got, so the gateway and the load keep one address each.

import type { ChildProcess } from 'node:child_process'
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net'
import { jetstreamManager } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'
import { migrationsDir as acceptanceMigrations } from '@onewindow/acceptance'
import { migrationsDir as approvalMigrations } from '@onewindow/approval'
import { migrationsDir as gatewayMigrations } from '@onewindow/gateway'
import { migrationsDir as intakeMigrations } from '@onewindow/intake'
import { connectNats } from '@onewindow/messaging'
import { migrationsDir as registrationMigrations } from '@onewindow/registration'
import {
  createTestSchema,
  createTestTopology,
  type PrivateNatsServer,
  type PrivatePostgres,
  startPrivateNatsServer,
  startPrivatePostgres,
  type TestSchema,
  type TestTopology,
  testAssertionKey,
} from '@onewindow/testing'
import { migrationsDir as utilityMigrations } from '@onewindow/utility'
import type { ServiceProcessSpec } from '../bench/service-process.js'
import { forkServiceProcess } from '../bench/systems.js'
import { SERVICES, type ServiceName } from '../src/world.js'

export const migrationsOf: Record<ServiceName, string> = {
  intake: intakeMigrations,
  approval: approvalMigrations,
  acceptance: acceptanceMigrations,
  utility: utilityMigrations,
  registration: registrationMigrations,
  gateway: gatewayMigrations,
}

/** The steps the load asks: one synthetic parallel step of this many departments (e2e/src/synthetic-catalogue.ts). */
export const DEPARTMENTS = 2

/**
 * The region whose own catalogue the load's certificate flows use (Foshan: `industrial-land-with-scheme`, whose joint
 * acceptance issues the property certificate); every other region resolves to the synthetic catalogue.
 */
export const CERTIFICATE_REGION = '440600'

/**
 * The niceness a service process starts at, ahead of the load, until it listens. A replica restarted under the load
 * shared the two cores with the load and seven busy services and took 11–17 s to listen (its start is ~4 s of CPU);
 * a restarted pod has CPU of its own. What a fault checks is unchanged: the load runs on, the restart is not timed.
 */
const START_PRIORITY = -10

/** One replica: its process (absent while it is down) and the port it listens on (0 before its first start). */
export type Replica = { name: ServiceName; index: number; port: number; child?: ChildProcess }

type Front = { url: string; refresh(): Promise<void>; close(): Promise<void> }

/**
 * Round-robin TCP balancer over the replicas' ports; a refused connection tries the next replica. With no replica up
 * it stops listening (`refresh`), so a caller's connection is refused, as a Service without endpoints refuses it —
 * the gateway tells a refused call (503, retry) from a dropped one (502, outcome unknown).
 */
function balancer(ports: () => number[]): Promise<Front> {
  let next = 0
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.pause()
    const candidates = ports()
    const attempt = (tries: number) => {
      if (tries >= candidates.length) {
        client.destroy()
        return
      }
      const port = candidates[next++ % candidates.length] as number
      const upstream = tcpConnect(port, '127.0.0.1')
      upstream.once('error', () => attempt(tries + 1))
      upstream.once('connect', () => {
        upstream.removeAllListeners('error')
        sockets.add(upstream)
        upstream.on('close', () => sockets.delete(upstream))
        upstream.on('error', () => client.destroy())
        client.on('error', () => upstream.destroy())
        client.pipe(upstream).pipe(client)
        client.resume()
      })
    }
    attempt(0)
  })
  let listening = true
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address()
      const port = typeof a === 'object' && a ? a.port : 0
      resolve({
        url: `http://127.0.0.1:${port}`,
        async refresh() {
          const up = ports().length > 0
          if (!up && listening) {
            listening = false
            // Every replica is gone, and so is every connection it had: `close` waits for the open ones, and a
            // keep-alive connection a caller never ends (or one half-closed by a killed replica) held it for good.
            for (const s of sockets) s.destroy()
            await new Promise<void>((r) => server.close(() => r()))
          } else if (up && !listening) {
            listening = true
            await new Promise<void>((r, reject) => {
              server.once('error', reject)
              server.listen(port, '127.0.0.1', () => {
                server.off('error', reject)
                r()
              })
            })
          }
        },
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy()
            if (listening) server.close(() => r())
            else r()
          }),
      })
    }),
  )
}

/**
 * A TCP link between one process and the nats-server that can hold back what the process sends while still handing
 * it what the server sends: a consumer then receives, handles and commits, and its acks never arrive — a process
 * killed between commit and ack, made on purpose rather than by luck.
 */
export type HeldLink = { url: string; hold(): void; release(): void; close(): Promise<void> }

function natsLink(target: URL): Promise<HeldLink> {
  let held = false
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    const upstream = tcpConnect(Number(target.port), target.hostname)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
    }
    client.on('data', (chunk) => {
      if (!held) upstream.write(chunk)
    })
    upstream.on('data', (chunk) => client.write(chunk))
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address()
      const port = typeof a === 'object' && a ? a.port : 0
      resolve({
        url: `nats://127.0.0.1:${port}`,
        hold: () => {
          held = true
        },
        release: () => {
          held = false
        },
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy()
            server.close(() => r())
          }),
      })
    }),
  )
}

export type Platform = Awaited<ReturnType<typeof startPlatform>>

export async function startPlatform(opts: { replicas: number }) {
  const pgServer = (await startPrivatePostgres()) as PrivatePostgres
  if (!pgServer) throw new Error('faults: no PostgreSQL server binaries (initdb) installed')
  const natsServer = (await startPrivateNatsServer()) as PrivateNatsServer
  if (!natsServer) {
    await pgServer[Symbol.asyncDispose]()
    throw new Error('faults: no nats-server installed')
  }
  const databaseUrl = pgServer.url
  const nc: NatsConnection = await connectNats(natsServer.url, 'faults')
  const topo: TestTopology = await createTestTopology(nc)
  const schemas = new Map<ServiceName, TestSchema>()
  for (const name of SERVICES) {
    schemas.set(
      name,
      await createTestSchema(databaseUrl, migrationsOf[name], name, name === 'gateway' ? { reader: true } : {}),
    )
  }
  const schema = (name: ServiceName) => schemas.get(name) as TestSchema
  const start = new Date().toISOString()
  let advancedMs = 0

  const counts: Record<ServiceName, number> = {
    intake: 1,
    approval: opts.replicas,
    acceptance: 1,
    utility: 1,
    registration: 1,
    gateway: opts.replicas,
  }
  // Each replica listens on a port the system picks when it starts (a port picked ahead and handed over was taken
  // meanwhile on this busy machine); its service's front keeps one address for the whole run.
  const replicas: Replica[] = []
  for (const name of SERVICES) for (let i = 0; i < counts[name]; i++) replicas.push({ name, index: i, port: 0 })
  const replicasOf = (name: ServiceName) => replicas.filter((r) => r.name === name)
  // Approval's replicas reach NATS through links the suite can hold (commit before ack).
  const links = new Map<Replica, HeldLink>()
  for (const r of replicasOf('approval')) links.set(r, await natsLink(new URL(natsServer.url)))
  const live = (name: ServiceName) => () =>
    replicasOf(name)
      .filter((r) => r.child && r.port > 0)
      .map((r) => r.port)
  const fronts = new Map<ServiceName, Front>()
  for (const name of SERVICES) fronts.set(name, await balancer(live(name)))
  const urlOf = (name: ServiceName) => fronts.get(name)?.url ?? ''

  const spec = (r: Replica, over: Partial<ServiceProcessSpec> = {}): ServiceProcessSpec => ({
    name: r.name,
    databaseUrl: schema(r.name).url,
    natsUrl: links.get(r)?.url ?? natsServer.url,
    topology: topo.topology,
    // A restarted process starts its clock where the others' stand.
    start: new Date(new Date(start).getTime() + advancedMs).toISOString(),
    departments: [DEPARTMENTS],
    ownRegions: [CERTIFICATE_REGION],
    scanEveryMs: 200,
    assertionKey: testAssertionKey,
    ...(r.name === 'gateway'
      ? {
          readerDatabaseUrl: schema('gateway').readerUrl as string,
          upstreams: {
            intake: urlOf('intake'),
            approval: urlOf('approval'),
            acceptance: urlOf('acceptance'),
            utility: urlOf('utility'),
            registration: urlOf('registration'),
          },
        }
      : {}),
    ...over,
  })

  /** Forks one service process (as the bench does) and resolves with its port once it listens. */
  const fork1 = async (s: ServiceProcessSpec): Promise<{ child: ChildProcess; port: number }> => {
    const { child, url } = await forkServiceProcess(s, {
      label: 'faults',
      stdout: 'ignore',
      startPriority: START_PRIORITY,
    })
    return { child, port: Number(new URL(url).port) }
  }

  /** Starts a replica that is down; a service that cannot start yet (its dependency down) is tried again. */
  const startReplica = async (r: Replica, deadlineMs = 60_000) => {
    const until = Date.now() + deadlineMs
    for (;;) {
      try {
        const started = await fork1(spec(r))
        r.port = started.port
        r.child = started.child
        await fronts.get(r.name)?.refresh()
        return
      } catch (err) {
        if (Date.now() > until) throw err
        await new Promise((res) => setTimeout(res, 500))
      }
    }
  }
  /** SIGKILL: no drain, no flush — what it held in memory is gone. */
  const killReplica = async (r: Replica) => {
    const c = r.child
    if (!c) return
    r.child = undefined
    if (c.exitCode === null && c.signalCode === null)
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve())
        c.kill('SIGKILL')
      })
    await fronts.get(r.name)?.refresh()
  }

  /** Everything the platform started, stopped: on close, and when it fails to start (nothing left running). */
  const teardown = async () => {
    for (const r of [...replicas].reverse()) await killReplica(r)
    for (const f of fronts.values()) await f.close()
    for (const l of links.values()) await l.close()
    await topo.delete().catch(() => {})
    await nc.close().catch(() => {})
    await Promise.all([...schemas.values()].map((s) => s.pool.end().catch(() => {})))
    await natsServer[Symbol.asyncDispose]()
    await pgServer[Symbol.asyncDispose]()
  }
  try {
    // The gateway last: it is given the others' fronts (their addresses), and its readiness leans on them.
    await Promise.all(replicas.filter((r) => r.name !== 'gateway').map((r) => startReplica(r)))
    await Promise.all(replicasOf('gateway').map((r) => startReplica(r)))
  } catch (err) {
    await teardown()
    throw err
  }

  const jsm = await jetstreamManager(nc)
  return {
    nc,
    jsm,
    topology: topo.topology,
    databaseUrl,
    pg: pgServer,
    nats: natsServer,
    schema,
    replicas,
    replicasOf,
    gatewayUrl: urlOf('gateway'),
    startReplica,
    killReplica,
    linkOf: (r: Replica) => links.get(r),
    /** Replicas whose process ended without the suite killing it (a crash): each must be none. */
    died: () => replicas.filter((r) => r.child && (r.child.exitCode !== null || r.child.signalCode !== null)),
    /** Every running process's test clock moves on by `ms`, and restarted ones start there. */
    advanceClocks(ms: number) {
      advancedMs += ms
      for (const r of replicas) r.child?.send({ advance: ms })
    },
    /** A gateway on a fresh schema that reads the stream from sequence 1: the read model rebuilt. */
    async rebuildGateway() {
      const fresh = await createTestSchema(databaseUrl, migrationsOf.gateway, 'gateway_rebuild', { reader: true })
      const r: Replica = { name: 'gateway', index: 99, port: 0 }
      const started = await fork1(spec(r, { databaseUrl: fresh.url, readerDatabaseUrl: fresh.readerUrl as string }))
      r.child = started.child
      return {
        schema: fresh,
        async close() {
          await killReplica(r)
          await fresh.drop()
        },
      }
    },
    close: teardown,
  }
}

export const SERVICE_NAMES = SERVICES

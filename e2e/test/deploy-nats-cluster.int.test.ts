// infra/nats/cluster.conf run for real: three nats-servers on this machine, each under the committed file with only
// what a container gives it changed (ports on 127.0.0.1 instead of the compose network's names, a temporary store),
// the committed authorization.conf included as it is. `pnpm onewindow nats setup` with STREAM_REPLICAS=3 makes the
// stream on all three; the node leading the stream is killed, publishing goes on, and the node restarted on its store
// catches up — the runbook's "lose and replace a NATS node" (docs/operations.md).
import { type ChildProcess, spawn } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { runCli } from '@onewindow/cli/cli'
import { connectNats } from '@onewindow/messaging'
import { natsServerBinary } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { read, repo } from './deploy-checks.js'

const dir = mkdtempSync(join(tmpdir(), 'onewindow-nats-cluster-'))
const users = [...read('infra/nats/authorization.conf').matchAll(/\$(NATS_\w+_PASSWORD)/g)].map((m) => m[1] as string)
const passwords = Object.fromEntries(users.map((u, i) => [u, `p${i}${Math.random().toString(36).slice(2)}`]))
const adminPassword = passwords['NATS_ADMIN_PASSWORD'] as string

/** A port that was free a moment ago. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

type Node = { name: string; client: number; route: number; conf: string; child?: ChildProcess }
const nodes: Node[] = []

function startNode(node: Node) {
  const bin = natsServerBinary()
  if (!bin) throw new Error('no nats-server binary: install nats-server (apt-get install nats-server)')
  node.child = spawn(bin, ['-c', node.conf], {
    stdio: 'ignore',
    env: { ...process.env, ...passwords, NATS_SERVER_NAME: node.name },
  })
}

async function stopNode(node: Node, signal: NodeJS.Signals) {
  const c = node.child
  if (!c || c.exitCode !== null || c.signalCode !== null) return
  await new Promise<void>((resolve) => {
    c.once('exit', () => resolve())
    c.kill(signal)
  })
}

const seeds = () => nodes.map((n) => `nats://127.0.0.1:${n.client}`).join(',')

beforeAll(async () => {
  copyFileSync(join(repo, 'infra/nats/authorization.conf'), join(dir, 'authorization.conf'))
  for (const i of [1, 2, 3])
    nodes.push({
      name: `nats-${i}`,
      client: await freePort(),
      route: await freePort(),
      conf: join(dir, `nats-${i}.conf`),
    })
  const committed = read('infra/nats/cluster.conf')
  for (const node of nodes) {
    let conf = committed
      .replace(/^port: 4222$/m, `host: 127.0.0.1\nport: ${node.client}`)
      .replace(/^http_port: .*$/m, '')
      .replace('store_dir: /data', `store_dir: "${join(dir, node.name)}"`)
      .replace('listen: 0.0.0.0:6222', `listen: 127.0.0.1:${node.route}`)
    for (const other of nodes)
      conf = conf.replace(`nats-route://${other.name}:6222`, `nats-route://127.0.0.1:${other.route}`)
    expect(conf).not.toMatch(/nats-route:\/\/nats-|store_dir: \/data|:6222/)
    writeFileSync(node.conf, conf)
    startNode(node)
  }
})

afterAll(async () => {
  for (const node of nodes) await stopNode(node, 'SIGTERM')
  rmSync(dir, { recursive: true, force: true })
})

describe('three NATS nodes under infra/nats/cluster.conf', () => {
  it('hold the stream on STREAM_REPLICAS=3 and go on when the leading node is lost; a replacement catches up', async () => {
    const admin = { NATS_URL: seeds(), NATS_USER: 'admin', NATS_PASSWORD: adminPassword }
    const setup = async () => {
      const err: string[] = []
      const code = await runCli(['nats', 'setup'], {
        out: () => {},
        err: (l) => err.push(l),
        env: { ...admin, STREAM_REPLICAS: '3' },
        cwd: process.cwd(),
      })
      return code === 0 ? 'made' : err.join(' ')
    }
    // The cluster elects its JetStream leader a few seconds after the nodes find each other.
    await expect.poll(setup, { timeout: 60_000, interval: 500 }).toBe('made')

    const nc = await connectNats(seeds(), 'admin', { user: 'admin', password: adminPassword })
    try {
      const jsm = await jetstreamManager(nc)
      const js = jetstream(nc)
      const info = await jsm.streams.info('PERMIT')
      expect(info.config.num_replicas).toBe(3)
      expect(info.cluster?.replicas?.map((r) => r.name).sort()).toEqual(
        nodes.map((n) => n.name).filter((n) => n !== info.cluster?.leader),
      )
      await js.publish('permit.intake.deploy-check.v1', 'before', { msgID: 'before' })

      const leader = nodes.find((n) => n.name === info.cluster?.leader) as Node
      await stopNode(leader, 'SIGKILL')
      // Two of three left: a new leader is elected and publishing goes on through the same connection.
      await expect
        .poll(
          () =>
            js
              .publish('permit.intake.deploy-check.v1', 'during', { msgID: 'during', timeout: 2_000 })
              .then((ack) => ack.seq)
              .catch(() => 0),
          { timeout: 60_000, interval: 500 },
        )
        .toBe(2)
      expect((await jsm.streams.info('PERMIT')).cluster?.leader).not.toBe(leader.name)

      startNode(leader)
      // The lost node back on its store: it rejoins and its copy catches up with what it missed.
      const caughtUp = async () => {
        const now = await jsm.streams.info('PERMIT')
        const replicas = now.cluster?.replicas ?? []
        return (
          now.state.messages === 2 &&
          replicas.length === 2 &&
          replicas.every((r) => r.current && !r.offline && (r.lag ?? 0) === 0)
        )
      }
      await expect.poll(caughtUp, { timeout: 60_000, interval: 500 }).toBe(true)
    } finally {
      await nc.close()
    }
  }, 240_000)
})

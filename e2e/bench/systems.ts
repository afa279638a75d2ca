import { connectNats } from '@onewindow/messaging'
import { owners } from '../src/flows.js'
import { parallelCatalogue, parallelStep, parallelType } from '../src/synthetic-catalogue.js'
import { startWorld, type World } from '../src/world.js'
import { startFloor } from './floor.js'
import { type VisibleTasks, watchVisibleTasks } from './visible.js'

export type BenchTarget = { databaseUrl: string; natsUrl: string; departments: readonly number[] }

/** One system under test: `apply` returns once the application is accepted, with the project to watch. */
export type System = {
  apply(): Promise<string>
  visible: VisibleTasks
  close(): Promise<void>
}

let serial = 0
async function registerProjects(world: World, departments: number, count: number): Promise<string[]> {
  const clerk = world.token('clerk')
  const ids: string[] = []
  for (let i = 0; i < count; i += 1) {
    serial += 1
    const res = await world.api('POST', '/api/v1/projects', clerk, {
      name: `bench ${departments}/${i}`,
      owner: owners.b,
      projectCode: `2026-441500-47-03-${String(process.pid % 10_000).padStart(4, '0')}${String(serial).padStart(5, '0')}`,
      projectType: parallelType(departments),
      region: '441500',
      siteAreaM2: 1000,
      floorAreaM2: 800,
      heightM: 10,
      investmentFen: 100_000_000,
      location: 'bench',
    })
    if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`)
    ids.push(res.body.project.projectId)
  }
  // An application could be opened at once (read-your-own-writes); this waits for the gateway's reader to apply every
  // registration so that its backlog is not part of any timed application.
  for (;;) {
    const r = await world.schemas.gateway.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM project WHERE id = ANY($1::uuid[])',
      [ids],
    )
    if (r.rows[0]?.n === ids.length) return ids
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Every service in this process (`startWorld`), with `projects` projects registered and projected. */
export async function onewindow(
  target: BenchTarget,
  departments: number,
  projects: number,
): Promise<System & { world: World }> {
  const { natsUrl, databaseUrl } = target
  const world = await startWorld({
    natsUrl,
    databaseUrl,
    start: new Date().toISOString(),
    catalogue: parallelCatalogue(target.departments),
    scanEveryMs: 1000,
    // One address and a handful of tokens drive thousands of requests a second: no rate limit.
    edges: { rateLimits: 'off' },
  })
  const queue = await registerProjects(world, departments, projects)
  const visible = await watchVisibleTasks(world.schemas.gateway.url)
  const clerk = world.token('clerk')
  return {
    world,
    visible,
    async apply() {
      const projectId = queue.shift()
      if (!projectId) throw new Error('bench: out of registered projects')
      const res = await world.api('POST', `/api/v1/projects/${projectId}/applications`, clerk, {
        step: parallelStep(departments),
        form: {},
        materials: [],
      })
      if (res.status !== 201) throw new Error(`apply: ${res.status} ${JSON.stringify(res.body)}`)
      return projectId
    },
    async close() {
      await visible.close()
      await world[Symbol.asyncDispose]()
    },
  }
}

export async function floor(target: BenchTarget, departments: number): Promise<System> {
  const nc = await connectNats(target.natsUrl, 'bench-floor')
  const f = await startFloor({ databaseUrl: target.databaseUrl, nc })
  const visible = await watchVisibleTasks(f.url)
  return {
    visible,
    apply: () => f.apply(departments),
    async close() {
      await visible.close()
      await f.close()
      await nc.close()
    },
  }
}

/** One application, from the clerk's request to every task committed in the read model. */
export async function once(system: System, departments: number): Promise<number> {
  const t0 = performance.now()
  const projectId = await system.apply()
  await system.visible.until(projectId, departments)
  return performance.now() - t0
}

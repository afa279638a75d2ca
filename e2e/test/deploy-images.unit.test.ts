// infra/docker/Dockerfile and docker-compose.yml, checked without a Docker engine: parsed (dockerfile-ast, yaml) and
// held against the services of the repository, their configuration schemas and docs/operations.md. Each check is
// also shown failing on a broken copy.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { DockerfileParser, type Instruction } from 'dockerfile-ast'
import type { TObject } from 'typebox'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import {
  configSchemas,
  documentedPorts,
  environmentProblems,
  nodeOptionsProblems,
  read,
  repo,
  SECRET_SAMPLE,
  serviceNames,
} from './deploy-checks.js'

const DOCKERFILE = 'infra/docker/Dockerfile'

type ComposeService = {
  image?: string
  build?: { context?: string; dockerfile?: string; target?: string; args?: Record<string, string> }
  command?: string[] | string
  hostname?: string
  environment?: Record<string, string>
  ports?: string[]
  volumes?: string[]
  depends_on?: Record<string, { condition: string }> | string[]
}
type Compose = { services: Record<string, ComposeService> }

const loadCompose = (): Compose => parse(read('docker-compose.yml'), { merge: true }) as Compose

/** `${NAME:?message}`, `${NAME:-default}`, `${NAME}` as compose substitutes them, a required secret as a sample. */
function substituted(value: string): string {
  return value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_all, _name, kind: string | undefined, rest: string) =>
    kind === '-' ? rest : SECRET_SAMPLE,
  )
}

/** The NATS nodes: services running nats-server under the cluster's configuration file. */
const natsNodes = (compose: Compose) =>
  Object.entries(compose.services).filter(([, s]) => String(s.command ?? '').includes('cluster.conf'))

/** The routes of infra/nats/cluster.conf: the host of each `nats-route://host:port`. */
function clusterRoutes(conf: string): string[] {
  const block = /routes\s*:\s*\[([^\]]*)\]/.exec(conf)?.[1] ?? ''
  return [...block.matchAll(/nats-route:\/\/([\w.-]+):(\d+)/g)].map((m) => `${m[1]}:${m[2]}`)
}

function composeProblems(
  compose: Compose,
  services: string[],
  ports: Map<string, number>,
  schemas: Map<string, TObject>,
  clusterConf: string,
): string[] {
  const problems: string[] = []
  const nodes = natsNodes(compose)
  if (nodes.length !== 3) problems.push(`compose: ${nodes.length} NATS nodes under cluster.conf, not 3`)
  const routes = clusterRoutes(clusterConf)
  const names = new Set<string>()
  for (const [name, node] of nodes) {
    const host = node.hostname ?? name
    if (!routes.includes(`${host}:6222`)) problems.push(`compose: cluster.conf has no route to ${host}:6222`)
    const serverName = node.environment?.['NATS_SERVER_NAME']
    if (!serverName || names.has(serverName)) problems.push(`compose: ${name} has no server name of its own`)
    names.add(serverName ?? '')
    if (!node.volumes?.some((v) => v.endsWith(':/data'))) problems.push(`compose: ${name} keeps no JetStream store`)
  }
  if (routes.length !== nodes.length) problems.push(`compose: cluster.conf routes ${routes.length} nodes`)
  if (!/jetstream\s*\{[^}]*store_dir/.test(clusterConf)) problems.push('cluster.conf: JetStream is not on')

  for (const svc of services) {
    const s = compose.services[svc]
    const port = ports.get(svc)
    if (!s) {
      problems.push(`compose: no service ${svc}`)
      continue
    }
    if (port === undefined) problems.push(`docs/operations.md: no port for ${svc}`)
    if (s.build?.dockerfile !== DOCKERFILE || s.build?.args?.['SERVICE'] !== svc)
      problems.push(`compose: ${svc} is not built from ${DOCKERFILE} with SERVICE=${svc}`)
    const env = Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, substituted(String(v))]))
    if (String(port) !== s.build?.args?.['PORT'] || String(port) !== env['PORT'])
      problems.push(
        `compose: ${svc} is built for port ${s.build?.args?.['PORT']}, set to ${env['PORT']}; docs say ${port}`,
      )
    if (env['HOST'] !== '0.0.0.0') problems.push(`compose: ${svc} does not listen on HOST=0.0.0.0 in its container`)
    const published = s.ports ?? []
    if (svc === 'gateway' ? published.join() !== `${port}:${port}` : published.length > 0)
      problems.push(
        `compose: ${svc} publishes ${published.join() || 'nothing'}; only the gateway's ${port} is published`,
      )
    for (const [node] of nodes)
      if (!env['NATS_URL']?.split(',').includes(`nats://${compose.services[node]?.hostname ?? node}:4222`))
        problems.push(`compose: ${svc}'s NATS_URL does not name ${node}`)
    if (
      env['NATS_USER'] !== svc ||
      !String(s.environment?.['NATS_PASSWORD']).includes(`NATS_${svc.toUpperCase()}_PASSWORD`)
    )
      problems.push(`compose: ${svc} does not connect as its own NATS user (infra/nats/authorization.conf)`)
    const schema = schemas.get(svc)
    if (schema) problems.push(...environmentProblems(`compose: ${svc}`, schema, env))
    problems.push(...nodeOptionsProblems(`compose: ${svc}`, svc, env))
  }
  return problems
}

type Stage = { from: string; name?: string; instructions: Instruction[] }

function stagesOf(text: string): { initialArgs: Map<string, string>; stages: Stage[] } {
  const file = DockerfileParser.parse(text)
  const initialArgs = new Map(
    file.getInitialARGs().map((a) => [a.getProperty()?.getName() ?? '', a.getProperty()?.getValue() ?? '']),
  )
  const stages: Stage[] = []
  for (const ins of file.getInstructions()) {
    if (ins.getKeyword() === 'FROM') {
      const args = ins.getArguments().map((a) => a.getValue())
      const as = args.findIndex((a) => a.toUpperCase() === 'AS')
      stages.push({ from: args[0] ?? '', ...(as > 0 ? { name: args[as + 1] } : {}), instructions: [] })
    } else stages.at(-1)?.instructions.push(ins)
  }
  return { initialArgs, stages }
}

function dockerfileProblems(text: string): string[] {
  const problems: string[] = []
  const { initialArgs, stages } = stagesOf(text)
  const image = (from: string) => from.replace(/^\$\{(\w+)\}$/, (_a, name: string) => initialArgs.get(name) ?? from)
  const names = new Set<string>()
  for (const stage of stages) {
    const base = image(stage.from)
    if (base !== 'node:24-slim' && !names.has(base)) problems.push(`Dockerfile: a stage from ${base}, not node:24-slim`)
    if (stage.name) names.add(stage.name)
  }
  if (stages.length < 2) problems.push('Dockerfile: not multi-stage')
  const runs = stages.flatMap((s) => s.instructions.filter((i) => i.getKeyword() === 'RUN'))
  const run = (pattern: RegExp) => runs.some((r) => pattern.test(r.getRawArgumentsContent() ?? ''))
  if (!run(/pnpm --filter "@onewindow\/\$SERVICE" deploy --prod/))
    problems.push('Dockerfile: no `pnpm deploy --prod` of the one service SERVICE names')
  if (!run(/pnpm -s generate|db:generate/)) problems.push('Dockerfile: the Prisma clients are not generated')
  if (!run(/build:console[\s\S]*\/app\/console/)) problems.push("Dockerfile: the console is not in the gateway's image")

  const last = stages.at(-1)?.instructions ?? []
  const of = (keyword: string) => last.filter((i) => i.getKeyword() === keyword)
  const user = of('USER').at(-1)?.getArgumentsContent() ?? 'root'
  if (/^(root|0)(:|$)/.test(user)) problems.push(`Dockerfile: the image runs as ${user}`)
  const health = of('HEALTHCHECK').at(-1)?.getRawArgumentsContent() ?? ''
  if (!health.includes('/healthz') || !health.includes('process.env.PORT'))
    problems.push("Dockerfile: no HEALTHCHECK on /healthz at the service's PORT")
  if (!of('ENV').some((e) => /\bPORT=\$\{PORT\}/.test(e.getRawArgumentsContent() ?? '')))
    problems.push('Dockerfile: PORT is not set in the image from the PORT build argument')
  if (!of('ARG').some((a) => a.getArgumentsContent() === 'SERVICE')) problems.push('Dockerfile: no SERVICE argument')
  if (of('CMD').length === 0) problems.push('Dockerfile: the image has no CMD')
  return problems
}

let services: string[]
let schemas: Map<string, TObject>
let ports: Map<string, number>
const clusterConf = read('infra/nats/cluster.conf')
beforeAll(async () => {
  services = serviceNames()
  schemas = await configSchemas(services)
  ports = documentedPorts()
})

describe('docker-compose.yml', () => {
  it('runs every service of the repository beside three routed NATS nodes, each as its config and the docs say', () => {
    expect(services.length).toBeGreaterThanOrEqual(6)
    expect(composeProblems(loadCompose(), services, ports, schemas, clusterConf)).toEqual([])
  })

  it('fails a service missing from it, or one added to the repository without an entry', () => {
    const compose = loadCompose()
    delete compose.services['approval']
    expect(composeProblems(compose, services, ports, schemas, clusterConf)).toContain('compose: no service approval')
    const added = [...services, 'archive']
    expect(composeProblems(loadCompose(), added, ports, schemas, clusterConf)).toContain('compose: no service archive')
  })

  it('fails a required variable unset, a misspelt one, a bad value, a published internal port', () => {
    const compose = loadCompose()
    const intake = compose.services['intake'] as ComposeService & { environment: Record<string, string> }
    delete intake.environment['DATABASE_URL']
    intake.environment['SCAN_EVERY_MSS'] = '1000'
    intake.ports = ['3001:3001']
    const gateway = compose.services['gateway'] as ComposeService & { environment: Record<string, string> }
    gateway.environment['STREAM_REPLICAS'] = 'three'
    delete gateway.environment['ONEWINDOW_ASSERTION_PRIVATE_KEY']
    const problems = composeProblems(compose, services, ports, schemas, clusterConf)
    expect(problems).toEqual(
      expect.arrayContaining([
        "compose: intake: DATABASE_URL is required by the service's config but not set",
        "compose: intake: SCAN_EVERY_MSS is set but the service's config does not read it",
        "compose: intake publishes 3001:3001; only the gateway's 3001 is published",
        'compose: gateway: one of ONEWINDOW_ASSERTION_PRIVATE_KEY, ONEWINDOW_ASSERTION_PRIVATE_KEY_FILE must be set',
        'compose: gateway: config: STREAM_REPLICAS must be an integer from 1 to 5 (got "three")',
      ]),
    )
  })

  it("fails a service without the Node flags its start script gives it (approval's and the gateway's young generation)", () => {
    const compose = loadCompose()
    const approval = compose.services['approval'] as ComposeService & { environment: Record<string, string> }
    delete approval.environment['NODE_OPTIONS']
    const gateway = compose.services['gateway'] as ComposeService & { environment: Record<string, string> }
    gateway.environment['NODE_OPTIONS'] = '--max-old-space-size=512'
    expect(composeProblems(compose, services, ports, schemas, clusterConf)).toEqual([
      "compose: approval: NODE_OPTIONS lacks --max-semi-space-size=16, which the service's start script gives it",
      "compose: gateway: NODE_OPTIONS lacks --max-semi-space-size=16, which the service's start script gives it",
    ])
  })

  it('fails a port other than the one docs/operations.md gives', () => {
    const compose = loadCompose()
    const approval = compose.services['approval'] as ComposeService & { environment: Record<string, string> }
    approval.environment['PORT'] = '3999'
    expect(composeProblems(compose, services, ports, schemas, clusterConf)).toContain(
      `compose: approval is built for port ${ports.get('approval')}, set to 3999; docs say ${ports.get('approval')}`,
    )
  })

  it('fails a NATS cluster of two nodes, or a node the routes do not reach', () => {
    const compose = loadCompose()
    delete compose.services['nats-3']
    expect(composeProblems(compose, services, ports, schemas, clusterConf)).toContain(
      'compose: 2 NATS nodes under cluster.conf, not 3',
    )
    const unrouted = clusterConf.replace('nats-route://nats-2:6222', '')
    expect(composeProblems(loadCompose(), services, ports, schemas, unrouted)).toContain(
      'compose: cluster.conf has no route to nats-2:6222',
    )
  })

  it("has a cluster configuration nats-server itself accepts, with the same users' file", () => {
    const users = [...read('infra/nats/authorization.conf').matchAll(/\$(NATS_\w+_PASSWORD)/g)].map((m) => m[1] ?? '')
    const compose = loadCompose()
    for (const [name, node] of natsNodes(compose))
      expect(Object.keys(node.environment ?? {}).sort(), name).toEqual([...users, 'NATS_SERVER_NAME'].sort())
    const env = {
      PATH: process.env['PATH'],
      NATS_SERVER_NAME: 'nats-1',
      ...Object.fromEntries(users.map((u) => [u, 'p1'])),
    }
    const test = spawnSync('nats-server', ['-c', join(repo, 'infra/nats/cluster.conf'), '-t'], {
      env,
      encoding: 'utf8',
    })
    expect(test.error, 'nats-server must be installed (apt-get install nats-server)').toBeUndefined()
    expect(`${test.stdout}${test.stderr}`).toContain('is valid')
    const broken = spawnSync('nats-server', ['-c', join(repo, 'infra/nats/cluster.conf'), '-t'], {
      env: { ...env, NATS_SERVER_NAME: undefined },
      encoding: 'utf8',
    })
    expect(broken.status).not.toBe(0)
  })
})

describe('infra/docker/Dockerfile', () => {
  const dockerfile = read(DOCKERFILE)

  it('builds one service per image: multi-stage on node:24-slim, pnpm deploy, Prisma, non-root, a health check', () => {
    expect(dockerfileProblems(dockerfile)).toEqual([])
  })

  it('is the image every compose service is built from, the console where the gateway reads it', () => {
    const compose = loadCompose()
    expect(compose.services['gateway']?.environment?.['CONSOLE_DIR']).toBe('/app/console')
    for (const svc of services) expect(compose.services[svc]?.build?.dockerfile, svc).toBe(DOCKERFILE)
  })

  it('fails an image running as root, without its health check, or on another base', () => {
    const root = dockerfile.replace(/^USER .*$/m, '')
    expect(dockerfileProblems(root)).toContain('Dockerfile: the image runs as root')
    const unchecked = dockerfile.replace(/^HEALTHCHECK[\s\S]*?\n(?=\S)/m, '')
    expect(dockerfileProblems(unchecked)).toContain("Dockerfile: no HEALTHCHECK on /healthz at the service's PORT")
    const other = dockerfile.replace('ARG NODE_IMAGE=node:24-slim', 'ARG NODE_IMAGE=node:20')
    expect(dockerfileProblems(other)).toContain('Dockerfile: a stage from node:20, not node:24-slim')
  })

  it('says the health checks it makes are the ones docs/operations.md describes', () => {
    const health = read('docs/operations.md')
    expect(health).toContain('`/healthz` answers 200 while the process runs')
    expect(health).toContain('`/readyz` answers 200 only when')
  })
})

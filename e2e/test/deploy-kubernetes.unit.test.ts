// infra/k8s/, checked without a cluster or kustomize: every manifest validated against the Kubernetes schemas
// (kubernetes-models; CloudNativePG's Cluster, which it has no model for, by its few fields we use), the production
// overlay rendered here by a small strategic merge of its patches (each patch's target must exist in the base), and
// each Deployment's environment held against its service's configuration schema.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Deployment } from 'kubernetes-models/apps/v1'
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2'
import { Job } from 'kubernetes-models/batch/v1'
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1'
import { ConfigMap, Service } from 'kubernetes-models/v1'
import type { TObject } from 'typebox'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import {
  configSchemas,
  documentedPorts,
  environmentProblems,
  isSecretName,
  nodeOptionsProblems,
  read,
  repo,
  SECRET_SAMPLE,
  serviceNames,
} from './deploy-checks.js'

// biome-ignore lint/suspicious/noExplicitAny: manifests are free-form YAML, checked field by field below
type Manifest = any
type Kustomization = {
  resources?: string[]
  namespace?: string
  labels?: { pairs: Record<string, string> }[]
  images?: { name: string; newName?: string; newTag?: string }[]
  replicas?: { name: string; count: number }[]
  patches?: { path: string }[]
}

const BASE = 'infra/k8s/base'
const PRODUCTION = 'infra/k8s/overlays/production'
type ReadText = (path: string) => string
const readText: ReadText = (path) => readFileSync(join(repo, path), 'utf8')
const documents = (path: string, text: ReadText = readText) =>
  parseAllDocuments(text(path))
    .map((d) => d.toJS() as Manifest | null)
    .filter((d): d is Manifest => d !== null)
const key = (m: Manifest): string => `${m.kind}/${m.metadata.name}`

/** A strategic merge as far as these files need it: maps merged, lists of named items merged by name, others replaced. */
function merge(base: unknown, patch: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(patch)) {
    const named = (xs: unknown[]) => xs.every((x) => typeof x === 'object' && x !== null && 'name' in x)
    if (!named(base) || !named(patch)) return patch
    const out = [...base] as { name: string }[]
    for (const item of patch as { name: string }[]) {
      const at = out.findIndex((x) => x.name === item.name)
      if (at < 0) out.push(item)
      else out[at] = merge(out[at], item) as { name: string }
    }
    return out
  }
  if (typeof base === 'object' && base !== null && typeof patch === 'object' && patch !== null) {
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) }
    for (const [k, v] of Object.entries(patch)) out[k] = k in out ? merge(out[k], v) : v
    return out
  }
  return patch
}

/** What `kustomize build <dir>` gives for the features these kustomizations use, with the problems met on the way. */
function render(dir: string, problems: string[] = [], text: ReadText = readText): Manifest[] {
  const k = parse(text(join(dir, 'kustomization.yaml'))) as Kustomization
  let out: Manifest[] = []
  for (const resource of k.resources ?? []) {
    const path = join(dir, resource)
    out.push(...(resource.endsWith('.yaml') ? documents(path, text) : render(path, problems, text)))
  }
  for (const { path } of k.patches ?? []) {
    for (const patch of documents(join(dir, path), text)) {
      const at = out.findIndex((m) => key(m) === key(patch))
      if (at < 0) problems.push(`${dir}: patch ${path} targets ${key(patch)}, which the base does not have`)
      else out[at] = merge(out[at], patch) as Manifest
    }
  }
  for (const { name, count } of k.replicas ?? []) {
    const d = out.find((m) => m.kind === 'Deployment' && m.metadata.name === name)
    if (!d) problems.push(`${dir}: replicas for ${name}, which has no Deployment`)
    else d.spec.replicas = count
  }
  const images = new Map((k.images ?? []).map((i) => [i.name, i]))
  const used = new Set<string>()
  out = out.map((m) => {
    const copy = structuredClone(m)
    for (const { pairs } of k.labels ?? []) copy.metadata.labels = { ...copy.metadata.labels, ...pairs }
    if (k.namespace) copy.metadata.namespace = k.namespace
    for (const c of copy.spec?.template?.spec?.containers ?? []) {
      const [name, tag] = String(c.image).split(':')
      const image = images.get(name ?? '')
      if (image) {
        used.add(image.name)
        c.image = `${image.newName ?? name}:${image.newTag ?? tag}`
      }
    }
    return copy
  })
  for (const name of images.keys()) if (!used.has(name)) problems.push(`${dir}: image ${name} is used by nothing`)
  return out
}

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/Job': Job,
}

/** Each manifest against its schema; CloudNativePG's Cluster by the fields the operator requires of ours. */
function schemaProblems(manifests: Manifest[]): string[] {
  const problems: string[] = []
  for (const m of manifests) {
    const model = MODELS[`${m.apiVersion}/${m.kind}`]
    if (model) {
      try {
        new model(m as never).validate()
      } catch (err) {
        problems.push(`${key(m)}: ${(err as Error).message}`)
      }
    } else if (m.apiVersion === 'postgresql.cnpg.io/v1' && m.kind === 'Cluster') {
      if (!Number.isInteger(m.spec?.instances) || m.spec.instances < 1)
        problems.push(`${key(m)}: spec.instances must be a positive integer`)
      if (typeof m.spec?.storage?.size !== 'string') problems.push(`${key(m)}: spec.storage.size must be set`)
    } else problems.push(`${key(m)}: no schema to validate ${m.apiVersion} ${m.kind} against`)
  }
  return problems
}

/** A container's environment as the service sees it: the ConfigMaps it reads, its values, secrets as a sample. */
function environmentOf(
  container: Manifest,
  manifests: Manifest[],
): { env: Record<string, string>; helpers: Set<string>; literalSecrets: string[] } {
  const env: Record<string, string> = {}
  for (const from of container.envFrom ?? []) {
    const cm = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === from.configMapRef?.name)
    Object.assign(env, cm?.data ?? {})
  }
  const literalSecrets: string[] = []
  const helpers = new Set<string>()
  for (const e of container.env ?? []) {
    if (e.valueFrom?.secretKeyRef) env[e.name] = SECRET_SAMPLE
    else {
      const value = String(e.value ?? '')
      if (isSecretName(e.name)) literalSecrets.push(e.name)
      // Kubernetes' own expansion of $(NAME) from the variables defined before.
      env[e.name] = value.replace(/\$\((\w+)\)/g, (_a, name: string) => {
        helpers.add(name)
        return env[name] ?? `$(${name})`
      })
    }
  }
  return { env, helpers, literalSecrets }
}

function serviceProblems(
  manifests: Manifest[],
  services: string[],
  ports: Map<string, number>,
  schemas: Map<string, TObject>,
): string[] {
  const problems: string[] = []
  const find = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name)
  for (const svc of services) {
    const d = find('Deployment', svc)
    if (!d) {
      problems.push(`k8s: no Deployment ${svc}`)
      continue
    }
    const labels = d.spec.template.metadata.labels as Record<string, string>
    const selects = (selector: Record<string, string> | undefined) =>
      selector !== undefined && Object.entries(selector).every(([k, v]) => labels[k] === v)
    if (!selects(find('Service', svc)?.spec?.selector)) problems.push(`k8s: no Service ${svc} selecting its pods`)
    if (!selects(find('PodDisruptionBudget', svc)?.spec?.selector?.matchLabels))
      problems.push(`k8s: no PodDisruptionBudget ${svc} over its pods`)
    const pod = d.spec.template.spec
    const c = (pod.containers as Manifest[]).find((x) => x.name === svc)
    if (!c) {
      problems.push(`k8s: Deployment ${svc} has no container ${svc}`)
      continue
    }
    const port = ports.get(svc)
    const http = (c.ports ?? []).find((p: { name: string }) => p.name === 'http')
    if (http?.containerPort !== port) problems.push(`k8s: ${svc} exposes ${http?.containerPort}; docs say ${port}`)
    const probe = (p: Manifest | undefined) => `${p?.httpGet?.path} on ${p?.httpGet?.port}`
    if (probe(c.readinessProbe) !== '/readyz on http') problems.push(`k8s: ${svc}'s readiness is not /readyz`)
    if (probe(c.livenessProbe) !== '/healthz on http') problems.push(`k8s: ${svc}'s liveness is not /healthz`)
    if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory)
      problems.push(`k8s: ${svc} has no cpu and memory requests and memory limit`)
    if (pod.securityContext?.runAsNonRoot !== true || c.securityContext?.allowPrivilegeEscalation !== false)
      problems.push(`k8s: ${svc} may run as root or escalate`)
    const { env, helpers, literalSecrets } = environmentOf(c, manifests)
    for (const name of literalSecrets) problems.push(`k8s: ${svc} has ${name} as a value, not a secretKeyRef`)
    if (env['PORT'] !== String(port)) problems.push(`k8s: ${svc} has PORT=${env['PORT']}; docs say ${port}`)
    const schema = schemas.get(svc)
    if (schema) problems.push(...environmentProblems(`k8s: ${svc}`, schema, env, helpers))
    problems.push(...nodeOptionsProblems(`k8s: ${svc}`, svc, env))
  }
  for (const svc of ['approval', 'gateway']) {
    const hpa = find('HorizontalPodAutoscaler', svc)
    const target = hpa?.spec?.scaleTargetRef
    if (target?.kind !== 'Deployment' || !find('Deployment', target.name))
      problems.push(`k8s: no HorizontalPodAutoscaler scaling the Deployment ${svc}`)
  }
  for (const m of manifests) if (m.kind === 'Secret') problems.push(`k8s: ${key(m)} holds secrets in the repository`)
  return problems
}

const streamReplicas = (manifests: Manifest[]) =>
  manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'onewindow-config')?.data?.STREAM_REPLICAS

let services: string[]
let schemas: Map<string, TObject>
let ports: Map<string, number>
beforeAll(async () => {
  services = serviceNames()
  schemas = await configSchemas(services)
  ports = documentedPorts()
})

describe('infra/k8s', () => {
  it('base: every manifest valid, every service a Deployment, Service and PDB whose environment its config accepts', () => {
    const problems: string[] = []
    const base = render(BASE, problems)
    expect(problems).toEqual([])
    expect(schemaProblems(base)).toEqual([])
    expect(serviceProblems(base, services, ports, schemas)).toEqual([])
    expect(streamReplicas(base)).toBe('1')
  })

  it('production: the overlay renders onto the base (every patch has its target), valid, the stream on 3 replicas', () => {
    const problems: string[] = []
    const production = render(PRODUCTION, problems)
    expect(problems).toEqual([])
    expect(schemaProblems(production)).toEqual([])
    expect(serviceProblems(production, services, ports, schemas)).toEqual([])
    expect(streamReplicas(production)).toBe('3')
    for (const m of production) {
      expect(m.metadata.namespace, key(m)).toBe('onewindow')
      for (const c of m.spec?.template?.spec?.containers ?? [])
        expect(c.image, key(m)).toMatch(/^registry\..*:1\.0\.0$/)
    }
    const cluster = production.find((m) => m.kind === 'Cluster')
    expect(cluster?.spec.instances).toBe(3)
    expect(production.find((m) => key(m) === 'Deployment/gateway')?.spec.template.spec.containers[0].env).toEqual(
      expect.arrayContaining([{ name: 'PUBLIC_BASE_URL', value: 'https://onewindow.example.gov.cn' }]),
    )
  })

  it('NATS from the official chart: three JetStream nodes, at least as many as the stream has replicas', () => {
    const values = parse(read('infra/k8s/nats/values.yaml'))
    expect(values.config.cluster).toMatchObject({ enabled: true, replicas: 3 })
    expect(values.config.jetstream).toMatchObject({ enabled: true, fileStore: { enabled: true } })
    expect(Number(streamReplicas(render(PRODUCTION)))).toBeLessThanOrEqual(values.config.cluster.replicas)
    // Every password infra/nats/authorization.conf reads reaches the servers by reference to a Secret.
    const users = [...read('infra/nats/authorization.conf').matchAll(/\$(NATS_\w+_PASSWORD)/g)].map((m) => m[1])
    expect(Object.keys(values.container.env).sort()).toEqual([...users].sort())
    for (const name of users)
      expect(values.container.env[name as string].valueFrom.secretKeyRef.name).toBe('onewindow-nats')
  })

  it('fails a service without its manifests, a literal secret, a bad field, a patch with no target', () => {
    const base = render(BASE)
    const withoutApproval = base.filter((m) => key(m) !== 'Deployment/approval')
    expect(serviceProblems(withoutApproval, services, ports, schemas)).toEqual(
      expect.arrayContaining([
        'k8s: no Deployment approval',
        'k8s: no HorizontalPodAutoscaler scaling the Deployment approval',
      ]),
    )
    expect(serviceProblems(base, [...services, 'archive'], ports, schemas)).toContain('k8s: no Deployment archive')

    const leaky = structuredClone(base)
    const intake = leaky.find((m) => key(m) === 'Deployment/intake') as Manifest
    const env = intake.spec.template.spec.containers[0].env as { name: string; value?: string; valueFrom?: unknown }[]
    const password = env.find((e) => e.name === 'NATS_PASSWORD') as {
      name: string
      value?: string
      valueFrom?: unknown
    }
    delete password.valueFrom
    password.value = 'hunter2hunter2'
    env.push({ name: 'SCAN_EVERY_MS', value: 'often' })
    const problems = serviceProblems(leaky, services, ports, schemas)
    expect(problems).toContain('k8s: intake has NATS_PASSWORD as a value, not a secretKeyRef')
    expect(problems).toContain('k8s: intake: config: SCAN_EVERY_MS must be integer (got "often")')

    // Approval without the young-generation cap its start script gives it (docs/operations.md).
    const approvalEnv = (leaky.find((m) => key(m) === 'Deployment/approval') as Manifest).spec.template.spec
      .containers[0].env as { name: string }[]
    approvalEnv.splice(
      approvalEnv.findIndex((e) => e.name === 'NODE_OPTIONS'),
      1,
    )
    expect(serviceProblems(leaky, services, ports, schemas)).toContain(
      "k8s: approval: NODE_OPTIONS lacks --max-semi-space-size=16, which the service's start script gives it",
    )

    intake.spec.replicas = 'two'
    expect(schemaProblems(leaky)).toContain('Deployment/intake: data/spec/replicas must be integer')

    // The overlay's gateway patch misnamed: the renderer names the patch whose target the base lacks.
    const misnamed: ReadText = (path) =>
      path === join(PRODUCTION, 'gateway.yaml')
        ? readText(path).replace('name: gateway\n', 'name: gateway-typo\n')
        : readText(path)
    const renderProblems: string[] = []
    render(PRODUCTION, renderProblems, misnamed)
    expect(renderProblems).toEqual([
      `${PRODUCTION}: patch gateway.yaml targets Deployment/gateway-typo, which the base does not have`,
    ])
  })
})

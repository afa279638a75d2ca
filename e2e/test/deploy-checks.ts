// What the deployment files (infra/docker/Dockerfile, docker-compose.yml, infra/k8s/) must agree on with the code and
// docs/operations.md, as functions returning the problems found, so that each test can show a broken copy failing.
// Nothing here hard-codes the services: they are the directories of services/ with a package.json.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AssertionSignerConfig, CallerConfig, parseConfig } from '@onewindow/service-kit'
import type { TObject } from 'typebox'
import { startNodeOptions } from '../src/start-flags.js'

export const repo = fileURLToPath(new URL('../../', import.meta.url))
export const read = (path: string) => readFileSync(join(repo, path), 'utf8')

/** Every service of the repository: each directory of services/ holding a package.json. */
export function serviceNames(): string[] {
  return readdirSync(join(repo, 'services'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && readdirSync(join(repo, 'services', d.name)).includes('package.json'))
    .map((d) => d.name)
    .sort()
}

/** The service's configuration schema: the TypeBox object its `src/config.ts` exports (the one with DATABASE_URL). */
export async function configSchemaOf(service: string): Promise<TObject> {
  const module: Record<string, unknown> = await import(join(repo, 'services', service, 'src', 'config.ts'))
  const schemas = Object.values(module).filter(
    (v): v is TObject =>
      typeof v === 'object' && v !== null && 'properties' in v && 'DATABASE_URL' in (v as TObject).properties,
  )
  if (schemas.length !== 1)
    throw new Error(`services/${service}/src/config.ts exports ${schemas.length} config schemas`)
  return schemas[0] as TObject
}

export async function configSchemas(services: string[]): Promise<Map<string, TObject>> {
  return new Map(await Promise.all(services.map(async (s) => [s, await configSchemaOf(s)] as const)))
}

/** Each service's port in docs/operations.md's "Per service" table (`| gateway | 3000 (`PORT_BASE`) | …`). */
export function documentedPorts(): Map<string, number> {
  const doc = read('docs/operations.md')
  const table = doc.slice(doc.indexOf('| service | port |'))
  const ports = new Map<string, number>()
  for (const line of table.split('\n').slice(2)) {
    const cells = line.split('|').map((c) => c.trim())
    if (cells.length < 3 || !line.startsWith('|')) break
    const port = /^(\d+)/.exec(cells[2] ?? '')
    if (cells[1] && port) ports.set(cells[1], Number(port[1]))
  }
  return ports
}

/** Variables a schema requires: not optional and without a default. */
export const requiredVariables = (schema: TObject) =>
  (schema.required ?? []).filter((k) => (schema.properties[k] as { default?: unknown }).default === undefined)

/** Pairs of which one must be set (service-kit's key options: inline or `_FILE`), when the schema has them. */
function oneOfGroups(schema: TObject): string[][] {
  return [CallerConfig, AssertionSignerConfig]
    .map((group) => Object.keys(group.properties))
    .filter((keys) => keys.every((k) => k in schema.properties))
}

/** Variables Node itself reads, not the service's config. */
const RUNTIME_VARIABLES = new Set(['NODE_OPTIONS'])

/** What a secret stands for when a value is only referenced: long enough for every minimum (JWT_SECRET's 16). */
export const SECRET_SAMPLE = 'sample-secret-value-0123456789'

/**
 * Problems of one service's environment against its configuration schema: a required variable missing, neither of a
 * pair set, a variable the service does not read (a misspelling; `helpers` are allowed: values other variables are
 * built from), and what `parseConfig` — the service's own start — says of the values.
 */
export function environmentProblems(
  where: string,
  schema: TObject,
  env: Record<string, string>,
  helpers: Set<string> = new Set(),
): string[] {
  const problems: string[] = []
  for (const name of requiredVariables(schema))
    if (env[name] === undefined) problems.push(`${where}: ${name} is required by the service's config but not set`)
  for (const group of oneOfGroups(schema))
    if (!group.some((name) => env[name] !== undefined))
      problems.push(`${where}: one of ${group.join(', ')} must be set`)
  for (const name of Object.keys(env))
    if (!(name in schema.properties) && !helpers.has(name) && !RUNTIME_VARIABLES.has(name))
      problems.push(`${where}: ${name} is set but the service's config does not read it`)
  const parsed = parseConfig(schema, env)
  if (!parsed.ok) problems.push(`${where}: ${parsed.message}`)
  return problems
}

/**
 * The image runs `node` itself, not the service's `start` script: every Node flag that script gives the service
 * (`startNodeOptions`: approval's and the gateway's capped young generation) must be in the deployment's NODE_OPTIONS.
 */
export function nodeOptionsProblems(where: string, service: string, env: Record<string, string>): string[] {
  const given = (env['NODE_OPTIONS'] ?? '').split(/\s+/)
  return startNodeOptions(service)
    .filter((flag) => !given.includes(flag))
    .map((flag) => `${where}: NODE_OPTIONS lacks ${flag}, which the service's start script gives it`)
}

/** Whether a variable's name says it holds a secret (service-kit hides the same names' values in its messages). */
export const isSecretName = (name: string) => /PASSWORD|SEED|SECRET|TOKEN|_KEY$|_KEYS$|PRIVATE/.test(name)

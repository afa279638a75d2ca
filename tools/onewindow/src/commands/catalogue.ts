import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import {
  bundledDocuments,
  type CatalogueDocument,
  CatalogueInvalidError,
  checkDocument,
  createCatalogue,
  type Flow,
  loadCatalogue,
  type Problem,
  parseCatalogueText,
  resolveCatalogue,
  validateCatalogue,
} from '@onewindow/catalogue'
import { adminGateway } from '../gateway.js'
import { type Command, type Io, UsageError } from '../usage-error.js'

const usage =
  'usage: onewindow catalogue validate [file.yaml] [--json] | onewindow catalogue show <type> [--region CODE] [--json] | onewindow catalogue upload <file.yaml> --token JWT [--gateway URL]'

/** `catalogue validate [file]` and `catalogue show <type>`. */
export const catalogue: Command = (args, io) => {
  const [sub, ...rest] = args
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      json: { type: 'boolean' },
      region: { type: 'string' },
      token: { type: 'string' },
      gateway: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  })
  if (sub === 'validate') return validate(positionals, values.json === true, io)
  if (sub === 'show') return show(positionals, values.region, values.json === true, io)
  if (sub === 'upload') return upload(positionals, values, io)
  throw new UsageError(`unknown catalogue command "${sub ?? ''}"; ${usage}`)
}

function validate(positionals: string[], json: boolean, io: Io): number {
  if (positionals.length > 1) throw new UsageError(`catalogue validate takes at most one file; ${usage}`)
  const [file] = positionals
  if (file) {
    // One document over the bundled parents: the same check the admin upload answers with (checkDocument).
    let value: unknown
    try {
      value = parseCatalogueText(readFileSync(resolve(io.cwd, file), 'utf8'), file)
    } catch (e) {
      if (e instanceof CatalogueInvalidError) return report([{ region: file, problems: [...e.problems] }], json, io)
      throw new UsageError(`<file> "${file}" cannot be read: ${(e as Error).message}`)
    }
    const { region, problems } = checkDocument(value, file)
    return report([{ region, problems }], json, io)
  }
  const documents = bundledDocuments()
  const results = documents.map(({ region: { code: region } }) => {
    try {
      const r = validateCatalogue(resolveCatalogue(documents, region))
      return { region, problems: [...r.errors, ...r.warnings] }
    } catch (e) {
      if (e instanceof CatalogueInvalidError) return { region, problems: [...e.problems] }
      throw e
    }
  })
  return report(results, json, io)
}

/**
 * `catalogue upload <file>`: the document, as JSON, to the gateway's admin route (an admin's token: `--token` or
 * ONEWINDOW_TOKEN). The gateway answers with the same check as `validate`, so a refusal is printed the same way.
 */
async function upload(
  positionals: string[],
  values: { token?: string | undefined; gateway?: string | undefined; json?: boolean | undefined },
  io: Io,
): Promise<number> {
  const [file] = positionals
  if (!file || positionals.length > 1) throw new UsageError(`catalogue upload takes one file; ${usage}`)
  const { base, token } = adminGateway(values, io.env)
  let document: unknown
  try {
    document = parseCatalogueText(readFileSync(resolve(io.cwd, file), 'utf8'), file)
  } catch (e) {
    if (e instanceof CatalogueInvalidError)
      return report([{ region: file, problems: [...e.problems] }], values.json === true, io)
    throw new UsageError(`<file> "${file}" cannot be read: ${(e as Error).message}`)
  }
  const res = await fetch(new URL('/api/v1/admin/catalogue/versions', base), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ document }),
  })
  const answer = (await res.json()) as {
    version?: { pin: string }
    problems?: Problem[]
    region?: string
    detail?: string
  }
  if (values.json === true) io.out(JSON.stringify(answer))
  if (res.ok) {
    if (values.json !== true) io.out(`stored ${answer.version?.pin ?? '?'} (not active until activated)`)
    return 0
  }
  if (answer.problems && values.json !== true)
    return report([{ region: answer.region ?? file, problems: answer.problems }], false, io)
  if (values.json !== true) io.err(`${res.status}: ${answer.detail ?? 'refused'}`)
  return 1
}

function report(results: Array<{ region: string; problems: Problem[] }>, json: boolean, io: Io): number {
  const failed = results.some((r) => r.problems.some((p) => p.severity === 'error'))
  if (json) {
    io.out(JSON.stringify({ ok: !failed, regions: results }))
    return failed ? 1 : 0
  }
  for (const { region, problems } of results) {
    const errors = problems.filter((p) => p.severity === 'error').length
    const warnings = problems.length - errors
    io.out(
      `${region}: ${errors === 0 ? 'valid' : `${errors} error(s)`}${warnings > 0 ? `, ${warnings} warning(s)` : ''}`,
    )
    for (const p of problems) io.out(`  ${p.severity} ${p.code} ${p.path}: ${p.message}`)
  }
  return failed ? 1 : 0
}

function show(positionals: string[], region: string | undefined, json: boolean, io: Io): number {
  const [code] = positionals
  if (!code || positionals.length > 1) throw new UsageError(`catalogue show takes one project type; ${usage}`)
  if (region !== undefined && !/^\d{6}$/.test(region)) {
    throw new UsageError(`--region "${region}" is not a six-digit administrative division code such as 440600.`)
  }
  const documents = bundledDocuments()
  const defining = documents.filter((d) => d.projectTypes?.some((t) => t.code === code && 'steps' in t))
  if (region === undefined && defining.length === 0) {
    throw new UsageError(`<type> "${code}" is not a project type in any bundled catalogue.`)
  }
  const chosen = region ?? (defining[0] as CatalogueDocument).region.code
  const cat = region === undefined ? createCatalogue(resolveCatalogue(documents, chosen)) : loadCatalogue(region)
  if (!cat.projectType(code)) {
    throw new UsageError(`<type> "${code}" is not a project type in the ${cat.region.code} catalogue.`)
  }
  const flow = cat.flow(code)
  const others = defining.map((d) => d.region.code).filter((r) => r !== cat.region.code)
  if (json) {
    io.out(JSON.stringify(flowJson(flow, cat.region.code, cat.pin, others)))
    return 0
  }
  for (const line of flowText(flow, `${cat.region.code} ${cat.region.name.zh}`, cat.pin)) io.out(line)
  if (others.length > 0) io.out(`(also defined for ${others.join(', ')}: use --region)`)
  return 0
}

const limitText = (l: { value: number; unit: string } | undefined) => (l ? `${l.value} ${l.unit}` : 'no limit')

function flowText(flow: Flow, region: string, pin: string): string[] {
  const t = flow.type
  const lines = [`${t.code}  ${t.name.zh} (${t.name.en})`, `region ${region}, catalogue ${pin}`]
  if (t.exempt) lines.push('exempt from administrative approval')
  if (flow.cap) {
    lines.push(
      `cap ${limitText(flow.cap.limit)} from ${flow.cap.startEvent} to ${flow.cap.stopEvent}  [${flow.cap.limit.source}]`,
    )
  }
  flow.steps.forEach((s, i) => {
    const mode = s.step.parallel ? 'parallel' : 'single'
    lines.push(
      `  ${i + 1}. ${s.step.code}  ${s.step.name.zh}  ${limitText(s.limit)} (${s.stage.name.zh}, ${mode})${s.limit ? `  [${s.limit.source}]` : ''}`,
    )
    for (const item of s.items) lines.push(`       - ${item.code}  ${item.name.zh}`)
  })
  const total = flow.stepTotal ? `${flow.stepTotal.value} ${flow.stepTotal.unit}` : 'not every step has a limit'
  const versus =
    flow.capMatchesSteps === undefined
      ? ''
      : flow.capMatchesSteps
        ? ' = cap'
        : ` ≠ cap ${limitText(flow.cap?.limit)} (both kept)`
  lines.push(`total of steps: ${total}${versus}`)
  return lines
}

function flowJson(flow: Flow, region: string, pin: string, alsoIn: string[]) {
  return {
    region,
    catalogue: pin,
    type: { code: flow.type.code, name: flow.type.name, exempt: flow.type.exempt },
    cap: flow.cap ?? null,
    steps: flow.steps.map((s) => ({
      code: s.step.code,
      name: s.step.name,
      stage: s.stage.code,
      parallel: s.step.parallel,
      limit: s.limit ?? null,
      items: s.items.map((i) => ({ code: i.code, name: i.name, department: i.department })),
    })),
    stepTotal: flow.stepTotal ?? null,
    capMatchesSteps: flow.capMatchesSteps ?? null,
    alsoDefinedIn: alsoIn,
  }
}

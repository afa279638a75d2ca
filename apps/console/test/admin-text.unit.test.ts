import { readdirSync, readFileSync } from 'node:fs'
import { bundledDocuments, type CatalogueDocument, checkDocument } from '@onewindow/catalogue'
import {
  AnswerDrawingReviewBody,
  CommitmentRectificationReviewBody,
  DepartmentPermitDecisionBody,
  OutageActionBody,
  RectificationReviewBody,
  RegistrationActionBody,
  registry,
  TaskActionBody,
  TaskCommitmentBody,
  TicketActionBody,
  UtilityActionBody,
} from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import {
  ACTION_NAMES,
  actionName,
  chainPosition,
  OBJECT_KINDS,
  objectInput,
  objectKey,
  objectParts,
  objectText,
} from '../src/pages/admin/audit-text.js'
import { WARNING_SHAPES, warningText } from '../src/pages/admin/catalogue-text.js'
import { CONSUMER_NAMES, consumerName, EVENT_NAMES, eventName } from '../src/pages/admin/dead-letter-text.js'
import { SERVICES } from '../src/pages/admin/services.js'

const chinese = /[\u4e00-\u9fff]/
const root = new URL('../../../', import.meta.url)
const servicesDir = new URL('services/', root)
const services = readdirSync(servicesDir)

/** Each service's own sources (not generated, not tests), as text. */
const sourcesOf = (service: string): Array<{ file: string; text: string }> => {
  const src = new URL(`${service}/src/`, servicesDir)
  return readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.startsWith('generated') && !f.includes('.test.'))
    .map((f) => ({ file: `services/${service}/src/${f}`, text: readFileSync(new URL(f, src), 'utf8') }))
}

/** The literal values of `prop` across a TypeBox union's members (or an object's own property). */
const literals = (schema: unknown, prop: string): string[] => {
  const s = schema as {
    anyOf?: unknown[]
    properties?: Record<string, { const?: string; anyOf?: Array<{ const?: string }> }>
  }
  const own = s.properties?.[prop]
  const here = own ? [own.const, ...(own.anyOf ?? []).map((a) => a.const)].filter((v) => typeof v === 'string') : []
  return [...(here as string[]), ...(s.anyOf ?? []).flatMap((member) => literals(member, prop))]
}

// The variants of each template action, from the request body whose member fills it (or, for intake's receipt
// decisions, the union its `receiptDecision` takes). A template not listed here fails the scan below.
const intakeSource = sourcesOf('intake')
  .map((s) => s.text)
  .join('\n')
const receiptDecisions = [
  ...(
    /async function receiptDecision\([^)]*?action: ((?:'[a-z-]+'(?: \| )?)+)/s.exec(intakeSource)?.[1] ?? ''
  ).matchAll(/'([a-z-]+)'/g),
].map((m) => m[1] as string)
// The hotline's acts on a part of a ticket (the 整改函, its answer, a referral) name their action at the call.
const ticketParts = [
  ...sourcesOf('hotline')
    .map((s) => s.text)
    .join('\n')
    .matchAll(/actOnTicketPart\(deps, ticketId, actor, '([a-z-]+)'/g),
].map((m) => m[1] as string)
const TEMPLATES: Record<string, string[]> = {
  'intake.application.${action}': receiptDecisions,
  'approval.task.${body.action}': literals(TaskActionBody, 'action'),
  'approval.commitment.${body.result}': literals(TaskCommitmentBody, 'result'),
  'approval.drawing-review.${body.outcome}': literals(AnswerDrawingReviewBody, 'outcome'),
  'approval.rectification.${body.result}': literals(RectificationReviewBody, 'result'),
  'acceptance.rectification.${body.result}': literals(CommitmentRectificationReviewBody, 'result'),
  'hotline.ticket.${body.action}': literals(TicketActionBody, 'action'),
  'hotline.ticket.${name}': ticketParts,
  'hotline.notice.outage-${body.action}': literals(OutageActionBody, 'action'),
  'registration.case.${body.action}': literals(RegistrationActionBody, 'action'),
  'utility.request.${body.action}': literals(UtilityActionBody, 'action'),
  'utility.permit.${body.outcome}': literals(DepartmentPermitDecisionBody, 'outcome'),
}

// Every action a service audits: a string of at least three parts naming the service itself (`intake.project.register`
// in services/intake), an audited command's `action`, the action a helper passes on (`onCase(…, 'acceptance.case.…')`)
// or a personal read's — the gateway's permission names (`acceptance.list`) are not its own.
const scanned = services.flatMap((service) =>
  sourcesOf(service).flatMap(({ text }) =>
    [...text.matchAll(new RegExp(`['\`](${service}(?:\\.[a-z0-9-]*(?:\\$\\{[^}]+\\})?){2,})['\`]`, 'g'))].map(
      (m) => m[1] as string,
    ),
  ),
)

describe('the audit log in Chinese', () => {
  it('finds the actions the services audit, templates among them', () => {
    expect(scanned).toContain('intake.project.register')
    expect(scanned).toContain('gateway.project.read')
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source's template literal, as the scan reads it
    expect(scanned).toContain('approval.task.${body.action}')
    expect(scanned).toContain('acceptance.case.schedule-inspection')
    // A dead letter's subject (two parts), not an action.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source's template literal, as the scan reads it
    expect(scanned).not.toContain('notification.${m.channel}')
    expect(receiptDecisions).toEqual(['accept', 'refuse', 'withdraw-receipt', 'receipt-notice'])
    for (const [template, variants] of Object.entries(TEMPLATES)) expect(variants.length, template).toBeGreaterThan(1)
  })

  it('names every action a service audits, each variant of a template action too', () => {
    const templates = scanned.filter((a) => a.includes('${'))
    expect(templates.filter((t) => !Object.hasOwn(TEMPLATES, t))).toEqual([])
    const actions = [
      ...new Set([
        ...scanned.filter((a) => !a.includes('${')),
        ...templates.flatMap((t) => (TEMPLATES[t] ?? []).map((v) => t.replace(/\$\{[^}]+\}/, v))),
      ]),
    ]
    expect(actions.length).toBeGreaterThan(90)
    expect(actions.filter((a) => !Object.hasOwn(ACTION_NAMES, a))).toEqual([])
    // Nothing named that no service audits any more.
    expect(Object.keys(ACTION_NAMES).filter((a) => !actions.includes(a))).toEqual([])
    for (const name of Object.values(ACTION_NAMES)) expect(name).toMatch(chinese)
    expect(new Set(Object.values(ACTION_NAMES)).size).toBe(Object.keys(ACTION_NAMES).length)
  })

  it('says an action, an object and a chain position in Chinese; an unknown code stays as it is', () => {
    expect(actionName('intake.project.register')).toBe('登记项目')
    expect(actionName('gateway.project.read')).toBe('查阅项目')
    expect(actionName('someone.new.action')).toBe('someone.new.action')
    expect(objectText('project:01a246ad-2ac0-75cd-9261-a987a597e0c6')).toBe('项目 …a597e0c6')
    expect(objectText('calendar:2026')).toBe('工作日历 2026')
    expect(objectText('owner:91441500MA4UJ8KX2T')).toBe('建设单位 91441500MA4UJ8KX2T')
    expect(objectText('spaceship:42')).toBe('spaceship:42')
    expect(objectText('no-colon')).toBe('no-colon')
    expect(chainPosition('intake', 1)).toBe('受理服务 #1')
    expect(chainPosition('hotline', 7)).toBe('12345热线服务 #7')
    expect(chainPosition('elsewhere', 3)).toBe('elsewhere #3')
  })

  it('composes the object filter from a kind and an id, as the services write the key; a whole key pasted still works', () => {
    const id = '01a246ad-2ac0-75cd-9261-a987a597e0c6'
    expect(objectKey('project', id)).toBe(`project:${id}`)
    expect(objectKey('task', `  ${id} `)).toBe(`task:${id}`)
    expect(objectKey('catalogue', '441500@2026.9')).toBe('catalogue:441500@2026.9')
    expect(objectKey(undefined, `project:${id}`)).toBe(`project:${id}`)
    expect(objectKey('project', '  ')).toBeUndefined()
    expect(objectParts(`acceptance-case:${id}`)).toEqual({ kind: 'acceptance-case', id })
    expect(objectParts('spaceship:42')).toEqual({ id: 'spaceship:42' })
    // A whole key typed or pasted as the id chooses its kind, whatever was chosen; anything else is the id.
    expect(objectInput(undefined, `project:${id}`)).toEqual({ kind: 'project', id })
    expect(objectInput('task', `acceptance-case:${id}`)).toEqual({ kind: 'acceptance-case', id })
    expect(objectInput('task', id)).toEqual({ kind: 'task', id })
    expect(objectInput(undefined, 'spaceship:42')).toEqual({ id: 'spaceship:42' })
    // 消息接收方式's ids are keys of their own (owner:<credit code>): under it, one is its id.
    expect(objectInput('notification-preferences', 'owner:91441500MA4UJ8KX2T')).toEqual({
      kind: 'notification-preferences',
      id: 'owner:91441500MA4UJ8KX2T',
    })
    const typed = objectInput(undefined, 'notification-preferences:owner:91441500MA4UJ8KX2T')
    expect(objectKey(typed.kind, typed.id)).toBe('notification-preferences:owner:91441500MA4UJ8KX2T')
    // What the services write reads back through the two fields as itself.
    for (const kind of Object.keys(OBJECT_KINDS)) {
      const parts = objectInput(undefined, `${kind}:${id}`)
      expect(objectKey(parts.kind, parts.id)).toBe(`${kind}:${id}`)
    }
  })

  it('knows the kind of every object a service audits, and the chain of every service', () => {
    const kinds = new Set(
      services.flatMap((service) =>
        sourcesOf(service).flatMap(({ text }) => [...text.matchAll(/object: `([a-z-]+):/g)].map((m) => m[1] as string)),
      ),
    )
    expect(kinds.size).toBeGreaterThan(15)
    expect([...kinds].filter((k) => !Object.hasOwn(OBJECT_KINDS, k))).toEqual([])
    expect(services.filter((s) => !Object.hasOwn(SERVICES, s))).toEqual([])
  })
})

describe('the dead letters in Chinese', () => {
  it('names every event of the registry, and nothing else', () => {
    const subjects = registry.map((e) => e.subject as string)
    expect(subjects.filter((s) => !Object.hasOwn(EVENT_NAMES, s))).toEqual([])
    expect(Object.keys(EVENT_NAMES).filter((s) => !subjects.includes(s))).toEqual([])
    for (const name of Object.values(EVENT_NAMES)) expect(name).toMatch(chinese)
    expect(eventName('permit.approval.step.decided.v1')).toBe('审批环节已办结')
    expect(eventName('notification.sms')).toBe('消息未能送达（sms）')
    expect(eventName('permit.nowhere.thing.v9')).toBeUndefined()
  })

  it("names every consumer the services' sources declare", () => {
    const durables = new Set(
      services.flatMap((service) =>
        sourcesOf(service).flatMap(({ text }) => [
          ...[...text.matchAll(/durable: '([^']+)'/g)].map((m) => m[1] as string),
          // approval's whole-flow consumers take their durable as an argument; the notification service's delivery
          // writes its own dead letters.
          ...[...text.matchAll(/'(approval-flow-[a-z-]+)'/g)].map((m) => m[1] as string),
          ...[...text.matchAll(/consumer: '([^']+)'/g)].map((m) => m[1] as string),
        ]),
      ),
    )
    expect(durables.size).toBeGreaterThan(50)
    expect([...durables].filter((d) => !Object.hasOwn(CONSUMER_NAMES, d))).toEqual([])
    for (const name of Object.values(CONSUMER_NAMES)) expect(name).toMatch(chinese)
    expect(consumerName('acceptance-approved-steps')).toBe('联合验收接收审批环节结果')
    expect(consumerName('acceptance-something-new')).toBe('联合验收的处理程序')
    expect(consumerName('elsewhere-thing')).toBeUndefined()
  })
})

describe('the catalogue warnings in Chinese', () => {
  const shanwei = () => structuredClone(bundledDocuments().find((d) => d.region.code === '441500')) as CatalogueDocument
  const warningsOf = (doc: CatalogueDocument) =>
    checkDocument(doc, 'document').problems.filter((p) => p.severity === 'warning')

  it('has a shape for every warning validate.ts emits', () => {
    const source = readFileSync(new URL('packages/catalogue/src/validate.ts', root), 'utf8')
    const calls = [...source.matchAll(/\bwarn\(\s*'([A-Z_]+)'/g)].map((m) => m[1])
    expect(calls.length).toBeGreaterThan(0)
    // A `warn(…)` added to validate.ts fails here until it has its shape (and a case below).
    expect(calls).toEqual(WARNING_SHAPES.map((s) => s.code))
  })

  it('says the step limits that add up to other than the cap, by the names the page has', () => {
    const found = warningsOf(shanwei()).find((w) => w.path === 'projectTypes[social-simple-low-risk].cap')
    if (!found) throw new Error('no cap warning')
    expect(found.message).toMatch(/add up to \d+ W but the cap is \d+ W/)
    const names = {
      projectType: (code: string) => (code === 'social-simple-low-risk' ? '社会投资简易低风险项目' : undefined),
    }
    expect(warningText(found, names)).toMatch(
      /^项目类型「社会投资简易低风险项目」：各环节时限合计 \d+ 个工作日，全流程总时限为 \d+ 个工作日；两者都保留，总时限和每个环节各自计时。$/,
    )
    expect(warningText(found)).toContain('项目类型「social-simple-low-risk」')
  })

  it('says the steps without a limit, by their names', () => {
    const found = warningsOf(shanwei()).find((w) => w.code === 'CATALOGUE_STEP_WITHOUT_LIMIT')
    if (!found) throw new Error('no step warning')
    const step = /^steps (\S+?)[, ]/.exec(found.message)?.[1] as string
    const said = warningText(found, { step: (_, code) => (code === step ? '外线行政许可' : undefined) })
    expect(said).toMatch(/环节「外线行政许可」.*没有设定办理时限，只按全流程总时限 \d+ 个(工作日|自然日)计时。$/)
  })

  it('says a cap in other units than its steps', () => {
    const doc = shanwei()
    type Capped = { code: string; cap?: { limit: { unit: 'W' | 'N' } }; steps: Array<{ limit?: unknown }> }
    const type = (doc.projectTypes as Capped[] | undefined)?.find((t) => t.cap && t.steps.every((s) => s.limit))
    if (!type?.cap) throw new Error('no capped type with limited steps')
    type.cap.limit.unit = type.cap.limit.unit === 'W' ? 'N' : 'W'
    const found = warningsOf(doc).find((w) => w.path === `projectTypes[${type.code}].cap`)
    if (!found) throw new Error('no unit warning')
    expect(warningText(found)).toBe(
      `项目类型「${type.code}」：全流程总时限与各环节时限的计量单位不同（工作日与自然日），无法相加核对。`,
    )
  })

  it('leaves a warning of a shape it does not know in English', () => {
    expect(warningText({ code: 'CATALOGUE_NEW', path: 'x', message: 'something new' })).toBeUndefined()
    expect(warningText({ code: 'CATALOGUE_CAP_MISMATCH', path: 'x', message: 'reworded' })).toBeUndefined()
  })
})

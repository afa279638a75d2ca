import {
  type AcceptanceCaseEventBody,
  type CertificateBody,
  type CertificateObjectionSnapshot,
  failsAcceptance,
  type IssueClockEventBody,
  type NotificationMessageKind,
  type PublicRevocation,
  type RegistrationCaseEventBody,
  UTILITY_PROVIDER_NAMES,
  type UtilityRequestEventBody,
} from '@onewindow/contracts'
import type { Static } from 'typebox'
import { type Party, REGISTRATION_OFFICE } from './messages.js'
import type { AcceptanceItemFacts, StageClock, TemplateFacts } from './templates.js'

// The later stages (docs/notifications.md#later-stages) as messages: 联合验收, 报装 and 不动产首次登记. Each function
// reads one event's snapshot with what the notifier knows of the project and the departments' names, and says what is
// told and to whom; none reads a clock or a table. The owner is told what ends a stage or asks something of it; a
// department what it must do (prepare its item, attend the inspection, issue its 结果物). A stage's legal clock gone
// yellow or overdue is told to the party whose clock it is and the owner, as approval's task clocks are.

/** The project as the notifier copied it from `project.registered`: its name and code for every message, its owner. */
export type KnownProject = { name: string; projectCode: string; ownerCreditCode: string }

/** A department's name by its code, as the event pinned it or the notifier learnt it; absent when neither knows it. */
export type NameOf = (code: string) => string | undefined

/** What one event tells, before the consumer adds its event id. */
export type Told = { kind: NotificationMessageKind; facts: TemplateFacts; recipients: Party[] }

type AcceptanceCase = AcceptanceCaseEventBody['case']
type AcceptanceItem = AcceptanceCase['items'][number]
type UtilityRequest = UtilityRequestEventBody['request']

const owner = (p: KnownProject): Party => ({ kind: 'owner', id: p.ownerCreditCode })
const department = (code: string): Party => ({ kind: 'department', id: code })
const distinct = (codes: readonly string[]) => [...new Set(codes)]

/** Every department code a case names with the name it pinned for it: the items' and the lead's. */
export function pinnedNames(c: AcceptanceCase): Map<string, string> {
  const names = new Map<string, string>()
  if (c.leadName) names.set(c.lead, c.leadName)
  for (const i of c.items) if (i.departmentName) names.set(i.department, i.departmentName)
  return names
}

/** The case's own names first (pinned when it opened), then what the consumer looked up. */
const withPinned = (c: AcceptanceCase, nameOf: NameOf): NameOf => {
  const pinned = pinnedNames(c)
  return (code) => pinned.get(code) ?? nameOf(code)
}

/** Every department code a case names (items, lead, the inspection's participants): what a consumer looks up. */
export const caseDepartments = (c: AcceptanceCase): string[] =>
  distinct([c.lead, ...c.items.map((i) => i.department), ...(c.inspection?.participants ?? [])])

const projectOf = (p: KnownProject) => ({ projectName: p.name, projectCode: p.projectCode })

const caseFacts = (c: AcceptanceCase, p: KnownProject, nameOf: NameOf): TemplateFacts => ({
  ...projectOf(p),
  ...(c.part ? { part: c.part } : {}),
  ...(nameOf(c.lead) ? { leadName: nameOf(c.lead) as string } : {}),
})

const itemFacts = (i: AcceptanceItem, nameOf: NameOf): AcceptanceItemFacts => ({
  ...(i.itemName ? { itemName: i.itemName } : {}),
  ...(nameOf(i.department) ? { departmentName: nameOf(i.department) as string } : {}),
  ...(i.defects && i.defects.length > 0 ? { defects: [...i.defects] } : {}),
})

/**
 * 一口受理 — the lead took the owner's one application: each department with an item in the case is told which of its
 * items the joint acceptance covers, so it prepares for the inspection. Not the lead (it took the application) nor the
 * owner (it applied).
 */
export function acceptanceStarted(c: AcceptanceCase, p: KnownProject, lookedUp: NameOf, on: string): Told {
  const nameOf = withPinned(c, lookedUp)
  return {
    kind: 'acceptance-started',
    facts: { ...caseFacts(c, p, nameOf), on, acceptanceItems: c.items.map((i) => itemFacts(i, nameOf)) },
    recipients: distinct(c.items.map((i) => i.department))
      .filter((d) => d !== c.lead)
      .map(department),
  }
}

/**
 * The on-site inspection set (or a re-inspection of the items sent back): the owner, who receives the departments on
 * its site, and each participating department, which attends — the day and the place. Not the lead, which set it.
 */
export function acceptanceInspectionScheduled(c: AcceptanceCase, p: KnownProject, lookedUp: NameOf): Told | undefined {
  const nameOf = withPinned(c, lookedUp)
  const inspection = c.inspection
  if (!inspection) return undefined
  return {
    kind: 'acceptance-inspection-scheduled',
    facts: {
      ...caseFacts(c, p, nameOf),
      on: inspection.date,
      inspectionPlace: inspection.place,
      inspectionRound: inspection.round,
      participants: inspection.participants.map((d) => nameOf(d) ?? '验收部门'),
    },
    recipients: [
      owner(p),
      ...distinct(inspection.participants)
        .filter((d) => d !== c.lead)
        .map(department),
    ],
  }
}

/**
 * 整改 — the opinion that completed an inspection round left items to put right (the case `rectifying`, which an
 * opinion reaches once per round: no item of the round is then pending, so no further opinion can follow before the
 * next one): the owner is told each item with the defects its department named, to put right and report.
 */
export function acceptanceRectify(c: AcceptanceCase, p: KnownProject, lookedUp: NameOf, on: string): Told | undefined {
  const nameOf = withPinned(c, lookedUp)
  if (c.status !== 'rectifying') return undefined
  const items = c.items.filter((i) => i.status === 'rectify')
  if (items.length === 0) return undefined
  return {
    kind: 'acceptance-rectify',
    facts: { ...caseFacts(c, p, nameOf), on, acceptanceItems: items.map((i) => itemFacts(i, nameOf)) },
    recipients: [owner(p)],
  }
}

/**
 * Passed or failed, as a step's decision is told: the owner, every department of the case and the lead. A pass names
 * the 联合验收意见书 (and that it counts as the completion-acceptance filing where the case says so) and asks each
 * department for its 结果物; a failure names each failed item with its department's reasons.
 */
export function acceptanceDecided(
  c: AcceptanceCase,
  p: KnownProject,
  lookedUp: NameOf,
  on: string,
  outcome: 'passed' | 'failed',
): Told {
  const nameOf = withPinned(c, lookedUp)
  const failed = c.items.filter(failsAcceptance)
  return {
    kind: outcome === 'passed' ? 'acceptance-passed' : 'acceptance-failed',
    facts: {
      ...caseFacts(c, p, nameOf),
      on,
      ...(outcome === 'passed' && c.opinionNumber ? { opinionNumber: c.opinionNumber } : {}),
      ...(outcome === 'passed' && c.opinionIsFiling ? { opinionIsFiling: true } : {}),
      ...(outcome === 'failed'
        ? {
            acceptanceItems: failed.map((i) => ({
              ...itemFacts(i, nameOf),
              // A commitment found breached (撤销) fails the case with its findings, not an opinion's defects.
              ...(i.status === 'committed' && i.verification?.findings?.length
                ? { defects: [...i.verification.findings] }
                : {}),
            })),
          }
        : {}),
    },
    recipients: [owner(p), ...distinct([...c.items.map((i) => i.department), c.lead]).map(department)],
  }
}

/** 竣工验收备案表 issued: the owner is told its number; the departments recorded the results that issued it. */
export function acceptanceFilingIssued(c: AcceptanceCase, p: KnownProject, lookedUp: NameOf): Told | undefined {
  const nameOf = withPinned(c, lookedUp)
  if (!c.filingForm) return undefined
  return {
    kind: 'acceptance-filing-issued',
    facts: { ...caseFacts(c, p, nameOf), on: c.filingForm.issuedOn, filingNumber: c.filingForm.number },
    recipients: [owner(p)],
  }
}

/**
 * 撤销 — the pass no longer stands: the owner, whose letter (and filing form, if issued) is withdrawn and who must apply
 * again, and the lead, whose case it was; the department that revoked it took the measure itself.
 */
export function acceptancePassRevoked(c: AcceptanceCase, p: KnownProject, lookedUp: NameOf): Told | undefined {
  const nameOf = withPinned(c, lookedUp)
  const revoked = c.passRevoked
  if (!revoked) return undefined
  const item = c.items.find((i) => i.item === revoked.item)
  return {
    kind: 'acceptance-pass-revoked',
    facts: {
      ...caseFacts(c, p, nameOf),
      on: revoked.on,
      ...(c.opinionNumber ? { opinionNumber: c.opinionNumber } : {}),
      ...(c.filingForm ? { filingNumber: c.filingForm.number } : {}),
      acceptanceItems: [item ? itemFacts(item, nameOf) : { departmentName: nameOf(revoked.department) ?? '验收部门' }],
    },
    recipients: [owner(p), department(c.lead)],
  }
}

/**
 * 整改 of a joint acceptance 告知承诺 breach followed through (docs/legal-time.md#整改-followed-through), told as the
 * approval stage's is, with its message kinds: the item's department — whose reviewers confirm it — when the owner
 * reports it done (with the statement), and when its day passed with none confirmed (逾期未整改). An event whose item
 * carries no ordered 整改 (or a report without its report) is no 整改 to tell: thrown, as approval's consumer does, so
 * it is refused, retried and dead-lettered, never acked and dropped.
 */
export function acceptanceRectification(
  kind: 'rectification-reported' | 'rectification-overdue',
  c: AcceptanceCase,
  itemCode: string,
  p: KnownProject,
  lookedUp: NameOf,
): Told {
  const nameOf = withPinned(c, lookedUp)
  const item = c.items.find((i) => i.item === itemCode)
  const rectifyBy = item?.verification?.rectifyBy
  const rectification = item?.rectification
  const last = rectification?.reports.at(-1)
  if (!item || rectifyBy === undefined || !rectification || (kind === 'rectification-reported' && !last)) {
    throw new Error(
      `case ${c.caseId} v${c.version}: no 整改 ${kind === 'rectification-reported' ? 'report ' : ''}of ${itemCode}`,
    )
  }
  const on = kind === 'rectification-reported' ? last?.reportedOn : rectification.overdueOn
  const departmentName = nameOf(item.department)
  return {
    kind,
    facts: {
      ...caseFacts(c, p, nameOf),
      ...(departmentName ? { departmentName } : {}),
      ...(item.itemName ? { itemName: item.itemName } : {}),
      dueOn: rectifyBy,
      ...(on ? { on } : {}),
      ...(kind === 'rectification-reported' && last ? { reason: last.statement } : {}),
    },
    recipients: [department(item.department)],
  }
}

/** A hookup's steps in words, in their order (the provider's stage machine, services/utility). */
export const UTILITY_STEP_NAMES: Readonly<Record<UtilityRequest['stage'], string>> = {
  survey: '现场踏勘',
  plan: '接入方案',
  'outside-line-permits': '外线工程审批',
  construction: '外线工程施工',
  'awaiting-acceptance': '等待联合验收',
  connected: '接入',
}

/** What follows a finished step, in words, by the stage the request moved to. */
const NEXT_WORDS: Partial<Readonly<Record<UtilityRequest['stage'], string>>> = {
  plan: '进入接入方案环节',
  'outside-line-permits': '进入外线工程审批环节',
  construction: '进入外线工程施工环节',
  // `connected` waits for joint acceptance's pass (the contract's word): the provider has nothing more to do before it.
  'awaiting-acceptance': '待联合验收通过后接入',
}

/**
 * The step an `advanced` event finished, read from the request after it, or undefined when the event moved no step:
 * a permit granted or refused while others wait is `advanced` too and leaves the request at its permits. At
 * construction the step finished is the permits when they were all granted (`permitsDoneAt`), else the plan (a
 * low-risk line's permits are only filed).
 */
export function finishedStep(r: UtilityRequest): { finished: string; next: string } | undefined {
  const step = (finished: UtilityRequest['stage']) => ({
    finished: UTILITY_STEP_NAMES[finished],
    next: NEXT_WORDS[r.stage] ?? `进入${UTILITY_STEP_NAMES[r.stage]}环节`,
  })
  switch (r.stage) {
    case 'plan':
      return step('survey')
    case 'outside-line-permits':
      // Every permit requested and none applied for again: the plan just sent them (a refused permit applied for again
      // leaves them all requested too, and finishes no step).
      return r.permits.every((x) => x.status === 'requested' && !x.reapplication) ? step('plan') : undefined
    case 'construction':
      return step(r.permitsDoneAt ? 'outside-line-permits' : 'plan')
    case 'awaiting-acceptance':
      return step('construction')
    default:
      return undefined
  }
}

/**
 * A provider finished a step of the hookup (报装): the owner it serves is told which, and what comes next — the request
 * names it (`request.owner`), else the project's owner, the same organisation. Not the provider: it moved it.
 */
export function utilityStepFinished(r: UtilityRequest, p: KnownProject, on: string): Told | undefined {
  const step = finishedStep(r)
  if (!step) return undefined
  return {
    kind: 'utility-step-finished',
    facts: {
      ...projectOf(p),
      on,
      utilityName: UTILITY_PROVIDER_NAMES[r.provider],
      stepFinished: step.finished,
      stepNext: step.next,
    },
    recipients: [{ kind: 'owner', id: r.owner?.creditCode ?? p.ownerCreditCode }],
  }
}

/** 接入 — the hookup connected (the provider finished and joint acceptance passed): the owner's stage of it ends. */
export function utilityConnected(r: UtilityRequest, p: KnownProject, on: string): Told {
  return {
    kind: 'utility-connected',
    facts: { ...projectOf(p), on, utilityName: UTILITY_PROVIDER_NAMES[r.provider] },
    recipients: [{ kind: 'owner', id: r.owner?.creditCode ?? p.ownerCreditCode }],
  }
}

/**
 * A certificate signed, told to its holder. A property certificate (不动产权证书) is issued only when a first
 * registration (不动产首次登记) completes, so its message is that registration's end, with the building registered
 * (登记范围) and the registration office that issued it; a permit's is the 证照已签发 it always was.
 */
export function certificateIssued(c: Static<typeof CertificateBody>, p: KnownProject): Told {
  return {
    kind: 'certificate-issued',
    facts: {
      ...projectOf(p),
      on: c.issuedOn,
      certificateNumber: c.number,
      certificateTitle: c.title,
      ...(c.kind === 'property' ? { firstRegistration: true } : {}),
      ...(c.kind === 'property' && c.part ? { part: c.part } : {}),
      ...(c.kind === 'property' && c.issuer ? { issuer: c.issuer } : {}),
    },
    recipients: [{ kind: 'owner', id: c.owner.creditCode }],
  }
}

type RegistrationCase = RegistrationCaseEventBody['case']

/** A registration case's scope and number as a message names them: the building registered, the 受理编号. */
const registrationFacts = (c: RegistrationCase, p: KnownProject): TemplateFacts => ({
  ...projectOf(p),
  ...(c.part ? { part: c.part } : {}),
  ...(c.caseNumber ? { receiptNumber: c.caseNumber } : {}),
})

/** A time limit in words: 20个工作日, 30日. */
const limitWords = (limit: { value: number; unit: 'W' | 'N' }) =>
  limit.unit === 'W' ? `${limit.value}个工作日` : `${limit.value}日`

/**
 * 验登合一 — joint acceptance passed and the pre-survey is done, so the first-registration case opened by itself and
 * its clock runs from `on` (the clock's start, else the day it opened): the registration office is told which case,
 * the 联合验收意见书 it rests on and the limit, to check the results it took in online and complete the registration.
 * Not the owner: it filed nothing, and is told when the property certificate is issued.
 */
export function registrationCaseOpened(c: RegistrationCase, p: KnownProject, on: string): Told {
  return {
    kind: 'registration-case-opened',
    facts: {
      ...registrationFacts(c, p),
      on: c.clock?.start ?? on,
      ...(c.acceptanceOpinion?.number ? { opinionNumber: c.acceptanceOpinion.number } : {}),
      ...(c.clock ? { limitWords: limitWords(c.clock.limit) } : {}),
    },
    recipients: [REGISTRATION_OFFICE],
  }
}

/**
 * 在线获取验收结果 (004:2279) — the acceptance results a case rests on changed (a department's 结果物 recorded, the
 * 竣工验收备案表 issued): the registration office is told what the case now holds, each result by its department's
 * and its own name. A case whose pass was revoked is told by the revocation itself ({@link registrarPassRevoked}),
 * from acceptance's own event, once: this update carrying it tells no one. Nothing held, nothing told.
 */
export function registrationResultsUpdated(c: RegistrationCase, p: KnownProject, on: string): Told | undefined {
  const held = c.acceptanceResults
  if (!held || held.passRevoked) return undefined
  if (held.results.length === 0 && !held.filingForm) return undefined
  return {
    kind: 'registration-results-updated',
    facts: {
      ...registrationFacts(c, p),
      on,
      resultsNamed: held.results.map(
        (r) =>
          `${r.departmentName ?? '验收部门'}${r.name ? `《${r.name}》` : '结果物'}${r.number ? `（编号 ${r.number}）` : ''}`,
      ),
      ...(held.filingForm ? { filingNumber: held.filingForm.number } : {}),
    },
    recipients: [REGISTRATION_OFFICE],
  }
}

/**
 * 撤销 of the joint acceptance's pass, told to the registration office: the first registration resting on it no longer
 * completes (registration answers REGISTRATION_ACCEPTANCE_REVOKED) and its clock raises no more alerts. Told from
 * acceptance's own event, as the owner and the lead are, but in the office's words: which department revoked which
 * item, when, and the letter and form withdrawn.
 */
export function registrarPassRevoked(c: AcceptanceCase, p: KnownProject, lookedUp: NameOf): Told | undefined {
  const told = acceptancePassRevoked(c, p, lookedUp)
  if (!told) return undefined
  return { kind: 'registration-acceptance-revoked', facts: told.facts, recipients: [REGISTRATION_OFFICE] }
}

/**
 * 注销 — a permit or a property certificate revoked (by a registrar or an administrator, or a permit with its
 * approval's 撤销): its holder, the project's owner, is told which certificate, from which day it is no longer valid
 * and why, as the registrar wrote it (the reason is public: every verifier reads it too). Once: a certificate keeps its
 * first revocation, so no second event follows.
 */
export function certificateRevoked(r: Static<typeof PublicRevocation>, p: KnownProject): Told {
  return {
    kind: 'certificate-revoked',
    facts: { ...projectOf(p), on: r.revokedOn, certificateNumber: r.number, reason: r.reason },
    recipients: [owner(p)],
  }
}

/** The party code an objection gives the registration office (the registrar) when it issued or raised it. */
const OBJECTION_REGISTRATION_OFFICE = 'registration-office'
/**
 * The party code an objection gives an owner organisation (registration's `ownerParty`): it objects to its own property
 * certificate only, so the owner of the objection's project is that organisation.
 */
const isOwnerParty = (code: string) => code.startsWith('owner-')
/** 证照异议's party as a message's recipient: a department by its code, the registration office, or the owner. */
const objectionParty = (code: string, p: KnownProject): Party =>
  code === OBJECTION_REGISTRATION_OFFICE ? REGISTRATION_OFFICE : isOwnerParty(code) ? owner(p) : department(code)
/** An objection party's name: the registration office in words, a department as the notifier learnt it. */
const objectionPartyName = (code: string, nameOf: NameOf) =>
  code === OBJECTION_REGISTRATION_OFFICE ? '不动产登记机构' : isOwnerParty(code) ? '建设单位' : nameOf(code)
/** The departments an objection names, but the registration office and an owner: what a consumer looks up. */
export const objectionDepartments = (o: CertificateObjectionSnapshot): string[] =>
  distinct([o.issuer, o.raisedBy]).filter((c) => c !== OBJECTION_REGISTRATION_OFFICE && !isOwnerParty(c))

const objectionFacts = (o: CertificateObjectionSnapshot, p: KnownProject, on: string): TemplateFacts => ({
  ...projectOf(p),
  on,
  certificateNumber: o.certificateNumber,
  certificateTitle: o.certificateTitle,
})

/**
 * 证照异议 (004:1134) raised — the issuing department (签发部门; the registration office for a property certificate) is
 * told which certificate, which using department objects (by the name the objection carries, else as the notifier
 * learnt it) and why, to check it and answer. Not the raising department: it raised it.
 */
export function objectionRaised(o: CertificateObjectionSnapshot, p: KnownProject, nameOf: NameOf, on: string): Told {
  // The name the objection carries (the project's catalogue's, since it was carried): a department that raises an
  // objection need never have had a task this service learnt its name from.
  const raisedBy = o.raisedByName ?? objectionPartyName(o.raisedBy, nameOf)
  return {
    kind: 'certificate-objection-raised',
    facts: {
      ...objectionFacts(o, p, on),
      ...(raisedBy ? { departmentName: raisedBy } : {}),
      // The holder (权利人) disputes its own property certificate: the answer goes to it, not to a using department.
      ...(isOwnerParty(o.raisedBy) ? { objectionByHolder: true } : {}),
      // The registration office raises one on a permit it uses: the issuer tells it, by its name, not a 使用部门.
      ...(o.raisedBy === OBJECTION_REGISTRATION_OFFICE ? { objectionByRegistrationOffice: true } : {}),
      reason: o.reason,
    },
    recipients: [objectionParty(o.issuer, p)],
  }
}

/**
 * 证照异议 answered — 异议处理完毕后，应将处理结果告知使用部门 (004:1134): the raising department (or the registration
 * office, when it raised it) is told the issuer's finding, upheld or rejected. Not the issuer: it answered. An
 * objection without an answer tells no one.
 */
export function objectionAnswered(
  o: CertificateObjectionSnapshot,
  p: KnownProject,
  nameOf: NameOf,
  on: string,
): Told | undefined {
  if (!o.answer) return undefined
  const issuer = o.issuerName ?? objectionPartyName(o.issuer, nameOf)
  return {
    kind: 'certificate-objection-answered',
    facts: {
      ...objectionFacts(o, p, on),
      ...(issuer ? { departmentName: issuer } : {}),
      objectionOutcome: o.answer.outcome,
      finding: o.answer.finding,
    },
    recipients: [objectionParty(o.raisedBy, p)],
  }
}

/**
 * A later stage's clock alert: 预警 (`warned`, its warning share used) or 超时 (`overdue`, past its due day), each
 * raised once by the service whose clock it is. Told as approval's task clock alerts are (`clock-yellow`/`clock-red`:
 * the owner, the department and the lead): to the party whose clock it is and the owner.
 */
export type ClockAlert = 'warned' | 'overdue'

const alertKind = (alert: ClockAlert): NotificationMessageKind =>
  alert === 'warned' ? 'stage-clock-yellow' : 'stage-clock-red'

type Clock = NonNullable<AcceptanceCase['clock']>
type Raised = { warnedOn?: string | undefined; overdueOn?: string | undefined }

/**
 * The alert as its event tells it beside the snapshot: the clock's due day as the producer's calendar made it
 * (`dueOn`), absent from an alert published before the events carried it.
 */
export type AlertOf = { alert: ClockAlert; dueOn?: string | undefined }

/**
 * What every clock alert says: which clock, the day it was raised (the snapshot's `warnedOn`/`overdueOn`, else the
 * day the event's snapshot was written, `fallbackOn`), the clock's start and limit when it has them, and its due day
 * when the event carries it.
 */
const clockFacts = (
  stageClock: StageClock,
  { alert, dueOn }: AlertOf,
  raised: Raised | undefined,
  fallbackOn: string,
  clock: Clock | undefined,
  start?: string,
): TemplateFacts => ({
  stageClock,
  on: (alert === 'warned' ? raised?.warnedOn : raised?.overdueOn) ?? fallbackOn,
  ...((start ?? clock?.start) ? { clockStart: (start ?? clock?.start) as string } : {}),
  ...(clock ? { limitWords: limitWords(clock.limit) } : {}),
  ...(dueOn ? { dueOn } : {}),
})

/**
 * 联合验收's case clock (the lead's: it took the one application and answers for the case) ran yellow or out: the
 * lead, each department whose item still waits for its opinion (what holds the case), and the owner, whose case it
 * is. The message names the items still pending; a case put back to the owner to rectify has none.
 */
export function acceptanceClockAlert(
  c: AcceptanceCase,
  p: KnownProject,
  lookedUp: NameOf,
  alert: AlertOf,
  fallbackOn: string,
): Told {
  const nameOf = withPinned(c, lookedUp)
  const pending = c.items.filter((i) => i.status === 'pending')
  return {
    kind: alertKind(alert.alert),
    facts: {
      ...caseFacts(c, p, nameOf),
      ...clockFacts('acceptance', alert, c.clockAlerts, fallbackOn, c.clock),
      ...(pending.length > 0 ? { acceptanceItems: pending.map((i) => itemFacts(i, nameOf)) } : {}),
    },
    recipients: [owner(p), ...distinct([c.lead, ...pending.map((i) => i.department)]).map(department)],
  }
}

/**
 * 不动产首次登记's case clock ran yellow or out with the case open: the registration office, whose case it is, and the
 * owner, whose property certificate waits on it.
 */
export function registrationClockAlert(c: RegistrationCase, p: KnownProject, alert: AlertOf, fallbackOn: string): Told {
  return {
    kind: alertKind(alert.alert),
    facts: { ...registrationFacts(c, p), ...clockFacts('registration', alert, c.clockAlerts, fallbackOn, c.clock) },
    recipients: [REGISTRATION_OFFICE, owner(p)],
  }
}

type IssueClock = IssueClockEventBody['issueClock']

/**
 * 发证时限 (行政许可法第四十四条: the permits issued within 10 working days of the decision) ran yellow or out with the
 * permits not issued: the registration office, which issues them and owns the clock, and the owner, the applicant
 * they are issued to. The clock starts on the decision day (`decidedOn`).
 */
export function issueClockAlert(c: IssueClock, p: KnownProject, alert: AlertOf, fallbackOn: string): Told {
  return {
    kind: alertKind(alert.alert),
    facts: { ...projectOf(p), ...clockFacts('issue', alert, c, fallbackOn, c.clock, c.decidedOn) },
    recipients: [REGISTRATION_OFFICE, owner(p)],
  }
}

/** An outside-line permit's kind in words, as the provider's and the owner's pages name it. */
export const OUTSIDE_LINE_PERMIT_NAMES: Readonly<Record<UtilityRequest['permits'][number]['kind'], string>> = {
  'road-excavation': '占用挖掘道路许可',
  'green-space': '临时占用绿地许可',
  'road-related': '涉路施工许可',
  'traffic-organisation': '占道施工交通组织方案审核',
}

type OutsideLinePermit = UtilityRequest['permits'][number]
type OutsideLinePermitKind = OutsideLinePermit['kind']

/**
 * A permit applied to its department on the platform and awaiting its decision (并联审批: requested, with `appliedOn`
 * and the department): that department's to decide. A permit requested with no `appliedOn` is decided off the
 * platform and names no department until the provider records the decision.
 */
const awaitingDepartment = (x: OutsideLinePermit): x is OutsideLinePermit & { department: string; appliedOn: string } =>
  x.status === 'requested' && x.appliedOn !== undefined && x.department !== undefined

/** A pending permit in words, with the department deciding it on the platform when one is: 占用挖掘道路许可（…局审批中）. */
const pendingPermitWords = (x: OutsideLinePermit) =>
  `${OUTSIDE_LINE_PERMIT_NAMES[x.kind]}${awaitingDepartment(x) ? `（${x.departmentName ?? '审批部门'}审批中）` : ''}`

/**
 * 外线工程审批's clock (the region's limit for the outside-line permits, run in parallel) ran yellow or out with permits
 * not granted: the provider, which applies for them (and records a decision made off the platform), the owner it
 * serves (the request names it, else the project's), and each department with a permit applied to it on the platform
 * still awaiting its decision (并联审批) — whose decision the clock waits on, as approval's task clock alerts tell the
 * task's department. A permit the provider records (no `appliedOn`) names no department until decided, so adds none
 * (docs/utility.md#who-decides-a-permit). The permits not granted are named, each awaiting a department with it.
 */
export function utilityPermitsClockAlert(r: UtilityRequest, p: KnownProject, alert: AlertOf, fallbackOn: string): Told {
  const pending = r.permits.filter((x) => x.status !== 'granted' && x.status !== 'filed')
  const deciding = distinct(r.permits.filter(awaitingDepartment).map((x) => x.department))
  return {
    kind: alertKind(alert.alert),
    facts: {
      ...projectOf(p),
      utilityName: UTILITY_PROVIDER_NAMES[r.provider],
      ...clockFacts('utility-permits', alert, r.permitsClockAlerts, fallbackOn, r.permitsClock),
      ...(pending.length > 0 ? { permitsPending: pending.map(pendingPermitWords) } : {}),
      ...(deciding.length > 0 ? { permitsBeforeDepartments: true } : {}),
    },
    recipients: [
      { kind: 'provider', id: r.provider },
      { kind: 'owner', id: r.owner?.creditCode ?? p.ownerCreditCode },
      ...deciding.map(department),
    ],
  }
}

/**
 * 并联审批 — the permits an `advanced` event applied for to their departments on the platform (the event's
 * `permitsApplied`: every permit `plan-done` applied to the department its catalogue names, or the one permit the
 * provider applied for again after a refusal): each department is told of its own, once — the project, the utility
 * and its provider, the permits in words, the day applied, the permits clock's limit and start where the region
 * sets one and its due day as the request carries it (`permitsDueOn`, computed by utility with the calendar: the
 * notifier counts no legal days; an event published before it was carried says the limit alone), and for a
 * re-application what the provider changed after which refusal, and that the provider's days are not counted. The event names which permits it applied: the snapshot alone cannot say, since
 * a permit still awaiting its decision looks the same in every later event of the request. An event that names none
 * (any other move, or one published before it carried them) tells no department; a permit named but no longer
 * awaiting a department on the platform in the snapshot is not told.
 */
export function outsideLinePermitsApplied(
  r: UtilityRequest,
  applied: readonly OutsideLinePermitKind[] | undefined,
  p: KnownProject,
): Told[] {
  if (!applied || applied.length === 0) return []
  const permits = r.permits.filter((x) => applied.includes(x.kind)).filter(awaitingDepartment)
  return distinct(permits.map((x) => x.department)).map((code) => {
    const own = permits.filter((x) => x.department === code)
    const again = own.find((x) => x.reapplication)?.reapplication
    const first = own[0] as (typeof own)[number]
    return {
      kind: 'outside-line-permit-applied',
      facts: {
        ...projectOf(p),
        on: first.appliedOn,
        utilityName: UTILITY_PROVIDER_NAMES[r.provider],
        ...(first.departmentName ? { departmentName: first.departmentName } : {}),
        permitsApplied: own.map((x) => OUTSIDE_LINE_PERMIT_NAMES[x.kind]),
        ...(r.permitsClock ? { limitWords: limitWords(r.permitsClock.limit), clockStart: r.permitsClock.start } : {}),
        ...(r.permitsClock && r.permitsDueOn ? { dueOn: r.permitsDueOn } : {}),
        ...(again
          ? {
              // The refusal's reason is the department's own: it is told what changed, and which refusal it answers.
              reapplication: { change: again.change, ...(again.refusedOn ? { refusedOn: again.refusedOn } : {}) },
            }
          : {}),
      },
      recipients: [department(code)],
    }
  })
}

/**
 * 容缺受理 (004:1846): a department accepted one of the provider's outside-line permits with non-key materials missing
 * (the event's `permitDeficiency`, act `accepted`) — the provider is told which permit, by whom, and the materials it
 * still owes, to supply them (容缺后补) on its 报装申请; addressed as a restoration's review is, to the request's
 * provider. Its supply, and every other move, tells no one here; a permit the snapshot no longer shows owing anything
 * (refused since, or every material supplied) is not told either.
 */
export function outsideLinePermitAccepted(
  r: UtilityRequest,
  act: { kind: OutsideLinePermitKind; act: 'accepted' | 'supplied' } | undefined,
  p: KnownProject,
): Told[] {
  if (act?.act !== 'accepted') return []
  const permit = r.permits.find((x) => x.kind === act.kind)
  const owed = permit && permit.status !== 'refused' ? (permit.deficiencies ?? []).filter((d) => !d.suppliedOn) : []
  if (!permit || owed.length === 0) return []
  return [
    {
      kind: 'outside-line-permit-accepted',
      facts: {
        ...projectOf(p),
        ...(permit.acceptedOn ? { on: permit.acceptedOn } : {}),
        utilityName: UTILITY_PROVIDER_NAMES[r.provider],
        ...(permit.departmentName ? { departmentName: permit.departmentName } : {}),
        permitAccepted: OUTSIDE_LINE_PERMIT_NAMES[permit.kind],
        materials: owed.map((d) => d.name),
      },
      recipients: [{ kind: 'provider', id: r.provider }],
    },
  ]
}

import type { DomainError, Result } from '@onewindow/vocabulary'
import { addDays, type Calendar, daysBetween, type LegalDate } from '@onewindow/workdays'
import { refusal } from './refusal.js'
import type { Ticket } from './ticket.js'

/**
 * 知识点 — a knowledge point of the hotline's knowledge base (知识库): one department's answer to one question, with
 * its legal basis and a validity period bounded by its kind (seeds/004_33317a5f04b53a73.txt:1678). The department
 * adds, revises and withdraws (下架) its own points (:1676); the hotline's agents answer consultations from the points
 * that are valid on the day (:1527).
 */
export type KnowledgeKind = 'policy' | 'guide' | 'script' | 'other'

export const knowledgeKinds: readonly KnowledgeKind[] = ['policy', 'guide', 'script', 'other']

/**
 * The longest validity of each kind, in calendar months (seeds/004_33317a5f04b53a73.txt:1678): 政策法规 ≤ 5 years,
 * 办事指南 ≤ 1 year, 具体事项答复口径 ≤ 6 months, 业务解读等其他 ≤ 1 year.
 */
export const maxValidityMonths: Readonly<Record<KnowledgeKind, number>> = {
  policy: 60,
  guide: 12,
  script: 6,
  other: 12,
}

/**
 * How many working days before a point lapses its department is reminded. The seeds say only that the unit confirms
 * a point before it expires (:1678); the one time they give a unit to act on a knowledge point is 2 working days from
 * the centre's feedback (:1680–1682). The reminder is raised so that those two working days — counted, like every
 * hotline clock, from the working day after it — still fall inside the validity.
 */
export const REMINDER_WORKING_DAYS = 2

export type KnowledgeContent = {
  question: string
  answer: string
  kind: KnowledgeKind
  /** The legal basis or document the answer rests on (依据). */
  source: string
  validFrom: LegalDate
  /** The last day the point is valid, inclusive. */
  validTo: LegalDate
}

export type KnowledgePoint = KnowledgeContent & {
  id: string
  /** The owning department (承办单位), a catalogue department code. */
  department: string
  retired: boolean
  version: number
  createdAt: string
  updatedAt: string
  /** The `validTo` whose expiry reminder was raised; a revision to another `validTo` arms the reminder again. */
  remindedFor?: LegalDate
}

/** What a point is on a day: only `valid` points are offered to the agent or cited by a consultation. */
export type KnowledgeStatus = 'pending' | 'valid' | 'expired' | 'retired'

export type KnowledgeEvent =
  | { type: 'created'; point: KnowledgePoint }
  | { type: 'revised'; point: KnowledgePoint }
  | { type: 'retired'; point: KnowledgePoint }
  | { type: 'expiry-reminded'; point: KnowledgePoint; remindOn: LegalDate }

/** Who acts on the knowledge base: a department's reviewer or lead manages its own points; an agent only reads. */
export type KnowledgeActor = { role: string; department?: string | undefined }

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** The last day of a month: the day before the first of the next, on the legal calendar (no `Date` in the domain). */
const lastDayOfMonth = (year: number, month: number): number => {
  const next = month === 12 ? `${pad(year + 1, 4)}-01-01` : `${pad(year, 4)}-${pad(month + 1)}-01`
  return Number(addDays(next, -1).slice(8, 10))
}

/**
 * The last day a period of `months` calendar months starting on `from` (counted as its first day) covers: the day
 * before the corresponding day `months` later, where a month without that day (the 31st, 02-29) takes its last day —
 * the Civil Code's rule for periods of months and years (民法典 第二百零二条). 2026-01-01 + 6 months → 2026-06-30;
 * 2024-02-29 + 12 months → 2025-02-27.
 */
export function lastDayOfPeriod(from: LegalDate, months: number): LegalDate {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number]
  const index = y * 12 + (m - 1) + months
  const year = Math.floor(index / 12)
  const month = (index % 12) + 1
  const day = Math.min(d, lastDayOfMonth(year, month))
  const corresponding = `${pad(year, 4)}-${pad(month)}-${pad(day)}`
  return addDays(corresponding, -1)
}

/** The validity rules the schema cannot check: the period is not reversed, not past its kind's limit, not over. */
export function validityErrors(content: KnowledgeContent, today: LegalDate): Array<{ field: string; message: string }> {
  const errors: Array<{ field: string; message: string }> = []
  if (daysBetween(content.validFrom, content.validTo) < 0)
    errors.push({ field: '/body/validTo', message: 'must not be before validFrom' })
  else {
    const latest = lastDayOfPeriod(content.validFrom, maxValidityMonths[content.kind])
    if (daysBetween(latest, content.validTo) > 0)
      errors.push({
        field: '/body/validTo',
        message: `must be on or before ${latest}: a ${content.kind} point is valid at most ${maxValidityMonths[content.kind]} months`,
      })
  }
  if (daysBetween(today, content.validTo) < 0)
    errors.push({ field: '/body/validTo', message: `must not be before today (${today})` })
  return errors
}

const checkValidity = (content: KnowledgeContent, today: LegalDate): DomainError | undefined => {
  const errors = validityErrors(content, today)
  if (errors.length === 0) return undefined
  return {
    code: 'HOTLINE_KNOWLEDGE_VALIDITY_INVALID',
    message: `The validity period is invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
    details: { errors },
  }
}

/** A department's reviewer or lead acts for that department; anyone else manages no point. */
export function managingDepartment(actor: KnowledgeActor): Result<string> {
  if ((actor.role === 'reviewer' || actor.role === 'lead') && actor.department)
    return { ok: true, value: actor.department }
  return refusal('HOTLINE_KNOWLEDGE_FORBIDDEN', 'Only a department reviewer or lead manages knowledge points.', {
    role: actor.role,
  })
}

/** 新增 — a department adds a point. */
export function decideCreate(
  actor: KnowledgeActor,
  content: KnowledgeContent,
  ids: { id: string },
  now: Date,
  today: LegalDate,
): Result<KnowledgeEvent & { type: 'created' }> {
  const department = managingDepartment(actor)
  if (!department.ok) return department
  const invalid = checkValidity(content, today)
  if (invalid) return { ok: false, error: invalid }
  const at = now.toISOString()
  return {
    ok: true,
    value: {
      type: 'created',
      point: {
        ...content,
        id: ids.id,
        department: department.value,
        retired: false,
        version: 1,
        createdAt: at,
        updatedAt: at,
      },
    },
  }
}

const ownPoint = (actor: KnowledgeActor, point: KnowledgePoint, expectedVersion: number): DomainError | undefined => {
  const department = managingDepartment(actor)
  if (!department.ok) return department.error
  // Another department's point answers as missing: its existence is not the caller's business.
  if (department.value !== point.department)
    return {
      code: 'HOTLINE_KNOWLEDGE_NOT_FOUND',
      message: `No knowledge point ${point.id}.`,
      details: { id: point.id },
    }
  if (point.retired)
    return {
      code: 'HOTLINE_KNOWLEDGE_RETIRED',
      message: 'The knowledge point was withdrawn.',
      details: { id: point.id },
    }
  if (point.version !== expectedVersion)
    return {
      code: 'HOTLINE_KNOWLEDGE_VERSION_CONFLICT',
      message: `The knowledge point is at version ${point.version}, not ${expectedVersion}.`,
      details: { id: point.id, version: point.version },
    }
  return undefined
}

/**
 * 修改/审核 — the department revises its point: new content, or the same content confirmed for a new period (the
 * confirmation before expiry of :1678). A new `validTo` arms the expiry reminder again.
 */
export function decideRevise(
  actor: KnowledgeActor,
  point: KnowledgePoint,
  content: KnowledgeContent,
  expectedVersion: number,
  now: Date,
  today: LegalDate,
): Result<KnowledgeEvent & { type: 'revised' }> {
  const denied = ownPoint(actor, point, expectedVersion)
  if (denied) return { ok: false, error: denied }
  const invalid = checkValidity(content, today)
  if (invalid) return { ok: false, error: invalid }
  const { remindedFor, ...rest } = point
  return {
    ok: true,
    value: {
      type: 'revised',
      point: {
        ...rest,
        ...content,
        ...(remindedFor !== undefined && remindedFor === content.validTo ? { remindedFor } : {}),
        version: point.version + 1,
        updatedAt: now.toISOString(),
      },
    },
  }
}

/** 下架 — the department withdraws its point; it is never offered again. */
export function decideRetire(
  actor: KnowledgeActor,
  point: KnowledgePoint,
  expectedVersion: number,
  now: Date,
): Result<KnowledgeEvent & { type: 'retired' }> {
  const denied = ownPoint(actor, point, expectedVersion)
  if (denied) return { ok: false, error: denied }
  return {
    ok: true,
    value: {
      type: 'retired',
      point: { ...point, retired: true, version: point.version + 1, updatedAt: now.toISOString() },
    },
  }
}

export function statusOn(
  point: Pick<KnowledgePoint, 'retired' | 'validFrom' | 'validTo'>,
  today: LegalDate,
): KnowledgeStatus {
  if (point.retired) return 'retired'
  if (daysBetween(today, point.validFrom) > 0) return 'pending'
  if (daysBetween(point.validTo, today) > 0) return 'expired'
  return 'valid'
}

/**
 * The point a consultation is answered from (:1527 "根据热线知识库能直接答复的，直接答复诉求人"): only one valid on the
 * day. An expired, withdrawn or not yet valid point is refused, naming it.
 */
export function citable(point: KnowledgePoint, today: LegalDate): Result<KnowledgePoint> {
  const status = statusOn(point, today)
  if (status === 'valid') return { ok: true, value: point }
  const messages: Record<Exclude<KnowledgeStatus, 'valid'>, string> = {
    expired: `The knowledge point expired on ${point.validTo}.`,
    retired: 'The knowledge point was withdrawn.',
    pending: `The knowledge point is valid only from ${point.validFrom}.`,
  }
  return refusal('HOTLINE_KNOWLEDGE_NOT_VALID', messages[status], {
    field: '/params/id',
    id: point.id,
    pointStatus: status,
    // The days that make it so, for a client to name: expired after `validTo`, pending until `validFrom`.
    validFrom: point.validFrom,
    validTo: point.validTo,
  })
}

/**
 * The day the expiry reminder is due: the working day before the last {@link REMINDER_WORKING_DAYS} working days of
 * the validity, so the department's two working days (from the next working day on) end by its last valid day. With
 * `validTo` a Thursday and no holiday near, that is the Tuesday.
 */
export function reminderDay(validTo: LegalDate, calendar: Calendar): LegalDate {
  let day = validTo
  let workingDaysSeen = 0
  // Walk back over the validity's last working days; the next working day back is the reminder's. A calendar never has
  // more than a few weeks of rest days in a row, so this ends quickly.
  for (;;) {
    if (calendar.isWorkingDay(day)) {
      if (workingDaysSeen === REMINDER_WORKING_DAYS) return day
      workingDaysSeen++
    }
    day = addDays(day, -1)
  }
}

/**
 * The expiry reminder of a point on `today`: due once per `validTo`, from its reminder day on, to the owning
 * department; none for a withdrawn point, nor one already raised for this `validTo`. A point the scan meets only after
 * it lapsed (the service was down) is still reminded: the department must still confirm or withdraw it.
 */
export function decideReminder(
  point: KnowledgePoint,
  today: LegalDate,
  calendar: Calendar,
): (KnowledgeEvent & { type: 'expiry-reminded' }) | undefined {
  if (point.retired || point.remindedFor === point.validTo) return undefined
  const remindOn = reminderDay(point.validTo, calendar)
  if (daysBetween(remindOn, today) < 0) return undefined
  return { type: 'expiry-reminded', remindOn, point: { ...point, remindedFor: point.validTo } }
}

/**
 * 直接答复 — a consultation the knowledge base answers is closed at once, not dispatched (第十三条 (一),
 * seeds/004_33317a5f04b53a73.txt:1527): the registered ticket closed with closure `answered`, citing the point at
 * the version the agent read it, its dispatch limit met on the day. Only a consultation, only from a point `citable`
 * passed.
 */
export function answeredFrom(ticket: Ticket, point: KnowledgePoint, at: string, today: LegalDate): Ticket {
  return {
    ...ticket,
    status: 'closed',
    closure: 'answered',
    closedAt: at,
    dispatch: ticket.dispatch.doneOn === undefined ? { ...ticket.dispatch, doneOn: today } : ticket.dispatch,
    knowledgePoint: { id: point.id, version: point.version, department: point.department, question: point.question },
    version: ticket.version + 1,
    updatedAt: at,
  }
}

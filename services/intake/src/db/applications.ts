import { ApplicationAcceptedV1, ApplicationReceipt, Instant, LegalDate, StepPhase } from '@onewindow/contracts'
import { dayText, instantText, storedState } from '@onewindow/db'
import { Type } from 'typebox'
import type { AcceptedApplication, ApplicationState, OwingApplication, StepOutcome } from '../domain/application.js'
import type { ReceiptState } from '../domain/receipt.js'
import { type Application, type Commitment, type Deficiency, Prisma } from '../generated/client.js'
import { dateColumn, legalDateColumn, type Tx } from './client.js'

// An application's items, its receipt (接件) and the acceptance it waits to publish are copied from events and read by
// field: checked on the way back in, as a project's columns are (db/projects.ts).
const applicationColumns = {
  items: storedState('application items', ApplicationAcceptedV1.schema.properties.items),
  receipt: storedState('application receipt', Type.Union([ApplicationReceipt, Type.Null()])),
  pendingAcceptance: storedState(
    'application pending acceptance',
    Type.Union([Type.Omit(ApplicationAcceptedV1.schema, ['receipt']), Type.Null()]),
  ),
}

/** An application's stored receipt, checked ({@link UnreadableStoredRow} of `@onewindow/db` when it is damaged). */
export const storedReceipt = (applicationId: string, receipt: unknown): ApplicationReceipt | null =>
  applicationColumns.receipt.parsed(applicationId, receipt)

/** The `phase` column read back checked against the phase the events carry. */
const phaseState = storedState('application phase', StepPhase)

type Full = Application & { deficiencies: Deficiency[]; commitments: Commitment[] }
/** What the view is made of: a row read back, or the row just written as it was written. */
type Viewed = Omit<
  Application,
  | 'form'
  | 'items'
  | 'acceptedBy'
  | 'decidedAt'
  | 'releasedAt'
  | 'receivedBy'
  | 'receipt'
  | 'pendingAcceptance'
  | 'phase'
> & {
  items: ApplicationAcceptedV1['items']
  phase: StepPhase | null
  receipt: ApplicationReceipt | null
  deficiencies: Array<Pick<Deficiency, 'material' | 'name' | 'promisedOn' | 'curedAt' | 'overdueAt'>>
  commitments: Array<Pick<Commitment, 'item' | 'verifyBy'>>
}

/**
 * The view's dates, checked: a stored 'infinity' or '-infinity' is no instant and no legal day, so the application's
 * row is `UnreadableStoredRow` of `@onewindow/db` naming the column, not a RangeError that names nothing.
 */
const viewDates = storedState(
  'application',
  Type.Object({
    receivedAt: Instant,
    receivedOn: LegalDate,
    acceptedAt: Type.Optional(Instant),
    acceptedOn: Type.Optional(LegalDate),
    decidedOn: Type.Optional(LegalDate),
    deficiencies: Type.Array(Type.Object({ promisedOn: LegalDate })),
    commitments: Type.Array(Type.Object({ verifyBy: LegalDate })),
  }),
)

/** The application as the service answers it; `UnreadableStoredRow` when one of its dates is no instant or day. */
export const applicationView = (a: Viewed) => {
  const view = shownApplication(a)
  viewDates.parsed(a.id, view)
  return view
}

const shownApplication = (a: Viewed) => ({
  applicationId: a.id,
  projectId: a.projectId,
  step: a.step,
  stepName: a.stepName,
  ...(a.phase ? { phase: a.phase } : {}),
  ...(a.part === null ? {} : { part: a.part }),
  receiptNumber: a.receiptNumber,
  outcome: a.outcome,
  status: a.status,
  certificate: a.certificate,
  catalogueVersion: a.catalogueVersion,
  /** 办理状态 of the application: 1 received, 2 receipt withdrawn, 3 accepted, 4 不受理, 5 不予受理. */
  nationalCode: a.receipt?.nationalCode ?? (a.acceptedAt ? 3 : 1),
  receivedAt: instantText(a.receivedAt),
  receivedOn: dayText(a.receivedOn),
  ...(a.acceptedAt ? { acceptedAt: instantText(a.acceptedAt) } : {}),
  ...(a.acceptedOn ? { acceptedOn: dayText(a.acceptedOn) } : {}),
  ...(a.receipt ? { receipt: a.receipt } : {}),
  ...(a.decidedOn ? { decidedOn: dayText(a.decidedOn) } : {}),
  items: a.items,
  deficiencies: a.deficiencies
    .sort((x, y) => x.material.localeCompare(y.material))
    .map((d) => ({
      material: d.material,
      name: d.name,
      promisedOn: dayText(d.promisedOn),
      cured: d.curedAt !== null,
      overdue: d.overdueAt !== null,
    })),
  commitments: a.commitments
    .sort((x, y) => x.item.localeCompare(y.item))
    .map((c) => ({ item: c.item, verifyBy: dayText(c.verifyBy) })),
})

export type ApplicationView = ReturnType<typeof applicationView>

export const findApplication = async (tx: Tx, id: string): Promise<Viewed | undefined> => {
  const row = await tx.application.findUnique({ where: { id }, include: { deficiencies: true, commitments: true } })
  return row ? viewed(row) : undefined
}

const viewed = (row: Full): Viewed => ({
  ...row,
  items: applicationColumns.items.parsed(row.id, row.items),
  receipt: storedReceipt(row.id, row.receipt),
  phase: row.phase === null ? null : phaseState.parsed(row.id, row.phase),
})

/**
 * `phase`: 分阶段办理, the phase the application is for (its release names it); absent for the whole step. `part`:
 * 按照单位工程办理, the building whose permit it is (its release names it); absent for the whole project.
 */
export type LockedApplication = ApplicationState & { projectId: string; step: string; phase?: StepPhase; part?: string }

/** Locks the application row for this transaction and returns the state curing and deciding work on. */
export async function lockApplicationState(tx: Tx, id: string): Promise<LockedApplication | undefined> {
  const locked = await tx.$queryRaw<
    Array<{ id: string }>
  >`SELECT id::text AS id FROM application WHERE id = ${id}::uuid FOR UPDATE`
  if (locked.length === 0) return undefined
  const row = await tx.application.findUnique({
    where: { id },
    select: { status: true, certificate: true, projectId: true, step: true, phase: true, part: true },
  })
  if (!row) return undefined
  const owed = await tx.deficiency.findMany({
    where: { applicationId: id, curedAt: null },
    orderBy: { material: 'asc' },
    select: { material: true },
  })
  return {
    status: row.status as ApplicationState['status'],
    certificate: row.certificate as ApplicationState['certificate'],
    owed: owed.map((d) => d.material),
    projectId: row.projectId,
    step: row.step,
    ...(row.phase === null ? {} : { phase: phaseState.parsed(id, row.phase) }),
    ...(row.part === null ? {} : { part: row.part }),
  }
}

/**
 * The application with its materials, deficiencies and commitments, in one statement, and its receipt number drawn
 * in it: `<region>-<yyyymmdd>-<sequence, at least 6 digits>`. Resolves to the row as written (no read back).
 */
export async function insertApplication(
  tx: Tx,
  row: {
    id: string
    projectId: string
    region: string
    step: string
    stepName: string
    /** 分阶段办理: the phase applied for; absent for the whole step. */
    phase?: StepPhase | undefined
    /** 按照单位工程办理: the building whose construction permit is applied for; absent for the whole project. */
    part?: string | undefined
    catalogueVersion: string
    form: Record<string, unknown>
    accepted: AcceptedApplication
    materials: Array<{ id: string; code: string; documentRef: string }>
    at: Date
    today: string
    by: string
    /** 接件 with 受理 on the same moment, or 接件 alone (national code 1): then `keepPendingAcceptance` follows. */
    receipt: ApplicationReceipt
    acceptNow: boolean
  },
): Promise<Viewed> {
  const { accepted } = row
  const { acceptNow } = row
  const acceptedAt = acceptNow ? row.at : null
  const acceptedOn = acceptNow ? row.today : null
  const acceptedBy = acceptNow ? row.by : null
  const prefix = `${row.region}-${row.today.replaceAll('-', '')}-`
  const [written] = await tx.$queryRaw<Array<{ receiptNumber: string }>>`
    WITH app AS (
      INSERT INTO application (id, project_id, step, step_name, phase, part, receipt_number, outcome, status, certificate,
                               catalogue_version, form, items, received_at, received_on, received_by,
                               accepted_at, accepted_on, accepted_by, receipt, pending_acceptance)
      SELECT ${row.id}::uuid, ${row.projectId}::uuid, ${row.step}, ${row.stepName},
             ${row.phase === undefined ? null : JSON.stringify(row.phase)}::jsonb, ${row.part ?? null}::text,
             ${prefix} || lpad(seq.n, greatest(6, length(seq.n)), '0'), ${accepted.outcome}, 'open', 'none',
             ${row.catalogueVersion}, ${JSON.stringify(row.form)}::jsonb, ${JSON.stringify(accepted.items)}::jsonb,
             ${row.at}::timestamptz, ${row.today}::date, ${row.by},
             ${acceptedAt}::timestamptz, ${acceptedOn}::date, ${acceptedBy}, ${JSON.stringify(row.receipt)}::jsonb, NULL
        FROM (SELECT nextval('receipt_seq')::text AS n) AS seq
      RETURNING receipt_number),
    material AS (
      INSERT INTO submitted_material (id, application_id, code, document_ref, submitted_at, submitted_by)
      SELECT u.id, ${row.id}::uuid, u.code, u.document_ref, ${row.at}::timestamptz, ${row.by}
        FROM unnest(${row.materials.map((m) => m.id)}::uuid[], ${row.materials.map((m) => m.code)}::text[],
                    ${row.materials.map((m) => m.documentRef)}::text[]) AS u(id, code, document_ref)),
    deficiency AS (
      INSERT INTO deficiency (application_id, material, name, promised_on)
      SELECT ${row.id}::uuid, u.material, u.name, u.promised_on
        FROM unnest(${accepted.deficiencies.map((d) => d.material)}::text[],
                    ${accepted.deficiencies.map((d) => d.name)}::text[],
                    ${accepted.deficiencies.map((d) => d.promisedOn)}::date[]) AS u(material, name, promised_on)),
    commitment AS (
      INSERT INTO commitment (application_id, item, verify_by, verify_limit_value, verify_limit_unit)
      SELECT ${row.id}::uuid, u.item, u.verify_by, u.value, u.unit
        FROM unnest(${accepted.commitments.map((c) => c.item)}::text[],
                    ${accepted.commitments.map((c) => c.verifyBy)}::date[],
                    ${accepted.commitments.map((c) => c.limit.value)}::int[],
                    ${accepted.commitments.map((c) => c.limit.unit)}::text[]) AS u(item, verify_by, value, unit))
    SELECT receipt_number AS "receiptNumber" FROM app`
  if (!written) throw new Error(`application ${row.id} was not inserted`)
  return {
    id: row.id,
    projectId: row.projectId,
    step: row.step,
    stepName: row.stepName,
    phase: row.phase ?? null,
    part: row.part ?? null,
    receiptNumber: written.receiptNumber,
    outcome: accepted.outcome,
    status: 'open',
    certificate: 'none',
    catalogueVersion: row.catalogueVersion,
    items: JSON.parse(JSON.stringify(accepted.items)),
    receivedAt: row.at,
    receivedOn: dateColumn(row.today),
    acceptedAt,
    acceptedOn: acceptedOn === null ? null : dateColumn(acceptedOn),
    receipt: row.receipt,
    decidedOn: null,
    deficiencies: accepted.deficiencies.map((d) => ({
      material: d.material,
      name: d.name,
      promisedOn: dateColumn(d.promisedOn),
      curedAt: null,
      overdueAt: null,
    })),
    commitments: accepted.commitments.map((c) => ({ item: c.item, verifyBy: dateColumn(c.verifyBy) })),
  }
}

/** 容缺 cured: the owed materials are marked and what was handed in is kept with who handed it in. */
export async function recordCure(
  tx: Tx,
  row: {
    applicationId: string
    cured: readonly string[]
    materials: Array<{ id: string; code: string; documentRef: string }>
    at: Date
    by: string
  },
): Promise<void> {
  await tx.deficiency.updateMany({
    where: { applicationId: row.applicationId, material: { in: [...row.cured] } },
    data: { curedAt: row.at },
  })
  await tx.submittedMaterial.createMany({
    data: row.materials.map((m) => ({
      id: m.id,
      applicationId: row.applicationId,
      code: m.code,
      documentRef: m.documentRef,
      submittedAt: row.at,
      submittedBy: row.by,
    })),
  })
}

export async function releaseCertificate(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.application.update({ where: { id }, data: { certificate: 'released', releasedAt: at } })
}

export async function recordStepOutcome(
  tx: Tx,
  id: string,
  outcome: StepOutcome,
  decided: { at: Date; on: string; releasedAt: Date },
): Promise<void> {
  await tx.application.update({
    where: { id },
    data: {
      status: outcome.status,
      certificate: outcome.certificate,
      decidedAt: decided.at,
      decidedOn: dateColumn(decided.on),
      ...(outcome.release ? { releasedAt: decided.releasedAt } : {}),
    },
  })
}

/**
 * Applications that may owe a material past its promised day and not yet reported, in id order after `after`: the
 * candidates of the 容缺 overdue sweep. No locks: the sweep locks an application only when it finds something due.
 * Only accepted ones: a receipt not yet accepted (接件) has no tasks, so no department could hear of it; once accepted,
 * a day already past is reported on the next pass.
 */
export async function overdueCandidates(
  tx: Tx,
  today: string,
  after: string | undefined,
  limit: number,
): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT DISTINCT d.application_id::text AS id
      FROM deficiency d JOIN application a ON a.id = d.application_id
     WHERE d.cured_at IS NULL AND d.overdue_at IS NULL AND d.promised_on < ${today}::date
       AND a.status IN ('open', 'approved') AND a.accepted_at IS NOT NULL
       ${after === undefined ? Prisma.empty : Prisma.sql`AND d.application_id > ${after}::uuid`}
     ORDER BY 1
     LIMIT ${limit}`
  return rows.map((r) => r.id)
}

/** What the 容缺 overdue sweep decides on: the application's materials still owed and not yet reported overdue. */
export type UnreportedDeficiencies = OwingApplication & { applicationId: string; projectId: string }

/**
 * The application's unreported owed materials: as they stand, or with the application taken `FOR UPDATE SKIP LOCKED`
 * (undefined while a command or another replica's pass holds it, so the sweep never waits on it).
 */
export async function unreportedDeficiencies(
  tx: Tx,
  id: string,
  lock: boolean,
): Promise<UnreportedDeficiencies | undefined> {
  if (lock) {
    const locked = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id::text AS id FROM application WHERE id = ${id}::uuid FOR UPDATE SKIP LOCKED`
    if (locked.length === 0) return undefined
  }
  const row = await tx.application.findUnique({
    where: { id },
    select: {
      projectId: true,
      status: true,
      deficiencies: {
        where: { curedAt: null, overdueAt: null },
        orderBy: { material: 'asc' },
        select: { material: true, promisedOn: true },
      },
    },
  })
  if (!row) return undefined
  return {
    applicationId: id,
    projectId: row.projectId,
    status: row.status as ApplicationState['status'],
    owed: row.deficiencies.map((d) => ({ material: d.material, promisedOn: storedDate(d.promisedOn) })),
  }
}

/** A stored date as text even when it is no calendar day JavaScript can print, so deciding on it, not reading it, fails. */
const storedDate = (d: Date): string => (Number.isNaN(d.getTime()) ? String(d) : legalDateColumn(d))

/** Marks the materials reported overdue, in the transaction that writes their events: each is reported once. */
export async function markOverdue(tx: Tx, applicationId: string, materials: readonly string[], at: Date) {
  await tx.deficiency.updateMany({
    where: { applicationId, material: { in: [...materials] }, overdueAt: null },
    data: { overdueAt: at },
  })
}

/** A receipt as its decisions (accept, refuse, withdraw, deemed acceptance) read it, with what they publish. */
export type ReceiptRow = ReceiptState & {
  applicationId: string
  projectId: string
  step: string
  region: string
  ownerCreditCode: string
  pendingAcceptance: Omit<ApplicationAcceptedV1, 'receipt'> | undefined
}

/**
 * The application's receipt, its row locked for this transaction (`skipLocked`: undefined while a command or another
 * replica's pass holds it, so the deemed-acceptance sweep never waits on it). A row received and accepted before
 * receipts were kept reads as accepted at once.
 */
export async function lockReceipt(
  tx: Tx,
  id: string,
  lock: 'wait' | 'skip-locked' | 'none',
): Promise<ReceiptRow | undefined> {
  if (lock !== 'none') {
    const locked =
      lock === 'wait'
        ? await tx.$queryRaw<
            Array<{ id: string }>
          >`SELECT id::text AS id FROM application WHERE id = ${id}::uuid FOR UPDATE`
        : await tx.$queryRaw<Array<{ id: string }>>`
            SELECT id::text AS id FROM application WHERE id = ${id}::uuid FOR UPDATE SKIP LOCKED`
    if (locked.length === 0) return undefined
  }
  const row = await tx.application.findUnique({
    where: { id },
    select: {
      projectId: true,
      step: true,
      status: true,
      acceptedAt: true,
      receivedAt: true,
      receivedOn: true,
      receivedBy: true,
      receipt: true,
      pendingAcceptance: true,
      project: { select: { region: true, ownerCreditCode: true } },
    },
  })
  if (!row) return undefined
  // A row kept before receipts were: its receipt made from its columns is checked as a stored one is, so a stored
  // 'infinity' is this row's `UnreadableStoredRow` (the deemed-acceptance sweep skips and logs it), not a RangeError.
  const receipt =
    storedReceipt(id, row.receipt) ??
    (storedReceipt(id, {
      nationalCode: row.acceptedAt ? 3 : 1,
      receivedAt: instantText(row.receivedAt),
      receivedOn: dayText(row.receivedOn),
      receivedBy: row.receivedBy,
    }) as ApplicationReceipt)
  return {
    applicationId: id,
    projectId: row.projectId,
    step: row.step,
    region: row.project.region,
    ownerCreditCode: row.project.ownerCreditCode,
    status: row.status as ReceiptState['status'],
    accepted: row.acceptedAt !== null,
    receipt,
    pendingAcceptance: applicationColumns.pendingAcceptance.parsed(id, row.pendingAcceptance) ?? undefined,
  }
}

/** 受理 of a receipt: its acceptance's moment and day (the receipt day when by law), the pending body spent. */
export async function recordReceiptAccepted(
  tx: Tx,
  id: string,
  accepted: { at: Date; on: string; by: string; receipt: ApplicationReceipt },
): Promise<void> {
  await tx.application.update({
    where: { id },
    data: {
      acceptedAt: accepted.at,
      acceptedOn: dateColumn(accepted.on),
      acceptedBy: accepted.by,
      receipt: accepted.receipt,
      pendingAcceptance: Prisma.DbNull,
    },
  })
}

/** 撤件 or 不受理 / 不予受理: the application is closed with its receipt; it blocks no new application of its step. */
export async function recordReceiptClosed(tx: Tx, id: string, receipt: ApplicationReceipt): Promise<void> {
  await tx.application.update({
    where: { id },
    data: {
      status: receipt.nationalCode === 2 ? 'withdrawn' : 'refused',
      receipt,
      pendingAcceptance: Prisma.DbNull,
    },
  })
}

/**
 * Receipts still undecided whose receipt day is more than five natural days before `today` (five working days are
 * never fewer), in id order after `after`: the deemed-acceptance sweep's candidates. No locks.
 */
export async function undecidedReceipts(
  tx: Tx,
  today: string,
  after: string | undefined,
  limit: number,
): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text AS id FROM application
     WHERE status = 'open' AND accepted_at IS NULL AND received_on < ${today}::date - 5
       ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`}
     ORDER BY id
     LIMIT ${limit}`
  return rows.map((r) => r.id)
}

/** A receipt accepted later: the ApplicationAcceptedV1 body (without its receipt) kept until its acceptance. */
export async function keepPendingAcceptance(
  tx: Tx,
  id: string,
  pending: Omit<ApplicationAcceptedV1, 'receipt'>,
): Promise<void> {
  await tx.application.update({ where: { id }, data: { pendingAcceptance: pending } })
}

/** The receipt's notice given or answered: the receipt as published; an answer's materials kept with who gave them. */
export async function recordReceipt(
  tx: Tx,
  id: string,
  receipt: ApplicationReceipt,
  answer?: { materials: Array<{ id: string; code: string; documentRef: string }>; at: Date; by: string },
): Promise<void> {
  await tx.application.update({ where: { id }, data: { receipt } })
  if (!answer) return
  await tx.submittedMaterial.createMany({
    data: answer.materials.map((m) => ({
      id: m.id,
      applicationId: id,
      code: m.code,
      documentRef: m.documentRef,
      submittedAt: answer.at,
      submittedBy: answer.by,
    })),
  })
}

/** A 告知承诺 commitment whose verify-by day a published calendar may move: its clock, as stored. */
export type OpenCommitment = {
  applicationId: string
  projectId: string
  item: string
  verifyBy: string
  limit: { value: number; unit: 'W' | 'N' }
  /** The application's acceptance day, from which `verifyBy` was counted. */
  start: string
  region: string
}

/**
 * The commitments with a kept limit whose verify-by day has not passed on `today`, of accepted applications neither
 * rejected, withdrawn nor refused, locked: a publication re-projects them. A day already passed stays (the verification was due on it).
 */
export async function lockOpenCommitments(tx: Tx, today: string): Promise<OpenCommitment[]> {
  const rows = await tx.$queryRaw<
    Array<{
      application_id: string
      project_id: string
      item: string
      verify_by: string
      value: number
      unit: 'W' | 'N'
      accepted_on: string
      region: string
    }>
  >`SELECT c.application_id::text, a.project_id::text, c.item, c.verify_by::text, c.verify_limit_value AS value,
           c.verify_limit_unit AS unit, a.accepted_on::text, p.region
      FROM commitment c JOIN application a ON a.id = c.application_id JOIN project p ON p.id = a.project_id
     WHERE c.verify_limit_value IS NOT NULL AND a.status IN ('open', 'approved') AND a.accepted_on IS NOT NULL
       AND c.verify_by >= ${today}::date
     ORDER BY c.application_id, c.item
       FOR UPDATE OF c`
  return rows.map((r) => ({
    applicationId: r.application_id,
    projectId: r.project_id,
    item: r.item,
    verifyBy: r.verify_by,
    limit: { value: r.value, unit: r.unit },
    start: r.accepted_on,
    region: r.region,
  }))
}

/** A commitment's verify-by day as a published calendar moved it. */
export async function moveVerifyBy(tx: Tx, applicationId: string, item: string, verifyBy: string): Promise<void> {
  await tx.$executeRaw`UPDATE commitment SET verify_by = ${verifyBy}::date
                        WHERE application_id = ${applicationId}::uuid AND item = ${item}`
}

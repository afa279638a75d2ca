import { ReadModelRefusal } from '@onewindow/messaging'
import {
  type AcceptanceCase,
  type ApplicationPatch,
  type DeficiencyPatch,
  type NoticeBody,
  type Projection,
  type RegistrationCase,
  type SignedCertificate,
  supersedes,
  type TaskSnapshot,
  type UtilityRequest,
} from '../domain/projectors.js'
import type { Prisma } from '../generated/client.js'
import { dateColumn, type Tx } from './client.js'

const json = (v: unknown) => v as Prisma.InputJsonValue
const instant = (s: string | undefined) => (s === undefined ? undefined : new Date(s))
const day = (s: string | undefined) => (s === undefined ? undefined : dateColumn(s))
/** Drops undefined members, so an update leaves the columns an event does not carry as they are. */
const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>
  }

/**
 * Writes one event's projection inside the batch's transaction (in the event's savepoint); a failed check throws a
 * refusal, so the event's writes are rolled back and it is dead-lettered: in stream order the cause is always
 * applied before its effect, so an effect without its cause is an inconsistent stream, never something to wait for.
 */
export async function applyProjection(tx: Tx, p: Projection): Promise<void> {
  for (const w of p.writes) {
    switch (w.kind) {
      case 'check-decided-tasks': {
        const decided = await tx.task.count({
          where: { id: { in: w.taskIds }, status: { in: ['approved', 'rejected', 'closed'] } },
        })
        if (decided < w.taskIds.length) {
          throw new ReadModelRefusal(
            `step decision before its task decisions: ${w.taskIds.length - decided} of its ${w.taskIds.length} task(s) not decided here`,
          )
        }
        break
      }
      case 'check-cured-deficiencies': {
        const owed = await tx.deficiency.count({ where: { applicationId: w.applicationId, curedAt: null } })
        if (owed > 0)
          throw new ReadModelRefusal(`certificate released before its cures: ${owed} material(s) still owed here`)
        break
      }
      case 'settle-pending':
        await tx.pendingWrite.deleteMany({ where: { id: w.id } })
        break
      case 'project': {
        const r = w.row
        const data = {
          id: r.projectId,
          projectCode: r.projectCode,
          name: r.name,
          projectType: r.projectType,
          region: r.region,
          ownerName: r.ownerName,
          ownerCreditCode: r.ownerCreditCode,
          investmentFen: BigInt(r.investmentFen),
          location: r.location ?? null,
          catalogueVersion: r.catalogueVersion ?? null,
          ...(r.flow === undefined ? {} : { flow: json(r.flow) }),
          ...(r.cap === undefined ? {} : { cap: json(r.cap) }),
          registeredAt: new Date(r.registeredAt),
        }
        await tx.project.upsert({ where: { id: r.projectId }, create: data, update: data })
        break
      }
      case 'application':
        await upsertApplication(tx, w.row)
        break
      case 'deficiency':
        await upsertDeficiency(tx, w.row)
        break
      case 'task':
        await upsertTask(tx, w.row)
        break
      case 'notice':
        await upsertNotice(tx, w.row)
        break
      case 'acceptance':
        await upsertAcceptance(tx, w.row)
        break
      case 'utility':
        await upsertUtility(tx, w.row)
        break
      case 'registration':
        await upsertRegistration(tx, w.row)
        break
      case 'certificate':
        await insertCertificate(tx, w.row, w.issuedAt)
        break
      case 'alert': {
        const r = w.row
        await tx.clockAlert.createMany({
          data: [
            {
              eventId: r.eventId,
              taskId: r.taskId,
              projectId: r.projectId,
              kind: r.kind,
              clock: r.clock,
              department: r.department,
              item: r.item,
              suspensionId: r.suspensionId ?? null,
              suspensionKind: r.suspensionKind ?? null,
              dueOn: dateColumn(r.dueOn),
              detectedOn: dateColumn(r.detectedOn),
              detectedAt: new Date(r.detectedAt),
              used: r.used,
              limitValue: r.limit,
            },
          ],
          skipDuplicates: true,
        })
        break
      }
    }
  }
  const t = p.timeline
  await tx.timelineEntry.createMany({
    data: [
      {
        eventId: t.eventId,
        projectId: t.projectId,
        occurredAt: new Date(t.occurredAt),
        type: t.type,
        subject: t.subject,
        summary: t.summary,
        actor: t.actor ?? null,
        department: t.department ?? null,
      },
    ],
    skipDuplicates: true,
  })
}

async function upsertApplication(tx: Tx, r: ApplicationPatch) {
  const fields = defined({
    step: r.step,
    stepName: r.stepName,
    stage: r.stage,
    receiptNumber: r.receiptNumber,
    withDeficiencies: r.withDeficiencies,
    ownerCreditCode: r.ownerCreditCode,
    items: r.items === undefined ? undefined : json(r.items),
    acceptedAt: instant(r.acceptedAt),
    acceptedOn: day(r.acceptedOn),
    decision: r.decision === undefined ? undefined : json(r.decision),
    certificateReleasedAt: instant(r.certificateReleasedAt),
  })
  await tx.application.upsert({
    where: { id: r.applicationId },
    create: { id: r.applicationId, projectId: r.projectId, ...fields },
    update: fields,
  })
}

async function upsertDeficiency(tx: Tx, r: DeficiencyPatch) {
  const fields = defined({
    name: r.name,
    promisedOn: day(r.promisedOn),
    curedAt: instant(r.curedAt),
    curedOn: day(r.curedOn),
    overdueAt: instant(r.overdueAt),
  })
  await tx.deficiency.upsert({
    where: { applicationId_material: { applicationId: r.applicationId, material: r.material } },
    create: { applicationId: r.applicationId, material: r.material, projectId: r.projectId, ...fields },
    update: fields,
  })
}

/**
 * Insert, or lock the stored row and replace it only when the incoming version is newer (a replayed dead letter
 * carries an older snapshot than the one stored).
 */
async function upsertVersioned(
  tx: Tx,
  table: 'task' | 'supplement_notice' | 'acceptance_case' | 'utility_request' | 'registration_case',
  id: string,
  version: number,
  insert: () => Promise<{ count: number }>,
  update: () => Promise<unknown>,
) {
  if ((await insert()).count === 1) return
  const rows = await lockVersion[table](tx, id)
  if (supersedes(rows[0]?.version, version)) await update()
}

type VersionRows = Promise<Array<{ version: number }>>
/** The stored version of a snapshot row, locked; one tagged statement per table (a table name is not a parameter). */
const lockVersion = {
  task: (tx: Tx, id: string): VersionRows => tx.$queryRaw`SELECT version FROM task WHERE id = ${id}::uuid FOR UPDATE`,
  supplement_notice: (tx: Tx, id: string): VersionRows =>
    tx.$queryRaw`SELECT version FROM supplement_notice WHERE id = ${id}::uuid FOR UPDATE`,
  acceptance_case: (tx: Tx, id: string): VersionRows =>
    tx.$queryRaw`SELECT version FROM acceptance_case WHERE id = ${id}::uuid FOR UPDATE`,
  utility_request: (tx: Tx, id: string): VersionRows =>
    tx.$queryRaw`SELECT version FROM utility_request WHERE id = ${id}::uuid FOR UPDATE`,
  registration_case: (tx: Tx, id: string): VersionRows =>
    tx.$queryRaw`SELECT version FROM registration_case WHERE id = ${id}::uuid FOR UPDATE`,
}

async function upsertTask(tx: Tx, t: TaskSnapshot) {
  const data = {
    applicationId: t.applicationId,
    projectId: t.projectId,
    department: t.department,
    item: t.item,
    status: t.status,
    nationalCode: t.nationalCode,
    version: t.version,
    dueOn: day(t.dueOn) ?? null,
    snapshot: json(t),
    updatedAt: new Date(t.updatedAt),
  }
  await upsertVersioned(
    tx,
    'task',
    t.taskId,
    t.version,
    () => tx.task.createMany({ data: [{ id: t.taskId, ...data }], skipDuplicates: true }),
    () => tx.task.update({ where: { id: t.taskId }, data }),
  )
}

async function upsertNotice(tx: Tx, n: NoticeBody) {
  const data = {
    applicationId: n.applicationId,
    projectId: n.projectId,
    version: n.version,
    status: n.status,
    requests: json(n.requests),
    issuedAt: new Date(n.issuedAt),
    answeredAt: instant(n.answeredAt) ?? null,
  }
  await upsertVersioned(
    tx,
    'supplement_notice',
    n.noticeId,
    n.version,
    () => tx.supplementNotice.createMany({ data: [{ id: n.noticeId, ...data }], skipDuplicates: true }),
    () => tx.supplementNotice.update({ where: { id: n.noticeId }, data }),
  )
}

async function upsertAcceptance(tx: Tx, c: AcceptanceCase) {
  const data = {
    projectId: c.projectId,
    lead: c.lead,
    status: c.status,
    version: c.version,
    snapshot: json(c),
    updatedAt: new Date(c.updatedAt),
  }
  await upsertVersioned(
    tx,
    'acceptance_case',
    c.caseId,
    c.version,
    () => tx.acceptanceCase.createMany({ data: [{ id: c.caseId, ...data }], skipDuplicates: true }),
    () => tx.acceptanceCase.update({ where: { id: c.caseId }, data }),
  )
}

async function upsertUtility(tx: Tx, r: UtilityRequest) {
  const data = {
    projectId: r.projectId,
    provider: r.provider,
    stage: r.stage,
    version: r.version,
    snapshot: json(r),
    updatedAt: new Date(r.updatedAt),
  }
  await upsertVersioned(
    tx,
    'utility_request',
    r.requestId,
    r.version,
    () => tx.utilityRequest.createMany({ data: [{ id: r.requestId, ...data }], skipDuplicates: true }),
    () => tx.utilityRequest.update({ where: { id: r.requestId }, data }),
  )
}

async function upsertRegistration(tx: Tx, c: RegistrationCase) {
  const data = {
    projectId: c.projectId,
    status: c.status,
    version: c.version,
    snapshot: json(c),
    updatedAt: new Date(c.updatedAt),
  }
  await upsertVersioned(
    tx,
    'registration_case',
    c.caseId,
    c.version,
    () => tx.registrationCase.createMany({ data: [{ id: c.caseId, ...data }], skipDuplicates: true }),
    () => tx.registrationCase.update({ where: { id: c.caseId }, data }),
  )
}

async function insertCertificate(tx: Tx, c: SignedCertificate, issuedAt: string) {
  const b = c.body
  await tx.certificate.createMany({
    data: [
      {
        id: b.certificateId,
        projectId: b.projectId,
        kind: b.kind,
        number: b.number,
        title: b.title,
        ownerCreditCode: b.owner.creditCode,
        item: b.item ?? null,
        signed: json(c),
        issuedAt: new Date(issuedAt),
      },
    ],
    skipDuplicates: true,
  })
}

import type { AcceptedApplication, ApplicationState } from '../domain/application.js'
import type { Application, Commitment, Deficiency } from '../generated/client.js'
import { dateColumn, legalDateColumn, type Tx } from './client.js'

type Full = Application & { deficiencies: Deficiency[]; commitments: Commitment[] }

/** The application as the service answers it. */
export const applicationView = (a: Full) => ({
  applicationId: a.id,
  projectId: a.projectId,
  step: a.step,
  stepName: a.stepName,
  receiptNumber: a.receiptNumber,
  outcome: a.outcome,
  status: a.status,
  certificate: a.certificate,
  catalogueVersion: a.catalogueVersion,
  acceptedAt: a.acceptedAt.toISOString(),
  acceptedOn: legalDateColumn(a.acceptedOn),
  ...(a.decidedOn ? { decidedOn: legalDateColumn(a.decidedOn) } : {}),
  items: a.items,
  deficiencies: a.deficiencies
    .sort((x, y) => x.material.localeCompare(y.material))
    .map((d) => ({
      material: d.material,
      name: d.name,
      promisedOn: legalDateColumn(d.promisedOn),
      cured: d.curedAt !== null,
      overdue: d.overdueAt !== null,
    })),
  commitments: a.commitments
    .sort((x, y) => x.item.localeCompare(y.item))
    .map((c) => ({ item: c.item, verifyBy: legalDateColumn(c.verifyBy) })),
})

export const findApplication = (tx: Tx, id: string) =>
  tx.application.findUnique({ where: { id }, include: { deficiencies: true, commitments: true } })

/** Locks the application row for this transaction and returns the state curing and deciding work on. */
export async function lockApplicationState(
  tx: Tx,
  id: string,
): Promise<(ApplicationState & { projectId: string; step: string }) | undefined> {
  const rows = await tx.$queryRawUnsafe<
    Array<{ status: string; certificate: string; project_id: string; step: string }>
  >(
    'SELECT status, certificate, project_id::text AS project_id, step FROM application WHERE id = $1::uuid FOR UPDATE',
    id,
  )
  const row = rows[0]
  if (!row) return undefined
  const owed = await tx.deficiency.findMany({
    where: { applicationId: id, curedAt: null },
    orderBy: { material: 'asc' },
  })
  return {
    status: row.status as ApplicationState['status'],
    certificate: row.certificate as ApplicationState['certificate'],
    owed: owed.map((d) => d.material),
    projectId: row.project_id,
    step: row.step,
  }
}

/** The next receipt number of the day: `<region>-<yyyymmdd>-<6-digit sequence>`. */
export async function nextReceiptNumber(tx: Tx, region: string, today: string): Promise<string> {
  const [row] = await tx.$queryRawUnsafe<Array<{ n: bigint }>>("SELECT nextval('receipt_seq') AS n")
  return `${region}-${today.replaceAll('-', '')}-${String(row?.n ?? 0).padStart(6, '0')}`
}

export async function insertApplication(
  tx: Tx,
  row: {
    id: string
    projectId: string
    step: string
    stepName: string
    receiptNumber: string
    catalogueVersion: string
    form: Record<string, unknown>
    accepted: AcceptedApplication
    materials: Array<{ id: string; code: string; documentRef: string }>
    at: Date
    today: string
    by: string
  },
): Promise<void> {
  await tx.application.create({
    data: {
      id: row.id,
      projectId: row.projectId,
      step: row.step,
      stepName: row.stepName,
      receiptNumber: row.receiptNumber,
      outcome: row.accepted.outcome,
      status: 'open',
      certificate: 'none',
      catalogueVersion: row.catalogueVersion,
      form: row.form as object,
      items: row.accepted.items,
      acceptedAt: row.at,
      acceptedOn: dateColumn(row.today),
      acceptedBy: row.by,
    },
  })
  if (row.materials.length > 0) {
    await tx.submittedMaterial.createMany({
      data: row.materials.map((m) => ({
        id: m.id,
        applicationId: row.id,
        code: m.code,
        documentRef: m.documentRef,
        submittedAt: row.at,
        submittedBy: row.by,
      })),
    })
  }
  if (row.accepted.deficiencies.length > 0) {
    await tx.deficiency.createMany({
      data: row.accepted.deficiencies.map((d) => ({
        applicationId: row.id,
        material: d.material,
        name: d.name,
        promisedOn: dateColumn(d.promisedOn),
      })),
    })
  }
  if (row.accepted.commitments.length > 0) {
    await tx.commitment.createMany({
      data: row.accepted.commitments.map((c) => ({
        applicationId: row.id,
        item: c.item,
        verifyBy: dateColumn(c.verifyBy),
      })),
    })
  }
}

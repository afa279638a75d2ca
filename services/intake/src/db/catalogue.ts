import type { CatalogueData, Problem } from '@onewindow/catalogue'
import type { StoredVersion, UploadedVersion } from '../domain/catalogue.js'
import { dateColumn, legalDateColumn, type Tx } from './client.js'

/** A version as the admin routes show it. */
export type CatalogueVersionView = StoredVersion & {
  uploadedAt: string
  activatedAt: string | null
  warnings: Problem[]
}

type Row = {
  pin: string
  region: string
  version: string
  hash: string
  warnings: unknown
  uploadedAt: Date
  activeFrom: Date | null
  activatedAt: Date | null
}

const view = (r: Row): CatalogueVersionView => ({
  pin: r.pin,
  region: r.region,
  version: r.version,
  activeFrom: r.activeFrom ? legalDateColumn(r.activeFrom) : null,
  uploadedAt: r.uploadedAt.toISOString(),
  activatedAt: r.activatedAt ? r.activatedAt.toISOString() : null,
  warnings: r.warnings as Problem[],
})

const columns = {
  pin: true,
  region: true,
  version: true,
  hash: true,
  warnings: true,
  uploadedAt: true,
  activeFrom: true,
  activatedAt: true,
} as const

/** The stored version of a region by name, with its hash (an upload of the same content again is answered with it). */
export async function findVersion(
  tx: Tx,
  region: string,
  version: string,
): Promise<(CatalogueVersionView & { hash: string }) | undefined> {
  const row = await tx.catalogueVersion.findUnique({ where: { region_version: { region, version } }, select: columns })
  return row ? { ...view(row), hash: row.hash } : undefined
}

/** Stores an upload; undefined when a concurrent upload stored the name first (the caller reads it again). */
export async function insertVersion(
  tx: Tx,
  v: UploadedVersion & { document: unknown; at: Date; by: string },
): Promise<(CatalogueVersionView & { hash: string }) | undefined> {
  const { count } = await tx.catalogueVersion.createMany({
    data: [
      {
        pin: v.pin,
        region: v.region,
        version: v.version,
        hash: v.hash,
        document: v.document as object,
        data: v.data as object,
        warnings: v.warnings as object[],
        uploadedAt: v.at,
        uploadedBy: v.by,
      },
    ],
    skipDuplicates: true,
  })
  return count === 1 ? findVersion(tx, v.region, v.version) : undefined
}

/**
 * Every version of a region, locked: an activation decides against the others' start days, and two activations of
 * one region take turns.
 */
export async function lockRegionVersions(tx: Tx, region: string): Promise<StoredVersion[]> {
  const rows = await tx.$queryRaw<Array<{ pin: string; region: string; version: string; activeFrom: Date | null }>>`
    SELECT pin, region, version, active_from AS "activeFrom"
      FROM catalogue_version WHERE region = ${region} ORDER BY pin FOR UPDATE`
  return rows.map((r) => ({ ...r, activeFrom: r.activeFrom ? legalDateColumn(r.activeFrom) : null }))
}

export async function markActivated(
  tx: Tx,
  pin: string,
  a: { activeFrom: string; at: Date; by: string },
): Promise<{ view: CatalogueVersionView; data: CatalogueData }> {
  await tx.catalogueVersion.update({
    where: { pin },
    data: { activeFrom: dateColumn(a.activeFrom), activatedAt: a.at, activatedBy: a.by },
  })
  const row = await tx.catalogueVersion.findUniqueOrThrow({ where: { pin }, select: { ...columns, data: true } })
  return { view: view(row), data: row.data as unknown as CatalogueData }
}

export async function listVersions(tx: Tx, region?: string): Promise<CatalogueVersionView[]> {
  const rows = await tx.catalogueVersion.findMany({
    ...(region ? { where: { region } } : {}),
    select: columns,
    orderBy: [{ region: 'asc' }, { uploadedAt: 'asc' }],
  })
  return rows.map(view)
}

/** The activated versions of these regions that have started by `date`. */
export async function startedVersions(
  tx: Tx,
  regions: readonly string[],
  date: string,
): Promise<Array<{ region: string; pin: string; activeFrom: string }>> {
  const rows = await tx.catalogueVersion.findMany({
    where: { region: { in: [...regions] }, activeFrom: { lte: dateColumn(date) } },
    select: { region: true, pin: true, activeFrom: true },
  })
  return rows.map((r) => ({ region: r.region, pin: r.pin, activeFrom: legalDateColumn(r.activeFrom as Date) }))
}

/** The resolved data of a stored version, read in the command's own transaction (a version never changes). */
export async function storedData(tx: Tx, pin: string): Promise<CatalogueData | undefined> {
  const row = await tx.catalogueVersion.findUnique({ where: { pin }, select: { data: true } })
  return row ? (row.data as unknown as CatalogueData) : undefined
}

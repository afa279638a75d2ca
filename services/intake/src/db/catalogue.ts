import type { CatalogueData, Problem } from '@onewindow/catalogue'
import { Instant, LegalDate } from '@onewindow/contracts'
import { dayText, instantText, readEach, type StoredRows, storedState } from '@onewindow/db'
import { Type } from 'typebox'
import type { StoredVersion, UploadedVersion } from '../domain/catalogue.js'
import { dateColumn, type Tx } from './client.js'

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

/**
 * A version's dates, read back checked: a stored 'infinity' (or a day past 2099) is no legal day and no instant, so
 * the row is `UnreadableStoredRow` of `@onewindow/db` — left out of a list, never the reason a list, a registration
 * or another version's activation fails.
 */
const StartDay = Type.Union([LegalDate, Type.Null()])
const startDay = storedState('catalogue version', Type.Object({ activeFrom: StartDay }))
const viewDates = storedState(
  'catalogue version',
  Type.Object({ activeFrom: StartDay, uploadedAt: Instant, activatedAt: Type.Union([Instant, Type.Null()]) }),
)

/** The day a version starts on, null when it is not activated; `UnreadableStoredRow` when it is no legal day. */
const activeFromOf = (pin: string, activeFrom: Date | number | null): string | null =>
  startDay.parsed(pin, { activeFrom: activeFrom === null ? null : dayText(activeFrom) }).activeFrom

const view = (r: Row): CatalogueVersionView => ({
  pin: r.pin,
  region: r.region,
  version: r.version,
  ...viewDates.parsed(r.pin, {
    activeFrom: r.activeFrom === null ? null : dayText(r.activeFrom),
    uploadedAt: instantText(r.uploadedAt),
    activatedAt: r.activatedAt === null ? null : instantText(r.activatedAt),
  }),
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
 * The version `version` of a region and the region's others, all locked: an activation decides against the others'
 * start days, and two activations of one region take turns. Another version whose stored start is no legal day (a
 * '-infinity') cannot fall on a legal day: it is left out of `rows` and named in `unreadable`. The version's own
 * damage is thrown (`UnreadableStoredRow`): the activation needs that row.
 */
export async function lockRegionVersions(
  tx: Tx,
  region: string,
  version: string,
): Promise<{ version: StoredVersion | undefined } & StoredRows<StoredVersion>> {
  const rows = await tx.$queryRaw<
    Array<{ pin: string; region: string; version: string; activeFrom: Date | number | null }>
  >`
    SELECT pin, region, version, active_from AS "activeFrom"
      FROM catalogue_version WHERE region = ${region} ORDER BY pin FOR UPDATE`
  const stored = (r: (typeof rows)[number]): StoredVersion => ({ ...r, activeFrom: activeFromOf(r.pin, r.activeFrom) })
  const own = rows.find((r) => r.version === version)
  return {
    version: own && stored(own),
    ...readEach(
      rows.filter((r) => r !== own),
      stored,
    ),
  }
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

/** The versions as the admin routes list them; a row whose dates do not read is left out and named. */
export async function listVersions(tx: Tx, region?: string): Promise<StoredRows<CatalogueVersionView>> {
  const rows = await tx.catalogueVersion.findMany({
    ...(region ? { where: { region } } : {}),
    select: columns,
    orderBy: [{ region: 'asc' }, { uploadedAt: 'asc' }],
  })
  return readEach(rows, view)
}

/**
 * The activated versions of these regions that have started by `date`. A stored '-infinity' start is before every
 * day, but it is no day a version started on: that version is left out (named in `unreadable`), and the versions
 * that did start decide.
 */
export async function startedVersions(
  tx: Tx,
  regions: readonly string[],
  date: string,
): Promise<StoredRows<{ region: string; pin: string; activeFrom: string }>> {
  const rows = await tx.catalogueVersion.findMany({
    where: { region: { in: [...regions] }, activeFrom: { lte: dateColumn(date) } },
    select: { region: true, pin: true, activeFrom: true },
  })
  return readEach(rows, (r) => ({
    region: r.region,
    pin: r.pin,
    activeFrom: activeFromOf(r.pin, r.activeFrom) as string,
  }))
}

/** The resolved data of a stored version, read in the command's own transaction (a version never changes). */
export async function storedData(tx: Tx, pin: string): Promise<CatalogueData | undefined> {
  const row = await tx.catalogueVersion.findUnique({ where: { pin }, select: { data: true } })
  return row ? (row.data as unknown as CatalogueData) : undefined
}

import type { AssessedAreaSnapshot, LandPlotSnapshot } from '@onewindow/contracts'
import { Prisma } from '../generated/client.js'
import type { Tx } from './client.js'

/** 区域评估 and 用地清单: areas and plots as published, and the land each project is linked to. */

/** Inserts the area unless its code is taken; false when it is. */
export async function insertArea(tx: Tx, area: AssessedAreaSnapshot): Promise<boolean> {
  const { count } = await tx.assessedArea.createMany({
    data: [
      { id: area.areaId, code: area.code, region: area.region, state: area, publishedAt: new Date(area.publishedAt) },
    ],
    skipDuplicates: true,
  })
  return count === 1
}

export async function insertPlot(tx: Tx, plot: LandPlotSnapshot): Promise<boolean> {
  const { count } = await tx.landPlot.createMany({
    data: [
      {
        id: plot.plotId,
        plotCode: plot.plotCode,
        region: plot.region,
        state: plot,
        publishedAt: new Date(plot.publishedAt),
      },
    ],
    skipDuplicates: true,
  })
  return count === 1
}

export const findArea = async (tx: Tx, id: string): Promise<AssessedAreaSnapshot | undefined> =>
  ((await tx.assessedArea.findUnique({ where: { id } }))?.state as AssessedAreaSnapshot | undefined) ?? undefined

export const findPlot = async (tx: Tx, id: string): Promise<LandPlotSnapshot | undefined> =>
  ((await tx.landPlot.findUnique({ where: { id } }))?.state as LandPlotSnapshot | undefined) ?? undefined

/** Newest first; at most 500 (the list's bound). */
export const listAreas = async (tx: Tx, region?: string): Promise<AssessedAreaSnapshot[]> =>
  (
    await tx.assessedArea.findMany({
      ...(region ? { where: { region } } : {}),
      orderBy: { publishedAt: 'desc' },
      take: 500,
    })
  ).map((r) => r.state as AssessedAreaSnapshot)

export const listPlots = async (tx: Tx, region?: string): Promise<LandPlotSnapshot[]> =>
  (
    await tx.landPlot.findMany({
      ...(region ? { where: { region } } : {}),
      orderBy: { publishedAt: 'desc' },
      take: 500,
    })
  ).map((r) => r.state as LandPlotSnapshot)

export type LinkedLand = { area?: AssessedAreaSnapshot; plot?: LandPlotSnapshot }

/**
 * The area and the plot project `projectId` is linked to, as two columns `area` and `plot` (null when not linked):
 * the one read of a project's land, by {@link landOf} and inside the opening's checks (db/projects.ts
 * `lockProjectForOpening`, which must not spend a round trip of its own on it).
 */
export const linkedLandColumns = (projectId: string) => Prisma.sql`
  (SELECT a.state FROM project_land l JOIN assessed_area a ON a.id = l.area_id
    WHERE l.project_id = ${projectId}::uuid) AS area,
  (SELECT p.state FROM project_land l JOIN land_plot p ON p.id = l.plot_id
    WHERE l.project_id = ${projectId}::uuid) AS plot`

export type LinkedLandRow = { area: AssessedAreaSnapshot | null; plot: LandPlotSnapshot | null }

export const linkedLandOf = (row: LinkedLandRow | undefined): LinkedLand => ({
  ...(row?.area ? { area: row.area } : {}),
  ...(row?.plot ? { plot: row.plot } : {}),
})

/** The area and plot a project is linked to (none when it has none). */
export async function landOf(tx: Tx, projectId: string): Promise<LinkedLand> {
  const [row] = await tx.$queryRaw<LinkedLandRow[]>`SELECT ${linkedLandColumns(projectId)}`
  return linkedLandOf(row)
}

/** Links an area, a plot or both; the other link is kept. */
export async function linkLand(
  tx: Tx,
  projectId: string,
  link: { areaId?: string; plotId?: string },
  at: Date,
): Promise<void> {
  await tx.projectLand.upsert({
    where: { projectId },
    create: { projectId, ...link, updatedAt: at },
    update: { ...link, updatedAt: at },
  })
}

import type { LandPlotSnapshot } from '@onewindow/contracts'
import type { ProjectLandListEntries } from '../domain/land-list.js'
import type { Tx } from './cases.js'

/** The materials a plot's list names: what its entries allow a department to ask for. */
export const listedMaterials = (plot: Pick<LandPlotSnapshot, 'entries'>): string[] => [
  ...new Set(plot.entries.flatMap((e) => e.materials ?? [])),
]

/** 用地清单 rows; every statement runs in the caller's transaction. */
export const landListRepository = (tx: Tx) => ({
  /** Kept once per project: intake links one plot per project, so a re-sent link changes nothing. */
  async keep(projectId: string, plot: LandPlotSnapshot, linkedAt: string): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO project_land_list (project_id, plot_id, plot_code, published_on, materials, list, linked_at)
      VALUES (${projectId}::uuid, ${plot.plotId}::uuid, ${plot.plotCode}, ${plot.publishedOn}::date,
              ${JSON.stringify(listedMaterials(plot))}::jsonb, ${JSON.stringify(plot)}::jsonb, ${linkedAt}::timestamptz)
      ON CONFLICT (project_id) DO NOTHING`
  },

  /** The list, and its entries as intake published them (kept whole in `list`), for resting a defect on one. */
  async of(projectId: string): Promise<ProjectLandListEntries | undefined> {
    const [row] = await tx.$queryRaw<
      Array<{
        plot_id: string
        plot_code: string
        name: string
        published_on: string
        materials: string
        entries: string | null
      }>
    >`
      SELECT plot_id::text, plot_code, list ->> 'name' AS name, to_char(published_on, 'YYYY-MM-DD') AS published_on,
             materials::text AS materials, (list -> 'entries')::text AS entries
        FROM project_land_list WHERE project_id = ${projectId}::uuid`
    if (!row) return undefined
    return {
      plotId: row.plot_id,
      plotCode: row.plot_code,
      name: row.name,
      publishedOn: row.published_on,
      materials: JSON.parse(row.materials) as string[],
      entries: JSON.parse(row.entries ?? '[]') as ProjectLandListEntries['entries'],
    }
  },
})

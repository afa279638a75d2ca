import { LandPlotSnapshot } from '@onewindow/contracts'
import { type StateRow, storedState } from '@onewindow/db'
import type { ProjectLandListEntries } from '../domain/land-list.js'
import type { Tx } from './cases.js'

/** The materials a plot's list names: what its entries allow a department to ask for. */
export const listedMaterials = (plot: Pick<LandPlotSnapshot, 'entries'>): string[] => [
  ...new Set(plot.entries.flatMap((e) => e.materials ?? [])),
]

const plotState = storedState('project land list', LandPlotSnapshot)

/** 用地清单 rows; every statement runs in the caller's transaction. */
export const landListRepository = (tx: Tx) => ({
  /** Kept once per project: intake links one plot per project, so a re-sent link changes nothing. */
  async keep(projectId: string, plot: LandPlotSnapshot, linkedAt: string): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO project_land_list (project_id, plot_id, plot_code, published_on, list, linked_at)
      VALUES (${projectId}::uuid, ${plot.plotId}::uuid, ${plot.plotCode}, ${plot.publishedOn}::date,
              ${JSON.stringify(plot)}::jsonb, ${linkedAt}::timestamptz)
      ON CONFLICT (project_id) DO NOTHING`
  },

  /**
   * The list, and its entries as intake published them (kept whole in `list`, read back checked), for resting a
   * defect on one.
   */
  async of(projectId: string): Promise<ProjectLandListEntries | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT project_id::text AS id, list::text AS state FROM project_land_list WHERE project_id = ${projectId}::uuid`
    if (!row) return undefined
    const plot = plotState.one(row)
    return {
      plotId: plot.plotId,
      plotCode: plot.plotCode,
      name: plot.name,
      publishedOn: plot.publishedOn,
      materials: listedMaterials(plot),
      entries: plot.entries,
    }
  },
})

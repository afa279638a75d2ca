import { instantText } from '@onewindow/db'
import type { Promised } from '../domain/pending.js'
import type { ProjectRow } from '../domain/projectors.js'
import type * as Models from '../generated/models.js'
import { asCaller, type Caller, type ReaderDb } from './scope.js'

const promisedRow = (p: Models.PendingWriteModel): Promised => ({
  id: p.id,
  kind: p.kind as Promised['kind'],
  projectId: p.projectId,
  ownerCreditCode: p.ownerCreditCode,
  ...(p.region === null ? {} : { region: p.region }),
  ...(p.project === null ? {} : { project: p.project as ProjectRow }),
  since: instantText(p.since),
})

/** A promise as the status statement builds it in JSON (db/queries.ts `statusAndPromises`); absent columns null. */
export type RawPromised = Omit<Promised, 'region' | 'project'> & { region: string | null; project: ProjectRow | null }

export const promisedFromJson = (p: RawPromised): Promised => ({
  id: p.id,
  kind: p.kind,
  projectId: p.projectId,
  ownerCreditCode: p.ownerCreditCode,
  ...(p.region === null ? {} : { region: p.region }),
  ...(p.project === null ? {} : { project: p.project }),
  since: p.since,
})

/**
 * The promises the gateway made on answering 201 (see domain/pending.ts), read by field as `caller` may read them
 * (the reader role's client; row-level security, db/scope.ts).
 */
export function pendingWrites(db: ReaderDb, caller: Caller) {
  return {
    async ofProject(projectId: string): Promise<Promised[]> {
      const rows = await asCaller(db, caller, (tx) =>
        tx.pendingWrite.findMany({ where: { projectId }, orderBy: [{ since: 'asc' }, { id: 'asc' }] }),
      )
      return rows.map(promisedRow)
    },
    async byId(id: string, kind: Promised['kind']): Promise<Promised | undefined> {
      const row = await asCaller(db, caller, (tx) => tx.pendingWrite.findFirst({ where: { id, kind } }))
      return row ? promisedRow(row) : undefined
    },
  }
}
export type PendingWrites = ReturnType<typeof pendingWrites>

import { ApplicationLandList } from '@onewindow/contracts'
import { storedState } from '@onewindow/db'
import type { Tx } from './tasks.js'

const landListState = storedState('application land list', ApplicationLandList)

/**
 * 用地清单: the list each application was accepted under, kept with its step (db/tasks.ts `openStep`); every statement
 * runs in the caller's transaction.
 */
export const landListRepository = (tx: Tx) => ({
  async of(applicationId: string): Promise<ApplicationLandList | undefined> {
    const [row] = await tx.$queryRaw<Array<{ list: string }>>`
      SELECT list::text AS list FROM application_land_list WHERE application_id = ${applicationId}::uuid`
    return row ? landListState.one({ id: applicationId, state: row.list }) : undefined
  },
})

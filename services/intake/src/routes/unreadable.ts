import { UnreadableStoredRow } from '@onewindow/db'
import { ProblemError, unreadableLog } from '@onewindow/service-kit'
import type { FastifyRequest } from 'fastify'
import { type UnreadablePlace, unreadablePlace } from '../db/unreadable.js'

const PROBLEMS: Readonly<Record<UnreadablePlace['row'], { code: string; member: string; what: string }>> = {
  application: { code: 'INTAKE_APPLICATION_UNREADABLE', member: 'applicationId', what: 'Application' },
  project: { code: 'INTAKE_PROJECT_UNREADABLE', member: 'projectId', what: 'Project' },
  'assisted-case': { code: 'INTAKE_ASSIST_CASE_UNREADABLE', member: 'caseId', what: 'Assisted-service case' },
}

/**
 * Runs a read or a command whose answer stands on stored rows. One that does not read (a date stored as 'infinity',
 * a damaged JSON column) is damage, not the caller's: a 500 with a code of its own naming the row, its `table` and
 * `column`, logged once for an operator to repair — rather than an anonymous internal error. It was thrown inside the
 * command's transaction, which therefore rolled back (its audit entry with it): nothing was changed. Each route
 * plugin makes one, so each logs a damaged row once.
 */
export function answeringUnreadable() {
  const logUnreadable = unreadableLog()
  return async <T>(request: FastifyRequest, run: () => Promise<T>): Promise<T> => {
    try {
      return await run()
    } catch (err) {
      if (!(err instanceof UnreadableStoredRow)) throw err
      const place = unreadablePlace(err)
      if (!place) throw err
      logUnreadable(request.log, [err])
      const { code, member, what } = PROBLEMS[place.row]
      throw new ProblemError(500, code, `${what} ${place.id} cannot be read from storage.`, {
        [member]: place.id,
        table: place.table,
        ...(place.column === undefined ? {} : { column: place.column }),
      })
    }
  }
}

import { UnreadableStoredRow } from '@onewindow/db'
import { type DamageClassifier, ProblemError, storedRowUnreadable } from '@onewindow/service-kit'
import { type UnreadablePlace, unreadablePlace } from '../db/unreadable.js'

const PROBLEMS: Readonly<Record<UnreadablePlace['row'], { code: string; member: string; what: string }>> = {
  application: { code: 'INTAKE_APPLICATION_UNREADABLE', member: 'applicationId', what: 'Application' },
  project: { code: 'INTAKE_PROJECT_UNREADABLE', member: 'projectId', what: 'Project' },
  'assisted-case': { code: 'INTAKE_ASSIST_CASE_UNREADABLE', member: 'caseId', what: 'Assisted-service case' },
}

// A row of another kind (an intermediary engagement, a catalogue version): named by its kind and id, as every other
// service names its own.
const otherRow = storedRowUnreadable('INTAKE_STORED_ROW_UNREADABLE')

/**
 * Intake's answer to a stored row a read or a command stands on and cannot read (a date stored as 'infinity', a
 * damaged JSON column): damage, not the caller's — a 500 with a code of its own naming the row, its `table` and
 * `column`, for an operator to repair, rather than an anonymous internal error. Given to the service once
 * (`commandService`'s `damaged`), so every route answers so. A command that met one threw inside its transaction,
 * which therefore rolled back (its audit entry with it): nothing was changed. A row of another kind (a catalogue
 * version, an intermediary engagement) is `INTAKE_STORED_ROW_UNREADABLE` with its kind and id.
 */
export const unreadableProblem: DamageClassifier = (err) => {
  if (!(err instanceof UnreadableStoredRow)) return undefined
  const place = unreadablePlace(err)
  if (!place) return otherRow(err)
  const { code, member, what } = PROBLEMS[place.row]
  const problem = new ProblemError(500, code, `${what} ${place.id} cannot be read from storage.`, {
    [member]: place.id,
    table: place.table,
    ...(place.column === undefined ? {} : { column: place.column }),
  })
  return { problem, row: { kind: err.kind, id: err.id, reason: err.reason } }
}

import type { UnreadableStoredRow } from '@onewindow/db'

/**
 * Where a stored row intake could not read sits: the row it belongs to (an application, a project, a 帮办代办 case),
 * its id, and the table and column holding what does not read — what an operator repairs, named in the answer as in
 * the log.
 */
export type UnreadablePlace = {
  row: 'application' | 'project' | 'assisted-case'
  id: string
  table: string
  /** Undefined when the reason names no column this table knows. */
  column: string | undefined
}

type Place = Omit<UnreadablePlace, 'id'>

// The kinds this service's `storedState` checks are given (db/applications.ts, db/projects.ts, db/assisted.ts). A kind
// not here (a catalogue version, an engagement) is named by its kind and id alone (`INTAKE_STORED_ROW_UNREADABLE`).
const KINDS: Readonly<Record<string, Place>> = {
  'application items': { row: 'application', table: 'application', column: 'items' },
  'application receipt': { row: 'application', table: 'application', column: 'receipt' },
  'application pending acceptance': { row: 'application', table: 'application', column: 'pending_acceptance' },
  'project facts': { row: 'project', table: 'project', column: 'facts' },
  'project flow': { row: 'project', table: 'project', column: 'flow' },
  'project cap': { row: 'project', table: 'project', column: 'cap' },
  'assisted case': { row: 'assisted-case', table: 'assisted_case', column: 'state' },
}

/**
 * The application's dates as its view checks them (kind `application`), by the view's field the failure's pointer
 * starts with: a deficiency's and a commitment's days sit in rows of their own tables.
 */
const APPLICATION_DATES: Readonly<Record<string, Omit<Place, 'row'>>> = {
  receivedAt: { table: 'application', column: 'received_at' },
  receivedOn: { table: 'application', column: 'received_on' },
  acceptedAt: { table: 'application', column: 'accepted_at' },
  acceptedOn: { table: 'application', column: 'accepted_on' },
  decidedOn: { table: 'application', column: 'decided_on' },
  deficiencies: { table: 'deficiency', column: 'promised_on' },
  commitments: { table: 'commitment', column: 'verify_by' },
}

/** Where the row sits, or undefined for a kind of row no answer of intake's is made of. */
export function unreadablePlace(err: UnreadableStoredRow): UnreadablePlace | undefined {
  const known = Object.hasOwn(KINDS, err.kind) ? KINDS[err.kind] : undefined
  if (known) return { ...known, id: err.id }
  if (err.kind !== 'application') return undefined
  // The view's top field the first failure is under (`/commitments/0/verifyBy` → `commitments`).
  const field = err.pointer?.split('/')[1]
  const date = field !== undefined && Object.hasOwn(APPLICATION_DATES, field) ? APPLICATION_DATES[field] : undefined
  return { row: 'application', id: err.id, table: date?.table ?? 'application', column: date?.column }
}

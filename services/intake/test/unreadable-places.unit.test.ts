import { UnreadableStoredRow } from '@onewindow/db'
import { describe, expect, it } from 'vitest'
import { storedReceipt } from '../src/db/applications.js'
import { storedFlow } from '../src/db/projects.js'
import { unreadablePlace } from '../src/db/unreadable.js'

/** The error a check throws, for the place it names. */
const thrownBy = (read: () => unknown): UnreadableStoredRow => {
  try {
    read()
  } catch (err) {
    if (err instanceof UnreadableStoredRow) return err
    throw err
  }
  throw new Error('the check passed')
}

describe('unreadablePlace', () => {
  it('names the table and column of a damaged JSON column, read through its own check', () => {
    expect(unreadablePlace(thrownBy(() => storedReceipt('a-1', { nationalCode: 9 })))).toEqual({
      row: 'application',
      id: 'a-1',
      table: 'application',
      column: 'receipt',
    })
    expect(unreadablePlace(thrownBy(() => storedFlow('p-1', [{ step: 7 }])))).toEqual({
      row: 'project',
      id: 'p-1',
      table: 'project',
      column: 'flow',
    })
  })

  it.each([
    ['application items', 'application', 'application', 'items'],
    ['application pending acceptance', 'application', 'application', 'pending_acceptance'],
    ['project facts', 'project', 'project', 'facts'],
    ['project cap', 'project', 'project', 'cap'],
    ['assisted case', 'assisted-case', 'assisted_case', 'state'],
  ])('names a %s row', (kind, row, table, column) => {
    expect(unreadablePlace(new UnreadableStoredRow(kind, 'x-1', '/ must be object'))).toEqual({
      row,
      id: 'x-1',
      table,
      column,
    })
  })

  it('names the column of an application’s date from the failure’s pointer, a child row’s in its own table', () => {
    // As `storedState`'s check throws it: the reason for the log, the pointer beside it.
    const place = (reason: string) =>
      unreadablePlace(new UnreadableStoredRow('application', 'a-1', reason, reason.split(' ')[0]))
    expect(place('/acceptedOn must match format "date"')).toMatchObject({ table: 'application', column: 'accepted_on' })
    expect(place('/commitments/0/verifyBy must match format "date"')).toMatchObject({
      table: 'commitment',
      column: 'verify_by',
    })
    expect(place('/deficiencies/2/promisedOn must match format "date"')).toMatchObject({
      table: 'deficiency',
      column: 'promised_on',
    })
    // A pointer it does not know still names the application's row, without a column.
    expect(place('/ not a snapshot')).toEqual({
      row: 'application',
      id: 'a-1',
      table: 'application',
      column: undefined,
    })
  })

  it('names no place for a row of another kind (the service names it by kind and id alone)', () => {
    expect(unreadablePlace(new UnreadableStoredRow('catalogue version', 'v-1', '/activeFrom no day'))).toBeUndefined()
    expect(unreadablePlace(new UnreadableStoredRow('toString', 'v-1', '/'))).toBeUndefined()
  })
})

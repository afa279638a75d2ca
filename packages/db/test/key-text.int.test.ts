import { type Sql, sqltag } from '@prisma/client/runtime/client'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { dayKey, instantKey, instantOfKey, isDayKey, isInstantKey, isIsoInstantKey } from '../src/index.js'

// A cursor carries its page's last key as PostgreSQL's text of the stored value (src/key-text.ts), and a key text
// comes back from a client: it is taken only if it is exactly what PostgreSQL writes for a value the column can
// hold. Held against PostgreSQL itself: a text the check takes reads back, through the very SQL the pages use, as
// that same text; a text it refuses does not (a cast error would be a 500, another spelling another cursor). The
// session's time zone is not UTC, which an instant's key must not depend on.

let client: pg.Client
beforeAll(async () => {
  client = new pg.Client({ connectionString: inject('databaseUrl') })
  await client.connect()
  await client.query(`SET TimeZone = 'Asia/Shanghai'`)
})
afterAll(() => client?.end())

async function readsBack(text: string, sql: Sql): Promise<boolean> {
  try {
    const { rows } = await client.query<{ key: string }>(`SELECT ${sql.text} AS key`, sql.values)
    return rows[0]?.key === text
  } catch {
    return false
  }
}

const DAYS: Array<[string, boolean]> = [
  ['2026-03-02', true],
  ['2024-02-29', true],
  ['2000-02-29', true],
  ['0001-01-01', true],
  ['9999-12-31', true],
  ['10000-01-01', true],
  ['5874897-12-31', true],
  ['0001-12-31 BC', true],
  // 1 BC and 5 BC are leap years (ISO years 0 and -4), 2 BC is not.
  ['0001-02-29 BC', true],
  ['0005-02-29 BC', true],
  ['0002-02-29 BC', false],
  ['4714-11-24 BC', true],
  ['4714-11-23 BC', false],
  ['4715-01-01 BC', false],
  ['5874898-01-01', false],
  ['infinity', true],
  ['-infinity', true],
  ['2026-02-29', false],
  ['1900-02-29', false],
  ['2026-04-31', false],
  ['2026-13-01', false],
  ['2026-00-10', false],
  ['0000-01-01', false],
  ['02026-03-02', false],
  ['2026-3-2', false],
  ['20260302', false],
  [' 2026-03-02', false],
  ['2026-03-02 ', false],
  ['2026-03-02 AD', false],
  ['2026-03-02T00:00:00', false],
  ['Infinity', false],
  [' infinity', false],
  ['+infinity', false],
  ['epoch', false],
  ['today', false],
  ['', false],
]

const INSTANTS: Array<[string, boolean]> = [
  ['2026-03-02 01:00:00', true],
  ['2026-03-02 01:00:00.5', true],
  ['2026-03-02 01:00:00.12', true],
  ['2026-03-02 01:00:00.123456', true],
  ['2024-02-29 23:59:59.999999', true],
  ['0001-02-29 00:00:00 BC', true],
  ['4714-11-24 00:00:00 BC', true],
  ['10000-01-01 00:00:00', true],
  ['294276-12-31 23:59:59.999999', true],
  ['infinity', true],
  ['-infinity', true],
  ['4714-11-23 23:59:59.999999 BC', false],
  ['294277-01-01 00:00:00', false],
  ['2026-02-29 00:00:00', false],
  ['0000-01-01 00:00:00', false],
  ['2026-03-02 01:00:00.50', false],
  ['2026-03-02 01:00:00.0', false],
  ['2026-03-02 01:00:00.', false],
  ['2026-03-02 01:00:00.1234567', false],
  ['2026-03-02 24:00:00', false],
  ['2026-03-02 23:60:00', false],
  ['2026-03-02 23:59:60', false],
  ['2026-03-02 1:00:00', false],
  ['2026-03-02 01:00', false],
  ['2026-03-02', false],
  ['2026-03-02T01:00:00Z', false],
  ['2026-03-02T01:00:00.000Z', false],
  ['2026-03-02 01:00:00+00', false],
  ['2026-03-02 01:00:00 AD', false],
  ['Infinity', false],
  ['now', false],
  ['epoch', false],
]

// The edges of the years an ISO text with a four-digit year names, besides the instants above.
const ISO_EDGES = [
  '0001-01-01 00:00:00',
  '9999-12-31 23:59:59.999999',
  '10000-01-01 00:00:00',
  '0001-12-31 23:59:59.999999 BC',
  '9999-12-31 23:59:59 BC',
]

/** PostgreSQL's year of an instant key text (negative BC, ±Infinity), or undefined when it reads as none. */
async function yearOf(text: string): Promise<number | undefined> {
  try {
    const { rows } = await client.query<{ year: string }>(`SELECT extract(year FROM $1::timestamp)::text AS year`, [
      text,
    ])
    return Number(rows[0]?.year)
  } catch {
    return undefined
  }
}

describe('key text', () => {
  it('takes a day exactly when PostgreSQL reads it back as the same text', async () => {
    for (const [text, taken] of DAYS) {
      const read = await readsBack(text, dayKey(sqltag`${text}::date`))
      expect({ text, taken: isDayKey(text), read }).toEqual({ text, taken, read: taken })
    }
  })

  it('takes an instant exactly when PostgreSQL reads it back as the same text, whatever the session time zone', async () => {
    for (const [text, taken] of INSTANTS) {
      const read = await readsBack(text, instantKey(instantOfKey(text)))
      expect({ text, taken: isInstantKey(text), read }).toEqual({ text, taken, read: taken })
    }
  })

  it('takes an ISO instant key exactly for an instant key of a year PostgreSQL counts as 1 to 9999 AD', async () => {
    for (const text of [...INSTANTS.map(([t]) => t), ...ISO_EDGES]) {
      const read = await readsBack(text, instantKey(instantOfKey(text)))
      const year = read ? await yearOf(text) : undefined
      const iso = year !== undefined && year >= 1 && year <= 9999
      expect({ text, taken: isIsoInstantKey(text) }).toEqual({ text, taken: iso })
    }
  })
})

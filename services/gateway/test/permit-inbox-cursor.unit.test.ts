import { addDays, isLegalDate } from '@onewindow/workdays'
import { describe, expect, it } from 'vitest'
import { PERMIT_INBOX_DAY } from '../src/db/queries.js'
import { permitInboxKeyOf } from '../src/routes/completion.js'

// The 外线审批 list's key days are chosen in SQL by PERMIT_INBOX_DAY and read back from a cursor by isLegalDate: the
// two must be one set, or a page could hand out a cursor the route refuses (or order a day it cannot name).
describe('the outside-line permits list: one rule for a key day, in SQL and in the route', () => {
  const day = new RegExp(PERMIT_INBOX_DAY)

  it('admits exactly the legal dates, every day from 1999-12-01 to 2100-01-31 and the impossible ones', () => {
    const differ: string[] = []
    for (let d = '1999-12-01'; d <= '2100-01-31'; d = addDays(d, 1)) {
      if (day.test(d) !== isLegalDate(d)) differ.push(d)
    }
    for (const bad of [
      '2026-02-29',
      '2026-02-30',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2100-02-29',
    ]) {
      if (day.test(bad) !== isLegalDate(bad)) differ.push(bad)
      expect(day.test(bad)).toBe(false)
    }
    for (const leap of ['2000-02-29', '2024-02-29', '2096-02-29']) expect(day.test(leap)).toBe(true)
    expect(differ).toEqual([])
  })

  it('reads back a cursor a page gives and nothing else', () => {
    const id = '019a0000-0000-7000-8000-000000000000'
    expect(permitInboxKeyOf(`due~2026-03-06~${id}`)).toEqual({ by: 'due', day: '2026-03-06', id })
    expect(permitInboxKeyOf(`applied~2024-02-29~${id}`)).toEqual({ by: 'applied', day: '2024-02-29', id })
    // 容缺待补's (filter=owing): by the day granted 容缺通过.
    expect(permitInboxKeyOf(`granted~2026-03-09~${id}`)).toEqual({ by: 'granted', day: '2026-03-09', id })
    for (const bad of [
      `due~2026-02-30~${id}`,
      `due~2099-12-32~${id}`,
      `due~2026-03-06~${'-'.repeat(36)}`,
      `due~2026-03-06~${id.toUpperCase()}`,
      `soon~2026-03-06~${id}`,
      `granted~2026-02-30~${id}`,
      `due~2026-03-06~${id}~`,
      `2026-03-06~${id}`,
    ]) {
      expect([bad, permitInboxKeyOf(bad)]).toEqual([bad, undefined])
    }
  })
})

import { legalDateRange } from '@onewindow/contracts'
import dayjs from 'dayjs'
import { describe, expect, it } from 'vitest'
import {
  addressDays,
  addressPeriod,
  dayParams,
  dayText,
  inOrder,
  LAST_THREE_MONTHS,
  LEGAL_DAYS,
  legalDay,
  pickerDay,
  THIS_YEAR,
} from '../src/days.js'

const address = (query: string) => new URLSearchParams(query)

describe('the days a filter sends (the supervisor’s and the administrator’s pickers)', () => {
  it('takes the days the routes take: real calendar days, written YYYY-MM-DD, within the contracts’ range', () => {
    expect(LEGAL_DAYS).toEqual(legalDateRange)
    expect(legalDay('2026-03-02')).toBe('2026-03-02')
    expect(legalDay('2024-02-29')).toBe('2024-02-29')
    for (const refused of ['2026-02-30', '2025-02-29', '2026-04-31', '2026-13-01', '0000-00-00', '9999-12-31']) {
      expect(legalDay(refused), refused).toBeUndefined()
    }
    for (const refused of ['1999-12-31', '2100-01-01', '2026-3-2', '2026年3月2日', '', null, undefined]) {
      expect(legalDay(refused), String(refused)).toBeUndefined()
    }
    expect(legalDay(LEGAL_DAYS.from)).toBe('2000-01-01')
    expect(legalDay(LEGAL_DAYS.to)).toBe('2099-12-31')
  })

  it('hands a picker its day and the routes the picker’s, the same YYYY-MM-DD both ways', () => {
    expect(dayText(pickerDay('2026-03-02'))).toBe('2026-03-02')
    expect(pickerDay('2026-02-30')).toBeNull()
    expect(pickerDay(undefined)).toBeNull()
    expect(dayText(dayjs('2026-12-04T23:30:00'))).toBe('2026-12-04')
    expect(dayText(null)).toBeUndefined()
    expect(dayText(dayjs('not a day'))).toBeUndefined()
  })

  it('keeps a from-day not after its to-day: a reversed period is taken the right way round', () => {
    expect(inOrder({ from: '2026-03-31', to: '2026-03-01' })).toEqual({ from: '2026-03-01', to: '2026-03-31' })
    expect(inOrder({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ from: '2026-03-01', to: '2026-03-31' })
    expect(inOrder({ from: '2026-03-02', to: '2026-03-02' })).toEqual({ from: '2026-03-02', to: '2026-03-02' })
    expect(inOrder({ from: '2026-03-31' })).toEqual({ from: '2026-03-31' })
  })

  it('reads an address’s days, leaving out one the routes would refuse, in order', () => {
    expect(addressDays(address('from=2026-03-01&to=2026-03-31'))).toEqual({ from: '2026-03-01', to: '2026-03-31' })
    expect(addressDays(address('from=2026-03-31&to=2026-03-01'))).toEqual({ from: '2026-03-01', to: '2026-03-31' })
    expect(addressDays(address('from=2026-02-30&to=2026-03-31'))).toEqual({ to: '2026-03-31' })
    expect(addressDays(address('object=project:x'))).toEqual({})
    expect(dayParams({ from: '2026-03-01' })).toEqual({ from: '2026-03-01' })
    expect(dayParams({ from: '2026-03-01', to: '2026-03-02' })).toEqual({ from: '2026-03-01', to: '2026-03-02' })
  })

  it('fills what the address leaves out with the page’s default, the from-day from the to-day', () => {
    expect(addressPeriod(address('to=2026-03-31'), LAST_THREE_MONTHS)).toEqual({ from: '2026-01-01', to: '2026-03-31' })
    expect(addressPeriod(address('to=2025-06-30'), THIS_YEAR)).toEqual({ from: '2025-01-01', to: '2025-06-30' })
    expect(addressPeriod(address('from=2026-03-01&to=2026-03-31'), THIS_YEAR)).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
    })
    const today = dayjs().format('YYYY-MM-DD')
    expect(addressPeriod(address(''), LAST_THREE_MONTHS).to).toBe(today)
    expect(addressPeriod(address('to=2026-13-01'), LAST_THREE_MONTHS).to).toBe(today)
    expect(addressPeriod(address(''), THIS_YEAR)).toEqual({
      from: `${dayjs().year()}-01-01`,
      to: `${dayjs().year()}-12-31`,
    })
    // A from-day after the default to-day: the period the other way round, never one the routes refuse.
    expect(addressPeriod(address('from=2099-01-01'), LAST_THREE_MONTHS)).toEqual({ from: today, to: '2099-01-01' })
  })
})

import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { ClockCell } from '../src/components/clock-cell.js'

// 时限未定 cannot be reached in a browser on the lead's or the registrar's list: every bundled catalogue gives
// acceptance and registration a limit. The cell's words are read here, as rendered, instead.

type Props = Parameters<typeof ClockCell>[0]
/** The cell's text as a person reads it. */
const text = (props: Props) => renderToStaticMarkup(createElement(ClockCell, props)).replace(/<[^>]+>/g, '')

/** 8 W from Wednesday 4 March, read on the 11th: due Monday 16th, 3 left. */
const counted: Props = {
  clock: { limit: { value: 8, unit: 'W' }, start: '2026-03-04' },
  state: {
    evaluatedOn: '2026-03-11',
    due: '2026-03-16',
    used: 5,
    remaining: 3,
    overdueBy: 0,
    level: 'green',
    overdue: false,
    suspended: false,
    provisional: false,
    suspensions: [],
  },
}

describe('the clock cell of a case its region sets no limit for', () => {
  it('says 时限未定, with no due day, no days left and no tag', () => {
    const shown = text({ clock: undefined, state: undefined })
    expect(shown).toBe('时限未定')
  })

  it('says 时限未定 whatever alerts or state come with it, since nothing counts', () => {
    const shown = text({ clock: undefined, state: counted.state, alerts: { warnedOn: '2026-03-11' } })
    expect(shown).toBe('时限未定')
  })

  it('while a case with a limit names it, its due day and the days left, never 时限未定', () => {
    const shown = text(counted)
    expect(shown).toContain('8 个工作日')
    expect(shown).toContain('法定办结日 2026年3月16日')
    expect(shown).toContain('剩余 3 个工作日')
    expect(shown).not.toContain('时限未定')
  })
})

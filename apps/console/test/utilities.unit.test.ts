import { ConnectionUtility } from '@onewindow/contracts'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { CONNECTION_UTILITIES, providerName, providerOptions, UTILITY_PROVIDERS } from '../src/departments.js'
import type { Status } from '../src/pages/owner/flow-model.js'
import { PlotList } from '../src/pages/shared-results/plot-list.js'

type Plot = NonNullable<Status['shared']['plot']>

/** The plot list as the owner and the reviewer see it, with a connection point of each utility asked for. */
function plotListText(utilities: readonly string[]): string {
  const plot = {
    plotCode: 'FS-2026-001',
    name: '试验地块',
    soldOn: '2026-03-02',
    entries: [],
    connectionPoints: utilities.map((utility) => ({ utility, point: `${utility} 连接点`, requirement: '按规范接驳' })),
  } as unknown as Plot
  return renderToStaticMarkup(createElement(PlotList, { plot })).replace(/<[^>]+>/g, '|')
}

describe('the utilities’ names', () => {
  it('are the same on the plot list as on the utility’s own pages, telecom and drainage included', () => {
    for (const code of UTILITY_PROVIDERS) {
      const cells = plotListText([code]).split('|')
      expect(cells, code).toContain(providerName(code))
    }
    expect(plotListText(['telecom'])).not.toContain('通讯')
  })

  it('say 通信 for telecom, the word the seeds use of the hookups (004:1786, 004:2139, 004:2193)', () => {
    expect(providerName('telecom')).toBe('通信')
  })

  it('offer the admin every connection point the contract allows, by the provider’s name, and no other', () => {
    const allowed = ConnectionUtility.anyOf.map((literal) => literal.const)
    expect([...CONNECTION_UTILITIES].sort()).toEqual([...allowed].sort())
    expect(providerOptions(CONNECTION_UTILITIES)).toEqual(
      CONNECTION_UTILITIES.map((value) => ({ value, label: providerName(value) })),
    )
    for (const { label } of providerOptions(CONNECTION_UTILITIES)) expect(label).not.toMatch(/[a-z]/)
  })
})

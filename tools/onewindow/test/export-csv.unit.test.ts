import { describe, expect, it } from 'vitest'
import { columnsOf, toCsv } from '../src/commands/export.js'

describe('the SPGL export files', () => {
  it('puts the standard fields first and ours (X_) last, in the order the rows carry them', () => {
    expect(
      columnsOf([
        { X_A: 1, DFSJZJ: 'k', BLZT: 3 },
        { DFSJZJ: 'k2', GCDM: 'g' },
      ]),
    ).toEqual(['DFSJZJ', 'BLZT', 'GCDM', 'X_A'])
  })

  it('writes RFC 4180 CSV: quotes, doubled quotes, empty for null, CRLF lines', () => {
    const rows = [
      { DFSJZJ: 'a', BLYJ: '同意, 附条件', X_N: null },
      { DFSJZJ: 'b', BLYJ: '说"明"\n第二行', X_N: 2 },
    ]
    const csv = toCsv(rows)
    const quote = (s: string) => `"${s.replaceAll('"', '""')}"`
    expect(csv).toBe(
      ['DFSJZJ,BLYJ,X_N', `a,${quote('同意, 附条件')},`, `b,${quote('说"明"\n第二行')},2`, ''].join('\r\n'),
    )
  })
})

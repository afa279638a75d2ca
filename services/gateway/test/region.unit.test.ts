import { regionCovers } from '@onewindow/contracts'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''))
const nonZero2 = fc.integer({ min: 1, max: 99 }).map((n) => String(n).padStart(2, '0'))
const province = fc.integer({ min: 11, max: 99 }).map((n) => `${n}0000`)
const city = fc.tuple(province, nonZero2).map(([p, c]) => `${p.slice(0, 2)}${c}00`)
const county = fc.tuple(city, nonZero2).map(([c, k]) => `${c.slice(0, 4)}${k}`)
const code = fc.oneof(province, city, county)
// A code and one of its children: a province's city or county, a city's county.
const parentAndChild = fc.oneof(
  fc.tuple(province, nonZero2, digits(2)).map(([p, c, k]) => [p, `${p.slice(0, 2)}${c}${k}`] as const),
  fc.tuple(city, nonZero2).map(([c, k]) => [c, `${c.slice(0, 4)}${k}`] as const),
)

describe('regionCovers', () => {
  it('names the three levels', () => {
    expect(regionCovers('440600', '440600')).toBe(true) // 佛山 itself
    expect(regionCovers('440600', '440604')).toBe(true) // 佛山's 禅城
    expect(regionCovers('440600', '441500')).toBe(false) // not 汕尾
    expect(regionCovers('440600', '441502')).toBe(false) // nor 汕尾's counties
    expect(regionCovers('440000', '441500')).toBe(true) // 广东 covers 汕尾
    expect(regionCovers('440000', '450700')).toBe(false) // not 广西's 钦州
    expect(regionCovers('440604', '440600')).toBe(false) // a county not its city
    expect(regionCovers('440600', '440000')).toBe(false) // a city not its province
  })

  it('refuses anything but six digits on either side', () => {
    for (const bad of ['', '4406', '4406000', '44060a', ' 440600', '４４０６００'])
      expect([regionCovers(bad, '440600'), regionCovers('440600', bad)]).toEqual([false, false])
  })

  it('a code covers itself', () => fc.assert(fc.property(code, (c) => regionCovers(c, c))))

  it('a code covers its children, never the other way round', () =>
    fc.assert(
      fc.property(parentAndChild, ([parent, child]) => {
        expect(regionCovers(parent, child)).toBe(true)
        expect(regionCovers(child, parent)).toBe(child === parent)
      }),
    ))

  it('never covers a sibling, nor anything under it', () =>
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(province, province),
          fc.tuple(city, nonZero2).map(([a, c]) => [a, `${a.slice(0, 2)}${c}00`] as const),
          fc.tuple(county, nonZero2).map(([a, k]) => [a, `${a.slice(0, 4)}${k}`] as const),
        ),
        digits(2),
        ([a, b], tail) => {
          fc.pre(a !== b)
          expect(regionCovers(a, b)).toBe(false)
          // b's own children are no more a's than b is (a county has none).
          if (b.endsWith('00')) expect(regionCovers(a, `${b.slice(0, 4)}${tail}`)).toBe(false)
        },
      ),
    ))
})

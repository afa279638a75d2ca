import { describe, expect, it } from 'vitest'
import { UTILITY_LINE_MAXIMA } from '../src/bounds.js'
import { pinnedCatalogueWarning, versionOfPin } from '../src/pages/clerk/catalogue.js'
import { hookupFieldOf, hookupName, hookupsOf, lineInputs } from '../src/pages/clerk/hookups.js'

describe('报装需求 on the desk (form.utilities)', () => {
  it('asks each utility for the measures of its own kind, each bounded as the contract bounds it', () => {
    const fields = (p: Parameters<typeof lineInputs>[0]) => lineInputs(p).map((i) => i.field)
    expect(fields('water')).toEqual(['lengthM', 'diameterMm', 'greenSpaceM2', 'onMainRoad'])
    expect(fields('gas')).toEqual(fields('water'))
    expect(fields('drainage')).toEqual(fields('water'))
    expect(fields('power')).toEqual([
      'lengthM',
      'voltageKv',
      'newChannel',
      'newChannelLengthM',
      'greenSpaceM2',
      'onMainRoad',
    ])
    expect(fields('telecom')).toEqual(['lengthM', 'greenSpaceM2', 'onMainRoad'])
    for (const input of lineInputs('power')) {
      if (input.kind === 'measure') expect(input.max).toBe(UTILITY_LINE_MAXIMA[input.field])
    }
    // Every label says its unit, as the clerk reads it from the owner's drawings.
    expect(lineInputs('water').flatMap((i) => (i.kind === 'measure' ? [i.label] : []))).toEqual([
      '外线长度（米）',
      '管径（DN，毫米）',
      '临时占用绿地面积（平方米，未占用可不填）',
    ])
    expect(hookupName('power')).toBe('供电报装')
  })

  it('sends the chosen utilities in the desk’s order with what was entered for them, as the contract takes them', () => {
    const utilities = hookupsOf({
      providers: ['power', 'water'],
      lines: {
        water: { lengthM: 120, diameterMm: 150, onMainRoad: false, greenSpaceM2: null },
        // A channel length left from before "no new channel" was chosen is not sent.
        power: { lengthM: 80, voltageKv: 10, newChannel: false, newChannelLengthM: 40, onMainRoad: true },
        gas: { lengthM: 5 },
      },
    })
    expect(utilities).toEqual([
      { provider: 'water', lengthM: 120, diameterMm: 150, onMainRoad: false },
      { provider: 'power', lengthM: 80, voltageKv: 10, newChannel: false, onMainRoad: true },
    ])
    expect(
      hookupsOf({ providers: ['power'], lines: { power: { lengthM: 1, newChannel: true, newChannelLengthM: 9 } } }),
    ).toEqual([{ provider: 'power', lengthM: 1, newChannel: true, newChannelLengthM: 9 }])
    expect(hookupsOf(undefined)).toEqual([])
  })

  it('puts a refusal of form.utilities beside the field it points at, by the order the hookups were sent', () => {
    const sent = hookupsOf({ providers: ['water', 'power'], lines: { water: { lengthM: 1 }, power: { lengthM: 2 } } })
    expect(hookupFieldOf('/form/utilities/1/voltageKv', sent)).toEqual(['hookups', 'lines', 'power', 'voltageKv'])
    expect(hookupFieldOf('/form/utilities/0/lengthM', sent)).toEqual(['hookups', 'lines', 'water', 'lengthM'])
    // No input of its own (a field the desk never sends, the list itself, an index not sent): the choice of utilities.
    expect(hookupFieldOf('/form/utilities/0/colour', sent)).toEqual(['hookups', 'providers'])
    expect(hookupFieldOf('/form/utilities', sent)).toEqual(['hookups', 'providers'])
    expect(hookupFieldOf('/form/utilities/7/lengthM', sent)).toEqual(['hookups', 'providers'])
    expect(hookupFieldOf('/materials/design-scheme', sent)).toBeUndefined()
  })
})

describe('the catalogue version the desk names', () => {
  it('is the version of the pin, without the region or the data’s hash', () => {
    expect(versionOfPin('441500@2025.1+sha256:0123456789ab')).toBe('2025.1')
    expect(pinnedCatalogueWarning('441500@2025.1+sha256:0123456789ab', '441500@2026.1+sha256:ba9876543210')).toBe(
      '本项目按2025.1版事项目录办理（当前为2026.1版）：告知承诺事项和办理时限以受理结果为准。',
    )
    expect(pinnedCatalogueWarning('441500@2025.1+sha256:0123456789ab', '441500@2026.1+sha256:ba98')).not.toContain(
      'sha256',
    )
  })
})

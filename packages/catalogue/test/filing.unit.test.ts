import { isFiling } from '@onewindow/vocabulary'
import { describe, expect, it } from 'vitest'
import { bundledDocuments, loadCatalogue } from '../src/index.js'

const catalogues = bundledDocuments().map((d) => [d.region.code, loadCatalogue(d.region.code)] as const)

describe('the filings of the bundled catalogues, known by their names', () => {
  it('are the investment filing and the three completion filings, in every region', () => {
    for (const [region, catalogue] of catalogues)
      expect(
        catalogue.data.items.filter((i) => isFiling(i.name.zh)).map((i) => i.code),
        region,
      ).toEqual([
        'enterprise-investment-filing',
        'fire-acceptance-filing',
        'civil-air-defence-completion-filing',
        'completion-acceptance-filing',
      ])
  })

  // A step's decision keeps a licence's words (the step-decided notification, the window's step state): they would be
  // wrong only for a step of filings alone, which no type that goes to approval has. One added must word them anew.
  it('never make up a step on their own in a type that is not exempt from approval', () => {
    const alone = catalogues.flatMap(([region, catalogue]) =>
      catalogue.data.projectTypes
        .filter((t) => !t.exempt)
        .flatMap((t) =>
          t.steps
            .filter((s) => s.items.length > 0 && s.items.every((i) => isFiling(catalogue.item(i)?.name.zh ?? i)))
            .map((s) => `${region} ${t.code} ${s.code}`),
        ),
    )
    expect(alone).toEqual([])
  })
})

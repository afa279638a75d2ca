import { type CatalogueData, createCatalogue } from '@onewindow/catalogue'
import { catalogueCopyConsumer } from '@onewindow/messaging'
import type { Tx } from '../db/cases.js'

/** Stores each catalogue version intake activates, checked again as a catalogue, so projects pinned to it resolve. */
export const onCatalogueActivated = catalogueCopyConsumer<Tx>({
  durable: 'acceptance-catalogue-versions',
  check: (data) => {
    createCatalogue(data as CatalogueData, { stored: true })
  },
})

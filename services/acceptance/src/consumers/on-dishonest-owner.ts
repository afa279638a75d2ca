import { DishonestOwnerDelistedV1, DishonestOwnerListedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { acceptanceRepository, type Tx } from '../db/cases.js'

/**
 * 失信 (004:2235): intake's dishonesty list, kept here as its events carry it, so a listed owner's 告知承诺 is refused
 * when it applies for joint acceptance. Two durables, one per event: the version, not the arrival, orders them.
 */
export const onDishonestOwnerListed = defineConsumer<typeof DishonestOwnerListedV1, Tx>({
  durable: 'acceptance-dishonest-listed',
  event: DishonestOwnerListedV1,
  async handle({ event, tx }) {
    await acceptanceRepository(tx).keepDishonestListing({
      creditCode: event.creditCode,
      listed: true,
      version: event.version,
      at: event.listedAt,
    })
  },
})

export const onDishonestOwnerDelisted = defineConsumer<typeof DishonestOwnerDelistedV1, Tx>({
  durable: 'acceptance-dishonest-delisted',
  event: DishonestOwnerDelistedV1,
  async handle({ event, tx }) {
    await acceptanceRepository(tx).keepDishonestListing({
      creditCode: event.creditCode,
      listed: false,
      version: event.version,
      at: event.delistedAt,
    })
  },
})

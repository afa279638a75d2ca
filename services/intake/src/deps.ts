import type { Catalogue } from '@onewindow/catalogue'
import type { Outbox } from '@onewindow/messaging'
import type { ServiceDeps } from '@onewindow/service-kit'
import type { Calendar } from '@onewindow/workdays'
import type { IntakeDb } from './db/client.js'

/** What intake's routes, consumers and jobs are given. */
export interface IntakeDeps extends ServiceDeps {
  prisma: IntakeDb
  outbox: Outbox
  calendar: Calendar
  /** The catalogue of a region, or undefined when no catalogue covers it. */
  catalogueFor(region: string): Catalogue | undefined
}

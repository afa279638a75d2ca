import type { ServiceDeps } from '@onewindow/service-kit'
import type { CommandDeps } from './commands.js'

/** What intake's app is given: its routes, consumer and job reach the database and outbox only through commands. */
export interface IntakeDeps extends ServiceDeps {
  commands: CommandDeps
}

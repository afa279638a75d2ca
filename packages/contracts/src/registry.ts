import type { EventDefinition } from './define-event.js'
import { ApplicationAcceptedV1 } from './intake/application-accepted.js'
import { ProjectRegisteredV1 } from './intake/project-registered.js'

/** Every event of the platform. A test checks names, uniqueness and descriptions; `pnpm asyncapi` documents them. */
export const registry: readonly EventDefinition[] = [ProjectRegisteredV1, ApplicationAcceptedV1]

export const eventBySubject = (subject: string): EventDefinition | undefined =>
  registry.find((e) => e.subject === subject)

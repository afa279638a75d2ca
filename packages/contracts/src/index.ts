export { asyncApiDocument } from './asyncapi.js'
export {
  defineEvent,
  type EventBody,
  type EventDefinition,
  type Producer,
  type Subject,
  validationErrors,
} from './define-event.js'
export { ApplicationAcceptedV1 } from './intake/application-accepted.js'
export { ProjectRegisteredV1 } from './intake/project-registered.js'
export * from './primitives.js'
export { eventBySubject, registry } from './registry.js'

import { callerOf } from '@onewindow/service-kit'

/** The caller as the gateway authenticated it; the registrar's routes refuse a request without one (401). */
export const actorOf = callerOf('REGISTRATION_ACTOR_REQUIRED')

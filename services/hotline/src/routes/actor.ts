import { callerOf } from '@onewindow/service-kit'

/** The caller as the gateway authenticated it; internal routes refuse a request without one (401). */
export const actorOf = callerOf('HOTLINE_ACTOR_REQUIRED')

import { type CommandServiceDeps, commandService, storedRowUnreadable } from '@onewindow/service-kit'
import type { CommandDeps } from './commands.js'
import { requestRoutes } from './routes/requests.js'

export type UtilityDeps = CommandServiceDeps<CommandDeps>

/** The utility service's `buildApp(deps, opts)`; workers and closers come in `opts`. Never listens. */
export const buildApp = commandService<CommandDeps>({
  name: 'utility',
  description: '水电气网报装: hookup requests opened from the combined form, provider stages, connection',
  callerCode: 'UTILITY_ACTOR_REQUIRED',
  errorCodes: {
    // A stored row of this service that does not read (damage, not the caller's): named by kind and id, any route.
    UTILITY_STORED_ROW_UNREADABLE: 500,
    UTILITY_ACTOR_REQUIRED: 401,
    UTILITY_NOT_YOUR_REQUEST: 403,
    UTILITY_REQUEST_STATE_CONFLICT: 409,
    UTILITY_PERMIT_NOT_REQUESTED: 409,
    UTILITY_PERMIT_DECISION_INVALID: 422,
    UTILITY_PERMIT_DECIDED_BY_DEPARTMENT: 403,
    UTILITY_PERMIT_NOT_YOUR_DEPARTMENT: 403,
    UTILITY_PERMIT_NOT_REFUSED: 409,
    UTILITY_PERMIT_ALREADY_ACCEPTED: 409,
    UTILITY_PERMIT_MATERIAL_NOT_OWED: 422,
    UTILITY_JOINT_SURVEY_ALREADY_SET: 409,
    UTILITY_JOINT_SURVEY_INVALID: 422,
    UTILITY_JOINT_SURVEY_NOT_PROPOSER: 403,
    UTILITY_JOINT_SURVEY_NOT_SET: 409,
    UTILITY_JOINT_SURVEY_TOO_LATE: 409,
    UTILITY_JOINT_SURVEY_CHANGED: 409,
    UTILITY_JOINT_SURVEY_OWN_PROPOSAL: 409,
    UTILITY_WORKS_PLAN_INVALID: 422,
    UTILITY_RESTORATION_STATE_CONFLICT: 409,
    UTILITY_RESTORATION_REVIEW_INVALID: 422,
  },
  damaged: storedRowUnreadable('UTILITY_STORED_ROW_UNREADABLE'),
  routes: [requestRoutes],
})

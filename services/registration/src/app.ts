import { type CommandServiceDeps, commandService, storedRowUnreadable } from '@onewindow/service-kit'
import type { CommandDeps } from './commands.js'
import { certificateRoutes } from './routes/certificates.js'
import { objectionRoutes } from './routes/objections.js'
import { registrationRoutes } from './routes/registrations.js'

export type RegistrationDeps = CommandServiceDeps<CommandDeps>

/** The registration service's `buildApp(deps, opts)`; workers and closers come in `opts`. Never listens. */
export const buildApp = commandService<CommandDeps>({
  name: 'registration',
  description: '不动产首次登记 after joint acceptance (验登合一) and signed electronic certificates anyone can verify',
  callerCode: 'REGISTRATION_ACTOR_REQUIRED',
  errorCodes: {
    // A stored row of this service that does not read (damage, not the caller's): named by kind and id, any route.
    REGISTRATION_STORED_ROW_UNREADABLE: 500,
    REGISTRATION_ACTOR_REQUIRED: 401,
    REGISTRATION_NOT_A_REGISTRAR: 403,
    REGISTRATION_PRE_SURVEY_NOT_RUNNING: 409,
    REGISTRATION_CASE_NOT_OPEN: 409,
    REGISTRATION_ACCEPTANCE_REVOKED: 409,
    REGISTRATION_UNIT_CODE_REGION: 422,
    REGISTRATION_CERTIFICATE_REVOKED: 409,
    // A permit the first registration relies on is under an objection its issuer has not answered (004:1134).
    REGISTRATION_CERTIFICATE_DISPUTED: 409,
    REGISTRATION_REVOCATION_DATE: 422,
    // 证照异议 (004:1134).
    REGISTRATION_OBJECTION_NOT_A_USER: 403,
    REGISTRATION_OBJECTION_OWN_CERTIFICATE: 403,
    REGISTRATION_OBJECTION_NOT_THE_ISSUER: 403,
    REGISTRATION_OBJECTION_OPEN: 409,
    REGISTRATION_OBJECTION_ANSWERED: 409,
    REGISTRATION_OBJECTION_ISSUER_UNKNOWN: 409,
    REGISTRATION_OBJECTION_BLANK: 422,
  },
  damaged: storedRowUnreadable('REGISTRATION_STORED_ROW_UNREADABLE'),
  routes: [registrationRoutes, certificateRoutes, objectionRoutes],
})

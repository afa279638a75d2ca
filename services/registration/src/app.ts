import { createService, registerErrorCodes, type ServiceDeps, type ServiceOptions } from '@onewindow/service-kit'
import type { CommandDeps } from './commands.js'
import { certificateRoutes } from './routes/certificates.js'
import { registrationRoutes } from './routes/registrations.js'

registerErrorCodes({
  REGISTRATION_ACTOR_REQUIRED: 401,
  REGISTRATION_NOT_A_REGISTRAR: 403,
  REGISTRATION_PRE_SURVEY_NOT_RUNNING: 409,
  REGISTRATION_CASE_NOT_OPEN: 409,
  REGISTRATION_UNIT_CODE_REGION: 422,
})

export interface RegistrationDeps extends ServiceDeps {
  commands: CommandDeps
}

/** The registration service's Fastify instance: kit, routes; workers and closers come in `opts`. Never listens. */
export async function buildApp(deps: RegistrationDeps, opts: ServiceOptions = {}) {
  const app = await createService('registration', deps, {
    swagger: {
      title: 'registration',
      version: '1',
      description:
        '不动产首次登记 after joint acceptance (验登合一) and signed electronic certificates anyone can verify',
    },
    ...opts,
  })
  registrationRoutes(app, deps.commands)
  certificateRoutes(app, deps.commands)
  return app
}

import { createService, registerErrorCodes, type ServiceOptions } from '@onewindow/service-kit'
import type { IntakeDeps } from './deps.js'
import { applicationRoutes } from './routes/applications.js'
import { dishonestOwnerRoutes } from './routes/dishonest-owners.js'
import { projectRoutes } from './routes/projects.js'

// Codes not listed answer 422 (a refusal of an understood request); `*_NOT_FOUND` answers 404.
registerErrorCodes({
  INTAKE_PROJECT_CODE_TAKEN: 409,
  INTAKE_APPLICATION_ALREADY_OPEN: 409,
  INTAKE_NOTHING_OWED: 409,
  INTAKE_APPLICATION_CLOSED: 409,
  INTAKE_CREDIT_CODE_INVALID: 422,
  INTAKE_PROJECT_TYPE_UNKNOWN: 422,
  INTAKE_PROJECT_TYPE_EXEMPT: 422,
  INTAKE_PROJECT_NOT_ELIGIBLE: 422,
  INTAKE_REGION_UNKNOWN: 422,
  INTAKE_APPLICATION_INCOMPLETE: 422,
  INTAKE_MATERIAL_NOT_OWED: 422,
  INTAKE_ACTOR_MISSING: 401,
  INTAKE_ROLE_FORBIDDEN: 403,
  INTAKE_NOT_YOUR_PROJECT: 403,
})

export async function buildApp(deps: IntakeDeps, opts: ServiceOptions = {}) {
  const app = await createService('intake', deps, {
    swagger: { title: 'intake', version: '1', description: '一窗受理: projects, applications, 容缺 and 告知承诺' },
    ...opts,
  })
  await app.register(projectRoutes, { commands: deps.commands })
  await app.register(applicationRoutes, { commands: deps.commands })
  await app.register(dishonestOwnerRoutes, { commands: deps.commands })
  return app
}

import { parseConfig } from '@onewindow/service-kit'
import { describeCallers } from '@onewindow/testing'
import { RegistrationConfig } from '../src/config.js'
import { registrationWorld } from './helpers.js'

// Issue 12: registration answers only the gateway's signed assertion addressed to it, on every route of its own route table
// but the probes (packages/testing `describeCallers`).
describeCallers({
  service: 'registration',
  code: 'REGISTRATION_ACTOR_REQUIRED',
  actor: { sub: 'registrar-1', role: 'registrar' },
  world: () => registrationWorld('2026-03-02T01:00:00Z'),
  mustCall: ['POST /registrations/:id/actions', 'POST /certificates/verify', 'GET /admin/dead-letters'],
  parse: (env) => parseConfig(RegistrationConfig, env),
})

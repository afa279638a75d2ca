import { parseConfig } from '@onewindow/service-kit'
import { describeCallers } from '@onewindow/testing'
import { IntakeConfig } from '../src/config.js'
import { intakeWorld } from './world.js'

// Issue 12: intake answers only the gateway's signed assertion addressed to it, on every route of its own route table
// but the probes (packages/testing `describeCallers`).
describeCallers({
  service: 'intake',
  code: 'INTAKE_ACTOR_MISSING',
  actor: { sub: 'clerk-1', role: 'clerk' },
  world: () => intakeWorld(),
  mustCall: ['POST /projects', 'GET /admin/dead-letters'],
  parse: (env) => parseConfig(IntakeConfig, env),
})

import { parseConfig } from '@onewindow/service-kit'
import { describeCallers } from '@onewindow/testing'
import { AcceptanceConfig } from '../src/config.js'
import { acceptanceWorld } from './helpers.js'

// Issue 12: acceptance answers only the gateway's signed assertion addressed to it, on every route of its own route table
// but the probes (packages/testing `describeCallers`).
describeCallers({
  service: 'acceptance',
  code: 'ACCEPTANCE_ACTOR_REQUIRED',
  actor: { sub: 'lead-1', role: 'lead', department: 'housing-construction' },
  world: () => acceptanceWorld('2026-03-02T01:00:00Z'),
  mustCall: ['POST /projects/:id/acceptance', 'GET /admin/dead-letters'],
  parse: (env) => parseConfig(AcceptanceConfig, env),
})

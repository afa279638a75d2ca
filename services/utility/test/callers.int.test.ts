import { parseConfig } from '@onewindow/service-kit'
import { describeCallers } from '@onewindow/testing'
import { UtilityConfig } from '../src/config.js'
import { utilityWorld } from './helpers.js'

// Issue 12: utility answers only the gateway's signed assertion addressed to it, on every route of its own route table
// but the probes (packages/testing `describeCallers`).
describeCallers({
  service: 'utility',
  code: 'UTILITY_ACTOR_REQUIRED',
  actor: { sub: 'staff-water', role: 'utility', provider: 'water' },
  world: () => utilityWorld('2026-03-02T01:00:00Z'),
  mustCall: ['POST /utility-requests/:id/actions', 'GET /admin/dead-letters'],
  parse: (env) => parseConfig(UtilityConfig, env),
})

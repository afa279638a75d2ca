import { parseConfig } from '@onewindow/service-kit'
import { describeCallers } from '@onewindow/testing'
import { HotlineConfig } from '../src/config.js'
import { hotlineWorld } from './helpers.js'

// The hotline answers only the gateway's signed assertion addressed to it, on every route of its own route table but
// the probes (packages/testing `describeCallers`).
describeCallers({
  service: 'hotline',
  code: 'HOTLINE_ACTOR_REQUIRED',
  actor: { sub: 'agent-1', role: 'agent' },
  world: () => hotlineWorld('2026-03-02T01:00:00Z'),
  mustCall: ['POST /tickets', 'POST /tickets/:id/actions', 'GET /tickets/:id', 'GET /admin/dead-letters'],
  parse: (env) => parseConfig(HotlineConfig, env),
})

import { parseConfig } from '@onewindow/service-kit'
import { describeCallers } from '@onewindow/testing'
import { ApprovalConfig } from '../src/config.js'
import { approvalWorld } from './helpers.js'

// Issue 12: approval answers only the gateway's signed assertion addressed to it, on every route of its own route table
// but the probes (packages/testing `describeCallers`).
describeCallers({
  service: 'approval',
  code: 'APPROVAL_ACTOR_REQUIRED',
  actor: { sub: 'reviewer-1', role: 'reviewer', department: 'housing-construction' },
  world: () => approvalWorld('2026-03-02T01:00:00Z'),
  mustCall: ['POST /tasks/:id/actions', 'GET /admin/dead-letters'],
  parse: (env) => parseConfig(ApprovalConfig, env),
})

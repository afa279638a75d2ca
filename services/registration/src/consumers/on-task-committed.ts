import { TaskDecidedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { type CommandDeps, issueCommittedPermit } from '../commands.js'
import type { Tx } from '../db/registration.js'

/**
 * 告知承诺 in the approval stage: a task approved at once on the owner's commitment has its permit issued at once,
 * without waiting for the rest of its step. Every other decision is none of registration's business here.
 */
export const onTaskCommitted = (deps: CommandDeps) =>
  defineConsumer<typeof TaskDecidedV1, Tx>({
    durable: 'registration-committed-permits',
    event: TaskDecidedV1,
    handle: async ({ event, tx, now }) => {
      const { task } = event
      if (task.status !== 'approved' || !task.commitment) return
      await issueCommittedPermit(deps, tx, task, now)
    },
  })

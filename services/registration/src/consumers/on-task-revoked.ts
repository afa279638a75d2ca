import { TaskRevokedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { revokePermitOnDecision } from '../commands.js'
import type { Tx } from '../db/registration.js'

/** 撤销 of a granted permit by its department: the permit's certificate is marked revoked, so verification says so. */
export const onTaskRevoked = defineConsumer<typeof TaskRevokedV1, Tx>({
  durable: 'registration-revoked-permits',
  event: TaskRevokedV1,
  handle: ({ event, tx, now, outbox }) =>
    revokePermitOnDecision(tx, outbox, event.task, event.actor ?? event.task.revocation?.revokedBy ?? 'approval', now),
})

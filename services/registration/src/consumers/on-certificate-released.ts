import { CertificateReleasedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { type CommandDeps, issuePermits } from '../commands.js'
import type { Tx } from '../db/registration.js'

/** A step approved with nothing owed: its permits are issued as signed electronic certificates. */
export const onCertificateReleased = (deps: CommandDeps) =>
  defineConsumer<typeof CertificateReleasedV1, Tx>({
    durable: 'registration-permits',
    event: CertificateReleasedV1,
    handle: ({ event, tx, now }) => issuePermits(deps, tx, event, now),
  })

import { CertificateReleasedV1 } from '@onewindow/contracts'
import { defineConsumer, type SqlTx } from '@onewindow/messaging'
import { type CommandDeps, issuePermits } from '../commands.js'

/** A step approved with nothing owed: its permits are issued as signed electronic certificates. */
export const onCertificateReleased = (deps: CommandDeps) =>
  defineConsumer<typeof CertificateReleasedV1, SqlTx>({
    durable: 'registration-permits',
    event: CertificateReleasedV1,
    handle: ({ event, tx, now }) => issuePermits(deps, tx, event, now),
  })

import { type AppliedBatch, applyInOrder, type ReadModelDefinition, type StreamEvent } from '@onewindow/messaging'
import type { GatewayDb, Tx } from './db/client.js'
import { applyProjection } from './db/projection.js'
import type { Promised } from './domain/pending.js'
import { projectors } from './domain/projectors.js'

/** The read model's cursor row and the consumer its dead letters are filed under. */
export const READ_MODEL = 'gateway-read-model'

/** Every projector as a handler of the ordered reader: what the read model applies, in stream order. */
export const readModelDefinition: ReadModelDefinition<Tx> = {
  name: READ_MODEL,
  handlers: projectors.map((p) => ({
    event: p.event,
    apply: ({ tx, event, eventId }) => applyProjection(tx, p.project(event, eventId)),
  })),
}

/**
 * The gateway's commands: the only place it opens a transaction. It has two: applying a batch of events to the read
 * model, and writing down what it promised when it answered 201.
 */
export function gatewayCommands(db: GatewayDb) {
  return {
    async lastApplied(): Promise<number> {
      const row = await db.readModelCursor.findUnique({ where: { name: READ_MODEL } })
      return Number(row?.lastSequence ?? 0)
    },

    /**
     * One transaction per batch. Its time limit is generous: a batch waits for the cursor's row lock while another
     * replica's batch commits, and up to 256 events of several statements each run inside.
     */
    applyEvents(batch: StreamEvent[]): Promise<AppliedBatch> {
      return db.$transaction((tx) => applyInOrder(tx, readModelDefinition, batch), {
        maxWait: 10_000,
        timeout: 60_000,
      })
    },

    /** One statement: a retried create (the same id) keeps the first promise. */
    async promise(p: Promised): Promise<void> {
      await db.pendingWrite.createMany({
        data: [
          {
            id: p.id,
            kind: p.kind,
            projectId: p.projectId,
            ownerCreditCode: p.ownerCreditCode,
            region: p.region ?? null,
            ...(p.project === undefined ? {} : { project: p.project }),
            since: new Date(p.since),
          },
        ],
        skipDuplicates: true,
      })
    },
  }
}
export type GatewayCommands = ReturnType<typeof gatewayCommands>

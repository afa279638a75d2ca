import { fileURLToPath } from 'node:url'
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { connectNats } from '@onewindow/messaging'
import { createTestSchema, createTestTopology } from '@onewindow/testing'
import { describe, expect, inject, it } from 'vitest'
import { runCli } from '../src/cli.js'

// The messaging package's fixture migrations hold the outbox table every service has.
const MIGRATIONS = fileURLToPath(new URL('../../../packages/messaging/test/fixture/prisma/migrations', import.meta.url))

describe('onewindow outbox reconcile (after a broker lost what it had acknowledged)', () => {
  it('marks unsent exactly the rows whose message the stream no longer holds, and says which', async () => {
    await using db = await createTestSchema(inject('databaseUrl'), MIGRATIONS, 'reconcile')
    const nc = await connectNats(inject('natsUrl'), 'reconcile-test')
    try {
      await using topo = await createTestTopology(nc)
      const { stream, prefix } = topo.topology
      const js = jetstream(nc)
      const ids: string[] = []
      for (let i = 0; i < 3; i++) {
        const id = crypto.randomUUID()
        const ack = await js.publish(`${prefix}.permit.test.thing.happened.v1`, '{}', { msgID: id })
        await db.pool.query(
          `INSERT INTO outbox_message (id, subject, aggregate_id, payload, headers, sent_at, stream_seq)
           VALUES ($1, 'permit.test.thing.happened.v1', 'a', '{}', '{}', now(), $2)`,
          [id, ack.seq],
        )
        ids.push(id)
      }
      const lost = ids[1] as string
      const { rows } = await db.pool.query<{ stream_seq: string }>(
        'SELECT stream_seq::text FROM outbox_message WHERE id = $1',
        [lost],
      )
      await (await jetstreamManager(nc)).streams.deleteMessage(stream, Number(rows[0]?.stream_seq), false)

      const out: string[] = []
      const err: string[] = []
      const io = (env: Record<string, string>) => ({
        out: (l: string) => out.push(l),
        err: (l: string) => err.push(l),
        env: { NATS_URL: inject('natsUrl'), DATABASE_URL: db.url, ...env },
        cwd: process.cwd(),
      })
      expect(await runCli(['outbox', 'reconcile', '--stream', stream], io({}))).toBe(0)
      expect(err).toEqual([])
      expect(out).toEqual([
        `${db.schema}: 1 outbox row(s) sent in the last 10 min missing from stream ${stream}, marked unsent for the relay: ${lost}`,
      ])
      const unsent = await db.pool.query<{ id: string }>('SELECT id FROM outbox_message WHERE sent_at IS NULL')
      expect(unsent.rows.map((r) => r.id)).toEqual([lost])

      // The relay sends it again under its re-send id (relay.ts) and marks it sent; a second reconcile, as the runbook
      // may well run, then finds every row in the stream and re-sends nothing.
      out.length = 0
      const row = await db.pool.query<{ resend: string }>(
        "SELECT headers->>'ow-resend' AS resend FROM outbox_message WHERE id = $1",
        [lost],
      )
      const resend = row.rows[0]?.resend
      expect(resend).toBeTruthy()
      const again = await js.publish(`${prefix}.permit.test.thing.happened.v1`, '{}', { msgID: `${lost}:${resend}` })
      await db.pool.query('UPDATE outbox_message SET sent_at = now(), stream_seq = $2 WHERE id = $1', [lost, again.seq])
      expect(await runCli(['outbox', 'reconcile', '--stream', stream], io({}))).toBe(0)
      expect(out).toEqual([`${db.schema}: every outbox row sent in the last 10 min is in stream ${stream}`])

      expect(await runCli(['outbox', 'reconcile', '--minutes', 'soon'], io({}))).toBe(2)

      // A stream that is not the platform's is refused before any row is looked at: against it no row's sequence
      // would hold its message, and every row sent in the window would be sent again.
      const jsm = await jetstreamManager(nc)
      const other = `${stream}_OTHER`
      await jsm.streams.add({ name: other, subjects: [`${prefix}.elsewhere.>`] })
      try {
        for (const [name, said] of [
          [other, `--stream ${other} is not the platform's stream: it takes ${prefix}.elsewhere.>;`],
          [`${stream}_NONE`, `--stream ${stream}_NONE: no such stream on ${inject('natsUrl')};`],
        ] as const) {
          out.length = 0
          err.length = 0
          expect(await runCli(['outbox', 'reconcile', '--stream', name], io({}))).toBe(2)
          expect(out).toEqual([])
          expect(err).toHaveLength(1)
          expect(err[0]).toContain(said)
          expect(err[0]).toContain("the platform's stream is PERMIT")
        }
        const after = await db.pool.query('SELECT id FROM outbox_message WHERE sent_at IS NULL')
        expect(after.rows).toEqual([])
      } finally {
        await jsm.streams.delete(other)
      }
    } finally {
      await nc.close()
    }
  })
})

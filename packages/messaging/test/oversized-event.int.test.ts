// An event larger than NATS takes (`max_payload`, 1 MiB). Before the outbox measured its rows, such an event was
// written (the command answered 2xx), and the relay's publish of it was refused by the NATS client itself ("'payload'
// max_payload size exceeded", no code) on every pass: logged once without the event or its aggregate, retried
// forever, `healthy()` false, and a later event of its aggregate held back with it (measured 2026-12-07 against the
// unchanged outbox and relay: a 1.2 MB row and the next of its aggregate both unsent after 2 s and 7 refusals, one log
// line, "outbox relay failed ('payload' max_payload size exceeded); retrying"). By the relay's chains and stages the
// same holds for its transaction and project, and for everything after the next event that names no project.
import { randomUUID } from 'node:crypto'
import { jetstreamManager } from '@nats-io/jetstream'
import { NATS_MAX_PAYLOAD } from '@onewindow/contracts'
import { published } from '@onewindow/testing'
import { describe, expect, it } from 'vitest'
import { createOutbox, EventRefusedError, publishedBytes } from '../src/index.js'
import { LedgerEntryRecordedV1 } from './fixture/ledger.js'
import { count, ledgerWorld } from './helpers.js'

/** A body of exactly `bytes` bytes as JSON: an entry with a note of ASCII filling the rest (a tolerant reader's extra). */
const entryOf = (accountId: string, version: number, noteBytes: number) =>
  Object.assign({ accountId, version, amount: 1 }, { note: 'x'.repeat(noteBytes) })

describe('an event larger than NATS takes', () => {
  it('is refused by the outbox with MESSAGING_EVENT_TOO_LARGE, and the transaction writes nothing', async () => {
    await using w = await ledgerWorld()
    const accountId = randomUUID()
    // 整 is three bytes in UTF-8: 350,000 of them are 1,050,000 bytes, over the limit though 350,000 characters.
    const body = Object.assign({ accountId, version: 2, amount: 1 }, { note: '整'.repeat(350_000) })
    await expect(
      w.producer.$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO account (id, version, total) VALUES (${accountId}::uuid, 1, 1)`
        await w.outbox.add(tx, [
          { event: LedgerEntryRecordedV1, body: { accountId, version: 1, amount: 1 }, aggregateId: accountId },
          { event: LedgerEntryRecordedV1, body, aggregateId: accountId },
        ])
      }),
    ).rejects.toMatchObject({
      code: 'MESSAGING_EVENT_TOO_LARGE',
      subject: LedgerEntryRecordedV1.subject,
      aggregateId: accountId,
      limit: NATS_MAX_PAYLOAD,
    })
    expect(await count(w.producerDb.pool, 'SELECT count(*) AS n FROM account')).toBe(0)
    expect(await count(w.producerDb.pool, 'SELECT count(*) AS n FROM outbox_message')).toBe(0)
  })

  // The row at the limit goes out with the largest headers the relay gives any row: re-sent after a reconciliation
  // (`ow-resend`, so a `Nats-Msg-Id` of `<id>:<resend>`) and second in its window (guarded by
  // `Nats-Expected-Last-Msg-Id`, its predecessor's re-sent id) — the headers `publishedBytes` counts. Had it counted a
  // byte less than the client, the relay's publish of this row would be refused; and the stored message, headers and
  // data, is exactly the size it counted.
  it('measures what the relay sends: a message at the limit is written and published, one byte more is refused', async () => {
    await using w = await ledgerWorld()
    const at = new Date('2026-12-07T10:00:00.000Z')
    const outbox = createOutbox({ source: 'producer', now: () => at })
    const accountId = randomUUID()
    const id = randomUUID()
    const resend = randomUUID()
    // The headers `add` stores for this row (no trace is active here) with the re-send mark it counts, and the note
    // that brings the message to the limit.
    const headers = {
      'ce-specversion': '1.0',
      'ce-id': id,
      'ce-type': LedgerEntryRecordedV1.subject,
      'ce-source': 'producer',
      'ce-time': at.toISOString(),
      'ow-aggregate': accountId,
      'ow-resend': resend,
    }
    const fill = NATS_MAX_PAYLOAD - publishedBytes(JSON.stringify(entryOf(accountId, 2, 0)), headers)
    await expect(
      w.producer.$transaction((tx) =>
        outbox.add(tx, {
          event: LedgerEntryRecordedV1,
          body: entryOf(accountId, 2, fill + 1),
          aggregateId: accountId,
          id,
        }),
      ),
    ).rejects.toMatchObject({ code: 'MESSAGING_EVENT_TOO_LARGE', bytes: NATS_MAX_PAYLOAD + 1 })
    await w.producer.$transaction((tx) =>
      outbox.add(tx, [
        { event: LedgerEntryRecordedV1, body: entryOf(accountId, 1, 0), aggregateId: accountId },
        { event: LedgerEntryRecordedV1, body: entryOf(accountId, 2, fill), aggregateId: accountId, id },
      ]),
    )
    // Both marked for re-sending, as a reconciliation marks rows it found unsent in the stream.
    await w.producerDb.pool.query(
      `UPDATE outbox_message SET headers = headers || jsonb_build_object('ow-resend',
         CASE WHEN id = $1::uuid THEN $2 ELSE gen_random_uuid()::text END)`,
      [id, resend],
    )
    const relay = w.relay()
    expect(await relay.flush()).toBe(2)
    const bodies = await published(w.nc, w.topology, LedgerEntryRecordedV1)
    expect(bodies.map((b) => (b as { note?: string }).note?.length)).toEqual([0, fill])
    // The message as the stream stored it: the relay's headers at their longest, and the size counted to the byte.
    const jsm = await jetstreamManager(w.nc)
    const info = await jsm.streams.info(w.topology.stream)
    const stored = await jsm.streams.getMessage(w.topology.stream, { seq: info.state.last_seq })
    if (!stored) throw new Error('the stream holds no message at its last sequence')
    expect(stored.header.get('Nats-Msg-Id')).toBe(`${id}:${resend}`)
    expect(stored.header.get('Nats-Expected-Last-Msg-Id')).toMatch(/^[0-9a-f-]{36}:[0-9a-f-]{36}$/)
    const headerBytes = (stored.header as unknown as { encode(): Uint8Array }).encode().length
    expect(headerBytes + stored.data.length).toBe(NATS_MAX_PAYLOAD)
  })

  it('the relay names a row NATS refuses (written before the outbox measured) once, and sends nothing after it in its chain', async () => {
    await using w = await ledgerWorld()
    const accountId = randomUUID()
    const projectId = randomUUID()
    const stuckId = randomUUID()
    // Written past `add`, as rows were before it measured them: too large, then a later event of its aggregate.
    await w.producerDb.pool.query(
      `INSERT INTO outbox_message (id, subject, aggregate_id, payload, headers) VALUES ($1, $2, $3, $4, $5)`,
      [
        stuckId,
        LedgerEntryRecordedV1.subject,
        accountId,
        JSON.stringify({ ...entryOf(accountId, 1, NATS_MAX_PAYLOAD), projectId }),
        JSON.stringify({ 'ce-id': stuckId, 'ow-aggregate': accountId }),
      ],
    )
    await w.producer.$transaction((tx) =>
      w.outbox.add(tx, {
        event: LedgerEntryRecordedV1,
        body: { accountId, version: 2, amount: 1, projectId } as never,
        aggregateId: accountId,
      }),
    )
    // Another project's event goes on: the refusal holds back its own chain only.
    const otherAccount = randomUUID()
    await w.producer.$transaction((tx) =>
      w.outbox.add(tx, {
        event: LedgerEntryRecordedV1,
        body: { accountId: otherAccount, version: 1, amount: 1, projectId: randomUUID() } as never,
        aggregateId: otherAccount,
      }),
    )
    const errors: unknown[] = []
    const logged: Array<{ obj: Record<string, unknown>; msg: string }> = []
    const relay = w.relay({
      pollIntervalMs: 50,
      retryMs: 10,
      maxRetryMs: 20,
      onError: (err) => errors.push(err),
      log: { error: (obj, msg) => logged.push({ obj: obj as Record<string, unknown>, msg }) },
    })
    await relay.start()
    await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(5)
    await relay.stop()
    expect(errors[0]).toBeInstanceOf(EventRefusedError)
    expect(errors[0]).toMatchObject({ code: 'MESSAGING_EVENT_REFUSED', eventId: stuckId, aggregateId: accountId })
    // Once, whatever the number of passes, with the event and its aggregate.
    expect(logged).toHaveLength(1)
    expect(logged[0]?.msg).toContain(stuckId)
    expect(logged[0]?.msg).toContain('max_payload')
    expect(logged[0]?.obj['event']).toEqual({
      id: stuckId,
      subject: LedgerEntryRecordedV1.subject,
      aggregate: accountId,
    })
    expect(relay.healthy()).toBe(false)
    // Neither skipped nor overtaken: both rows of the aggregate wait, in order; the other project's event went.
    const { rows } = await w.producerDb.pool.query<{ aggregate_id: string; sent: boolean }>(
      'SELECT aggregate_id, sent_at IS NOT NULL AS sent FROM outbox_message ORDER BY position',
    )
    expect(rows).toEqual([
      { aggregate_id: accountId, sent: false },
      { aggregate_id: accountId, sent: false },
      { aggregate_id: otherAccount, sent: true },
    ])
  })
})

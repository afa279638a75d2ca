import { DishonestOwnerListedV1, validationErrors } from '@onewindow/contracts'
import { migrate } from '@onewindow/db'
import { createTestSchema, migrationsUpTo } from '@onewindow/testing'
import { describe, expect, inject, it } from 'vitest'
import { migrationsDir } from '../src/index.js'

// 20261231100000_dishonest_owner_version: the owners listed before the list's changes were published get version 1
// and their listing in the outbox, as `outbox.add` would have written it, so acceptance hears of them too.

const MIGRATION = '20261231100000_dishonest_owner_version'

describe(MIGRATION, () => {
  it('numbers each listed owner 1 and puts its listing in the outbox, valid against the event’s schema', async () => {
    using migrations = migrationsUpTo(migrationsDir, MIGRATION)
    await using db = await createTestSchema(inject('databaseUrl'), migrations.before, 'dishonest')
    await db.pool.query(
      `INSERT INTO dishonest_owner (credit_code, listed_at, listed_by, reason) VALUES
         ('91350100M000100Y43', '2026-03-02T01:00:00.123Z', 'admin:admin-1', '汕信用〔2026〕1号'),
         ('91350100M000101Y3M', '2026-03-01T01:00:00Z', 'admin:admin-2', NULL)`,
    )
    expect((await migrate(db.url, migrations.through)).applied).toEqual([MIGRATION])

    const versions = await db.pool.query('SELECT credit_code, version FROM dishonest_owner_version ORDER BY 1')
    expect(versions.rows).toEqual([
      { credit_code: '91350100M000100Y43', version: 1 },
      { credit_code: '91350100M000101Y3M', version: 1 },
    ])
    const { rows } = await db.pool.query(
      'SELECT id, subject, aggregate_id, payload, headers, sent_at FROM outbox_message ORDER BY position',
    )
    // The earlier listing first.
    expect(rows.map((r) => r.payload)).toEqual([
      { creditCode: '91350100M000101Y3M', version: 1, listedAt: '2026-03-01T01:00:00.000Z', listedBy: 'admin:admin-2' },
      {
        creditCode: '91350100M000100Y43',
        version: 1,
        reason: '汕信用〔2026〕1号',
        listedAt: '2026-03-02T01:00:00.123Z',
        listedBy: 'admin:admin-1',
      },
    ])
    for (const row of rows) {
      expect(validationErrors(DishonestOwnerListedV1, row.payload)).toEqual([])
      expect(row).toMatchObject({
        subject: DishonestOwnerListedV1.subject,
        aggregate_id: `owner:${row.payload.creditCode}`,
        headers: { 'ce-id': row.id, 'ce-type': DishonestOwnerListedV1.subject, 'ce-source': 'intake' },
        sent_at: null,
      })
    }
  })
})

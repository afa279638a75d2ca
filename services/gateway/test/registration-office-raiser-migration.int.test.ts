import { migrate } from '@onewindow/db'
import { createTestSchema, migrationsUpTo } from '@onewindow/testing'
import { describe, expect, inject, it } from 'vitest'
import { migrationsDir } from '../src/index.js'

// 20270112000100_timeline_registration_office_raiser: a 证照异议 the registration office raised, projected before as a
// using department's (`raiser: department`), now says `registration-office`, found by the party its summary names; a
// department's and the owner's stay, and the project's kept status answers are outdated by it.

const MIGRATION = '20270112000100_timeline_registration_office_raiser'
const id = (n: number) => `01890000-0000-7000-8000-${String(n).padStart(12, '0')}`
const PROJECT = id(100)

describe(MIGRATION, () => {
  it('names the registration office as the raiser of its objections’ entries, and only of those', async () => {
    using migrations = migrationsUpTo(migrationsDir, MIGRATION)
    await using db = await createTestSchema(inject('databaseUrl'), migrations.before, 'raiser', { reader: true })

    const entries: Array<[string, string, string | null]> = [
      [
        'objection.raised',
        'Objection by registration-office to certificate 4406-1 «施工许可证», for housing-construction to check',
        'department',
      ],
      [
        'objection.answered',
        'Objection by registration-office to certificate 4406-1 answered by housing-construction: upheld',
        'department',
      ],
      [
        'objection.raised',
        'Objection by housing-construction to certificate 4406-2 «规划许可证», for natural-resources to check',
        'department',
      ],
      [
        'objection.raised',
        'Objection by owner-91440600ma4uj2k7x6 to certificate BDC-1 «不动产权证书», for registration-office to check',
        'owner',
      ],
      ['certificate.issued', 'Objection by registration-office (not an objection entry)', null],
      // Projected before 20270103400000 gave a raiser: none yet.
      [
        'objection.answered',
        'Objection by registration-office to certificate 4406-3 answered by natural-resources: rejected',
        null,
      ],
      [
        'objection.raised',
        'Objection by owner-91440600ma4uj2k7x6 to certificate BDC-2 «不动产权证书», for registration-office to check',
        null,
      ],
      [
        'objection.raised',
        'Objection by transport to certificate 4406-4 «规划许可证», for natural-resources to check',
        null,
      ],
    ]
    for (const [n, [type, summary, raiser]] of entries.entries())
      await db.pool.query(
        `INSERT INTO timeline_entry (event_id, project_id, occurred_at, type, subject, summary, raiser)
         VALUES ($1, $2, now(), $3, 'x', $4, $5)`,
        [id(n), PROJECT, type, summary, raiser],
      )
    // Before it, the registration office is no raiser the column takes.
    await expect(
      db.pool.query(
        `INSERT INTO timeline_entry (event_id, project_id, occurred_at, type, subject, summary, raiser)
         VALUES ($1, $2, now(), 'objection.raised', 'x', 'x', 'registration-office')`,
        [id(50), PROJECT],
      ),
    ).rejects.toThrow(/timeline_entry_raiser_check/)
    const version = async () =>
      Number(
        (await db.pool.query('SELECT version FROM answer_version WHERE scope = $1', [`project:${PROJECT}`])).rows[0]
          ?.version ?? 0,
      )
    const was = await version()

    expect((await migrate(db.url, migrations.through)).applied).toEqual([MIGRATION])
    expect(
      (await db.pool.query('SELECT raiser FROM timeline_entry ORDER BY event_id')).rows.map((r) => r.raiser),
    ).toEqual([
      'registration-office',
      'registration-office',
      'department',
      'owner',
      null,
      'registration-office',
      'owner',
      'department',
    ])
    expect(await version()).toBeGreaterThan(was)
    // Any other raiser is still refused.
    await expect(
      db.pool.query(
        `INSERT INTO timeline_entry (event_id, project_id, occurred_at, type, subject, summary, raiser)
         VALUES ($1, $2, now(), 'objection.raised', 'x', 'x', 'registrar')`,
        [id(51), PROJECT],
      ),
    ).rejects.toThrow(/timeline_entry_raiser_check/)
  })
})

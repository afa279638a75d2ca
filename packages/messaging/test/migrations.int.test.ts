import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { migrate } from '@onewindow/db'
import { createTestSchema, schemaDifferences } from '@onewindow/testing'
import { describe, expect, inject, it } from 'vitest'
import { migrationsDir, prismaSchemaDir } from './helpers.js'

describe('the project migrate step', () => {
  it('gives a schema that matches schema.prisma (messaging tables and the fixture ledger)', async () => {
    await using db = await createTestSchema(inject('databaseUrl'), migrationsDir, 'mig')
    expect(await schemaDifferences(prismaSchemaDir, db.pool, db.schema)).toEqual([])
  })

  it('creates the messaging tables with the SQL messaging.prisma is kept in step with', () => {
    // Each schema's first migration repeats packages/messaging/prisma/messaging.sql; a drifted copy fails here.
    const canonical = readFileSync(new URL('../prisma/messaging.sql', import.meta.url), 'utf8')
    const init = readFileSync(join(migrationsDir, '20260101000000_init', 'migration.sql'), 'utf8')
    expect(init.startsWith(canonical)).toBe(true)
  })

  it('gives every service of the repository, old or new, the canonical messaging, audit, calendar and retention SQL', () => {
    // A service added later (the notifier) may carry them in its first migration instead of one migration each: what
    // counts is that its migrations hold each canonical text unchanged, so messaging.prisma describes it too.
    const servicesDir = fileURLToPath(new URL('../../../services/', import.meta.url))
    const canonical = ['messaging.sql', 'audit.sql', 'calendar.sql', 'retention.sql', 'audit-by-position.sql'].map(
      (f) => ({
        f,
        sql: readFileSync(new URL(`../prisma/${f}`, import.meta.url), 'utf8').trim(),
      }),
    )
    for (const service of readdirSync(servicesDir)) {
      const dir = join(servicesDir, service, 'prisma', 'migrations')
      const all = readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
        .map((m) => readFileSync(join(dir, m, 'migration.sql'), 'utf8'))
        .join('\n')
      for (const { f, sql } of canonical) expect(all.includes(sql), `${service} lacks ${f}`).toBe(true)
    }
  })

  // One migration per schema repeats each of these canonical files; a drifted copy fails here. The services named are
  // those that have the migration of their own: one added later (the hotline, the notifier) carries the text in its
  // first migration instead, which the canonical-SQL test above checks for every service.
  const servicesDir = fileURLToPath(new URL('../../../services/', import.meta.url))
  const first = ['intake', 'approval', 'acceptance', 'utility', 'registration', 'gateway']
  const every = readdirSync(servicesDir)
  const migrationOf = (service: string, migration: string) =>
    join(servicesDir, service, 'prisma', 'migrations', migration, 'migration.sql')
  it.each([
    {
      what: 'the audit chain',
      file: 'audit.sql',
      fixture: '20260102000000_audit_chain',
      migration: '20261130100000_audit_chain',
      services: first,
    },
    {
      what: 'the published calendar entries',
      file: 'calendar.sql',
      fixture: '20260103000000_calendar_entry',
      migration: '20261201100000_calendar_entry',
      services: first,
    },
    {
      what: 'the retention index',
      file: 'retention.sql',
      fixture: '20261204080000_retention',
      migration: '20261204080000_retention',
      services: every.filter((s) => existsSync(migrationOf(s, '20261204080000_retention'))),
    },
    {
      // After audit.sql made them (in a first migration or its own), every schema drops the chain's object and actor
      // indexes: the lookups are the gateway's audit_copy's.
      what: 'the audit chain read by position only',
      file: 'audit-by-position.sql',
      fixture: '20261213000000_audit_by_position',
      migration: '20261213000000_audit_by_position',
      services: every,
    },
  ])(
    'gives the fixture and every service $what with the SQL messaging.prisma is kept in step with',
    ({ file, fixture, migration, services }) => {
      const canonical = readFileSync(new URL(`../prisma/${file}`, import.meta.url), 'utf8')
      const copies = [join(migrationsDir, fixture, 'migration.sql'), ...services.map((s) => migrationOf(s, migration))]
      for (const copy of copies) expect(readFileSync(copy, 'utf8'), copy).toBe(canonical)
    },
  )

  it('notices a schema that drifted from schema.prisma', async () => {
    await using db = await createTestSchema(inject('databaseUrl'), migrationsDir, 'mig')
    await db.pool.query('ALTER TABLE outbox_message ALTER COLUMN aggregate_id DROP NOT NULL')
    await db.pool.query('DROP INDEX outbox_message_sent_at_position_idx')
    await db.pool.query('ALTER TABLE account ADD COLUMN note text')
    const diffs = await schemaDifferences(prismaSchemaDir, db.pool, db.schema)
    expect(diffs).toEqual(
      expect.arrayContaining([
        'outbox_message.aggregate_id is nullable, schema.prisma says required',
        'missing outbox_message index (sent_at, position)',
        'account.note is not in schema.prisma',
      ]),
    )
  })

  it('keeps _prisma_migrations as prisma migrate deploy does, and applies nothing twice', async () => {
    await using db = await createTestSchema(inject('databaseUrl'), migrationsDir, 'mig')
    const { rows } = await db.pool.query(
      "SELECT * FROM _prisma_migrations WHERE migration_name = '20260101000000_init'",
    )
    const sql = readFileSync(join(migrationsDir, '20260101000000_init', 'migration.sql'))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      migration_name: '20260101000000_init',
      checksum: createHash('sha256').update(sql).digest('hex'),
      logs: null,
      rolled_back_at: null,
      applied_steps_count: 1,
    })
    expect(rows[0].id).toMatch(/^[0-9a-f-]{36}$/)
    expect(rows[0].finished_at).toBeInstanceOf(Date)
    expect(await migrate(db.url, migrationsDir)).toEqual({
      applied: [],
      alreadyApplied: [
        '20260101000000_init',
        '20260102000000_audit_chain',
        '20260103000000_calendar_entry',
        '20261204080000_retention',
        '20261213000000_audit_by_position',
      ],
    })
  })

  it('refuses a migration edited after it was applied', async () => {
    await using db = await createTestSchema(inject('databaseUrl'), migrationsDir, 'mig')
    const copy = mkdtempSync(join(tmpdir(), 'migrations-'))
    cpSync(migrationsDir, copy, { recursive: true })
    writeFileSync(join(copy, '20260101000000_init', 'migration.sql'), '-- edited\n', { flag: 'a' })
    await expect(migrate(db.url, copy)).rejects.toMatchObject({
      code: 'DB_MIGRATION_FAILED',
      migration: '20260101000000_init',
    })
  })

  it('leaves nothing half-applied when a migration fails', async () => {
    await using db = await createTestSchema(inject('databaseUrl'), migrationsDir, 'mig')
    const copy = mkdtempSync(join(tmpdir(), 'migrations-'))
    cpSync(migrationsDir, copy, { recursive: true })
    cpSync(join(copy, '20260101000000_init'), join(copy, '20260102000000_broken'), { recursive: true })
    writeFileSync(
      join(copy, '20260102000000_broken', 'migration.sql'),
      'CREATE TABLE half (id int);\nSELECT no_such_function();\n',
    )
    await expect(migrate(db.url, copy)).rejects.toMatchObject({ migration: '20260102000000_broken' })
    const tables = await db.pool.query(
      "SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'half'",
      [db.schema],
    )
    expect(tables.rowCount).toBe(0)
    const recorded = await db.pool.query(
      "SELECT 1 FROM _prisma_migrations WHERE migration_name = '20260102000000_broken'",
    )
    expect(recorded.rowCount).toBe(0)
  })
})

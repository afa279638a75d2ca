import { randomBytes } from 'node:crypto'
import { migrationsDir as approvalMigrations } from '@onewindow/approval'
import { dropProvisioned, migrate, provisionSchema } from '@onewindow/db'
import { migrationsDir as intakeMigrations } from '@onewindow/intake'
import { createTestSchema } from '@onewindow/testing'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

// PostgreSQL least privilege (docs/security.md): each service's schema is owned by its own role, migrations run as
// that role, and no service's role can touch another's tables.

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'allowed',
    (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`,
  )

describe('one role per service schema', () => {
  let intake: Awaited<ReturnType<typeof createTestSchema>>
  let approval: Awaited<ReturnType<typeof createTestSchema>>

  beforeAll(async () => {
    ;[intake, approval] = await Promise.all([
      createTestSchema(inject('databaseUrl'), intakeMigrations, 'intake'),
      createTestSchema(inject('databaseUrl'), approvalMigrations, 'approval'),
    ])
  })
  afterAll(async () => {
    await intake?.drop()
    await approval?.drop()
  })

  it('migrates as the schema owner: every table, function and the schema itself belong to that role', async () => {
    const { rows } = await intake.pool.query<{ owners: string[] }>(
      `SELECT array_agg(DISTINCT pg_get_userbyid(o)::text) AS owners FROM (
         SELECT nspowner AS o FROM pg_namespace WHERE nspname = $1
         UNION ALL SELECT relowner FROM pg_class WHERE relnamespace = $1::regnamespace
         UNION ALL SELECT proowner FROM pg_proc WHERE pronamespace = $1::regnamespace) x`,
      [intake.schema],
    )
    expect(rows[0]?.owners).toEqual([intake.roles.owner])
    const role = await intake.pool.query(
      'SELECT rolsuper, rolbypassrls, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user',
    )
    expect(role.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, rolcreatedb: false, rolcreaterole: false })
    // The password in the role's URL (createTestSchema gives each a random one) was set on the role.
    const admin = new pg.Client({ connectionString: inject('databaseUrl') })
    await admin.connect()
    try {
      const { rows: pw } = await admin.query(
        'SELECT rolpassword IS NOT NULL AS set FROM pg_authid WHERE rolname = $1',
        [intake.roles.owner],
      )
      expect(pw).toEqual([{ set: true }])
    } finally {
      await admin.end()
    }
  })

  it("refuses one service's role a SELECT from and an INSERT into another service's table (42501)", async () => {
    // Approval's role, naming intake's table fully: the schema itself is closed to it.
    const asApproval = approval.pool
    const table = `${pg.escapeIdentifier(intake.schema)}.outbox_message`
    await intake.pool.query(
      `INSERT INTO outbox_message (id, subject, aggregate_id, payload, headers) VALUES (gen_random_uuid(), 's', 'a', '{}', '{}')`,
    )
    expect(await refusal(asApproval.query(`SELECT * FROM ${table}`))).toBe(
      `42501: permission denied for schema ${intake.schema}`,
    )
    expect(
      await refusal(
        asApproval.query(
          `INSERT INTO ${table} (id, subject, aggregate_id, payload, headers) VALUES (gen_random_uuid(), 's', 'a', '{}', '{}')`,
        ),
      ),
    ).toBe(`42501: permission denied for schema ${intake.schema}`)
    // Nor by reaching for the tables through another schema on the search path.
    expect(await refusal(asApproval.query(`SET search_path TO ${pg.escapeIdentifier(intake.schema)}`))).toBe('allowed')
    expect(await refusal(asApproval.query(`DROP SCHEMA ${pg.escapeIdentifier(intake.schema)} CASCADE`))).toMatch(
      /^42501: must be owner of schema/,
    )
    // The owner itself still reads its row: the refusal is the other role's, not a broken table.
    expect((await intake.pool.query('SELECT count(*)::int AS n FROM outbox_message')).rows[0]).toEqual({ n: 1 })
  })

  it('gives a service role no right to create schemas or roles', async () => {
    expect(await refusal(approval.pool.query('CREATE SCHEMA spg_should_not_exist'))).toMatch(
      /^42501: permission denied for database/,
    )
    expect(await refusal(approval.pool.query('CREATE ROLE spg_should_not_exist'))).toMatch(
      /^42501: permission denied to create role/,
    )
  })
})

describe('the setup step (provisionSchema)', () => {
  const admin = () => inject('databaseUrl')
  const names = () => {
    const schema = `prov_${randomBytes(5).toString('hex')}`
    const url = (user: string) => {
      const u = new URL(admin())
      u.username = user
      u.password = ''
      u.searchParams.set('schema', schema)
      return u.toString()
    }
    return { schema, owner: `${schema}_owner`, reader: `${schema}_reader`, url }
  }

  it('hands a schema made before roles existed, with its tables and functions, to the owner; twice is once', async () => {
    const n = names()
    const a = new pg.Client({ connectionString: admin() })
    await a.connect()
    try {
      // As `pnpm start` left a database before this step existed: everything owned by the superuser.
      const legacy = new URL(admin())
      legacy.searchParams.set('schema', n.schema)
      await migrate(legacy.toString(), intakeMigrations)
      await provisionSchema(admin(), { ownerUrl: n.url(n.owner), readerUrl: n.url(n.reader) })
      await provisionSchema(admin(), { ownerUrl: n.url(n.owner), readerUrl: n.url(n.reader) })
      const { rows } = await a.query<{ owners: string[] }>(
        `SELECT array_agg(DISTINCT pg_get_userbyid(o)::text) AS owners FROM (
           SELECT nspowner AS o FROM pg_namespace WHERE nspname = $1
           UNION ALL SELECT relowner FROM pg_class WHERE relnamespace = $1::regnamespace
           UNION ALL SELECT proowner FROM pg_proc WHERE pronamespace = $1::regnamespace) x`,
        [n.schema],
      )
      expect(rows[0]?.owners).toEqual([n.owner])
      // The owner migrates on from there (nothing left to apply, but it may read and lock the bookkeeping).
      expect((await migrate(n.url(n.owner), intakeMigrations)).applied).toEqual([])
    } finally {
      await a.end()
      await dropProvisioned(admin(), n.schema, [n.owner, n.reader])
    }
  })

  it('refuses an owner that is the setup identity itself, and a reader that is the owner', async () => {
    const n = names()
    const self = new URL(admin()).username || 'postgres'
    await expect(provisionSchema(admin(), { ownerUrl: n.url(self) })).rejects.toMatchObject({
      code: 'DB_PROVISION_REFUSED',
    })
    await expect(
      provisionSchema(admin(), { ownerUrl: n.url(n.owner), readerUrl: n.url(n.owner) }),
    ).rejects.toMatchObject({ code: 'DB_PROVISION_REFUSED' })
    const left = new pg.Client({ connectionString: admin() })
    await left.connect()
    try {
      const { rowCount } = await left.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [n.owner])
      expect(rowCount).toBe(0)
    } finally {
      await left.end()
    }
  })
})

import pg from 'pg'
import { parseDatabaseUrl } from './connection.js'

/**
 * What a service's schema is given by the setup step: the URL its owner connects with (the service's own
 * `DATABASE_URL`: user, password when the server asks for one, `?schema=`), and for the gateway the URL of the role
 * that reads its read model under row-level security.
 */
export type SchemaRoles = {
  /** The schema's owner: runs the migrations and every write of the service. */
  ownerUrl: string
  /** A role that owns nothing and reads the schema's tables, subject to their row-level security policies. */
  readerUrl?: string
}

export class ProvisionError extends Error {
  readonly code = 'DB_PROVISION_REFUSED'
}

type Role = { name: string; password: string | undefined }

const roleOf = (url: string): Role => {
  const u = new URL(url)
  const name = decodeURIComponent(u.username)
  if (!name) throw new ProvisionError(`${redact(url)} names no user: a service connects as its own role`)
  return { name, password: u.password ? decodeURIComponent(u.password) : undefined }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@')
const id = pg.escapeIdentifier

/**
 * The setup step, run by a privileged identity (the superuser `pnpm start`, the test world and CI connect as): the
 * schema's owner role and, when asked, its reader role (LOGIN, not superuser, no CREATEDB/CREATEROLE, no BYPASSRLS,
 * no inherited rights; a password set from the URL when it carries one), the schema created `AUTHORIZATION` the
 * owner, or handed to it with everything in it when it was made before roles existed. The reader may use the schema
 * and SELECT from its tables (now and, through default privileges, every table the owner creates later); whether a
 * row is visible is then the tables' policies' business. No other role gets anything: another service's role meets
 * "permission denied for schema". Idempotent, and safe for two starts at once (a transaction-scoped advisory lock).
 *
 * DDL takes no parameters, so names are quoted with `escapeIdentifier` and a password with `escapeLiteral`.
 */
export async function provisionSchema(adminUrl: string, roles: SchemaRoles): Promise<void> {
  const { schema } = parseDatabaseUrl(roles.ownerUrl)
  const owner = roleOf(roles.ownerUrl)
  const reader = roles.readerUrl ? roleOf(roles.readerUrl) : undefined
  if (reader && parseDatabaseUrl(roles.readerUrl as string).schema !== schema)
    throw new ProvisionError(`the reader's URL names another schema than ${schema}`)
  if (reader && reader.name === owner.name)
    throw new ProvisionError(`the reader of ${schema} must not be its owner (${owner.name}): the owner escapes RLS`)
  const admin = new pg.Client({ connectionString: parseDatabaseUrl(adminUrl).connectionString })
  await admin.connect()
  try {
    const self = (await admin.query<{ name: string }>('SELECT current_user AS name')).rows[0]?.name
    for (const role of [owner, ...(reader ? [reader] : [])])
      if (role.name === self) throw new ProvisionError(`${role.name} is the setup step's own identity, not a service's`)
    await admin.query('BEGIN')
    // Roles are cluster-wide: the lock is on the role names as well as the schema.
    await admin.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`provision:${owner.name}`])
    await ensureRole(admin, owner)
    if (reader) {
      await admin.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`provision:${reader.name}`])
      await ensureRole(admin, reader)
    }
    const found = await admin.query<{ owner: string }>(
      'SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = $1',
      [schema],
    )
    if (found.rowCount === 0) await admin.query(`CREATE SCHEMA ${id(schema)} AUTHORIZATION ${id(owner.name)}`)
    else await handOver(admin, schema, owner.name)
    if (reader) {
      await admin.query(`GRANT USAGE ON SCHEMA ${id(schema)} TO ${id(reader.name)}`)
      await admin.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${id(schema)} TO ${id(reader.name)}`)
      await admin.query(
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${id(owner.name)} IN SCHEMA ${id(schema)} GRANT SELECT ON TABLES TO ${id(reader.name)}`,
      )
    }
    await admin.query('COMMIT')
  } catch (err) {
    await admin.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    await admin.end()
  }
}

async function ensureRole(admin: pg.Client, role: Role) {
  const found = await admin.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
    'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1',
    [role.name],
  )
  const existing = found.rows[0]
  // A superuser or BYPASSRLS role would make the whole exercise void; it is refused rather than silently altered.
  if (existing && (existing.rolsuper || existing.rolbypassrls))
    throw new ProvisionError(`${role.name} is a superuser or bypasses RLS: a service's role must be neither`)
  if (!existing)
    await admin.query(
      `CREATE ROLE ${id(role.name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS`,
    )
  if (role.password !== undefined)
    await admin.query(`ALTER ROLE ${id(role.name)} PASSWORD ${pg.escapeLiteral(role.password)}`)
}

/**
 * A schema made before the roles (by an earlier `pnpm start` as the superuser) is handed to its owner with its
 * tables, views, free-standing sequences and functions, so the owner's next migration may alter them.
 * (A table's own sequences and indexes follow the table.)
 */
async function handOver(admin: pg.Client, schema: string, owner: string) {
  await admin.query(`ALTER SCHEMA ${id(schema)} OWNER TO ${id(owner)}`)
  const relations = await admin.query<{ name: string; kind: string }>(
    `SELECT c.relname AS name, c.relkind::text AS kind FROM pg_class c
      WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = $1)
        AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND pg_get_userbyid(c.relowner) <> $2
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                           AND d.deptype IN ('a', 'i'))`,
    [schema, owner],
  )
  const kinds: Record<string, string> = { r: 'TABLE', p: 'TABLE', v: 'VIEW', m: 'MATERIALIZED VIEW', S: 'SEQUENCE' }
  for (const r of relations.rows)
    await admin.query(`ALTER ${kinds[r.kind]} ${id(schema)}.${id(r.name)} OWNER TO ${id(owner)}`)
  const functions = await admin.query<{ signature: string }>(
    `SELECT p.oid::regprocedure::text AS signature FROM pg_proc p
      WHERE p.pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = $1) AND pg_get_userbyid(p.proowner) <> $2`,
    [schema, owner],
  )
  // regprocedure's text is already quoted and schema-qualified as needed (its search_path here is the default).
  for (const f of functions.rows) await admin.query(`ALTER FUNCTION ${f.signature} OWNER TO ${id(owner)}`)
}

/**
 * What a test (or a teardown) that provisioned a schema drops again: the schema with everything in it, then what
 * the roles still hold in this database (default privileges), then the roles. Never run against roles someone else
 * made: callers pass the names they created.
 */
export async function dropProvisioned(adminUrl: string, schema: string, roleNames: readonly string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: parseDatabaseUrl(adminUrl).connectionString })
  await admin.connect()
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${id(schema)} CASCADE`)
    const existing = (
      await admin.query<{ name: string }>('SELECT rolname AS name FROM pg_roles WHERE rolname = ANY($1::text[])', [
        roleNames,
      ])
    ).rows.map((r) => r.name)
    if (existing.length === 0) return
    const list = existing.map(id).join(', ')
    await admin.query(`DROP OWNED BY ${list}`)
    await admin.query(`DROP ROLE ${list}`)
  } finally {
    await admin.end()
  }
}

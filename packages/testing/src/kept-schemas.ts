import { createHash } from 'node:crypto'
import { dropProvisioned, listMigrations } from '@onewindow/db'
import pg from 'pg'

/**
 * Migrated test schemas kept for the next file instead of dropped. A file's schema with every service's migrations
 * applied cost 0.5–2 s to make (the gateway's 62 migrations 2–6.5 s under load) and another 0.1–0.7 s to drop, about
 * a sixth of a whole-platform file's time; emptying one costs a few statements. So, within a Vitest run (the global
 * set-up names it in `ONEWINDOW_TEST_RUN`), `drop()` of a migrated schema empties it back to the state its
 * migrations left — every table truncated, the rows the migrations seeded put back, every sequence where it stood —
 * and the next file in the same worker asking for the same migrations gets it. A schema is reused only when nothing
 * is left of its last user: every session of its roles is ended first, and a schema whose definition changed
 * (a table, column, function, trigger, policy, constraint or grant that its migrations did not make) is dropped as
 * before. Only the run's own database keeps schemas (`ONEWINDOW_TEST_DATABASE`; a test's private PostgreSQL, which it
 * stops and starts, never does). Outside a Vitest run (benches, the fault suite) nothing is kept, nor with
 * `TEST_KEEP_SCHEMAS=off`.
 */
export type Kept = {
  schema: string
  url: string
  readerUrl?: string
  roles: { owner: string; reader?: string }
  /** What the migrations left: the definition's digest, the seeded rows, the sequences. */
  pristine: Pristine
}

type Pristine = {
  definition: string
  seeds: Array<{ table: string; columns: string[]; rows: string }>
  /** What the planner knows of each table and index: a fresh schema's, so that plans are what they would be. */
  sizes: string
  /** Each sequence where its migrations left it: `setval(name, value, called)`. */
  sequences: Array<{ name: string; value: string; called: boolean }>
}

export const REGISTRY = 'public.onewindow_test_schema_pool'

/** The run this process belongs to, when kept schemas are allowed. */
export const keepingRun = (databaseUrl: string): string | undefined =>
  process.env['TEST_KEEP_SCHEMAS'] === 'off' || process.env['ONEWINDOW_TEST_DATABASE'] !== databaseUrl
    ? undefined
    : process.env['ONEWINDOW_TEST_RUN'] || undefined

const idle = new Map<string, Kept[]>()
/** A schema is handed on only for the same migrations: the directory and what its files hold now. */
const keyOf = (databaseUrl: string, migrationsDir: string, reader: boolean) =>
  `${databaseUrl}\u0000${migrationsDir}\u0000${migrationsDigest(migrationsDir)}\u0000${reader}`

function migrationsDigest(dir: string): string {
  const hash = createHash('sha256')
  for (const m of listMigrations(dir)) hash.update(`${m.name}\u0000${m.checksum}\u0000`)
  return hash.digest('hex')
}

export function takeKept(databaseUrl: string, migrationsDir: string, reader: boolean): Kept | undefined {
  return idle.get(keyOf(databaseUrl, migrationsDir, reader))?.pop()
}

const q = (name: string) => pg.escapeIdentifier(name)

/** Everything a test could change about a schema's definition, as one digest. */
const DEFINITION = `
SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) AS digest FROM (
  SELECT 'c:' || c.relname || ':' || c.relkind::text || ':' || pg_get_userbyid(c.relowner) || ':'
         || coalesce(c.relacl::text, '') || ':' || c.relrowsecurity
         || ':' || c.relforcerowsecurity || ':' || coalesce(array_to_string(c.reloptions, ','), '')
    FROM pg_class c WHERE c.relnamespace = $1::regnamespace
  UNION ALL
  SELECT 'a:' || c.relname || ':' || a.attname || ':' || a.atttypid || ':' || a.attnotnull || ':' || a.attisdropped
         || ':' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ':' || coalesce(a.attacl::text, '')
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE c.relnamespace = $1::regnamespace AND a.attnum > 0
  UNION ALL
  SELECT 'p:' || p.oid::regprocedure::text || ':' || md5(p.prosrc) || ':' || coalesce(p.proacl::text, '')
         || ':' || p.prosecdef || ':' || p.provolatile::text || ':' || pg_get_userbyid(p.proowner)
         || ':' || coalesce(array_to_string(p.proconfig, ','), '')
    FROM pg_proc p WHERE p.pronamespace = $1::regnamespace
  UNION ALL
  SELECT 't:' || pg_get_triggerdef(t.oid) || ':' || t.tgenabled::text
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = $1::regnamespace
  UNION ALL
  SELECT 'o:' || c.relname || ':' || pol.polname || ':' || pol.polcmd::text || ':' || pol.polpermissive || ':'
         || pol.polroles::text || ':' || coalesce(pg_get_expr(pol.polqual, pol.polrelid), '')
         || ':' || coalesce(pg_get_expr(pol.polwithcheck, pol.polrelid), '')
    FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid WHERE c.relnamespace = $1::regnamespace
  UNION ALL
  SELECT 'k:' || con.conname || ':' || pg_get_constraintdef(con.oid)
    FROM pg_constraint con WHERE con.connamespace = $1::regnamespace
  UNION ALL
  SELECT 'i:' || pg_get_indexdef(i.indexrelid)
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = $1::regnamespace
  UNION ALL
  SELECT 'v:' || c.relname || ':' || md5(pg_get_viewdef(c.oid))
    FROM pg_class c WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('v', 'm')
  UNION ALL
  SELECT 'y:' || t.typname FROM pg_type t WHERE t.typnamespace = $1::regnamespace
  UNION ALL
  SELECT 'n:' || coalesce(n.nspacl::text, '') || ':' || pg_get_userbyid(n.nspowner)
    FROM pg_namespace n WHERE n.oid = $1::regnamespace
  UNION ALL
  SELECT 'r:' || r.rolname || ':' || r.rolcanlogin || r.rolbypassrls || r.rolsuper || r.rolinherit
         || ':' || coalesce(array_to_string(r.rolconfig, ','), '')
    FROM pg_roles r WHERE r.rolname = ANY($2::text[])
  UNION ALL
  SELECT 'm:' || pg_get_userbyid(m.member) || '>' || pg_get_userbyid(m.roleid)
    FROM pg_auth_members m WHERE pg_get_userbyid(m.member) = ANY($2::text[])
) f(x)`

const TABLES = `
SELECT c.relname AS table,
       array_agg(a.attname::text ORDER BY a.attnum) FILTER (WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS columns
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
 WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p')
 GROUP BY c.relname ORDER BY c.relname`

const SEQUENCES = `
SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) AS name,
       coalesce(last_value, start_value)::text AS value, last_value IS NOT NULL AS called
  FROM pg_sequences WHERE schemaname = $1`

const SIZES = `
SELECT json_agg(json_build_object('oid', c.oid, 'pages', c.relpages, 'tuples', c.reltuples, 'visible', c.relallvisible))::text AS sizes
  FROM pg_class c WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p', 'i', 'm')`

// The planner's view of a schema put back: sizes as the migrations left them, no statistics a test's ANALYZE
// gathered (a plan test of the next file then sees what it would on a fresh schema).
const RESTORE_SIZES = `
UPDATE pg_class c SET relpages = s.pages, reltuples = s.tuples, relallvisible = s.visible
  FROM json_to_recordset($2::json) AS s(oid oid, pages int, tuples real, visible int)
 WHERE c.oid = s.oid AND c.relnamespace = $1::regnamespace;
DELETE FROM pg_statistic WHERE starelid IN (SELECT oid FROM pg_class WHERE relnamespace = $1::regnamespace);
DELETE FROM pg_statistic_ext_data WHERE stxoid IN (SELECT oid FROM pg_statistic_ext WHERE stxnamespace = $1::regnamespace)`

const VACUUM_FROM_ROWS = 200

async function withAdmin<T>(adminUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const u = new URL(adminUrl)
  u.searchParams.delete('schema')
  const admin = new pg.Client({ connectionString: u.toString() })
  await admin.connect()
  try {
    return await work(admin)
  } finally {
    await admin.end()
  }
}

/** What a freshly migrated schema holds, read before any test writes to it; and the schema put in the registry. */
export async function recordPristine(
  adminUrl: string,
  run: string,
  schema: string,
  roles: { owner: string; reader?: string },
): Promise<Pristine> {
  return withAdmin(adminUrl, async (admin) => {
    const names = Object.values(roles)
    const definition = (await admin.query<{ digest: string }>(DEFINITION, [q(schema), names])).rows[0]?.digest ?? ''
    const tables = (await admin.query<{ table: string; columns: string[] }>(TABLES, [q(schema)])).rows
    const seeds: Pristine['seeds'] = []
    for (const { table, columns } of tables) {
      const { rows } = await admin.query<{ rows: string | null }>(
        `SELECT json_agg(t)::text AS rows FROM ${q(schema)}.${q(table)} t`,
      )
      if (rows[0]?.rows) seeds.push({ table, columns, rows: rows[0].rows })
    }
    const sequences = (await admin.query<Pristine['sequences'][number]>(SEQUENCES, [schema])).rows
    const sizes = (await admin.query<{ sizes: string | null }>(SIZES, [q(schema)])).rows[0]?.sizes ?? '[]'
    await admin.query(`INSERT INTO ${REGISTRY} (schema_name, roles, run) VALUES ($1, $2, $3)`, [schema, names, run])
    return { definition, seeds, sizes, sequences }
  })
}

/**
 * Empties a kept schema back to its migrations' state and offers it to the next file, or drops it when its
 * definition changed or emptying it fails.
 */
export async function release(adminUrl: string, migrationsDir: string, reader: boolean, kept: Kept): Promise<void> {
  const names = Object.values(kept.roles)
  const reusable = await withAdmin(adminUrl, async (admin) => {
    // Whatever the last user left connected (a server not closed, a listener) ends here, and cannot write into the
    // next user's rows.
    await admin.query(
      'SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE usename = ANY($1::text[]) AND pid <> pg_backend_pid()',
      [names],
    )
    const digest = (await admin.query<{ digest: string }>(DEFINITION, [q(kept.schema), names])).rows[0]?.digest
    if (digest !== kept.pristine.definition) return false
    const tables = (await admin.query<{ table: string }>(TABLES, [q(kept.schema)])).rows.map(
      (t) => `${q(kept.schema)}.${q(t.table)}`,
    )
    try {
      await admin.query('BEGIN')
      // No trigger fires, no foreign key is checked: the rows go in any order, and the seeded rows go back in as they
      // were (no outbox notice, no change row). DELETE, not TRUNCATE: a test's few rows go in a few milliseconds,
      // where TRUNCATE gives each of the gateway's tables and indexes a new file (0.6–0.9 s).
      await admin.query('SET LOCAL session_replication_role = replica')
      const deleted = tables.length > 0 ? await admin.query(tables.map((t) => `DELETE FROM ${t}`).join('; ')) : []
      for (const seed of kept.pristine.seeds) {
        const table = `${q(kept.schema)}.${q(seed.table)}`
        const columns = seed.columns.map(q).join(', ')
        await admin.query(
          `INSERT INTO ${table} (${columns}) OVERRIDING SYSTEM VALUE SELECT ${columns} FROM json_populate_recordset(null::${table}, $1::json)`,
          [seed.rows],
        )
      }
      if (kept.pristine.sequences.length > 0)
        await admin.query(
          'SELECT setval(s.name::regclass, s.value, s.called) FROM json_to_recordset($1::json) AS s(name text, value bigint, called boolean)',
          [JSON.stringify(kept.pristine.sequences)],
        )
      await admin.query('COMMIT')
      // Autovacuum is off on these machines: a table a file filled is vacuumed, so that reuse after reuse does not
      // leave the next file scanning dead rows.
      const results = Array.isArray(deleted) ? deleted : [deleted]
      const filled = tables.filter((_, i) => (results[i]?.rowCount ?? 0) >= VACUUM_FROM_ROWS)
      if (filled.length > 0) await admin.query(`VACUUM ${filled.join(', ')}`)
      await admin.query('BEGIN')
      for (const statement of RESTORE_SIZES.split(';'))
        await admin.query(
          statement,
          statement.includes('$2') ? [q(kept.schema), kept.pristine.sizes] : [q(kept.schema)],
        )
      await admin.query('COMMIT')
      return true
    } catch (error) {
      await admin.query('ROLLBACK').catch(() => {})
      console.warn(`kept test schema ${kept.schema} could not be emptied; dropped instead:`, error)
      return false
    }
  })
  if (reusable) {
    const key = keyOf(adminUrl, migrationsDir, reader)
    idle.set(key, [...(idle.get(key) ?? []), kept])
    return
  }
  await dropProvisioned(adminUrl, kept.schema, names)
  await withAdmin(adminUrl, (admin) => admin.query(`DELETE FROM ${REGISTRY} WHERE schema_name = $1`, [kept.schema]))
}

/** The run's kept schemas dropped (the set-up's teardown), and those of runs that ended a day ago or more. */
export async function dropKept(adminUrl: string, run: string): Promise<number> {
  const rows = await withAdmin(adminUrl, async (admin) => {
    await admin.query(
      `CREATE TABLE IF NOT EXISTS ${REGISTRY} (schema_name text PRIMARY KEY, roles text[] NOT NULL, run text NOT NULL, made_at timestamptz NOT NULL DEFAULT now())`,
    )
    return (
      await admin.query<{ schema_name: string; roles: string[] }>(
        `SELECT schema_name, roles FROM ${REGISTRY} WHERE run = $1 OR made_at < now() - interval '1 day'`,
        [run],
      )
    ).rows
  })
  const dropped = new Set(rows.map((r) => r.schema_name))
  for (const [key, list] of idle)
    idle.set(
      key,
      list.filter((k) => !dropped.has(k.schema)),
    )
  for (const r of rows) {
    await dropProvisioned(adminUrl, r.schema_name, r.roles)
    await withAdmin(adminUrl, (admin) => admin.query(`DELETE FROM ${REGISTRY} WHERE schema_name = $1`, [r.schema_name]))
  }
  return rows.length
}

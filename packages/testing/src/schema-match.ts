import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type pg from 'pg'

type DmmfField = {
  name: string
  dbName?: string | null
  kind: 'scalar' | 'object' | 'enum' | 'unsupported'
  type: string
  isList: boolean
  isRequired: boolean
  isUpdatedAt: boolean
  hasDefaultValue: boolean
  default?: unknown
  nativeType?: [string, string[]] | null
  relationFromFields?: string[]
  relationToFields?: string[]
}
type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[] }
type DmmfIndex = { model: string; type: 'id' | 'unique' | 'normal' | 'fulltext'; fields: Array<{ name: string }> }

// Prisma's column types on PostgreSQL when no native type is given.
const scalarDefaults: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Bytes: 'bytea',
}
const nativeTypes: Record<string, (args: string[]) => string> = {
  Uuid: () => 'uuid',
  Text: () => 'text',
  VarChar: (a) => (a[0] ? `character varying(${a[0]})` : 'character varying'),
  Char: (a) => `character(${a[0] ?? 1})`,
  Timestamptz: (a) => `timestamp(${a[0] ?? 6}) with time zone`,
  Timestamp: (a) => `timestamp(${a[0] ?? 6}) without time zone`,
  Date: () => 'date',
  Integer: () => 'integer',
  SmallInt: () => 'smallint',
  BigInt: () => 'bigint',
  JsonB: () => 'jsonb',
  Json: () => 'json',
  Boolean: () => 'boolean',
  Decimal: (a) => (a.length ? `numeric(${a.join(',')})` : 'numeric'),
  Inet: () => 'inet',
  ByteA: () => 'bytea',
}

const expectedType = (f: DmmfField): string => {
  const base =
    f.kind === 'enum'
      ? f.type
      : f.nativeType
        ? (nativeTypes[f.nativeType[0]]?.(f.nativeType[1]) ?? f.nativeType[0].toLowerCase())
        : (scalarDefaults[f.type] ?? f.type)
  return f.isList ? `${base}[]` : base
}

// Defaults Prisma's client fills in itself (uuid(), cuid()…) are no database default.
const expectsDbDefault = (f: DmmfField): string | null => {
  if (!f.hasDefaultValue) return null
  const d = f.default as { name?: string } | string | number | boolean | undefined
  if (d && typeof d === 'object' && 'name' in d) {
    if (d.name === 'autoincrement') return 'nextval'
    if (d.name === 'now') return 'CURRENT_TIMESTAMP'
    if (d.name === 'dbgenerated') return 'any'
    return null
  }
  return String(d)
}

async function readDatamodel(schemaDir: string) {
  const files = readdirSync(schemaDir)
    .filter((f) => f.endsWith('.prisma'))
    .map((f) => [join(schemaDir, f), readFileSync(join(schemaDir, f), 'utf8')] as [string, string])
  // Imported here, not at the top: Prisma's internals take ~0.4 s of CPU to load, and every process that imports this
  // package (each service process of the benchmark and the fault suite among them) would pay it for nothing.
  const { default: internals } = await import('@prisma/internals')
  const dmmf = await internals.getDMMF({ datamodel: files })
  return dmmf.datamodel as unknown as { models: DmmfModel[]; indexes: DmmfIndex[] }
}

/**
 * Compares a migrated schema with what `schema.prisma` declares: tables, columns, types, nullability, defaults,
 * primary keys, unique and plain indexes, foreign keys. Returns every difference (empty when they match), so a
 * hand-written migration that drifts from the Prisma schema fails its service's test.
 */
export async function schemaDifferences(schemaDir: string, pool: pg.Pool, schema: string): Promise<string[]> {
  const dm = await readDatamodel(schemaDir)
  const diffs: string[] = []
  const tableOf = new Map(dm.models.map((m) => [m.name, m.dbName ?? m.name]))
  const columnOf = (model: DmmfModel, field: string) => {
    const f = model.fields.find((x) => x.name === field)
    return f?.dbName ?? field
  }

  const columns = await pool.query<{
    table_name: string
    column_name: string
    type: string
    not_null: boolean
    default: string | null
  }>(
    `SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_prisma_migrations'`,
    [schema],
  )
  const actual = new Map<string, Map<string, (typeof columns.rows)[number]>>()
  for (const r of columns.rows) {
    const t = actual.get(r.table_name) ?? new Map()
    t.set(r.column_name, r)
    actual.set(r.table_name, t)
  }

  for (const model of dm.models) {
    const table = tableOf.get(model.name) ?? model.name
    const cols = actual.get(table)
    if (!cols) {
      diffs.push(`table ${table} (model ${model.name}) is missing`)
      continue
    }
    const scalarFields = model.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum')
    for (const f of scalarFields) {
      const name = f.dbName ?? f.name
      const col = cols.get(name)
      if (!col) {
        diffs.push(`${table}.${name} is missing`)
        continue
      }
      const type = expectedType(f)
      if (col.type !== type) diffs.push(`${table}.${name} is ${col.type}, schema.prisma says ${type}`)
      if (col.not_null !== f.isRequired)
        diffs.push(
          `${table}.${name} is ${col.not_null ? 'NOT NULL' : 'nullable'}, schema.prisma says ${f.isRequired ? 'required' : 'optional'}`,
        )
      const def = expectsDbDefault(f)
      if (def === null && col.default !== null)
        diffs.push(`${table}.${name} has default ${col.default}, schema.prisma none`)
      if (def !== null && def !== 'any') {
        if (col.default === null) diffs.push(`${table}.${name} has no default, schema.prisma says ${def}`)
        else if (!col.default.includes(def))
          diffs.push(`${table}.${name} default is ${col.default}, schema.prisma says ${def}`)
      }
    }
    const declared = new Set(scalarFields.map((f) => f.dbName ?? f.name))
    for (const c of cols.keys()) if (!declared.has(c)) diffs.push(`${table}.${c} is not in schema.prisma`)
  }
  const modelled = new Set(tableOf.values())
  for (const t of actual.keys()) if (!modelled.has(t)) diffs.push(`table ${t} is not in schema.prisma`)

  const indexes = await pool.query<{ table_name: string; primary: boolean; unique: boolean; columns: string[] }>(
    `SELECT t.relname AS table_name, ix.indisprimary AS primary, ix.indisunique AS unique,
            array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = $1 AND t.relname <> '_prisma_migrations'
      GROUP BY t.relname, ix.indexrelid, ix.indisprimary, ix.indisunique`,
    [schema],
  )
  const key = (table: string, kind: string, cols: string[]) => `${table} ${kind} (${cols.join(', ')})`
  const actualIndexes = new Set(
    indexes.rows.map((r) => key(r.table_name, r.primary ? 'primary key' : r.unique ? 'unique' : 'index', r.columns)),
  )
  const expectedIndexes = new Set<string>()
  for (const ix of dm.indexes) {
    const model = dm.models.find((m) => m.name === ix.model)
    if (!model) continue
    const kind = ix.type === 'id' ? 'primary key' : ix.type === 'unique' ? 'unique' : 'index'
    expectedIndexes.add(
      key(
        tableOf.get(model.name) ?? model.name,
        kind,
        ix.fields.map((f) => columnOf(model, f.name)),
      ),
    )
  }
  for (const e of expectedIndexes) if (!actualIndexes.has(e)) diffs.push(`missing ${e}`)
  for (const a of actualIndexes) if (!expectedIndexes.has(a)) diffs.push(`${a} is not in schema.prisma`)

  const fks = await pool.query<{ table_name: string; columns: string[]; ref_table: string; ref_columns: string[] }>(
    `SELECT t.relname AS table_name, rt.relname AS ref_table,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(n, ord)
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS columns,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(n, ord)
               JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS ref_columns
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class rt ON rt.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE c.contype = 'f' AND n.nspname = $1`,
    [schema],
  )
  const actualFks = new Set(
    fks.rows.map(
      (r) => `${r.table_name} (${r.columns.join(', ')}) references ${r.ref_table} (${r.ref_columns.join(', ')})`,
    ),
  )
  const expectedFks = new Set<string>()
  for (const model of dm.models) {
    for (const f of model.fields) {
      if (f.kind !== 'object' || !f.relationFromFields?.length) continue
      const target = dm.models.find((m) => m.name === f.type)
      if (!target) continue
      expectedFks.add(
        `${tableOf.get(model.name)} (${f.relationFromFields.map((x) => columnOf(model, x)).join(', ')}) references ${tableOf.get(target.name)} (${(f.relationToFields ?? []).map((x) => columnOf(target, x)).join(', ')})`,
      )
    }
  }
  for (const e of expectedFks) if (!actualFks.has(e)) diffs.push(`missing foreign key ${e}`)
  for (const a of actualFks) if (!expectedFks.has(a)) diffs.push(`foreign key ${a} is not in schema.prisma`)
  return diffs
}

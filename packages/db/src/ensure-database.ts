import pg from 'pg'

/** Creates the database a URL names when it is missing; returns whether it created it. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url)
  const database = decodeURIComponent(target.pathname.slice(1)) || 'postgres'
  const admin = new URL(url)
  admin.pathname = '/postgres'
  admin.search = ''
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 })
  await client.connect()
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (found.rowCount !== 0) return false
    try {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`)
      return true
    } catch (err) {
      // Two starts creating it at once: the loser sees "already exists", which is what it wanted.
      if ((err as { code?: string }).code === '42P04' || (err as { code?: string }).code === '23505') return false
      throw err
    }
  } finally {
    await client.end()
  }
}

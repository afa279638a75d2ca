import { createPool } from '@onewindow/db'
import pg from 'pg'

/**
 * Tells when a project's tasks are visible in a read model: both systems of the benchmark are watched the same
 * way, so the watch costs the same on each and the figures measure the platform, not the poller.
 *
 * A row trigger on the read model's `task` table notifies on commit with the project id; on each notification the
 * waiter for that project runs one indexed count (`task(project_id)`). A poll every `pollMs` over all waiters in
 * one query is only the safety net (a notification sent before the waiter registered).
 */
export type VisibleTasks = {
  /** Resolves once `count` tasks of the project are committed in the read model. */
  until(projectId: string, count: number): Promise<void>
  close(): Promise<void>
}

type Waiter = { count: number; resolve: () => void; checking: boolean; again: boolean }

/** `url` names the read model's schema (`?schema=`); the watch has a small pool of its own, apart from the system's. */
export async function watchVisibleTasks(url: string, pollMs = 200): Promise<VisibleTasks> {
  const { pool, schema } = createPool(url, 4)
  // One trigger function per schema; the channel is the table's schema, so two benchmarks running at once on the
  // same database do not wake each other.
  await pool.query(`CREATE OR REPLACE FUNCTION bench_task_visible() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_notify('bench_visible_' || TG_TABLE_SCHEMA, NEW.project_id::text); RETURN NULL; END $$`)
  await pool.query('DROP TRIGGER IF EXISTS bench_task_visible ON task')
  await pool.query(
    'CREATE TRIGGER bench_task_visible AFTER INSERT ON task FOR EACH ROW EXECUTE FUNCTION bench_task_visible()',
  )
  const waiters = new Map<string, Waiter>()
  const counted = async (projectId: string) => {
    const w = waiters.get(projectId)
    if (!w) return
    // A notification arriving while the count runs is answered by one more count, not one per notification.
    if (w.checking) {
      w.again = true
      return
    }
    w.checking = true
    try {
      do {
        w.again = false
        const r = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM task WHERE project_id = $1::uuid', [
          projectId,
        ])
        if ((r.rows[0]?.n ?? 0) >= w.count) {
          waiters.delete(projectId)
          w.resolve()
          return
        }
      } while (w.again)
    } finally {
      w.checking = false
    }
  }
  const listener = await pool.connect()
  listener.on('notification', (n) => {
    if (n.payload) counted(n.payload).catch((err) => console.error('bench: visibility count failed', err))
  })
  await listener.query(`LISTEN ${pg.escapeIdentifier(`bench_visible_${schema}`)}`)
  const sweep = async () => {
    const ids = [...waiters.keys()]
    if (ids.length === 0) return
    const r = await pool.query<{ project_id: string; n: number }>(
      'SELECT project_id::text, count(*)::int AS n FROM task WHERE project_id = ANY($1::uuid[]) GROUP BY project_id',
      [ids],
    )
    for (const row of r.rows) {
      const w = waiters.get(row.project_id)
      if (w && row.n >= w.count) {
        waiters.delete(row.project_id)
        w.resolve()
      }
    }
  }
  const poll = setInterval(() => {
    sweep().catch((err) => console.error('bench: visibility poll failed', err))
  }, pollMs)
  return {
    until(projectId, count) {
      return new Promise<void>((resolve) => {
        waiters.set(projectId, { count, resolve, checking: false, again: false })
        counted(projectId).catch((err) => console.error('bench: visibility count failed', err))
      })
    },
    async close() {
      clearInterval(poll)
      await listener.query('UNLISTEN *')
      listener.release()
      await pool.query('DROP TRIGGER IF EXISTS bench_task_visible ON task')
      await pool.end()
    },
  }
}

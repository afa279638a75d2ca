// The floor of pnpm bench:e2e: the same durable work as one application through onewindow, written directly on `pg`
// and `@nats-io/jetstream`, with no service, no HTTP, no Prisma and no framework. What onewindow costs above this
// is the platform's.
//
// Per application: one transaction writes the application and its outbox row; after commit the row is published
// with msgID = event id and marked sent. An "approval" consumer takes it in one transaction (inbox row, N task rows,
// an outbox row for tasks-opened), publishes tasks-opened after commit, acks, marks it sent. A "read model" consumer
// takes tasks-opened in one transaction (inbox row, N rows of `task`, the table the visibility check reads) and
// acks after commit. Both consumers are durable pull consumers with explicit acks, handling deliveries concurrently.
import { randomBytes, randomUUID } from 'node:crypto'
import {
  AckPolicy,
  type ConsumerMessages,
  type JetStreamClient,
  type JsMsg,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'
import { createTestSchema } from '@onewindow/testing'
import type pg from 'pg'

const SCHEMA = [
  `CREATE TABLE application (id uuid PRIMARY KEY, project_id uuid NOT NULL, departments int NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE outbox (id uuid PRIMARY KEY, position bigserial, subject text NOT NULL, payload jsonb NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(), sent_at timestamptz, stream_seq bigint)`,
  'CREATE INDEX outbox_unsent ON outbox (position) WHERE sent_at IS NULL',
  `CREATE TABLE inbox (consumer text NOT NULL, event_id uuid NOT NULL, received_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (consumer, event_id))`,
  `CREATE TABLE approval_task (id uuid PRIMARY KEY, application_id uuid NOT NULL, department text NOT NULL,
     status text NOT NULL, due_on date NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  'CREATE INDEX approval_task_application ON approval_task (application_id)',
  `CREATE TABLE task (id uuid PRIMARY KEY, application_id uuid NOT NULL, project_id uuid NOT NULL,
     department text NOT NULL, status text NOT NULL, due_on date NOT NULL, updated_at timestamptz NOT NULL)`,
  'CREATE INDEX task_department ON task (department, due_on, id)',
  'CREATE INDEX task_project ON task (project_id)',
]

type Accepted = { applicationId: string; projectId: string; departments: number }
type TasksOpened = {
  applicationId: string
  projectId: string
  tasks: Array<{ id: string; department: string; dueOn: string }>
}

export type Floor = {
  /** The floor's schema (`?schema=`), where the visibility check reads `task`. */
  url: string
  /** Opens one application (committed and published when it returns); answers its project id. */
  apply(departments: number): Promise<string>
  close(): Promise<void>
}

async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect()
  try {
    await c.query('BEGIN')
    const out = await fn(c)
    await c.query('COMMIT')
    return out
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    c.release()
  }
}

async function publishAndMark(pool: pg.Pool, js: JetStreamClient, id: string, subject: string, body: unknown) {
  const ack = await js.publish(subject, JSON.stringify(body), { msgID: id })
  await pool.query('UPDATE outbox SET sent_at = now(), stream_seq = $2 WHERE id = $1', [id, ack.seq])
}

/** A durable pull consumer handling up to `concurrency` deliveries at once; each acked after its commit. */
async function consume(
  nc: NatsConnection,
  stream: string,
  durable: string,
  subject: string,
  concurrency: number,
  handle: (m: JsMsg) => Promise<void>,
): Promise<{ stop(): Promise<void> }> {
  const jsm = await jetstreamManager(nc)
  await jsm.consumers.add(stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    filter_subject: subject,
    ack_wait: 5_000_000_000,
    max_deliver: 10,
    max_ack_pending: concurrency * 4,
  })
  const consumer = await jetstream(nc).consumers.get(stream, durable)
  const messages: ConsumerMessages = await consumer.consume({ max_messages: concurrency * 2 })
  let slots = concurrency
  const queue: Array<() => void> = []
  const inFlight = new Set<Promise<void>>()
  const run = (async () => {
    for await (const m of messages) {
      if (slots === 0) await new Promise<void>((r) => queue.push(r))
      else slots -= 1
      const p = handle(m)
        .then(() => m.ack())
        .catch((err) => {
          console.error(`floor ${durable}:`, err)
          m.nak(250)
        })
        .finally(() => {
          inFlight.delete(p)
          const next = queue.shift()
          if (next) next()
          else slots += 1
        })
      inFlight.add(p)
    }
  })()
  return {
    async stop() {
      await messages.close()
      await run
      await Promise.allSettled([...inFlight])
    },
  }
}

export async function startFloor(opts: { databaseUrl: string; nc: NatsConnection }): Promise<Floor> {
  const db = await createTestSchema(opts.databaseUrl, undefined, 'floor')
  for (const statement of SCHEMA) await db.pool.query(statement)
  const id = randomBytes(5).toString('hex')
  const stream = `FLOOR_${id}`
  const accepted = `floor${id}.application.accepted`
  const opened = `floor${id}.tasks.opened`
  const jsm = await jetstreamManager(opts.nc)
  await jsm.streams.add({
    name: stream,
    subjects: [`floor${id}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    num_replicas: 1,
    duplicate_window: 120_000_000_000,
  })
  const js = jetstream(opts.nc)

  const approval = await consume(opts.nc, stream, 'floor-approval', accepted, 16, async (m) => {
    const eventId = m.headers?.get('Nats-Msg-Id') ?? ''
    const a = m.json<Accepted>()
    const tasks = Array.from({ length: a.departments }, (_, i) => ({
      id: randomUUID(),
      department: `dept-${String(i + 1).padStart(2, '0')}`,
      dueOn: '2026-12-07',
    }))
    const event: TasksOpened = { applicationId: a.applicationId, projectId: a.projectId, tasks }
    const outboxId = randomUUID()
    const fresh = await inTransaction(db.pool, async (c) => {
      const inbox = await c.query('INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        'floor-approval',
        eventId,
      ])
      if (inbox.rowCount === 0) return false
      await c.query(
        `INSERT INTO approval_task (id, application_id, department, status, due_on)
         SELECT u.id, $1, u.department, 'assigned', u.due_on FROM unnest($2::uuid[], $3::text[], $4::date[]) AS u(id, department, due_on)`,
        [a.applicationId, tasks.map((t) => t.id), tasks.map((t) => t.department), tasks.map((t) => t.dueOn)],
      )
      await c.query('INSERT INTO outbox (id, subject, payload) VALUES ($1, $2, $3)', [outboxId, opened, event])
      return true
    })
    if (fresh) await publishAndMark(db.pool, js, outboxId, opened, event)
  })

  const readModel = await consume(opts.nc, stream, 'floor-read-model', opened, 16, async (m) => {
    const eventId = m.headers?.get('Nats-Msg-Id') ?? ''
    const e = m.json<TasksOpened>()
    await inTransaction(db.pool, async (c) => {
      const inbox = await c.query('INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        'floor-read-model',
        eventId,
      ])
      if (inbox.rowCount === 0) return
      await c.query(
        `INSERT INTO task (id, application_id, project_id, department, status, due_on, updated_at)
         SELECT u.id, $1, $2, u.department, 'assigned', u.due_on, now()
           FROM unnest($3::uuid[], $4::text[], $5::date[]) AS u(id, department, due_on)
         ON CONFLICT (id) DO NOTHING`,
        [
          e.applicationId,
          e.projectId,
          e.tasks.map((t) => t.id),
          e.tasks.map((t) => t.department),
          e.tasks.map((t) => t.dueOn),
        ],
      )
    })
  })

  return {
    url: db.url,
    async apply(departments) {
      const a: Accepted = { applicationId: randomUUID(), projectId: randomUUID(), departments }
      const outboxId = randomUUID()
      await inTransaction(db.pool, async (c) => {
        await c.query('INSERT INTO application (id, project_id, departments) VALUES ($1, $2, $3)', [
          a.applicationId,
          a.projectId,
          departments,
        ])
        await c.query('INSERT INTO outbox (id, subject, payload) VALUES ($1, $2, $3)', [outboxId, accepted, a])
      })
      await publishAndMark(db.pool, js, outboxId, accepted, a)
      return a.projectId
    },
    async close() {
      await approval.stop()
      await readModel.stop()
      await jsm.streams.delete(stream).catch(() => {})
      await db.drop()
    },
  }
}

import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream'
import { nanos } from '@nats-io/nats-core'

/**
 * Where events travel. Production uses stream `PERMIT` with no prefix; each test file gets its own stream and
 * subject prefix, so files never see each other's messages.
 */
export type Topology = {
  stream: string
  /** Prepended to every subject on the wire (`t1a2b.permit.intake…`); empty in production. */
  prefix: string
  replicas: number
  duplicateWindowMs: number
  maxAgeMs: number
}

export const defaultTopology: Topology = {
  stream: 'PERMIT',
  prefix: '',
  replicas: 1,
  duplicateWindowMs: 2 * 60_000,
  maxAgeMs: 30 * 24 * 3600_000,
}

export const wireSubject = (t: Pick<Topology, 'prefix'>, subject: string) =>
  t.prefix ? `${t.prefix}.${subject}` : subject
export const canonicalSubject = (t: Pick<Topology, 'prefix'>, wire: string) =>
  t.prefix && wire.startsWith(`${t.prefix}.`) ? wire.slice(t.prefix.length + 1) : wire
/** A consumer's dead letters travel on `dead-letter.<durable>`, in the same stream, apart from every event subject. */
export const deadLetterSubject = (t: Pick<Topology, 'prefix'>, durable: string) =>
  wireSubject(t, `dead-letter.${durable}`)

/**
 * Creates the stream, or updates it to the configuration (an existing stream keeps its messages).
 * Limits retention, not work-queue: one stream has many readers (DESIGN §4).
 */
export async function ensureStream(jsm: JetStreamManager, t: Topology): Promise<void> {
  const config = {
    name: t.stream,
    subjects: [wireSubject(t, 'permit.>'), wireSubject(t, 'dead-letter.>')],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    num_replicas: t.replicas,
    duplicate_window: nanos(t.duplicateWindowMs),
    max_age: nanos(t.maxAgeMs),
  }
  try {
    await jsm.streams.add(config)
  } catch (err) {
    if (!isAlreadyInUse(err)) throw err
    await jsm.streams.update(t.stream, config)
  }
}

/**
 * What a stream named on the broker is to the platform: missing, the platform's stream as {@link ensureStream} makes it
 * (`permit.>` and `dead-letter.>` and nothing else, under one prefix, returned as a topology's `prefix`), or another.
 */
export type StreamCheck =
  | { ok: true; prefix: string; subjects: string[] }
  | { ok: false; code: 'stream-missing' }
  | { ok: false; code: 'stream-foreign'; subjects: string[] }

/** Reads `stream`'s configuration and says what it is to the platform ({@link StreamCheck}). */
export async function checkStream(jsm: JetStreamManager, stream: string): Promise<StreamCheck> {
  const info = await jsm.streams.info(stream).catch((err: unknown) => {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) return undefined
    throw err
  })
  if (!info) return { ok: false, code: 'stream-missing' }
  const subjects = [...(info.config.subjects ?? [])].sort()
  const events = subjects.find((s) => s.endsWith('permit.>'))
  const wirePrefix = events?.slice(0, -'permit.>'.length)
  if (
    wirePrefix === undefined ||
    (wirePrefix !== '' && !wirePrefix.endsWith('.')) ||
    subjects.length !== 2 ||
    !subjects.includes(`${wirePrefix}dead-letter.>`)
  )
    return { ok: false, code: 'stream-foreign', subjects }
  return { ok: true, prefix: wirePrefix.slice(0, -1), subjects }
}

/**
 * Checks that the stream exists as {@link ensureStream} makes it for `t`, for a service whose credentials do not allow
 * managing streams (docs/security.md#nats-least-privilege); otherwise the start stops saying what to run.
 */
export async function expectStream(jsm: JetStreamManager, t: Topology): Promise<void> {
  const found = await checkStream(jsm, t.stream)
  if (found.ok && found.prefix === t.prefix) return
  if (!found.ok && found.code === 'stream-missing')
    throw new Error(
      `stream ${t.stream} does not exist: create it as the NATS admin first (pnpm onewindow nats setup; docs/operations.md)`,
    )
  throw new Error(
    `stream ${t.stream} takes ${found.subjects.join(', ') || 'no subjects'}, not ${wireSubject(t, 'permit.>')} and ${deadLetterSubject(t, '>')}: set it up as the NATS admin (pnpm onewindow nats setup; docs/operations.md)`,
  )
}

export type ConsumerSettings = {
  durable: string
  filterSubject: string
  maxDeliver: number
  ackWaitMs: number
  maxAckPending: number
  /** Set in tests so consumers of deleted test streams vanish by themselves. */
  inactiveThresholdMs?: number
  /**
   * Created now, the durable starts at its creation (JetStream `DeliverPolicy.New`): the events already on the stream
   * are not delivered to it. Only at creation: an existing durable keeps where it started and where it is.
   */
  startsAtCreation?: boolean
}

/**
 * `consumers.addOrUpdate` is not in @nats-io/jetstream 3.4.0 (DESIGN §10): add, and treat "already exists" as
 * success, updating what may change.
 */
export async function ensureConsumer(jsm: JetStreamManager, stream: string, s: ConsumerSettings): Promise<void> {
  const config = {
    durable_name: s.durable,
    ack_policy: AckPolicy.Explicit,
    filter_subject: s.filterSubject,
    max_deliver: s.maxDeliver,
    ack_wait: nanos(s.ackWaitMs),
    max_ack_pending: s.maxAckPending,
    ...(s.inactiveThresholdMs ? { inactive_threshold: nanos(s.inactiveThresholdMs) } : {}),
    ...(s.startsAtCreation ? { deliver_policy: DeliverPolicy.New } : {}),
  }
  try {
    await jsm.consumers.add(stream, config)
  } catch (err) {
    // An existing durable of another deliver policy is refused by the server ("deliver policy can not be updated",
    // NATS 2.9) rather than reported as existing: it is updated all the same, its deliver policy left as it was.
    if (!isAlreadyInUse(err) && !(s.startsAtCreation && (await consumerExists(jsm, stream, s.durable)))) throw err
    const { durable_name: _name, filter_subject: _f, deliver_policy: _d, ...updatable } = config
    await jsm.consumers.update(stream, s.durable, updatable)
  }
}

const consumerExists = (jsm: JetStreamManager, stream: string, durable: string) =>
  jsm.consumers.info(stream, durable).then(
    () => true,
    (err: unknown) => {
      if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound) return false
      throw err
    },
  )

const isAlreadyInUse = (err: unknown) =>
  err instanceof JetStreamApiError
    ? /already (in use|exists)/i.test(err.message) || err.code === 10058 || err.code === 10148
    : /already (in use|exists)/i.test(String(err))

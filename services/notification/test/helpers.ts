import { writeFileSync } from 'node:fs'
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { headers as natsHeaders } from '@nats-io/nats-core'
import {
  type EventBody,
  type EventDefinition,
  ProjectRegisteredV1,
  type TaskAssignedV1,
  type TicketEventBody,
} from '@onewindow/contracts'
import { wireSubject } from '@onewindow/messaging'
import { serviceWorld } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { expect } from 'vitest'
import { createNotification, migrationsDir, type NotificationOptions } from '../src/index.js'

/** The notifier on a fresh schema and test stream, with a test clock; its deliverer runs only when the test says. */
export const notificationWorld = (start: string, extra: Partial<NotificationOptions> = {}) =>
  serviceWorld({
    name: 'notification',
    migrationsDir,
    start,
    // An hour between passes: the test runs `deliverer.runOnce()` itself, so what was sent when is its own doing.
    create: (wiring) => createNotification({ ...wiring, deliverEveryMs: 3_600_000, ...extra }),
  })
export type World = Awaited<ReturnType<typeof notificationWorld>>

/**
 * Publishes an event as its producer's relay would, with the event id given: the same id twice is the same event
 * delivered again (a relay re-sending after a crash). `msgID` differs per publish so JetStream's duplicate window does
 * not hide the repeat — the notifier must.
 */
export async function publishEvent<E extends EventDefinition>(
  w: World,
  event: E,
  body: EventBody<E>,
  eventId: string = uuidv7(),
): Promise<{ eventId: string; seq: number }> {
  if (!event.validator.Check(body)) throw new Error(`not a valid ${event.subject}`)
  return publishBody(w, event.subject, body, eventId)
}

/** {@link publishEvent} of any body, unchecked: one that is no event of its subject, as a faulty producer would send. */
export async function publishBody(
  w: World,
  subject: string,
  body: unknown,
  eventId: string = uuidv7(),
): Promise<{ eventId: string; seq: number }> {
  const h = natsHeaders()
  h.set('ce-specversion', '1.0')
  h.set('ce-id', eventId)
  h.set('ce-type', subject)
  h.set('ce-source', subject.split('.')[1] as string)
  h.set('ce-time', new Date().toISOString())
  const ack = await jetstream(w.nc).publish(wireSubject(w.topology, subject), JSON.stringify(body), {
    headers: h,
    msgID: uuidv7(),
  })
  return { eventId, seq: ack.seq }
}

/** Waits until the durable consumer has settled everything up to stream sequence `seq` (handled or refused). */
export async function settled(w: World, durable: string, seq: number) {
  const jsm = await jetstreamManager(w.nc)
  await expect
    .poll(async () => (await jsm.consumers.info(w.topology.stream, durable)).ack_floor.stream_seq, { timeout: 15_000 })
    .toBeGreaterThanOrEqual(seq)
}

export const OWNER = { name: '佛山某制造有限公司', creditCode: '91440600MA4UJ8XX0X' }

export function aProject(): ProjectRegisteredV1 {
  const projectId = uuidv7()
  return {
    projectId,
    projectCode: `2026-440600-47-01-${projectId.slice(-6)}`,
    name: '标准厂房',
    projectType: 'industrial-land-with-scheme',
    region: '440600',
    owner: OWNER,
    investmentFen: 100_000_000,
    registeredAt: '2026-03-02T01:00:00.000Z',
  }
}

type Task = EventBody<typeof TaskAssignedV1>['task']

export function aTask(project: ProjectRegisteredV1, over: Partial<Task> = {}): Task {
  return {
    taskId: uuidv7(),
    applicationId: uuidv7(),
    projectId: project.projectId,
    step: 'planning-permit',
    item: 'planning-permit',
    itemName: '建设工程规划许可证核发',
    department: 'natural-resources',
    departmentName: '市自然资源局',
    lead: 'housing-construction',
    status: 'assigned',
    nationalCode: 3,
    version: 1,
    supplementRoundsUsed: 0,
    clocks: {},
    dueOn: '2026-03-30',
    updatedAt: '2026-03-02T02:00:00.000Z',
    ...over,
  }
}

export type Ticket = TicketEventBody['ticket']

export const deadline = (start: string, days: number, due: string) => ({
  spec: { limit: { value: days, unit: 'W' as const }, start, suspensions: [] },
  due,
})

/** A complaint dispatched on Monday 2026-03-02 to housing-construction with natural-resources co-handling. */
export function aTicket(over: Partial<Ticket> = {}): Ticket {
  return {
    ticketId: uuidv7(),
    groupId: uuidv7(),
    type: 'complaint',
    channel: 'online',
    status: 'dispatched',
    title: '施工噪声扰民',
    content: '夜间施工噪声扰民',
    realName: false,
    hidden: [],
    ownerCreditCode: OWNER.creditCode,
    department: 'housing-construction',
    coHandlers: ['natural-resources'],
    registeredAt: '2026-03-02T02:00:00.000Z',
    registeredOn: '2026-03-02',
    dispatch: { ...deadline('2026-03-02', 1, '2026-03-03'), doneOn: '2026-03-02' },
    dispatches: 1,
    lastDispatchedOn: '2026-03-02',
    check: deadline('2026-03-02', 2, '2026-03-04'),
    handling: deadline('2026-03-02', 10, '2026-03-16'),
    originalLimit: 10,
    extensions: [],
    restarts: [],
    returns: [],
    ratings: [],
    returnVisits: [],
    rehandled: false,
    supervisions: [],
    version: 2,
    updatedAt: '2026-03-02T02:00:00.000Z',
    ...over,
  }
}

export async function registerProject(w: World, project: ProjectRegisteredV1) {
  await publishEvent(w, ProjectRegisteredV1, project)
  await expect
    .poll(async () => (await w.db.pool.query('SELECT 1 FROM project WHERE id = $1', [project.projectId])).rowCount)
    .toBe(1)
}

export type MessageRow = {
  party_kind: string
  party: string
  channel: string
  title: string
  body: string
  attempts: number
  sent: boolean
  dead: boolean
  due_at: Date
}

export async function messagesOfEvent(w: World, eventId: string): Promise<MessageRow[]> {
  const { rows } = await w.db.pool.query<MessageRow>(
    `SELECT party_kind, party, channel, title, body, attempts, sent_at IS NOT NULL AS sent,
            dead_at IS NOT NULL AS dead, due_at
       FROM message WHERE event_id = $1 ORDER BY party_kind, party, channel`,
    [eventId],
  )
  return rows
}

/** Waits until the event's messages number `count` (one per party and channel), then returns them. */
export async function messagesOfEventOnce(w: World, eventId: string, count: number): Promise<MessageRow[]> {
  await expect.poll(async () => (await messagesOfEvent(w, eventId)).length, { timeout: 15_000 }).toBe(count)
  return messagesOfEvent(w, eventId)
}

export const emptyFile = (path: string) => writeFileSync(path, '')

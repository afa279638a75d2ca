import {
  NOTIFICATION_BODY_MAX,
  NOTIFICATION_TITLE_MAX,
  type NotificationChannel,
  NotificationMessage,
  type NotificationMessageKind,
} from '@onewindow/contracts'
import { instantText, readEach, storedState, type UnreadableStoredRow } from '@onewindow/db'
import { v7 as uuidv7 } from 'uuid'
import { DEFAULT_PREFERENCES, type Party, type PlannedMessage, type Preferences, partyKey } from '../domain/messages.js'
import { clip } from '../domain/templates.js'
import { Prisma } from '../generated/client.js'

/** The notification service's transaction: its Prisma client inside `$transaction`. */
export type Tx = Prisma.TransactionClient

export type ProjectFacts = { projectCode: string; name: string; ownerCreditCode: string }

/** A message waiting for delivery, as the deliverer reads it. */
export type PendingMessage = {
  id: string
  eventId: string
  channel: NotificationChannel
  party: Party
  address?: string
  title: string
  body: string
  dueAt: Date
  attempts: number
}

type MessageRow = {
  id: string
  eventId: string
  kind: string
  projectId: string | null
  partyKind: string
  party: string
  channel: string
  address: string | null
  title: string
  body: string
  createdAt: Date
  dueAt: Date
  attempts: number
  sentAt: Date | null
  deadAt: Date | null
}

const pendingOf = (r: MessageRow): PendingMessage => ({
  id: r.id,
  eventId: r.eventId,
  channel: r.channel as NotificationChannel,
  party: { kind: r.partyKind as Party['kind'], id: r.party },
  ...(r.address ? { address: r.address } : {}),
  title: r.title,
  body: r.body,
  dueAt: r.dueAt,
  attempts: r.attempts,
})

/**
 * How a stored row is read back for the list: its view, checked against the contract's message (`kind` and `channel`
 * are plain text with no CHECK, the instants any the column holds). A row that does not read as one — a kind or
 * channel the contract no longer has (renamed, retired), a hand edit, a restore from another release — throws
 * `UnreadableStoredRow`, so the list leaves it out and names it in the log instead of failing for every message of
 * the party.
 */
const messageState = storedState('message', NotificationMessage)

/** A stored row as the list shows it, or `UnreadableStoredRow` for one that does not read as a message. */
const viewOf = (r: MessageRow): NotificationMessage =>
  messageState.parsed(r.id, {
    id: r.id,
    kind: r.kind,
    ...(r.projectId ? { projectId: r.projectId } : {}),
    channel: r.channel,
    // Rows made before the templates kept within the contract's bounds are shown cut, not left out.
    title: clip(r.title, NOTIFICATION_TITLE_MAX),
    body: clip(r.body, NOTIFICATION_BODY_MAX),
    createdAt: instantText(r.createdAt),
    dueAt: instantText(r.dueAt),
    status: r.sentAt ? 'sent' : r.deadAt ? 'failed' : 'pending',
    attempts: r.attempts,
    ...(r.sentAt ? { sentAt: instantText(r.sentAt) } : {}),
  })

export const notificationRepository = (tx: Tx) => ({
  /**
   * The first copy stands; a copy made before regions were kept takes the region of a `project.registered` delivered
   * again (a replay of the durable), the one way it is filled.
   */
  async saveProject(p: {
    projectId: string
    projectCode: string
    name: string
    region: string
    owner: { name: string; creditCode: string }
  }) {
    await tx.$executeRaw`
      INSERT INTO project (id, project_code, name, owner_credit_code, owner_name, region)
      VALUES (${p.projectId}::uuid, ${p.projectCode}, ${p.name}, ${p.owner.creditCode}, ${p.owner.name}, ${p.region})
      ON CONFLICT (id) DO UPDATE SET region = COALESCE(project.region, EXCLUDED.region)`
  },

  /**
   * The regions the known projects and the tickets told of are in (a few dozen values, each from its index), for a
   * regional caller's list.
   */
  async knownRegions(): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ region: string }>>`
      SELECT region FROM project WHERE region IS NOT NULL
       UNION SELECT ticket_region FROM message WHERE ticket_region IS NOT NULL`
    return rows.map((r) => r.region)
  },

  async project(projectId: string): Promise<ProjectFacts | undefined> {
    const row = await tx.project.findUnique({ where: { id: projectId } })
    return row ? { projectCode: row.projectCode, name: row.name, ownerCreditCode: row.ownerCreditCode } : undefined
  },

  /** Remembers what a task event says about its department's name and its step's lead. */
  async learnFromTask(t: { applicationId: string; department: string; departmentName?: string; lead?: string }) {
    if (t.departmentName)
      await tx.departmentName.upsert({
        where: { code: t.department },
        create: { code: t.department, name: t.departmentName },
        update: { name: t.departmentName },
      })
    if (t.lead)
      await tx.applicationLead.upsert({
        where: { applicationId: t.applicationId },
        create: { applicationId: t.applicationId, lead: t.lead },
        update: {},
      })
  },

  async leadOf(applicationId: string): Promise<string | undefined> {
    return (await tx.applicationLead.findUnique({ where: { applicationId } }))?.lead
  },

  async departmentName(code: string): Promise<string | undefined> {
    return (await tx.departmentName.findUnique({ where: { code } }))?.name
  },

  async preferences(parties: readonly Party[]): Promise<Map<string, Preferences>> {
    const rows = await tx.preference.findMany({
      where: { OR: parties.map((p) => ({ partyKind: p.kind, party: p.id })) },
    })
    return new Map(
      rows.map((r) => [
        partyKey({ kind: r.partyKind as Party['kind'], id: r.party }),
        {
          channels: r.channels as NotificationChannel[],
          ...(r.quietFrom && r.quietTo ? { quietHours: { from: r.quietFrom, to: r.quietTo } } : {}),
          ...(r.phone ? { phone: r.phone } : {}),
          ...(r.email ? { email: r.email } : {}),
        },
      ]),
    )
  },

  async preferencesOf(party: Party): Promise<{ preferences: Preferences; updatedAt?: Date }> {
    const row = await tx.preference.findUnique({
      where: { partyKind_party: { partyKind: party.kind, party: party.id } },
    })
    if (!row) return { preferences: DEFAULT_PREFERENCES }
    return {
      preferences: {
        channels: row.channels as NotificationChannel[],
        ...(row.quietFrom && row.quietTo ? { quietHours: { from: row.quietFrom, to: row.quietTo } } : {}),
        ...(row.phone ? { phone: row.phone } : {}),
        ...(row.email ? { email: row.email } : {}),
      },
      updatedAt: row.updatedAt,
    }
  },

  async savePreferences(party: Party, p: Preferences, at: Date) {
    const columns = {
      channels: [...p.channels],
      quietFrom: p.quietHours?.from ?? null,
      quietTo: p.quietHours?.to ?? null,
      phone: p.phone ?? null,
      email: p.email ?? null,
      updatedAt: at,
    }
    await tx.preference.upsert({
      where: { partyKind_party: { partyKind: party.kind, party: party.id } },
      create: { partyKind: party.kind, party: party.id, ...columns },
      update: columns,
    })
  },

  /**
   * The occurrence's messages, each once: a row already there for (event, party, channel) — a redelivery, a replay
   * after a restart — is left as it is. Resolves to how many were new.
   */
  async addMessages(
    o: { eventId: string; kind: NotificationMessageKind; projectId?: string; ticket?: { region?: string } },
    planned: readonly PlannedMessage[],
    at: Date,
  ): Promise<number> {
    if (planned.length === 0) return 0
    const { count } = await tx.message.createMany({
      data: planned.map((m) => ({
        id: uuidv7(),
        eventId: o.eventId,
        kind: o.kind,
        projectId: o.projectId ?? null,
        ticket: o.ticket !== undefined,
        ticketRegion: o.ticket?.region ?? null,
        partyKind: m.party.kind,
        party: m.party.id,
        channel: m.channel,
        address: m.address ?? null,
        title: m.title,
        body: m.body,
        createdAt: at,
        dueAt: m.dueAt,
      })),
      skipDuplicates: true,
    })
    return count
  },

  /** Ids of undelivered messages after `after`, in id order: the deliverer's candidates. */
  async pendingIds(after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id::text AS id FROM message
       WHERE sent_at IS NULL AND dead_at IS NULL ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`}
       ORDER BY id LIMIT ${limit}`
    return rows.map((r) => r.id)
  },

  /** One undelivered message; with `lock`, taken `FOR UPDATE SKIP LOCKED` (undefined while another pass holds it). */
  async pending(id: string, lock: boolean): Promise<PendingMessage | undefined> {
    const [row] = await tx.$queryRaw<MessageRow[]>`
      SELECT id::text AS id, event_id::text AS "eventId", kind, project_id::text AS "projectId",
             party_kind AS "partyKind", party, channel, address, title, body, created_at AS "createdAt",
             due_at AS "dueAt", attempts, sent_at AS "sentAt", dead_at AS "deadAt"
        FROM message WHERE id = ${id}::uuid AND sent_at IS NULL AND dead_at IS NULL
        ${lock ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty}`
    return row ? pendingOf(row) : undefined
  },

  async markSent(id: string, at: Date, attempts: number) {
    await tx.message.update({ where: { id }, data: { sentAt: at, attempts, lastError: null } })
  },

  async markRetry(id: string, attempts: number, dueAt: Date, error: string) {
    await tx.message.update({ where: { id }, data: { attempts, dueAt, lastError: error } })
  },

  /**
   * Given up on: the row keeps its text (it stays in the party's list, failed) and a dead letter in the messaging
   * package's table says why, beside the events the consumers gave up on, where the admin's screen lists them.
   */
  async markDead(m: PendingMessage, attempts: number, error: string, at: Date) {
    await tx.message.update({ where: { id: m.id }, data: { attempts, deadAt: at, lastError: error } })
    await tx.deadLetter.create({
      data: {
        id: uuidv7(),
        consumer: 'notification-delivery',
        subject: `notification.${m.channel}`,
        eventId: m.eventId,
        streamSeq: 0,
        payload: JSON.stringify({ messageId: m.id, party: m.party, address: m.address, title: m.title, body: m.body }),
        headers: {},
        error,
        deliveries: attempts,
        createdAt: at,
      },
    })
  },

  /**
   * A party's messages, newest first, `limit` rows at most, before the id `before`; a row that does not read as a
   * message is left out of `messages` and named in `unreadable` (the page still ends at it: `next` is its id). With
   * `regions`, a 12345 ticket's message only when the ticket is in one of them, whatever project it names — the
   * ticket's own region is what the gateway shows the ticket by (a ticket of no region in none); another message about
   * a project only when the project is in one of them (one of unknown region in none); any other message naming no
   * project stays. Cut in SQL, so a page stays full.
   */
  async messagesOf(
    party: Party,
    before: string | undefined,
    limit: number,
    regions?: readonly string[],
  ): Promise<{ messages: NotificationMessage[]; next?: string; unreadable: UnreadableStoredRow[] }> {
    const rows = await tx.$queryRaw<MessageRow[]>`
      SELECT id::text AS id, event_id::text AS "eventId", kind, project_id::text AS "projectId",
             party_kind AS "partyKind", party, channel, address, title, body, created_at AS "createdAt",
             due_at AS "dueAt", attempts, sent_at AS "sentAt", dead_at AS "deadAt"
        FROM message WHERE party_kind = ${party.kind} AND party = ${party.id}
        ${before === undefined ? Prisma.empty : Prisma.sql`AND id < ${before}::uuid`}
        ${
          regions === undefined
            ? Prisma.empty
            : Prisma.sql`AND CASE WHEN ticket THEN ticket_region = ANY(${[...regions]}::text[])
                                  ELSE project_id IS NULL
                                       OR project_id IN (SELECT id FROM project WHERE region = ANY(${[...regions]}::text[]))
                             END`
        }
       ORDER BY id DESC LIMIT ${limit + 1}`
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    const { rows: messages, unreadable } = readEach(page, viewOf)
    return { messages, ...(rows.length > limit && last ? { next: last.id } : {}), unreadable }
  },
})

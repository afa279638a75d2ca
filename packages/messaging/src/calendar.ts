import type { EventDefinition } from '@onewindow/contracts'
import {
  CalendarPublishedV1 as CalendarPublished,
  type CalendarPublishedV1,
  type ClockDueMovedV1,
} from '@onewindow/contracts'
import { type StoredRows, UnreadableStoredRow } from '@onewindow/db'
import {
  type Calendar,
  type CalendarEntry,
  type Clock,
  ClockInvalidError,
  calendarOf,
  describeProblems,
  LegalDateError,
  legalDateOf,
  reproject,
  validateCalendarEntry,
  validateClock,
} from '@onewindow/workdays'
import { type ConsumerDefinition, defineConsumer } from './consumer.js'
import { EventBodyInvalidError, EventTooLargeError, type Outbox } from './outbox.js'
import type { SqlTx, TransactionBegin } from './sql.js'

/**
 * The calendar a service counts with, kept in memory and replaced whole when a publication lands: the bundled years
 * plus the service's `calendar_entry` rows. Commands and scanners ask `current()` each time, never keep one.
 */
export interface CalendarSource {
  current(): Calendar
  /** One more on every replacement: answers kept with a calendar name it, so a new calendar builds them again. */
  generation(): number
  /** What `current()` was built from: the stored entries' versions summed (`CALENDAR_STAMP`). */
  stamp(): number
  replace(calendar: Calendar, stamp: number): void
}

/** A calendar as read from `calendar_entry`, with the stamp of the rows it was built from. */
export type StoredCalendar = { calendar: Calendar; stamp: number }

export const calendarSource = (initial: StoredCalendar): CalendarSource => {
  let { calendar, stamp } = initial
  let generation = 0
  return {
    current: () => calendar,
    generation: () => generation,
    stamp: () => stamp,
    replace: (next, nextStamp) => {
      calendar = next
      stamp = nextStamp
      generation++
    },
  }
}

type EntryRow = { key: string; version: number; entry: unknown }

/**
 * The service's calendar from what it stored: the bundled years plus every published entry. A stored entry that no
 * longer validates (edited by hand) is a broken database, not a calendar to count on: it throws, naming the key.
 */
export async function storedCalendar(tx: SqlTx): Promise<StoredCalendar> {
  const rows = await tx.$queryRaw<EntryRow[]>`SELECT key, version, entry FROM calendar_entry ORDER BY key`
  return {
    calendar: calendarOf(rows.map((r) => checkedEntry(r.entry, `stored calendar entry ${r.key}`))),
    stamp: rows.reduce((sum, r) => sum + r.version, 0),
  }
}

/*
 * Every replica of a service counts with the calendar its schema stored, not with the one its memory held when
 * another replica's consumer stored a publication. A transaction takes the schema's calendar lock shared and reads
 * the stamp in its BEGIN's round trip (`calendarGuard`), and loads the calendar again when the stamp is not its own;
 * storing a publication takes the lock exclusively first (`storeCalendarEntry`). So a publication waits for the
 * transactions under way (its re-projection then sees what they wrote, counted with the old calendar), and a
 * transaction that begins during it waits for its commit and counts with the new one.
 *
 * The stamp is the versions summed: a new key adds its version, a correction raises one, rows are never deleted —
 * so it grows with every stored change and names the rows it was read from.
 */
const CALENDAR_LOCK_CLASS = 0x6f77_6361 // 'owca'
const CALENDAR_LOCK = `${CALENDAR_LOCK_CLASS}, hashtext(current_schema())`
const CALENDAR_STAMP = 'SELECT coalesce(sum(version), 0)::int AS stamp FROM calendar_entry'

/**
 * The schema's calendar lock, held alone until the transaction ends, as storing a publication holds it: every
 * transaction of a service that counts legal time waits at its BEGIN meanwhile (`calendarGuard`).
 */
export async function lockCalendarAlone(tx: SqlTx): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(${CALENDAR_LOCK_CLASS}::int, hashtext(current_schema()))::text`
}

/** The runner's BEGIN guard (`pgTransaction`'s `begin` option) for a service counting with `source`. */
export const calendarGuard = (source: CalendarSource): TransactionBegin => ({
  statements: `SELECT pg_advisory_xact_lock_shared(${CALENDAR_LOCK}); ${CALENDAR_STAMP}`,
  answered: async (rows, tx) => {
    const stamp = (rows[0] as { stamp: number } | undefined)?.stamp ?? 0
    if (stamp === source.stamp()) return
    // Lower too: a publication this replica swapped in before its commit, and then rolled back.
    const stored = await storedCalendar(tx)
    source.replace(stored.calendar, stored.stamp)
  },
})

function checkedEntry(value: unknown, name: string): CalendarEntry {
  const result = validateCalendarEntry(value)
  if (!result.ok) throw new Error(`${name} is not a valid calendar entry: ${describeProblems(result.problems)}`)
  return result.value
}

/** A calendar change as a service's re-projection sees it: the calendars before and after, and why. */
export type CalendarChange = {
  before: Calendar
  after: Calendar
  /** The stamp `after` was read with: what the service's `CalendarSource` is replaced with. */
  stamp: number
  publication: Pick<CalendarPublishedV1, 'key' | 'version' | 'notice'>
  /** The legal day of the change: open suspensions run to it, as `evaluateClock` counts them. */
  today: string
  at: Date
  /**
   * Stored rows whose clocks this publication could not re-project (a damaged row: a hand edit, a restore from another
   * release), each left as it was and named here by the re-projection that met it (`movedDues`, `reprojectOpenClocks`,
   * a service's own reads). The calendar is stored and every other clock moves: one damaged row never holds back a
   * publication the service's other clocks need. The consumer logs them (`calendarConsumer`).
   */
  unreadable: UnreadableStoredRow[]
}

/**
 * Stores a publication in the service's `calendar_entry` (a lower or equal version than the one stored changes
 * nothing: a redelivery, or a correction overtaken) and answers the change, both calendars read from the table in
 * this transaction — so a retried delivery computes the same change, whatever the memory holds. Takes the schema's
 * calendar lock exclusively first: the transactions counting with the calendar under way finish before it stores,
 * and those that begin after wait for its commit (`calendarGuard`).
 */
export async function storeCalendarEntry(
  tx: SqlTx,
  publication: Pick<CalendarPublishedV1, 'key' | 'kind' | 'version' | 'notice' | 'publishedAt'>,
  entry: CalendarEntry,
  at: Date,
): Promise<CalendarChange | undefined> {
  await lockCalendarAlone(tx)
  const before = await storedCalendar(tx)
  const stored = await tx.$queryRaw<{ key: string }[]>`
    INSERT INTO calendar_entry (key, kind, version, notice, entry, published_at)
    VALUES (${publication.key}, ${publication.kind}, ${publication.version}, ${publication.notice},
            ${JSON.stringify(entry.value)}::jsonb, ${new Date(publication.publishedAt)})
    ON CONFLICT (key) DO UPDATE SET kind = EXCLUDED.kind, version = EXCLUDED.version, notice = EXCLUDED.notice,
      entry = EXCLUDED.entry, published_at = EXCLUDED.published_at
    WHERE calendar_entry.version < EXCLUDED.version
    RETURNING key`
  if (stored.length === 0) return undefined
  const after = await storedCalendar(tx)
  return {
    before: before.calendar,
    after: after.calendar,
    stamp: after.stamp,
    publication,
    today: legalDateOf(at),
    at,
    unreadable: [],
  }
}

/** One open clock a service owns, named for the timeline. */
export type OpenClock = {
  projectId: string
  /** `<kind>:<id>`, e.g. `task:…`. */
  subject: string
  /** Which of the subject's clocks: `statutory`, `committed`, `permits`, `verify-by`, … */
  clock: string
  department?: string
  /** The subject's version, where a reader keeps the due day on its versioned snapshot (`subjectVersion`). */
  subjectVersion?: number
  spec: Clock
}

/** A moved (or newly final) due date: what the service updates, and the event body its timeline entry comes from. */
export type MovedDue<O extends OpenClock = OpenClock> = {
  open: O
  from: string
  to: string
  provisionalBefore: boolean
  provisionalAfter: boolean
  /** True when the date itself moved; false when only its provisional mark changed (no timeline entry). */
  moved: boolean
  body: ClockDueMovedV1
}

/**
 * The rows of a service's read for a re-projection that read (`StoredState.each`); those that do not are named in
 * `change.unreadable` and left as they were.
 */
export function reprojectable<T>(change: CalendarChange, stored: StoredRows<T>): T[] {
  change.unreadable.push(...stored.unreadable)
  return stored.rows
}

/**
 * For a re-projection's read of one row (`.catch((err) => leftOut(change, err))`): a row that does not read is named
 * in `change.unreadable` and read as absent; anything else is thrown on.
 */
export function leftOut(change: CalendarChange, err: unknown): undefined {
  if (!(err instanceof UnreadableStoredRow)) throw err
  change.unreadable.push(err)
  return undefined
}

/**
 * For a re-projection's events of one row, judged before they are added (`outbox.assertPublishable`): a row whose
 * events the outbox would refuse — larger than NATS takes, failing their schema — is named in `change.unreadable` and
 * answered false, so the calendar is applied and the others told (`add`'s throw would end the whole transaction: the
 * calendar never stored, its message retried into the dead letters, a replay failing the same way); anything else is
 * thrown on.
 */
export function toldOrLeftOut(change: CalendarChange, kind: string, id: string, judge: () => void): boolean {
  try {
    judge()
    return true
  } catch (err) {
    if (!(err instanceof EventTooLargeError || err instanceof EventBodyInvalidError)) throw err
    change.unreadable.push(new UnreadableStoredRow(kind, id, reasonOf(err)))
    return false
  }
}

/** Names each row a re-projection left out, once, as a warning: the calendar consumer's and intake's route's line. */
export function logLeftOut(
  log: { warn?(obj: object, msg: string): void } | undefined,
  calendar: string,
  unreadable: readonly UnreadableStoredRow[],
): void {
  for (const u of unreadable) {
    log?.warn?.(
      { unreadable: { kind: u.kind, id: u.id, reason: u.reason }, calendar },
      'a stored row was left out of the calendar re-projection: it does not read, or its event cannot be published',
    )
  }
}

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500)

/**
 * Why a stored clock cannot be counted, or undefined: its shape first (a clock read back cast, not checked, may be
 * anything), then workdays' own checks (`validateClock`: legal dates in range, a limit in whole W or N).
 */
function unreadableClock(spec: unknown): string | undefined {
  if (spec === null || typeof spec !== 'object') return 'not a clock'
  const { suspensions } = spec as { suspensions?: unknown }
  if (suspensions !== undefined && !Array.isArray(suspensions)) return 'suspensions is not a list'
  if (Array.isArray(suspensions) && suspensions.some((x) => x === null || typeof x !== 'object'))
    return 'a suspension is not an object'
  const problems = validateClock(spec as Clock)
  return problems.length > 0 ? problems.join('; ') : undefined
}

/** An error a clock's own days raise when counted (a count run past the supported years), not a bug's. */
const clockDataError = (err: unknown) => err instanceof LegalDateError || err instanceof ClockInvalidError

/**
 * Runs `count` for one stored row of a re-projection: when the row's own clock days cannot be counted (workdays'
 * `LegalDateError`, `ClockInvalidError`), the row is named in `change.unreadable` and undefined answered; any other
 * error is thrown on.
 */
export function countedOrLeftOut<T>(change: CalendarChange, kind: string, id: string, count: () => T): T | undefined {
  try {
    return count()
  } catch (err) {
    if (!clockDataError(err)) throw err
    change.unreadable.push(new UnreadableStoredRow(kind, id, reasonOf(err)))
    return undefined
  }
}

/**
 * Re-projects `clocks` across `change` with workdays' `reproject`: every clock whose due date or mark changed. A clock
 * that is not one (its shape, or `validateClock`'s problems) is left out and named in `change.unreadable`; the rest
 * are counted at once and, when a count runs out of the supported dates, each on its own, leaving out those whose own
 * days cannot be counted. Any other error is thrown: it is not a stored row's.
 */
export function movedDues<O extends OpenClock>(change: CalendarChange, all: readonly O[]): MovedDue<O>[] {
  const clocks = all.filter((o) => {
    const why = unreadableClock(o.spec)
    if (why !== undefined) change.unreadable.push(new UnreadableStoredRow(`${o.clock} clock`, o.subject, why))
    return why === undefined
  })
  const counted = (some: readonly O[]) =>
    reproject({ before: change.before, after: change.after, clocks: some.map((o) => o.spec), today: change.today })
  let results: ReturnType<typeof reproject>
  try {
    results = counted(clocks)
  } catch (err) {
    if (!clockDataError(err)) throw err
    results = clocks.flatMap((o) => countedOrLeftOut(change, `${o.clock} clock`, o.subject, () => counted([o])) ?? [])
  }
  const byClock = new Map(clocks.map((o) => [o.spec, o]))
  return results.map((r) => {
    const open = byClock.get(r.clock) as O
    return {
      open,
      from: r.before.due,
      to: r.after.due,
      provisionalBefore: r.before.provisional,
      provisionalAfter: r.after.provisional,
      moved: r.moved,
      body: {
        projectId: open.projectId,
        subject: open.subject,
        clock: open.clock,
        ...(open.department === undefined ? {} : { department: open.department }),
        ...(open.subjectVersion === undefined ? {} : { subjectVersion: open.subjectVersion }),
        from: r.before.due,
        to: r.after.due,
        provisionalBefore: r.before.provisional,
        provisionalAfter: r.after.provisional,
        calendar: { ...change.publication },
        changes: r.changes
          .map((c) => c.text)
          .join('; ')
          .slice(0, 2000),
        movedAt: change.at.toISOString(),
      },
    }
  })
}

export type CalendarConsumerOptions<TTx extends SqlTx> = {
  /** `<service>-calendar`; listed in infra/nats/authorization.conf. */
  durable: string
  source: CalendarSource
  /**
   * Re-projects every open clock the service owns across the change, in the consumer's transaction: updates the
   * due dates it stores and adds one `clock.due-moved` event per moved date to the outbox.
   */
  reproject(
    tx: TTx,
    change: CalendarChange,
    outbox: Parameters<ConsumerDefinition['handle']>[0]['outbox'],
  ): Promise<void>
  /** Where a row left out of a re-projection is named; the consumer's own log when not given. */
  log?: { warn?(obj: object, msg: string): void }
}

/**
 * The consumer of intake's `calendar.published` for a service that runs clocks: stores the entry, re-projects the
 * service's open clocks and swaps its calendar. An entry that does not validate (the publisher validated it, so
 * only a forged or corrupted event) is refused as the schema refuses: thrown, and dead-lettered after its retries.
 */
export const calendarConsumer = <TTx extends SqlTx = SqlTx>(
  options: CalendarConsumerOptions<TTx>,
): ConsumerDefinition<typeof CalendarPublished, TTx> =>
  defineConsumer<typeof CalendarPublished, TTx>({
    durable: options.durable,
    event: CalendarPublished,
    handle: async ({ event, tx, now, outbox, log }) => {
      const entry = checkedEntry(event.entry, `calendar.published ${event.key} v${event.version}`)
      const change = await storeCalendarEntry(tx, event, entry, now)
      if (!change) return
      await options.reproject(tx, change, outbox)
      logLeftOut(options.log ?? log, event.key, change.unreadable)
      // Swapped before the commit: were the commit to fail, the redelivery stores and swaps again, from the table.
      options.source.replace(change.after, change.stamp)
    },
  })

/**
 * A service's re-projection written once: pages through the ids of what may hold an open clock, reads each, re-projects
 * their clocks across `change` and adds one `event` (the service's `clock.due-moved`) per moved date. Answers the
 * moves: a service whose due dates are evaluated from the clock wherever they are shown stores nothing more; one that
 * keeps a due day on its rows (utility's `permitsDueOn`) stores the moved day from them, in the same transaction.
 */
export async function reprojectOpenClocks<T>(
  tx: SqlTx,
  change: CalendarChange,
  outbox: Outbox,
  options: {
    event: EventDefinition
    ids(after: string | undefined, limit: number): Promise<string[]>
    read(id: string): Promise<T | undefined>
    clocksOf(item: T): OpenClock[]
  },
): Promise<MovedDue[]> {
  const clocks: OpenClock[] = []
  let after: string | undefined
  for (;;) {
    const ids = await options.ids(after, 500)
    for (const id of ids) {
      // A row that does not read, or whose clocks cannot be taken from it, is left as it was and named.
      try {
        const item = await options.read(id)
        if (item !== undefined) clocks.push(...options.clocksOf(item))
      } catch (err) {
        leftOut(change, err)
      }
    }
    if (ids.length < 500) break
    after = ids.at(-1)
  }
  const moved = movedDues(change, clocks).filter((m) => m.moved)
  if (moved.length > 0) {
    await outbox.add(
      tx,
      moved.map((m) => ({
        event: options.event,
        aggregateId: m.open.subject.split(':')[1] ?? m.open.subject,
        body: m.body,
      })),
    )
  }
  return moved
}

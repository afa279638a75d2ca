import type { Actor } from '@onewindow/contracts'
import type { AuditRecord, CalendarSource } from '@onewindow/messaging'
import type { DeadLetterAdmin, ServiceDeps } from '@onewindow/service-kit'
import type { Calendar } from '@onewindow/workdays'
import type { Verifier } from './auth.js'
import type { GatewayCommands } from './commands.js'
import type { AnswerChanges } from './db/answer-changes.js'
import type { AuditFilter, AuditKey, AuditRow } from './db/audit.js'
import type { DataQuality, DataQualityQuery } from './db/data-quality.js'
import type { DeliveryKey, DeliveryRow } from './db/deliveries.js'
import type { PendingWrites } from './db/pending.js'
import type { PublicReadModel, ReadModel } from './db/queries.js'
import type { ListedRating, RatingQuery, SupervisedRatings } from './db/ratings.js'
import type { ReceiptKey, ReceiptRow } from './db/receipts.js'
import type { Caller } from './db/scope.js'
import type { DepartmentOverLimit, SignalQuery, StoredSignal } from './db/signals.js'
import type { exportedBatch, listExports } from './db/spgl.js'
import type { StatsQuery, StatsRow } from './db/stats.js'
import type { TicketReads } from './db/tickets.js'
import type { Upstream } from './forward.js'
import type { KeptAnswers } from './http/kept-answers.js'
import type { LiveStreams } from './http/live.js'

/** What the gateway's routes are given. */
export interface GatewayDeps extends ServiceDeps {
  /** The read model as `caller` may read it: the reader role under row-level security (db/scope.ts). */
  read(caller: Caller): ReadModel
  /** The read model's public part (the revocation list), read with no caller. */
  publicRead: PublicReadModel
  /** What the gateway answered 201 for and the read model does not have yet, as `caller` may read it. */
  pending(caller: Caller): PendingWrites
  /** Statuses and inbox pages built before, used again while their version holds (http/kept-answers.ts). */
  answers: KeptAnswers
  /** Which scopes changed since a kept answer was read, as told by PostgreSQL (db/answer-changes.ts). */
  answerChanges: AnswerChanges
  /**
   * What a status kept in the read model must have been built with to be sent (http/status-answer.ts `builtWithOf`):
   * the code that builds it, this calendar, the settings that change it.
   */
  statusBuiltWith(calendar: Calendar): string
  commands: GatewayCommands
  /** The open live streams (`GET /api/v1/stream`) and their LISTEN connection. */
  live: LiveStreams
  /** Reads of an owner's personal data, appended to the gateway's audit chain in batches (not in the read's path). */
  personalReads: { record(record: AuditRecord): void }
  /** The copied audit entries of every service (the admin audit route). */
  audit: { page(caller: Caller, filter: AuditFilter): Promise<{ rows: AuditRow[]; next?: AuditKey }> }
  /** The national data-sharing export batches (the admin's 数据上报), read as the caller under row-level security. */
  spglExports: {
    /** A page of batches, newest first, after `after` (db/spgl.ts `listExports`), with the pending and refused rows. */
    list(caller: Caller, q: Parameters<typeof listExports>[1]): ReturnType<typeof listExports>
    /** One batch with the rows it carried (db/spgl.ts `exportedBatch`); undefined when there is none. */
    get(caller: Caller, id: string): ReturnType<typeof exportedBatch>
  }
  /** The supervision figures, computed by PostgreSQL over the decided tasks `caller` may read (db/stats.ts). */
  stats(caller: Caller, query: StatsQuery): Promise<StatsRow[]>
  /** 并联审批率 and sharing on time over what `caller` may read (db/data-quality.ts), with the calendar as it stands. */
  dataQuality(caller: Caller, query: DataQualityQuery): Promise<DataQuality & { truncated: boolean }>
  /** The clock-gaming signals (db/signals.ts): the stored ones, and the per-period department figure. */
  signals: {
    list(caller: Caller, query: SignalQuery): Promise<StoredSignal[]>
    departmentsOverLimit(
      caller: Caller,
      query: { from: string; to: string; regionPrefix?: string; department?: string; limit: number },
    ): Promise<DepartmentOverLimit[]>
  }
  /** 好差评 reads (db/ratings.ts), as the caller under row-level security. */
  ratings: {
    list(caller: Caller, query: RatingQuery): Promise<ListedRating[]>
    /** Each department's figure over [from, to] and every loop still open, read in one statement. */
    supervised(caller: Caller, query: { from: string; to: string; limit: number }): Promise<SupervisedRatings>
  }
  /** 已接件、待受理: one page of the undecided receipts (db/receipts.ts), as the caller under row-level security. */
  receipts(
    caller: Caller,
    query: { after?: ReceiptKey; limit: number },
  ): Promise<{ rows: ReceiptRow[]; next?: ReceiptKey }>
  /** 结果送达: the clerk's pages and a project's deliveries (db/deliveries.ts), as the caller under row-level security. */
  deliveries: {
    page(
      caller: Caller,
      query: { done: boolean; after?: DeliveryKey; limit: number },
    ): Promise<{ rows: DeliveryRow[]; next?: DeliveryKey }>
    ofProject(
      caller: Caller,
      projectId: string,
      query: { after?: DeliveryKey; limit: number },
    ): Promise<{ rows: DeliveryRow[]; next?: DeliveryKey }>
  }
  /** 12345 tickets as `caller` may read them, under row-level security (db/tickets.ts). */
  tickets(caller: Caller): TicketReads
  /** The gateway's own dead letters (its read model's). */
  deadLetters: DeadLetterAdmin
  verify: Verifier
  intake: Upstream
  approval: Upstream
  acceptance: Upstream
  utility: Upstream
  registration: Upstream
  notification: Upstream
  /** The 12345 hotline service (docs/hotline.md). */
  hotline: Upstream
  /** The bundled years plus the published ones (`calendar_entry`), swapped when the read model applies one. */
  calendar: CalendarSource
  /** Share of a limit at which a clock turns yellow. */
  yellowAt: number
  /** The public base URL, without a trailing slash: certificates' QR payloads point under it. */
  publicBaseUrl: string
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; set by the `/api/v1` hook before any handler runs. */
    actor: Actor
  }
}

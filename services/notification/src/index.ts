import { fileURLToPath } from 'node:url'
import { prismaAdapter } from '@onewindow/db'
import { type ServiceBaseOptions, serviceRuntime } from '@onewindow/messaging'
import type { CallerKeys, PeriodicWorker, ServiceApp } from '@onewindow/service-kit'
import type { TimeSource } from '@onewindow/vocabulary'
import { buildApp, type NotificationDeps } from './app.js'
import type { Channel, Channels } from './channels/channel.js'
import { type EmailOptions, emailChannel } from './channels/email.js'
import { logChannel } from './channels/log.js'
import { type SmsGatewayOptions, smsChannel } from './channels/sms.js'
import { onBookingMissed } from './consumers/on-booking-missed.js'
import {
  onTicketDispatched,
  onTicketDueMoved,
  onTicketExtended,
  onTicketOverdue,
  onTicketReplied,
  onTicketReturnDecided,
  onTicketReviewed,
  onTicketWarned,
} from './consumers/on-hotline-events.js'
import {
  onKnowledgeFeedbackAnswered,
  onKnowledgeFeedbackDueMoved,
  onKnowledgeFeedbackOverdue,
  onKnowledgeFeedbackRaised,
  onKnowledgePointExpiryReminded,
} from './consumers/on-knowledge-feedback.js'
import {
  onAcceptanceClockOverdue,
  onAcceptanceClockWarned,
  onAcceptanceFailed,
  onAcceptanceFilingIssued,
  onAcceptanceInspectionScheduled,
  onAcceptancePassed,
  onAcceptancePassRevoked,
  onAcceptanceRectificationOverdue,
  onAcceptanceRectificationReported,
  onAcceptanceRectify,
  onAcceptanceStarted,
  onCertificateRevoked,
  onIssueClockOverdue,
  onIssueClockWarned,
  onObjectionAnswered,
  onObjectionRaised,
  onOutsideLinePermitAccepted,
  onOutsideLinePermitApplied,
  onRegistrarPassRevoked,
  onRegistrationCaseOpened,
  onRegistrationClockOverdue,
  onRegistrationClockWarned,
  onRegistrationResultsUpdated,
  onUtilityConnected,
  onUtilityPermitsClockOverdue,
  onUtilityPermitsClockWarned,
  onUtilityStepFinished,
} from './consumers/on-later-stages.js'
import { onChangeNoticeFiled, onOutageOverdue, onOutageReported } from './consumers/on-notices.js'
import { onProjectRegistered } from './consumers/on-project-registered.js'
import { onRatingFixOverdue, onRatingGiven, onRatingReplied } from './consumers/on-rating-events.js'
import { onResultDelivery } from './consumers/on-result-delivery.js'
import {
  onCertificateIssued,
  onRestorationDeclared,
  onRestorationReviewed,
  onStepDecided,
  onSupplementNoticeIssued,
  onWorksPlanPushed,
} from './consumers/on-step-events.js'
import {
  onCommitmentOverdue,
  onRectificationOverdue,
  onRectificationReported,
  onStepTasksAssigned,
  onSupervisionOverdue,
  onTaskAssigned,
  onTaskClockOverdue,
  onTaskClockWarned,
  onTaskSupervised,
} from './consumers/on-task-events.js'
import type { RetryPolicy } from './domain/messages.js'
import { PrismaClient } from './generated/client.js'
import { deliverer } from './jobs/deliver.js'

export type { NotificationDeps } from './app.js'
export type { Channel, Outgoing } from './channels/channel.js'
export { NotificationConfig } from './config.js'
export { chineseDate, render } from './domain/templates.js'

export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url))
export const prismaSchemaDir = fileURLToPath(new URL('../prisma', import.meta.url))

export interface NotificationOptions extends ServiceBaseOptions {
  /** The gateway's public keys: every route answers only its signed assertion addressed to notification. */
  callers: CallerKeys
  clock: TimeSource
  /** How often due messages are sent (default 5 000 ms). */
  deliverEveryMs?: number
  /** Default: 5 tries, waits doubling from one minute. */
  retry?: RetryPolicy
  /**
   * The adapters, configured by the environment (main.ts): the log adapter always (to `file` when given), SMS and
   * e-mail when configured. A test may pass a `Channel` of its own for any channel.
   */
  channels?: {
    file?: string
    sms?: SmsGatewayOptions | Channel
    email?: EmailOptions | Channel
    log?: Channel
  }
}

export type NotificationApp = ServiceApp<NotificationDeps> & { deliverer: PeriodicWorker }

const isChannel = (c: unknown): c is Channel => typeof (c as Channel).send === 'function'

/**
 * The notification service (消息通知), migrated and wired, not listening: its consumers turn the flows' events into
 * messages, the deliverer sends them; closing stops both and ends the pool.
 */
export async function createNotification(options: NotificationOptions): Promise<NotificationApp> {
  const rt = await serviceRuntime({
    ...options,
    migrationsDir,
    source: 'notification',
    prisma: (pool, schema) => new PrismaClient({ adapter: prismaAdapter(pool, schema) }),
  })
  const consumers = [
    rt.messaging.consumer(onProjectRegistered),
    rt.messaging.consumer(onStepTasksAssigned),
    rt.messaging.consumer(onTaskAssigned),
    rt.messaging.consumer(onTaskClockWarned),
    rt.messaging.consumer(onTaskClockOverdue),
    rt.messaging.consumer(onCommitmentOverdue),
    rt.messaging.consumer(onTaskSupervised),
    rt.messaging.consumer(onSupervisionOverdue),
    rt.messaging.consumer(onRectificationReported),
    rt.messaging.consumer(onRectificationOverdue),
    rt.messaging.consumer(onSupplementNoticeIssued),
    rt.messaging.consumer(onStepDecided),
    rt.messaging.consumer(onCertificateIssued),
    rt.messaging.consumer(onWorksPlanPushed),
    rt.messaging.consumer(onRestorationDeclared),
    rt.messaging.consumer(onRestorationReviewed),
    rt.messaging.consumer(onResultDelivery),
    rt.messaging.consumer(onBookingMissed),
    rt.messaging.consumer(onAcceptanceStarted),
    rt.messaging.consumer(onAcceptanceInspectionScheduled),
    rt.messaging.consumer(onAcceptanceRectify),
    rt.messaging.consumer(onAcceptancePassed),
    rt.messaging.consumer(onAcceptanceFailed),
    rt.messaging.consumer(onAcceptanceFilingIssued),
    rt.messaging.consumer(onAcceptancePassRevoked),
    rt.messaging.consumer(onAcceptanceRectificationReported),
    rt.messaging.consumer(onAcceptanceRectificationOverdue),
    rt.messaging.consumer(onUtilityStepFinished),
    rt.messaging.consumer(onOutsideLinePermitApplied),
    rt.messaging.consumer(onOutsideLinePermitAccepted),
    rt.messaging.consumer(onUtilityConnected),
    rt.messaging.consumer(onRegistrarPassRevoked),
    rt.messaging.consumer(onRegistrationCaseOpened),
    rt.messaging.consumer(onRegistrationResultsUpdated),
    rt.messaging.consumer(onCertificateRevoked),
    rt.messaging.consumer(onObjectionRaised),
    rt.messaging.consumer(onObjectionAnswered),
    rt.messaging.consumer(onAcceptanceClockWarned),
    rt.messaging.consumer(onAcceptanceClockOverdue),
    rt.messaging.consumer(onRegistrationClockWarned),
    rt.messaging.consumer(onRegistrationClockOverdue),
    rt.messaging.consumer(onIssueClockWarned),
    rt.messaging.consumer(onIssueClockOverdue),
    rt.messaging.consumer(onUtilityPermitsClockWarned),
    rt.messaging.consumer(onUtilityPermitsClockOverdue),
    rt.messaging.consumer(onTicketDispatched),
    rt.messaging.consumer(onTicketReturnDecided),
    rt.messaging.consumer(onTicketWarned),
    rt.messaging.consumer(onTicketOverdue),
    rt.messaging.consumer(onTicketReplied),
    rt.messaging.consumer(onTicketReviewed),
    rt.messaging.consumer(onTicketExtended),
    rt.messaging.consumer(onRatingGiven),
    rt.messaging.consumer(onRatingReplied),
    rt.messaging.consumer(onRatingFixOverdue),
    rt.messaging.consumer(onKnowledgeFeedbackRaised),
    rt.messaging.consumer(onKnowledgeFeedbackAnswered),
    rt.messaging.consumer(onKnowledgeFeedbackOverdue),
    rt.messaging.consumer(onKnowledgeFeedbackDueMoved),
    rt.messaging.consumer(onKnowledgePointExpiryReminded),
    rt.messaging.consumer(onTicketDueMoved),
    rt.messaging.consumer(onChangeNoticeFiled),
    rt.messaging.consumer(onOutageReported),
    rt.messaging.consumer(onOutageOverdue),
  ]
  const deps: NotificationDeps = {
    clock: options.clock,
    commands: { transaction: rt.transaction, audited: rt.audited, clock: options.clock },
    readiness: rt.readiness,
  }
  let app: ServiceApp<NotificationDeps> | undefined
  const log = {
    info: (obj: object, msg: string) => app?.log.info(obj, msg),
    error: (obj: object, msg: string) => app?.log.error(obj, msg),
  }
  const given = options.channels ?? {}
  const email = given.email === undefined ? undefined : isChannel(given.email) ? given.email : emailChannel(given.email)
  const channels: Channels = {
    log: given.log ?? logChannel({ ...(given.file ? { file: given.file } : {}), log }),
    ...(given.sms === undefined ? {} : { sms: isChannel(given.sms) ? given.sms : smsChannel(given.sms) }),
    ...(email ? { email } : {}),
  }
  const job = deliverer(
    deps.commands,
    {
      everyMs: options.deliverEveryMs ?? 5_000,
      channels,
      retry: options.retry ?? { maxAttempts: 5, baseMs: 60_000 },
    },
    log,
  )
  const opts = rt.serviceOptions([...consumers, job])
  const closeEmail = email && 'close' in email ? [async () => (email as { close(): void }).close()] : []
  app = await buildApp(deps, { ...opts, closers: [...opts.closers, ...closeEmail], callers: options.callers })
  return Object.assign(app, { deliverer: job })
}

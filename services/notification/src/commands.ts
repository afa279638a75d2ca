import type {
  Actor,
  NotificationMessageListResponse,
  NotificationOffice,
  NotificationPreferences,
  NotificationPreferencesBody,
} from '@onewindow/contracts'
import { regionCovers } from '@onewindow/contracts'
import type { UnreadableStoredRow } from '@onewindow/db'
import { type AuditedRunner, sweep, type TransactionRunner } from '@onewindow/messaging'
import type { Result, TimeSource } from '@onewindow/vocabulary'
import type { Static } from 'typebox'
import type { Channels } from './channels/channel.js'
import { notificationRepository, type PendingMessage, type Tx } from './db/notifications.js'
import {
  afterAttempt,
  CENTRE,
  type Occurrence,
  type Party,
  type Preferences,
  planMessages,
  REGISTRATION_OFFICE,
  type RetryPolicy,
  SUPERVISION,
} from './domain/messages.js'
import { decidePreferencesChange } from './domain/preferences.js'

export type CommandDeps = {
  transaction: TransactionRunner<Tx>
  /** Where a command opens its transaction: its audit entry is appended last in it (docs/security.md#audit-log). */
  audited: AuditedRunner<Tx>
  clock: TimeSource
}

/**
 * The party a caller speaks for: an owner by its organisation's 统一社会信用代码, a reviewer or a lead by its
 * department, a supervisor for the supervising office, an agent for the 12345 centre, a utility provider's staff for
 * its provider, a registrar for the registration office. Anyone else has no messages and no preferences here.
 */
export function partyOf(actor: Actor): Result<Party> {
  if (actor.role === 'owner' && actor.creditCode) return { ok: true, value: { kind: 'owner', id: actor.creditCode } }
  if ((actor.role === 'reviewer' || actor.role === 'lead') && actor.department)
    return { ok: true, value: { kind: 'department', id: actor.department } }
  if (actor.role === 'supervisor') return { ok: true, value: SUPERVISION }
  if (actor.role === 'agent') return { ok: true, value: CENTRE }
  if (actor.role === 'utility' && actor.provider) return { ok: true, value: { kind: 'provider', id: actor.provider } }
  if (actor.role === 'registrar') return { ok: true, value: REGISTRATION_OFFICE }
  return {
    ok: false,
    error: {
      code: 'NOTIFICATION_NO_PARTY',
      message:
        'Only an owner organisation, a department, the supervising office, the 12345 centre, a utility provider or the registration office has notifications.',
      details: { role: actor.role },
    },
  }
}

/**
 * The messages of one occurrence, in the consumer's transaction (the one that records the event in the inbox):
 * planned from the recipients' preferences as they stand now, and added once per (event, party, channel).
 */
export async function recordOccurrence(tx: Tx, occurrence: Occurrence, now: Date): Promise<number> {
  const repo = notificationRepository(tx)
  const preferences = await repo.preferences(occurrence.recipients)
  return repo.addMessages(occurrence, planMessages(occurrence, preferences, now), now)
}

const view = (
  party: Party,
  p: { preferences: Preferences; updatedAt?: Date | undefined },
): NotificationPreferences => ({
  party,
  channels: [...p.preferences.channels],
  ...(p.preferences.quietHours ? { quietHours: p.preferences.quietHours } : {}),
  ...(p.preferences.phone ? { phone: p.preferences.phone } : {}),
  ...(p.preferences.email ? { email: p.preferences.email } : {}),
  ...(p.updatedAt ? { updatedAt: p.updatedAt.toISOString() } : {}),
})

/** The shared office parties, by the id an admin names: every member reads their messages, none leads them. */
const OFFICES: Record<NotificationOffice, Party> = {
  supervision: SUPERVISION,
  'hotline-centre': CENTRE,
  registration: REGISTRATION_OFFICE,
}
const isOffice = (party: Party): boolean =>
  Object.values(OFFICES).some((o) => o.kind === party.kind && o.id === party.id)

/**
 * Whose preferences a PUT replaces: the caller's own party, or — an admin naming it — a shared office's. An office's
 * phone and e-mail receive every message of the office, and any of its members could otherwise redirect them all, so
 * its members may read but never write them (403 `NOTIFICATION_OFFICE_PREFERENCES_ADMIN_ONLY`).
 */
function preferencesParty(actor: Actor, office: NotificationOffice | undefined): Result<Party> {
  if (office !== undefined) return officeOf(actor, office)
  const party = partyOf(actor)
  if (!party.ok || !isOffice(party.value)) return party
  return officeRefused(actor, party.value)
}

const officeRefused = (actor: Actor, party: Party | undefined): Result<Party> => ({
  ok: false,
  error: {
    code: 'NOTIFICATION_OFFICE_PREFERENCES_ADMIN_ONLY',
    message:
      'Only an administrator names a shared office to read or set its notification preferences; its members read them as their own.',
    details: party ? { party } : { role: actor.role },
  },
})

/** The shared office an admin names; anyone else naming one is refused (403 `NOTIFICATION_OFFICE_PREFERENCES_ADMIN_ONLY`). */
const officeOf = (actor: Actor, office: NotificationOffice): Result<Party> =>
  actor.role === 'admin' ? { ok: true, value: OFFICES[office] } : officeRefused(actor, undefined)

/**
 * The caller's own party's preferences, or — an admin naming it — a shared office's: an admin sets them and has no
 * party of its own to read them as. Anyone else naming an office is refused as for a PUT; a member reads its office's
 * as its own, without naming it.
 */
export async function getPreferences(
  deps: CommandDeps,
  actor: Actor,
  office?: NotificationOffice,
): Promise<Result<NotificationPreferences>> {
  const party = office === undefined ? partyOf(actor) : officeOf(actor, office)
  if (!party.ok) return party
  const stored = await deps.transaction((tx) => notificationRepository(tx).preferencesOf(party.value))
  return { ok: true, value: view(party.value, stored) }
}

/**
 * The caller's own party's preferences (an admin's: the office it names), replaced whole; audited like every command
 * (a refusal as refused). A caller whose token carries a region changes none of them (403
 * `NOTIFICATION_PREFERENCES_REGIONAL_CALLER`, `decidePreferencesChange`).
 */
export async function putPreferences(
  deps: CommandDeps,
  actor: Actor,
  body: NotificationPreferencesBody,
  office?: NotificationOffice,
): Promise<Result<NotificationPreferences>> {
  const party = preferencesParty(actor, office)
  if (!party.ok) return party
  const at = deps.clock.now()
  const command = {
    actor,
    action: 'notification.preferences.put',
    object: `notification-preferences:${party.value.kind}:${party.value.id}`,
  }
  return deps.audited(command, async (tx): Promise<Result<NotificationPreferences>> => {
    const repo = notificationRepository(tx)
    const { preferences: stored } = await repo.preferencesOf(party.value)
    // A regional reviewer's or lead's is refused here, nothing written: the department's preferences are every region's.
    const decided = decidePreferencesChange({ body, region: actor.region, stored })
    if (!decided.ok) return decided
    await repo.savePreferences(party.value, decided.value, at)
    return { ok: true, value: view(party.value, { preferences: decided.value, updatedAt: at }) }
  })
}

export async function listMessages(
  deps: CommandDeps,
  actor: Actor,
  query: { before?: string; limit?: number },
): Promise<Result<Static<typeof NotificationMessageListResponse> & { unreadable: UnreadableStoredRow[] }>> {
  const party = partyOf(actor)
  if (!party.ok) return party
  // A regional reviewer's or lead's (docs/security.md "Regional authority"): its department's messages about projects
  // and 12345 tickets within its region — the regions of the known projects and tickets the rule keeps, so the page is
  // cut in SQL and stays full.
  const scope = party.value.kind === 'department' ? actor.region : undefined
  const page = await deps.transaction(async (tx) => {
    const repo = notificationRepository(tx)
    const regions = scope === undefined ? undefined : (await repo.knownRegions()).filter((r) => regionCovers(scope, r))
    return repo.messagesOf(party.value, query.before, query.limit ?? 20, regions)
  })
  return { ok: true, value: page }
}

/**
 * One pass of the deliverer, a `sweep` over the undelivered messages: a message due now is taken `FOR UPDATE SKIP
 * LOCKED`, handed to its channel, and marked sent, or given a later due time, or dead-lettered — in the transaction
 * holding the lock, so two passes (two replicas) never send one row twice. A send whose transaction then does not
 * commit is the one repeat possible: its commit lost, or the transaction aborted for a conflict with another, which
 * the runner runs again at once (pgTransaction). The SMS adapter sends the message id as an idempotency key for it.
 */
export async function deliverOnce(
  deps: CommandDeps,
  channels: Channels,
  policy: RetryPolicy,
  skipped: (id: string, error: unknown) => void,
): Promise<number> {
  const now = deps.clock.now()
  return sweep<Tx, PendingMessage, PendingMessage>({
    transaction: deps.transaction,
    skipped,
    // Small batches: each due row in a batch is a network call made while the batch's transaction is open.
    batch: 20,
    candidates: (tx, after, limit) => notificationRepository(tx).pendingIds(after, limit),
    read: (tx, id, lock) => notificationRepository(tx).pending(id, lock),
    decide: (m) => (m.dueAt.getTime() <= now.getTime() ? m : undefined),
    write: async (tx, m) => {
      const channel = channels[m.channel]
      let failure: string | undefined
      try {
        if (!channel) throw new Error(`channel ${m.channel} is not configured`)
        await channel.send({
          id: m.id,
          party: m.party,
          ...(m.address ? { address: m.address } : {}),
          title: m.title,
          body: m.body,
        })
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error)
      }
      const outcome = afterAttempt(m.attempts, failure, now, policy)
      const repo = notificationRepository(tx)
      if (outcome.kind === 'sent') await repo.markSent(m.id, outcome.at, m.attempts + 1)
      else if (outcome.kind === 'retry') await repo.markRetry(m.id, outcome.attempts, outcome.at, outcome.error)
      else await repo.markDead(m, outcome.attempts, outcome.error, now)
      return outcome.kind === 'sent' ? 1 : 0
    },
  })
}

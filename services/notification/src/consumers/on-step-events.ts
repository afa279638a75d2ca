import {
  CertificateIssuedV1,
  StepDecidedV1,
  SupplementNoticeIssuedV1,
  UTILITY_PROVIDER_NAMES,
  UtilityRestorationDeclaredV1,
  UtilityRestorationReviewedV1,
  UtilityWorksPlanPushedV1,
} from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { legalDateOf } from '@onewindow/workdays'
import { recordOccurrence } from '../commands.js'
import { notificationRepository, type Tx } from '../db/notifications.js'
import { certificateIssued } from '../domain/later-stages.js'
import type { Party } from '../domain/messages.js'
import { projectFacts, projectOf } from './occurrence.js'

const departments = (codes: readonly string[]): Party[] => codes.map((id) => ({ kind: 'department', id }))

/**
 * 补正告知 — each issue of the consolidated notice (an open one: answered and withdrawn issues tell nobody anything
 * they must do): the owner must answer; the departments that asked and the lead are told it went out.
 */
export const onSupplementNoticeIssued = defineConsumer<typeof SupplementNoticeIssuedV1, Tx>({
  durable: 'notification-supplement-notice',
  event: SupplementNoticeIssuedV1,
  concerns: (event) => event.status === 'open',
  async handle({ event, eventId, tx, now }) {
    const repo = notificationRepository(tx)
    const project = await projectOf(tx, event.projectId)
    const codes = [...new Set(event.requests.map((r) => r.department))]
    const names = await Promise.all(codes.map(async (c) => (await repo.departmentName(c)) ?? c))
    const lead = await repo.leadOf(event.applicationId)
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'supplement-notice',
        projectId: event.projectId,
        facts: {
          ...projectFacts(project),
          departmentName: names.join('、'),
          on: legalDateOf(event.issuedAt),
          materials: [...new Set(event.requests.flatMap((r) => r.materials))],
        },
        recipients: [
          { kind: 'owner', id: project.ownerCreditCode },
          ...departments(codes),
          ...(lead ? departments([lead]) : []),
        ],
      },
      now,
    )
  },
})

/** 办结 of a step: the owner, every department of the step, and its lead; a refusal with each department's reason. */
export const onStepDecided = defineConsumer<typeof StepDecidedV1, Tx>({
  durable: 'notification-step-decided',
  event: StepDecidedV1,
  async handle({ event, eventId, tx, now }) {
    const project = await projectOf(tx, event.projectId)
    const repo = notificationRepository(tx)
    const lead = await repo.leadOf(event.applicationId)
    // 行政许可法第三十八条第二款: a refusal is told with its reasons — each refusing department's, by its name.
    const refusals = await Promise.all(
      event.tasks
        .filter((t) => t.outcome === 'rejected')
        .map(async (t) => ({
          department: (await repo.departmentName(t.department)) ?? t.department,
          reason: t.reason,
        })),
    )
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'step-decided',
        projectId: event.projectId,
        facts: {
          ...projectFacts(project),
          on: event.decidedOn,
          outcome: event.outcome,
          ...(refusals.length > 0 ? { refusals } : {}),
        },
        recipients: [
          { kind: 'owner', id: project.ownerCreditCode },
          ...departments(event.tasks.map((t) => t.department)),
          ...(lead ? departments([lead]) : []),
        ],
      },
      now,
    )
  },
})

/**
 * A certificate signed: its holder is told, by the certificate's title (the document, 建设工程规划许可证, since
 * registration names it so); a property certificate as the end of the first registration it completes
 * (`certificateIssued`, docs/notifications.md#later-stages). The event names the owner but no department code (a
 * permit's item is there, and its issuer by name only), so departments are not told — they decided the step and were
 * told then.
 */
export const onCertificateIssued = defineConsumer<typeof CertificateIssuedV1, Tx>({
  durable: 'notification-certificate-issued',
  event: CertificateIssuedV1,
  async handle({ event, eventId, tx, now }) {
    const c = event.certificate.body
    const project = await projectOf(tx, c.projectId)
    await recordOccurrence(tx, { eventId, projectId: c.projectId, ...certificateIssued(c, project) }, now)
  },
})

const PLAN_NAMES = { 'works-plan': '施工方案', 'traffic-plan': '交通疏解方案' } as const

/**
 * 告知承诺免审批 (Shanwei 004:1852): a low-risk outside line's works and traffic plans pushed through the platform —
 * each department they went to is told, to supervise the works and accept the restoration. Not the owner: the push is
 * the provider's to the departments.
 */
export const onWorksPlanPushed = defineConsumer<typeof UtilityWorksPlanPushedV1, Tx>({
  durable: 'notification-works-plan-pushed',
  event: UtilityWorksPlanPushedV1,
  concerns: (event) => event.request.worksPlanPush !== undefined,
  async handle({ event, eventId, tx, now }) {
    const push = event.request.worksPlanPush
    if (!push) return
    const project = await projectOf(tx, event.request.projectId)
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'works-plan-pushed',
        projectId: event.request.projectId,
        facts: {
          ...projectFacts(project),
          on: push.pushedOn,
          utilityName: UTILITY_PROVIDER_NAMES[event.request.provider],
          plansPushed: [...new Set(push.plans.map((p) => PLAN_NAMES[p.kind]))],
        },
        recipients: departments(push.departments.map((d) => d.code)),
      },
      now,
    )
  },
})

/**
 * 修复完成: the provider declared roads and green space restored — each department the plans went to is told, since
 * any of them may review it (docs/utility.md); not the owner, as for the push.
 */
export const onRestorationDeclared = defineConsumer<typeof UtilityRestorationDeclaredV1, Tx>({
  durable: 'notification-restoration-declared',
  event: UtilityRestorationDeclaredV1,
  concerns: (event) => event.request.worksPlanPush !== undefined && event.request.restoration?.status === 'declared',
  async handle({ event, eventId, tx, now }) {
    const { worksPlanPush: push, restoration } = event.request
    if (!push || !restoration) return
    const project = await projectOf(tx, event.request.projectId)
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'restoration-declared',
        projectId: event.request.projectId,
        facts: {
          ...projectFacts(project),
          on: legalDateOf(restoration.declaredAt),
          utilityName: UTILITY_PROVIDER_NAMES[event.request.provider],
          ...(restoration.note ? { restorationNote: restoration.note } : {}),
        },
        recipients: departments(push.departments.map((d) => d.code)),
      },
      now,
    )
  },
})

/**
 * 修复验收: a pushed department accepted the restoration or sent it back — the provider is told which, by whom, and
 * the reason of a send-back, so it knows what to put right before declaring again. The review is the last of
 * `restoration.reviews`.
 */
export const onRestorationReviewed = defineConsumer<typeof UtilityRestorationReviewedV1, Tx>({
  durable: 'notification-restoration-reviewed',
  event: UtilityRestorationReviewedV1,
  concerns: (event) => (event.request.restoration?.reviews.length ?? 0) > 0,
  async handle({ event, eventId, tx, now }) {
    const review = event.request.restoration?.reviews.at(-1)
    if (!review) return
    const project = await projectOf(tx, event.request.projectId)
    // The review's own name, else the push's for that department, else as tasks taught this service; never a code.
    const departmentName =
      review.departmentName ??
      event.request.worksPlanPush?.departments.find((d) => d.code === review.department)?.name ??
      (await notificationRepository(tx).departmentName(review.department))
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'restoration-reviewed',
        projectId: event.request.projectId,
        facts: {
          ...projectFacts(project),
          on: legalDateOf(review.reviewedAt),
          utilityName: UTILITY_PROVIDER_NAMES[event.request.provider],
          ...(departmentName ? { departmentName } : {}),
          restorationOutcome: review.outcome,
          ...(review.reason ? { reason: review.reason } : {}),
        },
        recipients: [{ kind: 'provider', id: event.request.provider }],
      },
      now,
    )
  },
})

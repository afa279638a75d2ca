import { CertificateIssuedV1, StepDecidedV1, SupplementNoticeIssuedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { legalDateOf } from '@onewindow/workdays'
import { recordOccurrence } from '../commands.js'
import { notificationRepository, type Tx } from '../db/notifications.js'
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

/** 办结 of a step: the owner, every department of the step, and its lead. */
export const onStepDecided = defineConsumer<typeof StepDecidedV1, Tx>({
  durable: 'notification-step-decided',
  event: StepDecidedV1,
  async handle({ event, eventId, tx, now }) {
    const project = await projectOf(tx, event.projectId)
    const lead = await notificationRepository(tx).leadOf(event.applicationId)
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'step-decided',
        projectId: event.projectId,
        facts: { ...projectFacts(project), on: event.decidedOn, outcome: event.outcome },
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
 * registration names it so). The event names the owner but no department code (a permit's item is there, and its
 * issuer by name only), so departments are not told — they decided the step and were told then.
 */
export const onCertificateIssued = defineConsumer<typeof CertificateIssuedV1, Tx>({
  durable: 'notification-certificate-issued',
  event: CertificateIssuedV1,
  async handle({ event, eventId, tx, now }) {
    const c = event.certificate.body
    const project = await projectOf(tx, c.projectId)
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'certificate-issued',
        projectId: c.projectId,
        facts: {
          ...projectFacts(project),
          on: c.issuedOn,
          certificateNumber: c.number,
          certificateTitle: c.title,
        },
        recipients: [{ kind: 'owner', id: c.owner.creditCode }],
      },
      now,
    )
  },
})

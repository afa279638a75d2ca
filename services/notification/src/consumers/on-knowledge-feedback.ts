import {
  type KnowledgeFeedbackAction,
  KnowledgeFeedbackAnsweredV1,
  KnowledgeFeedbackDueMovedV1,
  type KnowledgeFeedbackKind,
  KnowledgeFeedbackOverdueV1,
  KnowledgeFeedbackRaisedV1,
  type KnowledgeFeedbackSnapshot,
  type KnowledgeKind,
  KnowledgePointExpiryRemindedV1,
} from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { legalDateOf } from '@onewindow/workdays'
import { recordOccurrence } from '../commands.js'
import { notificationRepository, type Tx } from '../db/notifications.js'
import { CENTRE } from '../domain/messages.js'
import type { TemplateFacts } from '../domain/templates.js'
import { departmentOf } from './occurrence.js'

// 知识点反馈 (docs/hotline.md#knowledge-base, 004:1680–1682) as messages: the department that must answer is told when
// the centre raises feedback; the centre (热线中心, every agent) when the department answered, and both when the
// answer is overdue. Feedback names no project: the messages are listed under none.

const KIND_NAMES: Record<KnowledgeFeedbackKind, string> = {
  error: '内容错误',
  omission: '内容遗漏',
  outdated: '内容过期',
  unclear: '表述不清',
  'new-point': '需要采编新知识点',
}

const ACTION_NAMES: Record<KnowledgeFeedbackAction, string> = {
  added: '已增补知识点',
  revised: '已修改或审核知识点',
  retired: '已下架知识点',
  none: '无需操作',
}

/** What every feedback message says: the department, what the centre found, the point's question when it names one. */
async function feedbackFacts(tx: Tx, f: KnowledgeFeedbackSnapshot): Promise<TemplateFacts> {
  const departmentName = await notificationRepository(tx).departmentName(f.department)
  return {
    ...(departmentName ? { departmentName } : {}),
    feedbackKind: KIND_NAMES[f.kind],
    ...(f.point ? { question: f.point.question } : {}),
    urgent: f.urgent,
    feedbackLimit: f.limit,
    dueOn: f.dueOn,
  }
}

/** 发起 — the department owing the answer is told, with its 2 (突发事项: 1) working days' due day. */
export const onKnowledgeFeedbackRaised = defineConsumer<typeof KnowledgeFeedbackRaisedV1, Tx>({
  durable: 'notification-knowledge-feedback-raised',
  event: KnowledgeFeedbackRaisedV1,
  async handle({ event, eventId, tx, now }) {
    const f = event.feedback
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'knowledge-feedback-raised',
        facts: { ...(await feedbackFacts(tx, f)), on: f.raisedOn },
        recipients: [departmentOf(f.department)],
      },
      now,
    )
  },
})

/** 答复 — the centre is told what the department did, and whether it answered late. */
export const onKnowledgeFeedbackAnswered = defineConsumer<typeof KnowledgeFeedbackAnsweredV1, Tx>({
  durable: 'notification-knowledge-feedback-answered',
  event: KnowledgeFeedbackAnsweredV1,
  async handle({ event, eventId, tx, now }) {
    const f = event.feedback
    if (!f.answer) return
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'knowledge-feedback-answered',
        facts: {
          ...(await feedbackFacts(tx, f)),
          on: f.answer.answeredOn,
          answerAction: ACTION_NAMES[f.answer.action],
          late: f.answer.late,
        },
        recipients: [CENTRE],
      },
      now,
    )
  },
})

/**
 * 逾期 — recorded once by the hotline the day after the due day (004:1539): the centre, to follow it up, and the
 * department, which still owes the answer.
 */
export const onKnowledgeFeedbackOverdue = defineConsumer<typeof KnowledgeFeedbackOverdueV1, Tx>({
  durable: 'notification-knowledge-feedback-overdue',
  event: KnowledgeFeedbackOverdueV1,
  startsAtCreation: true,
  async handle({ event, eventId, tx, now }) {
    const f = event.feedback
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'knowledge-feedback-overdue',
        facts: { ...(await feedbackFacts(tx, f)), on: f.overdueOn ?? legalDateOf(f.updatedAt) },
        recipients: [CENTRE, departmentOf(f.department)],
      },
      now,
    )
  },
})

/**
 * 答复期限调整 — a published calendar moved the open feedback's due day (raised only when it changed): the department
 * owing the answer is told the new day and the one it replaces.
 */
export const onKnowledgeFeedbackDueMoved = defineConsumer<typeof KnowledgeFeedbackDueMovedV1, Tx>({
  durable: 'notification-knowledge-feedback-due-moved',
  event: KnowledgeFeedbackDueMovedV1,
  async handle({ event, eventId, tx, now }) {
    const f = event.feedback
    if (f.status !== 'open' || !f.dueMoved) return
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'knowledge-feedback-due-moved',
        facts: { ...(await feedbackFacts(tx, f)), on: legalDateOf(f.updatedAt), previousDueOn: f.dueMoved.from },
        recipients: [departmentOf(f.department)],
      },
      now,
    )
  },
})

const POINT_KIND_NAMES: Record<KnowledgeKind, string> = {
  policy: '政策法规',
  guide: '办事指南',
  script: '具体事项答复口径',
  other: '业务解读等其他',
}

/**
 * 知识点到期提醒 — the point's department is asked to confirm it before it lapses (第三十五条, 004:1678). The hotline
 * raises the event once per validity end, on its reminder day (docs/hotline.md#knowledge-base); the message follows.
 */
export const onKnowledgePointExpiryReminded = defineConsumer<typeof KnowledgePointExpiryRemindedV1, Tx>({
  durable: 'notification-knowledge-point-expiring',
  event: KnowledgePointExpiryRemindedV1,
  startsAtCreation: true,
  async handle({ event, eventId, tx, now }) {
    const departmentName = await notificationRepository(tx).departmentName(event.department)
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'knowledge-point-expiring',
        facts: {
          ...(departmentName ? { departmentName } : {}),
          question: event.point.question,
          pointKind: POINT_KIND_NAMES[event.point.kind],
          on: event.remindOn,
          dueOn: event.expiresAfter,
        },
        recipients: [departmentOf(event.department)],
      },
      now,
    )
  },
})

import {
  ChangeNoticeFiledV1,
  type ChangeNoticeKind,
  type ChangeNoticeMeasure,
  type OutageClock,
  OutageNoticeOverdueV1,
  OutageNoticeReportedV1,
} from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { legalDateOf } from '@onewindow/workdays'
import { recordOccurrence } from '../commands.js'
import { notificationRepository, type Tx } from '../db/notifications.js'
import { CENTRE } from '../domain/messages.js'
import { departmentOf } from './occurrence.js'

// 变动通报 and 故障通报 (docs/hotline.md#notices, 004:1684–1694) as messages: the centre (热线中心, every agent) is told
// when a unit files a change notice or reports an outage; the unit and the centre when an outage's answer script or
// progress update is overdue. Notices name no project: the messages are listed under none.

/** The five cases of 第三十七条 (004:1688–1692), as a message names them. */
const CHANGE_KIND_NAMES: Record<ChangeNoticeKind, string> = {
  'normative-document': '发布有较大影响的规范性文件和通知公告',
  'rule-change': '业务规则变更',
  'specialist-information': '推送专业性强、易误导的信息',
  'channel-change': '办事查询渠道变化',
  other: '其他可能引发集中咨询的情形',
}

/** The linked measures of 004:1684. */
const MEASURE_NAMES: Record<ChangeNoticeMeasure, string> = {
  'update-knowledge': '更新热线知识点',
  'train-agents': '培训热线话务人员',
  'on-site-support': '现场话务支撑',
  'answer-concentrated': '及时回应集中诉求',
  'publish-interpretation': '主动发布政策解读信息',
}

const CLOCK_NAMES: Record<OutageClock, string> = { script: '应答口径', progress: '故障解决进展' }

/** 变动通报 — the centre is told what changes, from when, and the measures the unit takes with it. */
export const onChangeNoticeFiled = defineConsumer<typeof ChangeNoticeFiledV1, Tx>({
  durable: 'notification-change-notice-filed',
  event: ChangeNoticeFiledV1,
  async handle({ event, eventId, tx, now }) {
    const n = event.notice
    const departmentName = await notificationRepository(tx).departmentName(n.department)
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'change-notice-filed',
        facts: {
          ...(departmentName ? { departmentName } : {}),
          noticeTitle: n.title,
          noticeKind: CHANGE_KIND_NAMES[n.kind],
          effectiveOn: n.effectiveOn,
          measures: n.measures.map((m) => MEASURE_NAMES[m]),
          on: n.filedOn,
        },
        recipients: [CENTRE],
      },
      now,
    )
  },
})

/** 故障通报 — the centre is told of the fault, so its agents know why requests come in together. */
export const onOutageReported = defineConsumer<typeof OutageNoticeReportedV1, Tx>({
  durable: 'notification-outage-reported',
  event: OutageNoticeReportedV1,
  async handle({ event, eventId, tx, now }) {
    const n = event.notice
    const departmentName = await notificationRepository(tx).departmentName(n.department)
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'outage-reported',
        facts: {
          ...(departmentName ? { departmentName } : {}),
          system: n.system,
          on: n.reportedOn,
          dueOn: n.script.dueOn,
        },
        recipients: [CENTRE],
      },
      now,
    )
  },
})

/** 逾期 — recorded once per clock by the hotline: the unit, which still owes it, and the centre, which waits for it. */
export const onOutageOverdue = defineConsumer<typeof OutageNoticeOverdueV1, Tx>({
  durable: 'notification-outage-overdue',
  event: OutageNoticeOverdueV1,
  startsAtCreation: true,
  async handle({ event, eventId, tx, now }) {
    const n = event.notice
    const clock = event.clock === 'script' ? n.script : n.progress
    const departmentName = await notificationRepository(tx).departmentName(n.department)
    await recordOccurrence(
      tx,
      {
        eventId,
        kind: 'outage-overdue',
        facts: {
          ...(departmentName ? { departmentName } : {}),
          system: n.system,
          clockName: CLOCK_NAMES[event.clock],
          ...(clock ? { dueOn: clock.dueOn } : {}),
          on: clock?.overdueOn ?? legalDateOf(n.updatedAt),
        },
        recipients: [CENTRE, departmentOf(n.department)],
      },
      now,
    )
  },
})

import { StatusTag } from '../../components/status-tag'
import { chineseDate } from '../../format'
import type { Engagement } from './names'

/** 中介服务: an engagement's limit and due day, as the owner and the intermediary both read it. */
export const engagementClock = (e: Engagement) => `${e.clock.limit.value} 个工作日，${chineseDate(e.dueOn)}前`

/**
 * 中介服务: delivered, overdue or in service — one tag for both pages, in the console's AA tones (antd's preset green
 * failed axe's contrast check once an engagement was delivered: apps/console/test/intermediary.e2e.test.ts).
 */
export function EngagementStatus({ engagement: e }: { engagement: Engagement }) {
  if (e.status === 'delivered') return <StatusTag tone="green">已交付成果</StatusTag>
  return e.overdueAt ? <StatusTag tone="red">已超时</StatusTag> : <StatusTag tone="blue">服务中</StatusTag>
}

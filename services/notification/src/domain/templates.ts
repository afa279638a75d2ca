import type { NotificationMessageKind } from '@onewindow/contracts'

/** What a message may say: the project always; the rest as the event gives it. Dates are legal dates, YYYY-MM-DD. */
export type TemplateFacts = {
  projectName: string
  projectCode: string
  departmentName?: string
  itemName?: string
  /** The day the event happened (assigned, issued, decided). */
  on?: string
  /** The clock's last day (assignment, yellow, red) or the commitment's verify-by day. */
  dueOn?: string
  outcome?: 'approved' | 'rejected'
  certificateNumber?: string
  certificateTitle?: string
  /** 补正 materials asked for, as the notice lists them. */
  materials?: readonly string[]
}

export type Rendered = { title: string; body: string }

/** `2026-03-02` → `2026年3月2日`, the form every message gives a date in. */
export function chineseDate(legalDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(legalDate)
  if (!m) throw new Error(`not a legal date: ${legalDate}`)
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`
}

const project = (f: TemplateFacts) => `项目“${f.projectName}”（项目代码 ${f.projectCode}）`
const dept = (f: TemplateFacts) => f.departmentName ?? '审批部门'
const item = (f: TemplateFacts) => (f.itemName ? `“${f.itemName}”` : '审批事项')
const onDay = (f: TemplateFacts) => (f.on ? `于${chineseDate(f.on)}` : '')
const dueDay = (f: TemplateFacts, words: string) => (f.dueOn ? `，${words}${chineseDate(f.dueOn)}` : '')

/** One template per kind of message; every word a person reads is Chinese. */
const templates: Record<NotificationMessageKind, (f: TemplateFacts) => Rendered> = {
  'task-assigned': (f) => ({
    title: '审批任务已分派',
    body: `${project(f)}的${item(f)}已${onDay(f)}分派至${dept(f)}办理${dueDay(f, '办理时限至')}。`,
  }),
  'supplement-notice': (f) => ({
    title: '补正告知',
    body: `${project(f)}收到${dept(f)}${onDay(f)}发出的补正告知${
      f.materials && f.materials.length > 0 ? `，需补正：${f.materials.join('、')}` : ''
    }。补正期间审批时限暂停计算。`,
  }),
  'clock-yellow': (f) => ({
    title: '审批时限预警',
    body: `${project(f)}的${item(f)}在${dept(f)}的办理时限即将届满${dueDay(f, '届满日为')}。`,
  }),
  'clock-red': (f) => ({
    title: '审批已超时',
    body: `${project(f)}的${item(f)}在${dept(f)}已超过办理时限${dueDay(f, '时限届满日为')}。`,
  }),
  'step-decided': (f) => ({
    title: f.outcome === 'rejected' ? '审批阶段未予通过' : '审批阶段已办结',
    body: `${project(f)}的审批阶段已${onDay(f)}办结，结果：${f.outcome === 'rejected' ? '不予许可' : '准予许可'}。`,
  }),
  'certificate-issued': (f) => ({
    title: '证照已签发',
    body: `${project(f)}的${f.certificateTitle ? `《${f.certificateTitle}》` : '证照'}${
      f.certificateNumber ? `（编号 ${f.certificateNumber}）` : ''
    }已${onDay(f)}签发。`,
  }),
  'commitment-due': (f) => ({
    title: '告知承诺核查到期',
    body: `${project(f)}以告知承诺方式办理的${item(f)}核查期限已届满${dueDay(f, '核查期限为')}，${dept(f)}尚未完成核查。`,
  }),
}

export const render = (kind: NotificationMessageKind, facts: TemplateFacts): Rendered => templates[kind](facts)

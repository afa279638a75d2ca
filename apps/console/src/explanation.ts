import { suspensionKinds } from '@onewindow/workdays'
import { chineseDate } from './format'

/** One entry of a due date's explanation (packages/workdays `ExplanationEntry`), as the gateway answers it. */
type Entry = { kind: string; text: string; [field: string]: unknown }

const s = (v: unknown) => (typeof v === 'string' ? v : '')
const n = (v: unknown) => (typeof v === 'number' ? v : 0)
// 补正, 特别程序 (听证, 专家评审…): the pause's kind as workdays names it; nothing when the entry has none.
const kindName = (kind: unknown) =>
  typeof kind === 'string' && kind in suspensionKinds ? suspensionKinds[kind as keyof typeof suspensionKinds].zh : ''
const span = (from: unknown, to: unknown) =>
  s(from) === s(to) ? chineseDate(s(from)) : `${chineseDate(s(from))}至${chineseDate(s(to))}`

/**
 * Where a limit starts counting, as the law counts it: the start day (受理日 …) is not counted, so a working-day limit
 * counts from the next working day and a natural-day one from the next day (packages/workdays `walk`;
 * docs/legal-time.md, Counting rules 1–3). One wording across the console (the hotline's 办理时限 says the same).
 */
export const countsFrom = (start: string, unit: string | undefined) =>
  `自${chineseDate(start)}${unit === 'N' ? '次日' : '次一工作日'}起算`

/** The start of a clock, for a label 计时起点: the day, and that it is not counted. */
export const startDayText = (start: string, unit: string | undefined) =>
  `${chineseDate(start)}（当日不计，${unit === 'N' ? '次日' : '次一工作日'}起算）`

/**
 * A due date's explanation in Chinese, from the structured fields of its entries (their `text` is the English one
 * of the CLI and logs, shown nowhere here): where it starts, each holiday, 调休 workday and pause, and the arithmetic of the due date.
 */
export function chineseExplanation(entries: readonly Entry[]): string[] {
  return entries.map((e) => {
    switch (e.kind) {
      case 'start': {
        const limit = e['limit'] as { value: number; unit: string } | undefined
        const unit = limit?.unit === 'N' ? '自然日' : '工作日'
        // A limit of 0 is due on the start day itself (即办件): nothing is counted from the next day.
        if (limit?.value === 0) return `自${chineseDate(s(e['date']))}起，时限 0 个${unit}`
        return `${countsFrom(s(e['date']), limit?.unit)} ${limit?.value ?? ''} 个${unit}`
      }
      case 'immediate':
        return '时限为 0：当日办结（即办件）'
      case 'holiday':
        return `${span(e['from'], e['to'])}为法定节假日（${s(e['name'])}），不计入`
      case 'regional-rest':
        return `${span(e['from'], e['to'])}为本地区休息日（${s(e['name'])}），不计入`
      case 'makeup-workday':
        return `${chineseDate(s(e['date']))}为调休上班日（${s(e['name'])}），计入`
      case 'regional-workday':
        return `${chineseDate(s(e['date']))}为本地区工作日（${s(e['name'])}），计入`
      case 'suspension':
        return `${span(e['from'], e['to'])}${kindName(e['suspensionKind'])}暂停计时${e['open'] ? '（尚未结束）' : ''}，不计入 ${n(e['days'])} 天`
      case 'roll-forward':
        return `期限末日${chineseDate(s(e['lastDay']))}为休息日，顺延至${chineseDate(s(e['due']))}`
      case 'provisional':
        return `${(e['years'] as number[] | undefined)?.join('、') ?? ''}年国务院节假日安排尚未发布，暂按周末推算，日期可能调整`
      case 'due':
        return `办结期限为${chineseDate(s(e['date']))}（计入 ${n(e['counted'])} 天，周末 ${n(e['weekendDays'])} 天，节假日 ${n(
          e['holidayDays'],
        )} 天不计入）`
      default:
        // A kind this screen does not know yet: a Chinese line, never the English text (issue 14).
        return '其他计时说明'
    }
  })
}

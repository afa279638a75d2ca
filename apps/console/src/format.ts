import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'

dayjs.locale('zh-cn')

/** A legal day (`2026-12-04`) or an instant, as a person reads it: 2026年12月4日. */
export function chineseDate(value: string | Date | undefined | null): string {
  if (!value) return '—'
  const d = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? dayjs(value) : dayjs(value)
  return d.isValid() ? d.format('YYYY年M月D日') : String(value)
}

/** An instant with its time of day, in the viewer's zone: 2026年12月4日 09:30. */
export function chineseDateTime(value: string | Date | undefined | null): string {
  if (!value) return '—'
  const d = dayjs(value)
  return d.isValid() ? d.format('YYYY年M月D日 HH:mm') : String(value)
}

/** A count of working days: 5 个工作日. */
export const workingDays = (n: number | undefined | null) => (n === undefined || n === null ? '—' : `${n} 个工作日`)

/** A count in a clock's own unit: 个工作日 for `W`, 个自然日 for `N` (a clock's used and remaining are in its unit). */
export const clockDays = (n: number | undefined | null, unit: 'W' | 'N' | string) =>
  n === undefined || n === null ? '—' : `${n} 个${unit === 'N' ? '自然日' : '工作日'}`

/** A clock level's name. */
export const levelName = (level: string | undefined) =>
  level === 'red' ? '红灯（已超期）' : level === 'yellow' ? '黄灯（临近期限）' : level === 'green' ? '绿灯' : '—'

/**
 * 分阶段办理: where a step applied for in phases stands, as the gateway's flow names it (its latest application's
 * phase and, given, how many phases are approved) — 第 2 阶段 / 共 4 阶段：主体工程底板以下, with 本阶段已通过 while the
 * next waits; a permit names its phase alone.
 */
export function phaseText(phase: { name: string; number: number; count: number; approved?: number }): string {
  const passed =
    phase.approved !== undefined && phase.approved >= phase.number && phase.number < phase.count
      ? '（本阶段已通过）'
      : ''
  return `第 ${phase.number} 阶段 / 共 ${phase.count} 阶段：${phase.name}${passed}`
}

/**
 * A step named with the phase applied for, as the desk's lists and papers write it: 施工许可（第 1 阶段 / 共 4 阶段：基坑围护）;
 * or with the unit work (单位工程) whose permit it is (按照单位工程办理): 施工许可（单位工程：1号楼）.
 */
export const stepWithPhase = (
  step: string,
  phase: Parameters<typeof phaseText>[0] | undefined,
  part?: string | undefined,
) => (part ? `${step}（单位工程：${part}）` : phase ? `${step}（${phaseText(phase)}）` : step)

import { chineseDate } from '../../format'
import type { Status } from './flow-model'

// 预计办结 — the completion forecast the status carries (services/gateway/src/domain/forecast.ts; docs/forecast.md).

export type Forecast = NonNullable<Status['forecast']>
type Days = { expectedOn: string; latestOn: string }

/** "预计 2026年12月18日办结，最迟 2026年12月24日": the expected day and the day it is done by nine times in ten. */
export const forecastText = (d: Days): string =>
  d.latestOn === d.expectedOn
    ? `预计 ${chineseDate(d.expectedOn)}办结`
    : `预计 ${chineseDate(d.expectedOn)}办结，最迟 ${chineseDate(d.latestOn)}`

/** What a step's forecast rests on, in the owner's words: a paused step, and limits rather than history. */
export function forecastNote(step: Forecast['steps'][number]): string {
  const notes: string[] = []
  if (step.paused) notes.push('暂停中的事项自恢复办理之日起计')
  if (step.work.some((w) => w.basis !== 'history')) notes.push('部分事项办件记录不足，按承诺时限估算')
  return notes.length === 0 ? '' : `（${notes.join('；')}）`
}

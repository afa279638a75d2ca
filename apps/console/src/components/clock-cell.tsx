import { suspensionKinds } from '@onewindow/workdays'
import { Space } from 'antd'
import { countsFrom } from '../explanation'
import { chineseDate, clockDays } from '../format'
import { StatusTag } from './status-tag'
import { unbroken } from './unbroken'

/** A case's clock as its service keeps it (a limit counted from a start day). */
type Spec = { limit: { value: number; unit: 'W' | 'N' }; start: string }
/** The clock as the gateway evaluated it on the legal day (`clockState`): the browser never counts days itself. */
type State = {
  evaluatedOn: string
  due: string
  used: number
  remaining: number
  overdueBy: number
  level: 'green' | 'yellow' | 'red'
  overdue: boolean
  suspended: boolean
  provisional: boolean
  suspensions: ReadonlyArray<{ kind: string; from: string; to?: string; open: boolean }>
}
/** The days the clock's service raised its 预警 and 超时 (`clockAlerts`). */
type Alerts = { warnedOn?: string; overdueOn?: string }

/**
 * What stops the clock on the day it was read: the kind of the pause holding then — open, or a set period (a 公示's
 * 起止日期) that day falls in — as workdays names it (公示, 补正…).
 */
const pauseName = (state: State) => {
  const day = state.evaluatedOn
  const kind = state.suspensions.find((s) => s.from <= day && (s.open || (s.to !== undefined && day <= s.to)))?.kind
  return kind && kind in suspensionKinds ? suspensionKinds[kind as keyof typeof suspensionKinds].zh : undefined
}

/**
 * One legal clock of a case in a list or a case page: the limit (with what it does not count, `note`) and where it
 * counts from (the console's one wording, explanation.ts `countsFrom`), the due day (法定办结日), the working days left
 * or overdue, and its 预警 (warning) / 超时 (overdue) tags — a tag when the service raised the alert or the gateway's
 * evaluation reaches that level today. A case its region sets no limit for says 时限未定 and has no due day (Foshan's
 * outside-line permits). A finished case (`finished`) was read on the day it finished, so it says how long it took.
 * The lead's, the registrar's and the utility provider's lists (its permits clock) all show their clocks with it.
 */
export function ClockCell({
  clock,
  state,
  alerts,
  note = '',
  finished = false,
  pauseWords,
}: {
  clock: Spec | undefined
  state: State | undefined
  alerts?: Alerts | undefined
  note?: string
  finished?: boolean
  /** The pause in its case's own words, where the kind workdays names is not what it is (the permits clock's). */
  pauseWords?: string | undefined
}) {
  if (!clock) return <span data-testid="clock-cell">时限未定</span>
  const { unit } = clock.limit
  const overdue = Boolean(state?.overdue || alerts?.overdueOn)
  const warned = !overdue && Boolean(state?.level === 'yellow' || alerts?.warnedOn)
  const suspended = !finished && state?.suspended === true
  const paused = suspended && state ? pauseName(state) : undefined
  return (
    <div data-testid="clock-cell">
      <div data-testid="clock-limit">
        {clockDays(clock.limit.value, unit)}
        {note}，{countsFrom(clock.start, unit)}
      </div>
      {state && (
        <>
          <div>
            法定办结日 <span style={unbroken}>{chineseDate(state.due)}</span>
            {state.provisional ? '（暂定：该年度放假安排未公布）' : ''}
          </div>
          <div>
            {finished
              ? `已办结，用时 ${clockDays(state.used, unit)}`
              : state.overdue
                ? `已超时 ${clockDays(state.overdueBy, unit)}`
                : `剩余 ${clockDays(state.remaining, unit)}`}
          </div>
        </>
      )}
      {(overdue || warned || suspended) && (
        <Space size={4} style={{ marginTop: 4 }}>
          {overdue && <StatusTag tone="red">超时</StatusTag>}
          {warned && <StatusTag tone="gold">预警</StatusTag>}
          {suspended && (
            <StatusTag tone="grey">{pauseWords ?? (paused ? `已暂停（${paused}期间）` : '已暂停')}</StatusTag>
          )}
        </Space>
      )}
    </div>
  )
}

/** Two due days, soonest first; no due day (时限未定, not yet counting) after every one. */
const dueOrder = (a: string | undefined, b: string | undefined): number =>
  a === b ? 0 : a === undefined ? 1 : b === undefined ? -1 : a.localeCompare(b)

/**
 * A list's order by due day, for antd's `sorter`: the running cases soonest due first, then the finished ones (whose
 * due day has long passed and needs nobody), then those with no due day.
 */
export const byDueDay =
  <T,>(dueOf: (row: T) => string | undefined, finishedOf: (row: T) => boolean) =>
  (a: T, b: T): number =>
    dueOrder(finishedOf(a) ? undefined : dueOf(a), finishedOf(b) ? undefined : dueOf(b)) || dueOrder(dueOf(a), dueOf(b))

import { type QueryClient, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { keys } from './api'
import { useSession } from './session'

/**
 * One message of the live stream (`GET /api/v1/stream`, docs/api.md "Live updates"): `event` names what changed
 * (`project`, `application`, `task`, `alert`, `acceptance`, `utility`, `registration`, `certificate`, `timeline`,
 * `ticket`; `ready` once caught up, `reset` when everything must be fetched again), `data` which project and task, or
 * which 12345 ticket.
 */
export type LiveMessage = {
  id?: string
  event: string
  data: { projectId?: string; taskId?: string; ticketId?: string; kind?: string }
  /**
   * On `ready`: the connection was opened with no position (the tab's first, or one that never got an id), so it
   * tells only what commits from now on, and whatever committed between the page's fetches and now is unknown to it.
   */
  fresh?: true
}

/** The DOM event each message is also announced as on `window`, for anything on the page that wants to know. */
export const LIVE_EVENT = 'onewindow:live'

/**
 * A server-sent-events parser (the WHATWG format, the part the gateway sends): feed it text as it arrives; it calls
 * `dispatch` for each complete message and `retry` for a `retry:` line. Comments (the heartbeat) are skipped.
 */
export function sseParser(dispatch: (m: LiveMessage) => void, retry: (ms: number) => void = () => undefined) {
  let buffer = ''
  let message: { id?: string; event?: string; data: string[] } = { data: [] }
  const line = (text: string) => {
    if (text === '') {
      if (message.data.length > 0 || message.event) {
        let data: LiveMessage['data'] = {}
        try {
          data = message.data.length > 0 ? JSON.parse(message.data.join('\n')) : {}
        } catch {
          // Not ours to show; the message still names what changed.
        }
        dispatch({ ...(message.id === undefined ? {} : { id: message.id }), event: message.event ?? 'message', data })
      }
      message = { data: [] }
      return
    }
    if (text.startsWith(':')) return
    const colon = text.indexOf(':')
    const field = colon < 0 ? text : text.slice(0, colon)
    const value = colon < 0 ? '' : text.slice(colon + 1).replace(/^ /, '')
    if (field === 'id') message.id = value
    else if (field === 'event') message.event = value
    else if (field === 'data') message.data.push(value)
    else if (field === 'retry' && /^\d+$/.test(value)) retry(Number(value))
  }
  return (chunk: string) => {
    buffer += chunk
    for (let end = buffer.search(/\r\n|\r|\n/); end >= 0; end = buffer.search(/\r\n|\r|\n/)) {
      // A CR last in the chunk may be half of a CRLF: wait for the next chunk to know.
      if (end === buffer.length - 1 && buffer[end] === '\r') break
      line(buffer.slice(0, end))
      buffer = buffer.slice(buffer.startsWith('\r\n', end) ? end + 2 : end + 1)
    }
  }
}

/**
 * The stream's events the notifier also writes 消息通知 for (services/notification reads the same subjects). An event
 * the read model only logs arrives as `timeline` (services/gateway domain/changes.ts `changeOf`: no row written) —
 * among them a booking's 未到 (`booking.missed`) and a 证照异议 raised or answered (`objection.*`), which the notifier
 * tells of: every `timeline` refreshes the list, as naming each such kind here would drift from the notifier's.
 */
const NOTIFYING: ReadonlySet<string> = new Set([
  'timeline',
  'task',
  'alert',
  'acceptance',
  'utility',
  'registration',
  'certificate',
  'application',
])

/**
 * The query keys (api.ts `keys`) a message makes stale. A prefix invalidates every query under it, and TanStack Query
 * refetches only those on screen: the project's status and timeline for any change of a project, the inbox and task
 * pages for a task or an alert, the supervisor's clocks for an alert, the case lists for joint acceptance, utilities,
 * registration and certificates, the owner's project list for a new project, the ticket pages and lists for a 12345
 * ticket, the 证照异议 lists for an objection raised or answered, the 消息通知 list for whatever the notifier tells of (NOTIFYING); everything after `reset`, and after the
 * `ready` of a stream opened with no position (`fresh`): a change committed between a page's first fetches and the
 * stream's opening is told by neither.
 */
export function keysOf(m: LiveMessage): ReadonlyArray<readonly unknown[]> {
  if (m.event === 'reset' || (m.event === 'ready' && m.fresh)) return [keys.all]
  const { projectId, taskId } = m.data
  const out: Array<readonly unknown[]> = []
  if (projectId) out.push(keys.project(projectId))
  switch (m.event) {
    case 'project':
      out.push(keys.projects())
      break
    case 'task':
      // A task event may raise a 风险信号 (a late 补正, a decision past due).
      out.push(taskId ? keys.task(taskId) : keys.tasks(), keys.tasks(), keys.signals())
      // 督办 or its reply: the supervisor's red and yellow list shows each task's 督办, and the task's own list.
      if (m.data.kind === 'task.supervised' || m.data.kind === 'task.supervision-overdue') out.push(keys.supervision())
      break
    case 'application':
      // An acceptance may raise one too (受理 late after 接件).
      out.push(keys.signals())
      break
    case 'alert':
      out.push(keys.tasks(), keys.supervision())
      break
    case 'acceptance':
    case 'utility':
    case 'registration':
    case 'certificate':
      out.push(keys.cases())
      break
    case 'ticket':
      // 12345 工单: its page and every ticket list (the agent's desk, a unit's inbox, an owner's own, the window clerk's,
      // supervision's figures); the notifier may have told the caller of it.
      out.push(keys.hotlineTickets(), [...keys.supervision(), 'hotline-tickets'], keys.notifications())
      break
    default:
      break
  }
  // The notifier reads the same events: a task's change, a clock's alert, joint acceptance, a utility hookup, a
  // registration, a certificate, an application's (a 容缺 overdue) or one only logged (a booking's 未到, a 证照异议)
  // may have told the caller.
  if (NOTIFYING.has(m.event)) out.push(keys.notifications())
  // 数据上报: projects, tasks and certificates are what the export's tables are made of (its pending count).
  if (m.event === 'project' || m.event === 'task' || m.event === 'certificate') out.push(keys.spglExports())
  // 证照异议 raised or answered (a `timeline` change): the objection lists of both departments, registration's own.
  if (m.data.kind?.startsWith('objection.')) out.push(keys.certificateObjections())
  // 好差评: a rating's change is a timeline entry of its project; the department's list (under the task keys) and the
  // supervisor's figures (under supervision) follow it too.
  if (typeof m.data.kind === 'string' && m.data.kind.startsWith('rating.')) out.push(keys.tasks(), keys.supervision())
  return out
}

/** Waiting before reconnecting: the gateway's `retry:` advice first, doubling on each failure up to this. */
const MAX_BACKOFF_MS = 30_000

/**
 * Keeps one connection to the stream until `signal` aborts: fetch with the bearer header (an EventSource could not
 * send it; the token would have to go in the URL), each message handed to `onMessage`, and after any end or failure a
 * reconnect with `Last-Event-ID` (the last id received) after a backoff — so nothing is missed in between. A 401 or
 * 403 stops it (the session is over; signing in again starts another); a 429 waits its `retry-after`.
 */
export async function followStream(opts: {
  token: string
  signal: AbortSignal
  onMessage: (m: LiveMessage) => void
  fetch?: typeof fetch
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
}): Promise<void> {
  const fetchStream = opts.fetch ?? fetch
  const sleep = opts.sleep ?? wait
  let lastEventId: string | undefined
  let retryMs = 3_000
  let backoff = retryMs
  while (!opts.signal.aborted) {
    let pause = backoff
    const fresh = lastEventId === undefined
    try {
      const res = await fetchStream('/api/v1/stream', {
        headers: {
          authorization: `Bearer ${opts.token}`,
          accept: 'text/event-stream',
          ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }),
        },
        signal: opts.signal,
        cache: 'no-store',
      })
      if (res.status === 401 || res.status === 403) return
      if (res.status === 429) pause = Math.max(backoff, Number(res.headers.get('retry-after') ?? 0) * 1000)
      if (res.ok && res.body) {
        const parse = sseParser(
          (m) => {
            if (m.id !== undefined) lastEventId = m.id
            // A message came through: the connection is good, so the next failure starts from the advice again.
            backoff = retryMs
            opts.onMessage(fresh && m.event === 'ready' ? { ...m, fresh: true } : m)
          },
          (ms) => {
            retryMs = ms
            backoff = ms
          },
        )
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          parse(value)
        }
        pause = backoff
      } else {
        await res.body?.cancel()
      }
    } catch (err) {
      if (opts.signal.aborted) return
      // A dropped connection is expected (a restart, a network change) and retried below; said, not swallowed.
      console.warn('live stream: connection lost, reconnecting', err)
    }
    await sleep(pause, opts.signal)
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)
  }
}

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        resolve()
      },
      { once: true },
    )
  })

/** Invalidates what one message names, and announces it on `window` (LIVE_EVENT). */
export function applyLive(queryClient: QueryClient, m: LiveMessage): void {
  for (const queryKey of keysOf(m)) void queryClient.invalidateQueries({ queryKey })
  window.dispatchEvent(new CustomEvent(LIVE_EVENT, { detail: m }))
}

/**
 * Live updates for the signed-in tab: one connection to `GET /api/v1/stream` (server-sent events, read with fetch so
 * the token stays in a header), whose messages name what changed; the query keys they name are invalidated, so open
 * pages refetch instead of polling. Signing out (or another token) closes it.
 */
export function useLive(): void {
  const queryClient = useQueryClient()
  const { session } = useSession()
  const token = session?.token
  useEffect(() => {
    if (!token) return
    const ac = new AbortController()
    void followStream({ token, signal: ac.signal, onMessage: (m) => applyLive(queryClient, m) })
    return () => ac.abort()
  }, [token, queryClient])
}

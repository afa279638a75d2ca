import type { SupplementNoticeIssuedV1 } from '@onewindow/contracts'
import type { Result } from '@onewindow/vocabulary'

/** 补正告知 — the consolidated notice: every department's request of one round, answered by the owner once. */
export type Notice = SupplementNoticeIssuedV1
export type NoticeRequest = Notice['requests'][number]

/**
 * 补正 consolidation: a request joins the application's open notice when there is one, else it opens a new
 * one. Either way the notice's version grows by one, so the owner always sees one notice, whole. Pure.
 */
export function joinNotice(
  open: Notice | undefined,
  request: NoticeRequest,
  fresh: { noticeId: string; applicationId: string; projectId: string },
  at: string,
): Notice {
  if (open && open.status === 'open') {
    return { ...open, version: open.version + 1, requests: [...open.requests, request], issuedAt: at }
  }
  return {
    noticeId: fresh.noticeId,
    applicationId: fresh.applicationId,
    projectId: fresh.projectId,
    version: 1,
    status: 'open',
    requests: [request],
    issuedAt: at,
  }
}

/**
 * The owner's answer: refused when the notice is not this application's, is already answered, or leaves a
 * requested material out (each one named). Pure.
 */
export function answerNotice(
  notice: Notice | undefined,
  applicationId: string,
  materials: ReadonlyArray<{ code: string }>,
  at: string,
): Result<Notice> {
  if (!notice || notice.applicationId !== applicationId) {
    return {
      ok: false,
      error: { code: 'APPROVAL_NOTICE_NOT_FOUND', message: 'This application has no such 补正 notice.' },
    }
  }
  if (notice.status !== 'open') {
    return {
      ok: false,
      error: {
        code: 'APPROVAL_NOTICE_NOT_OPEN',
        message:
          notice.status === 'withdrawn'
            ? 'This 补正 notice ended with its application, which was withdrawn; nothing is owed.'
            : 'This 补正 notice was already answered; nobody asked for more.',
        details: { noticeId: notice.noticeId, noticeStatus: notice.status },
      },
    }
  }
  const given = new Set(materials.map((m) => m.code))
  const missing = notice.requests.flatMap((r) =>
    r.materials.filter((m) => !given.has(m)).map((m) => ({ material: m, department: r.department, reason: r.reason })),
  )
  if (missing.length > 0) {
    return {
      ok: false,
      error: {
        code: 'APPROVAL_SUPPLEMENT_INCOMPLETE',
        message: `The answer leaves out ${missing.map((m) => m.material).join(', ')}.`,
        details: {
          noticeId: notice.noticeId,
          errors: missing.map((m) => ({
            field: '/body/materials',
            message: `${m.material} (asked by ${m.department}: ${m.reason}) is missing`,
          })),
        },
      },
    }
  }
  return { ok: true, value: { ...notice, version: notice.version + 1, status: 'answered', answeredAt: at } }
}

/**
 * 撤回 ends the notice with its application: the owner owes nothing any more, so it is no longer shown as waiting on
 * them. Only an open notice changes. Pure.
 */
export function withdrawNotice(notice: Notice, at: string): Notice {
  if (notice.status !== 'open') return notice
  return { ...notice, version: notice.version + 1, status: 'withdrawn', closedAt: at }
}

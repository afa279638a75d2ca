import { ApplicationReceipt, LegalDate, OwedMaterial, StepPhase, Uuid } from '@onewindow/contracts'
import { unreadableLog } from '@onewindow/service-kit'
import { legalDateOf } from '@onewindow/workdays'
import { Type } from 'typebox'
import type { ReceiptKey, ReceiptRow } from '../db/receipts.js'
import { receiptDays } from '../domain/receipt-days.js'
import { conforming, eachRow } from '../domain/rows.js'
import { owedOf, receivedCodes } from '../domain/status.js'
import { keyCursor, UUID } from '../http/cursor.js'
import { Unreadable } from '../http/schemas.js'
import { authorised, type RoutePlugin } from './plugin.js'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

const StoredReceipt = Type.Object({
  applicationId: Uuid,
  projectId: Uuid,
  step: Nullable(Type.String()),
  stepName: Nullable(Type.String()),
  receiptNumber: Nullable(Type.String()),
  phase: Nullable(StepPhase),
  part: Nullable(Type.String()),
  receipt: ApplicationReceipt,
  // Read leniently (receivedCodes): a malformed list reads as unknown, and the receipt, due in days, is still shown.
  receivedMaterials: Type.Unknown(),
  owedMaterials: Type.Unknown(),
  projectCode: Type.String(),
  projectName: Type.String(),
  region: Type.String(),
  ownerName: Type.String(),
  ownerCreditCode: Type.String(),
})
const checkStored = conforming(StoredReceipt)

const Received = Type.Object({
  applicationId: Uuid,
  projectId: Uuid,
  projectCode: Type.String(),
  projectName: Type.String(),
  region: Type.String(),
  owner: Type.Object({ name: Type.String(), creditCode: Type.String() }),
  step: Nullable(Type.String()),
  stepName: Nullable(Type.String()),
  /** 分阶段办理: the phase of the step received for; absent for the whole step. */
  phase: Type.Optional(StepPhase),
  /** 按照单位工程办理施工许可: the unit work (单位工程) whose permit is received for; absent for the whole project. */
  part: Type.Optional(Type.String()),
  receiptNumber: Nullable(Type.String()),
  receivedOn: LegalDate,
  receivedMaterials: Nullable(
    Type.Array(Type.Object({ code: Type.String() }), {
      description:
        '收件清单: the codes of the materials handed in at the window (行政许可法第三十二条第二款); null when the application was received before intake carried them',
    }),
  ),
  owedMaterials: Nullable(
    Type.Array(OwedMaterial, {
      description:
        '容缺 at 接件: the materials the window accepted as owed, each with the day the applicant promised it; null when the application was received before the gateway kept them',
    }),
  ),
  lastDay: { ...LegalDate, description: 'the fifth working day after the receipt day: the last to decide or notify' },
  workingDaysLeft: Type.Integer({ minimum: 0, description: 'working days after today up to lastDay' }),
  notice: Type.Optional(
    Type.Object({
      on: LegalDate,
      materials: Type.Array(Type.String()),
      reason: Type.String(),
      answeredOn: Type.Optional(LegalDate),
    }),
  ),
})

const Query = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_-]+$',
        maxLength: 200,
        description: 'nextCursor of the page before, as it came (base64url)',
      }),
    ),
  },
  { additionalProperties: false },
)

// `[receivedOn, applicationId]` of the page's last receipt.
const cursors = keyCursor<ReceiptKey>({
  parts: (k) => [k.receivedOn, k.applicationId],
  key: (parts) => {
    const [receivedOn, applicationId] = parts
    if (parts.length !== 2 || typeof receivedOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(receivedOn))
      return undefined
    return typeof applicationId === 'string' && UUID.test(applicationId) ? { receivedOn, applicationId } : undefined
  },
})

/**
 * 已接件、待受理: the applications the window received (接件, `acceptance: 'later'`) and has not yet accepted, refused or
 * seen withdrawn, oldest receipt first, each with the last day the clerk may decide it before the law accepts it
 * (行政许可法第三十二条, docs/legal-time.md#art-32-receipt-and-acceptance). The days are counted here, on the
 * gateway's calendar (the published schedules and the project's regional overlay), not in the browser.
 */
export const receiptRoutes: RoutePlugin = async (app, { deps }) => {
  const logUnreadable = unreadableLog()
  app.get(
    '/receipts',
    {
      schema: {
        summary:
          '已接件、待受理 — received applications not yet decided, oldest first, each with its last day to decide and the working days left — clerk',
        tags: ['queries'],
        querystring: Query,
        response: {
          200: Type.Object({
            receipts: Type.Array(Received),
            nextCursor: Type.Optional(Type.String()),
            unreadable: Type.Array(Unreadable, {
              description: 'stored receipts that could not be shown (`kind: receipt`, the application id)',
            }),
          }),
        },
      },
    },
    async (request) => {
      authorised(request, { action: 'receipt.decide' })
      const { limit = 50, cursor } = request.query
      const after = cursor ? cursors.keyOf(cursor) : undefined
      const page = await deps.receipts(request.actor, { ...(after ? { after } : {}), limit })
      const calendar = deps.calendar.current()
      const today = legalDateOf(deps.clock.now())
      const shown = eachRow(
        page.rows,
        'receipt',
        (r: ReceiptRow) => r.applicationId,
        (row) => {
          // Checked against its view just now: the stored receipt is one.
          const r = checkStored(row) as ReceiptRow & {
            receipt: ApplicationReceipt
            phase: StepPhase | null
            part: string | null
          }
          const notice = r.receipt.notice
          return {
            applicationId: r.applicationId,
            projectId: r.projectId,
            projectCode: r.projectCode,
            projectName: r.projectName,
            region: r.region,
            owner: { name: r.ownerName, creditCode: r.ownerCreditCode },
            step: r.step,
            stepName: r.stepName,
            ...(r.phase ? { phase: r.phase } : {}),
            ...(r.part ? { part: r.part } : {}),
            receiptNumber: r.receiptNumber,
            receivedOn: r.receipt.receivedOn,
            // The codes only: where each document is held is the desk's business, not the list's.
            receivedMaterials: receivedCodes(r.receivedMaterials),
            owedMaterials: owedOf(r.owedMaterials),
            ...receiptDays(calendar, r.receipt.receivedOn, today, r.region),
            ...(notice
              ? {
                  notice: {
                    on: notice.on,
                    materials: notice.materials,
                    reason: notice.reason,
                    ...(notice.answeredOn ? { answeredOn: notice.answeredOn } : {}),
                  },
                }
              : {}),
          }
        },
      )
      logUnreadable(request.log, shown.unreadable)
      return {
        receipts: shown.views,
        ...(page.next ? { nextCursor: cursors.encode(page.next) } : {}),
        unreadable: shown.unreadable,
      }
    },
  )
}

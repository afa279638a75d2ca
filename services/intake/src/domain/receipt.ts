import { lastDayToDecide } from '@onewindow/catalogue'
import type {
  ApplicationReceipt,
  ReceiptNoticeBody,
  RefuseApplicationBody,
  WithdrawReceiptBody,
} from '@onewindow/contracts'
import { type Limit, ok, type Result, refuse } from '@onewindow/vocabulary'
import { type Calendar, dueDate, type LegalDate } from '@onewindow/workdays'
import type { ApplicationState } from './application.js'
import { type NoticeLine, refusal } from './problems.js'

/** Who accepted an application by law, in audit columns and the receipt. */
export const BY_LAW = 'law:xingzheng-xuke-fa-32'

/** What the receipt decisions work on: the application's status, whether it is accepted, and its receipt. */
export type ReceiptState = {
  status: ApplicationState['status']
  accepted: boolean
  receipt: ApplicationReceipt
}

export type Moment = { at: Date; today: LegalDate; by: string }

/** The receipt of an application received now: 已接件 (1) alone, or with 已受理 (3) on the same moment. */
export function receivedNow(moment: Moment, acceptNow: boolean): ApplicationReceipt {
  const receipt: ApplicationReceipt = {
    nationalCode: 1,
    receivedAt: moment.at.toISOString(),
    receivedOn: moment.today,
    receivedBy: moment.by,
  }
  return acceptNow ? { ...receipt, nationalCode: 3, acceptedBy: 'clerk' } : receipt
}

/** Only a receipt still undecided (code 1) may be accepted, refused or withdrawn; anything else is 409. */
function undecided(state: ReceiptState): Result<ReceiptState> {
  if (state.status === 'open' && !state.accepted && state.receipt.nationalCode === 1) return ok(state)
  const code = state.accepted ? 3 : state.receipt.nationalCode
  return refuse({
    code: 'INTAKE_RECEIPT_ALREADY_DECIDED',
    message: `The receipt was already decided (national code ${code}); only a received application (code 1) can be accepted, refused or withdrawn.`,
    details: { nationalCode: code },
  })
}

/**
 * 受理 by the clerk: the clocks start today — unless the fifth working day after the receipt day (`lastDay`) has passed
 * with no notice given. The law has accepted it then, from the day it was received ("逾期不告知的，自收到申请材料之日起即为
 * 受理"), whether or not the deemed-acceptance timer has run yet: the clerk's 受理 records that acceptance, by law and as
 * of the receipt day, and does not start the clocks later than the law does.
 */
export function decideAcceptance(
  state: ReceiptState,
  moment: Moment,
  lastDay: LegalDate,
): Result<{ receipt: ApplicationReceipt; acceptedOn: LegalDate }> {
  const open = undecided(state)
  if (!open.ok) return open
  if (!state.receipt.notice && moment.today > lastDay) {
    return ok({
      receipt: { ...state.receipt, nationalCode: 3, acceptedBy: 'law' },
      acceptedOn: state.receipt.receivedOn,
    })
  }
  return ok({ receipt: { ...state.receipt, nationalCode: 3, acceptedBy: 'clerk' }, acceptedOn: moment.today })
}

/**
 * 不受理 (4) when the matter needs no licence, told at once (Art. 32 item 1); 不予受理 (5) when it is not within the
 * agency's powers, with the agency to apply to (item 2). Either is told in writing with its reason.
 */
export function decideRefusal(
  state: ReceiptState,
  body: RefuseApplicationBody,
  moment: Moment,
): Result<{ receipt: ApplicationReceipt }> {
  const open = undecided(state)
  if (!open.ok) return open
  if (body.ground === 'licence-not-required' && body.referTo !== undefined) {
    return refuse({
      code: 'INTAKE_REFUSAL_INVALID',
      message: 'referTo names the agency to apply to, which only a refusal as outside-competence (不予受理) has.',
      details: {
        errors: [{ field: '/referTo', code: 'INTAKE_REFUSAL_INVALID', message: 'only with ground outside-competence' }],
      },
    })
  }
  return ok({
    receipt: {
      ...state.receipt,
      nationalCode: body.ground === 'licence-not-required' ? 4 : 5,
      closedAt: moment.at.toISOString(),
      closedOn: moment.today,
      closedBy: moment.by,
      ground: body.ground,
      reason: body.reason,
      ...(body.referTo === undefined ? {} : { referTo: body.referTo }),
      ...(body.bookedReason === undefined ? {} : { bookedReason: body.bookedReason }),
    },
  })
}

/** 撤件: the owner (or the clerk on its behalf) withdraws a receipt before it is accepted. */
export function decideReceiptWithdrawal(
  state: ReceiptState,
  body: WithdrawReceiptBody,
  moment: Moment,
): Result<{ receipt: ApplicationReceipt }> {
  const open = undecided(state)
  if (!open.ok) return open
  return ok({
    receipt: {
      ...state.receipt,
      nationalCode: 2,
      closedAt: moment.at.toISOString(),
      closedOn: moment.today,
      closedBy: moment.by,
      ...(body.reason === undefined ? {} : { reason: body.reason }),
    },
  })
}

/**
 * 一次性告知 of a received application (Art. 32 item 4): once, and within five working days of the receipt day — after
 * that the law has accepted it already (409 `INTAKE_RECEIPT_NOTICE_LATE`). The receipt stays 1; the law's deemed
 * acceptance no longer applies, and the clerk decides once the owner has answered.
 */
export function decideReceiptNotice(
  state: ReceiptState,
  body: ReceiptNoticeBody,
  moment: Moment,
  lastDay: LegalDate,
): Result<{ receipt: ApplicationReceipt }> {
  const open = undecided(state)
  if (!open.ok) return open
  if (state.receipt.notice) {
    return refuse({
      code: 'INTAKE_RECEIPT_ALREADY_NOTIFIED',
      message: `The receipt's one notice (一次性告知) was given on ${state.receipt.notice.on}; it is given once.`,
    })
  }
  if (moment.today > lastDay) {
    return refuse({
      code: 'INTAKE_RECEIPT_NOTICE_LATE',
      message: `The notice was due by ${lastDay}, the fifth working day after the receipt day; the application counts as accepted from ${state.receipt.receivedOn} (行政许可法第三十二条).`,
      details: { lastDay },
    })
  }
  return ok({
    receipt: {
      ...state.receipt,
      notice: {
        at: moment.at.toISOString(),
        on: moment.today,
        by: moment.by,
        materials: [...new Set(body.materials)],
        reason: body.reason,
      },
    },
  })
}

/**
 * The owner's one answer to the receipt's notice: the materials handed in; the clerk then accepts or refuses. Only
 * what the notice asked for is an answer to it: a material it did not name, or one handed in twice, is refused by
 * field as a cure is (422 `INTAKE_MATERIAL_NOT_OWED`), and nothing is recorded.
 */
export function decideReceiptAnswer(
  state: ReceiptState,
  codes: readonly string[],
  moment: Moment,
): Result<{ receipt: ApplicationReceipt }> {
  const open = undecided(state)
  if (!open.ok) return open
  const notice = state.receipt.notice
  if (!notice || notice.answeredOn !== undefined) {
    return refuse({
      code: 'INTAKE_RECEIPT_NOT_NOTIFIED',
      message: notice
        ? `The receipt's notice was answered on ${notice.answeredOn}; the clerk decides it now.`
        : 'The receipt has no notice to answer and no material is owed.',
    })
  }
  const lines: NoticeLine[] = []
  const seen = new Set<string>()
  codes.forEach((code, i) => {
    const field = `/materials/${i}/code`
    if (!notice.materials.includes(code))
      lines.push({ field, code: 'INTAKE_MATERIAL_NOT_OWED', message: `"${code}" was not asked for by the notice` })
    else if (seen.has(code))
      lines.push({ field, code: 'INTAKE_MATERIAL_NOT_OWED', message: `"${code}" is handed in twice` })
    seen.add(code)
  })
  if (lines.length > 0) {
    return refuse(
      refusal(
        'INTAKE_MATERIAL_NOT_OWED',
        `Materials the notice did not ask for: ${lines.map((l) => l.field).join(', ')}.`,
        lines,
        { owed: notice.materials },
      ),
    )
  }
  return ok({
    receipt: { ...state.receipt, notice: { ...notice, answeredAt: moment.at.toISOString(), answeredOn: moment.today } },
  })
}

/**
 * Accepted by law (视为受理): a receipt still undecided after its fifth working day counts as accepted from the day
 * it was received, so `acceptedOn` is the receipt day and every clock starts from it. Undefined while it may still
 * wait, or once decided.
 */
export function deemedAcceptance(
  state: ReceiptState,
  today: LegalDate,
  calendar: Calendar,
  region?: string,
): { receipt: ApplicationReceipt; acceptedOn: LegalDate; lastDay: LegalDate } | undefined {
  // Told in time (一次性告知): the law's acceptance is the sanction for not telling, so it no longer applies.
  if (!undecided(state).ok || state.receipt.notice) return undefined
  const lastDay = lastDayToDecide(calendar, state.receipt.receivedOn, region)
  if (today <= lastDay) return undefined
  return {
    receipt: { ...state.receipt, nationalCode: 3, acceptedBy: 'law' },
    acceptedOn: state.receipt.receivedOn,
    lastDay,
  }
}

/**
 * 告知承诺 verify-by days counted from the day the application is accepted: a receipt accepted later than it was received
 * counts them from its acceptance, not from its receipt (each one's kept limit, in the project's region). A commitment
 * without a kept limit keeps its day. Pure.
 */
export function commitmentsFrom<C extends { item: string; verifyBy: LegalDate; limit?: Limit }>(
  commitments: readonly C[],
  acceptedOn: LegalDate,
  calendar: Calendar,
  region?: string,
): C[] {
  return commitments.map((c) =>
    c.limit
      ? { ...c, verifyBy: dueDate(calendar, { start: acceptedOn, limit: c.limit, ...(region ? { region } : {}) }) }
      : c,
  )
}

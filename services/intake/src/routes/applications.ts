import {
  AcceptApplicationBody,
  ReceiptNoticeBody,
  RefuseApplicationBody,
  SubmittedMaterial,
  Uuid,
  WithdrawReceiptBody,
} from '@onewindow/contracts'
import { UnreadableStoredRow } from '@onewindow/db'
import { ProblemError, type RoutePlugin, registerErrorCodes, unreadableLog, unwrap } from '@onewindow/service-kit'
import { Type } from 'typebox'
import {
  acceptReceipt,
  type CommandDeps,
  cureDeficiencies,
  getApplication,
  helperAuthority,
  noticeReceipt,
  refuseReceipt,
  withdrawReceipt,
} from '../commands.js'
import { actorOf } from './actor.js'

const ApplicationParams = Type.Object({ id: Uuid })

/** 容缺 cures go to intake; a 补正 answer (with `noticeId`) goes to approval, so intake's body has no noticeId. */
const CureBody = Type.Object(
  { materials: Type.Array(SubmittedMaterial, { minItems: 1, maxItems: 200 }) },
  { additionalProperties: false },
)

// An application whose stored row intake cannot show (docs/errors.md).
registerErrorCodes({ INTAKE_APPLICATION_UNREADABLE: 500 })

export const applicationRoutes: RoutePlugin<CommandDeps> = async (app, { commands }) => {
  const logUnreadable = unreadableLog()
  /**
   * One application read: a row that does not read (a date stored as 'infinity', a damaged receipt) is a 500 with a
   * code of its own, the row named in the log for an operator to repair, rather than an anonymous internal error.
   */
  app.get('/applications/:id', { schema: { params: ApplicationParams } }, async (request) => {
    const { id } = request.params
    try {
      return { application: unwrap(await getApplication(commands, id)) }
    } catch (err) {
      if (!(err instanceof UnreadableStoredRow)) throw err
      logUnreadable(request.log, [err])
      throw new ProblemError(500, 'INTAKE_APPLICATION_UNREADABLE', `Application ${id} cannot be read from storage.`)
    }
  })

  app.post(
    '/applications/:id/materials',
    { schema: { params: ApplicationParams, body: CureBody } },
    async (request) => {
      // 帮办代办: a case's helper hands them in for the owner (checked against its case in the command).
      const actor = actorOf(request, ['owner', 'helper'])
      return unwrap(await cureDeficiencies(commands, request.params.id, actor, request.body.materials))
    },
  )

  // 帮办代办: the gateway asks before it forwards a helper's answer to a 补正 notice to approval (approval does not know
  // the cases); a refusal is the helper's answer. A POST: the authority is granted for a short while and kept, so a
  // close of the case waits for the answer (docs/assisted-service.md).
  app.post('/applications/:id/helper-authority', { schema: { params: ApplicationParams } }, async (request) => {
    const actor = actorOf(request, ['helper'])
    return unwrap(await helperAuthority(commands, request.params.id, actor))
  })

  // 接件 decided (行政许可法第三十二条): the clerk accepts or refuses it; the owner or the clerk withdraws it.
  app.post(
    '/applications/:id/accept',
    { schema: { params: ApplicationParams, body: AcceptApplicationBody } },
    async (request) => {
      const actor = actorOf(request, ['clerk'])
      return { application: unwrap(await acceptReceipt(commands, request.params.id, actor)) }
    },
  )

  app.post(
    '/applications/:id/refuse',
    { schema: { params: ApplicationParams, body: RefuseApplicationBody } },
    async (request) => {
      const actor = actorOf(request, ['clerk'])
      return { application: unwrap(await refuseReceipt(commands, request.params.id, actor, request.body)) }
    },
  )

  app.post(
    '/applications/:id/receipt-notice',
    { schema: { params: ApplicationParams, body: ReceiptNoticeBody } },
    async (request) => {
      const actor = actorOf(request, ['clerk'])
      return { application: unwrap(await noticeReceipt(commands, request.params.id, actor, request.body)) }
    },
  )

  app.post(
    '/applications/:id/withdraw-receipt',
    { schema: { params: ApplicationParams, body: WithdrawReceiptBody } },
    async (request) => {
      const actor = actorOf(request, ['owner', 'clerk', 'helper'])
      return { application: unwrap(await withdrawReceipt(commands, request.params.id, actor, request.body)) }
    },
  )
}

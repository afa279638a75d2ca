import {
  AcceptApplicationBody,
  ReceiptNoticeBody,
  RecordDeliveryBody,
  RefuseApplicationBody,
  SubmittedMaterial,
  Uuid,
  WithdrawReceiptBody,
} from '@onewindow/contracts'
import { type RoutePlugin, unwrap } from '@onewindow/service-kit'
import { Type } from 'typebox'
import {
  acceptReceipt,
  type CommandDeps,
  cureDeficiencies,
  getApplication,
  getDelivery,
  helperAuthority,
  noticeReceipt,
  recordDeliveryStep,
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

export const applicationRoutes: RoutePlugin<CommandDeps> = async (app, { commands }) => {
  app.get('/applications/:id', { schema: { params: ApplicationParams } }, async (request) => ({
    application: unwrap(await getApplication(commands, request.params.id)),
  }))

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

  // 结果送达 (docs/intake.md#result-delivery): the clerk of the window records 已领取, 已寄出 and 已签收.
  app.get('/applications/:id/delivery', { schema: { params: ApplicationParams } }, async (request) => ({
    delivery: unwrap(await getDelivery(commands, request.params.id)) ?? null,
  }))

  app.post(
    '/applications/:id/delivery',
    { schema: { params: ApplicationParams, body: RecordDeliveryBody } },
    async (request) => {
      const actor = actorOf(request, ['clerk'])
      return { delivery: unwrap(await recordDeliveryStep(commands, request.params.id, actor, request.body)) }
    },
  )
}

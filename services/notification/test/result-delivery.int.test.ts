import { ApplicationResultDeliveryV1, type DeliveryState, type ResultDelivery } from '@onewindow/contracts'
import { asCaller } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Outgoing } from '../src/index.js'
import {
  aProject,
  messagesOfEvent,
  messagesOfEventOnce,
  notificationWorld,
  OWNER,
  publishEvent,
  registerProject,
  settled,
  type World,
} from './helpers.js'

// 结果送达 as messages (docs/intake.md#result-delivery, docs/notifications.md): on the real NATS stream and
// PostgreSQL, intake's `application.result-delivery` as it publishes it. The owner is told where its result is, once
// per event and channel; the states it signed for itself tell nothing.

const DURABLE = 'notification-result-delivery'
const PHONE = '13800138000'

/** A delivery of the construction permit's result, decided Friday 2026-03-20, as intake makes it due. */
function aDelivery(projectId: string, over: Partial<ResultDelivery> = {}): ResultDelivery {
  return {
    applicationId: uuidv7(),
    projectId,
    step: 'construction-permit',
    stepName: '施工许可',
    receiptNumber: '440600-20260302-0042',
    ownerCreditCode: OWNER.creditCode,
    regionName: '佛山市',
    outcome: 'approved',
    mode: 'on-site',
    chosen: true,
    state: 'awaiting-collection',
    dueAt: '2026-03-20T02:00:00.000Z',
    dueOn: '2026-03-20',
    version: 1,
    updatedAt: '2026-03-20T02:00:00.000Z',
    by: 'intake',
    ...over,
  }
}

describe('notifications of a result’s delivery', () => {
  let w: World
  const sms: Outgoing[] = []
  beforeAll(async () => {
    // 2026-03-20 10:00 in Shanghai: outside any quiet hours, so the SMS is due at once.
    w = await notificationWorld('2026-03-20T02:00:00.000Z', {
      channels: {
        sms: {
          send: async (m) => {
            sms.push(m)
          },
        },
      },
    })
    // The owner asked for SMS beside the console, as an applicant told to come to the window would.
    const put = await w.app.inject({
      method: 'PUT',
      url: '/preferences',
      headers: await asCaller('notification', { sub: 'owner-1', role: 'owner', creditCode: OWNER.creditCode }, w.clock),
      payload: { channels: ['log', 'sms'], phone: PHONE },
    })
    expect(put.statusCode).toBe(200)
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  it('awaiting collection: the owner is told once, console and SMS, across redeliveries of the event', async () => {
    const project = aProject()
    await registerProject(w, project)
    const body = { delivery: aDelivery(project.projectId) }
    const first = await publishEvent(w, ApplicationResultDeliveryV1, body)
    const rows = await messagesOfEventOnce(w, first.eventId, 2)
    expect(rows.map((r) => `${r.party_kind}:${r.party}:${r.channel}`)).toEqual([
      `owner:${OWNER.creditCode}:log`,
      `owner:${OWNER.creditCode}:sms`,
    ])
    expect(rows[0]?.title).toBe('办理结果待领取')
    expect(rows[0]?.body).toContain(project.name)
    expect(rows[0]?.body).toContain(
      '请携带受理回执到佛山市工程建设项目审批综合服务窗口领取《施工许可》办理结果（受理编号 440600-20260302-0042）',
    )

    // The same event again (a relay re-sending it): the inbox drops it.
    const again = await publishEvent(w, ApplicationResultDeliveryV1, body, first.eventId)
    await settled(w, DURABLE, again.seq)
    // And once more with its inbox row gone (a replayed dead letter): the message outbox holds.
    await w.db.pool.query('DELETE FROM inbox_message WHERE event_id = $1', [first.eventId])
    const replay = await publishEvent(w, ApplicationResultDeliveryV1, body, first.eventId)
    await settled(w, DURABLE, replay.seq)
    expect((await w.db.pool.query('SELECT 1 FROM inbox_message WHERE event_id = $1', [first.eventId])).rowCount).toBe(1)
    expect(await messagesOfEvent(w, first.eventId)).toHaveLength(2)

    const before = sms.length
    await w.app.deliverer.runOnce()
    const sent = sms.slice(before).filter((m) => m.body.includes(project.projectCode))
    expect(sent).toHaveLength(1)
    expect(sent[0]?.address).toBe(PHONE)
    expect(sent[0]?.party).toEqual({ kind: 'owner', id: OWNER.creditCode })
    expect((await messagesOfEvent(w, first.eventId)).every((r) => r.sent)).toBe(true)
  })

  it('posted: the tracking number and the day; online: the online platform', async () => {
    const project = aProject()
    await registerProject(w, project)
    const posted = await publishEvent(w, ApplicationResultDeliveryV1, {
      delivery: aDelivery(project.projectId, {
        mode: 'post',
        recipient: '张三',
        address: '佛山市禅城区某路1号',
        phone: '13900139000',
        state: 'posted',
        trackingNumber: 'SF1234567890',
        postedOn: '2026-03-23',
        version: 2,
      }),
    })
    const [postedRow] = await messagesOfEventOnce(w, posted.eventId, 2)
    expect(postedRow?.title).toBe('办理结果已寄出')
    expect(postedRow?.body).toContain('已于2026年3月23日寄出，快递单号 SF1234567890')

    const online = await publishEvent(w, ApplicationResultDeliveryV1, {
      delivery: aDelivery(project.projectId, { mode: 'online', state: 'delivered-online' }),
    })
    const [onlineRow] = await messagesOfEventOnce(w, online.eventId, 2)
    expect(onlineRow?.title).toBe('办理结果已网上送达')
    expect(onlineRow?.body).toContain('已于2026年3月20日通过网上办事平台送达')
  })

  it('collected, signed and awaiting posting tell nobody anything', async () => {
    const project = aProject()
    await registerProject(w, project)
    const quiet: Array<Partial<ResultDelivery> & { state: DeliveryState }> = [
      { state: 'collected', signer: '李四', collectedOn: '2026-03-23', version: 2 },
      {
        mode: 'post',
        recipient: '张三',
        address: '佛山市禅城区某路1号',
        phone: '13900139000',
        state: 'awaiting-posting',
      },
      {
        mode: 'post',
        recipient: '张三',
        address: '佛山市禅城区某路1号',
        phone: '13900139000',
        state: 'signed',
        trackingNumber: 'SF1234567890',
        postedOn: '2026-03-23',
        signedOn: '2026-03-24',
        version: 3,
      },
    ]
    for (const over of quiet) {
      const { eventId, seq } = await publishEvent(w, ApplicationResultDeliveryV1, {
        delivery: aDelivery(project.projectId, over),
      })
      await settled(w, DURABLE, seq)
      expect(await messagesOfEvent(w, eventId), over.state).toEqual([])
    }
    // Nothing for the project at all, not only nothing under those events' ids.
    const { rowCount } = await w.db.pool.query('SELECT 1 FROM message WHERE project_id = $1', [project.projectId])
    expect(rowCount).toBe(0)
  })
})

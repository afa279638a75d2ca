import {
  UtilityPermitsClockWarnedV1,
  type UtilityRequestAdvancedBody,
  UtilityRequestAdvancedV1,
  type UtilityRequestEventBody,
} from '@onewindow/contracts'
import { asCaller } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { describe, expect, it } from 'vitest'
import { messagesOfEvent, messagesOfEventOnce, OWNER, publishEvent, settled } from './helpers.js'
import { owner, parties, projectWorld } from './project-world.js'

// 并联审批 (docs/utility.md#who-decides-a-permit) on the real NATS stream and PostgreSQL: the utility service's
// `advanced` events as it publishes them — the plan applying each permit to its department (`permitsApplied`), a
// department's refusal, the provider's re-application — tell each department of the permits applied to it, once
// (a redelivery adds nothing), read in its reviewer's 消息通知; the permits clock's 预警 tells the departments whose
// permit still awaits their decision beside the provider and the owner.

type Request = UtilityRequestEventBody['request']
type Permit = Request['permits'][number]

const URBAN = { department: 'urban-management', departmentName: '汕尾市城市管理和综合执法局' }
const TRANSPORT = { department: 'transport', departmentName: '汕尾市交通运输局' }
const APPLIED = 'notification-outside-line-permit-applied'
const STEP = 'notification-utility-step-finished'
const ACCEPTED = 'notification-outside-line-permit-accepted'

describe('notifications of outside-line permits applied to their departments', () => {
  const { project, known, w: worldOf } = projectWorld('2026-04-06T02:00:00.000Z')

  const messagesOf = async (department: string) => {
    const read = await worldOf().app.inject({
      method: 'GET',
      url: '/messages?limit=100',
      headers: await asCaller(
        'notification',
        { sub: `r-${department}`, role: 'reviewer', department },
        worldOf().clock,
      ),
    })
    expect(read.statusCode, read.body).toBe(200)
    const { messages } = read.json() as { messages: Array<{ kind: string; title: string; body: string }> }
    return messages.filter((m) => m.body.includes(project.projectCode))
  }

  const requestId = uuidv7()
  const applicationId = uuidv7()
  let version = 2
  /** The request as the utility service writes it after each change: a new version, the permits as they stand. */
  const request = (permits: Permit[], updatedAt: string, over: Partial<Request> = {}): Request => ({
    requestId,
    projectId: project.projectId,
    applicationId,
    provider: 'water',
    stage: 'outside-line-permits',
    lowRisk: false,
    line: { lengthM: 600, diameterMm: 300 },
    owner: OWNER,
    permits,
    permitsClock: { limit: { value: 3, unit: 'W' }, start: '2026-04-06', region: '441500', suspensions: [] },
    openedAt: '2026-04-01T02:00:00.000Z',
    version: ++version,
    updatedAt,
    ...over,
  })
  const applied = (kind: Permit['kind'], to: typeof URBAN, over: Partial<Permit> = {}): Permit => ({
    kind,
    status: 'requested',
    ...to,
    appliedOn: '2026-04-06',
    ...over,
  })
  const refusedRoad: Permit = applied('road-related', TRANSPORT, {
    status: 'refused',
    decidedOn: '2026-04-07',
    reason: '占道时段与早晚高峰冲突',
  })
  const reappliedRoad: Permit = applied('road-related', TRANSPORT, {
    appliedOn: '2026-04-08',
    reapplication: { change: '改为夜间施工', refusedOn: '2026-04-07', refusalReason: '占道时段与早晚高峰冲突' },
  })

  it('the plan: each department once, its own permits named; the owner told the step; a redelivery adds nothing', async () => {
    const w = await known()
    const body: UtilityRequestAdvancedBody = {
      request: request(
        [applied('road-excavation', URBAN), applied('green-space', URBAN), applied('road-related', TRANSPORT)],
        '2026-04-06T02:00:00.000Z',
      ),
      actor: 'staff-water',
      permitsApplied: ['road-excavation', 'green-space', 'road-related'],
    }
    const { eventId } = await publishEvent(w, UtilityRequestAdvancedV1, body)
    const told = await messagesOfEventOnce(w, eventId, 3)
    expect(parties(told)).toEqual(['department:transport', 'department:urban-management', owner])
    const urban = told.find((m) => m.party === URBAN.department)
    expect(urban?.title).toBe('外线工程审批申请')
    expect(urban?.body).toBe(
      `项目“${project.name}”（项目代码 ${project.projectCode}）的供水外线接入工程，供水单位已于2026年4月6日向汕尾市城市管理和综合执法局申请占用挖掘道路许可、临时占用绿地许可（并联审批）。外线工程审批时限为3个工作日（自2026年4月6日起算）。请在外线审批中作出准予许可或不予许可的决定。`,
    )
    expect(told.find((m) => m.party === TRANSPORT.department)?.body).toContain('向汕尾市交通运输局申请涉路施工许可')
    expect(told.find((m) => m.party_kind === 'owner')?.title).toBe('供水报装进展')

    const again = await publishEvent(w, UtilityRequestAdvancedV1, body, eventId)
    for (const durable of [APPLIED, STEP]) await settled(w, durable, again.seq)
    expect(await messagesOfEvent(w, eventId)).toHaveLength(3)
  })

  it('a department’s refusal names no permit applied and tells no department (nor the owner)', async () => {
    const w = await known()
    const { eventId, seq } = await publishEvent(w, UtilityRequestAdvancedV1, {
      request: request(
        [applied('road-excavation', URBAN), applied('green-space', URBAN), refusedRoad],
        '2026-04-07T02:00:00.000Z',
      ),
      actor: 'r-transport',
      note: 'road-related permit refused by 汕尾市交通运输局',
    })
    for (const durable of [APPLIED, STEP]) await settled(w, durable, seq)
    expect(await messagesOfEvent(w, eventId)).toEqual([])
  })

  it('the re-application: the refusing department alone, once, with what changed; the owner is told no step', async () => {
    const w = await known()
    const body: UtilityRequestAdvancedBody = {
      request: request(
        [applied('road-excavation', URBAN), applied('green-space', URBAN), reappliedRoad],
        '2026-04-08T02:00:00.000Z',
      ),
      actor: 'staff-water',
      permitsApplied: ['road-related'],
    }
    const { eventId } = await publishEvent(w, UtilityRequestAdvancedV1, body)
    const told = await messagesOfEventOnce(w, eventId, 1)
    expect(parties(told)).toEqual(['department:transport'])
    expect(told[0]?.title).toBe('外线工程审批重新申请')
    expect(told[0]?.body).toContain(
      '供水单位就2026年4月7日不予许可的涉路施工许可调整方案后，已于2026年4月8日向汕尾市交通运输局重新申请，调整内容：“改为夜间施工”',
    )
    const again = await publishEvent(w, UtilityRequestAdvancedV1, body, eventId)
    for (const durable of [APPLIED, STEP]) await settled(w, durable, again.seq)
    expect(await messagesOfEvent(w, eventId)).toHaveLength(1)

    // Each department reads its own in 消息通知: 城管 the one application, 交通运输 the application and the re-application.
    expect((await messagesOf(URBAN.department)).map((m) => m.title)).toEqual(['外线工程审批申请'])
    expect((await messagesOf(TRANSPORT.department)).map((m) => m.title)).toEqual([
      '外线工程审批重新申请',
      '外线工程审批申请',
    ])
  })

  it('容缺受理: the provider is told the permit, the department and what it owes, once; its supply tells no one', async () => {
    const w = await known()
    const owing = applied('road-excavation', URBAN, {
      acceptedOn: '2026-04-08',
      deficiencies: [{ name: '管线平面图' }, { name: '施工围蔽方案' }],
    })
    const body: UtilityRequestAdvancedBody = {
      request: request([owing, applied('green-space', URBAN)], '2026-04-08T04:00:00.000Z'),
      actor: 'r-urban-management',
      permitsDecided: [],
      permitDeficiency: { kind: 'road-excavation', act: 'accepted' },
    }
    const { eventId } = await publishEvent(w, UtilityRequestAdvancedV1, body)
    const told = await messagesOfEventOnce(w, eventId, 1)
    expect(parties(told)).toEqual(['provider:water'])
    expect(told[0]?.title).toBe('外线工程审批容缺受理')
    expect(told[0]?.body).toBe(
      `项目“${project.name}”（项目代码 ${project.projectCode}）的供水外线接入工程，汕尾市城市管理和综合执法局已于2026年4月8日容缺受理占用挖掘道路许可，审批继续进行。请在报装申请中补交容缺材料：管线平面图、施工围蔽方案。`,
    )
    const again = await publishEvent(w, UtilityRequestAdvancedV1, body, eventId)
    for (const durable of [ACCEPTED, APPLIED, STEP]) await settled(w, durable, again.seq)
    expect(await messagesOfEvent(w, eventId)).toHaveLength(1)

    // 容缺后补: the provider's own act, told to no one.
    const supplied = await publishEvent(w, UtilityRequestAdvancedV1, {
      request: request(
        [{ ...owing, deficiencies: [{ name: '管线平面图', suppliedOn: '2026-04-09' }, { name: '施工围蔽方案' }] }],
        '2026-04-09T02:00:00.000Z',
      ),
      actor: 'staff-water',
      permitsDecided: [],
      permitDeficiency: { kind: 'road-excavation', act: 'supplied' },
    })
    for (const durable of [ACCEPTED, APPLIED, STEP]) await settled(w, durable, supplied.seq)
    expect(await messagesOfEvent(w, supplied.eventId)).toEqual([])

    // The provider's staff read it in their 消息通知.
    const read = await w.app.inject({
      method: 'GET',
      url: '/messages?limit=100',
      headers: await asCaller('notification', { sub: 'staff-water', role: 'utility', provider: 'water' }, w.clock),
    })
    expect(read.statusCode, read.body).toBe(200)
    const mine = (read.json() as { messages: Array<{ title: string; body: string }> }).messages.filter((m) =>
      m.body.includes(project.projectCode),
    )
    expect(mine.map((m) => m.title)).toContain('外线工程审批容缺受理')
  })

  it('the permits clock’s 预警: the provider, the owner and each department whose permit awaits its decision', async () => {
    const w = await known()
    const body = {
      request: request(
        [applied('road-excavation', URBAN, { status: 'granted', decidedOn: '2026-04-07' }), reappliedRoad],
        '2026-04-08T03:00:00.000Z',
        { permitsClockAlerts: { warnedOn: '2026-04-08' } },
      ),
      dueOn: '2026-04-09',
    }
    const { eventId } = await publishEvent(w, UtilityPermitsClockWarnedV1, body)
    const told = await messagesOfEventOnce(w, eventId, 3)
    // 城管's permit is granted: nothing of its awaits it; 交通运输's re-applied permit does.
    expect(parties(told)).toEqual(['department:transport', owner, 'provider:water'])
    expect(told.find((m) => m.party === TRANSPORT.department)?.body).toContain(
      '截止日期为2026年4月9日，尚未准予的许可：涉路施工许可（汕尾市交通运输局审批中）。请审批部门在外线审批中及时作出决定',
    )
    const again = await publishEvent(w, UtilityPermitsClockWarnedV1, body, eventId)
    await settled(w, 'notification-utility-permits-clock-warned', again.seq)
    expect(await messagesOfEvent(w, eventId)).toHaveLength(3)
    expect((await messagesOf(TRANSPORT.department)).map((m) => m.title)).toContain('外线工程审批时限预警')
  })
})

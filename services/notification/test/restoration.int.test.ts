import { UtilityRestorationDeclaredV1, UtilityRestorationReviewedV1 } from '@onewindow/contracts'
import { asCaller } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  aProject,
  messagesOfEventOnce,
  notificationWorld,
  publishEvent,
  registerProject,
  settled,
  type World,
} from './helpers.js'

// 告知承诺免审批 (Shanwei 004:1850–1852, docs/utility.md): the provider declares its restoration done (修复完成) and a
// pushed department reviews it (修复验收) — the departments are told of the declaration, the provider of the review,
// on the real NATS stream and PostgreSQL.

const NAMES: Record<string, string> = {
  'natural-resources': '汕尾市自然资源局',
  'public-security': '汕尾市公安局',
  transport: '汕尾市交通运输局',
  water: '汕尾市水务局',
  'housing-construction': '汕尾市住房城乡建设局',
}
const FIVE = Object.keys(NAMES)
const WATER_STAFF = { sub: 'staff-water', role: 'utility', provider: 'water' }

describe('notifications of an outside line’s restoration', () => {
  let w: World
  beforeAll(async () => {
    w = await notificationWorld('2026-03-10T02:00:00.000Z')
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  const pushedRequest = (projectId: string) => ({
    requestId: uuidv7(),
    projectId,
    applicationId: uuidv7(),
    provider: 'water' as const,
    stage: 'awaiting-acceptance' as const,
    lowRisk: true,
    line: { lengthM: 120, diameterMm: 100 },
    permits: [{ kind: 'road-excavation' as const, status: 'filed' as const, filedOn: '2026-03-03' }],
    worksPlanPush: {
      commitment: '按不低于原貌标准恢复道路和绿化',
      plans: [{ kind: 'works-plan' as const, reference: 'SW-施工-001', description: '开挖埋管120米' }],
      departments: FIVE.map((code) => ({ code, name: NAMES[code] })),
      pushedOn: '2026-03-03',
      pushedAt: '2026-03-03T02:00:00.000Z',
      source: 'seeds/004_33317a5f04b53a73.txt:1852',
    },
    openedAt: '2026-03-02T02:00:00.000Z',
    version: 5,
    updatedAt: '2026-03-09T02:00:00.000Z',
  })

  const messagesOf = async (actor: object) => {
    const read = await w.app.inject({
      method: 'GET',
      url: '/messages?limit=100',
      headers: await asCaller('notification', actor, w.clock),
    })
    expect(read.statusCode, read.body).toBe(200)
    return (read.json() as { messages: Array<{ kind: string; title: string; body: string }> }).messages
  }

  it('修复完成 tells each of the five departments once, with the provider’s note; not the owner or the provider', async () => {
    const project = aProject()
    await registerProject(w, project)
    const request = {
      ...pushedRequest(project.projectId),
      restoration: {
        status: 'declared' as const,
        declaredAt: '2026-03-09T02:00:00.000Z',
        note: '人行道砖已按原样铺复，绿化带补植完成',
        reviews: [],
      },
    }
    const first = await publishEvent(w, UtilityRestorationDeclaredV1, { request, actor: 'staff-water' })
    const messages = await messagesOfEventOnce(w, first.eventId, 5)
    expect(messages.map((m) => [m.party_kind, m.party]).sort()).toEqual(FIVE.map((d) => ['department', d]).sort())
    for (const m of messages) {
      expect(m.title).toBe('外线工程修复完成待验收')
      expect(m.body).toBe(
        `项目“${project.name}”（项目代码 ${project.projectCode}）的供水外线接入工程已于2026年3月9日申报修复完成` +
          '（道路、绿化按不低于原貌标准恢复），说明：“人行道砖已按原样铺复，绿化带补植完成”。' +
          '请进行修复质量验收：验收通过，或责令限期整改并说明理由。',
      )
    }
    const again = await publishEvent(w, UtilityRestorationDeclaredV1, { request, actor: 'staff-water' }, first.eventId)
    await settled(w, 'notification-restoration-declared', again.seq)
    expect(await messagesOfEventOnce(w, first.eventId, 5)).toHaveLength(5)

    const transport = await messagesOf({ sub: 'r', role: 'reviewer', department: 'transport' })
    expect(
      transport.filter((m) => m.kind === 'restoration-declared' && m.body.includes(project.projectCode)),
    ).toHaveLength(1)
    const provider = await messagesOf(WATER_STAFF)
    expect(provider.filter((m) => m.body.includes(project.projectCode))).toEqual([])
  })

  it('a send-back tells the provider who sent it back and why; an acceptance that it passed', async () => {
    const project = aProject()
    await registerProject(w, project)
    const base = pushedRequest(project.projectId)
    const sentBack = {
      ...base,
      restoration: {
        status: 'rectify' as const,
        declaredAt: '2026-03-09T02:00:00.000Z',
        reviews: [
          {
            department: 'transport',
            departmentName: '汕尾市交通运输局',
            outcome: 'rectify' as const,
            reason: '路面沥青接缝不平，请于5日内重新摊铺',
            reviewedAt: '2026-03-10T02:00:00.000Z',
            reviewedBy: 'reviewer-transport',
          },
        ],
      },
    }
    const rectify = await publishEvent(w, UtilityRestorationReviewedV1, {
      request: sentBack,
      actor: 'reviewer-transport',
    })
    const [told, ...others] = await messagesOfEventOnce(w, rectify.eventId, 1)
    expect(others).toEqual([])
    expect([told?.party_kind, told?.party, told?.title]).toEqual(['provider', 'water', '外线工程修复需整改'])
    expect(told?.body).toBe(
      `汕尾市交通运输局已于2026年3月10日对项目“${project.name}”（项目代码 ${project.projectCode}）的供水外线接入工程` +
        '修复情况作出验收意见：责令限期整改，理由：“路面沥青接缝不平，请于5日内重新摊铺”。请整改后重新申报修复完成。',
    )

    // Declared again and accepted by another department, the review naming it by code only: the push names it.
    const accepted = {
      ...base,
      version: 7,
      restoration: {
        status: 'accepted' as const,
        declaredAt: '2026-03-11T02:00:00.000Z',
        reviews: [
          ...sentBack.restoration.reviews,
          {
            department: 'public-security',
            outcome: 'accepted' as const,
            reviewedAt: '2026-03-12T02:00:00.000Z',
            reviewedBy: 'reviewer-police',
          },
        ],
      },
    }
    const pass = await publishEvent(w, UtilityRestorationReviewedV1, { request: accepted, actor: 'reviewer-police' })
    const [passed] = await messagesOfEventOnce(w, pass.eventId, 1)
    expect([passed?.party_kind, passed?.party, passed?.title]).toEqual(['provider', 'water', '外线工程修复验收通过'])
    expect(passed?.body).toBe(
      `汕尾市公安局已于2026年3月12日对项目“${project.name}”（项目代码 ${project.projectCode}）的供水外线接入工程修复情况验收通过。`,
    )

    const water = await messagesOf(WATER_STAFF)
    expect(
      water
        .filter((m) => m.kind === 'restoration-reviewed' && m.body.includes(project.projectCode))
        .map((m) => m.title),
    ).toEqual(['外线工程修复验收通过', '外线工程修复需整改'])
    const gas = await messagesOf({ sub: 'staff-gas', role: 'utility', provider: 'gas' })
    expect(gas.filter((m) => m.body.includes(project.projectCode))).toEqual([])
    const owner = await messagesOf({ sub: 'o', role: 'owner', creditCode: project.owner.creditCode })
    expect(owner.filter((m) => m.body.includes(project.projectCode))).toEqual([])
  })

  it('a provider sets its preferences as its own party', async () => {
    const put = await w.app.inject({
      method: 'PUT',
      url: '/preferences',
      headers: await asCaller('notification', WATER_STAFF, w.clock),
      payload: { channels: ['log'] },
    })
    expect(put.statusCode, put.body).toBe(200)
    expect(put.json().preferences.party).toEqual({ kind: 'provider', id: 'water' })
  })
})

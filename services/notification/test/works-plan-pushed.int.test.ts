import { UtilityWorksPlanPushedV1 } from '@onewindow/contracts'
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

// 告知承诺免审批 (Shanwei 004:1852, docs/utility.md): a low-risk outside line's works and traffic plans pushed through
// the platform tell each of the departments they went to, on the real NATS stream and PostgreSQL.

const FIVE = ['natural-resources', 'public-security', 'transport', 'water', 'housing-construction']

describe('notifications of a pushed works plan', () => {
  let w: World
  beforeAll(async () => {
    w = await notificationWorld('2026-03-03T02:00:00.000Z')
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
  })

  it('tells each of the five departments, once, what was pushed and what to supervise; not the owner', async () => {
    const project = aProject()
    await registerProject(w, project)
    const request = {
      requestId: uuidv7(),
      projectId: project.projectId,
      applicationId: uuidv7(),
      provider: 'water' as const,
      stage: 'construction' as const,
      lowRisk: true,
      line: { lengthM: 120, diameterMm: 100 },
      permits: [{ kind: 'road-excavation' as const, status: 'filed' as const, filedOn: '2026-03-03' }],
      worksPlanPush: {
        commitment: '按不低于原貌标准恢复道路和绿化',
        plans: [
          { kind: 'works-plan' as const, reference: 'SW-施工-001', description: '开挖埋管120米' },
          { kind: 'traffic-plan' as const, reference: 'SW-交通-001', description: '半幅通行' },
        ],
        departments: FIVE.map((code) => ({ code })),
        pushedOn: '2026-03-03',
        pushedAt: '2026-03-03T02:00:00.000Z',
        source: 'seeds/004_33317a5f04b53a73.txt:1852',
      },
      openedAt: '2026-03-02T02:00:00.000Z',
      version: 3,
      updatedAt: '2026-03-03T02:00:00.000Z',
    }
    const first = await publishEvent(w, UtilityWorksPlanPushedV1, { request, actor: 'staff-water' })
    const messages = await messagesOfEventOnce(w, first.eventId, 5)
    expect(messages.map((m) => [m.party_kind, m.party]).sort()).toEqual(FIVE.map((d) => ['department', d]).sort())
    for (const m of messages) {
      expect(m.title).toBe('外线工程施工方案推送')
      expect(m.body).toContain(
        `项目“${project.name}”（项目代码 ${project.projectCode}）的供水外线接入工程实行告知承诺免审批`,
      )
      expect(m.body).toContain('施工方案、交通疏解方案已于2026年3月3日推送至本部门')
      expect(m.body).toContain('修复质量验收')
    }
    const again = await publishEvent(w, UtilityWorksPlanPushedV1, { request, actor: 'staff-water' }, first.eventId)
    await settled(w, 'notification-works-plan-pushed', again.seq)
    expect(await messagesOfEventOnce(w, first.eventId, 5)).toHaveLength(5)

    const read = await w.app.inject({
      method: 'GET',
      url: '/messages?limit=100',
      headers: await asCaller('notification', { sub: 'r', role: 'reviewer', department: 'transport' }, w.clock),
    })
    const mine = (read.json() as { messages: Array<{ kind: string; body: string }> }).messages
    expect(mine.filter((m) => m.kind === 'works-plan-pushed' && m.body.includes(project.projectCode))).toHaveLength(1)
  })
})

import {
  CertificateObjectionAnsweredV1,
  CertificateObjectionRaisedV1,
  type CertificateObjectionSnapshot,
  TaskAssignedV1,
} from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import { describe, expect, it } from 'vitest'
import { aTask, publishEvent } from './helpers.js'
import { parties, projectWorld } from './project-world.js'

// 证照异议 (004:1134, docs/notifications.md#later-stages) on the real NATS stream and PostgreSQL: an objection raised
// tells the issuing department (the registration office for a property certificate) once, its answer the raising
// department (or the registration office) once, each naming the departments as the notifier learnt them; a redelivery
// adds nothing.

describe('notifications of a certificate objection (证照异议)', () => {
  // The project, and the raising department's name (learnt from a task, as every department's is).
  const { project, known, tells, redelivered } = projectWorld('2026-06-02T02:00:00.000Z', async (w, registered) => {
    await publishEvent(w, TaskAssignedV1, {
      task: aTask(registered, { department: 'housing-construction', departmentName: '市住房城乡建设局' }),
    })
    await expect
      .poll(
        async () =>
          (await w.db.pool.query("SELECT name FROM department_name WHERE code = 'housing-construction'")).rows[0]?.name,
        { timeout: 15_000 },
      )
      .toBe('市住房城乡建设局')
  })

  const anObjection = (over: Partial<CertificateObjectionSnapshot> = {}): CertificateObjectionSnapshot => ({
    objectionId: uuidv7(),
    certificateId: uuidv7(),
    certificateNumber: '建字第440600202600001号',
    certificateTitle: '建设工程规划许可证',
    projectId: project.projectId,
    issuer: 'natural-resources',
    raisedBy: 'housing-construction',
    raisedBySub: 'reviewer-7',
    reason: '许可证载明的建筑面积与审定的设计方案不一致',
    evidence: ['方案审查意见 FA-2026-001'],
    // 17:30 on 2 June UTC is 3 June in Shanghai: the message's day is the legal day.
    raisedAt: '2026-06-02T17:30:00.000Z',
    status: 'open',
    version: 1,
    ...over,
  })
  const answered = (o: CertificateObjectionSnapshot, outcome: 'upheld' | 'rejected'): CertificateObjectionSnapshot => ({
    ...o,
    status: outcome,
    answer: {
      outcome,
      finding: '经核查，面积录入有误，已更正',
      answeredAt: '2026-06-05T02:00:00.000Z',
      answeredBy: 'nr-1',
    },
    version: 2,
  })

  it('raised tells the issuing department once, naming the objecting one; a redelivery adds nothing', async () => {
    await known()
    const o = anObjection()
    const { eventId: raised, messages: told } = await tells(CertificateObjectionRaisedV1, { objection: o }, 1)
    expect(parties(told)).toEqual(['department:natural-resources'])
    expect(told[0]?.title).toBe('证照异议待核查')
    expect(told[0]?.body).toContain('市住房城乡建设局于2026年6月3日对项目“标准厂房”')
    expect(told[0]?.body).toContain(
      '的《建设工程规划许可证》（编号 建字第440600202600001号）提出证照异议，异议理由：“许可证载明的建筑面积与审定的设计方案不一致”。',
    )
    await redelivered(CertificateObjectionRaisedV1, { objection: o }, raised, 1, ['notification-objection-raised'])
  })

  it('answered tells the raising department once, upheld, with the issuer by its printed name; a redelivery adds nothing', async () => {
    await known()
    const o = answered(anObjection({ issuerName: '汕尾市自然资源局' }), 'upheld')
    const { eventId: answer, messages: told } = await tells(CertificateObjectionAnsweredV1, { objection: o }, 1)
    expect(parties(told)).toEqual(['department:housing-construction'])
    expect(told[0]?.title).toBe('证照异议已处理：异议成立')
    expect(told[0]?.body).toContain('汕尾市自然资源局已于2026年6月5日核查本单位对项目“标准厂房”')
    expect(told[0]?.body).toContain('结论：异议成立。核查结论：“经核查，面积录入有误，已更正”。')
    await redelivered(CertificateObjectionAnsweredV1, { objection: o }, answer, 1, ['notification-objection-answered'])
  })

  it('a property certificate’s objection tells the registration office; its answer the department that raised it', async () => {
    await known()
    const o = anObjection({
      certificateNumber: '粤(2026)汕尾市不动产权第0000001号',
      certificateTitle: '不动产权证书',
      issuer: 'registration-office',
    })
    const raised = await tells(CertificateObjectionRaisedV1, { objection: o }, 1)
    expect(parties(raised.messages)).toEqual(['registrar:registration'])
    const { messages: told } = await tells(CertificateObjectionAnsweredV1, { objection: answered(o, 'rejected') }, 1)
    expect(parties(told)).toEqual(['department:housing-construction'])
    expect(told[0]?.title).toBe('证照异议已处理：异议不成立')
    expect(told[0]?.body.startsWith('不动产登记机构已于2026年6月5日')).toBe(true)
  })

  it('an objection the registration office raised is answered to it, and the issuer told it raised it', async () => {
    await known()
    const o = anObjection({ raisedBy: 'registration-office' })
    const { messages: toIssuer } = await tells(CertificateObjectionRaisedV1, { objection: o }, 1)
    expect(parties(toIssuer)).toEqual(['department:natural-resources'])
    expect(toIssuer[0]?.body.startsWith('不动产登记机构于2026年6月3日')).toBe(true)
    const answer = await tells(CertificateObjectionAnsweredV1, { objection: answered(o, 'rejected') }, 1)
    expect(parties(answer.messages)).toEqual(['registrar:registration'])
  })

  it('names a raising department never seen on a task by the name its objection carries', async () => {
    await known()
    // No task of the water bureau ever reached this service: before the objection carried its name, the issuer read
    // only 使用部门.
    const o = anObjection({ raisedBy: 'water', raisedByName: '佛山市水利局' })
    const { messages: told } = await tells(CertificateObjectionRaisedV1, { objection: o }, 1)
    expect(parties(told)).toEqual(['department:natural-resources'])
    expect(told[0]?.body.startsWith('佛山市水利局于2026年6月3日对项目“标准厂房”')).toBe(true)
    // The carried name wins over the one learnt from a task (the catalogue's, pinned by the project).
    const named = anObjection({ raisedByName: '佛山市住房城乡建设局' })
    const { messages: again } = await tells(CertificateObjectionRaisedV1, { objection: named }, 1)
    expect(again[0]?.body.startsWith('佛山市住房城乡建设局于')).toBe(true)
  })
})

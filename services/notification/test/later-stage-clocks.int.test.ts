import { jetstream } from '@nats-io/jetstream'
import { headers as natsHeaders } from '@nats-io/nats-core'
import {
  type AcceptanceCaseEventBody,
  AcceptanceClockOverdueV1,
  AcceptanceClockWarnedV1,
  type IssueClockEventBody,
  IssueClockOverdueV1,
  IssueClockWarnedV1,
  type RegistrationCaseEventBody,
  RegistrationClockOverdueV1,
  RegistrationClockWarnedV1,
  UtilityPermitsClockOverdueV1,
  UtilityPermitsClockWarnedV1,
  type UtilityRequestEventBody,
} from '@onewindow/contracts'
import { wireSubject } from '@onewindow/messaging'
import { asCaller } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { describe, expect, it } from 'vitest'
import { messagesOfEvent, messagesOfEventOnce, OWNER, publishEvent, settled } from './helpers.js'
import { owner, parties, projectWorld } from './project-world.js'

// The later stages' clock alerts (docs/notifications.md#later-stages) on the real NATS stream and PostgreSQL: 预警 and
// 超时 of joint acceptance's case clock, the first registration's, the permits' issuing clock and the outside-line
// permits' each tell the party whose clock it is and the owner once — read in their 消息通知 lists — a redelivery adds
// nothing, and a body that is no event goes to the dead letters.

type Case = AcceptanceCaseEventBody['case']
type Registration = RegistrationCaseEventBody['case']
type Request = UtilityRequestEventBody['request']

const LEAD = 'housing-construction'
const OFFICE = 'registrar:registration'

describe('notifications of the later stages’ clock alerts', () => {
  const { project, known, w: worldOf } = projectWorld('2026-05-20T02:00:00.000Z')

  const messagesOf = async (actor: Parameters<typeof asCaller>[1]) => {
    const read = await worldOf().app.inject({
      method: 'GET',
      url: '/messages?limit=100',
      headers: await asCaller('notification', actor, worldOf().clock),
    })
    expect(read.statusCode, read.body).toBe(200)
    return (read.json() as { messages: Array<{ kind: string; title: string; body: string }> }).messages
  }

  const aCase = (over: Partial<Case> = {}): Case => ({
    caseId: uuidv7(),
    projectId: project.projectId,
    projectType: 'industrial-land-with-scheme',
    region: '440600',
    owner: OWNER,
    lead: LEAD,
    leadName: '佛山市住房城乡建设局',
    status: 'scheduled',
    items: [
      {
        item: 'planning-verification',
        itemName: '规划条件核实',
        department: 'natural-resources',
        departmentName: '佛山市自然资源局',
        status: 'pending',
        round: 1,
      },
      {
        item: 'fire-acceptance',
        itemName: '消防验收',
        department: LEAD,
        departmentName: '佛山市住房城乡建设局',
        status: 'passed',
        round: 1,
      },
    ],
    clock: { limit: { value: 8, unit: 'W' }, start: '2026-05-11', region: '440600', suspensions: [] },
    clockAlerts: { warnedOn: '2026-05-19' },
    registrationWithAcceptance: false,
    openedAt: '2026-05-11T02:00:00.000Z',
    version: 5,
    updatedAt: '2026-05-19T01:00:00.000Z',
    ...over,
  })

  it('joint acceptance: the owner, the lead and the departments owing an opinion, once each', async () => {
    const w = await known()
    const c = aCase()
    const warned = await publishEvent(w, AcceptanceClockWarnedV1, {
      case: c,
      note: 'due 2026-05-21, 7 of 8 W used',
      dueOn: '2026-05-21',
    })
    const yellow = await messagesOfEventOnce(w, warned.eventId, 3)
    expect(parties(yellow)).toEqual([`department:${LEAD}`, 'department:natural-resources', owner])
    expect(yellow[0]?.title).toBe('联合验收时限预警')
    expect(yellow[0]?.body).toContain(
      '的联合验收（牵头部门：佛山市住房城乡建设局）的办理时限（8个工作日，自2026年5月11日起算）即将届满，截止日期为2026年5月21日，尚待出具验收意见的事项：规划条件核实（佛山市自然资源局）',
    )
    // The same event again (a relay re-sending it): nothing more.
    const again = await publishEvent(w, AcceptanceClockWarnedV1, { case: c }, warned.eventId)
    await settled(w, 'notification-acceptance-clock-warned', again.seq)
    expect(await messagesOfEvent(w, warned.eventId)).toHaveLength(3)

    const overdue = await publishEvent(w, AcceptanceClockOverdueV1, {
      case: { ...c, clockAlerts: { warnedOn: '2026-05-19', overdueOn: '2026-05-22' }, version: 6 },
      dueOn: '2026-05-21',
    })
    const red = await messagesOfEventOnce(w, overdue.eventId, 3)
    expect(parties(red)).toEqual([`department:${LEAD}`, 'department:natural-resources', owner])
    expect(red[0]?.title).toBe('联合验收已超时')
    expect(red[0]?.body).toContain('已届满，截止日期为2026年5月21日，截至2026年5月22日联合验收仍未办结')

    // The lead reads both in its 消息通知 list.
    const lead = await messagesOf({ sub: 'lead-1', role: 'lead', department: LEAD })
    expect(lead.filter((m) => m.kind === 'stage-clock-yellow').map((m) => m.title)).toEqual(['联合验收时限预警'])
    expect(lead.filter((m) => m.kind === 'stage-clock-red').map((m) => m.title)).toEqual(['联合验收已超时'])
  })

  const aRegistration = (over: Partial<Registration> = {}): Registration => ({
    caseId: uuidv7(),
    projectId: project.projectId,
    acceptanceCaseId: uuidv7(),
    caseNumber: 'DJ-440600-2026-000004',
    status: 'open',
    clock: { limit: { value: 5, unit: 'W' }, start: '2026-06-02', region: '440600', suspensions: [] },
    clockAlerts: { warnedOn: '2026-06-08' },
    openedAt: '2026-05-11T02:00:00.000Z',
    version: 6,
    updatedAt: '2026-06-08T01:00:00.000Z',
    ...over,
  })

  it('first registration and the issuing clock: the registration office and the owner', async () => {
    const w = await known()
    const c = aRegistration()
    const warned = await publishEvent(w, RegistrationClockWarnedV1, { case: c })
    expect(parties(await messagesOfEventOnce(w, warned.eventId, 2))).toEqual([owner, OFFICE])
    const overdue = await publishEvent(w, RegistrationClockOverdueV1, {
      case: { ...c, clockAlerts: { warnedOn: '2026-06-08', overdueOn: '2026-06-10' }, version: 7 },
      dueOn: '2026-06-09',
    })
    const red = await messagesOfEventOnce(w, overdue.eventId, 2)
    expect(parties(red)).toEqual([owner, OFFICE])
    expect(red[0]?.body).toContain(
      '（受理编号 DJ-440600-2026-000004）的办理时限（5个工作日，自2026年6月2日起算）已届满，截止日期为2026年6月9日，截至2026年6月10日',
    )

    const issue: IssueClockEventBody['issueClock'] = {
      applicationId: uuidv7(),
      projectId: project.projectId,
      step: 'construction-permit',
      decidedOn: '2026-03-02',
      clock: { limit: { value: 10, unit: 'W' }, start: '2026-03-02', region: '440600', suspensions: [] },
      warnedOn: '2026-03-12',
    }
    const issueWarned = await publishEvent(w, IssueClockWarnedV1, { issueClock: issue, at: '2026-03-12T01:00:00.000Z' })
    expect(parties(await messagesOfEventOnce(w, issueWarned.eventId, 2))).toEqual([owner, OFFICE])
    const issueOverdue = await publishEvent(w, IssueClockOverdueV1, {
      issueClock: { ...issue, overdueOn: '2026-03-17' },
      at: '2026-03-17T01:00:00.000Z',
      dueOn: '2026-03-16',
    })
    const late = await messagesOfEventOnce(w, issueOverdue.eventId, 2)
    expect(late[0]?.title).toBe('发证已超时')
    expect(late[0]?.body).toContain(
      '于2026年3月2日准予许可的证照颁发时限（自决定之日起10个工作日，行政许可法第四十四条）已届满，截止日期为2026年3月16日',
    )
    const again = await publishEvent(
      w,
      IssueClockOverdueV1,
      { issueClock: issue, at: '2026-03-17T01:00:00.000Z' },
      issueOverdue.eventId,
    )
    await settled(w, 'notification-issue-clock-overdue', again.seq)
    expect(await messagesOfEvent(w, issueOverdue.eventId)).toHaveLength(2)

    // Any registrar reads the office's four; the owner reads the same four in its own list.
    const registrar = await messagesOf({ sub: 'registrar-1', role: 'registrar' })
    expect(
      registrar
        .filter((m) => m.kind.startsWith('stage-clock-'))
        .map((m) => m.title)
        .sort(),
    ).toEqual(['不动产首次登记已超时', '不动产首次登记时限预警', '发证已超时', '发证时限预警'].sort())
  })

  const aRequest = (over: Partial<Request> = {}): Request => ({
    requestId: uuidv7(),
    projectId: project.projectId,
    applicationId: uuidv7(),
    provider: 'water',
    stage: 'outside-line-permits',
    lowRisk: false,
    line: { lengthM: 600 },
    owner: OWNER,
    permits: [{ kind: 'road-excavation', status: 'requested' }],
    permitsClock: { limit: { value: 3, unit: 'W' }, start: '2026-04-06', region: '441500', suspensions: [] },
    permitsClockAlerts: { warnedOn: '2026-04-08' },
    openedAt: '2026-04-01T02:00:00.000Z',
    version: 4,
    updatedAt: '2026-04-08T01:00:00.000Z',
    ...over,
  })

  it('the outside-line permits: yellow and red tell the provider and the owner', async () => {
    const w = await known()
    const r = aRequest()
    const warned = await publishEvent(w, UtilityPermitsClockWarnedV1, { request: r })
    expect(parties(await messagesOfEventOnce(w, warned.eventId, 2))).toEqual([owner, 'provider:water'])
    const overdue = await publishEvent(w, UtilityPermitsClockOverdueV1, {
      request: { ...r, permitsClockAlerts: { warnedOn: '2026-04-08', overdueOn: '2026-04-10' }, version: 5 },
      dueOn: '2026-04-09',
    })
    const red = await messagesOfEventOnce(w, overdue.eventId, 2)
    expect(parties(red)).toEqual([owner, 'provider:water'])
    expect(red[0]?.body).toContain(
      '已届满，截止日期为2026年4月9日，截至2026年4月10日外线行政审批仍未全部办结，尚未准予的许可：占用挖掘道路许可',
    )

    const staff = await messagesOf({ sub: 'staff-water', role: 'utility', provider: 'water' })
    expect(staff.filter((m) => m.kind.startsWith('stage-clock-')).map((m) => m.title)).toEqual([
      '外线工程审批已超时',
      '外线工程审批时限预警',
    ])
  })

  it('a body that is no clock alert goes to the dead letters, and tells no one', async () => {
    const w = await known()
    const eventId = uuidv7()
    const h = natsHeaders()
    h.set('ce-specversion', '1.0')
    h.set('ce-id', eventId)
    h.set('ce-type', RegistrationClockOverdueV1.subject)
    h.set('ce-source', 'registration')
    h.set('ce-time', new Date().toISOString())
    // A case without its status, clock or number: it fails the contract's schema.
    const body = { case: { caseId: uuidv7(), projectId: project.projectId } }
    await jetstream(w.nc).publish(wireSubject(w.topology, RegistrationClockOverdueV1.subject), JSON.stringify(body), {
      headers: h,
      msgID: uuidv7(),
    })
    await expect
      .poll(
        async () =>
          (await w.db.pool.query('SELECT consumer FROM dead_letter WHERE event_id = $1', [eventId])).rows.map(
            (r) => r.consumer,
          ),
        { timeout: 15_000 },
      )
      .toEqual(['notification-registration-clock-overdue'])
    expect(await messagesOfEvent(w, eventId)).toEqual([])
  })
})

import {
  type AcceptanceCaseEventBody,
  AcceptanceFailedV1,
  AcceptanceFilingIssuedV1,
  AcceptanceInspectionScheduledV1,
  AcceptanceOpinionRecordedV1,
  AcceptancePassedV1,
  AcceptancePassRevokedV1,
  AcceptanceStartedV1,
  CertificateIssuedV1,
  UtilityConnectedV1,
  UtilityRequestAdvancedV1,
  type UtilityRequestEventBody,
} from '@onewindow/contracts'
import { asCaller } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { describe, expect, it } from 'vitest'
import { messagesOfEvent, OWNER, publishBody } from './helpers.js'
import { owner, parties, projectWorld } from './project-world.js'

// The later stages (docs/notifications.md#later-stages) on the real NATS stream and PostgreSQL: each event of joint
// acceptance, the utility hookup and the first registration tells the right parties once, a redelivery adds nothing,
// an event that tells no one is acked untouched, and a body that is no event goes to the dead letters.

type Case = AcceptanceCaseEventBody['case']
type Request = UtilityRequestEventBody['request']

const LEAD = 'housing-construction'

describe('notifications of the later stages', () => {
  const { project, known, tells, redelivered, tellsNoOne } = projectWorld('2026-05-11T02:00:00.000Z')

  const aCase = (over: Partial<Case> = {}): Case => ({
    caseId: uuidv7(),
    projectId: project.projectId,
    projectType: 'industrial-land-with-scheme',
    region: '440600',
    owner: OWNER,
    lead: LEAD,
    leadName: '佛山市住房城乡建设局',
    status: 'open',
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
        status: 'pending',
        round: 1,
      },
      {
        item: 'archives-acceptance',
        itemName: '建设工程档案验收',
        department: 'archives',
        departmentName: '佛山市城建档案馆',
        status: 'pending',
        round: 1,
      },
    ],
    registrationWithAcceptance: false,
    openedAt: '2026-05-11T02:00:00.000Z',
    version: 1,
    updatedAt: '2026-05-11T02:00:00.000Z',
    ...over,
  })
  const inspection = {
    date: '2026-05-20',
    place: '禅城区某路1号',
    participants: ['natural-resources', LEAD, 'archives'],
    round: 1,
  }

  it('joint acceptance: each event its parties, once; an opinion that leaves the round open tells no one', async () => {
    const w = await known()
    const { messages: toDepartments } = await tells(AcceptanceStartedV1, { case: aCase() }, 2)
    expect(parties(toDepartments)).toEqual(['department:archives', 'department:natural-resources'])
    expect(toDepartments[0]?.title).toBe('联合验收已受理')
    expect(toDepartments[0]?.body).toContain(
      '验收事项：规划条件核实（佛山市自然资源局）、消防验收（佛山市住房城乡建设局）',
    )

    const { messages: attend } = await tells(
      AcceptanceInspectionScheduledV1,
      { case: aCase({ status: 'scheduled', inspection, version: 2 }) },
      3,
    )
    expect(parties(attend)).toEqual(['department:archives', 'department:natural-resources', owner])
    expect(attend[0]?.body).toContain('现场验收定于2026年5月20日在“禅城区某路1号”进行')

    const rectify = aCase().items.map((i) =>
      i.department === 'archives' ? { ...i, status: 'rectify' as const, defects: ['竣工图不全'] } : i,
    )
    // The round still open (two items pending): no one is told from here.
    await tellsNoOne(
      AcceptanceOpinionRecordedV1,
      { case: aCase({ status: 'scheduled', inspection, items: rectify, version: 3 }) },
      'notification-acceptance-rectify',
    )
    const rounded = aCase().items.map((i) =>
      i.department === 'archives'
        ? { ...i, status: 'rectify' as const, defects: ['竣工图不全'] }
        : { ...i, status: 'passed' as const },
    )
    const { messages: toOwner } = await tells(
      AcceptanceOpinionRecordedV1,
      {
        case: aCase({
          status: 'rectifying',
          inspection,
          items: rounded,
          version: 5,
          updatedAt: '2026-05-20T08:00:00.000Z',
        }),
      },
      1,
    )
    expect(parties(toOwner)).toEqual([owner])
    expect(toOwner[0]?.title).toBe('联合验收需整改')
    expect(toOwner[0]?.body).toContain('建设工程档案验收（佛山市城建档案馆）：“竣工图不全”')

    const passedCase = aCase({
      status: 'passed',
      inspection,
      items: aCase().items.map((i) => ({ ...i, status: 'passed' as const })),
      opinionNumber: 'LHYS-440600-2026-000007',
      opinionIsFiling: true,
      decidedAt: '2026-05-25T03:00:00.000Z',
      version: 8,
    })
    const { eventId: passed, messages: everyone } = await tells(AcceptancePassedV1, { case: passedCase }, 4)
    expect(parties(everyone)).toEqual([
      'department:archives',
      `department:${LEAD}`,
      'department:natural-resources',
      owner,
    ])
    expect(everyone[0]?.body).toContain('已于2026年5月25日通过，联合验收意见书编号 LHYS-440600-2026-000007')
    // The same event again (a relay re-sending it): nothing more.
    await redelivered(AcceptancePassedV1, { case: passedCase }, passed, 4, ['notification-acceptance-passed'])

    const filingForm = { number: 'JGBA-440600-2026-000003', issuedOn: '2026-06-01' }
    const { messages: filing } = await tells(
      AcceptanceFilingIssuedV1,
      { case: { ...passedCase, filingForm, version: 12 } },
      1,
    )
    expect(parties(filing)).toEqual([owner])
    expect(filing[0]?.body).toContain('竣工验收备案表（编号 JGBA-440600-2026-000003）已于2026年6月1日出具')

    // The owner and the lead; the registration office too, in its own words (test/registrar.int.test.ts).
    const { messages: withdrawn } = await tells(
      AcceptancePassRevokedV1,
      {
        item: 'archives-acceptance',
        case: {
          ...passedCase,
          filingForm,
          passRevoked: { item: 'archives-acceptance', department: 'archives', on: '2026-06-10', by: 'r-archives' },
          version: 13,
        },
      },
      3,
    )
    expect(parties(withdrawn)).toEqual([`department:${LEAD}`, owner, 'registrar:registration'])
    expect(withdrawn.find((m) => m.party_kind === 'owner')?.title).toBe('联合验收通过已撤销')

    const { messages: refused } = await tells(
      AcceptanceFailedV1,
      {
        case: aCase({
          status: 'failed',
          inspection,
          items: aCase().items.map((i) =>
            i.department === 'natural-resources'
              ? { ...i, status: 'failed' as const, defects: ['超出规划许可建设'] }
              : { ...i, status: 'passed' as const },
          ),
          decidedAt: '2026-05-26T03:00:00.000Z',
          version: 4,
        }),
      },
      4,
    )
    expect(refused.find((m) => m.party_kind === 'owner')?.body).toContain(
      '未通过的事项：规划条件核实（佛山市自然资源局）：“超出规划许可建设”',
    )

    // What the owner reads in 消息通知: every kind above, by its Chinese title.
    const read = await w.app.inject({
      method: 'GET',
      url: '/messages?limit=100',
      headers: await asCaller('notification', { sub: 'o', role: 'owner', creditCode: OWNER.creditCode }, w.clock),
    })
    const mine = (read.json() as { messages: Array<{ kind: string }> }).messages.map((m) => m.kind)
    for (const kind of [
      'acceptance-inspection-scheduled',
      'acceptance-rectify',
      'acceptance-passed',
      'acceptance-filing-issued',
      'acceptance-pass-revoked',
      'acceptance-failed',
    ])
      expect(mine.filter((k) => k === kind)).toHaveLength(1)
    expect(mine).not.toContain('acceptance-started')
  })

  const aRequest = (over: Partial<Request> = {}): Request => ({
    requestId: uuidv7(),
    projectId: project.projectId,
    applicationId: uuidv7(),
    provider: 'power',
    stage: 'plan',
    lowRisk: false,
    line: { lengthM: 300 },
    owner: OWNER,
    permits: [],
    openedAt: '2026-04-01T02:00:00.000Z',
    version: 2,
    updatedAt: '2026-04-03T02:00:00.000Z',
    ...over,
  })

  it('the hookup: each step finished and the connection tell the owner once; a permit decided alone no one', async () => {
    await known()
    const { messages: step } = await tells(UtilityRequestAdvancedV1, { request: aRequest(), actor: 'staff-power' }, 1)
    expect(parties(step)).toEqual([owner])
    expect(step[0]).toMatchObject({ title: '供电报装进展' })
    expect(step[0]?.body).toContain('的供电报装已于2026年4月3日完成现场踏勘，进入接入方案环节。')

    const permits = [
      { kind: 'road-excavation' as const, status: 'granted' as const },
      { kind: 'green-space' as const, status: 'requested' as const },
    ]
    await tellsNoOne(
      UtilityRequestAdvancedV1,
      { request: aRequest({ stage: 'outside-line-permits', permits, version: 4 }) },
      'notification-utility-step-finished',
    )
    // 容缺后补 at construction, and 容缺受理 while every permit is requested: their snapshots look like a step
    // finished, but they move none.
    const owing = {
      kind: 'road-excavation' as const,
      status: 'granted' as const,
      acceptedOn: '2026-04-05',
      deficiencies: [{ name: '管线平面图', suppliedOn: '2026-04-25' }],
    }
    await tellsNoOne(
      UtilityRequestAdvancedV1,
      {
        request: aRequest({
          stage: 'construction',
          permits: [owing],
          permitsDoneAt: '2026-04-20T02:00:00.000Z',
          version: 7,
        }),
        permitDeficiency: { kind: 'road-excavation', act: 'supplied' },
      },
      'notification-utility-step-finished',
    )
    // The acceptance tells its provider what it owes (outside-line-permits.int.test.ts), never the owner a step.
    const acceptance = {
      request: aRequest({
        stage: 'outside-line-permits',
        permits: [{ ...owing, status: 'requested' as const, deficiencies: [{ name: '管线平面图' }] }],
        version: 5,
      }),
      permitDeficiency: { kind: 'road-excavation' as const, act: 'accepted' as const },
    }
    const accepted = await tells(UtilityRequestAdvancedV1, acceptance, 1)
    await redelivered(UtilityRequestAdvancedV1, acceptance, accepted.eventId, 1, [
      'notification-utility-step-finished',
      'notification-outside-line-permit-accepted',
    ])
    expect(parties(accepted.messages)).toEqual([`provider:${acceptance.request.provider}`])

    const { messages: done } = await tells(
      UtilityConnectedV1,
      { request: aRequest({ stage: 'connected', connectedAt: '2026-06-02T01:00:00.000Z', version: 9 }) },
      1,
    )
    expect(parties(done)).toEqual([owner])
    expect(done[0]?.body).toContain('的供电报装已于2026年6月2日完成接入。')
  })

  it('the property certificate tells its holder the first registration ended', async () => {
    await known()
    const { messages: told } = await tells(
      CertificateIssuedV1,
      {
        certificate: {
          body: {
            certificateId: uuidv7(),
            kind: 'property',
            number: '粤(2026)佛山市不动产权第0000001号',
            title: '不动产权证书',
            projectId: project.projectId,
            owner: OWNER,
            issuer: '佛山市不动产登记中心',
            issuedOn: '2026-06-05',
          },
          algorithm: 'Ed25519',
          keyId: 'k1',
          signature: 'c2lnbmF0dXJl',
        },
        issuedAt: '2026-06-05T02:00:00.000Z',
      },
      1,
    )
    expect(parties(told)).toEqual([owner])
    expect(told[0]?.title).toBe('不动产首次登记已办结')
    expect(told[0]?.body).toContain(
      '佛山市不动产登记中心颁发的《不动产权证书》（编号 粤(2026)佛山市不动产权第0000001号）已签发',
    )
  })

  it('a body that is no acceptance event goes to the dead letters, and tells no one', async () => {
    const w = await known()
    // A case without its items or owner: it fails the contract's schema.
    const body = { case: { caseId: uuidv7(), projectId: project.projectId, status: 'passed' } }
    const { eventId } = await publishBody(w, AcceptancePassedV1.subject, body)
    await expect
      .poll(
        async () =>
          (await w.db.pool.query('SELECT consumer, error FROM dead_letter WHERE event_id = $1', [eventId])).rows.map(
            (r) => r.consumer,
          ),
        { timeout: 15_000 },
      )
      .toEqual(['notification-acceptance-passed'])
    expect(await messagesOfEvent(w, eventId)).toEqual([])
  })
})

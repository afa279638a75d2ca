import {
  type AcceptanceCaseEventBody,
  AcceptancePassRevokedV1,
  CertificateRevokedV1,
  RegistrationAcceptanceResultsUpdatedV1,
  type RegistrationCaseEventBody,
  RegistrationCaseOpenedV1,
} from '@onewindow/contracts'
import { asCaller } from '@onewindow/testing'
import { v7 as uuidv7 } from 'uuid'
import { describe, expect, it } from 'vitest'
import { OWNER } from './helpers.js'
import { owner, parties, projectWorld } from './project-world.js'

// The registration office (不动产登记机构) and a certificate's 注销 (docs/notifications.md#later-stages) on the real
// NATS stream and PostgreSQL: a case opened by itself, its acceptance results updated and the pass it rests on revoked
// each tell the office once, read by any registrar; a revoked certificate tells its holder once; a redelivery adds
// nothing, and an update carrying the revoked pass tells no one (the revocation is told by itself).

type Registration = RegistrationCaseEventBody['case']
type Acceptance = AcceptanceCaseEventBody['case']

const OFFICE = 'registrar:registration'
const LEAD = 'housing-construction'
const REGISTRAR = { sub: 'registrar-1', role: 'registrar' } as const

describe('notifications of the registration office and of a revoked certificate', () => {
  const world = projectWorld('2026-06-02T02:00:00.000Z')
  const { project, known, tells, redelivered, tellsNoOne } = world

  const aRegistration = (over: Partial<Registration> = {}): Registration => ({
    caseId: uuidv7(),
    projectId: project.projectId,
    acceptanceCaseId: uuidv7(),
    caseNumber: 'DJ-440600-2026-000004',
    part: '3号厂房',
    status: 'open',
    clock: { limit: { value: 5, unit: 'W' }, start: '2026-06-02', region: '440600', suspensions: [] },
    acceptanceOpinion: { number: 'LHYS-440600-2026-000007', passedOn: '2026-06-01' },
    openedAt: '2026-05-11T02:00:00.000Z',
    version: 4,
    updatedAt: '2026-06-02T02:00:00.000Z',
    ...over,
  })

  const messagesOf = async (headers: Record<string, string>) => {
    const read = await world.w().app.inject({ method: 'GET', url: '/messages?limit=100', headers })
    expect(read.statusCode, read.body).toBe(200)
    return (read.json() as { messages: Array<{ kind: string; title: string; body: string }> }).messages
  }

  it('a case opened by itself tells the office once, read by any registrar and by no owner', async () => {
    const w = await known()
    const c = aRegistration()
    const { eventId: opened, messages: told } = await tells(RegistrationCaseOpenedV1, { case: c }, 1)
    expect(parties(told)).toEqual([OFFICE])
    expect(told[0]?.title).toBe('不动产首次登记案件已受理')
    expect(told[0]?.body).toContain(
      '（3号厂房）的联合验收已通过（联合验收意见书编号 LHYS-440600-2026-000007），不动产首次登记案件（受理编号 DJ-440600-2026-000004）已于2026年6月2日自动受理（验登合一），办理时限5个工作日。',
    )
    // Redelivered (the relay sending it again): nothing more.
    await redelivered(RegistrationCaseOpenedV1, { case: c }, opened, 1, ['notification-registration-opened'])

    const registrar = await messagesOf(await asCaller('notification', REGISTRAR, w.clock))
    expect(registrar.filter((m) => m.kind === 'registration-case-opened')).toHaveLength(1)
    const another = await messagesOf(await asCaller('notification', { sub: 'registrar-2', role: 'registrar' }, w.clock))
    expect(another.map((m) => m.kind)).toContain('registration-case-opened')
    const theOwner = await messagesOf(
      await asCaller('notification', { sub: 'o', role: 'owner', creditCode: OWNER.creditCode }, w.clock),
    )
    expect(theOwner.map((m) => m.kind)).not.toContain('registration-case-opened')
  })

  it('results updated tell the office once; an update carrying the revoked pass tells no one', async () => {
    await known()
    const results = {
      results: [
        {
          item: 'planning-verification',
          department: 'natural-resources',
          departmentName: '佛山市自然资源局',
          name: '建设工程规划核实意见书',
          number: 'GHHS-1',
          issuedOn: '2026-06-03',
        },
      ],
    }
    const c = aRegistration({ acceptanceResults: results, version: 5, updatedAt: '2026-06-03T02:00:00.000Z' })
    const { eventId: updated, messages: told } = await tells(RegistrationAcceptanceResultsUpdatedV1, { case: c }, 1)
    expect(parties(told)).toEqual([OFFICE])
    expect(told[0]?.title).toBe('登记所依据的验收结果已更新')
    expect(told[0]?.body).toContain('已出具的结果物：佛山市自然资源局《建设工程规划核实意见书》（编号 GHHS-1）')
    await redelivered(RegistrationAcceptanceResultsUpdatedV1, { case: c }, updated, 1, [
      'notification-registration-results',
    ])

    await tellsNoOne(
      RegistrationAcceptanceResultsUpdatedV1,
      {
        case: aRegistration({
          acceptanceResults: { ...results, passRevoked: { item: 'planning-verification', on: '2026-06-10' } },
          version: 6,
        }),
      },
      'notification-registration-results',
    )
  })

  it('the pass revoked tells the office in its words, beside the owner and the lead, each once', async () => {
    await known()
    const acceptance: Acceptance = {
      caseId: uuidv7(),
      projectId: project.projectId,
      projectType: 'industrial-land-with-scheme',
      region: '440600',
      owner: OWNER,
      lead: LEAD,
      leadName: '佛山市住房城乡建设局',
      status: 'passed',
      part: '3号厂房',
      items: [
        {
          item: 'planning-verification',
          itemName: '规划条件核实',
          department: 'natural-resources',
          departmentName: '佛山市自然资源局',
          status: 'committed',
          round: 1,
        },
      ],
      registrationWithAcceptance: false,
      opinionNumber: 'LHYS-440600-2026-000007',
      passRevoked: { item: 'planning-verification', department: 'natural-resources', on: '2026-06-10', by: 'r-nr' },
      openedAt: '2026-05-11T02:00:00.000Z',
      version: 9,
      updatedAt: '2026-06-10T02:00:00.000Z',
    }
    const body = { item: 'planning-verification', case: acceptance }
    const { eventId: revoked, messages: told } = await tells(AcceptancePassRevokedV1, body, 3)
    expect(parties(told)).toEqual([`department:${LEAD}`, owner, OFFICE])
    const office = told.find((m) => m.party_kind === 'registrar')
    expect(office?.title).toBe('登记所依据的联合验收通过已撤销')
    expect(office?.body).toContain(
      '佛山市自然资源局核查发现“规划条件核实”的告知承诺与实际不符，已于2026年6月10日依法撤销',
    )
    expect(office?.body).toContain('依据该验收的不动产首次登记不得办结')
    await redelivered(AcceptancePassRevokedV1, body, revoked, 3, [
      'notification-registrar-pass-revoked',
      'notification-acceptance-pass-revoked',
    ])
  })

  it('a revoked certificate tells its holder once: which, from when and why', async () => {
    await known()
    const body = {
      revocation: {
        certificateId: uuidv7(),
        number: '建字第440600202600001号',
        revokedOn: '2026-07-01',
        reason: '申请人以欺骗手段取得许可，依法撤销',
        revokedAt: '2026-07-01T02:00:00.000Z',
      },
      projectId: project.projectId,
      revokedBy: 'registrar-1',
    }
    const { eventId: revoked, messages: told } = await tells(CertificateRevokedV1, body, 1)
    expect(parties(told)).toEqual([owner])
    expect(told[0]?.title).toBe('证照已注销')
    expect(told[0]?.body).toContain(
      '的证照（编号 建字第440600202600001号）已注销，自2026年7月1日起不再有效，核验结果为“已注销”。注销原因：“申请人以欺骗手段取得许可，依法撤销”。',
    )
    await redelivered(CertificateRevokedV1, body, revoked, 1, ['notification-certificate-revoked'])
  })

  it('a registrar reads the office’s preferences but never sets them; an admin does, naming the office', async () => {
    const w = world.w()
    // Any registrar could otherwise redirect every SMS and e-mail of the office: 403 with its own code, nothing stored.
    const put = await w.app.inject({
      method: 'PUT',
      url: '/preferences',
      headers: await asCaller('notification', REGISTRAR, w.clock),
      payload: { channels: ['sms'], phone: '13800000000' },
    })
    expect([put.statusCode, put.json().code]).toEqual([403, 'NOTIFICATION_OFFICE_PREFERENCES_ADMIN_ONLY'])
    const naming = await w.app.inject({
      method: 'PUT',
      url: '/preferences?office=registration',
      headers: await asCaller('notification', REGISTRAR, w.clock),
      payload: { channels: ['log'] },
    })
    expect([naming.statusCode, naming.json().code]).toEqual([403, 'NOTIFICATION_OFFICE_PREFERENCES_ADMIN_ONLY'])
    const read = async () =>
      (
        await w.app.inject({
          method: 'GET',
          url: '/preferences',
          headers: await asCaller('notification', REGISTRAR, w.clock),
        })
      ).json().preferences
    expect(await read()).toEqual({ party: { kind: 'registrar', id: 'registration' }, channels: ['log'] })

    const admin = await w.app.inject({
      method: 'PUT',
      url: '/preferences?office=registration',
      headers: await asCaller('notification', { sub: 'admin-1', role: 'admin' }, w.clock),
      payload: { channels: ['log', 'email'], email: 'dengji@example.gov.cn' },
    })
    expect(admin.statusCode, admin.body).toBe(200)
    expect(admin.json().preferences.party).toEqual({ kind: 'registrar', id: 'registration' })
    expect(await read()).toMatchObject({ channels: ['log', 'email'], email: 'dengji@example.gov.cn' })
  })

  it('an admin reads an office’s preferences naming it; a member naming it is refused, and no other office’s change', async () => {
    const w = world.w()
    const asAdmin = await asCaller('notification', { sub: 'admin-1', role: 'admin' }, w.clock)
    const readAs = async (headers: Record<string, string>, office: string) =>
      w.app.inject({ method: 'GET', url: `/preferences?office=${office}`, headers })
    // The admin has no party of its own: without naming an office there is nothing to read.
    const own = await w.app.inject({ method: 'GET', url: '/preferences', headers: asAdmin })
    expect([own.statusCode, own.json().code]).toEqual([403, 'NOTIFICATION_NO_PARTY'])
    const put = await w.app.inject({
      method: 'PUT',
      url: '/preferences?office=supervision',
      headers: asAdmin,
      payload: { channels: ['log', 'sms'], phone: '13900000000', quietHours: { from: '22:00', to: '07:00' } },
    })
    expect(put.statusCode, put.body).toBe(200)
    const read = await readAs(asAdmin, 'supervision')
    expect(read.statusCode, read.body).toBe(200)
    expect(read.json().preferences).toMatchObject({
      party: { kind: 'supervisor', id: 'supervision' },
      channels: ['log', 'sms'],
      phone: '13900000000',
      quietHours: { from: '22:00', to: '07:00' },
    })
    expect(read.json().preferences.updatedAt).toBe(put.json().preferences.updatedAt)
    // The 12345 centre's, never set (here): the console only.
    const centre = await readAs(asAdmin, 'hotline-centre')
    expect(centre.json().preferences).toEqual({ party: { kind: 'centre', id: 'hotline-centre' }, channels: ['log'] })
    const member = await readAs(await asCaller('notification', REGISTRAR, w.clock), 'supervision')
    expect([member.statusCode, member.json().code]).toEqual([403, 'NOTIFICATION_OFFICE_PREFERENCES_ADMIN_ONLY'])
    const unknown = await readAs(asAdmin, 'somewhere')
    expect([unknown.statusCode, unknown.json().code]).toEqual([400, 'VALIDATION_FAILED'])
  })
})

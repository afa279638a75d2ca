import { generateKeyPairSync } from 'node:crypto'
import {
  AcceptancePassedV1,
  AcceptanceStartedV1,
  CertificateIssuedV1,
  CertificateReleasedV1,
  CertificateRevokedV1,
  certificateDigest,
  RegistrationCaseOpenedV1,
  RegistrationClockOverdueV1,
  RegistrationClockWarnedV1,
  RegistrationCompletedV1,
  RegistrationPreSurveyPassedV1,
  RegistrationPreSurveyStartedV1,
  type SurveyCommissionSnapshot,
  SurveyCompletedV1,
  TaskRevokedV1,
} from '@onewindow/contracts'
import { schemaDifferences } from '@onewindow/testing'
import { defaultCalendar, evaluateClock } from '@onewindow/workdays'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { onAcceptance, onCompletionSurvey } from '../src/commands.js'
import { signingKeyOf, sm2SigningKeyOf } from '../src/domain/certificate.js'
import type { SignedCertificateValue } from '../src/index.js'
import { prismaSchemaDir, signCertificate } from '../src/index.js'
import {
  acceptanceCase,
  aProject,
  call,
  caseOf,
  OWNER,
  openCase,
  outboxBodies,
  passedCopy,
  publish,
  published,
  registrar,
  registrationWorld,
  type World,
} from './helpers.js'

// Monday 2 March 2026, 10:00 in Shanghai.
const START = '2026-03-02T02:00:00Z'
const owner = { sub: 'owner-1', role: 'owner', creditCode: OWNER.creditCode }

// The registry's keys, held here too, so a test can sign a certificate of the shape issued before a change.
const signingKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
const sm2SigningKey = generateKeyPairSync('ec', { namedCurve: 'SM2' })
  .privateKey.export({ format: 'pem', type: 'pkcs8' })
  .toString()
const signer = { ed25519: signingKeyOf(signingKey), sm2: sm2SigningKeyOf(sm2SigningKey) }

let w: World
beforeAll(async () => {
  w = await registrationWorld(START, { signingKey, sm2SigningKey })
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const VALID = { status: 'valid', genuine: true, checked: ['Ed25519', 'SM2-SM3'] }

const statusOf = async (caseId: string) => (await call(w, 'GET', `/registrations/${caseId}`)).body.case.status

/** 多测合一 — a completed completion-stage survey of the project, of one building (`part`) or of the whole. */
const completionSurvey = (projectId: string, part?: string, areaM2 = 8_120.75): SurveyCommissionSnapshot => ({
  commissionId: uuidv7(),
  projectId,
  ownerCreditCode: OWNER.creditCode,
  stage: 'completion',
  ...(part === undefined ? {} : { part }),
  surveyor: { name: '佛山市示例测绘有限公司', creditCode: '91440604MA52ABC135' },
  items: [{ item: 'floor-area-survey', name: '房产测量', source: 'test' }],
  status: 'completed',
  commissionedAt: '2026-03-02T02:00:00.000Z',
  commissionedOn: '2026-03-02',
  results: [{ item: 'floor-area-survey', documentRef: 'https://survey.example/r', areaM2 }],
  completedAt: '2026-03-03T02:00:00.000Z',
  revision: 2,
})

describe('registration service', () => {
  it('has the tables its Prisma schema describes', async () => {
    expect(await schemaDifferences(prismaSchemaDir, w.db.pool, w.db.schema)).toEqual([])
  })

  it('pre-survey from acceptance start → pass → opens with a 3 W clock on the pass → complete → a certificate that verifies', async () => {
    const projectId = await aProject(w)
    const acceptance = acceptanceCase(projectId, false)
    await publish(w, AcceptanceStartedV1, { case: acceptance, actor: 'lead-1' }, acceptance.caseId)
    const caseId = await caseOf(w, acceptance.caseId)
    expect((await call(w, 'GET', `/registrations/${caseId}`)).body.case).toMatchObject({
      status: 'pre-survey',
      projectId,
      acceptanceCaseId: acceptance.caseId,
      version: 1,
    })

    expect(
      (await call(w, 'POST', `/registrations/${caseId}/actions`, owner, { action: 'pass-pre-survey' })).status,
    ).toBe(403)
    expect(
      await call(w, 'POST', `/registrations/${caseId}/actions`, undefined, { action: 'pass-pre-survey' }),
    ).toMatchObject({
      status: 401,
      body: {
        code: 'REGISTRATION_ACTOR_REQUIRED',
        errors: [{ field: '/headers/x-onewindow-assertion', message: 'carries no actor' }],
      },
    })
    const early = await call(w, 'POST', `/registrations/${caseId}/actions`, registrar, { action: 'complete' })
    expect(early).toMatchObject({
      status: 409,
      body: { status: 409, code: 'REGISTRATION_CASE_NOT_OPEN', caseStatus: 'pre-survey' },
    })

    const passed = await call(w, 'POST', `/registrations/${caseId}/actions`, registrar, { action: 'pass-pre-survey' })
    expect(passed).toMatchObject({ status: 200, body: { case: { status: 'pre-survey-passed', version: 2 } } })

    // Joint acceptance passes on Wednesday: the case opens by itself, its 3 W clock from that day.
    w.clock.set('2026-03-04T03:00:00Z')
    await publish(w, AcceptancePassedV1, { case: passedCopy(acceptance), actor: 'lead-1' }, acceptance.caseId)
    await expect.poll(() => statusOf(caseId)).toBe('open')
    const open = (await call(w, 'GET', `/registrations/${caseId}`)).body.case
    expect(open.clock).toEqual({
      limit: { value: 3, unit: 'W' },
      start: '2026-03-04',
      region: '440600',
      suspensions: [],
    })
    // 004:1816, 004:2169: the case names the 联合验收意见书 it rests on and the day it passed (the acceptance's
    // decision day in China), stored with the case and carried by the event that opened it; the owner stays home.
    const opinion = { number: 'JYS-2026-0001', passedOn: '2026-03-04' }
    expect(open.acceptanceOpinion).toEqual(opinion)
    expect(open.owner).toBeUndefined()
    const openedEvent = (await outboxBodies(w, RegistrationCaseOpenedV1)).find((b) => b.case.caseId === caseId)
    expect(openedEvent?.case.acceptanceOpinion).toEqual(opinion)

    const badCode = await call(w, 'POST', `/registrations/${caseId}/actions`, registrar, {
      action: 'complete',
      unitCode: '4406',
    })
    expect(badCode.status).toBe(400)
    expect(badCode.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: '/body/unitCode' })]))

    w.clock.set('2026-03-06T03:00:00Z')
    const done = await call(w, 'POST', `/registrations/${caseId}/actions`, registrar, {
      action: 'complete',
      parcel: 'Lot 7, Shunde Hi-tech Zone',
    })
    expect(done).toMatchObject({
      status: 200,
      body: { case: { status: 'completed', completedAt: '2026-03-06T03:00:00.000Z' } },
    })
    const certificateId: string = done.body.case.certificateId

    const got = await call(w, 'GET', `/certificates/${certificateId}`)
    expect(got.status).toBe(200)
    const certificate: SignedCertificateValue = got.body.certificate
    expect(certificate.body).toMatchObject({
      certificateId,
      kind: 'property',
      title: '不动产权证书',
      // Foshan's catalogue gives 不动产首次登记 to its natural-resources bureau (seeds/004_33317a5f04b53a73.txt:2169).
      issuer: '佛山市自然资源局',
      projectId,
      owner: OWNER,
      parcel: 'Lot 7, Shunde Hi-tech Zone',
      floorAreaM2: 36_500.5,
      issuedOn: '2026-03-06',
    })
    expect(certificate.body.number).toMatch(/^粤\(2026\)440600不动产权第\d{7}号$/)
    // The case names its certificate by the number on it, in the answer and in the event that completes it.
    expect(done.body.case.certificateNumber).toBe(certificate.body.number)
    expect(certificate.body.unitCode).toMatch(/^440600001001GB\d{5}F00010001$/)

    expect((await call(w, 'POST', '/certificates/verify', undefined, { certificate })).body).toEqual(VALID)
    const altered = { ...certificate, body: { ...certificate.body, floorAreaM2: 46_500.5 } }
    const verdict = await call(w, 'POST', '/certificates/verify', undefined, { certificate: altered })
    expect(verdict).toMatchObject({
      status: 200,
      body: { status: 'invalid', genuine: false, reason: expect.any(String) },
    })
    const renamed = { ...certificate, body: { ...certificate.body, owner: { ...OWNER, name: 'Someone Else Ltd' } } }
    expect((await call(w, 'POST', '/certificates/verify', undefined, { certificate: renamed })).body.genuine).toBe(
      false,
    )

    const { signature: _s, ...unsigned } = certificate
    const malformed = await call(w, 'POST', '/certificates/verify', undefined, { certificate: unsigned })
    expect(malformed.status).toBe(400)
    expect(malformed.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: '/body/certificate/signature' })]),
    )
    // The route is public: a member the certificate does not have, at any level, or a code out of its format, is
    // refused by name (the event's schema reads tolerantly; this body does not).
    const refused = {
      '/body/certificate/body/extra': { ...certificate, body: { ...certificate.body, extra: 'x' } },
      '/body/certificate/body/owner/extra': {
        ...certificate,
        body: { ...certificate.body, owner: { ...certificate.body.owner, extra: 'x' } },
      },
      '/body/certificate/extra': { ...certificate, extra: 'x' },
      '/body/certificate/sm2/extra': { ...certificate, sm2: { ...certificate.sm2, extra: 'x' } },
      '/body/certificate/signature': { ...certificate, signature: `${certificate.signature}==` },
      '/body/certificate/body/unitCode': { ...certificate, body: { ...certificate.body, unitCode: '440600-001' } },
    }
    for (const [field, sent] of Object.entries(refused)) {
      const res = await call(w, 'POST', '/certificates/verify', undefined, { certificate: sent })
      expect(res.status, field).toBe(400)
      expect(res.body.errors, field).toEqual(expect.arrayContaining([expect.objectContaining({ field })]))
    }

    const keys = (await call(w, 'GET', '/keys')).body.keys
    expect(keys).toEqual([
      {
        keyId: certificate.keyId,
        algorithm: 'Ed25519',
        publicKeyPem: expect.stringMatching(/BEGIN PUBLIC KEY/),
        current: true,
      },
      {
        keyId: certificate.sm2?.keyId,
        algorithm: 'SM2-SM3',
        publicKeyPem: expect.stringMatching(/BEGIN PUBLIC KEY/),
        publicKeyHex: expect.stringMatching(/^04[0-9a-f]{128}$/),
        userId: '1234567812345678',
        current: true,
      },
    ])

    // What went out on the stream, in order, each with the case as it stood then.
    await expect
      .poll(async () => ({
        started: (await published(w.nc, w.topology, RegistrationPreSurveyStartedV1)).filter(
          (b) => b.case.caseId === caseId,
        ).length,
        passed: (await published(w.nc, w.topology, RegistrationPreSurveyPassedV1)).filter(
          (b) => b.case.caseId === caseId,
        ).length,
        opened: (await published(w.nc, w.topology, RegistrationCaseOpenedV1))
          .filter((b) => b.case.caseId === caseId)
          .map((b) => b.case.version),
        completed: (await published(w.nc, w.topology, RegistrationCompletedV1))
          .filter((b) => b.case.caseId === caseId)
          .map((b) => [b.case.version, b.actor, b.case.certificateNumber]),
        certificates: (await published(w.nc, w.topology, CertificateIssuedV1))
          .filter((b) => b.certificate.body.certificateId === certificateId)
          .map((b) => b.certificate),
      }))
      .toEqual({
        started: 1,
        passed: 1,
        opened: [3],
        completed: [[4, 'registrar-1', certificate.body.number]],
        certificates: [certificate],
      })
  })

  it('验收即发证: the pass completes the case and issues the certificate in the same transaction', async () => {
    const projectId = await aProject(w)
    const acceptance = acceptanceCase(projectId, true)
    // The pass arrives before the start: the case is created from whichever comes first.
    await publish(w, AcceptancePassedV1, { case: passedCopy(acceptance) }, acceptance.caseId)
    const caseId = await caseOf(w, acceptance.caseId)
    await publish(w, AcceptanceStartedV1, { case: acceptance }, acceptance.caseId)
    expect(await statusOf(caseId)).toBe('pre-survey')

    w.clock.set('2026-03-05T03:00:00Z')
    const passed = await call(w, 'POST', `/registrations/${caseId}/actions`, registrar, { action: 'pass-pre-survey' })
    expect(passed.body.case).toMatchObject({ status: 'completed', certificateId: expect.any(String) })
    const { rows } = await w.db.pool.query('SELECT kind, project_id::text FROM certificate WHERE id = $1', [
      passed.body.case.certificateId,
    ])
    expect(rows).toEqual([{ kind: 'property', project_id: projectId }])
    const certificate = (await call(w, 'GET', `/certificates/${passed.body.case.certificateId}`)).body.certificate
    expect((await call(w, 'POST', '/certificates/verify', undefined, { certificate })).body).toEqual(VALID)
    expect(passed.body.case.certificateNumber).toBe(certificate.body.number)
    const again = await call(w, 'POST', `/registrations/${caseId}/actions`, registrar, { action: 'complete' })
    expect(again).toMatchObject({ status: 409, body: { code: 'REGISTRATION_CASE_NOT_OPEN' } })
  })

  it('验收即发证 with the pre-survey done first: the pass itself issues the certificate', async () => {
    const projectId = await aProject(w)
    const acceptance = acceptanceCase(projectId, true)
    await publish(w, AcceptanceStartedV1, { case: acceptance }, acceptance.caseId)
    const caseId = await caseOf(w, acceptance.caseId)
    await call(w, 'POST', `/registrations/${caseId}/actions`, registrar, { action: 'pass-pre-survey' })
    await publish(w, AcceptancePassedV1, { case: passedCopy(acceptance) }, acceptance.caseId)
    await expect
      .poll(async () => {
        // Case and certificate are read in one statement: never one without the other.
        const { rows } = await w.db.pool.query<{ status: string; certs: number }>(
          `SELECT c.status, (SELECT count(*)::int FROM certificate WHERE source_key = 'property/' || c.id::text) AS certs
             FROM registration_case c WHERE c.id = $1`,
          [caseId],
        )
        return rows[0]
      })
      .toEqual({ status: 'completed', certs: 1 })
  })

  it('竣工一幢、验收一幢、登记一幢: two buildings accepted apart are two cases, each naming its building, as its certificate does', async () => {
    const projectId = await aProject(w)
    const buildings = ['1号厂房', '2号厂房']
    const acceptances = buildings.map((part) => ({ ...acceptanceCase(projectId, false), part }))
    const caseIds: string[] = []
    for (const acceptance of acceptances) {
      await publish(w, AcceptanceStartedV1, { case: acceptance }, acceptance.caseId)
      const caseId = await caseOf(w, acceptance.caseId)
      caseIds.push(caseId)
      await call(w, 'POST', `/registrations/${caseId}/actions`, registrar, { action: 'pass-pre-survey' })
      await publish(w, AcceptancePassedV1, { case: passedCopy(acceptance) }, acceptance.caseId)
      await expect.poll(() => statusOf(caseId)).toBe('open')
    }
    expect(new Set(caseIds).size).toBe(2)
    const certificates: SignedCertificateValue[] = []
    for (const [i, caseId] of caseIds.entries()) {
      expect((await call(w, 'GET', `/registrations/${caseId}`)).body.case).toMatchObject({
        projectId,
        part: buildings[i],
        status: 'open',
      })
      // The first building's area as the registrar records it; the second's is not recorded.
      const done = await call(w, 'POST', `/registrations/${caseId}/actions`, registrar, {
        action: 'complete',
        ...(i === 0 ? { floorAreaM2: 1_234.5 } : {}),
      })
      expect(done.body.case).toMatchObject({ status: 'completed', part: buildings[i] })
      const got = await call(w, 'GET', `/certificates/${done.body.case.certificateId}`)
      certificates.push(got.body.certificate)
    }
    // Each property certificate names the building it registers, under its signatures: it verifies as issued, and a
    // certificate whose building is renamed, or dropped, is not genuine.
    expect(certificates.map((c) => [c.body.projectId, c.body.part])).toEqual(buildings.map((b) => [projectId, b]))
    // A building's certificate carries the building's floor area, never the project's (36,500.5 m² declared).
    expect(certificates.map((c) => (c.body as { floorAreaM2?: number }).floorAreaM2)).toEqual([1_234.5, undefined])
    // One parcel, two buildings: the second's 不动产单元代码 keeps the first's 宗地代码 and is building 0002.
    const [firstCode, secondCode] = certificates.map((c) => (c.body as { unitCode: string }).unitCode) as [
      string,
      string,
    ]
    expect(firstCode).toMatch(/^\d{12}GB\d{5}F00010001$/)
    expect(secondCode).toBe(`${firstCode.slice(0, 19)}F00020001`)
    const [first] = certificates as [SignedCertificateValue]
    expect((await call(w, 'POST', '/certificates/verify', undefined, { certificate: first })).body).toEqual(VALID)
    const renamed = { ...first, body: { ...first.body, part: buildings[1] } }
    expect((await call(w, 'POST', '/certificates/verify', undefined, { certificate: renamed })).body.genuine).toBe(
      false,
    )
    const { part: _dropped, ...unnamed } = first.body
    expect(
      (await call(w, 'POST', '/certificates/verify', undefined, { certificate: { ...first, body: unnamed } })).body
        .genuine,
    ).toBe(false)
    // Every event names the case's building, so the gateway's read model does; and so does the issued certificate.
    const ofCases = async (
      event: typeof RegistrationPreSurveyStartedV1 | typeof RegistrationCaseOpenedV1 | typeof RegistrationCompletedV1,
    ) => (await outboxBodies(w, event)).filter((b) => caseIds.includes(b.case.caseId)).map((b) => b.case.part)
    expect(await ofCases(RegistrationPreSurveyStartedV1)).toEqual(buildings)
    expect(await ofCases(RegistrationCaseOpenedV1)).toEqual(buildings)
    expect(await ofCases(RegistrationCompletedV1)).toEqual(buildings)
    expect(
      (await outboxBodies(w, CertificateIssuedV1))
        .filter((b) => b.certificate.body.projectId === projectId)
        .map((b) => b.certificate.body.part),
    ).toEqual(buildings)

    // A joint acceptance of the whole project (no part, or an empty one) registers the whole project: no part named.
    for (const part of [undefined, '']) {
      const whole = { ...acceptanceCase(await aProject(w), true), ...(part === undefined ? {} : { part }) }
      await publish(w, AcceptanceStartedV1, { case: whole }, whole.caseId)
      const caseId = await caseOf(w, whole.caseId)
      const passed = await call(w, 'POST', `/registrations/${caseId}/actions`, registrar, { action: 'pass-pre-survey' })
      expect(passed.body.case.part).toBeUndefined()
      await publish(w, AcceptancePassedV1, { case: passedCopy(whole) }, whole.caseId)
      await expect.poll(() => statusOf(caseId)).toBe('completed')
      const { certificateId } = (await call(w, 'GET', `/registrations/${caseId}`)).body.case
      const body = (await call(w, 'GET', `/certificates/${certificateId}`)).body.certificate.body
      expect('part' in body).toBe(false)
    }
  })

  it('竣工一幢、登记一幢: a completion survey of one building passes that building’s pre-survey and gives its certificate the area', async () => {
    const projectId = await aProject(w)
    const survey = (part?: string, areaM2?: number) => completionSurvey(projectId, part, areaM2)
    const completed = (c: SurveyCommissionSnapshot) => publish(w, SurveyCompletedV1, { commission: c }, c.commissionId)
    const start = async (part: string, carried?: SurveyCommissionSnapshot) => {
      const a = { ...acceptanceCase(projectId, false), part }
      const { commissionId, surveyor, completedAt, results } = carried ?? survey()
      const withSurvey = carried
        ? {
            ...a,
            survey: {
              commissionId,
              ...(carried.part ? { part: carried.part } : {}),
              surveyor,
              completedAt: completedAt as string,
              results: results ?? [],
            },
          }
        : a
      await publish(w, AcceptanceStartedV1, { case: withSurvey }, a.caseId)
      return { acceptance: a, caseId: await caseOf(w, a.caseId) }
    }
    const one = await start('1号厂房')
    const two = await start('2号厂房')
    // The first building's survey passes the first building's pre-survey only; the whole project's passes neither
    // building's (it is the whole project's case's, which this project has not yet).
    await completed(survey('1号厂房'))
    await expect.poll(() => statusOf(one.caseId)).toBe('pre-survey-passed')
    const wholeEvent = await completed(survey(undefined, 36_480))
    await expect
      .poll(
        async () => (await w.db.pool.query('SELECT 1 FROM inbox_message WHERE event_id = $1', [wholeEvent])).rowCount,
      )
      .toBe(1)
    expect(await statusOf(two.caseId)).toBe('pre-survey')
    // The survey an acceptance case carries (its building's, else the whole project's) passes its building only.
    const three = await start('3号厂房', survey('3号厂房', 5_000))
    expect(await statusOf(three.caseId)).toBe('pre-survey-passed')
    const four = await start('4号厂房', survey(undefined, 36_480))
    expect(await statusOf(four.caseId)).toBe('pre-survey')
    expect((await call(w, 'GET', `/registrations/${one.caseId}`)).body.case.preSurveyBy).toMatchObject({
      part: '1号厂房',
      floorAreaM2: 8_120.75,
    })
    // Its certificate carries its own building's 房产测量 when the registrar records none.
    await publish(w, AcceptancePassedV1, { case: passedCopy(one.acceptance) }, one.acceptance.caseId)
    await expect.poll(() => statusOf(one.caseId)).toBe('open')
    const done = await call(w, 'POST', `/registrations/${one.caseId}/actions`, registrar, { action: 'complete' })
    expect(done.body.case).toMatchObject({ status: 'completed', part: '1号厂房' })
    const certificate = (await call(w, 'GET', `/certificates/${done.body.case.certificateId}`)).body.certificate
    expect(certificate.body).toMatchObject({ part: '1号厂房', floorAreaM2: 8_120.75 })
  })

  const onCompletionSurveyCommitted = (projectId: string, survey: Parameters<typeof onCompletionSurvey>[3]) =>
    w.app.deps.commands.transaction((tx) =>
      onCompletionSurvey(w.app.deps.commands, tx, projectId, survey, w.clock.now()),
    )

  it('多测合一: a building surveyed after its acceptance case opened and before registration created its case still passes on its own survey', async () => {
    const projectId = await aProject(w)
    const survey = (part?: string, areaM2?: number) => completionSurvey(projectId, part, areaM2)
    const handled = async (eventId: string) =>
      expect
        .poll(
          async () => (await w.db.pool.query('SELECT 1 FROM inbox_message WHERE event_id = $1', [eventId])).rowCount,
        )
        .toBe(1)
    const completed = async (c: SurveyCommissionSnapshot) =>
      handled(await publish(w, SurveyCompletedV1, { commission: c }, c.commissionId))
    // Each acceptance case opened before its building's survey completed, so none carries a survey; registration
    // hears of the survey first (its case is not there yet), then of the acceptance case.
    const one = { ...acceptanceCase(projectId, false), part: '1号厂房' }
    const two = { ...acceptanceCase(projectId, false), part: '2号厂房' }
    const own = survey('1号厂房')
    await completed(own)
    await completed(survey(undefined, 36_480))
    // A redelivered survey (the same commission again) keeps nothing new.
    await completed(own)
    expect(
      (await w.db.pool.query('SELECT part FROM completion_survey WHERE project_id = $1 ORDER BY part', [projectId]))
        .rows,
    ).toEqual([{ part: '1号厂房' }, { part: null }])
    await publish(w, AcceptanceStartedV1, { case: one }, one.caseId)
    await publish(w, AcceptanceStartedV1, { case: two }, two.caseId)
    const first = await caseOf(w, one.caseId)
    const second = await caseOf(w, two.caseId)
    await expect.poll(() => statusOf(first)).toBe('pre-survey-passed')
    expect((await call(w, 'GET', `/registrations/${first}`)).body.case.preSurveyBy).toEqual({
      commissionId: own.commissionId,
      part: '1号厂房',
      surveyor: '佛山市示例测绘有限公司',
      surveyedAt: '2026-03-03T02:00:00.000Z',
      floorAreaM2: 8_120.75,
    })
    // The second building has no survey of its own: the whole project's does not pass it (it did not measure it).
    expect(await statusOf(second)).toBe('pre-survey')
    // Its survey arriving later passes it as before; the pass arriving first, a third building opens at once.
    await completed(survey('2号厂房', 5_000))
    await expect.poll(() => statusOf(second)).toBe('pre-survey-passed')
    const three = { ...acceptanceCase(projectId, false), part: '3号厂房' }
    await completed(survey('3号厂房', 4_000))
    await publish(w, AcceptancePassedV1, { case: passedCopy(three) }, three.caseId)
    await expect.poll(async () => statusOf(await caseOf(w, three.caseId))).toBe('open')
    // Each building's pre-survey passed once, however often its survey arrived.
    const passedOnce = (await outboxBodies(w, RegistrationPreSurveyPassedV1)).filter(
      (e) => e.case.projectId === projectId,
    )
    expect(passedOnce.map((e) => e.case.part).sort()).toEqual(['1号厂房', '2号厂房', '3号厂房'])

    // The two at once: the survey kept (and no case found) but not committed yet, the acceptance case's consumer
    // waits on the project's survey lock instead of creating the case without the survey.
    const deps = w.app.deps.commands
    const four = { ...acceptanceCase(projectId, false), part: '4号厂房' }
    const fourth = survey('4号厂房', 3_000)
    let release = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    let kept = () => {}
    const keptNotCommitted = new Promise<void>((resolve) => {
      kept = resolve
    })
    const surveyTx = deps.transaction(async (tx) => {
      await onCompletionSurvey(
        deps,
        tx,
        projectId,
        { commissionId: fourth.commissionId, part: '4号厂房', results: fourth.results ?? [] },
        w.clock.now(),
      )
      kept()
      await held
    })
    await keptNotCommitted
    let created = false
    const acceptanceTx = deps
      .transaction((tx) => onAcceptance(deps, tx, four, false, w.clock.now()))
      .then(() => {
        created = true
      })
    const waiting = async () =>
      (
        await w.db.pool.query(
          `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = hashtext($1)::oid`,
          [projectId],
        )
      ).rowCount
    await expect.poll(async () => created || (await waiting()) === 1).toBe(true)
    release()
    await Promise.all([surveyTx, acceptanceTx])
    expect(await statusOf(await caseOf(w, four.caseId))).toBe('pre-survey-passed')
  })

  it('多测合一: a kept survey that does not read as one is passed over, and the building surveyed beside it still passes', async () => {
    const projectId = await aProject(w)
    const commissionId = uuidv7()
    // Damaged in storage: no results. Kept for the same building, newer than the good one, so it is read first.
    await w.db.pool.query(
      `INSERT INTO completion_survey (commission_id, project_id, part, survey, received_at)
       VALUES ($1, $2, '5号厂房', $3, now() + interval '1 hour')`,
      [uuidv7(), projectId, JSON.stringify({ commissionId: uuidv7(), part: '5号厂房' })],
    )
    await onCompletionSurveyCommitted(projectId, {
      commissionId,
      part: '5号厂房',
      results: [{ item: 'floor-area-survey', areaM2: 2_500 }],
    })
    const five = { ...acceptanceCase(projectId, false), part: '5号厂房' }
    await publish(w, AcceptanceStartedV1, { case: five }, five.caseId)
    const fifth = await caseOf(w, five.caseId)
    await expect.poll(() => statusOf(fifth)).toBe('pre-survey-passed')
    expect((await call(w, 'GET', `/registrations/${fifth}`)).body.case.preSurveyBy).toMatchObject({
      commissionId,
      floorAreaM2: 2_500,
    })
  })

  it('CertificateReleasedV1 → one signed permit per -permit item of the step, once however often it arrives', async () => {
    const projectId = await aProject(w)
    const applicationId = uuidv7()
    const released = { applicationId, projectId, step: 'permits', releasedAt: '2026-03-02T02:00:00.000Z' }
    const first = await publish(w, CertificateReleasedV1, released, applicationId)
    const second = await publish(w, CertificateReleasedV1, released, applicationId)
    const permits = async () =>
      (
        await w.db.pool.query<{ signed: SignedCertificateValue }>(
          "SELECT signed FROM certificate WHERE project_id = $1 AND kind = 'permit' ORDER BY number",
          [projectId],
        )
      ).rows.map((r) => r.signed)
    await expect
      .poll(async () => (await permits()).map((c) => c.body.item))
      .toEqual(['engineering-planning-permit', 'construction-permit'])
    await expect
      .poll(
        async () =>
          (await published(w.nc, w.topology, CertificateIssuedV1)).filter(
            (b) => b.certificate.body.projectId === projectId,
          ).length,
      )
      .toBe(2)
    // Each is named as the document (not the matter, 建设工程规划许可证核发) and issued by its deciding department as
    // Foshan's catalogue names it.
    expect((await permits()).map((c) => [c.body.item, c.body.title, c.body.issuer])).toEqual([
      ['engineering-planning-permit', '建设工程规划许可证', '佛山市自然资源局'],
      ['construction-permit', '建筑工程施工许可证', '佛山市住房城乡建设局'],
    ])
    for (const certificate of await permits()) {
      expect(certificate.body).toMatchObject({ kind: 'permit', owner: OWNER, projectId })
      expect((await call(w, 'POST', '/certificates/verify', undefined, { certificate })).body).toEqual(VALID)
      // One issued before certificates named their issuer, signed then by the registry's key: still valid.
      const { issuer: _none, ...before } = certificate.body
      const old = signCertificate(before, signer)
      expect((await call(w, 'POST', '/certificates/verify', undefined, { certificate: old })).body).toEqual(VALID)
      // An issuer written onto it afterwards is not the registry's.
      const stamped = { ...old, body: { ...old.body, issuer: '不动产登记机构' } }
      expect((await call(w, 'POST', '/certificates/verify', undefined, { certificate: stamped })).body.status).toBe(
        'invalid',
      )
    }
    // Both deliveries were handled (both ids are in the inbox), and there are still two permits.
    await expect
      .poll(
        async () =>
          (await w.db.pool.query('SELECT 1 FROM inbox_message WHERE event_id = ANY($1::uuid[])', [[first, second]]))
            .rowCount,
      )
      .toBe(2)
    expect(await permits()).toHaveLength(2)
  })

  // 容缺: a step approved while materials are owed has its certificates withheld until they are made good (intake
  // releases them on the last cure). Found not made good, the decision is revoked (依法撤销, 004:1860) before any
  // certificate exists; a cure that comes after must not issue one.
  it('a permit decision revoked before its certificate was released is never issued; the other items are', async () => {
    const projectId = await aProject(w)
    const applicationId = uuidv7()
    const revokedTask = {
      taskId: uuidv7(),
      applicationId,
      projectId,
      step: 'permits',
      item: 'construction-permit',
      itemName: '建筑工程施工许可证核发',
      department: 'housing',
      departmentName: '住房城乡建设局',
      status: 'revoked' as const,
      nationalCode: 15,
      version: 3,
      supplementRoundsUsed: 0,
      clocks: { statutory: { limit: { value: 20, unit: 'W' as const }, start: '2026-03-02', suspensions: [] } },
      dueOn: '2026-03-30',
      updatedAt: '2026-03-20T02:00:00Z',
      revocation: {
        reason: '容缺材料逾期未补齐',
        legalBasis: '行政许可法第六十九条',
        revokedAt: '2026-03-20T02:00:00Z',
        revokedOn: '2026-03-20',
      },
    }
    const revoked = await publish(w, TaskRevokedV1, { task: revokedTask }, revokedTask.taskId)
    await publish(w, TaskRevokedV1, { task: revokedTask }, revokedTask.taskId)
    const handled = (id: string) => async () =>
      (await w.db.pool.query('SELECT 1 FROM inbox_message WHERE event_id = $1::uuid', [id])).rowCount
    await expect.poll(handled(revoked)).toBe(1)
    const release = await publish(
      w,
      CertificateReleasedV1,
      { applicationId, projectId, step: 'permits', releasedAt: '2026-03-25T02:00:00.000Z' },
      applicationId,
    )
    await expect.poll(handled(release)).toBe(1)
    const { rows } = await w.db.pool.query<{ item: string }>(
      "SELECT signed->'body'->>'item' AS item FROM certificate WHERE project_id = $1 AND kind = 'permit'",
      [projectId],
    )
    expect(rows.map((r) => r.item)).toEqual(['engineering-planning-permit'])
    const kept = await w.db.pool.query('SELECT reason FROM revoked_permit_decision WHERE source_key LIKE $1', [
      `%${applicationId}%`,
    ])
    expect(kept.rows).toEqual([{ reason: '撤销 of the permit decision (行政许可法第六十九条): 容缺材料逾期未补齐' }])
  })

  it('answers 404 for an unknown case or certificate', async () => {
    expect((await call(w, 'GET', `/registrations/${uuidv7()}`)).body.code).toBe('REGISTRATION_CASE_NOT_FOUND')
    const missing = await call(w, 'GET', `/certificates/${uuidv7()}`)
    expect(missing).toMatchObject({ status: 404, body: { code: 'REGISTRATION_CERTIFICATE_NOT_FOUND' } })
  })
})

describe('revocation (注销) and the QR form of verification', () => {
  /** Two permits issued today for a fresh project, read from the table. */
  async function twoPermits(): Promise<SignedCertificateValue[]> {
    const projectId = await aProject(w)
    const applicationId = uuidv7()
    const released = { applicationId, projectId, step: 'permits', releasedAt: w.clock.now().toISOString() }
    await publish(w, CertificateReleasedV1, released, applicationId)
    let rows: SignedCertificateValue[] = []
    await expect
      .poll(async () => {
        const r = await w.db.pool.query<{ signed: SignedCertificateValue }>(
          "SELECT signed FROM certificate WHERE project_id = $1 AND kind = 'permit' ORDER BY number",
          [projectId],
        )
        rows = r.rows.map((x) => x.signed)
        return rows.length
      })
      .toBe(2)
    return rows
  }
  const qr = (id: string, d: string) => call(w, 'GET', `/certificates/verify?id=${id}&d=${d}`)
  const revocationRows = async (id: string) =>
    (await w.db.pool.query('SELECT 1 FROM certificate_revocation WHERE certificate_id = $1', [id])).rowCount
  const revokedEvents = async (id: string) =>
    (await outboxBodies(w, CertificateRevokedV1)).filter((b) => b.revocation.certificateId === id)

  it('verifies by id and digest, answering the registry copy; a wrong digest or an unknown id answers alike', async () => {
    w.clock.set('2026-03-09T03:00:00Z')
    const [certificate] = await twoPermits()
    if (!certificate) throw new Error('no permit')
    const id = certificate.body.certificateId
    const d = certificateDigest(certificate.body)
    expect(d).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect((await qr(id, d)).body).toEqual({ ...VALID, certificate })
    const otherDigest = certificateDigest({ ...certificate.body, title: 'forged' })
    const wrong = await qr(id, otherDigest)
    const unknown = await qr(uuidv7(), d)
    expect(wrong).toEqual({
      status: 200,
      body: { status: 'invalid', genuine: false, reason: 'no certificate with this id and digest was issued here' },
    })
    expect(unknown).toEqual(wrong)
    for (const [url, field] of [
      [`/certificates/verify?id=${id}&d=${d.slice(1)}`, '/querystring/d'],
      [`/certificates/verify?id=${id}&d=${d}!`, '/querystring/d'],
      [`/certificates/verify?id=nope&d=${d}`, '/querystring/id'],
      [`/certificates/verify?id=${id}`, '/querystring/d'],
    ] as const) {
      const res = await call(w, 'GET', url)
      expect(res.status, url).toBe(400)
      expect(res.body.errors, url).toEqual(expect.arrayContaining([expect.objectContaining({ field })]))
    }
  })

  it('a registrar revokes with a reason and a day from the issue day to today; verification then says revoked', async () => {
    w.clock.set('2026-03-10T03:00:00Z')
    const [revoked, kept] = await twoPermits()
    if (!revoked || !kept) throw new Error('no permits')
    w.clock.set('2026-03-12T03:00:00Z')
    const id = revoked.body.certificateId
    const url = `/certificates/${id}/revoke`
    const reason = '以欺骗手段取得许可 (permit obtained by deception)'

    const refusals = [
      [owner, { reason }, 403, 'REGISTRATION_NOT_A_REGISTRAR'],
      [{ sub: 'clerk-1', role: 'clerk' }, { reason }, 403, 'REGISTRATION_NOT_A_REGISTRAR'],
      [undefined, { reason }, 401, 'REGISTRATION_ACTOR_REQUIRED'],
      [registrar, {}, 400, 'VALIDATION_FAILED', '/body/reason'],
      [registrar, { reason: '' }, 400, 'VALIDATION_FAILED', '/body/reason'],
      [registrar, { reason: 'x'.repeat(501) }, 400, 'VALIDATION_FAILED', '/body/reason'],
      [registrar, { reason, revokedOn: '2026-02-30' }, 400, 'VALIDATION_FAILED', '/body/revokedOn'],
      [registrar, { reason, extra: 1 }, 400, 'VALIDATION_FAILED', '/body/extra'],
      [registrar, { reason, revokedOn: '2026-03-09' }, 422, 'REGISTRATION_REVOCATION_DATE', '/body/revokedOn'],
      [registrar, { reason, revokedOn: '2026-03-13' }, 422, 'REGISTRATION_REVOCATION_DATE', '/body/revokedOn'],
    ] as const
    for (const [actor, body, status, code, field] of refusals) {
      const res = await call(w, 'POST', url, actor, body)
      expect({ status: res.status, code: res.body.code }, JSON.stringify(body)).toEqual({ status, code })
      if (field) expect(JSON.stringify(res.body.errors)).toContain(`"${field}`)
    }
    // Nothing of a refused revocation was written.
    expect(await revocationRows(id)).toBe(0)
    expect(await revokedEvents(id)).toEqual([])
    expect((await call(w, 'POST', '/certificates/verify', undefined, { certificate: revoked })).body).toEqual(VALID)

    const done = await call(w, 'POST', url, registrar, { reason, revokedOn: '2026-03-10' })
    const revocation = {
      certificateId: id,
      number: revoked.body.number,
      revokedOn: '2026-03-10',
      reason,
      revokedAt: '2026-03-12T03:00:00.000Z',
    }
    expect(done).toEqual({ status: 200, body: { revocation } })
    expect(await revokedEvents(id)).toEqual([
      { revocation, projectId: revoked.body.projectId, revokedBy: 'registrar-1' },
    ])

    const again = await call(w, 'POST', url, { sub: 'admin-1', role: 'admin' }, { reason: 'twice' })
    expect(again).toMatchObject({ status: 409, body: { code: 'REGISTRATION_CERTIFICATE_REVOKED', revocation } })
    expect(await revokedEvents(id)).toHaveLength(1)

    const verdict = { status: 'revoked', genuine: true, checked: ['Ed25519', 'SM2-SM3'], revocation }
    expect((await call(w, 'POST', '/certificates/verify', undefined, { certificate: revoked })).body).toEqual(verdict)
    expect((await qr(id, certificateDigest(revoked.body))).body).toEqual({ ...verdict, certificate: revoked })
    // A forged copy of a revoked certificate is invalid, not revoked: the signatures are checked first.
    const forged = { ...revoked, body: { ...revoked.body, issuedOn: '2026-03-11' } }
    expect((await call(w, 'POST', '/certificates/verify', undefined, { certificate: forged })).body.status).toBe(
      'invalid',
    )
    // The other permit of the project is untouched.
    expect((await call(w, 'POST', '/certificates/verify', undefined, { certificate: kept })).body).toEqual(VALID)

    const missing = await call(w, 'POST', `/certificates/${uuidv7()}/revoke`, registrar, { reason })
    expect(missing).toMatchObject({ status: 404, body: { code: 'REGISTRATION_CERTIFICATE_NOT_FOUND' } })
  })

  it('two revocations of one certificate at once: one is recorded, the other answers 409', async () => {
    const [certificate] = await twoPermits()
    if (!certificate) throw new Error('no permit')
    const url = `/certificates/${certificate.body.certificateId}/revoke`
    const answers = await Promise.all([
      call(w, 'POST', url, registrar, { reason: 'first' }),
      call(w, 'POST', url, { sub: 'admin-1', role: 'admin' }, { reason: 'second' }),
    ])
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409])
    expect(await revocationRows(certificate.body.certificateId)).toBe(1)
    expect(await revokedEvents(certificate.body.certificateId)).toHaveLength(1)
  })
})

describe('first-registration clock alerts (预警 / 超时)', () => {
  it('skips a stored case with a bad date, and still raises every other open case’s alerts', async () => {
    w.clock.set('2026-03-04T03:00:00Z')
    const badClock = await openCase(w)
    const badSnapshot = await openCase(w)
    const good = await openCase(w)
    // Rows stored before dates were checked: a clock that starts on no real day, a snapshot that fails its schema.
    await w.db.pool.query(
      `UPDATE registration_case SET state = jsonb_set(state, '{clock,start}', '"2026-02-30"') WHERE id = $1`,
      [badClock],
    )
    await w.db.pool.query(
      `UPDATE registration_case SET state = jsonb_set(state, '{openedAt}', '"2026-13-01T00:00:00Z"') WHERE id = $1`,
      [badSnapshot],
    )
    const alerted = async () => [
      ...(await outboxBodies(w, RegistrationClockWarnedV1)).map((b) => b.case.caseId),
      ...(await outboxBodies(w, RegistrationClockOverdueV1)).map((b) => b.case.caseId),
    ]
    w.clock.set('2026-03-20T03:00:00Z')
    await w.app.scanner.runOnce()
    const ids = await alerted()
    expect(ids.filter((id) => id === good)).toHaveLength(2)
    expect(ids).not.toContain(badClock)
    expect(ids).not.toContain(badSnapshot)

    // A read or a command that needs the damaged case fails as the server's fault, and the command writes nothing.
    // Named by its kind and id, so an operator knows which row to repair; why it did not read is only in the log.
    const named = { code: 'REGISTRATION_STORED_ROW_UNREADABLE', row: 'registration case', rowId: badSnapshot }
    expect(await call(w, 'GET', `/registrations/${badSnapshot}`)).toMatchObject({ status: 500, body: named })
    const before = await w.writtenTo('registration_case', badSnapshot)
    const refused = await call(w, 'POST', `/registrations/${badSnapshot}/actions`, registrar, { action: 'complete' })
    expect(refused).toMatchObject({ status: 500, body: named })
    expect(JSON.stringify(refused.body)).not.toMatch(/must|instancePath|not JSON/)
    expect(await w.writtenTo('registration_case', badSnapshot)).toEqual(before)
    expect((await call(w, 'GET', `/registrations/${good}`)).status).toBe(200)
  })

  it('an open case raises yellow, then overdue, each once across racing passes; a completed one raises none', async () => {
    w.clock.set('2026-03-04T03:00:00Z')
    const caseId = await openCase(w)
    const completed = await openCase(w)
    const alertsOf = async (id: string) => [
      ...(await outboxBodies(w, RegistrationClockWarnedV1)).filter((b) => b.case.caseId === id).map(() => 'warned'),
      ...(await outboxBodies(w, RegistrationClockOverdueV1)).filter((b) => b.case.caseId === id).map(() => 'overdue'),
    ]
    w.clock.set('2026-03-05T03:00:00Z')
    expect(
      (await call(w, 'POST', `/registrations/${completed}/actions`, registrar, { action: 'complete' })).status,
    ).toBe(200)

    // 3 W from Wednesday 4 March: due Monday 9 March, 3 of 3 used that day (the 0.8 mark), overdue the next.
    w.clock.set('2026-03-06T03:00:00Z')
    await w.app.scanner.runOnce()
    expect(await alertsOf(caseId)).toEqual([])
    w.clock.set('2026-03-09T03:00:00Z')
    await Promise.all([w.app.scanner.runOnce(), w.app.scanner.runOnce()])
    expect(await alertsOf(caseId)).toEqual(['warned'])
    w.clock.set('2026-03-10T03:00:00Z')
    await Promise.all([w.app.scanner.runOnce(), w.app.scanner.runOnce()])
    await w.app.scanner.runOnce()
    expect(await alertsOf(caseId)).toEqual(['warned', 'overdue'])
    const [overdue] = (await outboxBodies(w, RegistrationClockOverdueV1)).filter((b) => b.case.caseId === caseId)
    expect(overdue?.case).toMatchObject({
      status: 'open',
      clockAlerts: { warnedOn: '2026-03-09', overdueOn: '2026-03-10' },
      version: 5,
    })
    expect(overdue?.note).toBe('due 2026-03-09, 4 of 3 W used')
    expect(overdue).not.toHaveProperty('actor')
    // Each alert carries the clock's due day as a date, the day the clock explains (its `due` entry) that day.
    const [warned] = (await outboxBodies(w, RegistrationClockWarnedV1)).filter((b) => b.case.caseId === caseId)
    expect([warned?.dueOn, overdue?.dueOn]).toEqual(['2026-03-09', '2026-03-09'])
    const clock = overdue?.case.clock as NonNullable<NonNullable<typeof overdue>['case']['clock']>
    expect(
      evaluateClock(defaultCalendar(), clock, '2026-03-10').explanation.find((e) => e.kind === 'due'),
    ).toMatchObject({ date: overdue?.dueOn })
    expect(await alertsOf(completed)).toEqual([])

    // The registrar completes the case as the alerts left it; the clock stops and nothing more is raised.
    const done = await call(w, 'POST', `/registrations/${caseId}/actions`, registrar, { action: 'complete' })
    expect(done.body.case).toMatchObject({ status: 'completed', version: 6, clockAlerts: overdue?.case.clockAlerts })
    w.clock.set('2026-03-20T03:00:00Z')
    await w.app.scanner.runOnce()
    expect(await alertsOf(caseId)).toEqual(['warned', 'overdue'])
  })
})

describe('受理编号 (the case number)', () => {
  it('numbers run per region and year: consecutive, none taken by what does not create a case, a rolled-back creation gives its number back, 1 in a new year', async () => {
    w.clock.set('2026-03-02T02:00:00Z')
    const seq = (n: number) => String(n).padStart(6, '0')
    /** The case created for a fresh project's acceptance start, as the route answers it. */
    const created = async () => {
      const acceptance = acceptanceCase(await aProject(w), false)
      await publish(w, AcceptanceStartedV1, { case: acceptance }, acceptance.caseId)
      const caseId = await caseOf(w, acceptance.caseId)
      return { acceptance, caseId, case: (await call(w, 'GET', `/registrations/${caseId}`)).body.case }
    }

    const a = await created()
    const first: string = a.case.caseNumber ?? ''
    expect(first).toMatch(/^DJ-440600-2026-\d{6}$/)
    const n = Number(first.slice(-6))
    const { rows } = await w.db.pool.query('SELECT case_number FROM registration_case WHERE id = $1', [a.caseId])
    expect(rows).toEqual([{ case_number: first }])

    // What changes a case already there takes none: the registrar's action answers the case's number, a redelivered
    // start changes nothing, the pass opens the case. The next case has the next number.
    const passed = await call(w, 'POST', `/registrations/${a.caseId}/actions`, registrar, { action: 'pass-pre-survey' })
    expect(passed.body.case).toMatchObject({ status: 'pre-survey-passed', caseNumber: first })
    const again = await publish(w, AcceptanceStartedV1, { case: a.acceptance }, a.acceptance.caseId)
    await expect
      .poll(async () => (await w.db.pool.query('SELECT 1 FROM inbox_message WHERE event_id = $1', [again])).rowCount)
      .toBe(1)
    await publish(w, AcceptancePassedV1, { case: passedCopy(a.acceptance) }, a.acceptance.caseId)
    await expect.poll(() => statusOf(a.caseId)).toBe('open')
    expect((await call(w, 'GET', `/registrations/${a.caseId}`)).body.case.caseNumber).toBe(first)
    const b = await created()
    expect(b.case.caseNumber).toBe(`DJ-440600-2026-${seq(n + 1)}`)

    // A creation rolled back after it took its number (in service: the consumer that lost the race to insert the
    // case) gives the number back: the next case has it.
    const deps = w.app.deps.commands
    const lost = acceptanceCase(await aProject(w), false)
    await expect(
      deps.transaction(async (tx) => {
        await onAcceptance(deps, tx, lost, false, w.clock.now())
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    const gone = await w.db.pool.query('SELECT 1 FROM registration_case WHERE acceptance_case_id = $1', [lost.caseId])
    expect(gone.rowCount).toBe(0)
    const c = await created()
    expect(c.case.caseNumber).toBe(`DJ-440600-2026-${seq(n + 2)}`)
    // The number the service published is the one it stored.
    await expect
      .poll(async () =>
        (await published(w.nc, w.topology, RegistrationPreSurveyStartedV1))
          .filter((e) => e.case.caseId === c.caseId)
          .map((e) => e.case.caseNumber),
      )
      .toEqual([c.case.caseNumber])

    // A case created before cases were numbered has none; it still answers and is acted on, and takes none then.
    await w.db.pool.query(
      `UPDATE registration_case SET case_number = NULL, state = state - 'caseNumber' WHERE id = $1`,
      [b.caseId],
    )
    const old = await call(w, 'POST', `/registrations/${b.caseId}/actions`, registrar, { action: 'pass-pre-survey' })
    expect(old.status).toBe(200)
    expect(old.body.case).not.toHaveProperty('caseNumber')
    expect((await created()).case.caseNumber).toBe(`DJ-440600-2026-${seq(n + 3)}`)

    // A new year — China's: 1 January 2027 00:30 in Shanghai is still 2026 in UTC — starts again at 1.
    w.clock.set('2026-12-31T16:30:00Z')
    expect((await created()).case.caseNumber).toBe('DJ-440600-2027-000001')
    w.clock.set('2027-01-04T02:00:00Z')
    expect((await created()).case.caseNumber).toBe('DJ-440600-2027-000002')
    const stored = await w.db.pool.query(
      `SELECT scope, last FROM number_sequence WHERE scope LIKE 'case/440600/%' ORDER BY scope`,
    )
    expect(stored.rows).toEqual([
      { scope: 'case/440600/2026', last: n + 3 },
      { scope: 'case/440600/2027', last: 2 },
    ])
  })
})

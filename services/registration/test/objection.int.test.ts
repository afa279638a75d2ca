import {
  CertificateObjectionAnsweredV1,
  CertificateObjectionRaisedV1,
  CertificateReleasedV1,
} from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SignedCertificateValue } from '../src/index.js'
import {
  aProject,
  call,
  OWNER,
  openCase,
  outboxBodies,
  publish,
  registrar,
  registrationWorld,
  type World,
} from './helpers.js'

// 证照异议 (004:1134) on the real PostgreSQL and NATS: the registration office disputes a permit, the issuing
// department (the catalogue's department of the permit's item) answers, the registration office reads the answer.

let w: World
beforeAll(async () => {
  w = await registrationWorld('2026-03-10T02:00:00Z')
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const housing = { sub: 'housing-1', role: 'reviewer', department: 'housing-construction' }
const planning = { sub: 'planning-1', role: 'reviewer', department: 'natural-resources' }
const fire = { sub: 'fire-1', role: 'reviewer', department: 'fire' }

/** The permits of the `permits` step of a fresh project (or of `projectId`), by item. */
async function permits(projectId?: string): Promise<Record<string, SignedCertificateValue>> {
  projectId ??= await aProject(w)
  const applicationId = uuidv7()
  const released = { applicationId, projectId, step: 'permits', releasedAt: w.clock.now().toISOString() }
  await publish(w, CertificateReleasedV1, released, applicationId)
  let rows: SignedCertificateValue[] = []
  await expect
    .poll(async () => {
      const r = await w.db.pool.query<{ signed: SignedCertificateValue }>(
        "SELECT signed FROM certificate WHERE project_id = $1 AND kind = 'permit'",
        [projectId],
      )
      rows = r.rows.map((x) => x.signed)
      return rows.length
    })
    .toBe(2)
  return Object.fromEntries(rows.map((c) => [c.body.item, c]))
}

const body = { reason: '证载建设规模与规划许可不一致', evidence: ['JGBA-2026-0031', '规划许可证 第4406002026000001号'] }

describe('certificate objections (证照异议)', () => {
  it('raise → the issuer answers → the raiser reads the finding; events in the outbox; one open per department', async () => {
    const { 'construction-permit': permit } = await permits()
    if (!permit) throw new Error('no construction permit')
    const id = permit.body.certificateId

    const raised = await call(w, 'POST', `/certificates/${id}/objections`, registrar, body)
    expect(raised.status).toBe(201)
    const objection = raised.body.objection
    expect(objection).toMatchObject({
      certificateId: id,
      certificateNumber: permit.body.number,
      issuer: 'housing-construction',
      raisedBy: 'registration-office',
      status: 'open',
      evidence: body.evidence,
      version: 1,
    })

    // One open objection per certificate and department; another department's beside it is its own.
    const again = await call(w, 'POST', `/certificates/${id}/objections`, registrar, body)
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ code: 'REGISTRATION_OBJECTION_OPEN', objectionId: objection.objectionId })
    expect((await call(w, 'POST', `/certificates/${id}/objections`, planning, body)).status).toBe(201)

    // The issuer sees it open to answer; a department that is neither party sees nothing.
    const open = await call(w, 'GET', '/certificate-objections?status=open', housing)
    expect(open.body.objections.map((o: { objectionId: string }) => o.objectionId)).toContain(objection.objectionId)
    expect((await call(w, 'GET', '/certificate-objections', fire)).body.objections).toEqual([])

    // Only the issuer answers; to a stranger the objection is unknown.
    const answer = { outcome: 'upheld', finding: '证载面积录入有误：已注销原证并重新核发' }
    const byRaiser = await call(w, 'POST', `/certificate-objections/${objection.objectionId}/answer`, registrar, answer)
    expect(byRaiser).toMatchObject({ status: 403, body: { code: 'REGISTRATION_OBJECTION_NOT_THE_ISSUER' } })
    const byStranger = await call(w, 'POST', `/certificate-objections/${objection.objectionId}/answer`, fire, answer)
    expect(byStranger).toMatchObject({ status: 404, body: { code: 'REGISTRATION_OBJECTION_NOT_FOUND' } })

    w.clock.set('2026-03-11T02:00:00Z')
    const answered = await call(w, 'POST', `/certificate-objections/${objection.objectionId}/answer`, housing, answer)
    expect(answered.status).toBe(200)
    expect(answered.body.objection).toMatchObject({
      status: 'upheld',
      answer: { ...answer, answeredAt: '2026-03-11T02:00:00.000Z', answeredBy: 'housing-1' },
      version: 2,
    })
    const twice = await call(w, 'POST', `/certificate-objections/${objection.objectionId}/answer`, housing, answer)
    expect(twice).toMatchObject({ status: 409, body: { code: 'REGISTRATION_OBJECTION_ANSWERED' } })

    // The using department reads the answer in its list.
    const mine = await call(w, 'GET', '/certificate-objections?status=answered', registrar)
    expect(mine.body.objections).toEqual([answered.body.objection])

    // Answered, the registration office may object again.
    expect((await call(w, 'POST', `/certificates/${id}/objections`, registrar, body)).status).toBe(201)

    const raisedEvents = (await outboxBodies(w, CertificateObjectionRaisedV1)).filter(
      (b) => b.objection.certificateId === id,
    )
    expect(raisedEvents.map((b) => b.objection.raisedBy)).toEqual([
      'registration-office',
      'natural-resources',
      'registration-office',
    ])
    const answeredEvents = await outboxBodies(w, CertificateObjectionAnsweredV1)
    expect(answeredEvents).toEqual([{ objection: answered.body.objection }])
  })

  it("keeps a regional department user to its region's objections: another region's are unknown to raise, list and answer", async () => {
    // The project is 佛山's (440600). The issuing department's 汕尾 (441500) reviewer, or its 禅城 (440604) one — a
    // county does not cover its city's projects — must neither read 佛山's objection nor answer it: the answer would
    // clear 佛山's disputed-certificate block (docs/security.md "Regional authority").
    const { 'construction-permit': permit } = await permits()
    if (!permit) throw new Error('no construction permit')
    const url = `/certificates/${permit.body.certificateId}/objections`
    const fireShanwei = { ...fire, sub: 'fire-shanwei', region: '441500' }
    expect(await call(w, 'POST', url, fireShanwei, body)).toMatchObject({
      status: 404,
      body: { code: 'REGISTRATION_CERTIFICATE_NOT_FOUND' },
    })
    const planningFoshan = { ...planning, sub: 'planning-foshan', region: '440600' }
    const raised = await call(w, 'POST', url, planningFoshan, body)
    expect(raised.status).toBe(201)
    const { objectionId } = raised.body.objection
    const ids = async (actor: object) =>
      (await call(w, 'GET', '/certificate-objections', actor)).body.objections.map(
        (o: { objectionId: string }) => o.objectionId,
      )
    expect(await ids(planningFoshan)).toContain(objectionId)

    const answer = { outcome: 'rejected', finding: '经核查证载信息无误' }
    const answerUrl = `/certificate-objections/${objectionId}/answer`
    for (const region of ['441500', '440604']) {
      const housingElsewhere = { ...housing, sub: `housing-${region}`, region }
      expect(await ids(housingElsewhere)).not.toContain(objectionId)
      expect(await call(w, 'POST', answerUrl, housingElsewhere, answer)).toMatchObject({
        status: 404,
        body: { code: 'REGISTRATION_OBJECTION_NOT_FOUND' },
      })
    }
    // Still open: the refused answers changed nothing.
    expect(
      (await w.db.pool.query('SELECT status FROM certificate_objection WHERE id = $1', [objectionId])).rows,
    ).toEqual([{ status: 'open' }])

    // The province (440000) covers 佛山; 佛山's own reviewer answers.
    expect(await ids({ ...housing, sub: 'housing-guangdong', region: '440000' })).toContain(objectionId)
    const housingFoshan = { ...housing, sub: 'housing-foshan', region: '440600' }
    expect(await ids(housingFoshan)).toContain(objectionId)
    const answered = await call(w, 'POST', answerUrl, housingFoshan, answer)
    expect(answered).toMatchObject({ status: 200, body: { objection: { status: 'rejected' } } })
  })

  it("pages an issuer's objections on to its oldest open one, newest first, and refuses a cursor it never gave", async () => {
    const { 'construction-permit': permit } = await permits()
    if (!permit) throw new Error('no construction permit')
    const raised = await call(w, 'POST', `/certificates/${permit.body.certificateId}/objections`, registrar, body)
    expect(raised.status).toBe(201)
    // More than one page (1000) of open objections to one issuer, four to each instant so a page ends inside a tie:
    // the old list kept the newest 1000 and silently left out the oldest — the ones the issuer must answer first.
    await w.db.pool.query(
      `INSERT INTO certificate_objection (id, certificate_id, issuer, raised_by, status, state, raised_at, updated_at)
       SELECT o.id, c.certificate_id, 'paging-issuer', 'user-' || o.i, 'open',
              c.state || jsonb_build_object('objectionId', o.id, 'issuer', 'paging-issuer', 'raisedBy', 'user-' || o.i,
                'raisedAt', to_char(o.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
              o.at, o.at
         FROM certificate_objection c,
              LATERAL (SELECT gen_random_uuid() AS id, i,
                              timestamptz '2026-03-01 01:00:00Z' + (i / 4) * interval '1 millisecond' AS at
                         FROM generate_series(1, 1203) AS i) o
        WHERE c.id = $1::uuid`,
      [raised.body.objection.objectionId],
    )
    const expected = (
      await w.db.pool.query(
        `SELECT id::text AS id FROM certificate_objection WHERE issuer = 'paging-issuer' ORDER BY raised_at DESC, id DESC`,
      )
    ).rows.map((r: { id: string }) => r.id)
    const issuer = { sub: 'paging-1', role: 'reviewer', department: 'paging-issuer' }
    for (const status of ['', '&status=open']) {
      const seen: string[] = []
      let cursor: string | undefined
      let pages = 0
      do {
        const res = await call(
          w,
          'GET',
          `/certificate-objections?${cursor ? `cursor=${encodeURIComponent(cursor)}` : ''}${status}`,
          issuer,
        )
        expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200)
        seen.push(...res.body.objections.map((o: { objectionId: string }) => o.objectionId))
        cursor = res.body.next
        pages += 1
      } while (cursor !== undefined && pages < 5)
      expect([pages, seen.length]).toEqual([2, 1203])
      expect(seen).toEqual(expected)
    }

    // A key of the cursor's shape that names no instant (30 February), and a cursor of no shape: a 400 naming it.
    for (const bad of [`2026-02-30 01:00:00~${permit.body.certificateId}`, 'page-2']) {
      const res = await call(w, 'GET', `/certificate-objections?cursor=${encodeURIComponent(bad)}`, issuer)
      expect([res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([
        400,
        'VALIDATION_FAILED',
        '/querystring/cursor',
      ])
    }
  })

  it('refuses the issuer, a revoked certificate, an unknown one, and unbounded or blank fields', async () => {
    const { 'engineering-planning-permit': permit } = await permits()
    if (!permit) throw new Error('no planning permit')
    const url = `/certificates/${permit.body.certificateId}/objections`
    expect(await call(w, 'POST', url, planning, body)).toMatchObject({
      status: 403,
      body: { code: 'REGISTRATION_OBJECTION_OWN_CERTIFICATE' },
    })
    // The issuing department's lead alike: its department issued it (the console offers it no 提出异议 either).
    expect(await call(w, 'POST', url, { ...planning, sub: 'planning-lead', role: 'lead' }, body)).toMatchObject({
      status: 403,
      body: { code: 'REGISTRATION_OBJECTION_OWN_CERTIFICATE' },
    })
    const owner = { sub: 'o', role: 'owner', creditCode: '91440600MA4UW8XL2K' }
    expect(await call(w, 'POST', url, owner, body)).toMatchObject({
      status: 403,
      body: { code: 'REGISTRATION_OBJECTION_NOT_A_USER' },
    })
    for (const [payload, field] of [
      [{ reason: '', evidence: [] }, '/body/reason'],
      [{ reason: 'x'.repeat(2001), evidence: [] }, '/body/reason'],
      [{ reason: 'x', evidence: Array.from({ length: 21 }, () => 'e') }, '/body/evidence'],
      [{ reason: 'x', evidence: ['y'.repeat(301)] }, '/body/evidence/0'],
      [{ reason: 'x' }, '/body/evidence'],
    ] as const) {
      const res = await call(w, 'POST', url, registrar, payload)
      expect(res.status, field).toBe(400)
      expect(res.body.errors, field).toEqual(expect.arrayContaining([expect.objectContaining({ field })]))
    }
    expect(await call(w, 'POST', url, registrar, { reason: '  ', evidence: [] })).toMatchObject({
      status: 422,
      body: { code: 'REGISTRATION_OBJECTION_BLANK' },
    })
    const unknown = await call(w, 'POST', `/certificates/${uuidv7()}/objections`, registrar, body)
    expect(unknown).toMatchObject({ status: 404, body: { code: 'REGISTRATION_CERTIFICATE_NOT_FOUND' } })

    expect(
      (await call(w, 'POST', `/certificates/${permit.body.certificateId}/revoke`, registrar, { reason: 'r' })).status,
    ).toBe(200)
    expect(await call(w, 'POST', url, registrar, body)).toMatchObject({
      status: 409,
      body: { code: 'REGISTRATION_CERTIFICATE_REVOKED' },
    })
    // Nothing was recorded by a refusal.
    const rows = await w.db.pool.query('SELECT 1 FROM certificate_objection WHERE certificate_id = $1', [
      permit.body.certificateId,
    ])
    expect(rows.rowCount).toBe(0)
  })

  it('names the raising department as the project’s catalogue does, in the objection and its event', async () => {
    // The issuer's message names the using department by this: a department with no task on the project (the
    // registration office, or one whose task the notifier never saw) was named only 使用部门 before.
    const { 'engineering-planning-permit': permit } = await permits()
    if (!permit) throw new Error('no planning permit')
    const url = `/certificates/${permit.body.certificateId}/objections`
    const byHousing = await call(w, 'POST', url, housing, body)
    expect(byHousing.status).toBe(201)
    expect(byHousing.body.objection.raisedByName).toBe('佛山市住房城乡建设局')
    // Foshan's first registration is its natural-resources bureau's (the catalogue's department of the item).
    const byRegistrar = await call(w, 'POST', url, registrar, body)
    expect(byRegistrar.body.objection.raisedByName).toBe('佛山市自然资源局')
    // A department the catalogue does not name carries no name: the notifier names it as it learnt it, if it did.
    const byFire = await call(w, 'POST', url, fire, body)
    expect(byFire.status).toBe(201)
    expect(byFire.body.objection).not.toHaveProperty('raisedByName')
    const events = (await outboxBodies(w, CertificateObjectionRaisedV1)).filter(
      (b) => b.objection.certificateId === permit.body.certificateId,
    )
    expect(events.map((b) => [b.objection.raisedBy, b.objection.raisedByName])).toEqual([
      ['housing-construction', '佛山市住房城乡建设局'],
      ['registration-office', '佛山市自然资源局'],
      ['fire', undefined],
    ])
  })

  it('a first registration relying on a disputed permit is refused (REGISTRATION_CERTIFICATE_DISPUTED) until its issuer answers', async () => {
    const caseId = await openCase(w)
    const { rows } = await w.db.pool.query<{ project_id: string }>(
      'SELECT project_id::text FROM registration_case WHERE id = $1',
      [caseId],
    )
    const { 'construction-permit': permit } = await permits(rows[0]?.project_id)
    if (!permit) throw new Error('no construction permit')
    // Another department's objection holds it as the registration office's own would: the permit's accuracy is in doubt.
    const raised = await call(w, 'POST', `/certificates/${permit.body.certificateId}/objections`, planning, body)
    expect(raised.status).toBe(201)

    const refused = await call(w, 'POST', `/registrations/${caseId}/actions`, registrar, { action: 'complete' })
    expect(refused).toMatchObject({
      status: 409,
      body: {
        code: 'REGISTRATION_CERTIFICATE_DISPUTED',
        certificateNumbers: [permit.body.number],
        objections: [{ objectionId: raised.body.objection.objectionId, raisedBy: 'natural-resources' }],
      },
    })
    // Nothing half-written: the case is still open, no property certificate issued.
    expect((await call(w, 'GET', `/registrations/${caseId}`)).body.case.status).toBe('open')
    const property = await w.db.pool.query("SELECT 1 FROM certificate WHERE project_id = $1 AND kind = 'property'", [
      rows[0]?.project_id,
    ])
    expect(property.rowCount).toBe(0)

    // The issuer answers (rejected: the permit stands): the registrar completes on it.
    const answered = await call(
      w,
      'POST',
      `/certificate-objections/${raised.body.objection.objectionId}/answer`,
      housing,
      {
        outcome: 'rejected',
        finding: '经核查，证载建设规模与规划许可一致',
      },
    )
    expect(answered.status).toBe(200)
    const done = await call(w, 'POST', `/registrations/${caseId}/actions`, registrar, { action: 'complete' })
    expect(done.status).toBe(200)
    expect(done.body.case.status).toBe('completed')
  })

  it('a revoked permit is relied on no more: its open objection does not hold the registration', async () => {
    const caseId = await openCase(w)
    const { rows } = await w.db.pool.query<{ project_id: string }>(
      'SELECT project_id::text FROM registration_case WHERE id = $1',
      [caseId],
    )
    const { 'construction-permit': permit } = await permits(rows[0]?.project_id)
    if (!permit) throw new Error('no construction permit')
    const id = permit.body.certificateId
    expect((await call(w, 'POST', `/certificates/${id}/objections`, registrar, body)).status).toBe(201)
    const revoked = await call(w, 'POST', `/certificates/${id}/revoke`, registrar, { reason: '异议成立，注销原证' })
    expect(revoked.status).toBe(200)
    const done = await call(w, 'POST', `/registrations/${caseId}/actions`, registrar, { action: 'complete' })
    expect(done.status).toBe(200)
  })

  it('the owner disputes its own property certificate, the registration office answers, the owner reads it; no other owner, no permit', async () => {
    const caseId = await openCase(w)
    const completed = await call(w, 'POST', `/registrations/${caseId}/actions`, registrar, { action: 'complete' })
    expect(completed.status).toBe(200)
    const propertyId = completed.body.case.certificateId as string
    const owner = { sub: 'owner-1', role: 'owner', creditCode: OWNER.creditCode }
    const raised = await call(w, 'POST', `/certificates/${propertyId}/objections`, owner, {
      reason: '证载建筑面积与房产测绘报告不一致',
      evidence: ['FCCL-2026-0012'],
    })
    expect(raised.status).toBe(201)
    expect(raised.body.objection).toMatchObject({
      issuer: 'registration-office',
      raisedBy: `owner-${OWNER.creditCode.toLowerCase()}`,
      raisedByName: OWNER.name,
      status: 'open',
    })
    // Another owner uses no certificate of this project; the owner uses no permit (the departments' to dispute).
    const stranger = { sub: 'owner-2', role: 'owner', creditCode: '91110000100000000X' }
    const byStranger = await call(w, 'POST', `/certificates/${propertyId}/objections`, stranger, body)
    expect(byStranger).toMatchObject({ status: 403, body: { code: 'REGISTRATION_OBJECTION_NOT_A_USER' } })
    const { 'construction-permit': permit } = await permits()
    const onPermit = await call(w, 'POST', `/certificates/${permit?.body.certificateId}/objections`, owner, body)
    expect(onPermit).toMatchObject({ status: 403, body: { code: 'REGISTRATION_OBJECTION_NOT_A_USER' } })

    // The registration office, the issuer, answers; the owner reads the answer in its own list, the stranger nothing.
    const id = raised.body.objection.objectionId
    const answer = { outcome: 'upheld', finding: '面积录入有误：注销原证后重新登记发证' }
    expect((await call(w, 'POST', `/certificate-objections/${id}/answer`, owner, answer)).body.code).toBe(
      'REGISTRATION_OBJECTION_NOT_THE_ISSUER',
    )
    expect((await call(w, 'POST', `/certificate-objections/${id}/answer`, registrar, answer)).status).toBe(200)
    const mine = await call(w, 'GET', '/certificate-objections', owner)
    expect(mine.body.objections).toMatchObject([{ objectionId: id, status: 'upheld', answer }])
    expect((await call(w, 'GET', '/certificate-objections', stranger)).body.objections).toEqual([])
    const told = (await outboxBodies(w, CertificateObjectionAnsweredV1)).filter((b) => b.objection.objectionId === id)
    expect(told).toHaveLength(1)
  })
})

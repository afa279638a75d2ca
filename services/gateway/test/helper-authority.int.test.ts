import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { owners } from './events.js'
import { type GatewayWorld, gatewayWorld } from './world.js'

// 帮办代办 (docs/assisted-service.md): the gateway reads two of intake's answers instead of passing them on — the grant
// of a helper's authority to answer a 补正, and the applications a case covers. Each is checked against its schema: a
// body of another shape is a 502 problem naming intake, and nothing is forwarded on it.

let w: GatewayWorld
beforeAll(async () => {
  w = await gatewayWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const helper = () => w.token({ role: 'helper', sub: 'helper-li' })
const caseId = uuidv7()
const onBehalfOf = {
  caseId,
  helper: 'helper-li',
  helperName: '李帮办',
  ownerCreditCode: owners.shanwei.creditCode,
  grantId: uuidv7(),
  validUntil: '2026-03-02T01:00:30.000Z',
}
const answer = (applicationId: string) =>
  w.api('POST', `/api/v1/applications/${applicationId}/materials`, helper(), {
    noticeId: uuidv7(),
    materials: [{ code: 'land-transfer-contract', documentRef: 'doc://v2.pdf' }],
  })

describe('the gateway checks what intake answers before it acts on it', () => {
  it('forwards a helper’s 补正 answer on a well-formed grant, with its onBehalfOf', async () => {
    w.intake.answer(200, { onBehalfOf })
    w.approval.answer(200, { notice: { status: 'answered' } })
    const before = w.approval.calls.length
    const res = await answer(uuidv7())
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(w.approval.calls.slice(before)).toEqual([
      expect.objectContaining({ body: expect.objectContaining({ onBehalfOf }) }),
    ])
  })

  for (const [what, body] of [
    ['no onBehalfOf', { granted: true }],
    ['a grant without validUntil', { onBehalfOf: { ...onBehalfOf, validUntil: undefined } }],
    ['a case id that is not one', { onBehalfOf: { ...onBehalfOf, caseId: 'case-1' } }],
    ['not JSON at all', undefined],
  ] as const) {
    it(`answers 502 problem+json for a grant with ${what}, and asks approval nothing`, async () => {
      if (body === undefined) w.intake.answer(200, 'granted', 'text/plain')
      else w.intake.answer(200, body)
      const before = w.approval.calls.length
      const res = await answer(uuidv7())
      expect(res.status).toBe(502)
      expect(String(res.headers['content-type'])).toMatch(/application\/problem\+json/)
      expect(res.body).toMatchObject({ status: 502, code: 'GATEWAY_UPSTREAM_BAD_ANSWER' })
      expect(res.body.detail).toMatch(/intake/)
      expect(w.approval.calls.length).toBe(before)
    })
  }

  it('passes a well-formed list of the case’s applications on, and answers 502 for one of another shape', async () => {
    const projectId = uuidv7()
    const applications = {
      caseId,
      projectId,
      ownerCreditCode: owners.shanwei.creditCode,
      applications: [
        {
          applicationId: uuidv7(),
          step: 'land-planning-and-filing',
          stage: 'land-planning',
          stepName: '立项用地规划许可',
          receiptNumber: '441500-20260302-000001',
          nationalCode: 1,
          status: 'open',
          receivedOn: '2026-03-02',
          owed: { kind: 'receipt-notice', materials: ['land-transfer-contract'], reason: '出让合同缺少附图' },
        },
      ],
    }
    w.intake.answer(200, applications)
    const ok = await w.api('GET', `/api/v1/assisted-cases/${caseId}/applications`, helper())
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect(ok.body).toEqual(applications)

    w.intake.answer(200, { ...applications, applications: [{ applicationId: 'x' }] })
    const bad = await w.api('GET', `/api/v1/assisted-cases/${caseId}/applications`, helper())
    expect(bad.status).toBe(502)
    expect(bad.body).toMatchObject({ code: 'GATEWAY_UPSTREAM_BAD_ANSWER' })
    // The notices are read on the same answer: refused the same way, before the read model is asked.
    const notices = await w.api('GET', `/api/v1/assisted-cases/${caseId}/notices`, helper())
    expect(notices.status).toBe(502)
    expect(notices.body).toMatchObject({ code: 'GATEWAY_UPSTREAM_BAD_ANSWER' })
  })

  it('passes intake’s refusal through as it came, and refuses the route to every role but the helper', async () => {
    w.intake.answer(
      404,
      { status: 404, code: 'INTAKE_ASSIST_CASE_NOT_FOUND', detail: 'No case.' },
      'application/problem+json',
    )
    const other = await w.api('GET', `/api/v1/assisted-cases/${caseId}/applications`, helper())
    expect(other.status).toBe(404)
    expect(other.body.code).toBe('INTAKE_ASSIST_CASE_NOT_FOUND')
    const before = w.intake.calls.length
    for (const token of [
      w.token({ role: 'clerk' }),
      w.token({ role: 'owner', creditCode: owners.shanwei.creditCode }),
      w.token({ role: 'reviewer', department: 'natural-resources' }),
      w.token({ role: 'supervisor' }),
    ]) {
      const res = await w.api('GET', `/api/v1/assisted-cases/${caseId}/applications`, token)
      expect(res.status).toBe(403)
    }
    expect(w.intake.calls.length).toBe(before)
  })
})

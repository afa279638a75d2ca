import { describe, expect, it } from 'vitest'
import type { CertificateBodyValue } from '../src/domain/certificate.js'
import { type RevokeInput, revoke, revokeOnDecision } from '../src/domain/revocation.js'

const certificate: CertificateBodyValue = {
  certificateId: '019a0000-0000-7000-8000-000000000001',
  kind: 'permit',
  number: '第4406002026000012号',
  title: '建筑工程施工许可证',
  projectId: '019a0000-0000-7000-8000-000000000002',
  owner: { name: '佛山精密制造有限公司', creditCode: '91440600MA4UW8XL2K' },
  item: 'construction-permit',
  issuedOn: '2026-03-10',
}
const registrar = { sub: 'registrar-1', role: 'registrar' as const }
const given = (over: Partial<RevokeInput> = {}): RevokeInput => ({
  certificate,
  existing: undefined,
  actor: registrar,
  reason: '以欺骗手段取得许可',
  today: '2026-03-12',
  at: '2026-03-12T02:00:00.000Z',
  ...over,
})
const revoked = {
  certificateId: certificate.certificateId,
  number: certificate.number,
  revokedOn: '2026-03-12',
  reason: '以欺骗手段取得许可',
  revokedAt: '2026-03-12T02:00:00.000Z',
}

describe('revoke (注销)', () => {
  it.each([
    ['a registrar, today by default', {}, revoked],
    ['an administrator', { actor: { sub: 'admin-1', role: 'admin' as const } }, revoked],
    ['set back to the issue day', { revokedOn: '2026-03-10' }, { ...revoked, revokedOn: '2026-03-10' }],
    ['on today, given', { revokedOn: '2026-03-12' }, revoked],
  ])('records it: %s', (_, over, expected) => {
    expect(revoke(given(over))).toEqual({ ok: true, value: expected })
  })

  it.each([
    [
      'the owner',
      { actor: { sub: 'o', role: 'owner' as const, creditCode: '91440600MA4UW8XL2K' } },
      'REGISTRATION_NOT_A_REGISTRAR',
    ],
    [
      'a reviewer',
      { actor: { sub: 'r', role: 'reviewer' as const, department: 'fire' } },
      'REGISTRATION_NOT_A_REGISTRAR',
    ],
    ['a clerk', { actor: { sub: 'c', role: 'clerk' as const } }, 'REGISTRATION_NOT_A_REGISTRAR'],
    ['twice', { existing: revoked }, 'REGISTRATION_CERTIFICATE_REVOKED'],
    ['before the issue day', { revokedOn: '2026-03-09' }, 'REGISTRATION_REVOCATION_DATE'],
    ['after today', { revokedOn: '2026-03-13' }, 'REGISTRATION_REVOCATION_DATE'],
  ])('refuses it: %s', (_, over, code) => {
    const result = revoke(given(over))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe(code)
  })

  it('names the field of a refused day', () => {
    const result = revoke(given({ revokedOn: '2026-03-13' }))
    expect(result).toMatchObject({
      ok: false,
      error: { details: { errors: [{ field: '/body/revokedOn', message: 'must be from 2026-03-10 to 2026-03-12' }] } },
    })
  })
})

describe('revokeOnDecision (撤销 of the permit decision)', () => {
  const decision = { reason: '以欺骗手段取得许可', legalBasis: '行政许可法第六十九条第二款', revokedOn: '2026-03-12' }
  const at = '2026-03-12T02:00:00.000Z'
  it('revokes from the decision day, the legal basis in the reason', () => {
    expect(revokeOnDecision({ certificate, existing: undefined, decision, at })).toEqual({
      certificateId: certificate.certificateId,
      number: certificate.number,
      revokedOn: '2026-03-12',
      reason: '撤销 of the permit decision (行政许可法第六十九条第二款): 以欺骗手段取得许可',
      revokedAt: at,
    })
  })
  it('never before the issue day, and within the reason’s bound', () => {
    const early = revokeOnDecision({
      certificate,
      existing: undefined,
      decision: { ...decision, revokedOn: '2026-03-09', reason: '理'.repeat(600) },
      at,
    })
    expect(early?.revokedOn).toBe('2026-03-10')
    expect(early?.reason).toHaveLength(500)
  })
  it('keeps a revocation already recorded', () => {
    expect(revokeOnDecision({ certificate, existing: revoked, decision, at })).toBeUndefined()
  })
})

import type { Actor } from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import type { CertificateBodyValue } from '../src/domain/certificate.js'
import { answer, mayRead, type Objection, type RaiseInput, raise } from '../src/domain/objection.js'

// 证照异议 (004:1134): the using department raises, the issuing department answers.

const certificate: CertificateBodyValue = {
  certificateId: '019a0000-0000-7000-8000-000000000001',
  kind: 'permit',
  number: '第4406002026000012号',
  title: '建筑工程施工许可证',
  projectId: '019a0000-0000-7000-8000-000000000002',
  owner: { name: '佛山精密制造有限公司', creditCode: '91440600MA4UW8XL2K' },
  item: 'construction-permit',
  issuer: '佛山市住房和城乡建设局',
  issuedOn: '2026-03-10',
}
const registrar: Actor = { sub: 'registrar-1', role: 'registrar' }
const housing: Actor = { sub: 'housing-1', role: 'reviewer', department: 'housing-construction' }
const fire: Actor = { sub: 'fire-1', role: 'reviewer', department: 'fire' }
const at = '2026-03-12T02:00:00.000Z'
const given = (over: Partial<RaiseInput> = {}): RaiseInput => ({
  objectionId: '019a0000-0000-7000-8000-000000000009',
  certificate,
  issuer: 'housing-construction',
  revoked: undefined,
  open: [],
  actor: registrar,
  command: { reason: '证载建筑面积与竣工测绘不符', evidence: ['FCCL-2026-0012 房产测绘报告'] },
  at,
  ...over,
})
const raised = (over: Partial<RaiseInput> = {}): Objection => {
  const r = raise(given(over))
  if (!r.ok) throw new Error(r.error.code)
  return r.value
}
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code)

describe('raising an objection', () => {
  it('records the certificate, both departments, the reason and evidence, open at version 1', () => {
    expect(raised()).toEqual({
      objectionId: '019a0000-0000-7000-8000-000000000009',
      certificateId: certificate.certificateId,
      certificateNumber: '第4406002026000012号',
      certificateTitle: '建筑工程施工许可证',
      projectId: certificate.projectId,
      issuer: 'housing-construction',
      issuerName: '佛山市住房和城乡建设局',
      raisedBy: 'registration-office',
      raisedBySub: 'registrar-1',
      reason: '证载建筑面积与竣工测绘不符',
      evidence: ['FCCL-2026-0012 房产测绘报告'],
      raisedAt: at,
      status: 'open',
      version: 1,
    })
    // Another department's reviewer raises as that department.
    expect(raised({ actor: fire }).raisedBy).toBe('fire')
    // The raiser's name as the project's catalogue gives it, when it names the department (the issuer's message reads it).
    expect(raised({ actor: fire, raisedByName: '佛山市消防救援支队' }).raisedByName).toBe('佛山市消防救援支队')
  })

  it.each<[string, Partial<RaiseInput>, string]>([
    [
      'the owner is no using department',
      { actor: { sub: 'o', role: 'owner', creditCode: 'x' } },
      'REGISTRATION_OBJECTION_NOT_A_USER',
    ],
    ['a supervisor neither', { actor: { sub: 's', role: 'supervisor' } }, 'REGISTRATION_OBJECTION_NOT_A_USER'],
    [
      'a reviewer without a department neither',
      { actor: { sub: 'r', role: 'reviewer' } },
      'REGISTRATION_OBJECTION_NOT_A_USER',
    ],
    ['the issuer does not dispute its own', { actor: housing }, 'REGISTRATION_OBJECTION_OWN_CERTIFICATE'],
    [
      'the registration office does not dispute a property certificate it issued',
      { issuer: 'registration-office' },
      'REGISTRATION_OBJECTION_OWN_CERTIFICATE',
    ],
    [
      'a revoked certificate is not disputed',
      {
        revoked: {
          certificateId: certificate.certificateId,
          number: certificate.number,
          revokedOn: '2026-03-11',
          reason: 'r',
          revokedAt: at,
        },
      },
      'REGISTRATION_CERTIFICATE_REVOKED',
    ],
  ])('refuses: %s', (_, over, expected) => {
    expect(code(raise(given(over)))).toBe(expected)
  })

  // 不动产权证书: its holder (权利人) bears a wrong one (登记错误, 004:3757) and may object; the registration office answers.
  const property: CertificateBodyValue = {
    ...certificate,
    kind: 'property',
    number: '粤(2026)佛山市不动产权第0000012号',
    title: '不动产权证书',
  }
  const ownerOf = { sub: 'o', role: 'owner', creditCode: '91440600MA4UW8XL2K' } as const
  it('the owner objects to its own property certificate, as its organisation, answered by the registration office', () => {
    const objection = raised({
      certificate: property,
      issuer: 'registration-office',
      actor: ownerOf,
      raisedByName: '佛山精密制造有限公司',
    })
    expect(objection).toMatchObject({
      raisedBy: 'owner-91440600ma4uw8xl2k',
      raisedByName: '佛山精密制造有限公司',
      issuer: 'registration-office',
      status: 'open',
    })
    expect(mayRead(objection, ownerOf)).toBe(true)
    expect(mayRead(objection, registrar)).toBe(true)
    expect(mayRead(objection, { sub: 'o2', role: 'owner', creditCode: '91110000100000000X' })).toBe(false)
    expect(code(answer(objection, ownerOf, { outcome: 'upheld', finding: 'x' }, at))).toBe(
      'REGISTRATION_OBJECTION_NOT_THE_ISSUER',
    )
    expect(code(answer(objection, registrar, { outcome: 'upheld', finding: '面积录入有误' }, at))).toBe('ok')
    // One open objection of the owner at a time, as of a department.
    const again = raise(
      given({ certificate: property, issuer: 'registration-office', actor: ownerOf, open: [objection] }),
    )
    expect(code(again)).toBe('REGISTRATION_OBJECTION_OPEN')
  })
  it.each<[string, Partial<RaiseInput>]>([
    [
      "another owner's property certificate",
      {
        certificate: property,
        issuer: 'registration-office',
        actor: { sub: 'o2', role: 'owner', creditCode: '91110000100000000X' },
      },
    ],
    ['a permit, its own project’s or not (the departments use permits)', { actor: ownerOf }],
    [
      'an owner without a credit code',
      { certificate: property, issuer: 'registration-office', actor: { sub: 'o3', role: 'owner' } },
    ],
  ])('refuses the owner: %s', (_, over) => {
    expect(code(raise(given(over)))).toBe('REGISTRATION_OBJECTION_NOT_A_USER')
  })

  it('one open objection per certificate and department: another department may raise its own beside it', () => {
    const first = raised()
    const again = raise(given({ open: [first] }))
    expect(again).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'REGISTRATION_OBJECTION_OPEN',
        details: { objectionId: first.objectionId },
      }),
    })
    expect(code(raise(given({ open: [first], actor: fire })))).toBe('ok')
  })

  it('names the blank field: a reason of spaces, an evidence reference of spaces', () => {
    const blankReason = raise(given({ command: { reason: '   ', evidence: [] } }))
    expect(blankReason.ok ? undefined : blankReason.error.details).toEqual({
      errors: [{ field: '/body/reason', message: 'must not be blank' }],
    })
    const blankEvidence = raise(given({ command: { reason: 'x', evidence: ['a', ' '] } }))
    expect(blankEvidence.ok ? undefined : blankEvidence.error.details).toEqual({
      errors: [{ field: '/body/evidence/1', message: 'must not be blank' }],
    })
  })
})

describe('answering it', () => {
  const later = '2026-03-13T02:00:00.000Z'

  it('the issuing department upholds or rejects with its finding; the objection is closed at version 2', () => {
    const objection = raised()
    const upheld = answer(objection, housing, { outcome: 'upheld', finding: '面积录入有误，已注销重发' }, later)
    expect(upheld).toEqual({
      ok: true,
      value: {
        ...objection,
        status: 'upheld',
        answer: { outcome: 'upheld', finding: '面积录入有误，已注销重发', answeredAt: later, answeredBy: 'housing-1' },
        version: 2,
      },
    })
    const rejected = answer(objection, housing, { outcome: 'rejected', finding: '证载信息与审批一致' }, later)
    expect(rejected.ok && rejected.value.status).toBe('rejected')
  })

  it('refuses anyone but the issuer, a second answer and a blank finding', () => {
    const objection = raised()
    const body = { outcome: 'upheld', finding: 'f' } as const
    expect(code(answer(objection, fire, body, later))).toBe('REGISTRATION_OBJECTION_NOT_THE_ISSUER')
    expect(code(answer(objection, registrar, body, later))).toBe('REGISTRATION_OBJECTION_NOT_THE_ISSUER')
    const done = answer(objection, housing, body, later)
    if (!done.ok) throw new Error(done.error.code)
    expect(code(answer(done.value, housing, body, later))).toBe('REGISTRATION_OBJECTION_ANSWERED')
    expect(code(answer(objection, housing, { outcome: 'rejected', finding: '  ' }, later))).toBe(
      'REGISTRATION_OBJECTION_BLANK',
    )
  })

  it('both departments read it, and no one else', () => {
    const objection = raised()
    expect(mayRead(objection, registrar)).toBe(true)
    expect(mayRead(objection, housing)).toBe(true)
    expect(mayRead(objection, { sub: 'l', role: 'lead', department: 'housing-construction' })).toBe(true)
    expect(mayRead(objection, fire)).toBe(false)
    expect(mayRead(objection, { sub: 'a', role: 'admin' })).toBe(false)
  })
})

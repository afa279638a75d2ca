import { describe, expect, it } from 'vitest'
import {
  CertificateIssuedV1,
  RegistrationCaseOpenedV1,
  RegistrationCompletedV1,
  validationErrors,
} from '../src/index.js'

// 登记范围: a registration case, and the property certificate it issues, name the building (part) joint acceptance
// accepted on its own. A stream still holds events of cases and certificates from before, with no part: a reader
// takes those as it always did.

const registration = (part?: string) => ({
  case: {
    caseId: '0195f3a0-0000-7000-8000-000000000001',
    projectId: '0195f3a0-0000-7000-8000-000000000002',
    acceptanceCaseId: '0195f3a0-0000-7000-8000-000000000003',
    caseNumber: 'DJ-440600-2026-000001',
    ...(part === undefined ? {} : { part }),
    status: 'open',
    openedAt: '2026-03-02T01:00:00.000Z',
    version: 3,
    updatedAt: '2026-03-04T02:00:00.000Z',
  },
})

const issued = (part?: string) => ({
  certificate: {
    body: {
      certificateId: '0195f3a0-0000-7000-8000-000000000004',
      kind: 'property',
      number: '粤(2026)440600不动产权第0000001号',
      title: '不动产权证书',
      projectId: '0195f3a0-0000-7000-8000-000000000002',
      owner: { name: '佛山精密制造有限公司', creditCode: '91440600MA4UW8XL2K' },
      ...(part === undefined ? {} : { part }),
      unitCode: '440600001001GB00001F00010001',
      issuedOn: '2026-03-06',
    },
    algorithm: 'Ed25519',
    keyId: 'test-key',
    signature: 'c2lnbmF0dXJl',
  },
  issuedAt: '2026-03-06T02:00:00.000Z',
})

describe('登记范围 on registration events', () => {
  it('a case and its certificate name the building they register; events from before, with none, still read', () => {
    for (const part of ['1号厂房', undefined]) {
      expect(validationErrors(RegistrationCaseOpenedV1, registration(part))).toEqual([])
      expect(validationErrors(RegistrationCompletedV1, registration(part))).toEqual([])
      expect(validationErrors(CertificateIssuedV1, issued(part))).toEqual([])
    }
  })

  it('is bounded: never empty (the whole project names none), at most 500 characters', () => {
    for (const part of ['', '幢'.repeat(501)]) {
      expect(validationErrors(RegistrationCaseOpenedV1, registration(part)).join()).toContain('/case/part')
      expect(validationErrors(CertificateIssuedV1, issued(part)).join()).toContain('/certificate/body/part')
    }
    expect(validationErrors(RegistrationCaseOpenedV1, registration('幢'.repeat(500)))).toEqual([])
  })
})

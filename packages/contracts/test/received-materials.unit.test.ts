import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import { ApplicationAcceptedV1, ApplicationReceivedV1 } from '../src/index.js'

// 收件清单: intake's receipt and acceptance events now carry the materials handed in at the window. The streams still
// hold events written before, without them, and a reader must take those as it always did.

const receipt = { nationalCode: 1, receivedAt: '2026-03-02T01:00:00Z', receivedOn: '2026-03-02' } as const
const receivedBody = {
  applicationId: '0195f3a0-0000-7000-8000-000000000001',
  projectId: '0195f3a0-0000-7000-8000-000000000002',
  projectCode: '2026-441500-48-01-000001',
  stage: 'construction-permit',
  step: 'six-item-bundle',
  receiptNumber: '441500-20260302-0001',
  ownerCreditCode: '91441500MA4UQ1234X',
  receipt,
}
const acceptedBody = {
  applicationId: receivedBody.applicationId,
  projectId: receivedBody.projectId,
  projectCode: receivedBody.projectCode,
  stage: 'construction-permit',
  catalogueVersion: 'v1',
  acceptedAt: '2026-03-02T01:00:00Z',
  acceptedOn: '2026-03-02',
  withDeficiencies: false,
  items: [{ item: 'construction-permit', department: 'housing-construction' }],
}
const material = (n: number) => ({ code: `material-${n}`, documentRef: `doc://${n}` })

describe.each([
  ['application.received', ApplicationReceivedV1, receivedBody],
  ['application.accepted', ApplicationAcceptedV1, acceptedBody],
] as const)('%s materials', (_, event, body) => {
  const check = Compile(event.schema)

  it('reads an event written before the field, without materials', () => {
    expect(check.Check(body), JSON.stringify([...check.Errors(body)])).toBe(true)
  })

  it('takes the materials, a document reference optional', () => {
    expect(check.Check({ ...body, materials: [material(1), { code: 'site-plan' }] })).toBe(true)
    expect(check.Check({ ...body, materials: [] })).toBe(true)
  })

  it('refuses a list over 200, an empty or over-long code, and an over-long document reference', () => {
    expect(check.Check({ ...body, materials: Array.from({ length: 200 }, (_, i) => material(i)) })).toBe(true)
    expect(check.Check({ ...body, materials: Array.from({ length: 201 }, (_, i) => material(i)) })).toBe(false)
    expect(check.Check({ ...body, materials: [{ code: '' }] })).toBe(false)
    expect(check.Check({ ...body, materials: [{ code: 'x'.repeat(101) }] })).toBe(false)
    expect(check.Check({ ...body, materials: [{ code: 'site-plan', documentRef: 'x'.repeat(501) }] })).toBe(false)
  })
})

// 容缺 at 接件: the receipt's event carries the materials accepted as owed and their promised days, so a paper of the
// receipt opened elsewhere says 容缺后补 before the acceptance brings them as deficiencies.
describe('application.received owedMaterials', () => {
  const check = Compile(ApplicationReceivedV1.schema)
  const owed = (n: number) => ({ code: `material-${n}`, promisedOn: '2026-03-20' })

  it('reads an event written before the field, and takes the owed materials with their days', () => {
    expect(check.Check(receivedBody)).toBe(true)
    expect(check.Check({ ...receivedBody, owedMaterials: [owed(1)] })).toBe(true)
    expect(check.Check({ ...receivedBody, owedMaterials: [] })).toBe(true)
  })

  it('refuses a list over 200, a material without its day or with a day that is not one, and an empty code', () => {
    expect(check.Check({ ...receivedBody, owedMaterials: Array.from({ length: 200 }, (_, i) => owed(i)) })).toBe(true)
    expect(check.Check({ ...receivedBody, owedMaterials: Array.from({ length: 201 }, (_, i) => owed(i)) })).toBe(false)
    expect(check.Check({ ...receivedBody, owedMaterials: [{ code: 'site-plan' }] })).toBe(false)
    expect(check.Check({ ...receivedBody, owedMaterials: [{ code: 'site-plan', promisedOn: '2026-02-30' }] })).toBe(
      false,
    )
    expect(check.Check({ ...receivedBody, owedMaterials: [{ code: '', promisedOn: '2026-03-20' }] })).toBe(false)
  })
})

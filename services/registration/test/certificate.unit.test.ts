import { generateKeyPairSync } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type CertificateBodyValue,
  canonicalBytes,
  keyIdOf,
  signCertificate,
  signingKeyOf,
  verificationKeyOf,
  verifyCertificate,
} from '../src/domain/certificate.js'
import { permitItemsOf, propertyNumber, unitCodeOf } from '../src/domain/issue.js'

const newKey = () => signingKeyOf(generateKeyPairSync('ed25519').privateKey)
const key = newKey()
const keys = [{ keyId: key.keyId, publicKey: key.publicKey }]

const body: CertificateBodyValue = {
  certificateId: '019a0000-0000-7000-8000-000000000001',
  kind: 'property',
  number: '粤(2026)440600不动产权第0000001号',
  title: '不动产权证书',
  projectId: '019a0000-0000-7000-8000-000000000002',
  owner: { name: 'Foshan Precision Works Ltd', creditCode: '91440600MA4UW8XL2K' },
  unitCode: '440600001001GB00001F00010001',
  parcel: 'Lot 7, Shunde',
  floorAreaM2: 12_000.5,
  issuedOn: '2026-03-10',
}

describe('signed certificates', () => {
  it('verifies what it signed, with the key id of the raw public key', () => {
    const signed = signCertificate(body, key)
    expect(signed.algorithm).toBe('Ed25519')
    expect(signed.keyId).toMatch(/^[0-9a-f]{16}$/)
    expect(signed.keyId).toBe(keyIdOf(key.publicKey))
    expect(verifyCertificate(signed, keys)).toEqual({ genuine: true })
  })

  it('accepts the key as PEM and derives the same key id from the private or the public half', () => {
    const pem = key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
    expect(signingKeyOf(pem).keyId).toBe(key.keyId)
    expect(verificationKeyOf(pem).keyId).toBe(key.keyId)
    expect(verificationKeyOf(key.publicKey.export({ format: 'pem', type: 'spki' }).toString()).keyId).toBe(key.keyId)
    expect(() => signingKeyOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)).toThrow(/Ed25519/)
  })

  it('is independent of the order of the fields (RFC 8785)', () => {
    const reversed = Object.fromEntries(Object.entries(body).reverse()) as CertificateBodyValue
    const ownerReversed = { ...reversed, owner: { creditCode: body.owner.creditCode, name: body.owner.name } }
    expect(canonicalBytes(ownerReversed).equals(canonicalBytes(body))).toBe(true)
    const signed = signCertificate(body, key)
    expect(verifyCertificate({ ...signed, body: ownerReversed }, keys)).toEqual({ genuine: true })
  })

  it('refuses a certificate signed by a key that is not ours, and one with our key id but another key', () => {
    const stranger = newKey()
    const foreign = signCertificate(body, stranger)
    expect(verifyCertificate(foreign, keys)).toMatchObject({ genuine: false, reason: expect.stringMatching(/not one/) })
    const forged = { ...foreign, keyId: key.keyId }
    expect(verifyCertificate(forged, keys)).toMatchObject({
      genuine: false,
      reason: expect.stringMatching(/signature/),
    })
  })

  it('still verifies a certificate of an older key while it is on the list', () => {
    const old = newKey()
    const signed = signCertificate(body, old)
    expect(verifyCertificate(signed, keys).genuine).toBe(false)
    expect(verifyCertificate(signed, [...keys, { keyId: old.keyId, publicKey: old.publicKey }])).toEqual({
      genuine: true,
    })
  })

  it('refuses a signature that is not 64 bytes of base64url', () => {
    const signed = signCertificate(body, key)
    expect(verifyCertificate({ ...signed, signature: `${signed.signature}AA` }, keys).genuine).toBe(false)
    expect(verifyCertificate({ ...signed, signature: signed.signature.replace(/.$/, '!') }, keys).genuine).toBe(false)
  })

  // Every field of the body, changed alone to any other value of a plausible type, is caught.
  const fields = Object.keys(body) as Array<keyof CertificateBodyValue>
  const otherValue = fc.oneof(
    fc.string(),
    fc.double({ noNaN: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.record({ name: fc.string(), creditCode: fc.string() }),
  )
  it('detects every single-field alteration, addition and removal', () => {
    const signed = signCertificate(body, key)
    fc.assert(
      fc.property(fc.constantFrom(...fields), otherValue, (field, value) => {
        fc.pre(JSON.stringify(value) !== JSON.stringify(body[field]))
        const altered = { ...signed, body: { ...body, [field]: value } as CertificateBodyValue }
        expect(verifyCertificate(altered, keys).genuine).toBe(false)
      }),
    )
    fc.assert(
      fc.property(fc.constantFrom(...fields), (field) => {
        const { [field]: _dropped, ...rest } = body
        expect(verifyCertificate({ ...signed, body: rest as CertificateBodyValue }, keys).genuine).toBe(false)
      }),
    )
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((k) => !(k in body)),
        otherValue,
        (field, value) => {
          const added = { ...signed, body: { ...body, [field]: value } as CertificateBodyValue }
          expect(verifyCertificate(added, keys).genuine).toBe(false)
        },
      ),
    )
  })

  it('detects a change of one character of a string field', () => {
    const signed = signCertificate(body, key)
    const strings = fields.filter((f) => typeof body[f] === 'string')
    fc.assert(
      fc.property(fc.constantFrom(...strings), fc.nat(), fc.string({ minLength: 1, maxLength: 1 }), (f, at, ch) => {
        const s = body[f] as string
        const i = at % s.length
        fc.pre(s[i] !== ch)
        const altered = `${s.slice(0, i)}${ch}${s.slice(i + 1)}`
        expect(verifyCertificate({ ...signed, body: { ...body, [f]: altered } }, keys).genuine).toBe(false)
      }),
    )
  })
})

describe('numbers and codes', () => {
  it('makes a 28-character 不动产单元代码 in the region', () => {
    const code = unitCodeOf('440600', 42)
    expect(code).toBe('440600001001GB00042F00010001')
    expect(code).toHaveLength(28)
    expect(code).toMatch(/^\d{12}[A-Z]{2}\d{5}[FLQW]\d{8}$/)
    expect(() => unitCodeOf('4406', 1)).toThrow()
    expect(() => unitCodeOf('440600', 100_000)).toThrow()
  })

  it.each([
    ['440600', '粤(2026)440600不动产权第0000007号'],
    ['460200', '琼(2026)460200不动产权第0000007号'],
    ['110000', '11(2026)110000不动产权第0000007号'],
  ])('numbers a property certificate of %s', (region, number) => {
    expect(propertyNumber(region, '2026', 7)).toBe(number)
  })

  it('takes only the -permit items of the step', () => {
    const flow = [
      { step: 'land', items: ['land-planning-permit', 'land-use-approval'] },
      { step: 'permits', items: ['engineering-planning-permit', 'drawing-review', 'construction-permit'] },
    ]
    expect(permitItemsOf(flow, 'permits')).toEqual(['engineering-planning-permit', 'construction-permit'])
    expect(permitItemsOf(flow, 'land')).toEqual(['land-planning-permit'])
    expect(permitItemsOf(flow, 'nope')).toEqual([])
  })
})

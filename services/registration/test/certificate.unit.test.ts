import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign } from 'node:crypto'
import { CertificateBody, CertificateIssuedV1, CertificateToVerify, certificateDigest } from '@onewindow/contracts'
import fc from 'fast-check'
// The independent SM2 implementation (test-only): jsbn arithmetic, not the noble-curves code that signs at runtime.
import smCrypto from 'sm-crypto'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { signCertificate } from '../src/certificate-signer.js'
import {
  type CertificateBodyValue,
  type CertificateKeys,
  type CertificateSigner,
  canonicalBytes,
  keyIdOf,
  type SignedCertificateValue,
  SM2_DEFAULT_ID,
  signingKeyOf,
  sm2KeyIdOf,
  sm2PublicKeyPem,
  sm2SigningKeyOf,
  sm2VerificationKeyOf,
  verificationKeyOf,
  verifyCertificate,
} from '../src/domain/certificate.js'
import {
  buildingOnParcel,
  certificateFacts,
  parcelOf,
  permitCertificateBody,
  permitItemsOf,
  propertyCertificateBody,
  propertyNumber,
  unitCodeOf,
} from '../src/domain/issue.js'

const newSm2Pem = () =>
  generateKeyPairSync('ec', { namedCurve: 'SM2' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
const newSigner = (): CertificateSigner => ({
  ed25519: signingKeyOf(generateKeyPairSync('ed25519').privateKey),
  sm2: sm2SigningKeyOf(newSm2Pem()),
})
const keysOf = (...signers: CertificateSigner[]): CertificateKeys => ({
  ed25519: signers.map((s) => ({ keyId: s.ed25519.keyId, publicKey: s.ed25519.publicKey })),
  sm2: signers.map((s) => ({ keyId: s.sm2.keyId, publicKeyHex: s.sm2.publicKeyHex })),
})
const key = newSigner()
const keys = keysOf(key)
const both = ['Ed25519', 'SM2-SM3']

const body: CertificateBodyValue = {
  certificateId: '019a0000-0000-7000-8000-000000000001',
  kind: 'property',
  number: '粤(2026)440600不动产权第0000001号',
  title: '不动产权证书',
  projectId: '019a0000-0000-7000-8000-000000000002',
  owner: { name: '佛山精密制造有限公司', creditCode: '91440600MA4UW8XL2K' },
  unitCode: '440600001001GB00001F00010001',
  parcel: 'Lot 7, Shunde',
  floorAreaM2: 12_000.5,
  issuer: '佛山市自然资源局',
  issuedOn: '2026-03-10',
}

/** sm-crypto takes a message as an array of byte values. */
const bytesOf = (b: CertificateBodyValue) => Array.from(canonicalBytes(b))
const sm2Hex = (signed: SignedCertificateValue) => Buffer.from(signed.sm2?.signature ?? '', 'base64url').toString('hex')

// A certificate goes out whole in CertificateIssuedV1, validated on publish: what it is built from at its longest — a
// project's location or a registrar's parcel (500 characters each), an owner's name (200), a catalogue name (200) —
// must fit what the event carries, or the case that completes could never issue it.
describe('a certificate built from the longest inputs', () => {
  const project = {
    projectId: '0194f3a0-0000-7000-8000-000000000001',
    owner: { name: '企'.repeat(200), creditCode: '91441500MA51XY201H' },
    location: '址'.repeat(500),
    floorAreaM2: 100_000_000,
  }
  it('is one the event carries', () => {
    const property = propertyCertificateBody({
      certificateId: '0194f3a0-0000-7000-8000-000000000002',
      number: propertyNumber('441500', '2026', 99_999),
      project,
      unitCode: unitCodeOf('441500', 99_999),
      issuer: '局'.repeat(200),
      issuedOn: '2026-03-02',
    })
    expect(property.parcel).toBe(project.location)
    expect([...Value.Errors(CertificateBody, property)]).toEqual([])
    const parcel = { ...property, parcel: '宗'.repeat(500) }
    expect([...Value.Errors(CertificateBody, parcel)]).toEqual([])
    const permit = permitCertificateBody({
      certificateId: '0194f3a0-0000-7000-8000-000000000003',
      number: propertyNumber('441500', '2026', 99_999),
      project,
      item: 'i'.repeat(100),
      title: '证'.repeat(200),
      issuer: '局'.repeat(200),
      issuedOn: '2026-03-02',
    })
    expect([...Value.Errors(CertificateBody, permit)]).toEqual([])
  })
})

describe('signed certificates', () => {
  it("signs a phase's permit with its phase (分阶段办理): another phase on the same body is not genuine", () => {
    const phase = { code: 'foundation-pit', name: '基坑围护', number: 1, count: 4 }
    const permit = permitCertificateBody({
      certificateId: '0194f3a0-0000-7000-8000-000000000004',
      number: 'permit-1',
      project: { projectId: body.projectId, owner: body.owner },
      item: 'construction-permit',
      title: '建筑工程施工许可证',
      phase,
      issuedOn: '2026-03-02',
    })
    expect(permit.phase).toEqual(phase)
    expect([...Value.Errors(CertificateBody, permit)]).toEqual([])
    const signed = signCertificate(permit, key)
    expect(verifyCertificate(signed, keys)).toEqual({ genuine: true, checked: both })
    const later = { ...signed, body: { ...permit, phase: { ...phase, code: 'below-base-slab', number: 2 } } }
    expect(verifyCertificate(later, keys)).toMatchObject({ genuine: false })
    const whole = permitCertificateBody({
      certificateId: permit.certificateId,
      number: permit.number,
      project: { projectId: body.projectId, owner: body.owner },
      item: 'construction-permit',
      title: permit.title,
      issuedOn: permit.issuedOn,
    })
    expect(whole).not.toHaveProperty('phase')
  })

  it("signs a unit work's permit with its building (按照单位工程): another building on the same body is not genuine", () => {
    const permit = permitCertificateBody({
      certificateId: '0194f3a0-0000-7000-8000-000000000005',
      number: 'permit-2',
      project: { projectId: body.projectId, owner: body.owner },
      item: 'construction-permit',
      title: '建筑工程施工许可证',
      part: '1号楼',
      issuedOn: '2026-03-02',
    })
    expect(permit.part).toBe('1号楼')
    expect([...Value.Errors(CertificateBody, permit)]).toEqual([])
    const signed = signCertificate(permit, key)
    expect(verifyCertificate(signed, keys)).toEqual({ genuine: true, checked: both })
    expect(verifyCertificate({ ...signed, body: { ...permit, part: '2号楼' } }, keys)).toMatchObject({ genuine: false })
  })

  it('verifies what it signed, with the key id of the raw public key', () => {
    const signed = signCertificate(body, key)
    expect(signed.algorithm).toBe('Ed25519')
    expect(signed.keyId).toMatch(/^[0-9a-f]{16}$/)
    expect(signed.keyId).toBe(keyIdOf(key.ed25519.publicKey))
    expect(signed.sm2).toMatchObject({ algorithm: 'SM2-SM3', keyId: sm2KeyIdOf(key.sm2.publicKeyHex) })
    expect(verifyCertificate(signed, keys)).toEqual({ genuine: true, checked: both })
  })

  it('accepts the key as PEM and derives the same key id from the private or the public half', () => {
    const ed = key.ed25519
    const pem = ed.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
    expect(signingKeyOf(pem).keyId).toBe(ed.keyId)
    expect(verificationKeyOf(pem).keyId).toBe(ed.keyId)
    expect(verificationKeyOf(ed.publicKey.export({ format: 'pem', type: 'spki' }).toString()).keyId).toBe(ed.keyId)
    expect(() => signingKeyOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)).toThrow(/Ed25519/)
  })

  it('is independent of the order of the fields (RFC 8785)', () => {
    const reversed = Object.fromEntries(Object.entries(body).reverse()) as CertificateBodyValue
    const ownerReversed = { ...reversed, owner: { creditCode: body.owner.creditCode, name: body.owner.name } }
    expect(canonicalBytes(ownerReversed).equals(canonicalBytes(body))).toBe(true)
    const signed = signCertificate(body, key)
    expect(verifyCertificate({ ...signed, body: ownerReversed }, keys)).toEqual({ genuine: true, checked: both })
    expect(certificateDigest(ownerReversed)).toBe(certificateDigest(body))
  })

  it('refuses a certificate signed by a key that is not ours, and one with our key id but another key', () => {
    const stranger = newSigner()
    const foreign = signCertificate(body, stranger)
    expect(verifyCertificate(foreign, keys)).toMatchObject({ genuine: false, reason: expect.stringMatching(/not one/) })
    const forged = { ...foreign, keyId: key.ed25519.keyId }
    expect(verifyCertificate(forged, keys)).toMatchObject({
      genuine: false,
      reason: expect.stringMatching(/signature/),
    })
  })

  it('still verifies a certificate of an older key while it is on the list', () => {
    const old = newSigner()
    const signed = signCertificate(body, old)
    expect(verifyCertificate(signed, keys).genuine).toBe(false)
    expect(verifyCertificate(signed, keysOf(key, old))).toEqual({ genuine: true, checked: both })
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

// A permit as registration issued it before certificates named their issuer (发证机关), titled with its matter's name:
// signed then, kept here with the public halves of its keys (the private halves were thrown away).
const BEFORE_ISSUER = {
  ed25519Pem:
    '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAbDRrHnTPB2Vp3MDwThJtA9ZKRUF2p/kDdFFCwxaDPY0=\n-----END PUBLIC KEY-----\n',
  sm2PublicKeyHex:
    '04e989d50f687f89636ab276b4effa26c3926ad558f70ed0927f0e7657647958e3832a4903a11c9eb4265d586ce5cdda70ab7fbe7996f07c41fd995e1c9e2d537e',
  signed: {
    body: {
      certificateId: '019c8a10-0000-7000-8000-0000000000a1',
      kind: 'permit',
      number: '第4406002026000001号',
      title: '建设工程规划许可证核发',
      projectId: '019c8a10-0000-7000-8000-0000000000a2',
      owner: { name: '佛山精密制造有限公司', creditCode: '91440600MA4UW8XL2K' },
      item: 'engineering-planning-permit',
      issuedOn: '2026-03-02',
    },
    algorithm: 'Ed25519',
    keyId: 'b1cd942baa86291e',
    signature: 'DhdT5SshKm9zX69bFe8tDiZrM7VDa2fdlDZw7GGabnv5DoKrM5DLo0TbujJYIRjng_ay75VCMuvXeKEcrkY2AQ',
    sm2: {
      algorithm: 'SM2-SM3',
      keyId: '31781b2128b47535',
      signature: 'GTEyDicmnMNshhDMEZ0TYn91tkXDDhDxP3u3qMNSpgOK4zH5pVGRrP8jM5pz5u6BUh_btEMiN57rTi6BO7Thdg',
    },
  } satisfies SignedCertificateValue,
}

describe('the issuer (发证机关)', () => {
  const oldKeys: CertificateKeys = {
    ed25519: [verificationKeyOf(BEFORE_ISSUER.ed25519Pem)],
    sm2: [{ keyId: sm2KeyIdOf(BEFORE_ISSUER.sm2PublicKeyHex), publicKeyHex: BEFORE_ISSUER.sm2PublicKeyHex }],
  }

  it('a certificate issued before it had one still verifies, and is still taken by the verify route and the event', () => {
    const old = BEFORE_ISSUER.signed
    expect(verifyCertificate(old, oldKeys)).toEqual({ genuine: true, checked: both })
    expect([...Value.Errors(CertificateToVerify, old)]).toEqual([])
    expect([
      ...Value.Errors(CertificateIssuedV1.schema, { certificate: old, issuedAt: '2026-03-02T02:00:00Z' }),
    ]).toEqual([])
  })

  it('is signed over: an issuer written onto an old certificate, or changed on a new one, is not genuine', () => {
    const old = BEFORE_ISSUER.signed
    const stamped = { ...old, body: { ...old.body, issuer: '佛山市自然资源局' } }
    expect(verifyCertificate(stamped, oldKeys).genuine).toBe(false)
    const signed = signCertificate(body, key)
    expect(verifyCertificate(signed, keys)).toEqual({ genuine: true, checked: both })
    const other = { ...signed, body: { ...signed.body, issuer: '不动产登记机构' } }
    expect(verifyCertificate(other, keys).genuine).toBe(false)
    const { issuer: _dropped, ...withoutIssuer } = signed.body
    expect(verifyCertificate({ ...signed, body: withoutIssuer }, keys).genuine).toBe(false)
  })

  it('a permit names its deciding department; the body a verifier sends may carry it, bounded', () => {
    const permit = permitCertificateBody({
      certificateId: '019c8a10-0000-7000-8000-0000000000b1',
      number: '第4406002026000002号',
      project: { projectId: '019c8a10-0000-7000-8000-0000000000b2', owner: body.owner },
      item: 'construction-permit',
      title: '建筑工程施工许可证',
      issuer: '佛山市住房城乡建设局',
      issuedOn: '2026-03-02',
    })
    expect(permit).toMatchObject({ title: '建筑工程施工许可证', issuer: '佛山市住房城乡建设局' })
    const signed = signCertificate(permit, key)
    expect([...Value.Errors(CertificateToVerify, signed)]).toEqual([])
    for (const issuer of ['', '局'.repeat(501)]) {
      const bad = { ...signed, body: { ...signed.body, issuer } }
      expect([...Value.Errors(CertificateToVerify, bad)].map((e) => e.instancePath)).toContain('/body/issuer')
    }
    const unknown = permitCertificateBody({
      ...permit,
      project: { projectId: permit.projectId, owner: permit.owner },
      item: 'x-permit',
      issuer: undefined,
    })
    expect('issuer' in unknown).toBe(false)
  })
})

describe('登记范围 on a property certificate', () => {
  const property = (part?: string) =>
    propertyCertificateBody({
      certificateId: '019c8a10-0000-7000-8000-0000000000c1',
      number: propertyNumber('440600', '2026', 2),
      project: { projectId: body.projectId, owner: body.owner },
      unitCode: unitCodeOf('440600', 2),
      part,
      issuer: '佛山市自然资源局',
      issuedOn: '2026-03-10',
    })

  it('names the building it registers, signed over; the whole project names none', () => {
    const building = property('2号厂房')
    expect(building.part).toBe('2号厂房')
    expect('part' in property()).toBe(false)
    expect('part' in property('')).toBe(false)
    const signed = signCertificate(building, key)
    expect(verifyCertificate(signed, keys)).toEqual({ genuine: true, checked: both })
    expect(verifyCertificate({ ...signed, body: { ...signed.body, part: '1号厂房' } }, keys).genuine).toBe(false)
  })

  it('the body a verifier sends may carry it, bounded; one issued before it still reads', () => {
    const signed = signCertificate(property('2号厂房'), key)
    expect([...Value.Errors(CertificateToVerify, signed)]).toEqual([])
    for (const part of ['', '幢'.repeat(501)]) {
      const bad = { ...signed, body: { ...signed.body, part } }
      expect([...Value.Errors(CertificateToVerify, bad)].map((e) => e.instancePath)).toContain('/body/part')
    }
    expect([...Value.Errors(CertificateToVerify, signCertificate(body, key))]).toEqual([])
  })
})

describe('SM2 with SM3 (GB/T 32918.2), checked against sm-crypto', () => {
  const { sm2 } = smCrypto
  const opts = { hash: true } as const
  const base64url = (der: string) => Buffer.from(der, 'hex').toString('base64url')

  it('our SM2 signature verifies with sm-crypto, with the default ID and only with it', () => {
    const signed = signCertificate(body, key)
    const pub = key.sm2.publicKeyHex
    expect(sm2.doVerifySignature(bytesOf(body), sm2Hex(signed), pub, opts)).toBe(true)
    expect(sm2.doVerifySignature(bytesOf(body), sm2Hex(signed), pub, { ...opts, userId: SM2_DEFAULT_ID })).toBe(true)
    // Another ID changes Z: this proves the Z value is hashed in and that it is GM/T 0009's default ID.
    expect(sm2.doVerifySignature(bytesOf(body), sm2Hex(signed), pub, { ...opts, userId: '' })).toBe(false)
    expect(sm2.doVerifySignature(bytesOf({ ...body, floorAreaM2: 1 }), sm2Hex(signed), pub, opts)).toBe(false)
  })

  it("sm-crypto's SM2 signature over the same canonical JSON verifies with ours; with another ID it does not", () => {
    const pair = sm2.generateKeyPairHex()
    // The key as a verifier would take it from GET /keys: the SPKI PEM.
    const theirs = sm2VerificationKeyOf(sm2PublicKeyPem(pair.publicKey))
    expect(theirs.publicKeyHex).toBe(pair.publicKey)
    const withTheirs: CertificateKeys = { ed25519: keys.ed25519, sm2: [theirs] }
    const ours = signCertificate(body, key)
    const asSigned = (der: string): SignedCertificateValue => ({
      ...ours,
      sm2: { algorithm: 'SM2-SM3', keyId: theirs.keyId, signature: base64url(der) },
    })
    const der = sm2.doSignature(bytesOf(body), pair.privateKey, opts)
    expect(verifyCertificate(asSigned(der), withTheirs)).toEqual({ genuine: true, checked: both })
    const otherId = sm2.doSignature(bytesOf(body), pair.privateKey, { ...opts, userId: 'ALICE123@YAHOO.COM' })
    expect(verifyCertificate(asSigned(otherId), withTheirs)).toMatchObject({
      genuine: false,
      reason: expect.stringMatching(/SM2 signature does not match/),
    })
  })

  it('agrees with sm-crypto both ways on bodies of any text, Chinese included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ maxLength: 40 }), (name, parcel) => {
        const b = { ...body, owner: { ...body.owner, name }, parcel }
        const signed = signCertificate(b, key)
        expect(sm2.doVerifySignature(bytesOf(b), sm2Hex(signed), key.sm2.publicKeyHex, opts)).toBe(true)
        const theirs = sm2.doSignature(bytesOf(b), key.sm2.privateKeyHex, opts)
        const swapped = {
          ...signed,
          sm2: { algorithm: 'SM2-SM3' as const, keyId: key.sm2.keyId, signature: base64url(theirs) },
        }
        expect(verifyCertificate(swapped, keys)).toEqual({ genuine: true, checked: both })
      }),
      { numRuns: 25 },
    )
  })

  it('checks the SM2 signature on its own: a body whose Ed25519 signature holds but SM2 does not is refused', () => {
    const signed = signCertificate(body, key)
    const sm2Part = { algorithm: 'SM2-SM3' as const, keyId: key.sm2.keyId, signature: signed.sm2?.signature ?? '' }
    // Only the holder of our Ed25519 key could make this; SM2 still refuses it.
    const edOnly = { ...signCertificate({ ...body, floorAreaM2: 99_999 }, key), sm2: sm2Part }
    expect(verifyCertificate(edOnly, keys)).toMatchObject({
      genuine: false,
      reason: expect.stringMatching(/SM2 signature does not match/),
    })
    expect(verifyCertificate({ ...signed, sm2: { ...sm2Part, keyId: 'ffffffffffffffff' } }, keys)).toMatchObject({
      genuine: false,
      reason: expect.stringMatching(/SM2 key/),
    })
    const s = sm2Part.signature
    const n = 'fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123' // the order of the SM2 curve
    const outOfRange = base64url(`${n}${Buffer.from(s, 'base64url').toString('hex').slice(64)}`)
    const zeros = base64url('00'.repeat(64))
    for (const signature of ['', 'AA', `${s}A`, `${s}AA`, 'A'.repeat(100), s.replace(/^./, '!'), outOfRange, zeros]) {
      expect(verifyCertificate({ ...signed, sm2: { ...sm2Part, signature } }, keys).genuine).toBe(false)
    }
  })

  it("the QR digest is SM3 of the canonical body, as sm-crypto's SM3 computes it", () => {
    const hex = smCrypto.sm3(bytesOf(body))
    expect(certificateDigest(body)).toBe(Buffer.from(hex, 'hex').toString('base64url'))
    expect(certificateDigest(body)).toHaveLength(43)
    expect(certificateDigest({ ...body, title: '不动产权证明' })).not.toBe(certificateDigest(body))
  })

  it('checks a certificate issued before SM2 by Ed25519 alone, and says so', () => {
    const { sm2: _dropped, ...edOnly } = signCertificate(body, key)
    expect(verifyCertificate(edOnly, keys)).toEqual({ genuine: true, checked: ['Ed25519'] })
  })

  it("Node's crypto signs SM2 with an empty ID, never the default one: why sm-crypto-v2 signs at runtime", () => {
    // A key read back from PEM is OpenSSL's SM2 key type; node:crypto has no option to set the distinguishing ID.
    const pem = newSm2Pem()
    const pub = sm2SigningKeyOf(pem).publicKeyHex
    const der = { ...opts, der: true }
    const bySm2Type = nodeSign('sm3', canonicalBytes(body), createPrivateKey(pem)).toString('hex')
    expect(sm2.doVerifySignature(bytesOf(body), bySm2Type, pub, { ...der, userId: '' })).toBe(true)
    expect(sm2.doVerifySignature(bytesOf(body), bySm2Type, pub, der)).toBe(false)
    // An "ec" key on the SM2 curve, as generateKeyPairSync returns it, signs ECDSA: not SM2 under any ID.
    const ec = generateKeyPairSync('ec', { namedCurve: 'SM2' })
    const byEcType = nodeSign('sm3', canonicalBytes(body), ec.privateKey).toString('hex')
    const ecPub = sm2VerificationKeyOf(ec.publicKey).publicKeyHex
    expect(sm2.doVerifySignature(bytesOf(body), byEcType, ecPub, { ...der, userId: '' })).toBe(false)
    expect(sm2.doVerifySignature(bytesOf(body), byEcType, ecPub, der)).toBe(false)
  })

  it('takes an SM2 key as PKCS#8 PEM and refuses any other key', () => {
    const pem = newSm2Pem()
    const signer = sm2SigningKeyOf(pem)
    expect(signer.publicKeyHex).toMatch(/^04[0-9a-f]{128}$/)
    expect(sm2VerificationKeyOf(pem)).toEqual({ keyId: signer.keyId, publicKeyHex: signer.publicKeyHex })
    expect(sm2VerificationKeyOf(sm2PublicKeyPem(signer.publicKeyHex)).keyId).toBe(signer.keyId)
    expect(() => sm2SigningKeyOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)).toThrow(/SM2/)
    expect(() => sm2SigningKeyOf(generateKeyPairSync('ed25519').privateKey)).toThrow(/SM2/)
    expect(() => sm2SigningKeyOf(createPublicKey(pem))).toThrow(/private/)
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

  it('puts on the certificate the floor area of what the case registers, never the project’s on a building', () => {
    const owner = { name: '示例建设单位', creditCode: '91440600MA4UABCD1X' }
    const whole = { projectId: 'p', owner }
    const project = { location: '佛山市顺德区', floorAreaM2: 36_500.5 }
    const surveyed = { ...whole, preSurveyBy: { commissionId: 'c', floorAreaM2: 36_480 } }
    const area = (...args: Parameters<typeof certificateFacts>) => certificateFacts(...args).floorAreaM2
    // The whole project: the registrar's, else the survey's 房产测量, else the declared area.
    expect(area(surveyed, project, 36_470.25)).toBe(36_470.25)
    expect(area(surveyed, project, undefined)).toBe(36_480)
    expect(area(whole, project, undefined)).toBe(36_500.5)
    expect(area(whole, undefined, undefined)).toBeUndefined()
    // One building: the registrar's, else none — neither the project's survey nor its declared area.
    expect(area({ ...surveyed, part: '1号楼' }, project, 1_234.5)).toBe(1_234.5)
    expect(area({ ...surveyed, part: '1号楼' }, project, undefined)).toBeUndefined()
    expect(certificateFacts({ ...whole, part: '1号楼' }, project, undefined)).toEqual({
      projectId: 'p',
      owner,
      location: '佛山市顺德区',
    })
    // A building surveyed on its own: its own 房产测量, unless the registrar recorded one; another building's, never.
    const own = { ...whole, part: '1号楼', preSurveyBy: { commissionId: 'c1', part: '1号楼', floorAreaM2: 8_120.75 } }
    expect(area(own, project, undefined)).toBe(8_120.75)
    expect(area(own, project, 8_100)).toBe(8_100)
    expect(area({ ...own, part: '2号楼' }, project, undefined)).toBeUndefined()
    // …and the whole project does not take a building's survey for its own: it falls back to the declared area.
    expect(area({ ...own, part: undefined }, project, undefined)).toBe(36_500.5)
  })

  it('竣工一幢、登记一幢: numbers a later building on the parcel of the first', () => {
    const first = unitCodeOf('440600', 42)
    expect(parcelOf(first)).toBe('440600001001GB00042')
    expect(buildingOnParcel('440600001001GB00042', 2)).toBe('440600001001GB00042F00020001')
    expect(unitCodeOf('440600', 43, 3)).toBe('440600001001GB00043F00030001')
    // A registrar's own code of another feature (L, Q, W) still gives its parcel; anything else gives none.
    expect(parcelOf('440600001001GB00042L00010001')).toBe('440600001001GB00042')
    expect(parcelOf('')).toBeUndefined()
    expect(parcelOf('440600001001GB00042F0001000')).toBeUndefined()
    for (const n of [0, 10_000, 1.5]) expect(() => buildingOnParcel('440600001001GB00042', n)).toThrow()
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

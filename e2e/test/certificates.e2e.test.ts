import { createPublicKey, verify as nodeVerify } from 'node:crypto'
import { canonicalCertificateBytes } from '@onewindow/contracts'
// An SM2 implementation independent of the one that signs (sm-crypto-v2): what a verifier outside would use.
import smCrypto from 'sm-crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  applicationIn,
  expectStatus,
  industrialPermitMaterials,
  industrialProject,
  openApplication,
  owners,
  registerProject,
  statusWhen,
  until,
  verifyPathOf,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// Monday 2026-03-02, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'

let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

const ownerToken = () => world.token('owner', { creditCode: owners.a.creditCode })
type Listed = { certificateId: string; kind: string; item?: string }

/** An industrial project with its permits step approved: its permit certificates, as the status lists them. */
async function permitsIssued(): Promise<Listed[]> {
  const projectId = await registerProject(world, industrialProject())
  const opened = expectStatus(
    await openApplication(world, projectId, {
      step: 'permits',
      form: {},
      materials: industrialPermitMaterials.map((code) => ({ code, documentRef: `doc://${code}.pdf` })),
    }),
    201,
  ).application as { applicationId: string; items: unknown[] }
  const s = await statusWhen(
    world,
    projectId,
    (x) => x.tasks.filter((t) => t.applicationId === opened.applicationId).length === opened.items.length,
  )
  for (const t of s.tasks.filter((x) => x.applicationId === opened.applicationId)) {
    expectStatus(await act(world, t, { action: 'claim' }), 200)
    expectStatus(await act(world, t, { action: 'approve' }), 200)
  }
  await statusWhen(world, projectId, (x) => applicationIn(x, opened.applicationId).decision?.outcome === 'approved')
  const withPermits = await statusWhen(
    world,
    projectId,
    (x) => (x as unknown as { certificates: Listed[] }).certificates.filter((c) => c.kind === 'permit').length >= 2,
  )
  return (withPermits as unknown as { certificates: Listed[] }).certificates
}

describe('certificates for Chinese verifiers, through the real services', () => {
  it('a permit carries Ed25519 and SM2 signatures that verify offline with the published keys, and a QR payload that verifies it', async () => {
    const [permit] = await permitsIssued()
    const got = expectStatus(await world.api('GET', `/api/v1/certificates/${permit?.certificateId}`, ownerToken()), 200)
    const { certificate, qr } = got
    expect(certificate.sm2).toMatchObject({ algorithm: 'SM2-SM3' })
    expect(got.revocation).toBeUndefined()

    // Offline, with the keys anyone may fetch, and with code that is not the platform's.
    const keys = expectStatus(await world.api('GET', '/api/v1/certificates/keys'), 200).keys as Array<{
      keyId: string
      algorithm: string
      publicKeyPem: string
      publicKeyHex?: string
      userId?: string
    }>
    const ed = keys.find((k) => k.algorithm === 'Ed25519' && k.keyId === certificate.keyId)
    const sm2Key = keys.find((k) => k.algorithm === 'SM2-SM3' && k.keyId === certificate.sm2.keyId)
    if (!ed || !sm2Key?.publicKeyHex) throw new Error(`no published key for ${JSON.stringify(keys)}`)
    const bytes = canonicalCertificateBytes(certificate.body)
    expect(
      nodeVerify(null, bytes, createPublicKey(ed.publicKeyPem), Buffer.from(certificate.signature, 'base64url')),
    ).toBe(true)
    const rs = Buffer.from(certificate.sm2.signature, 'base64url').toString('hex')
    const sm2Verify = (b: Buffer) =>
      smCrypto.sm2.doVerifySignature(Array.from(b), rs, sm2Key.publicKeyHex as string, {
        hash: true,
        userId: sm2Key.userId,
      })
    expect(sm2Key.userId).toBe('1234567812345678')
    expect(sm2Verify(bytes)).toBe(true)
    expect(sm2Verify(canonicalCertificateBytes({ ...certificate.body, title: '伪造' }))).toBe(false)
    // The SPKI PEM of the SM2 key is the same point (what OpenSSL and GmSSL would read).
    const spki = createPublicKey(sm2Key.publicKeyPem).export({ format: 'der', type: 'spki' })
    expect(spki.subarray(-65).toString('hex')).toBe(sm2Key.publicKeyHex)

    // The QR payload: the registry's own copy, valid, to anyone, and short enough for a small QR code.
    expect(qr.payload.length).toBeLessThan(160)
    const scanned = expectStatus(await world.api('GET', verifyPathOf(qr.payload)), 200)
    expect(scanned).toEqual({ status: 'valid', genuine: true, checked: ['Ed25519', 'SM2-SM3'], certificate })
    const wrongDigest = verifyPathOf(qr.payload).replace(/&d=[^&]+/, `&d=${'A'.repeat(43)}`)
    expect(wrongDigest).not.toBe(verifyPathOf(qr.payload))
    expect(expectStatus(await world.api('GET', wrongDigest), 200)).toMatchObject({ status: 'invalid', genuine: false })
    // The whole certificate, shown: valid; one field altered: invalid.
    const verify = (c: unknown) => world.api('POST', '/api/v1/certificates/verify', undefined, { certificate: c })
    expect(expectStatus(await verify(certificate), 200).status).toBe('valid')
    const forged = { ...certificate, body: { ...certificate.body, owner: { ...certificate.body.owner, name: '他人' } } }
    expect(expectStatus(await verify(forged), 200)).toMatchObject({ status: 'invalid', genuine: false })
  })

  it('a registrar revokes a permit: verification and its QR say revoked with the day and reason, the list has it, the other permit stays valid', async () => {
    const [revokedPermit, keptPermit] = await permitsIssued()
    const read = async (id: string | undefined) =>
      expectStatus(await world.api('GET', `/api/v1/certificates/${id}`, ownerToken()), 200)
    const { certificate, qr } = await read(revokedPermit?.certificateId)
    const url = `/api/v1/certificates/${certificate.body.certificateId}/revoke`
    const reason = '以欺骗手段取得施工许可 (obtained by deception)'

    // The owner may not; a bad body is named; nothing is revoked by either.
    expect(expectStatus(await world.api('POST', url, ownerToken(), { reason }), 403).code).toBe('GATEWAY_FORBIDDEN')
    const registrar = world.token('registrar')
    const tooLong = await world.api('POST', url, registrar, { reason: 'x'.repeat(501) })
    expect(tooLong.status).toBe(400)
    expect(JSON.stringify(tooLong.body.errors)).toContain('/body/reason')
    const tomorrow = await world.api('POST', url, registrar, { reason, revokedOn: '2026-03-03' })
    expect(tomorrow).toMatchObject({ status: 422, body: { code: 'REGISTRATION_REVOCATION_DATE' } })
    expect(expectStatus(await world.api('GET', verifyPathOf(qr.payload)), 200).status).toBe('valid')

    const revocation = expectStatus(await world.api('POST', url, registrar, { reason }), 200).revocation
    expect(revocation).toMatchObject({ certificateId: certificate.body.certificateId, revokedOn: '2026-03-02', reason })
    const again = await world.api('POST', url, world.token('admin'), { reason: 'again' })
    expect(again).toMatchObject({ status: 409, body: { code: 'REGISTRATION_CERTIFICATE_REVOKED' } })

    // Registration answers from its own table at once: no waiting for the read model.
    const revoked = { status: 'revoked', genuine: true, checked: ['Ed25519', 'SM2-SM3'], revocation }
    const verify = (c: unknown) => world.api('POST', '/api/v1/certificates/verify', undefined, { certificate: c })
    expect(expectStatus(await verify(certificate), 200)).toEqual(revoked)
    expect(expectStatus(await world.api('GET', verifyPathOf(qr.payload)), 200)).toEqual({ ...revoked, certificate })
    const forged = { ...certificate, body: { ...certificate.body, issuedOn: '2026-03-01' } }
    expect(expectStatus(await verify(forged), 200).status).toBe('invalid')
    const kept = (await read(keptPermit?.certificateId)).certificate
    expect(expectStatus(await verify(kept), 200).status).toBe('valid')

    // The public list and the certificate, from the read model once the event is in.
    await until(async () => {
      const list = expectStatus(await world.api('GET', '/api/v1/certificates/revocations'), 200).revocations
      return list.some((r: { certificateId: string }) => r.certificateId === certificate.body.certificateId)
    })
    const list = expectStatus(await world.api('GET', '/api/v1/certificates/revocations'), 200).revocations
    expect(list.filter((r: { certificateId: string }) => r.certificateId === certificate.body.certificateId)).toEqual([
      revocation,
    ])
    expect((await read(revokedPermit?.certificateId)).revocation).toEqual(revocation)
    expect((await read(keptPermit?.certificateId)).revocation).toBeUndefined()
    const s = await statusWhen(world, certificate.body.projectId, (x) =>
      x.timeline.some((e) => e.type === 'certificate.revoked'),
    )
    expect(s.timeline.filter((e) => e.type === 'certificate.revoked')).toEqual([
      expect.objectContaining({ summary: expect.stringContaining(certificate.body.number), actor: 'registrar-one' }),
    ])
  })
})

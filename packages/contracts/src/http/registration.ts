import { type Static, Type } from 'typebox'
import { LegalDate, Uuid } from '../primitives.js'
import {
  CertificateBody,
  PublicRevocation,
  RegistrationCaseSnapshot,
  RevocationReason,
  SignedCertificate,
  Sm2Signature,
} from '../registration/events.js'

// HTTP bodies of services/registration's internal routes, shared with the gateway.

const strict = { additionalProperties: false } as const
/** OpenAPI's note that `action` picks the variant; service-kit validates the variant it names. */
const discriminated = { discriminator: { propertyName: 'action' } } as const

/**
 * 不动产单元代码 (GB/T 37346): 6-digit county code, 6-digit cadastral zone and subzone, 2-letter parcel feature code,
 * 5-digit parcel number, the fixture kind (`F` 房屋, `L` 林木, `Q` 其他, `W` 无定着物) and 8 digits for building and unit.
 */
export const UnitCode = Type.String({
  pattern: '^\\d{12}[A-Z]{2}\\d{5}[FLQW]\\d{8}$',
  description: '不动产单元代码, 28 characters',
})

/** POST /registrations/:id/actions — what the registrar does on a first-registration case. */
export const RegistrationActionBody = Type.Union(
  [
    Type.Object({ action: Type.Literal('pass-pre-survey') }, strict),
    Type.Object(
      {
        action: Type.Literal('complete'),
        /** Generated from the case's region when absent. */
        unitCode: Type.Optional(UnitCode),
        /** The parcel as the registrar records it; the project's location when absent. */
        parcel: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
        /**
         * 建筑面积 of what the case registers, m² (房产测量), printed on the certificate. Absent: the whole project's
         * surveyed or declared area; a building's case (`part`) then carries none, never the project's.
         */
        floorAreaM2: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100_000_000 })),
      },
      strict,
    ),
  ],
  discriminated,
)
export type RegistrationActionBody = Static<typeof RegistrationActionBody>

export const RegistrationCaseResponse = Type.Object({ case: RegistrationCaseSnapshot })
export type RegistrationCaseResponse = Static<typeof RegistrationCaseResponse>

export const CertificateResponse = Type.Object({ certificate: SignedCertificate })
export type CertificateResponse = Static<typeof CertificateResponse>

/** SM3 of the canonical certificate body, base64url: 43 characters (`certificateDigest`). */
export const CertificateDigest = Type.String({
  pattern: '^[A-Za-z0-9_-]{43}$',
  description: 'SM3 of the RFC 8785 canonical body, base64url',
})

/**
 * What a QR code printed on a certificate carries: the console's public verification page with the certificate id and
 * the digest (`…/verify?id=<uuid>&d=<digest>`, which asks `GET /api/v1/certificates/verify`), about 120 characters.
 */
export const CertificateQr = Type.Object({ payload: Type.String(), digest: CertificateDigest })

/** GET /api/v1/certificates/:id at the gateway: the signed certificate, its QR payload, and its revocation if any. */
export const PublicCertificateResponse = Type.Object({
  certificate: SignedCertificate,
  qr: CertificateQr,
  revocation: Type.Optional(PublicRevocation),
})
export type PublicCertificateResponse = Static<typeof PublicCertificateResponse>

/** A key id or a signature as the certificate carries it: base64url or hex, the alphabet of both. */
const Base64Url = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '^[A-Za-z0-9_-]+$' })

/**
 * The certificate as a stranger sends it to be checked: the issued shape (`SignedCertificate`), closed at every level,
 * with its codes in their formats. The event's schema reads tolerantly, as every event's does; this route is public,
 * so a member the certificate does not have is refused by name instead of being signed over and found not genuine.
 */
export const CertificateToVerify = Type.Object(
  {
    ...SignedCertificate.properties,
    body: Type.Object(
      {
        ...CertificateBody.properties,
        owner: Type.Object(CertificateBody.properties.owner.properties, strict),
        unitCode: Type.Optional(UnitCode),
      },
      strict,
    ),
    keyId: Base64Url(200),
    signature: Base64Url(1000),
    sm2: Type.Optional(
      Type.Object({ ...Sm2Signature.properties, keyId: Base64Url(200), signature: Base64Url(200) }, strict),
    ),
  },
  strict,
)

/** POST /certificates/verify — anyone may check a certificate they were shown. */
export const VerifyCertificateBody = Type.Object({ certificate: CertificateToVerify }, strict)
export type VerifyCertificateBody = Static<typeof VerifyCertificateBody>

/** GET /certificates/verify?id=&d= — the QR form: the registry's own copy is checked and returned. */
export const VerifyCertificateQuery = Type.Object({ id: Uuid, d: CertificateDigest }, strict)
export type VerifyCertificateQuery = Static<typeof VerifyCertificateQuery>

export const VerificationStatus = Type.Union([Type.Literal('valid'), Type.Literal('revoked'), Type.Literal('invalid')])

export const VerifyCertificateResponse = Type.Object({
  /** `valid`: genuine and not revoked; `revoked`: genuine, revoked (see `revocation`); `invalid`: not genuine. */
  status: VerificationStatus,
  /** Whether the signatures hold: true for `valid` and `revoked`. */
  genuine: Type.Boolean(),
  /** The signatures that were checked (a certificate issued before SM2 has Ed25519 alone). */
  checked: Type.Optional(Type.Array(Type.Union([Type.Literal('Ed25519'), Type.Literal('SM2-SM3')]))),
  /** Why not, when invalid. */
  reason: Type.Optional(Type.String()),
  revocation: Type.Optional(PublicRevocation),
  /** The QR form answers the registry's copy, so the verifier can compare it with the paper in hand. */
  certificate: Type.Optional(SignedCertificate),
})
export type VerifyCertificateResponse = Static<typeof VerifyCertificateResponse>

/** GET /keys — the public keys certificates are verified with, offline too; the current one of each signs. */
export const CertificateKeysResponse = Type.Object({
  keys: Type.Array(
    Type.Object({
      keyId: Type.String(),
      algorithm: Type.Union([Type.Literal('Ed25519'), Type.Literal('SM2-SM3')]),
      /** SubjectPublicKeyInfo PEM (for SM2: id-ecPublicKey with the sm2p256v1 curve, as OpenSSL and GmSSL read). */
      publicKeyPem: Type.String(),
      /** SM2 only: the uncompressed point `04‖x‖y` in hex, as most SM2 libraries take it. */
      publicKeyHex: Type.Optional(Type.String()),
      /** SM2 only: the distinguishing identifier hashed into Z (GM/T 0009's default). */
      userId: Type.Optional(Type.String()),
      current: Type.Boolean(),
    }),
  ),
})
export type CertificateKeysResponse = Static<typeof CertificateKeysResponse>

/** POST /certificates/:id/revoke — 注销 by a registrar or an administrator. */
export const RevokeCertificateBody = Type.Object(
  {
    reason: RevocationReason,
    /** The day it stops being valid: today when absent; from its issue day to today. */
    revokedOn: Type.Optional(LegalDate),
  },
  strict,
)
export type RevokeCertificateBody = Static<typeof RevokeCertificateBody>

export const RevokeCertificateResponse = Type.Object({ revocation: PublicRevocation })
export type RevokeCertificateResponse = Static<typeof RevokeCertificateResponse>

/** GET /api/v1/certificates/revocations?after=&limit= — the revocation list, oldest first, a page at a time. */
export const RevocationListQuery = Type.Object(
  {
    /** The previous page's `next`: a list position (a 32-bit serial in the read model). */
    after: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1000 })),
  },
  strict,
)
export const RevocationListResponse = Type.Object({
  revocations: Type.Array(PublicRevocation),
  /** Pass back as `after` for the next page; absent on the last one. */
  next: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
})
export type RevocationListResponse = Static<typeof RevocationListResponse>

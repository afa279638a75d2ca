import { type Static, Type } from 'typebox'
import { RegistrationCaseSnapshot, SignedCertificate } from '../registration/events.js'

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

/** POST /certificates/verify — anyone may check a certificate they were shown. */
export const VerifyCertificateBody = Type.Object({ certificate: SignedCertificate }, strict)
export type VerifyCertificateBody = Static<typeof VerifyCertificateBody>

export const VerifyCertificateResponse = Type.Object({
  genuine: Type.Boolean(),
  /** Why not, when not genuine. */
  reason: Type.Optional(Type.String()),
})
export type VerifyCertificateResponse = Static<typeof VerifyCertificateResponse>

/** GET /keys — the public keys certificates are verified with; the current one signs. */
export const CertificateKeysResponse = Type.Object({
  keys: Type.Array(
    Type.Object({
      keyId: Type.String(),
      algorithm: Type.Literal('Ed25519'),
      publicKeyPem: Type.String(),
      current: Type.Boolean(),
    }),
  ),
})
export type CertificateKeysResponse = Static<typeof CertificateKeysResponse>

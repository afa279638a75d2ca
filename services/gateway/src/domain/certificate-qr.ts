import { certificateDigest, type SignedCertificate } from '@onewindow/contracts'
import type { Static } from 'typebox'

/**
 * What a QR code on a certificate carries: the public verification URL with the certificate's id and the SM3
 * digest of its canonical body. Scanned, it asks the registry for its own copy (`GET /api/v1/certificates/verify`),
 * so a phone checks the paper without typing anything; the digest keeps an id alone from being enough.
 */
export function certificateQr(publicBaseUrl: string, certificate: Static<typeof SignedCertificate>) {
  const digest = certificateDigest(certificate.body)
  const query = new URLSearchParams({ id: certificate.body.certificateId, d: digest })
  return { payload: `${publicBaseUrl}/api/v1/certificates/verify?${query}`, digest }
}

import { certificateDigest, type SignedCertificate } from '@onewindow/contracts'
import type { Static } from 'typebox'

/**
 * What a QR code on a certificate carries: the console's public verification page (`/verify`, no sign-in) with the
 * certificate's id and the SM3 digest of its canonical body. A phone's camera opens a web page, not JSON, so the code
 * points at the page; the page asks the registry for its own copy (`GET /api/v1/certificates/verify` with the same
 * query, which stays for any other client) and says 有效 / 无效 with what was certified. The digest keeps an id alone
 * from being enough.
 */
export function certificateQr(publicBaseUrl: string, certificate: Static<typeof SignedCertificate>) {
  const digest = certificateDigest(certificate.body)
  const query = new URLSearchParams({ id: certificate.body.certificateId, d: digest })
  return { payload: `${publicBaseUrl}/verify?${query}`, digest }
}

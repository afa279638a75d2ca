import { createHash } from 'node:crypto'
import canonicalize from 'canonicalize'
import type { Static } from 'typebox'
import type { CertificateBody } from './events.js'

/**
 * RFC 8785 canonical JSON of a certificate's body, as bytes: the exact thing both signatures and the QR digest
 * cover, whatever the order of the fields. Defined here, beside the body, because the registration service (which
 * signs and verifies) and the gateway (which prints the digest into the QR payload) must agree on it to the byte.
 */
export function canonicalCertificateBytes(body: Static<typeof CertificateBody>): Buffer {
  const text = canonicalize(body)
  if (text === undefined) throw new Error('certificate body has no canonical JSON')
  return Buffer.from(text, 'utf8')
}

/**
 * SM3 (GB/T 32905) of the canonical body, base64url (43 characters): what a QR code carries so that the registry
 * can tell the certificate shown from another with the same id. SM3 rather than SHA-256 because the verifiers it is
 * for (Chinese government apps) expect the national algorithms; Node's OpenSSL has it.
 */
export function certificateDigest(body: Static<typeof CertificateBody>): string {
  return createHash('sm3').update(canonicalCertificateBytes(body)).digest('base64url')
}

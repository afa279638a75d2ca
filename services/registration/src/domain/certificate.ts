import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto'
import type { CertificateBody, SignedCertificate } from '@onewindow/contracts'
import canonicalize from 'canonicalize'
import type { Static } from 'typebox'

export type CertificateBodyValue = Static<typeof CertificateBody>
export type SignedCertificateValue = Static<typeof SignedCertificate>

/** A key pair the service signs with, and the id verifiers find its public half by. */
export type SigningKey = { keyId: string; privateKey: KeyObject; publicKey: KeyObject }
/** A public key certificates are verified with: the current one and any older one still honoured. */
export type VerificationKey = { keyId: string; publicKey: KeyObject }

/** RFC 8785 canonical JSON, as bytes: the exact thing the signature covers, whatever the order of the fields. */
export function canonicalBytes(body: CertificateBodyValue): Buffer {
  const text = canonicalize(body)
  if (text === undefined) throw new Error('certificate body has no canonical JSON')
  return Buffer.from(text, 'utf8')
}

/** First 16 hex digits of SHA-256 over the raw 32-byte Ed25519 public key. */
export function keyIdOf(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' })
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an Ed25519 public key')
  return createHash('sha256').update(Buffer.from(jwk.x, 'base64url')).digest('hex').slice(0, 16)
}

/** The signing key from a KeyObject or a PKCS#8 PEM; anything but an Ed25519 private key is refused. */
export function signingKeyOf(key: KeyObject | string): SigningKey {
  const privateKey = typeof key === 'string' ? createPrivateKey(key) : key
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error('the certificate signing key must be an Ed25519 private key')
  }
  const publicKey = createPublicKey(privateKey)
  return { keyId: keyIdOf(publicKey), privateKey, publicKey }
}

/** A public key from a KeyObject (public or private) or a PEM of either. */
export function verificationKeyOf(key: KeyObject | string): VerificationKey {
  const publicKey = createPublicKey(key)
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error('certificate keys are Ed25519')
  return { keyId: keyIdOf(publicKey), publicKey }
}

export function signCertificate(body: CertificateBodyValue, key: SigningKey): SignedCertificateValue {
  return {
    body,
    algorithm: 'Ed25519',
    keyId: key.keyId,
    signature: sign(null, canonicalBytes(body), key.privateKey).toString('base64url'),
  }
}

export type Verification = { genuine: true } | { genuine: false; reason: string }

/**
 * Genuine only when the key id is one of ours and the signature holds over the body as given now: any altered,
 * added or removed field changes the canonical bytes and so fails.
 */
export function verifyCertificate(certificate: SignedCertificateValue, keys: readonly VerificationKey[]): Verification {
  if (certificate.algorithm !== 'Ed25519') return { genuine: false, reason: 'unsupported algorithm' }
  const key = keys.find((k) => k.keyId === certificate.keyId)
  if (!key) return { genuine: false, reason: `key ${certificate.keyId} is not one of this registry's keys` }
  const signature = Buffer.from(certificate.signature, 'base64url')
  // Ed25519 signatures are 64 bytes; base64url decoding ignores junk, so check the round trip too.
  if (signature.length !== 64 || signature.toString('base64url') !== certificate.signature) {
    return { genuine: false, reason: 'the signature is not a 64-byte base64url Ed25519 signature' }
  }
  let bytes: Buffer
  try {
    bytes = canonicalBytes(certificate.body)
  } catch {
    return { genuine: false, reason: 'the body has no canonical JSON' }
  }
  return verify(null, bytes, key.publicKey, signature)
    ? { genuine: true }
    : {
        genuine: false,
        reason: 'the signature does not match the body: the certificate was altered or not issued here',
      }
}

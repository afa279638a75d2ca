import { createHash, createPrivateKey, createPublicKey, type KeyObject, verify } from 'node:crypto'
import { type CertificateBody, canonicalCertificateBytes, type SignedCertificate } from '@onewindow/contracts'
import { sm2 } from 'sm-crypto-v2'
import type { Static } from 'typebox'

export type CertificateBodyValue = Static<typeof CertificateBody>
export type SignedCertificateValue = Static<typeof SignedCertificate>

/** A key pair the service signs with, and the id verifiers find its public half by. */
export type SigningKey = { keyId: string; privateKey: KeyObject; publicKey: KeyObject }
/** A public key certificates are verified with: the current one and any older one still honoured. */
export type VerificationKey = { keyId: string; publicKey: KeyObject }
/** An SM2 key as the SM2 library takes it: the scalar and the uncompressed point (`04‖x‖y`), in hex. */
export type Sm2SigningKey = { keyId: string; privateKeyHex: string; publicKeyHex: string }
export type Sm2VerificationKey = { keyId: string; publicKeyHex: string }
/** What every certificate issued now is signed with. */
export type CertificateSigner = { ed25519: SigningKey; sm2: Sm2SigningKey }
/** Every key a certificate may have been signed with, per algorithm: the current one first. */
export type CertificateKeys = { ed25519: readonly VerificationKey[]; sm2: readonly Sm2VerificationKey[] }

/** RFC 8785 canonical JSON, as bytes: the exact thing the signatures cover, whatever the order of the fields. */
export const canonicalBytes = canonicalCertificateBytes

/**
 * GM/T 0009's default distinguishing identifier, hashed into the Z value of every SM2 signature. Node's OpenSSL
 * cannot sign with it (docs/security.md#certificates-for-chinese-verifiers), hence `sm-crypto-v2`.
 */
export const SM2_DEFAULT_ID = '1234567812345678'

// The DER framing of an SM2 key as OpenSSL writes it (`openssl genpkey -algorithm SM2`, Node's `export`): the
// id-ecPublicKey and sm2p256v1 (1.2.156.10197.1.301) OIDs with fixed lengths, so the 32-byte scalar and the 65-byte
// point sit at fixed offsets. Node cannot export an SM2 key as JWK or SEC1, which would name them.
const SM2_PKCS8_PREFIX = Buffer.from('308187020100301306072a8648ce3d020106082a811ccf5501822d046d306b0201010420', 'hex')
const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex')

/** First 16 hex digits of SHA-256 over the raw 32-byte Ed25519 public key. */
export function keyIdOf(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' })
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an Ed25519 public key')
  return createHash('sha256').update(Buffer.from(jwk.x, 'base64url')).digest('hex').slice(0, 16)
}

/** First 16 hex digits of SM3 over the 65-byte uncompressed SM2 public key. */
export function sm2KeyIdOf(publicKeyHex: string): string {
  return createHash('sm3').update(Buffer.from(publicKeyHex, 'hex')).digest('hex').slice(0, 16)
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

/** The 65-byte point of an SM2 public key (KeyObject or PEM of either half), in hex. */
function sm2PointOf(key: KeyObject | string): string {
  const publicKey = typeof key !== 'string' && key.type === 'public' ? key : createPublicKey(key)
  const spki = publicKey.export({ format: 'der', type: 'spki' })
  if (
    spki.length !== SM2_SPKI_PREFIX.length + 65 ||
    !spki.subarray(0, SM2_SPKI_PREFIX.length).equals(SM2_SPKI_PREFIX)
  ) {
    throw new Error('the key is not an SM2 (sm2p256v1) key')
  }
  return spki.subarray(SM2_SPKI_PREFIX.length).toString('hex')
}

/**
 * The SM2 signing key from a KeyObject or a PKCS#8 PEM of an SM2 private key; anything else is refused. The scalar is
 * checked against the key's own public point, so a mangled file fails here rather than in a verifier's hands.
 */
export function sm2SigningKeyOf(key: KeyObject | string): Sm2SigningKey {
  const privateKey = typeof key === 'string' ? createPrivateKey(key) : key
  if (privateKey.type !== 'private') throw new Error('the SM2 signing key must be a private key')
  const publicKeyHex = sm2PointOf(privateKey)
  const der = privateKey.export({ format: 'der', type: 'pkcs8' })
  if (!der.subarray(0, SM2_PKCS8_PREFIX.length).equals(SM2_PKCS8_PREFIX)) {
    throw new Error('the SM2 signing key is not a PKCS#8 SM2 private key as OpenSSL writes it')
  }
  const privateKeyHex = der.subarray(SM2_PKCS8_PREFIX.length, SM2_PKCS8_PREFIX.length + 32).toString('hex')
  if (sm2.getPublicKeyFromPrivateKey(privateKeyHex) !== publicKeyHex) {
    throw new Error('the SM2 signing key does not match its own public key')
  }
  return { keyId: sm2KeyIdOf(publicKeyHex), privateKeyHex, publicKeyHex }
}

/** An SM2 public key from a KeyObject (public or private) or a PEM of either. */
export function sm2VerificationKeyOf(key: KeyObject | string): Sm2VerificationKey {
  const publicKeyHex = sm2PointOf(key)
  return { keyId: sm2KeyIdOf(publicKeyHex), publicKeyHex }
}

/** The SPKI PEM of an SM2 public key, the form `openssl` and GmSSL read, for publishing. */
export function sm2PublicKeyPem(publicKeyHex: string): string {
  const der = Buffer.concat([SM2_SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')])
  return createPublicKey({ key: der, format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' }).toString()
}

export type Verification = { genuine: true; checked: Array<'Ed25519' | 'SM2-SM3'> } | { genuine: false; reason: string }

/** base64url that decodes to exactly `length` bytes and back to itself: decoding ignores junk otherwise. */
function decoded(text: string, length: number): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64url')
  return bytes.length === length && bytes.toString('base64url') === text ? bytes : undefined
}

/**
 * Genuine only when the key ids are ours and every signature present holds over the body as given now: any
 * altered, added or removed field changes the canonical bytes and so fails. A certificate issued before SM2 was
 * added carries Ed25519 alone and is checked by it alone; `checked` says which signatures were.
 */
export function verifyCertificate(certificate: SignedCertificateValue, keys: CertificateKeys): Verification {
  if (certificate.algorithm !== 'Ed25519') return { genuine: false, reason: 'unsupported algorithm' }
  const key = keys.ed25519.find((k) => k.keyId === certificate.keyId)
  if (!key) return { genuine: false, reason: `key ${certificate.keyId} is not one of this registry's keys` }
  const signature = decoded(certificate.signature, 64)
  if (!signature) return { genuine: false, reason: 'the signature is not a 64-byte base64url Ed25519 signature' }
  let bytes: Buffer
  try {
    bytes = canonicalBytes(certificate.body)
  } catch {
    return { genuine: false, reason: 'the body has no canonical JSON' }
  }
  if (!verify(null, bytes, key.publicKey, signature)) {
    return {
      genuine: false,
      reason: 'the signature does not match the body: the certificate was altered or not issued here',
    }
  }
  if (!certificate.sm2) return { genuine: true, checked: ['Ed25519'] }
  const { sm2: s } = certificate
  if (s.algorithm !== 'SM2-SM3') return { genuine: false, reason: 'unsupported SM2 algorithm' }
  const sm2Key = keys.sm2.find((k) => k.keyId === s.keyId)
  if (!sm2Key) return { genuine: false, reason: `SM2 key ${s.keyId} is not one of this registry's keys` }
  // r‖s at a fixed 64 bytes, like Ed25519: the library's DER reader ignores trailing bytes, so a DER form would let
  // one signature be written many ways.
  const rs = decoded(s.signature, 64)
  if (!rs) return { genuine: false, reason: 'the SM2 signature is not 64 bytes (r‖s) of base64url' }
  let holds = false
  try {
    holds = sm2.doVerifySignature(bytes, rs.toString('hex'), sm2Key.publicKeyHex, {
      hash: true,
      der: false,
      userId: SM2_DEFAULT_ID,
    })
  } catch {
    // An r or s outside the curve's order is as false as a signature that does not verify.
  }
  return holds
    ? { genuine: true, checked: ['Ed25519', 'SM2-SM3'] }
    : {
        genuine: false,
        reason: 'the SM2 signature does not match the body: the certificate was altered or not issued here',
      }
}

import { sign } from 'node:crypto'
import { sm2 } from 'sm-crypto-v2'
import {
  type CertificateBodyValue,
  type CertificateSigner,
  canonicalBytes,
  type SignedCertificateValue,
  SM2_DEFAULT_ID,
} from './domain/certificate.js'

// Outside domain/: an SM2 signature draws a fresh nonce from the CSPRNG, so signing is not a pure function, while
// verifying (domain/certificate.ts) is.

/** Both signatures over the same canonical bytes; the SM2 half differs from one signing to the next, both verify. */
export function signCertificate(body: CertificateBodyValue, signer: CertificateSigner): SignedCertificateValue {
  const bytes = canonicalBytes(body)
  const sm2RS = sm2.doSignature(bytes, signer.sm2.privateKeyHex, {
    hash: true,
    der: false,
    publicKey: signer.sm2.publicKeyHex,
    userId: SM2_DEFAULT_ID,
  })
  return {
    body,
    algorithm: 'Ed25519',
    keyId: signer.ed25519.keyId,
    signature: sign(null, bytes, signer.ed25519.privateKey).toString('base64url'),
    sm2: { algorithm: 'SM2-SM3', keyId: signer.sm2.keyId, signature: Buffer.from(sm2RS, 'hex').toString('base64url') },
  }
}

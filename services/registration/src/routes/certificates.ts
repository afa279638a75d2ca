import {
  CertificateKeysResponse,
  CertificateResponse,
  RevokeCertificateBody,
  RevokeCertificateResponse,
  Uuid,
  VerifyCertificateBody,
  VerifyCertificateQuery,
  VerifyCertificateResponse,
} from '@onewindow/contracts'
import { type RoutePlugin, unwrap } from '@onewindow/service-kit'
import { Type } from 'typebox'
import { type CommandDeps, getCertificate, revokeCertificate, verifyByDigest, verifyShown } from '../commands.js'
import { SM2_DEFAULT_ID, sm2PublicKeyPem } from '../domain/certificate.js'
import { actorOf } from './actor.js'

const Params = Type.Object({ id: Uuid })

/**
 * Certificates, their verification and their revocation. Verifying needs no actor: anyone shown a certificate may
 * check it; the signatures decide whether it is genuine, and this registry's revocations whether it is still valid.
 */
export const certificateRoutes: RoutePlugin<CommandDeps> = async (app, { commands: deps }) => {
  app.get(
    '/certificates/:id',
    { schema: { params: Params, response: { 200: CertificateResponse } } },
    async (request) => ({ certificate: unwrap(await getCertificate(deps, request.params.id)) }),
  )

  app.post(
    '/certificates/verify',
    { schema: { body: VerifyCertificateBody, response: { 200: VerifyCertificateResponse } } },
    async (request) => verifyShown(deps, request.body.certificate),
  )

  app.get(
    '/certificates/verify',
    { schema: { querystring: VerifyCertificateQuery, response: { 200: VerifyCertificateResponse } } },
    async (request) => verifyByDigest(deps, request.query.id, request.query.d),
  )

  app.post(
    '/certificates/:id/revoke',
    { schema: { params: Params, body: RevokeCertificateBody, response: { 200: RevokeCertificateResponse } } },
    async (request) => ({
      revocation: unwrap(await revokeCertificate(deps, request.params.id, actorOf(request), request.body)),
    }),
  )

  app.get('/keys', { schema: { response: { 200: CertificateKeysResponse } } }, async () => ({
    keys: [
      ...deps.keys.ed25519.map((k) => ({
        keyId: k.keyId,
        algorithm: 'Ed25519' as const,
        publicKeyPem: k.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
        current: k.keyId === deps.signer.ed25519.keyId,
      })),
      ...deps.keys.sm2.map((k) => ({
        keyId: k.keyId,
        algorithm: 'SM2-SM3' as const,
        publicKeyPem: sm2PublicKeyPem(k.publicKeyHex),
        publicKeyHex: k.publicKeyHex,
        userId: SM2_DEFAULT_ID,
        current: k.keyId === deps.signer.sm2.keyId,
      })),
    ],
  }))
}

import {
  CertificateKeysResponse,
  CertificateResponse,
  Uuid,
  VerifyCertificateBody,
  VerifyCertificateResponse,
} from '@onewindow/contracts'
import { type RoutePlugin, unwrap } from '@onewindow/service-kit'
import { Type } from 'typebox'
import { type CommandDeps, getCertificate } from '../commands.js'
import { verifyCertificate } from '../domain/certificate.js'

const Params = Type.Object({ id: Uuid })

/**
 * Certificates and their verification. Verifying needs no actor: anyone shown a certificate may check it, and the
 * answer depends on the signature alone, not on what the database holds.
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
    async (request) => {
      const verdict = verifyCertificate(request.body.certificate, deps.keys)
      return verdict.genuine ? { genuine: true } : { genuine: false, reason: verdict.reason }
    },
  )

  app.get('/keys', { schema: { response: { 200: CertificateKeysResponse } } }, async () => ({
    keys: deps.keys.map((k) => ({
      keyId: k.keyId,
      algorithm: 'Ed25519' as const,
      publicKeyPem: k.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      current: k.keyId === deps.signer.keyId,
    })),
  }))
}

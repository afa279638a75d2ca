import {
  AnswerObjectionBody,
  ObjectionListQuery,
  ObjectionListResponse,
  ObjectionResponse,
  RaiseObjectionBody,
} from '@onewindow/contracts'
import { ProblemError } from '@onewindow/service-kit'
import { forward, queryString } from '../forward.js'
import { forwardedCommand } from './forwarded.js'
import { authorised, type RoutePlugin } from './plugin.js'

const certificateNotFound = (id: string) => () =>
  new ProblemError(404, 'GATEWAY_CERTIFICATE_NOT_FOUND', `No certificate ${id}.`)

/**
 * 证照异议 (004:1134): a department using an electronic certificate objects to it, the issuing department answers,
 * both read them. Registration owns the objections and decides who is the issuer; the gateway lets through only a
 * caller that reads the certificate (row-level security and `departmentPart`: a reviewer the permits of a project its
 * department works on) and answers the list as registration keeps it, so both departments read the answer at once.
 */
export const objectionRoutes: RoutePlugin = async (app, { deps }) => {
  forwardedCommand(app, {
    url: '/certificates/:id/objections',
    summary:
      '证照异议 — object to a certificate with reasons and evidence — a reviewer of a department using it, the registration office; forwarded to registration',
    body: RaiseObjectionBody,
    response: { 201: ObjectionResponse },
    to: deps.registration,
    async authorise(request, id) {
      const certificate = await deps.read(request.actor).certificate(id)
      authorised(
        request,
        { action: 'certificate.object', ...(certificate ? { row: { kind: certificate.body.kind } } : {}) },
        certificateNotFound(id),
      )
    },
  })

  forwardedCommand(app, {
    url: '/certificate-objections/:id/answer',
    summary:
      "Answer a certificate objection (upheld or rejected, with the check's finding) — the issuing department; forwarded to registration",
    body: AnswerObjectionBody,
    response: { 200: ObjectionResponse },
    to: deps.registration,
    // Registration knows the issuer and answers 404 to a caller who is neither party.
    authorise(request) {
      authorised(request, { action: 'certificate-objection.answer' })
    },
  })

  app.get(
    '/certificate-objections',
    {
      schema: {
        summary:
          "The certificate objections the caller's department raised or is to answer, newest first, 1000 a page: `next` when more follow, passed back as `cursor` — reviewer, lead, registrar; asked of registration",
        tags: ['queries'],
        querystring: ObjectionListQuery,
        response: { 200: ObjectionListResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'certificate-objections.list' })
      const { status, cursor } = request.query
      return forward(reply, deps.registration, {
        method: 'GET',
        path: `/certificate-objections${queryString({ status, cursor })}`,
        actor: request.actor,
      })
    },
  )
}

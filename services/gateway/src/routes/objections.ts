import {
  AnswerObjectionBody,
  MAX_NAME,
  ObjectionListQuery,
  ObjectionListResponse,
  ObjectionResponse,
  RaiseObjectionBody,
  Uuid,
} from '@onewindow/contracts'
import { ProblemError, unreadableLog } from '@onewindow/service-kit'
import { Type } from 'typebox'
import { conforming, eachRow } from '../domain/rows.js'
import { certificateSummary } from '../domain/status.js'
import { forward, queryString } from '../forward.js'
import { CertificateSummary, Unreadable } from '../http/schemas.js'
import { forwardedCommand } from './forwarded.js'
import { authorised, projectNotFound, type RoutePlugin } from './plugin.js'

const certificateNotFound = (id: string) => () =>
  new ProblemError(404, 'GATEWAY_CERTIFICATE_NOT_FOUND', `No certificate ${id}.`)

/**
 * 证照异议 (004:1134): a department using an electronic certificate objects to it, the issuing department answers,
 * both read them. Registration owns the objections and decides who is the issuer; the gateway lets through only a
 * caller that reads the certificate (row-level security and `departmentPart`: a reviewer the permits of a project its
 * department works on) and answers the list as registration keeps it, so both departments read the answer at once.
 */
export const objectionRoutes: RoutePlugin = async (app, { deps }) => {
  const logUnreadable = unreadableLog()
  const checkCertificate = conforming(CertificateSummary)

  // The registration office uses a project's permits when it completes the first registration (004:1128) and may
  // dispute them; it reads no project status, so the permits come here, beside its case: a project without a
  // registration case is 404 to it as an unknown one. A lead neither: its department's project (a task of its own on
  // it) or the one whose joint acceptance it leads lists its permits here, any other 404. Each as the status lists
  // it (no owner on it: nothing audited).
  app.get(
    '/projects/:id/certificates',
    {
      schema: {
        summary:
          'The certificates of a project the caller uses them on, oldest first, to use and dispute (证照异议) — registrar (a registration case on it), lead (a task of its department on it, or its joint acceptance led); from the read model',
        tags: ['queries'],
        params: Type.Object({ id: Uuid }),
        response: {
          200: Type.Object({
            certificates: Type.Array(CertificateSummary),
            unreadable: Type.Array(Unreadable),
            /**
             * The items of the caller's own department's tasks on the project: the permits of those items its
             * department issued, its own to correct, not to dispute (REGISTRATION_OBJECTION_OWN_CERTIFICATE). None for
             * the registrar, which issues no permit.
             */
            ownItems: Type.Array(Type.String({ maxLength: MAX_NAME }), { maxItems: 1000 }),
          }),
        },
      },
    },
    async (request) => {
      const { id } = request.params
      const { registrationCases, usesPermits, certificates, ownItems } = await deps
        .read(request.actor)
        .projectCertificates(id)
      authorised(
        request,
        { action: 'project.certificates', row: { registrationCases, usesPermits } },
        projectNotFound(id),
      )
      const rows = eachRow(
        certificates,
        'certificate',
        (c) => c.body.certificateId,
        (c) => checkCertificate(certificateSummary(c)),
      )
      logUnreadable(request.log, rows.unreadable)
      return { certificates: rows.views, unreadable: rows.unreadable, ownItems }
    },
  )

  forwardedCommand(app, {
    url: '/certificates/:id/objections',
    summary:
      '证照异议 — object to a certificate with reasons and evidence — to a permit: a reviewer or lead of a department using it (a task on its project, or the joint acceptance led), the registration office with a case on its project; to a property certificate: its owner; forwarded to registration',
    body: RaiseObjectionBody,
    response: { 201: ObjectionResponse },
    to: deps.registration,
    async authorise(request, id) {
      const target = await deps.read(request.actor).objectionTarget(id)
      const row = target && {
        kind: target.certificate.body.kind,
        ownerCreditCode: target.certificate.body.owner.creditCode,
        registrationCases: target.registrationCases,
      }
      authorised(request, { action: 'certificate.object', ...(row ? { row } : {}) }, certificateNotFound(id))
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
          "The certificate objections the caller's department (or owner organisation) raised or is to answer, newest first, 1000 a page: `next` when more follow, passed back as `cursor` — reviewer, lead, registrar, owner; asked of registration",
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

import {
  AcceptanceCaseResponse,
  CertificateResponse,
  OpenAcceptanceBody,
  RecordOpinionBody,
  RegistrationActionBody,
  RegistrationCaseResponse,
  RegistrationCaseSnapshot,
  ScheduleInspectionBody,
  SubmitRectificationBody,
  UtilityActionBody,
  UtilityRequestListResponse,
  UtilityRequestResponse,
  UtilityRequestSnapshot,
  UtilityStage,
  Uuid,
  VerifyCertificateBody,
  VerifyCertificateResponse,
  VerifyCommitmentBody,
} from '@onewindow/contracts'
import { ProblemError } from '@onewindow/service-kit'
import { legalDateOf } from '@onewindow/workdays'
import { Type } from 'typebox'
import { commitmentRows } from '../domain/commitments.js'
import { conforming, eachRow } from '../domain/rows.js'
import { forward } from '../forward.js'
import { CommitmentView, Unreadable } from '../http/schemas.js'
import { authorised, projectNotFound, type RoutePlugin, unreadableLog } from './plugin.js'

// Joint acceptance, utility hookups, first registration and certificates: commands go to their services, lists
// and certificates are answered from the read model.

const Params = Type.Object({ id: Uuid })
// A case or request the caller may not see answers exactly as its service answers an unknown id (status, code,
// detail and members), so the gateway's refusal and the service's cannot be told apart.
const caseNotFound = (id: string) => () =>
  new ProblemError(404, 'ACCEPTANCE_CASE_NOT_FOUND', `No acceptance case ${id}.`, { caseId: id })
const requestNotFound = (id: string) => () =>
  new ProblemError(404, 'UTILITY_REQUEST_NOT_FOUND', `No utility request ${id}.`, { requestId: id })
const certificateNotFound = (id: string) => () =>
  new ProblemError(404, 'GATEWAY_CERTIFICATE_NOT_FOUND', `No certificate ${id}.`)

const checkUtilityRequest = conforming(UtilityRequestSnapshot)
const checkRegistrationCase = conforming(RegistrationCaseSnapshot)

export const completionRoutes: RoutePlugin = async (app, { deps }) => {
  const logUnreadable = unreadableLog()
  app.post(
    '/projects/:id/acceptance',
    {
      schema: {
        summary:
          "The owner's one joint-acceptance application (一口受理) — owner of the project; forwarded to acceptance",
        tags: ['commands'],
        params: Params,
        body: OpenAcceptanceBody,
        response: { 201: AcceptanceCaseResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const project = await deps.read.project(id)
      authorised(
        request,
        { action: 'acceptance.open', ...(project ? { row: { ownerCreditCode: project.ownerCreditCode } } : {}) },
        projectNotFound(id),
      )
      return forward(reply, deps.acceptance, {
        method: 'POST',
        path: `/projects/${id}/acceptance`,
        actor: request.actor,
        body: request.body,
      })
    },
  )

  // A case answered by acceptance a moment ago may not be projected here yet: with no row, the role is checked here
  // and the row by acceptance itself, which refuses a department or owner not in the case.
  app.post(
    '/acceptance/:id/inspection',
    {
      schema: {
        summary: 'The lead department schedules the joint inspection or a re-inspection — lead of the case',
        tags: ['commands'],
        params: Params,
        body: ScheduleInspectionBody,
        response: { 200: AcceptanceCaseResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const c = await deps.read.acceptanceCase(id)
      const lead = c?.lead ?? request.actor.department ?? ''
      authorised(request, { action: 'acceptance.inspect', row: { lead } }, caseNotFound(id))
      return forward(reply, deps.acceptance, {
        method: 'POST',
        path: `/acceptance/${id}/inspection`,
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.post(
    '/acceptance/:id/opinions',
    {
      schema: {
        summary: "A participating department's opinion on its item — reviewer or lead of a department in the case",
        tags: ['commands'],
        params: Params,
        body: RecordOpinionBody,
        response: { 200: AcceptanceCaseResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const c = await deps.read.acceptanceCase(id)
      const own = request.actor.department ?? ''
      const row = c
        ? { lead: c.lead, departments: [...new Set(c.items.map((i) => i.department))] }
        : { lead: own, departments: [own] }
      authorised(request, { action: 'acceptance.opinion', row }, caseNotFound(id))
      return forward(reply, deps.acceptance, {
        method: 'POST',
        path: `/acceptance/${id}/opinions`,
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.post(
    '/acceptance/:id/rectifications',
    {
      schema: {
        summary: 'The owner reports defects rectified — owner of the case; forwarded to acceptance',
        tags: ['commands'],
        params: Params,
        body: SubmitRectificationBody,
        response: { 200: AcceptanceCaseResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const c = await deps.read.acceptanceCase(id)
      const ownerCreditCode = c?.owner.creditCode ?? request.actor.creditCode ?? ''
      authorised(request, { action: 'acceptance.rectify', row: { ownerCreditCode } }, caseNotFound(id))
      return forward(reply, deps.acceptance, {
        method: 'POST',
        path: `/acceptance/${id}/rectifications`,
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.post(
    '/acceptance/:id/commitments',
    {
      schema: {
        summary:
          "The later verification of an item passed on commitment (告知承诺): kept or breached — reviewer or lead of the item's department",
        tags: ['commands'],
        params: Params,
        body: VerifyCommitmentBody,
        response: { 200: AcceptanceCaseResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const c = await deps.read.acceptanceCase(id)
      const own = request.actor.department ?? ''
      // The row is the item named: another department's commitment (or an item not in the case) answers like an
      // unknown case, and is never sent on (acceptance would answer 403, telling the item is there).
      const item = c?.items.find((i) => i.item === request.body.item)
      const departments = c ? (item ? [item.department] : []) : [own]
      authorised(request, { action: 'acceptance.verify-commitment', row: { departments } }, caseNotFound(id))
      return forward(reply, deps.acceptance, {
        method: 'POST',
        path: `/acceptance/${id}/commitments`,
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.get(
    '/commitments',
    {
      schema: {
        summary:
          '告知承诺 items to verify and verified, soonest verify-by day first — reviewer or lead: its department; supervisor or admin: all',
        tags: ['queries'],
        querystring: Type.Object(
          { project: Type.Optional(Uuid), state: Type.Optional(CommitmentView.properties.state) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ commitments: Type.Array(CommitmentView), unreadable: Type.Array(Unreadable) }),
        },
      },
    },
    async (request) => {
      authorised(request, { action: 'commitments.list' })
      const { actor } = request
      const { project, state } = request.query
      const department = actor.role === 'reviewer' || actor.role === 'lead' ? (actor.department ?? '') : undefined
      const filter = { ...(department === undefined ? {} : { department }) }
      const cases = await deps.read.casesWithCommitments({ ...filter, ...(project ? { projectId: project } : {}) })
      const today = legalDateOf(deps.clock.now())
      const rows = commitmentRows(cases, today, { ...filter, ...(state ? { state } : {}) })
      logUnreadable(request.log, rows.unreadable)
      return { commitments: rows.views, unreadable: rows.unreadable }
    },
  )

  app.get(
    '/utility-requests',
    {
      schema: {
        summary: "A utility provider's hookup requests (报装), newest change first, from the read model",
        tags: ['queries'],
        querystring: Type.Object(
          { project: Type.Optional(Uuid), stage: Type.Optional(UtilityStage) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ ...UtilityRequestListResponse.properties, unreadable: Type.Array(Unreadable) }),
        },
      },
    },
    async (request) => {
      authorised(request, { action: 'utility-requests.list' })
      const { project, stage } = request.query
      const requests = await deps.read.utilityRequests(request.actor.provider ?? '', {
        ...(project ? { projectId: project } : {}),
        ...(stage ? { stage } : {}),
      })
      const rows = eachRow(
        requests,
        'utility',
        (r) => r.requestId,
        checkUtilityRequest,
        (r) => r.provider,
      )
      logUnreadable(request.log, rows.unreadable)
      return { requests: rows.views, unreadable: rows.unreadable }
    },
  )

  app.post(
    '/utility-requests/:id/actions',
    {
      schema: {
        summary: 'The provider moves its own request on — utility of that provider; forwarded to utility',
        tags: ['commands'],
        params: Params,
        body: UtilityActionBody,
        response: { 200: UtilityRequestResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const r = await deps.read.utilityRequest(id)
      authorised(request, { action: 'utility-request.act', row: { provider: r?.provider ?? '' } }, requestNotFound(id))
      return forward(reply, deps.utility, {
        method: 'POST',
        path: `/utility-requests/${id}/actions`,
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.get(
    '/registrations',
    {
      schema: {
        summary: 'First-registration cases (不动产首次登记), newest change first — registrar; from the read model',
        tags: ['queries'],
        querystring: Type.Object(
          { project: Type.Optional(Uuid), status: Type.Optional(RegistrationCaseSnapshot.properties.status) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            registrations: Type.Array(RegistrationCaseSnapshot),
            unreadable: Type.Array(Unreadable),
          }),
        },
      },
    },
    async (request) => {
      authorised(request, { action: 'registrations.list' })
      const { project, status } = request.query
      const registrations = await deps.read.registrations({
        ...(project ? { projectId: project } : {}),
        ...(status ? { status } : {}),
      })
      const rows = eachRow(registrations, 'registration', (c) => c.caseId, checkRegistrationCase)
      logUnreadable(request.log, rows.unreadable)
      return { registrations: rows.views, unreadable: rows.unreadable }
    },
  )

  app.post(
    '/registrations/:id/actions',
    {
      schema: {
        summary: 'The registrar passes the pre-survey or completes the registration — registrar; forwarded',
        tags: ['commands'],
        params: Params,
        body: RegistrationActionBody,
        response: { 200: RegistrationCaseResponse },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'registration.act' })
      return forward(reply, deps.registration, {
        method: 'POST',
        path: `/registrations/${request.params.id}/actions`,
        actor: request.actor,
        body: request.body,
      })
    },
  )

  app.get(
    '/certificates/:id',
    {
      schema: {
        summary: 'A signed electronic certificate — the owner of the project, clerks, supervisors, registrars',
        tags: ['queries'],
        params: Params,
        response: { 200: CertificateResponse },
      },
    },
    async (request) => {
      const { id } = request.params
      const certificate = await deps.read.certificate(id)
      authorised(
        request,
        {
          action: 'certificate.read',
          ...(certificate ? { row: { ownerCreditCode: certificate.body.owner.creditCode } } : {}),
        },
        certificateNotFound(id),
      )
      if (!certificate) throw certificateNotFound(id)()
      return { certificate }
    },
  )
}

/** Anyone may check a certificate they were shown: no token, no actor; registration verifies the signature. */
export const verifyRoutes: RoutePlugin = async (app, { deps }) => {
  app.post(
    '/certificates/verify',
    {
      schema: {
        summary: 'Verify a signed certificate — anyone, no token needed; forwarded to registration',
        tags: ['queries'],
        body: VerifyCertificateBody,
        response: { 200: VerifyCertificateResponse },
      },
    },
    async (request, reply) =>
      forward(reply, deps.registration, { method: 'POST', path: '/certificates/verify', body: request.body }),
  )
}

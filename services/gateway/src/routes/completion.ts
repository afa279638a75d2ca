import {
  AcceptanceCaseResponse,
  AcceptanceCaseSnapshot,
  AcceptanceLandListResponse,
  acceptanceCasePart,
  CancelJointSurveyBody,
  CertificateKeysResponse,
  CommitmentRectificationEscalationBody,
  CommitmentRectificationReportBody,
  CommitmentRectificationReviewBody,
  ConfirmJointSurveyBody,
  DepartmentPermitDecisionBody,
  JointSurveyResponse,
  LegalDate,
  OpenAcceptanceBody,
  PERMIT_ITEM,
  ProjectTitle,
  ProposeJointSurveyBody,
  PublicCertificateResponse,
  PublicRevocation,
  RecordOpinionBody,
  RecordResultBody,
  RegistrationActionBody,
  RegistrationCaseResponse,
  RegistrationCaseSnapshot,
  RestorationReviewBody,
  RevocationListQuery,
  RevocationListResponse,
  RevokeCertificateBody,
  RevokeCertificateResponse,
  ScheduleInspectionBody,
  SubmitRectificationBody,
  UtilityActionBody,
  UtilityRequestResponse,
  UtilityRequestSnapshot,
  UtilityStage,
  UUID_PATTERN,
  Uuid,
  VerifyCertificateBody,
  VerifyCertificateQuery,
  VerifyCertificateResponse,
  VerifyCommitmentBody,
} from '@onewindow/contracts'
import { ProblemError, unreadableLog } from '@onewindow/service-kit'
import { isLegalDate, legalDateOf } from '@onewindow/workdays'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { type AcceptanceParties, type PermitInboxKey, revocationOf } from '../db/queries.js'
import type { InRegion } from '../domain/authorise.js'
import { certificateQr } from '../domain/certificate-qr.js'
import { commitmentRows, taskCommitmentsOf, taskDeficienciesOf } from '../domain/commitments.js'
import { permitCopyOf } from '../domain/permit-copy.js'
import { conforming, eachRow } from '../domain/rows.js'
import { acceptanceView, type Evaluation, registrationView, utilityView } from '../domain/status.js'
import { forward } from '../forward.js'
import { cursorRefused, UUID } from '../http/cursor.js'
import {
  AcceptanceView,
  CommitmentView,
  RegistrationView,
  TaskCommitmentView,
  TaskDeficiencyView,
  Unreadable,
  UtilityView,
} from '../http/schemas.js'
import { forwardedCommand } from './forwarded.js'
import { auditPersonalRead, authorised, heldForAcceptance, projectNotFound, type RoutePlugin } from './plugin.js'

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

/** A department's inbox of outside-line permits: a page of at most 100 requests, 50 by default. */
const MAX_PERMIT_INBOX_PAGE = 100
const DEFAULT_PERMIT_INBOX_PAGE = 50
/**
 * `due~<due day>~<request id>` (a request with a permits clock) or `applied~<earliest applied day>~<request id>` (one
 * without): where the page before ended, in the list's order (`permitInbox`). The schema's pattern is the shape (a
 * UUID as PostgreSQL writes one, 8-4-4-4-12 lowercase); `permitInboxKeyOf` checks the day is a real legal date.
 */
const PERMIT_INBOX_CURSOR = `^(due|applied|granted)~20[0-9]{2}-[0-9]{2}-[0-9]{2}~${UUID_PATTERN}$`
const permitInboxCursor = (key: PermitInboxKey) => `${key.by}~${key.day}~${key.id}`
/** The key a cursor names, or undefined for one no page could have given (30 February, a non-UUID). */
export function permitInboxKeyOf(cursor: string): PermitInboxKey | undefined {
  const [by, day, id, ...rest] = cursor.split('~')
  if (
    rest.length > 0 ||
    (by !== 'due' && by !== 'applied' && by !== 'granted') ||
    !isLegalDate(day) ||
    !id ||
    !UUID.test(id)
  ) {
    return undefined
  }
  return { by, day, id }
}

const throwCursorRefused = (): never => {
  throw cursorRefused()
}

const checkAcceptanceCase = conforming(AcceptanceCaseSnapshot)
const checkUtilityRequest = conforming(UtilityRequestSnapshot)
const checkRegistrationCase = conforming(RegistrationCaseSnapshot)
const checkRevocation = conforming(PublicRevocation)

export const completionRoutes: RoutePlugin = async (app, { deps }) => {
  const logUnreadable = unreadableLog()
  // A list's case clocks evaluated on today's legal day, as the project's status and the supervisor's clocks read
  // them (one memory per request: the cases of a list share their calendar and day).
  const evaluation = (): Evaluation => ({
    calendar: deps.calendar.current(),
    today: legalDateOf(deps.clock.now()),
    yellowAt: deps.yellowAt,
    seen: new Map(),
  })
  forwardedCommand(app, {
    url: '/projects/:id/acceptance',
    summary: "The owner's one joint-acceptance application (一口受理) — owner of the project; forwarded to acceptance",
    body: OpenAcceptanceBody,
    response: { 201: AcceptanceCaseResponse },
    to: deps.acceptance,
    async authorise(request, id, body) {
      // A project the gateway has just answered 201 for is its owner's before its event is applied.
      const { row, held } = await heldForAcceptance(deps, request, id)
      authorised(request, { action: 'acceptance.open', ...(row ? { row } : {}) }, projectNotFound(id))
      if (typeof held !== 'object') return held
      // 施工许可: the permit's approval as the read model holds it, for a decision acceptance never heard (api.md):
      // the whole project's, or — a building's case (按照单位工程) — that building's own.
      const permit = permitCopyOf(await deps.read(request.actor).approvalsOf(id, PERMIT_ITEM), body.part)
      return permit ? { with: { ...held.with, permit } } : held
    },
    // Acceptance keeps its own copy of the project from `project.registered`, or from the one sent here (api.md); of
    // the permit's decision from `step.decided`, or from the one sent here when it has none.
    notYetHeard: 'ACCEPTANCE_PROJECT_NOT_FOUND',
  })

  app.get(
    '/acceptance',
    {
      schema: {
        summary:
          "The joint acceptance cases (联合验收) the caller's department leads (whole) or has an item in (its own items only), newest change first — reviewer or lead; from the read model",
        tags: ['queries'],
        querystring: Type.Object(
          { project: Type.Optional(Uuid), status: Type.Optional(AcceptanceCaseSnapshot.properties.status) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            cases: Type.Array(AcceptanceView, {
              description: 'each case with `clockState`, its clock evaluated today (on its decision day once decided)',
            }),
            projects: Type.Array(ProjectTitle, { description: 'the projects the cases are on' }),
            today: { ...LegalDate, description: 'the legal day (Shanghai): an inspection is scheduled on it or later' },
            unreadable: Type.Array(Unreadable),
          }),
        },
      },
    },
    async (request) => {
      authorised(request, { action: 'acceptance.list' })
      const { project, status } = request.query
      const department = request.actor.department ?? ''
      const { cases, projects } = await deps.read(request.actor).acceptanceCases(department, {
        ...(project ? { projectId: project } : {}),
        ...(status ? { status } : {}),
      })
      // A case the department only has an item in shows its own items alone, as the project's status does.
      const ev = evaluation()
      const rows = eachRow(
        cases,
        'acceptance',
        (c) => c.caseId,
        (c) => {
          const part = acceptanceCasePart(checkAcceptanceCase(c), department)
          return part ? acceptanceView(part, ev) : []
        },
        (c) => c.lead,
      )
      logUnreadable(request.log, rows.unreadable)
      return { cases: rows.views, projects, today: ev.today, unreadable: rows.unreadable }
    },
  )

  // A regional caller (token `region`) is refused a case outside its region, and one not projected yet (no region to
  // judge: acceptance does not know the caller's region), as a case it takes no part in (authorise.ts `InRegion`).
  const regionOf = (c: AcceptanceParties | undefined): InRegion => ({ region: c?.region ?? null })

  // A case answered by acceptance a moment ago may not be projected here yet: with no row, the role is checked here
  // and the row by acceptance itself, which refuses a department or owner not in the case. The case's parties are
  // read whether or not the caller may read the case (row-level security hides it otherwise), so a case that is
  // projected but not the caller's is refused here and never sent on.
  forwardedCommand(app, {
    url: '/acceptance/:id/inspection',
    summary: 'The lead department schedules the joint inspection or a re-inspection — lead of the case',
    body: ScheduleInspectionBody,
    response: { 200: AcceptanceCaseResponse },
    to: deps.acceptance,
    async authorise(request, id) {
      const c = await deps.read(request.actor).acceptanceCaseParties(id)
      const lead = c?.lead ?? request.actor.department ?? ''
      authorised(request, { action: 'acceptance.inspect', row: { lead, ...regionOf(c) } }, caseNotFound(id))
    },
  })

  forwardedCommand(app, {
    url: '/acceptance/:id/opinions',
    summary: "A participating department's opinion on its item — reviewer or lead of a department in the case",
    body: RecordOpinionBody,
    response: { 200: AcceptanceCaseResponse },
    to: deps.acceptance,
    async authorise(request, id) {
      const c = await deps.read(request.actor).acceptanceCaseParties(id)
      const own = request.actor.department ?? ''
      const row = {
        ...(c
          ? { lead: c.lead, departments: [...new Set(c.items.map((i) => i.department))] }
          : { lead: own, departments: [own] }),
        ...regionOf(c),
      }
      authorised(request, { action: 'acceptance.opinion', row }, caseNotFound(id))
    },
  })

  // 用地清单 (004:2263): the plot's land-condition list the case's defects are checked against, so the form can rest a
  // defect on one of its items. Parties as for an opinion; a case not projected yet is checked by acceptance alone.
  app.get(
    '/acceptance/:id/land-list',
    {
      schema: {
        summary:
          "用地清单 — the land-condition list of the case's plot, which each defect's requirement must rest on — reviewer or lead of a department in the case; from acceptance",
        tags: ['queries'],
        params: Params,
        response: { 200: AcceptanceLandListResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const c = await deps.read(request.actor).acceptanceCaseParties(id)
      const own = request.actor.department ?? ''
      const row = {
        ...(c
          ? { lead: c.lead, departments: [...new Set(c.items.map((i) => i.department))] }
          : { lead: own, departments: [own] }),
        ...regionOf(c),
      }
      authorised(request, { action: 'acceptance.land-list', row }, caseNotFound(id))
      return forward(reply, deps.acceptance, {
        method: 'GET',
        path: `/acceptance/${id}/land-list`,
        actor: request.actor,
      })
    },
  )

  forwardedCommand(app, {
    url: '/acceptance/:id/rectifications',
    summary: 'The owner reports defects rectified — owner of the case; forwarded to acceptance',
    body: SubmitRectificationBody,
    response: { 200: AcceptanceCaseResponse },
    to: deps.acceptance,
    async authorise(request, id) {
      const c = await deps.read(request.actor).acceptanceCaseParties(id)
      const ownerCreditCode = c?.ownerCreditCode ?? request.actor.creditCode ?? ''
      authorised(request, { action: 'acceptance.rectify', row: { ownerCreditCode } }, caseNotFound(id))
    },
  })

  /**
   * A command on one item of a case, for the item's department only: the row is the item named, so another
   * department's item (or one not in the case) answers like an unknown case and is never sent on (acceptance would
   * answer 403, telling the item is there).
   */
  const itemDepartmentOnly = async (
    request: FastifyRequest,
    id: string,
    itemCode: string,
    action: 'acceptance.verify-commitment' | 'acceptance.record-result',
  ): Promise<undefined> => {
    const c = await deps.read(request.actor).acceptanceCaseParties(id)
    const item = c?.items.find((i) => i.item === itemCode)
    const departments = c ? (item ? [item.department] : []) : [request.actor.department ?? '']
    authorised(request, { action, row: { departments, ...regionOf(c) } }, caseNotFound(id))
    return undefined
  }

  forwardedCommand(app, {
    url: '/acceptance/:id/commitments',
    summary:
      "The later verification of an item passed on commitment (告知承诺): kept or breached — reviewer or lead of the item's department",
    body: VerifyCommitmentBody,
    response: { 200: AcceptanceCaseResponse },
    to: deps.acceptance,
    authorise: (request, id, body) => itemDepartmentOnly(request, id, body.item, 'acceptance.verify-commitment'),
  })

  // 整改 of a 告知承诺 breach followed through (004:1860 责令限期整改), as the approval stage's: the case's owner reports
  // it done, the item's department confirms it or finds it not done, and after 逾期未整改 takes the further measure.
  // Acceptance checks the owner against the case's and the department against the item's again.
  forwardedCommand(app, {
    url: '/acceptance/:id/commitment-rectification-report',
    summary:
      "整改 reported — the owner says what it put right of an item's 告知承诺 breach that ordered 整改 — owner of the case; forwarded to acceptance",
    body: CommitmentRectificationReportBody,
    response: { 200: AcceptanceCaseResponse },
    to: deps.acceptance,
    async authorise(request, id) {
      const c = await deps.read(request.actor).acceptanceCaseParties(id)
      const ownerCreditCode = c?.ownerCreditCode ?? request.actor.creditCode ?? ''
      authorised(request, { action: 'acceptance.rectify', row: { ownerCreditCode } }, caseNotFound(id))
    },
  })

  forwardedCommand(app, {
    url: '/acceptance/:id/commitment-rectification-review',
    summary:
      "整改 reviewed — 整改完成 (`done`) or not done (`note`: what is missing) on the owner's last report — reviewer or lead of the item's department",
    body: CommitmentRectificationReviewBody,
    response: { 200: AcceptanceCaseResponse },
    to: deps.acceptance,
    authorise: (request, id, body) => itemDepartmentOnly(request, id, body.item, 'acceptance.verify-commitment'),
  })

  forwardedCommand(app, {
    url: '/acceptance/:id/commitment-rectification-escalation',
    summary:
      "逾期未整改's further measure — 依法撤销 of the item's pass and/or 禁止选择告知承诺 (`barredUntil`), once the 整改 day passed unconfirmed — reviewer or lead of the item's department",
    body: CommitmentRectificationEscalationBody,
    response: { 200: AcceptanceCaseResponse },
    to: deps.acceptance,
    authorise: (request, id, body) => itemDepartmentOnly(request, id, body.item, 'acceptance.verify-commitment'),
  })

  forwardedCommand(app, {
    url: '/acceptance/:id/results',
    summary:
      "结果物 — the item's department records the result document it issued after the pass; where the case's opinionIsFiling, the last one issues the 竣工验收备案表 — reviewer or lead of the item's department",
    body: RecordResultBody,
    response: { 200: AcceptanceCaseResponse },
    to: deps.acceptance,
    authorise: (request, id, body) => itemDepartmentOnly(request, id, body.item, 'acceptance.record-result'),
  })

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
          200: Type.Object({
            commitments: Type.Array(CommitmentView),
            taskCommitments: Type.Array(TaskCommitmentView, {
              description:
                'the approval stage: tasks approved at once on commitment (告知承诺), verified later; a breach that ordered 整改 with its `rectification` (state today: owed, reported, not-done, done, overdue)',
            }),
            taskDeficiencies: Type.Array(TaskDeficiencyView, {
              description:
                "the approval stage's 容缺后补 (004:1860): materials owed past their promised day, and the departments' findings (with `rectification` when one ordered 整改)",
            }),
            unreadable: Type.Array(Unreadable),
          }),
        },
      },
    },
    async (request) => {
      authorised(request, { action: 'commitments.list' })
      const { actor } = request
      const { project, state } = request.query
      const department = actor.role === 'reviewer' || actor.role === 'lead' ? (actor.department ?? '') : undefined
      const filter = { ...(department === undefined ? {} : { department }) }
      const cases = await deps
        .read(request.actor)
        .casesWithCommitments({ ...filter, ...(project ? { projectId: project } : {}) })
      const today = legalDateOf(deps.clock.now())
      const years = new Set(deps.calendar.current().years)
      const rows = commitmentRows(cases, today, { ...filter, ...(state ? { state } : {}), years })
      logUnreadable(request.log, rows.unreadable)
      const tasks = await deps
        .read(request.actor)
        .committedTasks({ ...filter, ...(project ? { projectId: project } : {}) })
      const taskRows = taskCommitmentsOf(tasks, today, { ...(state ? { state } : {}), years })
      logUnreadable(request.log, taskRows.unreadable)
      const owed = await deps
        .read(request.actor)
        .tasksWithDeficiencies({ ...filter, ...(project ? { projectId: project } : {}) })
      const owedRows = taskDeficienciesOf(owed, today, state ? { state } : {})
      logUnreadable(request.log, owedRows.unreadable)
      return {
        commitments: rows.views,
        taskCommitments: taskRows.views,
        taskDeficiencies: owedRows.views,
        unreadable: [...rows.unreadable, ...taskRows.unreadable, ...owedRows.unreadable],
      }
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
          200: Type.Object({
            requests: Type.Array(UtilityView, {
              description:
                'each request with `permitsClockState`, its outside-line permits clock evaluated today (on the day the last permit was granted once all were)',
            }),
            projects: Type.Array(ProjectTitle, { description: 'the projects the requests are on' }),
            unreadable: Type.Array(Unreadable),
          }),
        },
      },
    },
    async (request) => {
      authorised(request, { action: 'utility-requests.list' })
      const { project, stage } = request.query
      const { requests, projects } = await deps.read(request.actor).utilityRequests(request.actor.provider ?? '', {
        ...(project ? { projectId: project } : {}),
        ...(stage ? { stage } : {}),
      })
      const ev = evaluation()
      const rows = eachRow(
        requests,
        'utility',
        (r) => r.requestId,
        (r) => utilityView(checkUtilityRequest(r), ev),
        (r) => r.provider,
      )
      logUnreadable(request.log, rows.unreadable)
      // The requests name their projects' owners (建设单位, its credit code): a read of personal data, once per project.
      const owners = new Map(rows.views.flatMap((r) => (r.owner ? [[r.projectId, r.owner.creditCode] as const] : [])))
      for (const [projectId, ownerCreditCode] of owners) {
        auditPersonalRead(request, deps, {
          action: 'gateway.utility-requests.read',
          object: `project:${projectId}`,
          ownerCreditCode,
        })
      }
      return { requests: rows.views, projects, unreadable: rows.unreadable }
    },
  )

  /** A provider acts for itself, on its own request; another provider's is answered as an unknown id. */
  const ownUtilityRequest = async (request: FastifyRequest, id: string): Promise<undefined> => {
    const r = await deps.read(request.actor).utilityRequest(id)
    authorised(request, { action: 'utility-request.act', row: { provider: r?.provider ?? '' } }, requestNotFound(id))
    return undefined
  }

  forwardedCommand(app, {
    url: '/utility-requests/:id/actions',
    summary: 'The provider moves its own request on — utility of that provider; forwarded to utility',
    body: UtilityActionBody,
    response: { 200: UtilityRequestResponse },
    to: deps.utility,
    authorise: ownUtilityRequest,
  })

  // 联合踏勘: a provider acts for itself, through its own request at survey, as it does for the request's actions.
  forwardedCommand(app, {
    url: '/utility-requests/:id/joint-survey',
    summary:
      "联合踏勘 — the request's provider proposes (or reschedules) its project's one joint site survey, for every request of the project at survey — utility of that provider; forwarded to utility",
    body: ProposeJointSurveyBody,
    response: { 200: JointSurveyResponse },
    to: deps.utility,
    authorise: ownUtilityRequest,
  })

  forwardedCommand(app, {
    url: '/utility-requests/:id/joint-survey/cancellation',
    summary:
      "联合踏勘 — its proposer cancels the project's joint survey before its day, with a reason, through its own request; every request carrying it carries none after — utility of that provider; forwarded to utility",
    body: CancelJointSurveyBody,
    response: { 200: JointSurveyResponse },
    to: deps.utility,
    authorise: ownUtilityRequest,
  })

  forwardedCommand(app, {
    url: '/utility-requests/:id/joint-survey/confirmation',
    summary:
      '联合踏勘 — another provider confirms, through its own request at survey, that it will attend the appointment the request carries — utility of that provider; forwarded to utility',
    body: ConfirmJointSurveyBody,
    response: { 200: JointSurveyResponse },
    to: deps.utility,
    authorise: ownUtilityRequest,
  })

  // 告知承诺免审批 (docs/utility.md): the department's side of a low-risk outside line whose plans were pushed to it.
  app.get(
    '/pushed-works',
    {
      schema: {
        summary:
          "The low-risk outside lines whose works and traffic plans were pushed to the caller's department (告知承诺免审批), with their restoration, newest change first — reviewer; from the read model",
        tags: ['queries'],
        querystring: Type.Object(
          {
            restoration: Type.Optional(
              Type.Union(
                ['none', 'declared', 'accepted', 'rectify'].map((s) => Type.Literal(s)),
                { description: '`none`: not yet declared done' },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            requests: Type.Array(UtilityRequestSnapshot, {
              description: "each request as it stands, without the owner's name and the application's contact",
            }),
            projects: Type.Array(ProjectTitle, { description: 'the projects the requests are on' }),
            unreadable: Type.Array(Unreadable),
          }),
        },
      },
    },
    async (request) => {
      authorised(request, { action: 'pushed-works.list' })
      const { restoration } = request.query
      const { requests, projects } = await deps
        .read(request.actor)
        .pushedWorks(request.actor.department ?? '', restoration ? { restoration } : {})
      // The department supervises the works, not the owner's business: no personal data beyond the request's own.
      const rows = eachRow(
        requests,
        'utility',
        (r) => r.requestId,
        (r) => {
          const { applicationContact: _, owner: __, ...rest } = checkUtilityRequest(r)
          return rest
        },
      )
      logUnreadable(request.log, rows.unreadable)
      return { requests: rows.views, projects, unreadable: rows.unreadable }
    },
  )

  forwardedCommand(app, {
    url: '/utility-requests/:id/restoration-review',
    summary:
      '修复验收 — a department the request’s plans were pushed to accepts the declared restoration or sends it back with a reason — reviewer of such a department; forwarded to utility',
    body: RestorationReviewBody,
    response: { 200: UtilityRequestResponse },
    to: deps.utility,
    // Another department's reviewer is answered as for an unknown id: the request was never shown to it.
    authorise: async (request: FastifyRequest, id: string): Promise<undefined> => {
      const r = await deps.read(request.actor).utilityRequest(id)
      const departments = r?.worksPlanPush?.departments.map((d) => d.code) ?? []
      authorised(request, { action: 'utility-request.restoration-review', row: { departments } }, requestNotFound(id))
      return undefined
    },
  })

  // 并联审批 (docs/utility.md "Who decides a permit"): the department's inbox of outside-line permits applied to it.
  app.get(
    '/outside-line-permits',
    {
      schema: {
        summary:
          "并联审批 — the utility requests with an outside-line permit applied to the caller's department awaiting its decision, soonest due first (the permits clock's due day; requests with no clock last, earliest applied first); with `filter=owing` (容缺后补), those at any stage with a permit the department granted 容缺通过 and a material of it still owed, earliest granted first; a page at a time — reviewer; from the read model",
        tags: ['queries'],
        querystring: Type.Object(
          {
            filter: Type.Optional(
              Type.Literal('owing', {
                description:
                  'owing: the permits the department granted 容缺通过 (`grantedWithDeficiencies`) whose materials are not all supplied, instead of those awaiting its decision',
              }),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PERMIT_INBOX_PAGE })),
            cursor: Type.Optional(
              Type.String({
                pattern: PERMIT_INBOX_CURSOR,
                maxLength: 60,
                description: '`next` of the page before',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            requests: Type.Array(UtilityView, {
              description:
                "each request with `permitsClockState`, its permits clock evaluated today, without the owner's name and the application's contact; its `permits` say which await the department (`department`, `status: requested`) or, under `filter=owing`, which it granted 容缺通过 and what of them is owed and supplied when (`grantedWithDeficiencies`, `deficiencies`)",
            }),
            projects: Type.Array(ProjectTitle, { description: 'the projects the requests are on' }),
            unreadable: Type.Array(Unreadable),
            next: Type.Optional(Type.String({ description: 'cursor of the next page, when more follow' })),
          }),
        },
      },
    },
    async (request) => {
      authorised(request, { action: 'outside-line-permits.list' })
      const { filter, limit = DEFAULT_PERMIT_INBOX_PAGE, cursor } = request.query
      const after = cursor === undefined ? undefined : (permitInboxKeyOf(cursor) ?? throwCursorRefused())
      // A cursor of the other list is none of this one's: its day is of another order.
      if (after && (after.by === 'granted') !== (filter === 'owing')) throwCursorRefused()
      const read = deps.read(request.actor)
      const department = request.actor.department ?? ''
      const paging = { limit: limit + 1, ...(after ? { after } : {}) }
      const { requests, projects } =
        filter === 'owing' ? await read.permitsOwing(department, paging) : await read.permitInbox(department, paging)
      const page = requests.slice(0, limit)
      const ev = evaluation()
      // The department decides the permit, not the owner's business: no personal data beyond the request's own.
      const rows = eachRow(
        page.map((r) => r.snapshot),
        'utility',
        (r) => r.requestId,
        (r) => {
          const { applicationContact: _, owner: __, ...rest } = utilityView(checkUtilityRequest(r), ev)
          return rest
        },
      )
      logUnreadable(request.log, rows.unreadable)
      // The next cursor from the last row's key, as the statement made it (only legal days, the row's id), and only
      // one that reads back: a page never hands out a cursor the route would refuse.
      const last = page.at(-1)
      const next = requests.length > limit && last ? permitInboxCursor(last.key) : undefined
      if (next !== undefined && permitInboxKeyOf(next) === undefined) {
        throw new Error(`outside-line-permits: the key of request ${last?.key.id} makes no cursor`)
      }
      return {
        requests: rows.views,
        projects,
        unreadable: rows.unreadable,
        ...(next ? { next } : {}),
      }
    },
  )

  forwardedCommand(app, {
    url: '/utility-requests/:id/permit-decision',
    summary:
      '并联审批 — the department a permit was applied to grants it (准予许可, its 文号) or refuses it (不予许可, the reason), today; the provider reads it at once — reviewer of that department; forwarded to utility',
    body: DepartmentPermitDecisionBody,
    response: { 200: UtilityRequestResponse },
    to: deps.utility,
    // A request with no permit applied to the caller's department (or outside its region) is answered as an unknown
    // id: it was never in its inbox. Which permit of a request it may decide is the service's (403).
    authorise: async (request: FastifyRequest, id: string): Promise<undefined> => {
      const r = await deps.read(request.actor).utilityRequest(id)
      const departments = r?.permits.flatMap((p) => (p.appliedOn && p.department ? [p.department] : [])) ?? []
      authorised(request, { action: 'utility-permit.decide', row: { departments } }, requestNotFound(id))
      return undefined
    },
  })

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
            registrations: Type.Array(RegistrationView, {
              description:
                'each case with `clockState`, its clock evaluated today (on its completion day once completed)',
            }),
            projects: Type.Array(ProjectTitle, { description: 'the projects the cases are on' }),
            unreadable: Type.Array(Unreadable),
          }),
        },
      },
    },
    async (request) => {
      authorised(request, { action: 'registrations.list' })
      const { project, status } = request.query
      const { registrations, projects } = await deps.read(request.actor).registrations({
        ...(project ? { projectId: project } : {}),
        ...(status ? { status } : {}),
      })
      const ev = evaluation()
      const rows = eachRow(
        registrations,
        'registration',
        (c) => c.caseId,
        (c) => registrationView(checkRegistrationCase(c), ev),
      )
      logUnreadable(request.log, rows.unreadable)
      return { registrations: rows.views, projects, unreadable: rows.unreadable }
    },
  )

  forwardedCommand(app, {
    url: '/registrations/:id/actions',
    summary: 'The registrar passes the pre-survey or completes the registration — registrar; forwarded',
    body: RegistrationActionBody,
    response: { 200: RegistrationCaseResponse },
    to: deps.registration,
    authorise(request) {
      authorised(request, { action: 'registration.act' })
    },
  })

  app.get(
    '/certificates/:id',
    {
      schema: {
        summary:
          'A signed electronic certificate with its QR payload and revocation — the owner of the project, clerks, supervisors, registrars',
        tags: ['queries'],
        params: Params,
        response: { 200: PublicCertificateResponse },
      },
    },
    async (request) => {
      const { id } = request.params
      const certificate = await deps.read(request.actor).certificate(id)
      authorised(
        request,
        {
          action: 'certificate.read',
          ...(certificate ? { row: { ownerCreditCode: certificate.body.owner.creditCode } } : {}),
        },
        certificateNotFound(id),
      )
      if (!certificate) throw certificateNotFound(id)()
      const ownerCreditCode = certificate.body.owner.creditCode
      auditPersonalRead(request, deps, {
        action: 'gateway.certificate.read',
        object: `certificate:${id}`,
        ownerCreditCode,
      })
      const revocation = await deps.publicRead.revocation(id)
      return { certificate, qr: certificateQr(deps.publicBaseUrl, certificate), ...(revocation ? { revocation } : {}) }
    },
  )

  forwardedCommand(app, {
    url: '/certificates/:id/revoke',
    summary: 'Revoke a certificate (注销) with a reason and the day it stops being valid — registrar, admin; forwarded',
    body: RevokeCertificateBody,
    response: { 200: RevokeCertificateResponse },
    to: deps.registration,
    // Registrars and administrators see every certificate; registration answers an unknown one with its 404.
    authorise(request) {
      authorised(request, { action: 'certificate.revoke' })
    },
  })
}

/**
 * What anyone may do with a certificate they were shown, with no token and no actor sent: verify it (the whole
 * certificate, or the id and digest of its QR code), read the revocation list, fetch the public keys to verify
 * offline. Registration decides every verdict; the revocation list is the read model's.
 */
export const verifyRoutes: RoutePlugin = async (app, { deps }) => {
  const logUnreadable = unreadableLog()
  app.post(
    '/certificates/verify',
    {
      schema: {
        summary: 'Verify a signed certificate: valid, revoked or invalid — anyone, no token needed; forwarded',
        tags: ['queries'],
        body: VerifyCertificateBody,
        response: { 200: VerifyCertificateResponse },
      },
    },
    async (request, reply) =>
      forward(reply, deps.registration, { method: 'POST', path: '/certificates/verify', body: request.body }),
  )

  app.get(
    '/certificates/verify',
    {
      schema: {
        summary: "Verify by a certificate's QR code (id and SM3 digest): the registry's copy and its verdict — anyone",
        tags: ['queries'],
        querystring: VerifyCertificateQuery,
        response: { 200: VerifyCertificateResponse },
      },
    },
    async (request, reply) => {
      const query = new URLSearchParams({ id: request.query.id, d: request.query.d })
      return forward(reply, deps.registration, { method: 'GET', path: `/certificates/verify?${query}` })
    },
  )

  app.get(
    '/certificates/revocations',
    {
      schema: {
        summary: 'The revocation list (注销), in the order revoked, a page at a time — anyone, no token needed',
        tags: ['queries'],
        querystring: RevocationListQuery,
        response: {
          200: Type.Object({
            ...RevocationListResponse.properties,
            unreadable: Type.Optional(Type.Array(Unreadable, { description: 'stored rows that could not be read' })),
          }),
        },
      },
    },
    async (request) => {
      const page = await deps.publicRead.revocations(request.query.after ?? 0, request.query.limit ?? 1000)
      // Each row built and checked on its own: a bad one is named in `unreadable`, and `next` still moves past it.
      const rows = eachRow(
        page.rows,
        'revocation',
        (r) => r.certificateId,
        (r) => checkRevocation(revocationOf(r)),
      )
      logUnreadable(request.log, rows.unreadable)
      return {
        revocations: rows.views,
        ...(page.next === undefined ? {} : { next: page.next }),
        // Only when a row was set aside: the list is public, and its clients know it without the field.
        ...(rows.unreadable.length > 0 ? { unreadable: rows.unreadable } : {}),
      }
    },
  )

  app.get(
    '/certificates/keys',
    {
      schema: {
        summary: 'The public keys (Ed25519 and SM2) certificates are verified with, for offline checks — anyone',
        tags: ['queries'],
        response: { 200: CertificateKeysResponse },
      },
    },
    async (_request, reply) => forward(reply, deps.registration, { method: 'GET', path: '/keys' }),
  )
}

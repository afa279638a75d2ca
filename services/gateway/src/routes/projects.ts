import { MAX_FOLLOW_ONS, OpenApplicationBody, RegisterProjectBody, Uuid, WithheldFollowOn } from '@onewindow/contracts'
import { ProblemError, registerErrorCodes, unreadableLog } from '@onewindow/service-kit'
import { legalDateOf } from '@onewindow/workdays'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { promisedApplication, promisedProject, stillPending } from '../domain/pending.js'
import type { ProjectRow } from '../domain/projectors.js'
import { conforming, eachRow } from '../domain/rows.js'
import { projectView, readableFlow, type StatusRows } from '../domain/status.js'
import { readableRatings } from '../domain/status-ratings.js'
import { visibilityOf } from '../domain/visibility.js'
import { forward } from '../forward.js'
import { type KeptStatus, readerKey, statusKey } from '../http/kept-answers.js'
import { encodeProjectCursor, projectCursorKey } from '../http/project-cursor.js'
import { FlowStepView, Pending, ProjectStatusWithRatings, ProjectView, Unreadable } from '../http/schemas.js'
import { checkedViewSerializer } from '../http/serializer.js'
import {
  answerEnd,
  buildStatus,
  forecastHistoryFor,
  keepInReadModel,
  keptBytes,
  sendKept,
} from '../http/status-answer.js'
import { auditPersonalRead, authorised, projectNotFound, type RoutePlugin } from './plugin.js'
import { MAX_RATINGS } from './ratings.js'

const Params = Type.Object({ id: Uuid })
/** Projects per page of the list unless `limit` says otherwise, and the most one page holds. */
export const PROJECTS_LIMIT = 50
export const PROJECTS_MAX_LIMIT = 200

const ProjectsQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: PROJECTS_MAX_LIMIT,
        description: `projects per page, default ${PROJECTS_LIMIT}`,
      }),
    ),
    cursor: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_-]+$',
        maxLength: 200,
        description:
          "the previous page's nextCursor, as it came (same search); the page starts after that page's last project",
      }),
    ),
    search: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'a part of the name or the project code, as plain text, case-insensitive',
      }),
    ),
  },
  { additionalProperties: false },
)
const Forwarded = (key: string, description: string) =>
  Type.Object({ [key]: Type.Object({}, { additionalProperties: true, description }) })

/** What a read knows of a project its events have not brought yet: the row intake answered, nothing else. */
const emptyStatusRows = (project: ProjectRow): StatusRows => ({
  project,
  acceptance: [],
  utilities: [],
  registrations: [],
  certificates: [],
  applications: [],
  deficiencies: [],
  tasks: [],
  notices: [],
  alerts: [],
  timeline: [],
})

// A project row the read model holds but cannot show (docs/errors.md).
registerErrorCodes({ GATEWAY_PROJECT_UNREADABLE: 500 })

export const projectRoutes: RoutePlugin = async (app, { deps }) => {
  const logUnreadable = unreadableLog()
  const checkedProject = conforming(ProjectView)
  /** The project's own row, checked: one that does not read (a stored 'infinity') is a 500 naming it, not garbage. */
  const readProject = (request: FastifyRequest, project: ProjectRow) => {
    try {
      return checkedProject(projectView(project))
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      logUnreadable(request.log, [{ kind: 'project', id: project.projectId, reason }])
      throw new ProblemError(
        500,
        'GATEWAY_PROJECT_UNREADABLE',
        `Project ${project.projectId} cannot be read from the read model.`,
      )
    }
  }
  const since = () => deps.clock.now().toISOString()
  app.post(
    '/projects',
    {
      schema: {
        summary: 'Register a project (项目登记) — clerk or admin; forwarded to intake',
        tags: ['commands'],
        body: RegisterProjectBody,
        response: { 201: Forwarded('project', 'the project as intake registered it (projectId, …)') },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'project.register' })
      return forward(reply, deps.intake, {
        method: 'POST',
        path: '/projects',
        actor: request.actor,
        body: request.body,
        onCreated: async (answer) => {
          const promise = promisedProject(answer, since())
          if (promise) await deps.commands.promise(promise)
        },
      })
    },
  )

  app.post(
    '/projects/:id/applications',
    {
      schema: {
        summary: 'Open one combined application for a step (一窗受理) — clerk; forwarded to intake',
        tags: ['commands'],
        params: Params,
        body: OpenApplicationBody,
        response: {
          201: Type.Object({
            ...Forwarded('application', 'the application (applicationId, receiptNumber, outcome, …)').properties,
            withheldFollowOns: Type.Optional(
              Type.Array(WithheldFollowOn, {
                maxItems: MAX_FOLLOW_ONS,
                description:
                  "后续事项 the acceptance left out because a fact stated in the form failed their `onlyIf` (004:1814): the owner applies to each one's department separately; absent when none was",
              }),
            ),
          }),
        },
      },
    },
    async (request, reply) => {
      authorised(request, { action: 'application.open' })
      return forward(reply, deps.intake, {
        method: 'POST',
        path: `/projects/${request.params.id}/applications`,
        actor: request.actor,
        body: request.body,
        // Intake learns a step's decision from approval's event, as the read model does: a step the project's flow
        // already shows approved here is one intake has not heard of yet, so its step-order refusal is asked again.
        notYetHeard: async (problem) => {
          if (problem.code !== 'INTAKE_STEP_OUT_OF_ORDER' || typeof problem['waitingFor'] !== 'string') return false
          const found = await deps.read(request.actor).projectWithApplications(request.params.id)
          if (!found) return false
          const { flow } = readableFlow(found.project, found.applications)
          return flow.some((s) => s.step === problem['waitingFor'] && s.state === 'approved')
        },
        onCreated: async (answer) => {
          const promise = promisedApplication(answer, since())
          if (promise) await deps.commands.promiseApplication(promise)
        },
      })
    },
  )

  app.get(
    '/projects',
    {
      schema: {
        summary:
          "The projects the caller may read, newest first (ties by id), optionally those whose name or code holds `search`, cursor-paged: an owner's own, every project for a clerk, supervisor or admin",
        tags: ['queries'],
        querystring: ProjectsQuery,
        response: {
          200: Type.Object({
            projects: Type.Array(ProjectView),
            nextCursor: Type.Optional(
              Type.String({ description: 'pass as `cursor` (same search) for the next page; absent on the last' }),
            ),
            unreadable: Type.Array(Unreadable, {
              description:
                "this page's stored projects that could not be shown (`kind: project`), left out of `projects`",
            }),
          }),
        },
      },
    },
    async (request) => {
      authorised(request, { action: 'projects.list' })
      const { actor } = request
      const { search, limit, cursor } = request.query
      const after = cursor === undefined ? undefined : projectCursorKey(cursor)
      const filter = {
        ...(actor.role === 'owner' ? { ownerCreditCode: actor.creditCode ?? '' } : {}),
        ...(search === undefined ? {} : { search }),
      }
      const found = await deps
        .read(actor)
        .projects(filter, { limit: limit ?? PROJECTS_LIMIT, ...(after ? { after } : {}) })
      const shown = eachRow(
        found.projects,
        'project',
        (p) => p.projectId,
        (p) => checkedProject(projectView(p)),
      )
      logUnreadable(request.log, shown.unreadable)
      return {
        projects: shown.views,
        ...(found.next ? { nextCursor: encodeProjectCursor(found.next) } : {}),
        unreadable: shown.unreadable,
      }
    },
  )

  app.get(
    '/projects/:id',
    {
      schema: {
        summary: 'A project and its flow, from the read model',
        tags: ['queries'],
        params: Params,
        response: {
          200: Type.Object({
            project: ProjectView,
            flow: Type.Array(FlowStepView),
            currentStep: Type.Union([Type.String(), Type.Null()]),
            unreadable: Type.Array(Unreadable),
            pending: Type.Array(Pending),
          }),
        },
      },
    },
    async (request) => {
      const { id } = request.params
      // The promises first: the projection deletes a promise when it applies the event, so a promise gone by now
      // means its row is in by the next read.
      const promised = await deps.pending(request.actor).ofProject(id)
      const known = await deps.read(request.actor).projectWithApplications(id)
      // The project as the read model has it, or as the gateway promised it when it answered 201: unknown and
      // foreign answer the same 404; a promised one reads as its owner's.
      const promisedRow = promised.find((p) => p.kind === 'project-registered')?.project
      const rows = known ?? (promisedRow ? { project: promisedRow, applications: [] } : undefined)
      const departments =
        rows && request.actor.role === 'reviewer' ? await deps.read(request.actor).departmentsOf(id) : []
      authorised(
        request,
        {
          action: 'project.read',
          ...(rows ? { row: { ownerCreditCode: rows.project.ownerCreditCode, departments } } : {}),
        },
        projectNotFound(id),
      )
      if (!rows) throw projectNotFound(id)()
      const ownerCreditCode = rows.project.ownerCreditCode
      auditPersonalRead(request, deps, { action: 'gateway.project.read', object: `project:${id}`, ownerCreditCode })
      const { unreadable, ...flow } = readableFlow(rows.project, rows.applications)
      const pending = stillPending(promised, {
        project: known !== undefined,
        applicationIds: new Set(rows.applications.map((a) => a.applicationId)),
      })
      unreadable.push(...pending.unreadable)
      logUnreadable(request.log, unreadable)
      return { project: readProject(request, rows.project), ...flow, unreadable, pending: pending.views }
    },
  )

  app.get(
    '/projects/:id/status',
    {
      schema: {
        summary:
          'Everything about a project the caller may see (by role: services/gateway/README.md): flow, applications, tasks with clocks evaluated now, alerts, timeline; a stored row that cannot be evaluated is listed in `unreadable` instead',
        tags: ['queries'],
        params: Params,
        response: { 200: ProjectStatusWithRatings },
      },
      // Each row of the answer is checked against its view before it is sent (domain/rows.ts); the rest is built from
      // typed columns.
      serializerCompiler: checkedViewSerializer,
    },
    async (request, reply) => {
      const { id } = request.params
      const now = deps.clock.now()
      const today = legalDateOf(now)
      const calendar = deps.calendar.current()
      // A status this view of the project had on this legal day is sent again while the project's answer version
      // is the one it was built at (and the calendar the one it was counted with): the one statement that reads the
      // version builds nothing else then. Kept in this process's memory, and — the whole view, which every role but
      // a reviewer reads — in the read model (`status_answer`), where every gateway process finds it.
      const view = visibilityOf(request.actor)
      const key = statusKey(id, view, `${today}@${deps.calendar.generation()}`)
      const kept = deps.answers.status.get(key)
      const scope = `project:${id}`
      // Sent again as it was, with no statement, while PostgreSQL has told this process of no change to the project
      // since the statement that last confirmed it (db/answer-changes.ts: the wait first makes sure every change
      // committed before this request is heard), to a caller whose scope a statement has confirmed for it — so
      // row-level security has decided for every caller it is sent to, as for a built answer — and authorised as
      // every answer is.
      const reader = readerKey(request.actor)
      if (kept?.sent?.readers.has(reader) && (await deps.answerChanges.unchangedSince(scope, kept.sent.mark))) {
        authorised(request, { action: 'project.read', row: kept.readableBy }, projectNotFound(id))
        auditPersonalRead(request, deps, {
          action: 'gateway.project.status.read',
          object: `project:${id}`,
          ownerCreditCode: kept.readableBy.ownerCreditCode,
        })
        return sendKept(reply, kept.bytes, now.toISOString(), kept.sent.end)
      }
      const mark = deps.answerChanges.mark()
      const wanted = view.kind === 'whole' ? { day: today, builtWith: deps.statusBuiltWith(calendar) } : undefined
      const read = await deps
        .read(request.actor)
        .statusSince(id, kept?.version, { stored: wanted, ratings: MAX_RATINGS })
      const stored = read.unchanged ? undefined : read.stored
      const fresh = read.unchanged || read.stored ? undefined : read.rows
      // The rows carry what authorisation needs (the owner, the departments with a task); what the gateway
      // promised after a 201 is read beside them, so a project or application not yet projected reads as pending.
      const promisedRow = read.promised.find((p) => p.kind === 'project-registered')?.project
      const readableBy =
        read.unchanged && kept
          ? kept.readableBy
          : stored
            ? stored.readableBy
            : fresh
              ? { ownerCreditCode: fresh.project.ownerCreditCode, departments: fresh.departments }
              : promisedRow
                ? { ownerCreditCode: promisedRow.ownerCreditCode, departments: [] }
                : undefined
      authorised(request, { action: 'project.read', ...(readableBy ? { row: readableBy } : {}) }, projectNotFound(id))
      let answer: KeptStatus
      if (read.unchanged && kept) answer = kept
      else if (stored) {
        answer = {
          ...stored,
          bytes: keptBytes(stored.bytes),
          version: read.version,
          applicationIds: new Set(stored.applicationIds),
        }
        deps.answers.keepStatus(key, answer)
      } else {
        const rows = fresh ?? (promisedRow ? emptyStatusRows(promisedRow) : undefined)
        if (!rows || !readableBy) throw projectNotFound(id)()
        const built = buildStatus(rows, readableBy, read.version, request.actor, {
          history: await forecastHistoryFor(deps, request.actor, rows.project),
          calendar,
          today,
          yellowAt: deps.yellowAt,
          now,
        })
        logUnreadable(request.log, built.unreadable)
        answer = built.answer
        // A project known only by its promise is not kept: its rows are the promise's, not the read model's. A
        // status built a second time is kept in memory and, for the whole view, in the read model too.
        if (fresh && deps.answers.keepStatus(key, answer) && wanted) {
          // The answer is built: a keep that fails (the owner's pool busy, the database restarting) costs the next
          // read a build, not this one its answer.
          await keepInReadModel(deps.commands, id, built, { ...wanted, now }).catch((err: unknown) =>
            request.log.warn({ err, projectId: id }, 'status not kept in the read model'),
          )
        }
      }
      auditPersonalRead(request, deps, {
        action: 'gateway.project.status.read',
        object: `project:${id}`,
        ownerCreditCode: answer.readableBy.ownerCreditCode,
      })
      const inReadModel = fresh !== undefined || stored !== undefined || read.unchanged
      const pending = stillPending(read.promised, { project: inReadModel, applicationIds: answer.applicationIds })
      logUnreadable(request.log, pending.unreadable)
      // 好差评 (docs/ratings.md): read beside the kept answer, in its statement, and not built into its bytes; a rating
      // moves the project's version (migration 20261205040000_ratings), so the end kept with it below holds as long.
      const shown = readableRatings(read.ratings, today)
      logUnreadable(request.log, shown.unreadable)
      const end = answerEnd(answer.bytes, {
        unreadable: [...pending.unreadable, ...shown.unreadable],
        pending: pending.views,
        ratings: shown.views,
      })
      // Kept (this key's answer is this one): the next request of a confirmed caller may send it as it is while
      // nothing changes. Callers confirmed at the same version with the same end stay confirmed (up to 64).
      if (mark !== undefined && deps.answers.status.peek(key) === answer) {
        const before = answer.sent
        const same = read.unchanged && before !== undefined && before.readers.size < 64 && before.end === end
        answer.sent = { mark, end, readers: new Set(same ? [...before.readers, reader] : [reader]) }
      }
      return sendKept(reply, answer.bytes, now.toISOString(), end)
    },
  )
}

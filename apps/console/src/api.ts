import createClient, { type Middleware } from 'openapi-fetch'
import type { paths } from './generated/api'

/**
 * The gateway's API, typed from its OpenAPI (src/generated/api.ts, written by `pnpm generate`): a route or a field the
 * gateway does not have is a type error here, so the console cannot drift from the API.
 */
export const api = createClient<paths>({ baseUrl: '' })

/** The signed-in caller's bearer token, set by the session (session.tsx); none before sign-in. */
let bearer: string | undefined
export function setBearer(token: string | undefined) {
  bearer = token
}
export const currentBearer = () => bearer

const authorise: Middleware = {
  onRequest({ request }) {
    if (bearer) request.headers.set('authorization', `Bearer ${bearer}`)
    return request
  },
}
api.use(authorise)

/** One problem of a field, as the gateway names it (`/body/materials/0/code`). */
export type FieldProblem = { field: string; message: string }

/** A refusal in Chinese (problem-text.ts): its sentence, whether its code has one of its own, each field's message. */
export type ProblemChinese = { text: string; known: boolean; fields: readonly string[] }

/**
 * An `application/problem+json` answer as a value: the stable `code`, the status, the services' English `detail` (for
 * support to match with the logs), the fields it names, every other member (`body`) and the same in Chinese
 * (`chinese`, from `code` and the members). Pages show the Chinese (`ProblemAlert`, `fieldMessage`), never `detail`
 * alone.
 */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: readonly FieldProblem[],
    readonly body: Record<string, unknown>,
    /** Seconds the `retry-after` header asks to wait (a 429 or 503), when it gave them. */
    readonly retryAfter?: number,
    /** Undefined when problem-text.ts could not be fetched: `ProblemAlert` then says it generically. */
    readonly chinese?: ProblemChinese,
  ) {
    super(detail || `${code} (${status})`)
    this.name = 'ApiProblem'
  }
}

/** The data of an openapi-fetch answer, or its problem thrown (TanStack Query shows it as the query's error). */
export async function must<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  const { data, error, response } = await call
  if (response.ok && data !== undefined && data !== null) return data as NonNullable<T>
  const body = (error ?? {}) as Record<string, unknown>
  const wait = Number(response.headers.get('retry-after') ?? Number.NaN)
  const problem = {
    status: response.status,
    code: typeof body['code'] === 'string' ? body['code'] : `HTTP_${response.status}`,
    detail: typeof body['detail'] === 'string' ? body['detail'] : '',
    errors: Array.isArray(body['errors']) ? (body['errors'] as FieldProblem[]) : [],
    body,
    retryAfter: Number.isInteger(wait) && wait >= 0 ? wait : undefined,
  }
  // Every code's sentence is fetched with the first refusal, not with every page (the owner's pages' budget).
  const chinese = await import('./problem-text').then(
    (m) => m.chineseProblem(problem),
    () => undefined,
  )
  const { status, code, detail, errors, retryAfter } = problem
  throw new ApiProblem(status, code, detail, errors, body, retryAfter, chinese)
}

/**
 * The query keys every page uses, in one place: the live stream (live.ts) names what changed and invalidates these,
 * so a page refreshes from the stream instead of polling.
 */
export const keys = {
  all: ['onewindow'] as const,
  projects: () => [...keys.all, 'projects'] as const,
  project: (id: string) => [...keys.projects(), id] as const,
  status: (projectId: string) => [...keys.project(projectId), 'status'] as const,
  timeline: (projectId: string) => [...keys.project(projectId), 'timeline'] as const,
  tasks: () => [...keys.all, 'tasks'] as const,
  task: (id: string) => [...keys.tasks(), id] as const,
  /** 督办 of a task: under the supervision keys, so what makes the red and yellow list stale makes them stale too. */
  supervisions: (taskId: string) => [...keys.supervision(), 'task', taskId] as const,
  /** The department's inbox, filtered by state (every page of it: an infinite query). */
  inbox: (state: string | undefined) => [...keys.tasks(), 'inbox', state ?? 'all'] as const,
  supervision: () => [...keys.all, 'supervision'] as const,
  /** 风险信号: under the supervision keys, so an alert makes them stale too. */
  signals: () => [...keys.supervision(), 'signals'] as const,
  catalogue: (region: string) => [...keys.all, 'catalogue', region] as const,
  clockPreview: (start: string, value: number, unit: string, region: string) =>
    [...keys.all, 'clock-preview', start, value, unit, region] as const,
  deadLetters: () => [...keys.all, 'dead-letters'] as const,
  dishonestOwners: () => [...keys.all, 'dishonest-owners'] as const,
  audit: () => [...keys.all, 'audit'] as const,
  catalogueVersions: () => [...keys.all, 'catalogue-versions'] as const,
  deadLettersOf: (service: string, consumer = '') => [...keys.deadLetters(), service, consumer] as const,
  spglExports: () => [...keys.all, 'spgl-exports'] as const,
  cases: () => [...keys.all, 'cases'] as const,
  acceptanceCases: () => [...keys.cases(), 'acceptance'] as const,
  /** 用地清单 a case's defects rest on: published once, it does not change with the case. */
  acceptanceLandList: (caseId: string) => [...keys.cases(), 'acceptance-land-list', caseId] as const,
  utilityRequests: () => [...keys.cases(), 'utility'] as const,
  registrations: () => [...keys.cases(), 'registration'] as const,
  certificates: () => [...keys.all, 'certificates'] as const,
  /** 证照异议 the caller's department raised or is to answer (registration's list, every page). */
  certificateObjections: () => [...keys.all, 'certificate-objections'] as const,
  certificate: (id: string) => [...keys.certificates(), id] as const,
  /** A public verification (no sign-in): by the QR's id and digest, or of a certificate pasted whole. */
  verification: (by: string) => [...keys.all, 'verification', by] as const,
  /** The caller's own messages (every page) and preferences (消息通知). */
  notifications: () => [...keys.all, 'notifications'] as const,
  notificationPreferences: () => [...keys.all, 'notification-preferences'] as const,
  /** A shared office's preferences, which an admin reads and sets naming the office (通知设置 of the admin console). */
  officePreferences: (office: string) => [...keys.all, 'office-preferences', office] as const,
  /** 好差评: a project's (under the project, so its live changes refresh them), a department's, the supervisor's. */
  projectRatings: (projectId: string) => [...keys.project(projectId), 'ratings'] as const,
  departmentRatings: (loop: string) => [...keys.tasks(), 'ratings', loop] as const,
  supervisionRatings: (from: string, to: string) => [...keys.supervision(), 'ratings', from, to] as const,
  // 知识库: a department's own list, the agent's searches.
  knowledge: (...scope: string[]) => [...keys.all, 'knowledge', ...scope] as const,
  /** 变动通报 and 故障通报: a department's own, the centre's every department's. */
  notices: () => [...keys.all, 'notices'] as const,
  // 联合审图 and 多测合一: a project's under its status (the stream's invalidation of the status refreshes them).
  drawingReview: (projectId: string) => [...keys.status(projectId), 'drawing-review'] as const,
  surveyCommissions: (projectId: string) => [...keys.status(projectId), 'survey-commissions'] as const,
  drawingReport: (taskId: string) => [...keys.task(taskId), 'drawing-report'] as const,
  reviewBodyReviews: () => [...keys.all, 'drawing-reviews'] as const,
  surveyorCommissions: () => [...keys.all, 'survey-commissions'] as const,
  // 帮办代办 and 中介服务 (docs/assisted-service.md): a project's under its status, the lists on their own.
  assistedCase: (projectId: string) => [...keys.status(projectId), 'assisted-case'] as const,
  intermediaries: (projectId: string) => [...keys.status(projectId), 'intermediaries'] as const,
  intermediaryServices: () => [...keys.all, 'intermediary-services'] as const,
  helperCases: () => [...keys.all, 'assisted-cases'] as const,
  /** 区域评估 and 用地清单: the city's published areas and plots. */
  landAreas: () => [...keys.all, 'areas'] as const,
  landPlots: () => [...keys.all, 'plots'] as const,
  // A project's land and a step's checklist under its status: linking land (or the stream's invalidation) refreshes both.
  projectLand: (projectId: string) => [...keys.status(projectId), 'land'] as const,
  checklist: (projectId: string, step: string) => [...keys.status(projectId), 'checklist', step] as const,
  intermediaryEngagements: () => [...keys.all, 'intermediary-engagements'] as const,
  /** 12345 工单: every list (the agent's, a department's inbox, an owner's own) and each ticket's page. */
  hotlineTickets: () => [...keys.all, 'hotline-tickets'] as const,
  ticketList: (scope: string, filter: string) => [...keys.hotlineTickets(), 'list', scope, filter] as const,
  ticket: (id: string) => [...keys.hotlineTickets(), id] as const,
  /** Outside hotlineTickets(): the live stream's ticket changes do not refetch the requester's personal data. */
  ticketRequester: (id: string) => ['ticket-requester', id] as const,
}

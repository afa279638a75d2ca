import { type CommandServiceDeps, commandService, storedRowUnreadable } from '@onewindow/service-kit'
import type { CommandDeps } from './commands.js'
import { ratingRoutes } from './routes/ratings.js'
import { drawingReviewRoutes, taskRoutes } from './routes/tasks.js'

export type ApprovalDeps = CommandServiceDeps<CommandDeps>

/** The approval service's `buildApp(deps, opts)`; workers and closers come in `opts`. Never listens. */
export const buildApp = commandService<CommandDeps>({
  name: 'approval',
  description:
    '并联审批: department tasks, clocks, 补正 (also by the step lead), 告知承诺 verification, step decisions',
  callerCode: 'APPROVAL_ACTOR_REQUIRED',
  errorCodes: {
    // A stored row of this service that does not read (damage, not the caller's): named by kind and id, any route.
    APPROVAL_STORED_ROW_UNREADABLE: 500,
    APPROVAL_ACTOR_REQUIRED: 401,
    APPROVAL_NOT_YOUR_DEPARTMENT: 403,
    APPROVAL_NOT_THE_OWNER: 403,
    APPROVAL_HELPER_AUTHORITY_LAPSED: 409,
    APPROVAL_TASK_STATE_CONFLICT: 409,
    APPROVAL_SUPPLEMENT_ROUNDS_EXHAUSTED: 409,
    APPROVAL_TASK_PAUSES_EXHAUSTED: 409,
    APPROVAL_NOTICE_NOT_OPEN: 409,
    APPROVAL_SUPPLEMENT_INCOMPLETE: 422,
    APPROVAL_NOT_THE_LEAD: 403,
    APPROVAL_NOTICE_INVALID: 422,
    APPROVAL_NOT_COMMITTED: 409,
    APPROVAL_COMMITMENT_VERIFIED: 409,
    APPROVAL_VERIFICATION_INVALID: 422,
    // 容缺后补 (docs/legal-time.md#容缺后补-not-kept).
    APPROVAL_DEFICIENCY_NOT_OVERDUE: 409,
    APPROVAL_DEFICIENCY_FOUND: 409,
    // 整改 followed through (docs/legal-time.md#整改-followed-through).
    APPROVAL_RECTIFICATION_NOT_ORDERED: 409,
    APPROVAL_RECTIFICATION_AWAITING_REVIEW: 409,
    APPROVAL_RECTIFICATION_NOT_REPORTED: 409,
    APPROVAL_RECTIFICATION_REPORTS_EXHAUSTED: 409,
    APPROVAL_RECTIFICATION_DONE: 409,
    APPROVAL_RECTIFICATION_NOT_OVERDUE: 409,
    APPROVAL_RECTIFICATION_REVIEW_PENDING: 409,
    APPROVAL_RECTIFICATION_ESCALATED: 409,
    APPROVAL_RECTIFICATION_INVALID: 422,
    APPROVAL_SPECIAL_PROCEDURE_NOT_ALLOWED: 422,
    APPROVAL_EXTENSION_NOT_ALLOWED: 422,
    // 后续事项 for information (信息推送, docs/catalogue.md#follow-on-items-后续事项): received, never refused.
    APPROVAL_FOLLOW_ON_FOR_INFORMATION: 422,
    // 后续事项 with no application: no 补正, no 特别程序.
    APPROVAL_FOLLOW_ON_NO_APPLICATION: 422,
    APPROVAL_ALREADY_EXTENDED: 409,
    APPROVAL_STEP_EXTENSION_FORBIDDEN: 403,
    APPROVAL_STEP_NOT_FOUND: 404,
    APPROVAL_PROJECT_NOT_FOUND: 404,
    APPROVAL_STEP_DECIDED: 409,
    APPROVAL_WITHDRAWAL_FORBIDDEN: 403,
    APPROVAL_APPLICATION_WITHDRAWN: 409,
    APPROVAL_ALREADY_REVOKED: 409,
    // 督办 (docs/legal-time.md#督办).
    APPROVAL_NOT_SUPERVISOR: 403,
    APPROVAL_SUPERVISION_TASK_DECIDED: 409,
    APPROVAL_TOO_MANY_SUPERVISIONS: 409,
    APPROVAL_SUPERVISION_NOT_FOUND: 404,
    APPROVAL_SUPERVISION_ANSWERED: 409,
    // 好差评 (domain/rating.ts)
    APPROVAL_RATING_NOT_DECIDED: 409,
    APPROVAL_RATING_WINDOW_CLOSED: 409,
    APPROVAL_ALREADY_RATED: 409,
    APPROVAL_RATING_NO_FIX: 409,
    APPROVAL_RATING_REPLIED: 409,
    // 联合审图 (docs/shared-results.md).
    APPROVAL_DRAWING_REVIEW_STATE_CONFLICT: 409,
    APPROVAL_DRAWING_REVIEW_BODY_FIXED: 422,
    APPROVAL_COVERED_BY_DRAWING_REPORT: 422,
    // 用地清单 (docs/shared-results.md).
    APPROVAL_OUTSIDE_LAND_LIST: 422,
    // 指南之外无材料 (docs/approval.md).
    APPROVAL_MATERIAL_NOT_IN_GUIDE: 422,
  },
  damaged: storedRowUnreadable('APPROVAL_STORED_ROW_UNREADABLE'),
  routes: [taskRoutes, ratingRoutes, drawingReviewRoutes],
})

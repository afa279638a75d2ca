import { type CommandServiceDeps, commandService, storedRowUnreadable } from '@onewindow/service-kit'
import type { CommandDeps } from './commands.js'
import { caseRoutes } from './routes/cases.js'
import { qualityInspectionRoutes } from './routes/quality-inspections.js'
import { surveyRoutes } from './routes/surveys.js'

export type AcceptanceDeps = CommandServiceDeps<CommandDeps>

/** The acceptance service's `buildApp(deps, opts)`; workers and closers come in `opts`. Never listens. */
export const buildApp = commandService<CommandDeps>({
  name: 'acceptance',
  description: '联合验收: one application to the lead, one joint inspection, re-inspection of what failed, one opinion',
  callerCode: 'ACCEPTANCE_ACTOR_REQUIRED',
  errorCodes: {
    // A stored row of this service that does not read (damage, not the caller's): named by kind and id, any route.
    ACCEPTANCE_STORED_ROW_UNREADABLE: 500,
    ACCEPTANCE_ACTOR_REQUIRED: 401,
    ACCEPTANCE_NOT_THE_OWNER: 403,
    ACCEPTANCE_NOT_THE_LEAD: 403,
    ACCEPTANCE_NOT_A_PARTICIPANT: 403,
    ACCEPTANCE_NOT_THE_DEPARTMENT: 403,
    ACCEPTANCE_PERMIT_NOT_GRANTED: 409,
    ACCEPTANCE_PERMIT_PHASES_OUTSTANDING: 409,
    ACCEPTANCE_PART_PERMIT_NOT_GRANTED: 409,
    ACCEPTANCE_CASE_ALREADY_OPEN: 409,
    ACCEPTANCE_CASE_DECIDED: 409,
    ACCEPTANCE_NOTHING_PENDING: 409,
    ACCEPTANCE_ITEM_NOT_PENDING: 409,
    ACCEPTANCE_NOT_COMMITTED: 409,
    ACCEPTANCE_COMMITMENT_VERIFIED: 409,
    // 结果物 (domain/case.ts recordResult): after the pass, once per item.
    ACCEPTANCE_CASE_NOT_PASSED: 409,
    ACCEPTANCE_RESULT_RECORDED: 409,
    // 撤销 (domain/case.ts recordResult): a revoked pass takes no more results.
    ACCEPTANCE_PASS_REVOKED: 409,
    ACCEPTANCE_RESULT_INVALID: 422,
    ACCEPTANCE_NOT_CONFIGURED: 422,
    ACCEPTANCE_COMMITMENT_NOT_ALLOWED: 422,
    ACCEPTANCE_INSPECTION_INVALID: 422,
    ACCEPTANCE_ITEM_UNKNOWN: 422,
    ACCEPTANCE_DEFECTS_REQUIRED: 422,
    // 不通过 states its reasons (domain/case.ts refuseFailWithoutReasons).
    ACCEPTANCE_FAIL_REASONS_REQUIRED: 422,
    // 用地清单 (docs/shared-results.md): a defect's requirement outside the plot's land-condition list.
    ACCEPTANCE_OUTSIDE_LAND_LIST: 422,
    ACCEPTANCE_NOT_RECTIFYING: 422,
    ACCEPTANCE_VERIFICATION_INVALID: 422,
    // 整改 of a 告知承诺 breach followed through (docs/legal-time.md#整改-followed-through), as approval's.
    ACCEPTANCE_RECTIFICATION_NOT_ORDERED: 409,
    ACCEPTANCE_RECTIFICATION_AWAITING_REVIEW: 409,
    ACCEPTANCE_RECTIFICATION_NOT_REPORTED: 409,
    ACCEPTANCE_RECTIFICATION_REPORTS_EXHAUSTED: 409,
    ACCEPTANCE_RECTIFICATION_DONE: 409,
    ACCEPTANCE_RECTIFICATION_NOT_OVERDUE: 409,
    ACCEPTANCE_RECTIFICATION_REVIEW_PENDING: 409,
    ACCEPTANCE_RECTIFICATION_ESCALATED: 409,
    ACCEPTANCE_RECTIFICATION_INVALID: 422,
    ACCEPTANCE_COMMITMENT_BARRED: 422,
    // 失信 (004:2235): an owner on intake's dishonesty list may not choose 告知承诺 (domain/case.ts openCase).
    ACCEPTANCE_OWNER_ON_DISHONESTY_LIST: 422,
    // 多测合一 (docs/shared-results.md).
    ACCEPTANCE_SURVEY_EXEMPT: 422,
    ACCEPTANCE_SURVEY_ALREADY_COMMISSIONED: 409,
    ACCEPTANCE_SURVEY_PART_ALREADY_COMMISSIONED: 409,
    ACCEPTANCE_SURVEY_PART_NOT_COMPLETION: 422,
    ACCEPTANCE_SURVEY_COMPLETED: 409,
    ACCEPTANCE_SURVEY_RESULTS_INVALID: 422,
    // 工程质量安全监督 双随机、一公开 (docs/quality-supervision.md, 004:1856).
    ACCEPTANCE_NOT_THE_SUPERVISION_BODY: 403,
    ACCEPTANCE_NOT_AN_ASSIGNED_INSPECTOR: 403,
    ACCEPTANCE_QUALITY_INSPECTION_RECORDED: 409,
    ACCEPTANCE_QUALITY_NOTHING_TO_DRAW: 409,
    ACCEPTANCE_QUALITY_NOT_OWN_SEAT: 403,
    ACCEPTANCE_QUALITY_POOL_EXHAUSTED: 409,
    ACCEPTANCE_QUALITY_POOL_INVALID: 422,
    ACCEPTANCE_QUALITY_POOL_NOT_KEPT: 409,
    ACCEPTANCE_QUALITY_REASSIGNMENT_INVALID: 422,
    ACCEPTANCE_QUALITY_RESULT_INVALID: 422,
    ACCEPTANCE_QUALITY_SEAT_REASSIGNED: 409,
  },
  damaged: storedRowUnreadable('ACCEPTANCE_STORED_ROW_UNREADABLE'),
  routes: [caseRoutes, surveyRoutes, qualityInspectionRoutes],
})

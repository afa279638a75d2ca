import { type CommandServiceDeps, commandService } from '@onewindow/service-kit'
import type { CommandDeps } from './commands.js'
import { applicationRoutes } from './routes/applications.js'
import { assistedRoutes } from './routes/assisted.js'
import { bookingRoutes } from './routes/bookings.js'
import { catalogueRoutes } from './routes/catalogue.js'
import { dishonestOwnerRoutes } from './routes/dishonest-owners.js'
import { landRoutes } from './routes/land.js'
import { projectRoutes } from './routes/projects.js'
import { unreadableProblem } from './routes/unreadable.js'

/** What intake's app is given: its routes, consumer and job reach the database and outbox only through commands. */
export type IntakeDeps = CommandServiceDeps<CommandDeps>

/** Intake's `buildApp(deps, opts)`; workers and closers come in `opts`. Never listens. */
export const buildApp = commandService<CommandDeps>({
  name: 'intake',
  description: '一窗受理: projects, applications, 容缺 and 告知承诺',
  // Codes not listed answer 422 (a refusal of an understood request); `*_NOT_FOUND` answers 404.
  callerCode: 'INTAKE_ACTOR_MISSING',
  errorCodes: {
    INTAKE_PROJECT_CODE_TAKEN: 409,
    INTAKE_APPLICATION_ALREADY_OPEN: 409,
    INTAKE_STEP_OUT_OF_ORDER: 409,
    INTAKE_STEP_ALREADY_APPROVED: 409,
    INTAKE_STEP_SKIPPED: 409,
    INTAKE_STEP_EXEMPT: 409,
    // 分阶段办理: an unknown phase is the request's (422); the others wait for a phase to be approved.
    INTAKE_PHASE_OUT_OF_ORDER: 409,
    INTAKE_PHASE_ALREADY_APPROVED: 409,
    INTAKE_PHASE_REQUIRED: 409,
    // 按照单位工程办理: a part on a step that takes none, or with a phase, is the request's (422); an approved one is done.
    INTAKE_PART_NOT_ALLOWED: 422,
    INTAKE_PART_WITH_PHASE: 422,
    INTAKE_PART_ALREADY_APPROVED: 409,
    // Never a state to wait out: the step is applied for elsewhere (joint acceptance) or not at all (registration).
    INTAKE_STEP_NOT_AT_WINDOW: 422,
    INTAKE_NOTHING_OWED: 409,
    INTAKE_APPLICATION_CLOSED: 409,
    INTAKE_RECEIPT_ALREADY_DECIDED: 409,
    INTAKE_REFUSAL_INVALID: 422,
    // 结果送达 (docs/intake.md#result-delivery).
    INTAKE_DELIVERY_CHOICE_INVALID: 422,
    INTAKE_DELIVERY_INVALID: 422,
    INTAKE_DELIVERY_NOT_DUE: 409,
    INTAKE_DELIVERY_OUT_OF_ORDER: 409,
    INTAKE_DELIVERY_WRONG_MODE: 409,
    INTAKE_RECEIPT_ALREADY_NOTIFIED: 409,
    INTAKE_RECEIPT_NOTICE_LATE: 409,
    INTAKE_RECEIPT_NOT_NOTIFIED: 409,
    INTAKE_CREDIT_CODE_INVALID: 422,
    INTAKE_PROJECT_TYPE_UNKNOWN: 422,
    INTAKE_PROJECT_TYPE_EXEMPT: 422,
    INTAKE_PROJECT_NOT_ELIGIBLE: 422,
    INTAKE_REGION_UNKNOWN: 422,
    INTAKE_APPLICATION_INCOMPLETE: 422,
    INTAKE_MATERIAL_NOT_OWED: 422,
    INTAKE_CALENDAR_INVALID: 422,
    INTAKE_CALENDAR_CONFLICT: 409,
    INTAKE_ACTOR_MISSING: 401,
    INTAKE_ROLE_FORBIDDEN: 403,
    INTAKE_NOT_YOUR_PROJECT: 403,
    INTAKE_CATALOGUE_INVALID: 422,
    INTAKE_CATALOGUE_VERSION_TAKEN: 409,
    INTAKE_CATALOGUE_ALREADY_ACTIVATED: 409,
    INTAKE_CATALOGUE_DATE_TAKEN: 409,
    INTAKE_CATALOGUE_ACTIVE_FROM_PAST: 422,
    // A stored row that a read or a command's answer stands on and that does not read: damage, not the caller's
    // (routes/unreadable.ts).
    INTAKE_APPLICATION_UNREADABLE: 500,
    INTAKE_PROJECT_UNREADABLE: 500,
    INTAKE_ASSIST_CASE_UNREADABLE: 500,
    INTAKE_STORED_ROW_UNREADABLE: 500,
    // 帮办代办 and 中介服务 (docs/assisted-service.md).
    INTAKE_ASSIST_NOT_ELIGIBLE: 422,
    INTAKE_ASSIST_STAGE_UNKNOWN: 422,
    INTAKE_ASSIST_CASE_EXISTS: 409,
    INTAKE_ASSIST_STAGE_NOT_COVERED: 403,
    INTAKE_ASSIST_NOT_ASSIGNED: 403,
    INTAKE_ASSIST_VISIT_LIMIT: 409,
    INTAKE_ASSIST_VISIT_RECORDED: 409,
    INTAKE_ASSIST_CASE_CLOSED: 409,
    INTAKE_ASSIST_ANSWER_IN_FLIGHT: 409,
    // A grant stored as lapsing at no instant holds a close back until it is repaired: damage, not the caller's.
    INTAKE_ASSIST_GRANT_UNREADABLE: 500,
    INTAKE_INTERMEDIARY_UNKNOWN: 422,
    INTAKE_INTERMEDIARY_COVERED_BY_AREA: 422,
    INTAKE_INTERMEDIARY_ALREADY_CHOSEN: 409,
    INTAKE_INTERMEDIARY_DELIVERED: 409,
    // 区域评估 and 用地清单 (docs/shared-results.md).
    INTAKE_AREA_INVALID: 422,
    INTAKE_PLOT_INVALID: 422,
    INTAKE_AREA_CODE_TAKEN: 409,
    INTAKE_PLOT_CODE_TAKEN: 409,
    INTAKE_LAND_REGION_MISMATCH: 422,
    INTAKE_LAND_ALREADY_LINKED: 409,
    // 网上预约 (docs/intake.md#booking-the-window-网上预约): a day or slot the window cannot take is the request's; a full
    // slot, a step already booked, a booking no longer booked or not yet due wait on a state.
    INTAKE_BOOKING_DAY_INVALID: 422,
    INTAKE_BOOKING_DAY_OUT_OF_RANGE: 422,
    INTAKE_BOOKING_DAY_NOT_WORKING: 422,
    INTAKE_BOOKING_SLOT_PASSED: 422,
    INTAKE_BOOKING_SLOT_FULL: 409,
    INTAKE_BOOKING_EXISTS: 409,
    INTAKE_BOOKING_CLOSED: 409,
    INTAKE_BOOKING_NOT_DUE: 409,
    INTAKE_BOOKED_REFUSAL_REASON_REQUIRED: 422,
  },
  routes: [
    projectRoutes,
    applicationRoutes,
    dishonestOwnerRoutes,
    catalogueRoutes,
    assistedRoutes,
    landRoutes,
    bookingRoutes,
  ],
  // A stored application, project or 帮办代办 case that does not read: 500 naming it, on every route.
  damaged: unreadableProblem,
})

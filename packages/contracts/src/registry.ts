import { acceptanceEvents } from './acceptance/events.js'
// 工程质量安全监督 双随机、一公开 (docs/quality-supervision.md).
import { qualityInspectionEvents } from './acceptance/quality-inspection.js'
import { approvalClockEvents } from './approval/clocks.js'
// 好差评 ratings of approvals (issue 17 part 6).
import { ratingEvents } from './approval/rating.js'
import {
  ApplicationWithdrawnV1,
  StepClockOverdueV1,
  StepClockWarnedV1,
  StepDecidedV1,
  StepExtendedV1,
  StepLeadAlertedV1,
  StepTasksAssignedV1,
  SupplementNoticeIssuedV1,
  TaskAssignedV1,
  TaskClaimedV1,
  TaskClockOverdueV1,
  TaskClockPausedV1,
  TaskClockResumedV1,
  TaskClockWarnedV1,
  TaskCommitmentBreachedV1,
  TaskCommitmentKeptV1,
  TaskCommitmentOverdueV1,
  TaskDecidedV1,
  TaskDeficiencyOverdueV1,
  TaskExtendedV1,
  TaskRectificationOverdueV1,
  TaskRectificationReportedV1,
  TaskRectificationReviewedV1,
  TaskRevokedV1,
  TaskSpecialProcedureEndedV1,
  TaskSpecialProcedureStartedV1,
  TaskSupervisedV1,
  TaskSupervisionOverdueV1,
  TaskSupplementProvidedV1,
  TaskSupplementRequestedV1,
  TaskWithdrawnV1,
} from './approval/task.js'
import { assistedCaseEvents } from './assisted/assisted-service.js'
import { intermediaryEvents } from './assisted/intermediary.js'
import { auditAnchoredEvents } from './audit/events.js'
import { calendarEvents } from './calendar/events.js'
import type { EventDefinition } from './define-event.js'
import { hotlineEvents } from './hotline/events.js'
import { knowledgeEvents } from './hotline/knowledge.js'
import { noticeEvents } from './hotline/notices.js'
import { ApplicationAcceptedV1 } from './intake/application-accepted.js'
import { CertificateReleasedV1, DeficiencyCuredV1, DeficiencyOverdueV1 } from './intake/application-events.js'
import { bookingEvents } from './intake/booking.js'
import { CatalogueActivatedV1 } from './intake/catalogue-activated.js'
import { dishonestOwnerEvents } from './intake/dishonest-owner.js'
import { ProjectRegisteredV1 } from './intake/project-registered.js'
import {
  ApplicationReceiptAnsweredV1,
  ApplicationReceiptNoticedV1,
  ApplicationReceiptWithdrawnV1,
  ApplicationReceivedV1,
  ApplicationRefusedV1,
} from './intake/receipt.js'
import { resultDeliveryEvents } from './intake/result-delivery.js'
import { registrationEvents } from './registration/events.js'
import { certificateObjectionEvents } from './registration/objection.js'
// 联合审图 and 多测合一 (docs/shared-results.md).
import { drawingReviewEvents } from './shared-results/drawing-review.js'
import { landEvents } from './shared-results/land.js'
import { surveyEvents } from './shared-results/survey.js'
import { utilityEvents } from './utility/events.js'

/** Every event of the platform. A test checks names, uniqueness and descriptions; `pnpm asyncapi` documents them. */
export const registry: readonly EventDefinition[] = [
  ProjectRegisteredV1,
  ApplicationReceivedV1,
  ApplicationReceiptWithdrawnV1,
  ApplicationReceiptNoticedV1,
  ApplicationReceiptAnsweredV1,
  ApplicationRefusedV1,
  ApplicationAcceptedV1,
  DeficiencyCuredV1,
  DeficiencyOverdueV1,
  CertificateReleasedV1,
  // 结果送达 (docs/intake.md#result-delivery).
  ...resultDeliveryEvents,
  // 网上预约 (docs/intake.md#booking-the-window-网上预约).
  ...bookingEvents,
  CatalogueActivatedV1,
  // 失信名单 (docs/intake.md#the-dishonesty-list-失信).
  ...dishonestOwnerEvents,
  StepTasksAssignedV1,
  TaskAssignedV1,
  TaskClaimedV1,
  TaskSupplementRequestedV1,
  TaskSupplementProvidedV1,
  TaskSpecialProcedureStartedV1,
  TaskSpecialProcedureEndedV1,
  TaskDecidedV1,
  TaskExtendedV1,
  TaskClockWarnedV1,
  TaskClockOverdueV1,
  TaskClockPausedV1,
  TaskClockResumedV1,
  TaskCommitmentKeptV1,
  TaskCommitmentBreachedV1,
  TaskCommitmentOverdueV1,
  TaskDeficiencyOverdueV1,
  TaskRectificationReportedV1,
  TaskRectificationReviewedV1,
  TaskRectificationOverdueV1,
  StepLeadAlertedV1,
  SupplementNoticeIssuedV1,
  StepDecidedV1,
  StepExtendedV1,
  StepClockWarnedV1,
  StepClockOverdueV1,
  ...approvalClockEvents,
  TaskWithdrawnV1,
  ApplicationWithdrawnV1,
  TaskRevokedV1,
  TaskSupervisedV1,
  TaskSupervisionOverdueV1,
  ...acceptanceEvents,
  ...utilityEvents,
  ...registrationEvents,
  ...certificateObjectionEvents,
  ...auditAnchoredEvents,
  ...calendarEvents,
  ...ratingEvents,
  ...hotlineEvents,
  ...knowledgeEvents,
  ...noticeEvents,
  ...drawingReviewEvents,
  ...surveyEvents,
  // 帮办代办 and 中介服务 (docs/assisted-service.md).
  ...assistedCaseEvents,
  ...intermediaryEvents,
  ...landEvents,
  ...qualityInspectionEvents,
]

export const eventBySubject = (subject: string): EventDefinition | undefined =>
  registry.find((e) => e.subject === subject)

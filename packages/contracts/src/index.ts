export * from './acceptance/events.js'
export * from './acceptance/part.js'
export * from './acceptance/quality-inspection.js'
export * from './approval/clocks.js'
export { type NationalCode, nationalStates } from './approval/national-states.js'
// 好差评 ratings of approvals (issue 17 part 6).
export * from './approval/rating.js'
// 整改 of a finding followed through (docs/legal-time.md#整改-followed-through).
export * from './approval/rectification.js'
export {
  APPEAL_RIGHTS,
  ApplicationWithdrawnV1,
  assignmentsOf,
  breachFindingOf,
  breachRectificationOf,
  type CommitmentBar,
  commitmentBarOf,
  MAX_TASK_SUPERVISIONS,
  rectificationOf,
  type StepClockAlertV1,
  StepClockOverdueV1,
  StepClocks,
  StepClockWarnedV1,
  StepDecidedV1,
  StepExtendedV1,
  StepLeadAlertedV1,
  StepTasksAssignedV1,
  type SupervisionState,
  SupervisionTurn,
  SupplementNoticeIssuedV1,
  supervisionActOf,
  supervisionState,
  TaskAssignedV1,
  TaskClaimedV1,
  type TaskClockAlertV1,
  TaskClockOverdueV1,
  TaskClockPausedV1,
  TaskClockResumedV1,
  TaskClockWarnedV1,
  TaskCommitment,
  TaskCommitmentBreachedV1,
  TaskCommitmentKeptV1,
  TaskCommitmentOverdueV1,
  TaskDecidedV1,
  TaskDeficiency,
  TaskDeficiencyOverdueV1,
  type TaskEventBody,
  TaskExtendedV1,
  TaskFollowOnOf,
  type TaskRectificationEventV1,
  TaskRectificationOverdueV1,
  TaskRectificationReportedV1,
  TaskRectificationReviewedV1,
  TaskRevocation,
  TaskRevokedV1,
  TaskSnapshot,
  TaskSpecialProcedureEndedV1,
  TaskSpecialProcedureStartedV1,
  TaskStatus,
  TaskSupervisedV1,
  TaskSupervision,
  TaskSupervisionOverdueV1,
  TaskSupplementProvidedV1,
  TaskSupplementRequestedV1,
  TaskWithdrawnV1,
} from './approval/task.js'
export * from './assisted/assisted-service.js'
export * from './assisted/intermediary.js'
export { asyncApiDocument } from './asyncapi.js'
export * from './audit/events.js'
export * from './calendar/events.js'
export {
  defineEvent,
  type EventBody,
  type EventDefinition,
  type Producer,
  type Subject,
  validationErrors,
} from './define-event.js'
export * from './hotline/events.js'
// hotline knowledge base (知识库)
export * from './hotline/knowledge.js'
// 变动通报 and 故障通报 (第三十七、三十八条)
export * from './hotline/notices.js'
export * from './hotline/running-clocks.js'
export * from './http/acceptance.js'
export { Actor, ASSERTION_HEADER, aRole, isActor, Role, roleRefusal } from './http/actor.js'
export * from './http/admin.js'
export {
  DEFAULT_SUPERVISION_REPLY_W,
  LeadNoticeBody,
  RectificationEscalationBody,
  RectificationReportBody,
  RectificationReviewBody,
  RespondSupervisionBody,
  StepExtensionBody,
  SuperviseTaskBody,
  SupplementAnswerBody,
  TaskActionBody,
  TaskCommitmentBody,
  TaskDeficiencyFindingBody,
  WithdrawApplicationBody,
} from './http/approval.js'
export * from './http/hotline.js'
export {
  AcceptApplicationBody,
  OpenApplicationBody,
  ReceiptNoticeBody,
  RefuseApplicationBody,
  RegisterProjectBody,
  SubmitMaterialsBody,
  SubmittedMaterial,
  WithdrawReceiptBody,
} from './http/intake.js'
export * from './http/knowledge.js'
export * from './http/notices.js'
export * from './http/notification.js'
export { regionCovers, regionPrefix } from './http/region.js'
export * from './http/registration.js'
export * from './http/utility.js'
export {
  AcceptedItem,
  ApplicationAcceptedV1,
  FollowOnItem,
  MAX_FOLLOW_ON_CONDITIONS,
  MAX_FOLLOW_ONS,
  UtilityHookupNeed,
  WithheldFollowOn,
} from './intake/application-accepted.js'
export {
  CertificateReleasedV1,
  DeficiencyCuredV1,
  DeficiencyOverdueV1,
  NoticeLine,
} from './intake/application-events.js'
export {
  BOOKING_SLOT_HOURS,
  BOOKINGS_LIST_MAX,
  BookedRefusalReason,
  BookingAnswer,
  BookingAttendedV1,
  BookingBookedV1,
  BookingCancelledV1,
  BookingCursor,
  type BookingEventBody,
  BookingFact,
  BookingList,
  BookingMissedV1,
  BookingSlot,
  BookingState,
  BookingsQuery,
  BookingView,
  BookWindowBody,
  bookingEvents,
  CancelBookingBody,
  MissedBookingBody,
} from './intake/booking.js'
export { CatalogueActivatedV1, CataloguePin } from './intake/catalogue-activated.js'
export {
  DishonestOwnerDelistedV1,
  DishonestOwnerListedV1,
  dishonestOwnerEvents,
} from './intake/dishonest-owner.js'
export {
  AcceptanceProjectCopy,
  ProjectCopy,
  ProjectOwner,
  ProjectRegisteredV1,
  ProjectTitle,
  RegisteredFlowStep,
} from './intake/project-registered.js'
export {
  ApplicationReceipt,
  ApplicationReceiptAnsweredV1,
  ApplicationReceiptNoticedV1,
  ApplicationReceiptWithdrawnV1,
  ApplicationReceivedV1,
  ApplicationRefusedV1,
  OwedMaterial,
  OwedMaterials,
  ReceiptRefusalGround,
} from './intake/receipt.js'
export {
  ApplicationResultDeliveryV1,
  DELIVERY_DONE_STATES,
  DeliveryMode,
  DeliveryState,
  RecordDeliveryBody,
  ResultDelivery,
  ResultDeliveryChoice,
  resultDeliveryEvents,
} from './intake/result-delivery.js'
export {
  ApplicationContact,
  ClockAlerts,
  ClockExtension,
  ClockLimit,
  ClockSpec,
  DeclaredPhase,
  MAX_CONTACT_NAME,
  MAX_CONTACT_PHONE,
  MAX_PHASES,
  MAX_PHONE_NUMBER,
  PhoneNumber,
  SpecialProcedureLimit,
  StepPhase,
  SuspensionKindCode,
} from './intake/shared.js'
export * from './primitives.js'
export { canonicalCertificateBytes, certificateDigest } from './registration/canonical.js'
export * from './registration/events.js'
export * from './registration/objection.js'
export { eventBySubject, registry } from './registry.js'
// 联合审图 and 多测合一 (docs/shared-results.md).
export * from './shared-results/drawing-review.js'
// 区域评估 and 用地清单 (docs/shared-results.md).
export * from './shared-results/land.js'
export * from './shared-results/survey.js'
export * from './utility/events.js'

// The events whose largest body, computed from their schemas' bounds, is larger than NATS takes
// (packages/contracts/test/event-size.unit.test.ts), each with its worst case in bytes and why no bound was tightened
// so that it fits. None is left to chance: the outbox measures every event before it is written and refuses one larger
// than NATS takes (MESSAGING_EVENT_TOO_LARGE, 422, nothing written — packages/messaging/src/outbox.ts), so a listed
// event is one a request can be refused for, never one that is written and cannot leave. A bound widened on a listed
// event changes its worst case here and fails the test until this list is changed too, with a reason.

/**
 * The event carries its aggregate whole (a case, a task, a ticket, a request, a review, a survey: readers keep the
 * newest version whatever the order they get them in), and the aggregate gathers over its life lists of what people
 * write — defects, findings, 整改 reports, conditions, replies — each list and each text held to what one request may
 * hold (MAX_LIST, MAX_TEXT). Each is at least its request's (a tighter one fails the command that writes it), so
 * none is tightened without refusing what one request may honestly hold; it is their product over many requests
 * that passes 1 MiB, and the outbox refuses the request that would make it so. Carrying less of the aggregate in
 * its events would fit them: a change of each event's contract, left to its owners.
 */
const AGGREGATE_WHOLE =
  'carries its aggregate whole, which gathers lists of written text over many requests, each held to one request’s bounds: relies on the outbox’s refusal'
/**
 * A step's or an application's event carries its tasks or items (up to MAX_LIST, a request's array bound), each with
 * what its department wrote; `step.tasks-assigned` carries each task whole. The catalogue bounds neither how many
 * items a step has nor how long a code is beyond 100 characters.
 */
const STEP_OF_TASKS =
  'carries a step’s or an application’s tasks or items, as many as a request or the catalogue may name: relies on the outbox’s refusal'
/** A project or a plot as registration and the land-condition list (用地清单) give it, every list at its request's bound. */
const PROJECT_AS_REGISTERED =
  'carries a project or plot with its lists at the registration request’s bounds: relies on the outbox’s refusal'
/**
 * An audit anchor carries up to AUDIT_ANCHOR_MAX_ENTRIES (200) entries as stored, whose texts have no schema bound
 * (event-bounds.unit's one exception: an anchor refused for one long field would stop anchoring). Each text is
 * bounded where it is written (an actor's `sub` ≤ 255, the rest by the service's own code), so 200 entries are far
 * below 1 MiB; were they not, the anchoring pass takes fewer entries per anchor (`anchorAuditOnce`), and one entry
 * alone over it fails the pass loudly, naming it — never the relay.
 */
const AUDIT_ENTRIES =
  'entries without a schema bound (event-bounds’ exception), bounded where written: relies on the outbox’s refusal'

export const WORST_CASE_OVER_THE_LIMIT: Record<string, { worst: number; why: string }> = {
  'permit.acceptance.audit.anchored.v1': { worst: Number.POSITIVE_INFINITY, why: AUDIT_ENTRIES },
  'permit.approval.audit.anchored.v1': { worst: Number.POSITIVE_INFINITY, why: AUDIT_ENTRIES },
  'permit.gateway.audit.anchored.v1': { worst: Number.POSITIVE_INFINITY, why: AUDIT_ENTRIES },
  'permit.hotline.audit.anchored.v1': { worst: Number.POSITIVE_INFINITY, why: AUDIT_ENTRIES },
  'permit.intake.audit.anchored.v1': { worst: Number.POSITIVE_INFINITY, why: AUDIT_ENTRIES },
  'permit.registration.audit.anchored.v1': { worst: Number.POSITIVE_INFINITY, why: AUDIT_ENTRIES },
  'permit.utility.audit.anchored.v1': { worst: Number.POSITIVE_INFINITY, why: AUDIT_ENTRIES },
  'permit.approval.application.withdrawn.v1': { worst: 1_290_644, why: STEP_OF_TASKS },
  'permit.approval.flow.clock-changed.v1': { worst: 26_025_470, why: STEP_OF_TASKS },
  'permit.approval.step.clocks-changed.v1': { worst: 51_905_803, why: STEP_OF_TASKS },
  'permit.approval.step.decided.v1': { worst: 613_484_657, why: STEP_OF_TASKS },
  'permit.approval.step.extended.v1': { worst: 51_907_549, why: STEP_OF_TASKS },
  'permit.approval.step.lead-alerted.v1': { worst: 13_635_691_474, why: STEP_OF_TASKS },
  'permit.approval.step.tasks-assigned.v1': { worst: 13_635_688_814_727, why: STEP_OF_TASKS },
  'permit.approval.supplement-notice.issued.v1': { worst: 616_331_701, why: STEP_OF_TASKS },
  'permit.intake.application.accepted.v1': { worst: 199_143_721, why: STEP_OF_TASKS },
  'permit.intake.plot.published.v1': { worst: 1_899_744, why: PROJECT_AS_REGISTERED },
  'permit.intake.project.plot-linked.v1': { worst: 1_899_839, why: PROJECT_AS_REGISTERED },
  'permit.intake.project.registered.v1': { worst: 3_829_625_816, why: PROJECT_AS_REGISTERED },
  'permit.acceptance.case.clock-overdue.v1': { worst: 51_113_946_768, why: AGGREGATE_WHOLE },
  'permit.acceptance.case.clock-warned.v1': { worst: 51_113_946_768, why: AGGREGATE_WHOLE },
  'permit.acceptance.case.commitment-breached.v1': { worst: 51_113_947_357, why: AGGREGATE_WHOLE },
  'permit.acceptance.case.commitment-kept.v1': { worst: 51_113_947_357, why: AGGREGATE_WHOLE },
  'permit.acceptance.case.commitment-overdue.v1': { worst: 51_113_947_357, why: AGGREGATE_WHOLE },
  'permit.acceptance.case.commitment-rectification-escalated.v1': { worst: 51_113_947_357, why: AGGREGATE_WHOLE },
  'permit.acceptance.case.commitment-rectification-overdue.v1': { worst: 51_113_947_357, why: AGGREGATE_WHOLE },
  'permit.acceptance.case.commitment-rectification-reported.v1': { worst: 51_113_947_357, why: AGGREGATE_WHOLE },
  'permit.acceptance.case.commitment-rectification-reviewed.v1': { worst: 51_113_947_357, why: AGGREGATE_WHOLE },
  'permit.acceptance.case.failed.v1': { worst: 51_113_946_747, why: AGGREGATE_WHOLE },
  'permit.acceptance.case.filing-issued.v1': { worst: 51_113_946_747, why: AGGREGATE_WHOLE },
  'permit.acceptance.case.inspection-scheduled.v1': { worst: 51_113_946_747, why: AGGREGATE_WHOLE },
  'permit.acceptance.case.opinion-recorded.v1': { worst: 51_113_946_747, why: AGGREGATE_WHOLE },
  'permit.acceptance.case.pass-revoked.v1': { worst: 51_113_947_357, why: AGGREGATE_WHOLE },
  'permit.acceptance.case.passed.v1': { worst: 51_113_946_747, why: AGGREGATE_WHOLE },
  'permit.acceptance.case.rectification-submitted.v1': { worst: 51_113_946_747, why: AGGREGATE_WHOLE },
  'permit.acceptance.case.result-recorded.v1': { worst: 51_113_947_357, why: AGGREGATE_WHOLE },
  'permit.acceptance.case.started.v1': { worst: 51_113_946_747, why: AGGREGATE_WHOLE },
  'permit.acceptance.quality-inspection.assigned.v1': { worst: 1_119_897, why: AGGREGATE_WHOLE },
  'permit.acceptance.quality-inspection.reassigned.v1': { worst: 1_119_897, why: AGGREGATE_WHOLE },
  'permit.acceptance.quality-inspection.recorded.v1': { worst: 1_119_897, why: AGGREGATE_WHOLE },
  'permit.approval.drawing-review.clock-overdue.v1': { worst: 26_558_488_465, why: AGGREGATE_WHOLE },
  'permit.approval.drawing-review.clock-warned.v1': { worst: 26_558_488_465, why: AGGREGATE_WHOLE },
  'permit.approval.drawing-review.commented.v1': { worst: 26_558_488_465, why: AGGREGATE_WHOLE },
  'permit.approval.drawing-review.relied-on.v1': { worst: 26_558_488_465, why: AGGREGATE_WHOLE },
  'permit.approval.drawing-review.report-issued.v1': { worst: 26_558_488_465, why: AGGREGATE_WHOLE },
  'permit.approval.drawing-review.submitted.v1': { worst: 26_558_488_465, why: AGGREGATE_WHOLE },
  'permit.approval.task.assigned.v1': { worst: 13_635_702_643, why: AGGREGATE_WHOLE },
  'permit.approval.task.claimed.v1': { worst: 13_635_702_643, why: AGGREGATE_WHOLE },
  'permit.approval.task.clock-overdue.v1': { worst: 13_635_690_864, why: AGGREGATE_WHOLE },
  'permit.approval.task.clock-paused.v1': { worst: 13_635_702_643, why: AGGREGATE_WHOLE },
  'permit.approval.task.clock-resumed.v1': { worst: 13_635_702_643, why: AGGREGATE_WHOLE },
  'permit.approval.task.clock-warned.v1': { worst: 13_635_690_864, why: AGGREGATE_WHOLE },
  'permit.approval.task.commitment-breached.v1': { worst: 13_635_703_346, why: AGGREGATE_WHOLE },
  'permit.approval.task.commitment-kept.v1': { worst: 13_635_702_643, why: AGGREGATE_WHOLE },
  'permit.approval.task.commitment-overdue.v1': { worst: 13_635_702_643, why: AGGREGATE_WHOLE },
  'permit.approval.task.decided.v1': { worst: 13_635_702_643, why: AGGREGATE_WHOLE },
  'permit.approval.task.deficiency-overdue.v1': { worst: 13_635_703_283, why: AGGREGATE_WHOLE },
  'permit.approval.task.extended.v1': { worst: 13_635_702_643, why: AGGREGATE_WHOLE },
  'permit.approval.task.rectification-overdue.v1': { worst: 13_635_703_272, why: AGGREGATE_WHOLE },
  'permit.approval.task.rectification-reported.v1': { worst: 13_635_703_272, why: AGGREGATE_WHOLE },
  'permit.approval.task.rectification-reviewed.v1': { worst: 13_635_703_272, why: AGGREGATE_WHOLE },
  'permit.approval.task.revoked.v1': { worst: 13_635_702_643, why: AGGREGATE_WHOLE },
  'permit.approval.task.special-procedure-ended.v1': { worst: 13_635_702_643, why: AGGREGATE_WHOLE },
  'permit.approval.task.special-procedure-started.v1': { worst: 13_635_702_643, why: AGGREGATE_WHOLE },
  'permit.approval.task.supervised.v1': { worst: 13_635_702_716, why: AGGREGATE_WHOLE },
  'permit.approval.task.supervision-overdue.v1': { worst: 13_635_702_719, why: AGGREGATE_WHOLE },
  'permit.approval.task.supplement-provided.v1': { worst: 13_635_702_643, why: AGGREGATE_WHOLE },
  'permit.approval.task.supplement-requested.v1': { worst: 13_635_702_643, why: AGGREGATE_WHOLE },
  'permit.approval.task.withdrawn.v1': { worst: 13_635_702_643, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.accepted.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.closed.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.contributed.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.dispatched.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.due-moved.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.duty-statement.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.extended.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.hard.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.information-added.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.long-term.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.overdue.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.rated.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.reception-rated.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.rectification-letter-answered.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.rectification-letter-issued.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.referred.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.registered.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.rehandling-opened.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.replied.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.restarted.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.return-decided.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.return-visited.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.returned.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.reviewed.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.supervised.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.supplement-requested.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.warned.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.hotline.ticket.withdrawn.v1': { worst: 732_062_852, why: AGGREGATE_WHOLE },
  'permit.intake.assisted-case.acted.v1': { worst: 4_419_267, why: AGGREGATE_WHOLE },
  'permit.intake.assisted-case.closed.v1': { worst: 4_419_267, why: AGGREGATE_WHOLE },
  'permit.intake.assisted-case.opened.v1': { worst: 4_419_267, why: AGGREGATE_WHOLE },
  'permit.intake.assisted-case.visit-due.v1': { worst: 4_419_267, why: AGGREGATE_WHOLE },
  'permit.intake.assisted-case.visit-recorded.v1': { worst: 4_419_267, why: AGGREGATE_WHOLE },
  'permit.intake.assisted-case.visit-scheduled.v1': { worst: 4_419_267, why: AGGREGATE_WHOLE },
  'permit.intake.intermediary.delivered.v1': { worst: 26_006_363, why: AGGREGATE_WHOLE },
  'permit.intake.intermediary.engaged.v1': { worst: 26_006_363, why: AGGREGATE_WHOLE },
  'permit.intake.intermediary.overdue.v1': { worst: 26_006_363, why: AGGREGATE_WHOLE },
  'permit.registration.case.acceptance-results-updated.v1': { worst: 38_090_187, why: AGGREGATE_WHOLE },
  'permit.registration.case.clock-overdue.v1': { worst: 38_090_208, why: AGGREGATE_WHOLE },
  'permit.registration.case.clock-warned.v1': { worst: 38_090_208, why: AGGREGATE_WHOLE },
  'permit.registration.case.completed.v1': { worst: 38_090_187, why: AGGREGATE_WHOLE },
  'permit.registration.case.opened.v1': { worst: 38_090_187, why: AGGREGATE_WHOLE },
  'permit.registration.case.pre-survey-passed.v1': { worst: 38_090_187, why: AGGREGATE_WHOLE },
  'permit.registration.case.pre-survey-started.v1': { worst: 38_090_187, why: AGGREGATE_WHOLE },
  'permit.registration.issue-clock.overdue.v1': { worst: 25_953_367, why: AGGREGATE_WHOLE },
  'permit.registration.issue-clock.started.v1': { worst: 25_953_346, why: AGGREGATE_WHOLE },
  'permit.registration.issue-clock.stopped.v1': { worst: 25_953_346, why: AGGREGATE_WHOLE },
  'permit.registration.issue-clock.warned.v1': { worst: 25_953_367, why: AGGREGATE_WHOLE },
  'permit.utility.joint-survey.cancelled.v1': { worst: 2_662_352_142, why: AGGREGATE_WHOLE },
  'permit.utility.joint-survey.confirmed.v1': { worst: 2_662_349_220, why: AGGREGATE_WHOLE },
  'permit.utility.joint-survey.proposed.v1': { worst: 2_662_349_083, why: AGGREGATE_WHOLE },
  'permit.utility.request.advanced.v1': { worst: 53_260_899, why: AGGREGATE_WHOLE },
  'permit.utility.request.connected.v1': { worst: 53_260_609, why: AGGREGATE_WHOLE },
  'permit.utility.request.opened.v1': { worst: 53_260_609, why: AGGREGATE_WHOLE },
  'permit.utility.request.permits-clock-overdue.v1': { worst: 53_260_630, why: AGGREGATE_WHOLE },
  'permit.utility.request.permits-clock-warned.v1': { worst: 53_260_630, why: AGGREGATE_WHOLE },
  'permit.utility.request.restoration-declared.v1': { worst: 53_260_609, why: AGGREGATE_WHOLE },
  'permit.utility.request.restoration-reviewed.v1': { worst: 53_260_609, why: AGGREGATE_WHOLE },
  'permit.utility.request.works-plan-pushed.v1': { worst: 53_260_609, why: AGGREGATE_WHOLE },
}

// Bounds the console shows from packages/contracts, written here rather than imported: importing the contracts package
// would bundle every schema into the page. test/bounds.unit.test.ts fails when one differs from the contract's.

/** The most notices of each kind `GET /api/v1/hotline/notices` answers (contracts' NOTICE_LIST_MAX). */
export const NOTICE_LIST_MAX = 20

/**
 * The largest value of each measure of a hookup's outside line the combined form may name (contracts'
 * UTILITY_LINE_MAXIMA, which intake reads `form.utilities` against); every measure is at least 0.
 */
export const UTILITY_LINE_MAXIMA = {
  lengthM: 1_000_000,
  diameterMm: 100_000,
  greenSpaceM2: 100_000_000,
  voltageKv: 1100,
  newChannelLengthM: 1_000_000,
} as const

/**
 * 联合踏勘: the longest time of day, place, contact and cancellation reason (contracts' MAX_SURVEY_TIME,
 * MAX_SURVEY_PLACE, MAX_SURVEY_CONTACT, MAX_SURVEY_CANCEL_REASON).
 */
export const JOINT_SURVEY_MAXIMA = { time: 50, place: 200, contact: 100, cancelReason: 500 } as const

/**
 * 申请联系人 of the desk's form: the longest the acceptance event carries to the hookups' providers (contracts'
 * MAX_CONTACT_NAME). Its 联系电话 is a phone number as the result-delivery phone is: {@link DELIVERY_BOUNDS}`.phone`.
 */
export const APPLICATION_CONTACT_MAXIMA = { name: 100 } as const

/**
 * 结果送达: the longest 签收人, recipient, address and phone, and the patterns of a phone and a carrier's tracking
 * number (contracts' RecordDeliveryBody and ResultDeliveryChoice).
 */
export const DELIVERY_BOUNDS = {
  signer: 100,
  recipient: 100,
  address: 500,
  phone: { maxLength: 25, pattern: '^\\+?[0-9][0-9 -]{4,24}$' },
  trackingNumber: { maxLength: 40, pattern: '^[A-Za-z0-9-]{4,40}$' },
} as const

/**
 * 督办 of an approval task: the longest 督办意见 and 督办回复, and the reply-by limit in working days a supervisor may
 * name, with the one the gateway counts when none is named (contracts' SuperviseTaskBody, RespondSupervisionBody,
 * DEFAULT_SUPERVISION_REPLY_W).
 */
export const SUPERVISION_BOUNDS = {
  note: 2000,
  response: 4000,
  replyWithin: { min: 1, max: 30, default: 5 },
} as const

/** 失信名单: the longest reason an owner is listed for (contracts' ListDishonestOwnerBody). */
export const DISHONEST_OWNER_MAXIMA = { reason: 500 } as const

/**
 * 告知承诺免审批: the longest commitment, and a pushed plan's longest reference and description (contracts'
 * WorksPlanInput).
 */
export const WORKS_PLAN_MAXIMA = { commitment: 1000, reference: 100, description: 500 } as const

/**
 * A department's decision on an outside-line permit: the longest 文号 and 不予许可理由 (contracts' MAX_DOCUMENT_NO and
 * the reason of DepartmentPermitDecisionBody and of UtilityActionBody's `permit-refused`).
 */
export const PERMIT_DECISION_MAXIMA = { documentNo: 50, reason: 2000 } as const

/**
 * 容缺受理 of an outside-line permit: the most materials one acceptance names (and one supply hands in), and the longest
 * name of each (contracts' MAX_PERMIT_DEFICIENCIES, MAX_PERMIT_MATERIAL_NAME).
 */
export const PERMIT_DEFICIENCY_BOUNDS = { materials: 10, name: 100 } as const

/** 结果物 of a joint acceptance: the longest name and number of the document (contracts' RecordResultBody). */
export const ACCEPTANCE_RESULT_MAXIMA = { name: 200, number: 200 } as const

/**
 * 证照异议: the longest reason, the most evidence references and the longest of each, the longest finding (contracts'
 * RaiseObjectionBody, OBJECTION_EVIDENCE_MAX, AnswerObjectionBody).
 */
export const OBJECTION_BOUNDS = { reason: 2000, evidence: 20, evidenceRef: 300, finding: 2000 } as const

/** The utilities a hookup may be asked of: departments.ts keeps the one list, with their names. */
export { UTILITY_PROVIDERS } from './departments'

/**
 * A breach of the owner's promise (告知承诺事后核查, 容缺后补核查): the most findings and the longest of each
 * (contracts' TaskCommitmentBody, TaskDeficiencyFindingBody and VerifyCommitmentBody, the same for all three).
 */
export const BREACH_BOUNDS = { findings: 100, finding: 2000 } as const

/**
 * The window's half-day slots, Shanghai time (contracts' BOOKING_SLOT_HOURS, intake books them): imported, that one
 * constant would bring the contracts into the booking card's chunk, 58.2 KB gzipped more (15.9 → 74.0 KB; 33.4 KB
 * through its module's own path), measured on the built console on 2026-12-07.
 */
export const BOOKING_SLOT_HOURS = {
  am: { from: '09:00', to: '12:00' },
  pm: { from: '14:00', to: '17:30' },
} as const

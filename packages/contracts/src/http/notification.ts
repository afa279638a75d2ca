// HTTP bodies of services/notification's internal routes, shared with the gateway.
import { type Static, Type } from 'typebox'
import { Instant, Uuid } from '../primitives.js'

const strict = { additionalProperties: false } as const

/** How a party is told: 短信 through the SMS gateway, 电子邮件 by SMTP, or 站内 only (kept in the console's list). */
export const NotificationChannel = Type.Union([Type.Literal('sms'), Type.Literal('email'), Type.Literal('log')])
export type NotificationChannel = Static<typeof NotificationChannel>

/** A time of day in Asia/Shanghai, `HH:MM`, 00:00–23:59. */
export const TimeOfDay = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM, Asia/Shanghai' })

/** 免打扰 — from `from` to `to` (wrapping midnight when `to` is earlier); SMS and e-mail wait until it ends. */
export const QuietHours = Type.Object({ from: TimeOfDay, to: TimeOfDay }, strict)

/** A mainland mobile number: 11 digits starting 1[3-9]. */
export const MobilePhone = Type.String({ pattern: '^1[3-9]\\d{9}$', description: 'mainland mobile number, 11 digits' })

/** An e-mail address: one `@`, a dotted domain, at most 254 characters (RFC 5321's path limit). */
export const EmailAddress = Type.String({
  maxLength: 254,
  pattern: '^[^\\s@]{1,64}@[^\\s@]+\\.[^\\s@]+$',
  description: 'e-mail address',
})

/** PUT /preferences — the caller's own party's preferences, whole. */
export const NotificationPreferencesBody = Type.Object(
  {
    channels: Type.Array(NotificationChannel, { minItems: 1, maxItems: 3, uniqueItems: true }),
    quietHours: Type.Optional(QuietHours),
    phone: Type.Optional(MobilePhone),
    email: Type.Optional(EmailAddress),
  },
  strict,
)
export type NotificationPreferencesBody = Static<typeof NotificationPreferencesBody>

/**
 * PUT /preferences?office= — a shared office party whose preferences an admin sets: 监督 (`supervision`), the 12345
 * centre (`hotline-centre`), 不动产登记机构 (`registration`). Every member of an office reads its messages and none
 * leads it, so none of them may redirect the office's SMS and e-mail.
 */
export const NotificationOffice = Type.Union([
  Type.Literal('supervision'),
  Type.Literal('hotline-centre'),
  Type.Literal('registration'),
])
export type NotificationOffice = Static<typeof NotificationOffice>
export const NotificationOfficeQuery = Type.Object({ office: Type.Optional(NotificationOffice) }, strict)

export const NotificationPreferences = Type.Object({
  party: Type.Object({
    // 监督 — the supervising office (督查) is one party: it is told of overdue 好差评 fix-and-reply loops. 热线中心 —
    // the 12345 centre (every `agent`) is one too: it is told when a department answers its knowledge-point feedback.
    // A utility provider (供水、供电 …, by its code: every staff `utility` of it) is told how its restoration was reviewed.
    // 不动产登记机构 — the registration office (every `registrar`) is one party: it is told of its first-registration cases.
    kind: Type.Union([
      Type.Literal('owner'),
      Type.Literal('department'),
      Type.Literal('supervisor'),
      Type.Literal('centre'),
      Type.Literal('provider'),
      Type.Literal('registrar'),
    ]),
    id: Type.String({ maxLength: 100 }),
  }),
  // What the body accepted is what is stored and answered: the same bounds.
  channels: NotificationPreferencesBody.properties.channels,
  quietHours: Type.Optional(QuietHours),
  phone: Type.Optional(MobilePhone),
  email: Type.Optional(EmailAddress),
  /** Absent while the party kept the defaults (站内 only, no quiet hours). */
  updatedAt: Type.Optional(Instant),
})
export type NotificationPreferences = Static<typeof NotificationPreferences>

export const NotificationPreferencesResponse = Type.Object({ preferences: NotificationPreferences })

export const NotificationMessageKind = Type.Union([
  Type.Literal('task-assigned'),
  Type.Literal('supplement-notice'),
  Type.Literal('clock-yellow'),
  Type.Literal('clock-red'),
  Type.Literal('step-decided'),
  Type.Literal('certificate-issued'),
  Type.Literal('commitment-due'),
  // 督办 of a task (docs/legal-time.md#督办): the department urged, the supervising office told of the answer.
  Type.Literal('task-supervised'),
  Type.Literal('task-supervision-answered'),
  Type.Literal('task-supervision-overdue'),
  // 整改 followed through (docs/legal-time.md#整改-followed-through): the finding's department told of the owner's report
  // and of 逾期未整改.
  Type.Literal('rectification-reported'),
  Type.Literal('rectification-overdue'),
  // 告知承诺免审批 of a low-risk outside line (docs/utility.md): its plans pushed to the departments that supervise it.
  Type.Literal('works-plan-pushed'),
  // 修复完成 declared (the pushed departments told, to review it) and 修复验收 given (the provider told what was said).
  Type.Literal('restoration-declared'),
  Type.Literal('restoration-reviewed'),
  // 联合验收 (docs/notifications.md#later-stages): the case opened for its departments' items, its on-site inspection
  // set, 整改 asked of the owner, passed, failed, its 竣工验收备案表 issued, its pass revoked (撤销).
  Type.Literal('acceptance-started'),
  Type.Literal('acceptance-inspection-scheduled'),
  Type.Literal('acceptance-rectify'),
  Type.Literal('acceptance-passed'),
  Type.Literal('acceptance-failed'),
  Type.Literal('acceptance-filing-issued'),
  Type.Literal('acceptance-pass-revoked'),
  // 报装 (docs/utility.md): a provider finished a step of the owner's hookup, or connected it.
  Type.Literal('utility-step-finished'),
  Type.Literal('utility-connected'),
  // 并联审批 (docs/utility.md#who-decides-a-permit): an outside-line permit applied (or applied again) to its department.
  Type.Literal('outside-line-permit-applied'),
  // 容缺受理 (docs/utility.md#容缺受理-acceptance-with-non-key-materials-missing): a department accepted the provider's
  // permit with materials missing; the provider is told what it owes.
  Type.Literal('outside-line-permit-accepted'),
  // 不动产首次登记 (docs/notifications.md#later-stages), told to the registration office: a case opened by itself
  // (验登合一), the acceptance results it rests on updated, the acceptance pass it rests on revoked (撤销).
  Type.Literal('registration-case-opened'),
  Type.Literal('registration-results-updated'),
  Type.Literal('registration-acceptance-revoked'),
  // A later stage's legal clock (docs/notifications.md#later-stages): 预警 (yellow) and 超时 (red) of joint acceptance's
  // case clock, the first registration's, the permits' issuing clock (发证时限) and the outside-line permits' clock,
  // told to the party whose clock it is and the owner, as approval's `clock-yellow`/`clock-red` are.
  Type.Literal('stage-clock-yellow'),
  Type.Literal('stage-clock-red'),
  // 注销 — a permit or property certificate revoked, told to its holder.
  Type.Literal('certificate-revoked'),
  // 证照异议 (004:1134): an objection raised, told to the issuing department; answered, told to the raising one.
  Type.Literal('certificate-objection-raised'),
  Type.Literal('certificate-objection-answered'),
  // 结果送达 (docs/intake.md#result-delivery): where the result is — at the window, online, posted.
  Type.Literal('result-delivery'),
  // 网上预约 未到 (docs/intake.md#booking-the-window-网上预约): the booked slot ended and the owner did not come.
  Type.Literal('booking-missed'),
  // 12345 热线工单 (docs/hotline.md) and 好差评 (docs/ratings.md).
  Type.Literal('ticket-dispatched'),
  Type.Literal('ticket-yellow'),
  Type.Literal('ticket-red'),
  Type.Literal('ticket-replied'),
  Type.Literal('ticket-rating-asked'),
  Type.Literal('ticket-extended'),
  Type.Literal('rating-fix-due'),
  Type.Literal('rating-replied'),
  Type.Literal('rating-fix-overdue'),
  // 知识点反馈 (docs/hotline.md#knowledge-base).
  Type.Literal('knowledge-feedback-raised'),
  Type.Literal('knowledge-feedback-answered'),
  Type.Literal('knowledge-feedback-overdue'),
  Type.Literal('knowledge-feedback-due-moved'),
  Type.Literal('knowledge-point-expiring'),
  Type.Literal('ticket-due-moved'),
  // 变动通报 and 故障通报 (docs/hotline.md#notices).
  Type.Literal('change-notice-filed'),
  Type.Literal('outage-reported'),
  Type.Literal('outage-overdue'),
])
export type NotificationMessageKind = Static<typeof NotificationMessageKind>

/**
 * The longest title and body a message may have, in characters. The notifier's templates keep within them (a 补正
 * list names at most `NOTIFICATION_MATERIALS_SHOWN` materials and counts the rest; anything longer is cut with `…`),
 * so an SMS stays a few segments and a list page of 100 stays small whatever an event carried.
 */
export const NOTIFICATION_TITLE_MAX = 40
export const NOTIFICATION_BODY_MAX = 500
export const NOTIFICATION_MATERIALS_SHOWN = 10

export const NotificationMessage = Type.Object({
  id: Uuid,
  kind: NotificationMessageKind,
  projectId: Type.Optional(Uuid),
  channel: NotificationChannel,
  title: Type.String({ maxLength: NOTIFICATION_TITLE_MAX, description: 'Chinese, at most 40 characters' }),
  body: Type.String({
    maxLength: NOTIFICATION_BODY_MAX,
    description:
      'Chinese, at most 500 characters; a 补正 notice lists at most 10 materials and counts the rest (等 N 项); longer text is cut with …',
  }),
  createdAt: Instant,
  /** When it may go out: later than `createdAt` when it waits for the end of quiet hours. */
  dueAt: Instant,
  status: Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]),
  attempts: Type.Integer({ minimum: 0 }),
  sentAt: Type.Optional(Instant),
})
export type NotificationMessage = Static<typeof NotificationMessage>

/** GET /messages — newest first; `before` is the last id of the previous page. */
export const NotificationMessageListQuery = Type.Object(
  {
    before: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  strict,
)
export const NotificationMessageListResponse = Type.Object({
  messages: Type.Array(NotificationMessage, { maxItems: 100 }),
  /** The `before` of the next page; absent on the last. */
  next: Type.Optional(Uuid),
})

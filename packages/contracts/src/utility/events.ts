import { Type } from 'typebox'
import { defineEvent, type EventBody } from '../define-event.js'
import { ClockSpec } from '../intake/shared.js'
import { Instant, Uuid } from '../primitives.js'

export const UtilityProvider = Type.Union([
  Type.Literal('water'),
  Type.Literal('power'),
  Type.Literal('gas'),
  Type.Literal('drainage'),
  Type.Literal('telecom'),
])

export const UtilityStage = Type.Union([
  Type.Literal('survey'),
  Type.Literal('plan'),
  Type.Literal('outside-line-permits'),
  Type.Literal('construction'),
  Type.Literal('awaiting-acceptance'),
  Type.Literal('connected'),
])

/** An outside-line works permit (占掘路 / 绿化 / 涉路), or its filing when the line is under the low-risk thresholds. */
export const OutsideLinePermit = Type.Object({
  kind: Type.Union([Type.Literal('road-excavation'), Type.Literal('green-space'), Type.Literal('road-related')]),
  status: Type.Union([Type.Literal('filed'), Type.Literal('requested'), Type.Literal('granted')]),
})

/** A hookup request (报装) of one provider as it stands after the event, carried whole with a version. */
export const UtilityRequestSnapshot = Type.Object({
  requestId: Uuid,
  projectId: Uuid,
  applicationId: Uuid,
  provider: UtilityProvider,
  stage: UtilityStage,
  /** Under the thresholds (water/gas/drainage ≤ 500 m and ≤ DN200, green space ≤ 200 m²; power 380 V, or 10/20 kV with no new channel): filed, no permit. */
  lowRisk: Type.Boolean(),
  line: Type.Object({
    lengthM: Type.Number({ minimum: 0 }),
    diameterMm: Type.Optional(Type.Number({ minimum: 0 })),
    greenSpaceM2: Type.Optional(Type.Number({ minimum: 0 })),
    voltageKv: Type.Optional(Type.Number({ minimum: 0 })),
    newChannel: Type.Optional(Type.Boolean()),
  }),
  permits: Type.Array(OutsideLinePermit),
  clock: Type.Optional(ClockSpec),
  /** Outside-line permits run in parallel within 3 W. */
  permitsClock: Type.Optional(ClockSpec),
  /** When the last outside-line permit was granted: the permits clock stopped then. */
  permitsDoneAt: Type.Optional(Instant),
  openedAt: Instant,
  connectedAt: Type.Optional(Instant),
  version: Type.Integer({ minimum: 1 }),
  updatedAt: Instant,
})

const requestEvent = <const S extends `permit.utility.request.${string}.v1`>(subject: S, description: string) =>
  defineEvent({
    subject,
    description,
    schema: Type.Object({
      request: UtilityRequestSnapshot,
      actor: Type.Optional(Type.String()),
      note: Type.Optional(Type.String()),
    }),
  })

export const UtilityRequestOpenedV1 = requestEvent(
  'permit.utility.request.opened.v1',
  '报装 opened by itself from the combined application at the construction-engineering permit step; the owner files nothing again.',
)
export const UtilityRequestAdvancedV1 = requestEvent(
  'permit.utility.request.advanced.v1',
  'The provider moved its request on: survey → connection plan → outside-line permits (or filing) → construction → awaiting acceptance.',
)
export const UtilityConnectedV1 = requestEvent(
  'permit.utility.request.connected.v1',
  'Connected: the provider finished and joint acceptance has passed.',
)
export type UtilityRequestEventBody = EventBody<typeof UtilityRequestOpenedV1>

export const utilityEvents = [UtilityRequestOpenedV1, UtilityRequestAdvancedV1, UtilityConnectedV1] as const

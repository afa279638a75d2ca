import { Type } from 'typebox'
import { WorksPart } from '../acceptance/part.js'
import { OnBehalfOf } from '../assisted/assisted-service.js'
import { defineEvent, type EventBody } from '../define-event.js'
import { Count, Instant, LegalDate, MaterialCode, StepCode, Uuid } from '../primitives.js'
import { StepPhase } from './shared.js'

/** One line of a 一次性告知 notice: a material or field that is missing or invalid, and why. */
export const NoticeLine = Type.Object({
  field: Type.String({ description: 'the form field or `materials/<code>`' }),
  code: Type.String(),
  message: Type.String(),
})

export const DeficiencyCuredV1 = defineEvent({
  subject: 'permit.intake.deficiency.cured.v1',
  description: '容缺 cured — the owner submitted a material that was accepted as owed.',
  schema: Type.Object({
    applicationId: Uuid,
    projectId: Uuid,
    material: MaterialCode,
    curedAt: Instant,
    curedOn: LegalDate,
    /** Deficiencies of the application still owed after this one. */
    remaining: Count(),
    /** 帮办代办: set when a case's helper handed it in for the owner (docs/assisted-service.md). */
    onBehalfOf: Type.Optional(OnBehalfOf),
  }),
})
export type DeficiencyCuredV1 = EventBody<typeof DeficiencyCuredV1>

export const DeficiencyOverdueV1 = defineEvent({
  subject: 'permit.intake.deficiency.overdue.v1',
  description: '容缺 overdue — a material accepted as owed was not submitted by its promised date. Emitted once.',
  schema: Type.Object({
    applicationId: Uuid,
    projectId: Uuid,
    material: MaterialCode,
    promisedOn: LegalDate,
    detectedAt: Instant,
  }),
})
export type DeficiencyOverdueV1 = EventBody<typeof DeficiencyOverdueV1>

export const CertificateReleasedV1 = defineEvent({
  subject: 'permit.intake.application.certificate-released.v1',
  description:
    'The step was approved and no deficiency is owed any more, so its certificate is released to the owner (容缺 closed).',
  schema: Type.Object({
    applicationId: Uuid,
    projectId: Uuid,
    step: StepCode,
    /** 分阶段办理: the phase the application was for, which the permit names; absent, the whole step. */
    phase: Type.Optional(StepPhase),
    /** 按照单位工程办理: the unit work (单位工程) the permit is for; absent, the whole project. */
    part: Type.Optional(WorksPart),
    releasedAt: Instant,
  }),
})
export type CertificateReleasedV1 = EventBody<typeof CertificateReleasedV1>

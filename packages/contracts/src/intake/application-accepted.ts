import { Type } from 'typebox'
import { defineEvent, type EventBody } from '../define-event.js'
import { DepartmentCode, Instant, ItemCode, LegalDate, ProjectCode, StageCode, Uuid } from '../primitives.js'

export const ApplicationAcceptedV1 = defineEvent({
  subject: 'permit.intake.application.accepted.v1',
  description:
    '受理 — the window accepted one combined application (一窗受理). Every department clock for its items starts on `acceptedOn`.',
  schema: Type.Object({
    applicationId: Uuid,
    projectId: Uuid,
    projectCode: ProjectCode,
    stage: StageCode,
    catalogueVersion: Type.String({ minLength: 1 }),
    acceptedAt: Instant,
    acceptedOn: LegalDate,
    withDeficiencies: Type.Boolean({ description: '容缺受理: accepted while materials are still owed' }),
    items: Type.Array(Type.Object({ item: ItemCode, department: DepartmentCode }), { minItems: 1 }),
  }),
})
export type ApplicationAcceptedV1 = EventBody<typeof ApplicationAcceptedV1>

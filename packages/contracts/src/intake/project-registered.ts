import { type Static, Type } from 'typebox'
import { defineEvent, type EventBody } from '../define-event.js'
import {
  CreditCode,
  Fen,
  Instant,
  ItemCode,
  MAX_LIST,
  MAX_NAME,
  ProjectCode,
  ProjectTypeCode,
  StageCode,
  StepCode,
  Uuid,
} from '../primitives.js'
import { ClockLimit, DeclaredPhase, MAX_PHASES } from './shared.js'

/** A step of the project's flow as registered: what intake keeps with the project and every reader gets in the event. */
export const RegisteredFlowStep = Type.Object({
  step: StepCode,
  name: Type.String({ maxLength: MAX_NAME }),
  stage: StageCode,
  items: Type.Array(ItemCode, { maxItems: MAX_LIST }),
  /** The items' names (the catalogue's Chinese name), in the order of `items`: what the 审批事项告知 lists. */
  itemNames: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: MAX_NAME }), { maxItems: MAX_LIST })),
  limit: Type.Optional(ClockLimit),
  /** The steps that must be approved, skipped or exempt before this one may be applied for. */
  after: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
  /** The catalogue's `skipIf` rule that holds for this project: the step is skipped (not needed). */
  skippedBy: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  /**
   * Items an `exemptIf` rule exempts for this project; all of them: the step is exempt. Each with why (免于办理): the
   * rule's description and its source line, told to the owner once (审批事项告知).
   */
  exemptItems: Type.Optional(
    Type.Array(
      Type.Object({
        item: Type.String({ minLength: 1, maxLength: 100 }),
        rule: Type.String({ minLength: 1, maxLength: 100 }),
        reason: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        source: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      }),
      { maxItems: 50 },
    ),
  ),
  /** 分阶段办理: the step's phases in order, when the catalogue declares them; applied for one after another. */
  phases: Type.Optional(Type.Array(DeclaredPhase, { minItems: 2, maxItems: MAX_PHASES })),
})
export type RegisteredFlowStep = Static<typeof RegisteredFlowStep>

/** 建设单位 — the project's owner, with its 统一社会信用代码. */
export const ProjectOwner = Type.Object({
  name: Type.String({ minLength: 1, maxLength: MAX_NAME }),
  creditCode: CreditCode,
})

export const ProjectRegisteredV1 = defineEvent({
  subject: 'permit.intake.project.registered.v1',
  description: 'A window clerk registered a construction project (项目) for its owner (建设单位).',
  schema: Type.Object({
    projectId: Uuid,
    projectCode: ProjectCode,
    name: Type.String({ minLength: 1, maxLength: MAX_NAME }),
    projectType: ProjectTypeCode,
    region: Type.String({ minLength: 1, maxLength: 100, description: 'administrative region code' }),
    owner: ProjectOwner,
    investmentFen: Fen,
    registeredAt: Instant,
    catalogueVersion: Type.Optional(Type.String({ maxLength: 300 })),
    siteAreaM2: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000_000 })),
    floorAreaM2: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000_000 })),
    heightM: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
    location: Type.Optional(Type.String({ maxLength: MAX_NAME })),
    /** The project type's flow as the catalogue gave it at registration, so readers need not load the catalogue. */
    flow: Type.Optional(Type.Array(RegisteredFlowStep, { maxItems: MAX_LIST })),
    cap: Type.Optional(ClockLimit),
  }),
})
export type ProjectRegisteredV1 = EventBody<typeof ProjectRegisteredV1>

const registered = ProjectRegisteredV1.schema.properties

/**
 * What a service keeps of a project, its copy from `project.registered`: the title (name, 项目代码, location) and the
 * region whose calendar its clocks count on. The gateway sends it from its read model with a command about the
 * project, so a service that never heard the registration — older than the stream's retention — can still keep its
 * copy (docs/architecture.md, "A project a service never heard of"); never from the caller, whose body the gateway's
 * own schema closes.
 */
export const ProjectCopy = Type.Object(
  {
    projectCode: registered.projectCode,
    name: registered.name,
    region: registered.region,
    location: registered.location,
  },
  { additionalProperties: false },
)
export type ProjectCopy = Static<typeof ProjectCopy>

/**
 * What acceptance keeps of a project, its copy from `project.registered`: the `ProjectCopy` and what opening a case or
 * a survey commission reads — the project's type and catalogue pin (the acceptance items it is configured for), its
 * owner (who may apply, and whose 失信 bar is checked) and when it was registered. Sent by the gateway from its read
 * model as `ProjectCopy` is; the registered flow, which acceptance keeps for the record only, is not.
 */
export const AcceptanceProjectCopy = Type.Object(
  {
    ...ProjectCopy.properties,
    projectType: registered.projectType,
    owner: Type.Object(registered.owner.properties, { additionalProperties: false }),
    catalogueVersion: registered.catalogueVersion,
    registeredAt: registered.registeredAt,
  },
  { additionalProperties: false },
)
export type AcceptanceProjectCopy = Static<typeof AcceptanceProjectCopy>

/**
 * A project as a list of rows on it names it, for a caller who may not read the project itself (a registrar, a utility
 * provider, an intermediary): its name, 项目代码 and location — nothing of its owner.
 */
export const ProjectTitle = Type.Object({
  projectId: Uuid,
  name: Type.String({ maxLength: MAX_NAME }),
  projectCode: ProjectCode,
  location: Type.Union([Type.String({ maxLength: MAX_NAME }), Type.Null()]),
})
export type ProjectTitle = Static<typeof ProjectTitle>

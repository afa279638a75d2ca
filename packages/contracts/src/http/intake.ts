import { type Static, Type } from 'typebox'
import { CreditCode, Fen, LegalDate, ProjectCode } from '../primitives.js'

const strict = { additionalProperties: false } as const

/** POST /projects — register a project (项目登记). */
export const RegisterProjectBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    owner: Type.Object(
      { name: Type.String({ minLength: 1, maxLength: 200 }), creditCode: CreditCode },
      { ...strict, description: '建设单位 with its 统一社会信用代码 (GB 32100, check character verified)' },
    ),
    projectCode: ProjectCode,
    projectType: Type.String({ minLength: 1, description: 'catalogue project type code' }),
    region: Type.String({ pattern: '^\\d{6}$', description: 'administrative region code' }),
    siteAreaM2: Type.Number({ minimum: 0 }),
    floorAreaM2: Type.Number({ minimum: 0 }),
    heightM: Type.Number({ minimum: 0 }),
    investmentFen: Fen,
    location: Type.String({ minLength: 1, maxLength: 500 }),
    /** Further facts the type's eligibility rules test (e.g. `hazardous: false`). */
    facts: Type.Optional(Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Boolean()]))),
  },
  strict,
)
export type RegisterProjectBody = Static<typeof RegisterProjectBody>

export const SubmittedMaterial = Type.Object(
  {
    code: Type.String({ minLength: 1, description: 'material code from the catalogue' }),
    documentRef: Type.String({ minLength: 1, maxLength: 500, description: 'where the document is held' }),
  },
  strict,
)

/** POST /projects/:id/applications — one combined application for one step (一窗受理). */
export const OpenApplicationBody = Type.Object(
  {
    step: Type.String({ minLength: 1, description: 'the flow step applied for' }),
    form: Type.Record(Type.String(), Type.Unknown(), { description: 'the one combined form' }),
    materials: Type.Array(SubmittedMaterial),
    /** 容缺: materials accepted as owed, each with the date the owner promises it. */
    deficiencies: Type.Optional(
      Type.Array(Type.Object({ code: Type.String({ minLength: 1 }), promisedOn: LegalDate }, strict)),
    ),
    /** 告知承诺: items the owner takes on written commitment. */
    commitments: Type.Optional(Type.Array(Type.Object({ item: Type.String({ minLength: 1 }) }, strict))),
  },
  strict,
)
export type OpenApplicationBody = Static<typeof OpenApplicationBody>

/** POST /applications/:id/materials — the owner cures deficiencies, or (with `noticeId`) answers a 补正 notice. */
export const SubmitMaterialsBody = Type.Object(
  {
    materials: Type.Array(SubmittedMaterial, { minItems: 1 }),
    noticeId: Type.Optional(Type.String({ format: 'uuid', description: 'the 补正 notice answered' })),
  },
  strict,
)
export type SubmitMaterialsBody = Static<typeof SubmitMaterialsBody>

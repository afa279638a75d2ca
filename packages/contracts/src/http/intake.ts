import { type Static, Type } from 'typebox'
import { WorksPart } from '../acceptance/part.js'
import { BookedRefusalReason } from '../intake/booking.js'
import { ReceiptRefusalGround } from '../intake/receipt.js'
import { ResultDeliveryChoice } from '../intake/result-delivery.js'
import { CatalogueCode, CreditCode, Fen, ItemCode, LegalDate, ProjectCode, Uuid } from '../primitives.js'

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
    projectType: CatalogueCode('catalogue project type code'),
    region: Type.String({ pattern: '^\\d{6}$', description: 'administrative region code' }),
    siteAreaM2: Type.Number({ minimum: 0, maximum: 100_000_000, description: 'm², up to 100 km²' }),
    floorAreaM2: Type.Number({ minimum: 0, maximum: 100_000_000, description: 'm², up to 100 km²' }),
    heightM: Type.Number({ minimum: 0, maximum: 1000 }),
    investmentFen: Fen,
    location: Type.String({ minLength: 1, maxLength: 500 }),
    /** Further facts the type's eligibility rules test (e.g. `hazardous: false`). */
    facts: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Union([Type.Number({ minimum: -1e12, maximum: 1e12 }), Type.String({ maxLength: 200 }), Type.Boolean()]),
        {
          maxProperties: 50,
          description:
            'at most 50 facts (names ≤ 200 characters), each a number (±10¹²), a string (≤ 200) or a boolean',
        },
      ),
    ),
  },
  strict,
)
export type RegisterProjectBody = Static<typeof RegisterProjectBody>

export const SubmittedMaterial = Type.Object(
  {
    code: CatalogueCode('material code from the catalogue'),
    documentRef: Type.String({ minLength: 1, maxLength: 500, description: 'where the document is held' }),
  },
  strict,
)

/** POST /projects/:id/applications — one combined application for one step (一窗受理). */
export const OpenApplicationBody = Type.Object(
  {
    step: CatalogueCode('the flow step applied for'),
    /** 分阶段办理: the phase of a phased step applied for; absent, the whole step at once. */
    phase: Type.Optional(CatalogueCode('a phase of the step, as the catalogue declares it')),
    /**
     * 按照单位工程办理施工许可: the unit work (单位工程, a building) whose construction permit is applied for on its own;
     * only on the step of the construction permit; absent, the whole project.
     */
    part: Type.Optional(WorksPart),
    form: Type.Record(Type.String(), Type.Unknown(), {
      maxProperties: 100,
      description:
        'the one combined form: at most 100 fields (names ≤ 200 characters), free-form JSON nested at most 16 levels from the body (strings ≤ 10,000 characters, arrays ≤ 1,000 items, objects ≤ 1,000 keys)',
    }),
    materials: Type.Array(SubmittedMaterial, { maxItems: 200 }),
    /** 容缺: materials accepted as owed, each with the date the owner promises it. */
    deficiencies: Type.Optional(
      Type.Array(Type.Object({ code: CatalogueCode('material code'), promisedOn: LegalDate }, strict), {
        maxItems: 200,
      }),
    ),
    /** 告知承诺: items the owner takes on written commitment. */
    commitments: Type.Optional(Type.Array(Type.Object({ item: ItemCode }, strict), { maxItems: 100 })),
    /**
     * `now` (the default): 接件 and 受理 on the same moment (national codes 1 and 3). `later`: 接件 only (code 1); the
     * clerk then accepts or refuses it, the owner may withdraw it, and after five working days the law accepts it
     * as of its receipt day (行政许可法第三十二条).
     */
    acceptance: Type.Optional(
      Type.Union([Type.Literal('now'), Type.Literal('later')], {
        description: 'now (default): received and accepted at once; later: received only (接件), accepted afterwards',
      }),
    ),
    /** 结果送达: how the result reaches the applicant; absent, it is delivered online (the e-certificate). */
    delivery: Type.Optional(ResultDeliveryChoice),
  },
  strict,
)
export type OpenApplicationBody = Static<typeof OpenApplicationBody>

/** POST /applications/:id/materials — the owner cures deficiencies, or (with `noticeId`) answers a 补正 notice. */
export const SubmitMaterialsBody = Type.Object(
  {
    materials: Type.Array(SubmittedMaterial, { minItems: 1, maxItems: 200 }),
    noticeId: Type.Optional({ ...Uuid, description: 'the 补正 notice answered' }),
  },
  strict,
)
export type SubmitMaterialsBody = Static<typeof SubmitMaterialsBody>

/** POST /applications/:id/accept — 受理 of a received application by the clerk of the window. */
export const AcceptApplicationBody = Type.Object(
  {},
  { ...strict, description: 'no fields: the clerk accepts as received' },
)
export type AcceptApplicationBody = Static<typeof AcceptApplicationBody>

/** POST /applications/:id/refuse — 不受理 (4) or 不予受理 (5) of a received application, by its ground (Art. 32). */
export const RefuseApplicationBody = Type.Object(
  {
    ground: ReceiptRefusalGround,
    reason: Type.String({ minLength: 1, maxLength: 2000, description: 'told to the applicant in writing' }),
    referTo: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'outside-competence: the agency the applicant should apply to (告知申请人向有关行政机关申请)',
      }),
    ),
    // 网上预约 (004:1044): a booked application is refused on one of the three exceptions alone.
    bookedReason: Type.Optional(BookedRefusalReason),
  },
  strict,
)
export type RefuseApplicationBody = Static<typeof RefuseApplicationBody>

/** POST /applications/:id/withdraw-receipt — 撤件 of a received application before it is accepted. */
export const WithdrawReceiptBody = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) },
  strict,
)
export type WithdrawReceiptBody = Static<typeof WithdrawReceiptBody>

/** POST /applications/:id/receipt-notice — 一次性告知 of a received application, within five working days (Art. 32). */
export const ReceiptNoticeBody = Type.Object(
  {
    materials: Type.Array(CatalogueCode('material code to supplement'), { minItems: 1, maxItems: 200 }),
    reason: Type.String({ minLength: 1, maxLength: 2000, description: 'what is missing or not in legal form' }),
  },
  strict,
)
export type ReceiptNoticeBody = Static<typeof ReceiptNoticeBody>

import { type Static, Type } from 'typebox'
import { CreditCode, LegalDate, WrittenText } from '../primitives.js'

// The admin routes every service serves (service-kit) and the gateway forwards to.

/** A dead letter as the admin routes show it: the payload stays in the service's `dead_letter` table. */
export const DeadLetterView = Type.Object({
  id: Type.String(),
  consumer: Type.String(),
  subject: Type.String(),
  eventId: Type.Union([Type.String(), Type.Null()]),
  streamSeq: Type.Integer(),
  error: Type.String(),
  deliveries: Type.Integer(),
  createdAt: Type.String(),
  replayedAt: Type.Union([Type.String(), Type.Null()]),
})
export type DeadLetterView = Static<typeof DeadLetterView>

/** `GET /admin/dead-letters` — which and how many, newest first. */
export const DeadLetterFilter = Type.Object(
  {
    consumer: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
)
export type DeadLetterFilter = Static<typeof DeadLetterFilter>

export const ReplayedDeadLetter = Type.Object({ replayed: Type.String(), streamSeq: Type.Integer() })

/**
 * A version name, as an upload's `version` must be and as the activation route names it: the year, then one to three
 * dot-separated parts of letters, digits or dashes (`2026.2`, `2026.2-fix`), as the bundled documents name theirs.
 */
export const CatalogueVersionName = Type.String({ pattern: '^20\\d{2}(\\.[0-9A-Za-z-]{1,20}){1,3}$', maxLength: 70 })

/**
 * `POST /admin/catalogue/versions` — one region's catalogue document (目录), the JSON of what `catalogue validate`
 * reads as YAML. Bounded here and by every service's input limits (depth ≤ 16 levels, a string ≤ 10,000 characters,
 * an array ≤ 1,000 items; the document's own depth is at most 10) and by the route's body limit (512 KiB); within
 * those bounds its shape is the catalogue's own check, so every problem is answered at once, as the CLI lists them.
 */
export const UploadCatalogueBody = Type.Object(
  {
    document: Type.Object(
      {
        region: Type.Optional(Type.Object({}, { additionalProperties: true, maxProperties: 10 })),
        version: Type.Optional(Type.Unknown()),
        stages: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 100 })),
        departments: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 500 })),
        exclusions: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 500 })),
        items: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 1000 })),
        projectTypes: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 500 })),
      },
      { additionalProperties: true, maxProperties: 20 },
    ),
  },
  { additionalProperties: false },
)
export type UploadCatalogueBody = Static<typeof UploadCatalogueBody>

/** The upload route's own body limit: a bundled region's document is 10–40 KB as JSON. */
export const CATALOGUE_UPLOAD_BYTES = 512 * 1024

export const CatalogueVersionParams = Type.Object({
  region: Type.String({ pattern: '^\\d{6}$' }),
  version: CatalogueVersionName,
})

/** `POST /admin/catalogue/versions/:region/:version/activate` — the first legal date new projects take it. */
export const ActivateCatalogueBody = Type.Object({ activeFrom: LegalDate }, { additionalProperties: false })
export type ActivateCatalogueBody = Static<typeof ActivateCatalogueBody>

export const CatalogueProblem = Type.Object({
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
  code: Type.String(),
  path: Type.String(),
  message: Type.String(),
})

export const CatalogueVersionView = Type.Object({
  pin: Type.String(),
  region: Type.String(),
  version: Type.String(),
  activeFrom: Type.Union([Type.String(), Type.Null()]),
  uploadedAt: Type.String(),
  activatedAt: Type.Union([Type.String(), Type.Null()]),
  warnings: Type.Array(CatalogueProblem),
})

/** `GET /catalogue/:region` — the catalogue in effect in a region today (the window's desk reads it). */
export const CatalogueRegionParams = Type.Object(
  { region: Type.String({ pattern: '^\\d{6}$', description: 'administrative region code' }) },
  { additionalProperties: false },
)

export const CatalogueVersionFilter = Type.Object(
  { region: Type.Optional(Type.String({ pattern: '^\\d{6}$' })) },
  { additionalProperties: false },
)

/**
 * 失信 — the dishonesty list (不诚信名单, 004:2235): an owner on it may use neither 容缺 nor 告知承诺. The 信用 authority
 * publishes it; an administrator keeps intake's copy (docs/intake.md#the-dishonesty-list-失信).
 */
export const DishonestOwnerParams = Type.Object({ creditCode: CreditCode }, { additionalProperties: false })

/** `PUT /admin/dishonest-owners/:creditCode` — why the owner is listed: the decision or notice it rests on. */
export const ListDishonestOwnerBody = Type.Object(
  { reason: WrittenText(500, 'why the owner is listed (the credit decision or notice it rests on)') },
  { additionalProperties: false },
)
export type ListDishonestOwnerBody = Static<typeof ListDishonestOwnerBody>

export const DishonestOwnerView = Type.Object({
  creditCode: Type.String(),
  /** Null for an owner listed before reasons were kept. */
  reason: Type.Union([Type.String(), Type.Null()]),
  listedAt: Type.String(),
  listedBy: Type.String(),
})
export type DishonestOwnerView = Static<typeof DishonestOwnerView>

/** `DELETE /admin/dishonest-owners/:creditCode` — whether the owner was listed until now. */
export const DelistedOwner = Type.Object({ creditCode: Type.String(), delisted: Type.Boolean() })

/** `GET /admin/dishonest-owners` — newest listing first; `creditCode` answers that owner's listing alone, or none. */
export const DishonestOwnerFilter = Type.Object(
  {
    creditCode: Type.Optional(CreditCode),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
)
export type DishonestOwnerFilter = Static<typeof DishonestOwnerFilter>

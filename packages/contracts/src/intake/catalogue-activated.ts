import { Type } from 'typebox'
import { defineEvent, type EventBody } from '../define-event.js'
import { Instant, LegalDate } from '../primitives.js'

/** What identifies a catalogue version: `<region>@<version>+sha256:<first 12 hex of the resolved data's hash>`. */
export const CataloguePin = Type.String({
  minLength: 1,
  maxLength: 300,
  pattern: '^\\d{6}@[^\\s]+\\+sha256:[0-9a-f]{12}$',
  description: 'catalogue pin, e.g. 441500@2026.2+sha256:0123456789ab',
})

export const CatalogueActivatedV1 = defineEvent({
  subject: 'permit.intake.catalogue.activated.v1',
  description:
    'An administrator activated an uploaded catalogue version (目录版本) of a region: intake registers new projects under it from `activeFrom`; every service that resolves catalogue data stores it, so any project pinned to it stays resolvable for good.',
  schema: Type.Object({
    region: Type.String({ pattern: '^\\d{6}$', maxLength: 6 }),
    version: Type.String({ minLength: 1, maxLength: 100 }),
    pin: CataloguePin,
    /** The first legal date on which intake takes this version for a new project. */
    activeFrom: LegalDate,
    activatedAt: Instant,
    /**
     * The region's catalogue resolved over its parents as it was validated at upload (`CatalogueData` of
     * @onewindow/catalogue, which the receiver validates again before storing it).
     */
    data: Type.Object({}, { additionalProperties: true }),
  }),
})
export type CatalogueActivatedV1 = EventBody<typeof CatalogueActivatedV1>

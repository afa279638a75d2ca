import { Type } from 'typebox'
import { describe, expect, it } from 'vitest'
import { AcceptanceClockOverdueV1, AcceptanceClockWarnedV1 } from '../src/acceptance/events.js'
import { TaskClockOverdueV1, TaskClockWarnedV1 } from '../src/approval/task.js'
import { LegalDate, MAX_REFERENCE } from '../src/primitives.js'
import {
  IssueClockOverdueV1,
  IssueClockWarnedV1,
  RegistrationClockOverdueV1,
  RegistrationClockWarnedV1,
} from '../src/registration/events.js'
import { registry } from '../src/registry.js'
import { UtilityPermitsClockOverdueV1, UtilityPermitsClockWarnedV1 } from '../src/utility/events.js'
import { mapValues, numberBounds, type Schema } from './json-schema.js'

/**
 * Every field an event carries is bounded by its schema, as every request field is: a string by `maxLength` (or a
 * closed set of values), an array by `maxItems`, a number by `minimum` and `maximum`, a map by `maxProperties`, and
 * nothing is `Unknown`. Events are validated on publish and on receipt, so an unbounded field is one that a bug or a
 * hostile producer can fill until NATS's `max_payload` refuses the whole message — and a consumer would store it.
 * Properties a schema does not name are allowed (event schemas are tolerant readers) and bounded by `max_payload` alone.
 */

/** The paths under `schema` whose values the schema does not bound, each with what is missing. */
function unbounded(schema: Schema, path = ''): string[] {
  const at = path || '/'
  if (schema.const !== undefined || schema.enum !== undefined) return []
  const branches = schema.anyOf ?? schema.oneOf ?? schema.allOf
  if (branches) return branches.flatMap((b) => unbounded(b, path))
  switch (schema.type) {
    case 'string':
      return schema.maxLength === undefined ? [`${at}: a string without maxLength`] : []
    case 'integer':
    case 'number': {
      const { low, high } = numberBounds(schema)
      return low === undefined || high === undefined ? [`${at}: a ${schema.type} without minimum and maximum`] : []
    }
    case 'array':
      return [
        ...(schema.maxItems === undefined ? [`${at}: an array without maxItems`] : []),
        ...(schema.items ? unbounded(schema.items, `${path}/*`) : [`${at}: an array of anything`]),
      ]
    case 'object': {
      const keyed = mapValues(schema)
      return [
        ...Object.entries(schema.properties ?? {}).flatMap(([k, v]) => unbounded(v, `${path}/${k}`)),
        ...(keyed.length > 0 && schema.maxProperties === undefined ? [`${at}: a map without maxProperties`] : []),
        ...keyed.flatMap((v) => unbounded(v, `${path}/{key}`)),
      ]
    }
    case 'boolean':
    case 'null':
      return []
    default:
      return [`${at}: a value of any type`]
  }
}

/**
 * The one exception, and why: an audit anchor carries the chain's entries as stored, and an anchor refused for one long
 * field would stop the chain being anchored for good (packages/contracts/src/audit/events.ts). What an entry holds is
 * bounded where it is written: who acted by the signed-in actor (`sub` ≤ 255), the rest by the service's own code.
 */
const AUDIT_ENTRY_TEXT = ['actor', 'role', 'action', 'object', 'outcome', 'code', 'traceId']
const exempt = (subject: string, found: string) =>
  /^permit\.[a-z]+\.audit\.anchored\.v1$/.test(subject) &&
  AUDIT_ENTRY_TEXT.some((f) => found === `/entries/*/${f}: a string without maxLength`)

/** Every free string field under `schema` that names who acted (`by`, `actor`, `…By`; not a date), with its maxLength. */
function actorFields(schema: Schema, path = ''): Array<[string, number | undefined]> {
  const branches = schema.anyOf ?? schema.oneOf ?? schema.allOf
  if (branches) return branches.flatMap((b) => actorFields(b, path))
  if (schema.type === 'array' && schema.items) return actorFields(schema.items, `${path}/*`)
  if (schema.type !== 'object') return []
  return Object.entries(schema.properties ?? {}).flatMap(([k, v]) => [
    ...(/^(by|actor|[a-z]+By)$/.test(k) && v.type === 'string' && !v.format
      ? [[`${path}/${k}`, v.maxLength] as [string, number]]
      : []),
    ...actorFields(v, `${path}/${k}`),
  ])
}

describe('event contracts bound every field', () => {
  it('finds each kind of unbounded field (the rule fires)', () => {
    const loose = Type.Object({
      text: Type.String({ minLength: 1 }),
      count: Type.Integer({ minimum: 0 }),
      ratio: Type.Number({ maximum: 1 }),
      list: Type.Array(Type.String({ maxLength: 10 })),
      nested: Type.Array(Type.Object({ note: Type.Optional(Type.String()) }), { maxItems: 5 }),
      either: Type.Union([Type.Literal('a'), Type.String()]),
      map: Type.Record(Type.String(), Type.Integer({ minimum: 0, maximum: 9 })),
      anything: Type.Unknown(),
    })
    expect(unbounded(loose as Schema)).toEqual([
      '/text: a string without maxLength',
      '/count: a integer without minimum and maximum',
      '/ratio: a number without minimum and maximum',
      '/list: an array without maxItems',
      '/nested/*/note: a string without maxLength',
      '/either: a string without maxLength',
      '/map: a map without maxProperties',
      '/anything: a value of any type',
    ])
    const tight = Type.Object({
      text: Type.String({ maxLength: 10 }),
      code: Type.Union([Type.Literal('a'), Type.Literal('b')]),
      count: Type.Integer({ minimum: 0, maximum: 9 }),
      list: Type.Array(Type.Object({ on: Type.Boolean() }), { maxItems: 5 }),
      map: Type.Record(Type.String({ maxLength: 10 }), Type.Integer({ minimum: 0, maximum: 9 }), { maxProperties: 5 }),
    })
    expect(unbounded(tight as Schema)).toEqual([])
  })

  it.each(registry.map((e) => [e.subject, e] as const))('%s', (subject, event) => {
    expect(unbounded(event.schema as Schema).filter((found) => !exempt(subject, found))).toEqual([])
  })

  // A bound below what its source allows fails the command that writes the event (it is validated on publish): a
  // clerk whose `sub` is 255 characters long could not have a receipt taken while the event held `receivedBy` to 200.
  it('holds who acted to MAX_REFERENCE, room for the longest subject and its role', () => {
    expect(MAX_REFERENCE).toBeGreaterThanOrEqual('intermediary:'.length + 255)
    const short = registry.flatMap((e) =>
      actorFields(e.schema as Schema)
        // Not people: `skippedBy` names the catalogue rule that skipped a step, `assessedBy` the body that assessed an
        // area (as the request gave it), an objection's `raisedBy` the department that disputes a certificate (the
        // person beside it is `raisedBySub`, held to MAX_REFERENCE). An audit entry's actor is the exception above.
        .filter(
          ([path]) =>
            !/\/(skippedBy|assessedBy|objection\/raisedBy)$/.test(path) &&
            !exempt(e.subject, `${path}: a string without maxLength`),
        )
        .filter(([, max]) => max !== MAX_REFERENCE)
        .map(([path, max]) => `${e.subject} ${path}: ${max}`),
    )
    expect(short).toEqual([])
  })

  // 网上预约's events reach the project's timeline, which the window and the supervisor read as well as the owner: each
  // is in the registry (so bounded above) and carries the booking's facts, not the owner's identity or its own words.
  it('publishes the booking events bounded, without the owner’s credit code or a cancellation’s reason', () => {
    const subjects = ['booked', 'cancelled', 'attended', 'missed'].map((s) => `permit.intake.booking.${s}.v1`)
    const events = registry.filter((e) => subjects.includes(e.subject))
    expect(events.map((e) => e.subject)).toEqual(subjects)
    for (const event of events) {
      const booking = (event.schema as Schema).properties?.['booking'] as Schema
      expect(Object.keys(booking.properties ?? {})).not.toContain('ownerCreditCode')
      expect(Object.keys(booking.properties ?? {})).not.toContain('reason')
      expect(unbounded(booking)).toEqual([])
    }
  })
})

/**
 * A clock alert's reader (a 预警 or 超时 message, a timeline entry) needs the legal due day, and only the producer's
 * calendar makes it: every later stage's alert carries it as approval's task alert does, a date bounded as every
 * `LegalDate` is — optional within v1, since the alerts published before it lack it (tolerant readers).
 */
describe('the later stages’ clock alerts carry the due day', () => {
  const laterStages = [
    AcceptanceClockWarnedV1,
    AcceptanceClockOverdueV1,
    RegistrationClockWarnedV1,
    RegistrationClockOverdueV1,
    IssueClockWarnedV1,
    IssueClockOverdueV1,
    UtilityPermitsClockWarnedV1,
    UtilityPermitsClockOverdueV1,
  ]
  const dueOf = (schema: object) => (schema as { properties: Record<string, Schema> }).properties['dueOn']
  const legalDate = LegalDate as Schema

  it.each(laterStages.map((e) => [e.subject, e] as const))('%s: `dueOn`, a legal date, optional', (_, event) => {
    const due = dueOf(event.schema)
    expect(due).toMatchObject({ type: 'string', format: legalDate.format, maxLength: legalDate.maxLength })
    expect(due?.format).toBe(dueOf(TaskClockWarnedV1.schema)?.format)
    expect(event.schema.required ?? []).not.toContain('dueOn')
    expect(registry).toContain(event)
  })

  it('an alert published before `dueOn` was carried still validates; a `dueOn` that is no date does not', () => {
    expect(dueOf(TaskClockOverdueV1.schema)?.maxLength).toBe(legalDate.maxLength)
    const issueClock = {
      applicationId: '019a0000-0000-7000-8000-0000000000aa',
      projectId: '019a0000-0000-7000-8000-0000000000bb',
    }
    const at = '2026-03-17T02:00:00.000Z'
    expect(IssueClockOverdueV1.validator.Check({ issueClock, at })).toBe(true)
    expect(IssueClockOverdueV1.validator.Check({ issueClock, at, dueOn: '2026-03-16' })).toBe(true)
    expect(IssueClockOverdueV1.validator.Check({ issueClock, at, dueOn: '16 March' })).toBe(false)
  })
})

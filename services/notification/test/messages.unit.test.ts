import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  afterAttempt,
  type Occurrence,
  type Preferences,
  partyKey,
  planMessages,
  quietUntil,
} from '../src/domain/messages.js'
import { decidePreferences, decidePreferencesChange } from '../src/domain/preferences.js'

// Shanghai's wall clock from the platform's time-zone database, independently of the code's fixed +8 offset.
const shanghaiMinute = (d: Date): number => {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d)
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value)
  return get('hour') * 60 + get('minute')
}
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
const inWindow = (m: number, from: number, to: number) => (from < to ? m >= from && m < to : m >= from || m < to)

describe('quiet hours (Asia/Shanghai)', () => {
  it('23:30 in Shanghai under 22:00–07:00 waits until 07:00 the next morning', () => {
    const now = new Date('2026-03-02T15:30:00Z') // 23:30 in Shanghai
    expect(quietUntil(now, { from: '22:00', to: '07:00' }).toISOString()).toBe('2026-03-02T23:00:00.000Z')
  })

  it('outside the window a message goes at once; inside, at the first minute after it, never later', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 1439 }),
        (now, from, to) => {
          fc.pre(from !== to)
          const due = quietUntil(now, { from: hhmm(from), to: hhmm(to) })
          if (!inWindow(shanghaiMinute(now), from, to)) {
            expect(due.getTime()).toBe(now.getTime())
            return
          }
          expect(due.getTime()).toBeGreaterThan(now.getTime())
          expect(shanghaiMinute(due)).toBe(to)
          expect(due.getTime() % 60_000).toBe(0)
          // Every whole minute strictly between now and due is still quiet: it waits no longer than it must.
          const previous = new Date(due.getTime() - 60_000)
          if (previous.getTime() > now.getTime()) expect(inWindow(shanghaiMinute(previous), from, to)).toBe(true)
          expect(due.getTime() - now.getTime()).toBeLessThanOrEqual(24 * 60 * 60_000)
        },
      ),
    )
  })
})

const occurrence: Occurrence = {
  eventId: '0190a0a0-0000-7000-8000-000000000001',
  kind: 'task-assigned',
  facts: { projectName: '厂房', projectCode: '2026-000001' },
  recipients: [
    { kind: 'owner', id: '91440600MA4UJ8XX0X' },
    { kind: 'department', id: 'natural-resources' },
    { kind: 'department', id: 'natural-resources' },
  ],
}

describe('planMessages', () => {
  const now = new Date('2026-03-02T15:30:00Z')
  it('tells each party once, by the console only when it set nothing', () => {
    const planned = planMessages(occurrence, new Map(), now)
    expect(planned.map((m) => [m.party.id, m.channel])).toEqual([
      ['91440600MA4UJ8XX0X', 'log'],
      ['natural-resources', 'log'],
    ])
  })

  it('one message per chosen channel, to the address given; quiet hours hold SMS and e-mail, not the console', () => {
    const prefs: Preferences = {
      channels: ['sms', 'email', 'log'],
      quietHours: { from: '22:00', to: '07:00' },
      phone: '13800138000',
      email: 'owner@example.cn',
    }
    const planned = planMessages(
      occurrence,
      new Map([[partyKey({ kind: 'owner', id: '91440600MA4UJ8XX0X' }), prefs]]),
      now,
    )
    const owner = planned.filter((m) => m.party.kind === 'owner')
    expect(owner.map((m) => [m.channel, m.address, m.dueAt.toISOString()])).toEqual([
      ['sms', '13800138000', '2026-03-02T23:00:00.000Z'],
      ['email', 'owner@example.cn', '2026-03-02T23:00:00.000Z'],
      ['log', undefined, now.toISOString()],
    ])
  })
})

describe('afterAttempt', () => {
  const now = new Date('2026-03-02T00:00:00Z')
  const policy = { maxAttempts: 4, baseMs: 1_000 }
  it('a success is sent', () => expect(afterAttempt(2, undefined, now, policy).kind).toBe('sent'))
  it('failures wait 1 s, 2 s, 4 s, then the fourth is dead', () => {
    const waits = [0, 1, 2].map((before) => {
      const o = afterAttempt(before, 'boom', now, policy)
      if (o.kind !== 'retry') throw new Error(`expected a retry, got ${o.kind}`)
      return o.at.getTime() - now.getTime()
    })
    expect(waits).toEqual([1_000, 2_000, 4_000])
    expect(afterAttempt(3, 'boom', now, policy)).toEqual({ kind: 'dead', attempts: 4, error: 'boom' })
  })
})

describe('decidePreferences', () => {
  it('SMS without a phone, e-mail without an address, and an empty window are refused by field', () => {
    const r = decidePreferences({ channels: ['sms', 'email'], quietHours: { from: '22:00', to: '22:00' } })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('NOTIFICATION_PREFERENCES_INVALID')
    expect(((r.error.details?.['errors'] ?? []) as Array<{ field: string }>).map((e) => e.field)).toEqual([
      '/body/phone',
      '/body/email',
      '/body/quietHours/to',
    ])
  })
  it('takes a complete choice as given', () => {
    const body = { channels: ['sms' as const], phone: '13900139000', quietHours: { from: '21:30', to: '08:00' } }
    expect(decidePreferences(body)).toEqual({ ok: true, value: body })
  })
})

// A department's preferences are one row for every region of it (docs/notifications.md#regional-callers): a regional
// reviewer or lead changes none of them, above all not the SMS number and e-mail address every region's messages go to.
describe('decidePreferencesChange', () => {
  const stored = {
    channels: ['log', 'sms'] as const,
    phone: '13800138000',
    email: 'zjj@example.gov.cn',
    quietHours: { from: '22:00', to: '07:00' },
  }
  const fieldsOf = (r: ReturnType<typeof decidePreferencesChange>) =>
    r.ok
      ? 'saved'
      : [r.error.code, ((r.error.details?.['errors'] ?? []) as Array<{ field: string }>).map((e) => e.field)]

  it('refuses a regional caller its own number for the department, naming /body/phone', () => {
    const own = { ...stored, channels: [...stored.channels], phone: '13900139000' }
    expect(fieldsOf(decidePreferencesChange({ body: own, region: '440600', stored }))).toEqual([
      'NOTIFICATION_PREFERENCES_REGIONAL_CALLER',
      ['/body/phone'],
    ])
    const r = decidePreferencesChange({ body: own, region: '440600', stored })
    expect(r.ok ? undefined : r.error.message).toContain('/body/phone')
  })

  it('refuses setting, changing or clearing an address by its field; channels and quiet hours too', () => {
    const body = { channels: ['log' as const, 'email' as const], email: 'mine@example.cn' }
    // Never set before: the defaults. Setting an e-mail address and the channel that uses it.
    expect(fieldsOf(decidePreferencesChange({ body, region: '441500', stored: { channels: ['log'] } }))).toEqual([
      'NOTIFICATION_PREFERENCES_REGIONAL_CALLER',
      ['/body/email', '/body/channels'],
    ])
    // Clearing the SMS number and the quiet hours silences and hurries every region's SMS: refused by field.
    const cleared = { channels: ['log' as const], email: stored.email }
    expect(fieldsOf(decidePreferencesChange({ body: cleared, region: '440000', stored }))).toEqual([
      'NOTIFICATION_PREFERENCES_REGIONAL_CALLER',
      ['/body/phone', '/body/channels', '/body/quietHours'],
    ])
    // The same channels in another order, the same window: nothing changes — still refused, naming the body.
    const same = { ...stored, channels: ['sms' as const, 'log' as const], quietHours: { ...stored.quietHours } }
    expect(fieldsOf(decidePreferencesChange({ body: same, region: '440604', stored }))).toEqual([
      'NOTIFICATION_PREFERENCES_REGIONAL_CALLER',
      ['/body'],
    ])
  })

  it('a regional caller is refused whatever it sends, before the body is checked; without a region, as before', () => {
    const channel = fc.constantFrom('sms' as const, 'email' as const, 'log' as const)
    const hours = fc.record({ from: fc.constantFrom('22:00', '21:30'), to: fc.constantFrom('07:00', '22:00') })
    // Each optional field present or absent, as a PUT and a stored row may hold them.
    const preferences = fc.record(
      {
        channels: fc.uniqueArray(channel, { minLength: 1, maxLength: 3 }),
        quietHours: hours,
        phone: fc.constantFrom('13800138000', '13900139000'),
        email: fc.constantFrom('a@example.cn', 'b@example.cn'),
      },
      { requiredKeys: ['channels'] },
    )
    fc.assert(
      fc.property(
        preferences,
        preferences,
        fc.constantFrom('440000', '440600', '441500', '440604'),
        (body, was, region) => {
          const regional = decidePreferencesChange({ body, region, stored: was })
          expect(regional.ok).toBe(false)
          if (regional.ok) return
          expect(regional.error.code).toBe('NOTIFICATION_PREFERENCES_REGIONAL_CALLER')
          const fields = ((regional.error.details?.['errors'] ?? []) as Array<{ field: string }>).map((e) => e.field)
          // Exactly the fields the PUT would change (the body alone when none).
          const changed = [
            body.phone !== was.phone && '/body/phone',
            body.email !== was.email && '/body/email',
            JSON.stringify([...body.channels].sort()) !== JSON.stringify([...was.channels].sort()) && '/body/channels',
            JSON.stringify(body.quietHours) !== JSON.stringify(was.quietHours) && '/body/quietHours',
          ].filter((f): f is string => f !== false)
          expect(fields).toEqual(changed.length > 0 ? changed : ['/body'])
          // The department-wide scope: today's rule, whatever is stored.
          expect(decidePreferencesChange({ body, stored: was })).toEqual(decidePreferences(body))
        },
      ),
    )
  })

  it('a caller without a region sets the address, as before', () => {
    const body = { channels: ['log' as const, 'sms' as const], phone: '13900139000' }
    expect(decidePreferencesChange({ body, stored })).toEqual({ ok: true, value: body })
  })
})

import type { Actor } from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { authorise, type Request } from '../src/domain/authorise.js'

// The roles of joint acceptance, utilities and registration against their routes; 200 allowed, 403 wrong role,
// 404 a row the caller may not see.
const actors = {
  ownerA: { sub: 'o', role: 'owner', creditCode: 'A' },
  ownerB: { sub: 'o', role: 'owner', creditCode: 'B' },
  clerk: { sub: 'c', role: 'clerk' },
  leadHousing: { sub: 'l', role: 'lead', department: 'housing' },
  leadFire: { sub: 'l', role: 'lead', department: 'fire' },
  fireReviewer: { sub: 'r', role: 'reviewer', department: 'fire' },
  waterReviewer: { sub: 'r', role: 'reviewer', department: 'water' },
  water: { sub: 'u', role: 'utility', provider: 'water' },
  power: { sub: 'u', role: 'utility', provider: 'power' },
  registrar: { sub: 'g', role: 'registrar' },
  supervisor: { sub: 's', role: 'supervisor' },
} as const satisfies Record<string, Actor>
type Who = keyof typeof actors

const caseRow = { lead: 'housing', departments: ['housing', 'fire'] }
const rows = {
  'POST /projects/:id/acceptance (A)': { action: 'acceptance.open', row: { ownerCreditCode: 'A' } },
  'POST /acceptance/:id/inspection (lead housing)': { action: 'acceptance.inspect', row: { lead: 'housing' } },
  'POST /acceptance/:id/inspection (unknown)': { action: 'acceptance.inspect' },
  'POST /acceptance/:id/opinions (housing+fire)': { action: 'acceptance.opinion', row: caseRow },
  'GET /acceptance/:id/land-list (housing+fire)': { action: 'acceptance.land-list', row: caseRow },
  'GET /acceptance/:id/land-list (unknown)': { action: 'acceptance.land-list' },
  'POST /acceptance/:id/rectifications (A)': { action: 'acceptance.rectify', row: { ownerCreditCode: 'A' } },
  'POST /acceptance/:id/commitments (housing+fire)': {
    action: 'acceptance.verify-commitment',
    row: { departments: ['housing', 'fire'] },
  },
  'POST /acceptance/:id/results (housing+fire)': {
    action: 'acceptance.record-result',
    row: { departments: ['housing', 'fire'] },
  },
  'GET /acceptance': { action: 'acceptance.list' },
  'GET /commitments': { action: 'commitments.list' },
  'GET /utility-requests': { action: 'utility-requests.list' },
  'POST /utility-requests/:id/actions (water)': { action: 'utility-request.act', row: { provider: 'water' } },
  'GET /pushed-works': { action: 'pushed-works.list' },
  'POST /utility-requests/:id/restoration-review (pushed to water+housing)': {
    action: 'utility-request.restoration-review',
    row: { departments: ['water', 'housing'] },
  },
  'POST /utility-requests/:id/restoration-review (pushed nowhere)': {
    action: 'utility-request.restoration-review',
    row: { departments: [] },
  },
  'GET /outside-line-permits': { action: 'outside-line-permits.list' },
  'POST /utility-requests/:id/permit-decision (applied to water)': {
    action: 'utility-permit.decide',
    row: { departments: ['water'] },
  },
  'POST /utility-requests/:id/permit-decision (unknown)': { action: 'utility-permit.decide' },
  'GET /registrations': { action: 'registrations.list' },
  'POST /registrations/:id/actions': { action: 'registration.act' },
  'GET /certificates/:id (A)': { action: 'certificate.read', row: { ownerCreditCode: 'A' } },
  'GET /certificates/:id (unknown)': { action: 'certificate.read' },
  'POST /certificates/:id/objections (permit)': {
    action: 'certificate.object',
    row: { kind: 'permit', ownerCreditCode: 'A', registrationCases: 1 },
  },
  'POST /certificates/:id/objections (permit, no registration case)': {
    action: 'certificate.object',
    row: { kind: 'permit', ownerCreditCode: 'A', registrationCases: 0 },
  },
  'POST /certificates/:id/objections (property)': {
    action: 'certificate.object',
    row: { kind: 'property', ownerCreditCode: 'A', registrationCases: 1 },
  },
  'POST /certificates/:id/objections (unknown)': { action: 'certificate.object' },
  'POST /certificate-objections/:id/answer': { action: 'certificate-objection.answer' },
  'GET /certificate-objections': { action: 'certificate-objections.list' },
  'GET /projects/:id/certificates (a registration case)': {
    action: 'project.certificates',
    row: { registrationCases: 1, usesPermits: false },
  },
  'GET /projects/:id/certificates (no registration case)': {
    action: 'project.certificates',
    row: { registrationCases: 0, usesPermits: false },
  },
  'GET /projects/:id/certificates (a lead using its permits)': {
    action: 'project.certificates',
    row: { registrationCases: 0, usesPermits: true },
  },
  'GET /projects/:id/certificates (unknown)': { action: 'project.certificates' },
  'POST /clock/preview': { action: 'clock.preview' },
  'POST /applications/:id/accept': { action: 'receipt.decide' },
  'POST /applications/:id/withdraw-receipt (A)': { action: 'receipt.withdraw', row: { ownerCreditCode: 'A' } },
  'POST /applications/:id/withdraw-receipt (unknown)': { action: 'receipt.withdraw' },
} as const satisfies Record<string, Request>
type Row = keyof typeof rows

const all = (status: 200 | 403 | 404, over: Partial<Record<Who, 200 | 403 | 404>> = {}) =>
  ({ ...Object.fromEntries(Object.keys(actors).map((k) => [k, status])), ...over }) as Record<Who, 200 | 403 | 404>

const expected: Record<Row, Record<Who, 200 | 403 | 404>> = {
  'POST /projects/:id/acceptance (A)': all(403, { ownerA: 200, ownerB: 404 }),
  'POST /acceptance/:id/inspection (lead housing)': all(403, { leadHousing: 200, leadFire: 404 }),
  'POST /acceptance/:id/inspection (unknown)': all(403, { leadHousing: 404, leadFire: 404 }),
  'POST /acceptance/:id/opinions (housing+fire)': all(403, {
    leadHousing: 200,
    leadFire: 200,
    fireReviewer: 200,
    waterReviewer: 404,
  }),
  // 用地清单: the list a defect rests on — the departments that give the case's opinions, and no one else.
  'GET /acceptance/:id/land-list (housing+fire)': all(403, {
    leadHousing: 200,
    leadFire: 200,
    fireReviewer: 200,
    waterReviewer: 404,
  }),
  'GET /acceptance/:id/land-list (unknown)': all(403, {
    leadHousing: 404,
    leadFire: 404,
    fireReviewer: 404,
    waterReviewer: 404,
  }),
  'POST /acceptance/:id/rectifications (A)': all(403, { ownerA: 200, ownerB: 404 }),
  'POST /acceptance/:id/commitments (housing+fire)': all(403, {
    leadHousing: 200,
    leadFire: 200,
    fireReviewer: 200,
    waterReviewer: 404,
  }),
  'POST /acceptance/:id/results (housing+fire)': all(403, {
    leadHousing: 200,
    leadFire: 200,
    fireReviewer: 200,
    waterReviewer: 404,
  }),
  // A department's own list (led cases whole, others its own items only): its reviewer and its lead alike.
  'GET /acceptance': all(403, { leadHousing: 200, leadFire: 200, fireReviewer: 200, waterReviewer: 200 }),
  'GET /commitments': all(403, {
    leadHousing: 200,
    leadFire: 200,
    fireReviewer: 200,
    waterReviewer: 200,
    supervisor: 200,
  }),
  'GET /utility-requests': all(403, { water: 200, power: 200 }),
  'POST /utility-requests/:id/actions (water)': all(403, { water: 200, power: 404 }),
  // 告知承诺免审批: a department's reviewer, of the departments the plans were pushed to (its lead gives no opinion).
  'GET /pushed-works': all(403, { fireReviewer: 200, waterReviewer: 200 }),
  'POST /utility-requests/:id/restoration-review (pushed to water+housing)': all(403, {
    waterReviewer: 200,
    fireReviewer: 404,
  }),
  'POST /utility-requests/:id/restoration-review (pushed nowhere)': all(403, { waterReviewer: 404, fireReviewer: 404 }),
  // 并联审批: a department's reviewer, of the department the permit was applied to.
  'GET /outside-line-permits': all(403, { fireReviewer: 200, waterReviewer: 200 }),
  'POST /utility-requests/:id/permit-decision (applied to water)': all(403, { waterReviewer: 200, fireReviewer: 404 }),
  'POST /utility-requests/:id/permit-decision (unknown)': all(403, { waterReviewer: 404, fireReviewer: 404 }),
  'GET /registrations': all(403, { registrar: 200 }),
  'POST /registrations/:id/actions': all(403, { registrar: 200 }),
  'GET /certificates/:id (A)': all(403, { ownerA: 200, ownerB: 404, clerk: 200, registrar: 200, supervisor: 200 }),
  'GET /certificates/:id (unknown)': all(403, {
    ownerA: 404,
    ownerB: 404,
    clerk: 404,
    registrar: 404,
    supervisor: 404,
  }),
  // 证照异议: a reviewer or a lead objects to a permit it reads (the read model shows a lead the permits of a project
  // its department has a task on or whose joint acceptance it leads), the registration office to a certificate of a
  // project it has a registration case on. Registration refuses the issuer and answers who may answer.
  // The registration office lists a project's certificates beside its case, a lead those of a project it acts on:
  // any other is unknown to them.
  'GET /projects/:id/certificates (a registration case)': all(403, { registrar: 200, leadHousing: 404, leadFire: 404 }),
  'GET /projects/:id/certificates (no registration case)': all(403, {
    registrar: 404,
    leadHousing: 404,
    leadFire: 404,
  }),
  'GET /projects/:id/certificates (a lead using its permits)': all(403, {
    registrar: 404,
    leadHousing: 200,
    leadFire: 200,
  }),
  'GET /projects/:id/certificates (unknown)': all(403, { registrar: 404, leadHousing: 404, leadFire: 404 }),
  'POST /certificates/:id/objections (permit)': all(403, {
    fireReviewer: 200,
    waterReviewer: 200,
    leadHousing: 200,
    leadFire: 200,
    registrar: 200,
    // Registration refuses an owner a permit (REGISTRATION_OBJECTION_NOT_A_USER): its own reaches it.
    ownerA: 200,
    ownerB: 404,
  }),
  'POST /certificates/:id/objections (permit, no registration case)': all(403, {
    fireReviewer: 200,
    waterReviewer: 200,
    leadHousing: 200,
    leadFire: 200,
    registrar: 404,
    ownerA: 200,
    ownerB: 404,
  }),
  'POST /certificates/:id/objections (property)': all(403, {
    fireReviewer: 404,
    waterReviewer: 404,
    leadHousing: 404,
    leadFire: 404,
    registrar: 200,
    ownerA: 200,
    ownerB: 404,
  }),
  'POST /certificates/:id/objections (unknown)': all(403, {
    fireReviewer: 404,
    waterReviewer: 404,
    leadHousing: 404,
    leadFire: 404,
    registrar: 404,
    ownerA: 404,
    ownerB: 404,
  }),
  'POST /certificate-objections/:id/answer': all(403, {
    fireReviewer: 200,
    waterReviewer: 200,
    leadHousing: 200,
    leadFire: 200,
    registrar: 200,
  }),
  'GET /certificate-objections': all(403, {
    fireReviewer: 200,
    waterReviewer: 200,
    leadHousing: 200,
    leadFire: 200,
    registrar: 200,
    ownerA: 200,
    ownerB: 200,
  }),
  // Anyone signed in, as the docs say (issue 10: lead, utility and registrar were refused).
  'POST /clock/preview': all(200),
  // 接件 (行政许可法第三十二条): the window's clerk decides it; its owner or a clerk withdraws it.
  'POST /applications/:id/accept': all(403, { clerk: 200 }),
  'POST /applications/:id/withdraw-receipt (A)': all(403, { ownerA: 200, ownerB: 404, clerk: 200 }),
  'POST /applications/:id/withdraw-receipt (unknown)': all(403, { ownerA: 404, ownerB: 404, clerk: 200 }),
}

const cases = Object.entries(expected).flatMap(([row, byWho]) =>
  Object.entries(byWho).map(([who, status]) => [row as Row, who as Who, status] as const),
)

describe('authorise: lead, utility and registrar', () => {
  it.each(cases)('%s as %s → %i', (row, who, status) => {
    const d = authorise(actors[who], rows[row])
    expect(d.allow ? 200 : d.status).toBe(status)
  })

  it('does not let a utility without a provider act on a request', () => {
    const noProvider: Actor = { sub: 'u', role: 'utility' }
    expect(authorise(noProvider, { action: 'utility-request.act', row: { provider: '' } })).toMatchObject({
      allow: false,
    })
  })
})

import type { Actor } from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { authorise, type Request } from '../src/domain/authorise.js'

const owner = (creditCode: string): Actor => ({ sub: `o-${creditCode}`, role: 'owner', creditCode })
const reviewer = (department: string): Actor => ({ sub: `r-${department}`, role: 'reviewer', department })
const actors = {
  clerk: { sub: 'c', role: 'clerk' },
  admin: { sub: 'a', role: 'admin' },
  supervisor: { sub: 's', role: 'supervisor' },
  ownerA: owner('A'),
  ownerB: owner('B'),
  housing: reviewer('housing'),
  water: reviewer('water'),
} as const satisfies Record<string, Actor>
type Who = keyof typeof actors

const projectOfA = { ownerCreditCode: 'A', departments: ['housing'] }
const routes = {
  'POST /projects': { action: 'project.register' },
  'POST /projects/:id/applications': { action: 'application.open' },
  'GET /projects/:id (A, housing)': { action: 'project.read', row: projectOfA },
  'GET /projects/:id (unknown)': { action: 'project.read' },
  'POST /applications/:id/materials (A)': { action: 'materials.submit', row: { ownerCreditCode: 'A' } },
  'POST /applications/:id/materials (unknown)': { action: 'materials.submit' },
  'GET /tasks': { action: 'tasks.list' },
  'POST /tasks/:id/actions (housing)': { action: 'task.act', row: { department: 'housing' } },
  'POST /tasks/:id/actions (unknown)': { action: 'task.act' },
  'GET /supervision/clocks': { action: 'supervision.read' },
  'GET /supervision/stats': { action: 'supervision.stats' },
  'POST /applications/:id/step-extension': { action: 'step.extend' },
  'POST /applications/:id/withdrawal (A)': { action: 'application.withdraw', row: { ownerCreditCode: 'A' } },
  'POST /applications/:id/withdrawal (unknown)': { action: 'application.withdraw' },
  'POST /clock/preview': { action: 'clock.preview' },
  'GET /admin/dead-letters': { action: 'dead-letters.read' },
  'GET /notifications': { action: 'notifications.own' },
} as const satisfies Record<string, Request>
type Route = keyof typeof routes

// Every role against every route and row: 200 allowed, 403 wrong role, 404 a row the caller may not see.
const expected: Record<Route, Record<Who, 200 | 403 | 404>> = {
  'POST /projects': { clerk: 200, admin: 200, supervisor: 403, ownerA: 403, ownerB: 403, housing: 403, water: 403 },
  'POST /projects/:id/applications': {
    clerk: 200,
    admin: 403,
    supervisor: 403,
    ownerA: 403,
    ownerB: 403,
    housing: 403,
    water: 403,
  },
  'GET /projects/:id (A, housing)': {
    clerk: 200,
    admin: 200,
    supervisor: 200,
    ownerA: 200,
    ownerB: 404,
    housing: 200,
    water: 404,
  },
  'GET /projects/:id (unknown)': {
    clerk: 404,
    admin: 404,
    supervisor: 404,
    ownerA: 404,
    ownerB: 404,
    housing: 404,
    water: 404,
  },
  'POST /applications/:id/materials (A)': {
    clerk: 403,
    admin: 403,
    supervisor: 403,
    ownerA: 200,
    ownerB: 404,
    housing: 403,
    water: 403,
  },
  'POST /applications/:id/materials (unknown)': {
    clerk: 403,
    admin: 403,
    supervisor: 403,
    ownerA: 404,
    ownerB: 404,
    housing: 403,
    water: 403,
  },
  'GET /tasks': { clerk: 403, admin: 403, supervisor: 403, ownerA: 403, ownerB: 403, housing: 200, water: 200 },
  'POST /tasks/:id/actions (housing)': {
    clerk: 403,
    admin: 403,
    supervisor: 403,
    ownerA: 403,
    ownerB: 403,
    housing: 200,
    water: 404,
  },
  'POST /tasks/:id/actions (unknown)': {
    clerk: 403,
    admin: 403,
    supervisor: 403,
    ownerA: 403,
    ownerB: 403,
    housing: 404,
    water: 404,
  },
  'GET /supervision/clocks': {
    clerk: 403,
    admin: 200,
    supervisor: 200,
    ownerA: 403,
    ownerB: 403,
    housing: 403,
    water: 403,
  },
  'GET /supervision/stats': {
    clerk: 403,
    admin: 403,
    supervisor: 200,
    ownerA: 403,
    ownerB: 403,
    housing: 403,
    water: 403,
  },
  'POST /applications/:id/step-extension': {
    clerk: 403,
    admin: 200,
    supervisor: 200,
    ownerA: 403,
    ownerB: 403,
    housing: 403,
    water: 403,
  },
  // 撤回: the owner of the application, or a clerk for any owner (approval answers an unknown id 404 itself).
  'POST /applications/:id/withdrawal (A)': {
    clerk: 200,
    admin: 403,
    supervisor: 403,
    ownerA: 200,
    ownerB: 404,
    housing: 403,
    water: 403,
  },
  'POST /applications/:id/withdrawal (unknown)': {
    clerk: 200,
    admin: 403,
    supervisor: 403,
    ownerA: 404,
    ownerB: 404,
    housing: 403,
    water: 403,
  },
  'POST /clock/preview': {
    clerk: 200,
    admin: 200,
    supervisor: 200,
    ownerA: 200,
    ownerB: 200,
    housing: 200,
    water: 200,
  },
  'GET /admin/dead-letters': {
    clerk: 403,
    admin: 200,
    supervisor: 403,
    ownerA: 403,
    ownerB: 403,
    housing: 403,
    water: 403,
  },
  // Each party's own: the notification service scopes by the caller, so no row here.
  'GET /notifications': {
    clerk: 403,
    admin: 403,
    supervisor: 403,
    ownerA: 200,
    ownerB: 200,
    housing: 200,
    water: 200,
  },
}

const cases = Object.entries(expected).flatMap(([route, byWho]) =>
  Object.entries(byWho).map(([who, status]) => [route as Route, who as Who, status] as const),
)

describe('authorise: role × route × row ownership', () => {
  it.each(cases)('%s as %s → %i', (route, who, status) => {
    const d = authorise(actors[who], routes[route])
    expect(d.allow ? 200 : d.status).toBe(status)
  })

  it('names the roles a refused role would need', () => {
    const d = authorise(actors.ownerA, routes['GET /supervision/clocks'])
    expect(d).toEqual({ allow: false, status: 403, reason: 'A owner may not do this; it takes a supervisor or admin.' })
  })

  it('does not let a reviewer without a department match a row with an empty department', () => {
    const noDept: Actor = { sub: 'r', role: 'reviewer' }
    expect(authorise(noDept, { action: 'task.act', row: { department: '' } })).toMatchObject({ allow: false })
  })
})

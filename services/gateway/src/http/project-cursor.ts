import { isInstantKey } from '@onewindow/db'
import type { ProjectKey } from '../db/queries.js'
import { keyCursor, UUID } from './cursor.js'

// The project list's cursor: `[registeredAt, projectId]`, the last key of the page before. The instant is
// PostgreSQL's own text of the stored value (`instantKey`, @onewindow/db), so a page ending on a stored 'infinity'
// still leads on.
const projects = keyCursor<ProjectKey>({
  parts: (k) => [k.registeredAt, k.projectId],
  key: (parts) => {
    const [registeredAt, projectId] = parts
    if (parts.length !== 2 || typeof registeredAt !== 'string' || !isInstantKey(registeredAt)) return undefined
    return typeof projectId === 'string' && UUID.test(projectId) ? { registeredAt, projectId } : undefined
  },
})

export const encodeProjectCursor = projects.encode
export const decodeProjectCursor = projects.decode
export const projectCursorKey = projects.keyOf

import { isDayKey } from '@onewindow/db'
import type { InboxKey } from '../db/queries.js'
import { keyCursor, UUID } from './cursor.js'

// The inbox cursor (a department's tasks, the ticket desk): `[dueOn, id]`, the last key of the page before. The day is
// any the column holds, not only LegalDate's 2000–2099, 'infinity' too, or none (an undated row).
const inbox = keyCursor<InboxKey>({
  parts: (k) => [k.dueOn, k.taskId],
  key: (parts) => {
    const [dueOn, taskId] = parts
    if (parts.length !== 2 || !(dueOn === null || (typeof dueOn === 'string' && isDayKey(dueOn)))) return undefined
    return typeof taskId === 'string' && UUID.test(taskId) ? { dueOn, taskId } : undefined
  },
})

export const encodeCursor = inbox.encode
export const decodeCursor = inbox.decode
export const cursorKey = inbox.keyOf

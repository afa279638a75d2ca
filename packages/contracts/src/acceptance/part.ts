import { Type } from 'typebox'

/**
 * 验收范围 — the unit works (单位工程) or construction section (施工段) taken on its own (竣工一幢、验收一幢、登记一幢):
 * a joint acceptance case's `part`, and the building a completion-stage survey commission measures. Absent on either
 * for the whole project.
 */
export const WorksPart = Type.String({ minLength: 1, maxLength: 200 })

/**
 * A department's part of a joint acceptance case (联合验收): a case it leads whole, a case it has an item in with its own
 * items only, any other not at all. One rule for the gateway's reads (status, list) and for acceptance's own answers
 * to a department's command, so an opinion's answer never carries another department's items.
 */
export function acceptanceCasePart<T extends { lead: string; items: ReadonlyArray<{ department: string }> }>(
  c: T,
  department: string,
): T | undefined {
  if (c.lead === department) return c
  const items = c.items.filter((i) => i.department === department)
  return items.length > 0 ? { ...c, items } : undefined
}

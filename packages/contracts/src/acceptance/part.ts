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

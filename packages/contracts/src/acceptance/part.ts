import { Type } from 'typebox'

/**
 * 验收范围 — the unit works (单位工程) or construction section (施工段) taken on its own (竣工一幢、验收一幢、登记一幢):
 * a joint acceptance case's `part`, and the building a completion-stage survey commission measures. Absent on either
 * for the whole project.
 */
export const WorksPart = Type.String({
  minLength: 1,
  maxLength: 200,
  // Matched exactly across acceptance, registration and the gateway (one live case and one survey per building, a
  // building's survey for its own registration): `1号厂房 ` would be another building than `1号厂房`, and a tab or
  // line break inside a name is never meant. So no whitespace at either end (\s: the ideographic space too) and no
  // control character (C0, DEL, C1) anywhere; inner spaces stay (`1号 厂房` is a name as typed).
  pattern:
    '^[^\\s\\u0000-\\u001f\\u007f-\\u009f](?:[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f])?$',
  description: 'the building or section as named: no whitespace at either end, no control characters',
})

/**
 * {@link WorksPart} as the events and the stored snapshots carry it (a case's or a survey commission's `part`): as wide
 * as before the pattern was added, so an event published before it, or a row a migration could not trim (two buildings
 * that differ only by edge whitespace: 20261228000000_trim_part), still reads — a consumer does not dead-letter it and a
 * list does not leave it out. Every new value passed {@link WorksPart} on the way in.
 */
export const WorksPartOnRecord = Type.String({ minLength: 1, maxLength: 200 })

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

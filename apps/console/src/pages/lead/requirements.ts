import { materialName } from '../../materials'
import { entriesAllowing } from '../shared-results/names'

// 用地清单 (004:2263) in the lead's opinion form: what a defect of a `rectify` opinion may rest on, and the defect each
// row of the form sends. Pure, so the choices are tested without a browser (test/requirements.unit.test.ts).

/**
 * The form's row of one defect (or, for 不通过, one reason): its text; on a listed plot the choice made for its
 * requirement; on none, the material asked for as a person names it.
 */
export type DefectRow = { text?: string; requires?: string; material?: string }
/** A defect as `POST /api/v1/acceptance/{id}/opinions` takes it: text alone, or text and the material it requires. */
export type Defect = string | { text: string; requires: string }
type Entry = { kind: string; text: string; materials?: readonly string[] }

// A material code is any string of 1–100 characters (the plot's schema), so a bare code could equal the value of
// another choice: the list's materials carry a prefix the other value lacks, taken off when the defect is sent.
export const NONE = 'none'
const LISTED = 'list:'

/** The longest material a row names without a list (the defect's text is kept short enough for both, 2000). */
export const MATERIAL_MAX = 100
/** The longest text of a row that may name a material: with `（要求提交：…）` it stays within a defect's 2000. */
export const TEXT_WITH_MATERIAL_MAX = 2000 - MATERIAL_MAX - '（要求提交：）'.length

/**
 * The choices of 依据的清单要求 on a listed plot: none (text alone), or one per material the list allows — in the order
 * the list first names it, labelled with every item that allows it, since two items may name the same material and
 * the defect records the material alone. Nothing outside the list is offered: acceptance refuses any (004:2263 验收环节
 * 不得擅自增加清单外的要求), so a person could only be turned away.
 */
export function requirementOptions(entries: readonly Entry[]): Array<{ value: string; label: string }> {
  const materials = [...new Set(entries.flatMap((e) => e.materials ?? []))]
  return [
    { value: NONE, label: '不引用清单（仅文字说明）' },
    ...materials.map((m) => ({ value: `${LISTED}${m}`, label: `${entriesAllowing(m, entries)}：${materialName(m)}` })),
  ]
}

/**
 * The defect a row sends: its text trimmed, with the list's material of its choice. On no listed plot a material is
 * named in Chinese and sent inside the text: the route's `requires` takes a catalogue code, which exists to be checked
 * against a list — with none there is nothing to check, and a person is never asked for a code.
 */
export function defectOf(row: DefectRow): Defect {
  const text = (row.text ?? '').trim()
  const choice = row.requires ?? NONE
  if (choice.startsWith(LISTED)) return { text, requires: choice.slice(LISTED.length) }
  const material = (row.material ?? '').trim()
  return material === '' ? text : `${text}（要求提交：${material}）`
}

import { materialName } from '../../materials'
import { entriesAllowing } from '../shared-results/names'

// 用地清单 (004:2263) in the lead's opinion form: what a defect of a `rectify` opinion may rest on, and the defect each
// row of the form sends. Pure, so the choices are tested without a browser (test/requirements.unit.test.ts).

/** The form's row of one defect: its text, the choice made for its requirement, the code typed for one outside. */
export type DefectRow = { text?: string; requires?: string; outside?: string }
/** A defect as `POST /api/v1/acceptance/{id}/opinions` takes it: text alone, or text and the material it requires. */
export type Defect = string | { text: string; requires: string }
type Entry = { kind: string; text: string; materials?: readonly string[] }

// A material code is any string of 1–100 characters (the plot's schema), so a bare code could equal the value of
// another choice: the list's materials carry a prefix the other two values lack, taken off when the defect is sent.
export const NONE = 'none'
export const OUTSIDE = 'outside'
const LISTED = 'list:'

/**
 * The choices of 依据的清单要求: none (text alone), one per material the list allows — in the order the list first
 * names it, labelled with every item that allows it, since two items may name the same material and the defect records
 * the material alone — and one outside the list (acceptance refuses it, and the form then says so naming the list).
 */
export function requirementOptions(entries: readonly Entry[]): Array<{ value: string; label: string }> {
  const materials = [...new Set(entries.flatMap((e) => e.materials ?? []))]
  return [
    { value: NONE, label: '不引用清单（仅文字说明）' },
    ...materials.map((m) => ({ value: `${LISTED}${m}`, label: `${entriesAllowing(m, entries)}：${materialName(m)}` })),
    { value: OUTSIDE, label: '清单外的要求（须填写材料代码）' },
  ]
}

/** The defect a row sends: its text trimmed, with the material of its choice (typed, for one outside the list). */
export function defectOf(row: DefectRow): Defect {
  const text = (row.text ?? '').trim()
  const choice = row.requires ?? NONE
  const requires =
    choice === OUTSIDE ? (row.outside ?? '').trim() : choice.startsWith(LISTED) ? choice.slice(LISTED.length) : ''
  return requires === '' ? text : { text, requires }
}

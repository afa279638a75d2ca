import type { FieldProblem } from '../../api'
import { fieldText } from '../../problem-text'

/** What the clerk sent, to name by material and item what a refusal's field points at (`/materials/0/code`). */
export type Sent = {
  materials: { code: string }[]
  deficiencies: { code: string; promisedOn: string }[]
  commitments: { item: string }[]
}

/** A problem of a refused application, as the 一次性告知 notice states it to the applicant. */
export type NoticeLine = { field: string; code: string; text: string }

type Named = { materialName(code: string): string; itemName(code: string): string }

/**
 * Every problem intake listed (422 INTAKE_APPLICATION_INCOMPLETE: one line per missing or invalid item, all at once)
 * as a sentence in Chinese naming the material or item; a problem the desk has no sentence for keeps its field and
 * intake's message (in Chinese where its shape is known, problem-text.ts `fieldText`), so none is ever left out.
 */
export function noticeLines(errors: readonly (FieldProblem & { code?: string })[], sent: Sent, named: Named) {
  return errors.map((e): NoticeLine => {
    const code = e.code ?? ''
    const at = (list: 'materials' | 'deficiencies' | 'commitments') => {
      const match = new RegExp(`^/${list}/(\\d+)`).exec(e.field)
      return match ? Number(match[1]) : undefined
    }
    const material = () => {
      const missing = /^\/materials\/([^/]+)$/.exec(e.field)
      if (missing && !/^\d+$/.test(missing[1] as string)) return missing[1] as string
      const i = at('materials')
      if (i !== undefined) return sent.materials[i]?.code ?? ''
      const d = at('deficiencies')
      return d !== undefined ? (sent.deficiencies[d]?.code ?? '') : ''
    }
    const item = () => {
      const i = at('commitments')
      return i !== undefined ? (sent.commitments[i]?.item ?? '') : ''
    }
    const text = (() => {
      switch (code) {
        case 'INTAKE_MATERIAL_MISSING':
          return `缺少必要材料《${named.materialName(material())}》，请补齐后一并提交。`
        case 'INTAKE_MATERIAL_UNKNOWN':
          return `材料“${material()}”不属于本环节的申请材料。`
        case 'INTAKE_MATERIAL_DUPLICATE':
          return `材料《${named.materialName(material())}》重复提交，或既提交又申请容缺。`
        case 'INTAKE_DEFICIENCY_NOT_ALLOWED':
          return `材料《${named.materialName(material())}》不适用容缺受理，须当场提交。`
        case 'INTAKE_PROMISED_DATE_NOT_FUTURE':
          return `材料《${named.materialName(material())}》的承诺补交日期须晚于受理当日。`
        case 'INTAKE_OWNER_ON_DISHONESTY_LIST':
          return '建设单位列入失信名单，不适用容缺受理，须提交全部材料。'
        case 'INTAKE_COMMITMENT_NOT_ALLOWED':
          return `事项“${named.itemName(item())}”不适用告知承诺。`
        case 'INTAKE_COMMITMENT_ITEM_NOT_IN_STEP':
          return `事项“${named.itemName(item())}”不属于本环节。`
        case 'INTAKE_COMMITMENT_DUPLICATE':
          return `事项“${named.itemName(item())}”重复作出告知承诺。`
        default:
          return `${e.field}：${fieldText(e.message)}`
      }
    })()
    return { field: e.field, code, text }
  })
}

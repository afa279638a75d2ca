import { chineseDate } from '../../format'
import type { paths } from '../../generated/api'

// 联合验收意见书 — what the printed letter concludes, pure so its wording is tested without a browser
// (test/acceptance-letter.unit.test.ts).

type AcceptanceCase =
  paths['/api/v1/acceptance']['get']['responses'][200]['content']['application/json']['cases'][number]
type Item = AcceptanceCase['items'][number]

const itemName = (i: Item) => i.itemName ?? i.item

/**
 * The letter's conclusion. Items passed on 告知承诺 are named as such, not folded into "passed": they are verified
 * afterwards (事后核查) and a breach has its measures. The letter counts as the completion-acceptance filing only
 * where the region's catalogue says so (`opinionIsFiling`: Foshan, 004:2279 现场出具竣工联合验收意见书即视为完成竣工验收备案);
 * elsewhere the letter says nothing of the filing.
 */
export function letterConclusion(c: Pick<AcceptanceCase, 'items' | 'opinionIsFiling'>): string {
  const committed = c.items.filter((i) => i.status === 'committed')
  const passed = c.items.filter((i) => i.status !== 'committed')
  const how =
    committed.length === 0
      ? '各事项均已通过'
      : passed.length === 0
        ? `各事项均以告知承诺方式通过（${committed.map(itemName).join('、')}），待事后核查`
        : `${passed.map(itemName).join('、')}已通过；${committed.map(itemName).join('、')}以告知承诺方式通过，待事后核查`
  const filing = c.opinionIsFiling ? '本意见书视为完成竣工验收备案，建设单位无需再单独办理竣工验收备案。' : ''
  return `经联合验收，${how}，同意通过竣工联合验收。${filing}`
}

type FilingCase = Pick<AcceptanceCase, 'opinionNumber' | 'filingForm'> & {
  items: ReadonlyArray<Pick<Item, 'item' | 'itemName' | 'department' | 'result'>>
}

/** 竣工验收备案表's lines: each item, the department that issued its 结果物, and the document (名称 文号，出具日期). */
export function filingLines(
  c: FilingCase,
  departmentName: (code: string) => string,
): Array<{ item: string; itemName: string; department: string; result: string }> {
  return c.items.map((i) => ({
    item: i.item,
    itemName: i.itemName ?? i.item,
    department: departmentName(i.department),
    result: i.result ? `${i.result.name}（${i.result.number}，${chineseDate(i.result.issuedOn)}出具）` : '—',
  }))
}

/**
 * The form's conclusion (Foshan, 004:2279): every department's result is in, and the form is issued together with
 * them on the opinion letter it follows; the owner files nothing separately.
 */
export const filingConclusion = (c: FilingCase): string =>
  `联合验收意见书（${c.opinionNumber ?? '—'}）已视为完成竣工验收备案；各部门结果物均已出具，同时出具本竣工验收备案表，建设单位无需再单独办理竣工验收备案。`

/**
 * Whether the case page offers the department its 结果物 form: the case passed and its pass stands. A pass revoked
 * since (撤销, `passRevoked`) takes no results (acceptance answers ACCEPTANCE_PASS_REVOKED): the letter and the form
 * they would complete are withdrawn.
 */
export const takesResults = (c: Pick<AcceptanceCase, 'status' | 'passRevoked'>): boolean =>
  c.status === 'passed' && c.passRevoked === undefined
